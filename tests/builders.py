"""The one place tests build their data.

Two kinds, for two kinds of test:
- what an extractor hands to the archive (`make_parsed`, `parsed_indicator`): ParsedReports as a good
  extractor would produce them, so that tests of the service and the desk pin those, not the extractor
  (whose output improves on its own schedule);
- rows in the database (`make_region`, `make_agency`, `make_report`, `make_indicator`): a hand-built archive
  for the public pages, made through the ORM, with the search columns filled as ingest fills them.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from decimal import Decimal

from indicators.models import Indicator, ReviewStatus
from reports.models import Agency, Measure, Region, Report, Section
from reports.search import index_report
from reports.text.types import Indicator as ParsedIndicator
from reports.text.types import Measure as ParsedMeasure
from reports.text.types import ParsedReport, RegionRef
from reports.text.types import Section as ParsedSection

# ---------------------------------------------------------------- what an extractor hands over

TEXT = (
    "柳州市司法局2024年法治政府建设年度报告\n"
    "一、主要举措和成效\n"
    "(一)加强法律援助\n"
    "一是办理法律援助案件1200件，同比上升12.5%。二是开展普法活动35场，覆盖群众2.6万余人。\n"
    "二、存在的问题\n"
    "基层力量不足，全年仅新增人民调解员8名。\n"
)


def at(text, needle, occurrence=0):
    """(start, end) of the `occurrence`-th `needle` in `text`, counted from 0."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def parsed_indicator(text, raw, name, value, unit, **extra):
    """An extracted indicator at the first `raw` in `text` (make_indicator stores one in the database)."""
    start, end = at(text, raw)
    return ParsedIndicator(name=name, value=value, unit=unit, raw=raw, start=start, end=end, **extra)


def make_parsed(text=TEXT, **overrides):
    """A ParsedReport over `text` as a good extractor would produce it."""
    s1, s2, s3 = text.index("一、"), text.index("(一)"), text.index("二、存在")
    m1, m2 = text.index("一是"), text.index("二是")
    fields = dict(
        source="/tmp/in/liuzhou.txt", text=text, title="柳州市司法局2024年法治政府建设年度报告", title_built=False,
        agency="柳州市司法局", agency_kind="司法局",
        region=RegionRef(province="广西壮族自治区", city="柳州市", code="450200"),
        year=2024, period="annual", issued_on="2025-01-20", body_start=0,
        sections=[
            ParsedSection(level=1, number="一", heading="主要举措和成效", start=s1, end=s3),
            ParsedSection(level=2, number="一", heading="加强法律援助", start=s2, end=s3, topics=["legal-aid"]),
            ParsedSection(level=1, number="二", heading="存在的问题", start=s3, end=len(text)),
        ],
        measures=[
            ParsedMeasure(ordinal=1, number="一", text=text[m1:m2], start=m1, end=m2, section_start=s2,
                          topics=["legal-aid"]),
            ParsedMeasure(ordinal=2, number="二", text=text[m2:s3 - 1], start=m2, end=s3 - 1, section_start=s2),
        ],
        indicators=[
            parsed_indicator(text, "1200件", "法律援助案件", 1200, "件", topic="legal-aid"),
            parsed_indicator(text, "12.5%", "法律援助案件", 12.5, "%", kind="change", direction="up"),
            parsed_indicator(text, "35场", "普法活动", 35, "场"),
            parsed_indicator(text, "2.6万余人", "覆盖群众", 26000, "人", qualifier="over"),
            parsed_indicator(text, "8名", "新增人民调解员", 8, "名"),
        ],
        topics=["legal-aid"],
        extractor_version="test-1",
    )
    fields.update(overrides)
    return ParsedReport(**fields)


# ---------------------------------------------------------------- rows in the database


def make_region(code, name, level, parent=None):
    return Region.objects.create(code=code, name=name, short_name=name[:2], level=level, parent=parent)


def make_agency(name, region, kind="司法局"):
    return Agency.objects.create(name=name, region=region, kind=kind)


def make_report(agency, title, year, text, *, status="published", period="annual", sections=(), measures=(),
                topics=(), issued_on=None, published_at=None, source_url=""):
    """`sections`: (level, number, heading) found in `text`; `measures`: (number, sentence) found in `text`."""
    report = Report.objects.create(
        agency=agency, region=agency.region, title=title, year=year, period=period, source_text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(), status=status,
        issued_on=issued_on, source_url=source_url,
        published_at=published_at or (datetime(year + 1, 3, 1, tzinfo=timezone.utc) if status == "published" else None),
    )
    report.topics.set(topics)
    made_sections = []
    for level, number, heading in sections:
        start = text.index(f"{number}、{heading}" if level == 1 else f"（{number}）{heading}")
        made_sections.append(Section(report=report, level=level, number=number, heading=heading, start=start, end=start + 1))
    # A section runs to the start of the next one of the same or a higher level.
    for i, section in enumerate(made_sections):
        later = [s.start for s in made_sections[i + 1:] if s.level <= section.level]
        section.end = later[0] if later else len(text)
    Section.objects.bulk_create(made_sections)
    saved = list(report.sections.order_by("start"))
    for ordinal, (number, sentence) in enumerate(measures, start=1):
        start = text.index(sentence)
        enclosing = [s for s in saved if s.start <= start < s.end]
        Measure.objects.create(
            report=report, section=enclosing[-1] if enclosing else None, ordinal=ordinal, number=number,
            text=sentence, start=start, end=start + len(sentence), year=year, region=report.region,
        )
    index_report(report)
    return report


def make_indicator(report, raw, value, unit, *, name="", kind="value", direction="", indicator_type=None,
                   review=ReviewStatus.UNREVIEWED, topic=None, occurrence=0, qualifier="", comparable="same"):
    """`comparable`: the value in the type's unit; by default the value itself when typed (as ingest stores it)."""
    start, end = at(report.source_text, raw, occurrence)
    measure = report.measures.filter(start__lte=start, end__gt=start).first()
    return Indicator.objects.create(
        report=report, measure=measure, indicator_type=indicator_type, topic=topic, **Indicator.report_fields(report),
        name=name, value=Decimal(str(value)), unit=unit, raw=raw, kind=kind, direction=direction,
        qualifier=qualifier, comparable_value=(
            (Decimal(str(value)) if indicator_type else None) if comparable == "same"
            else None if comparable is None else Decimal(str(comparable))),
        start=start, end=end, review_status=review,
        reviewed_at=None if review == ReviewStatus.UNREVIEWED else datetime(2025, 4, 1, tzinfo=timezone.utc),
    )
