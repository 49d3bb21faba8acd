"""ParsedReports built by hand, as a good extractor would produce them.

Tests of the archive use these so they pin the service and the desk, not the
extractor (whose output improves on its own schedule).
"""
from reports.text.types import Indicator as ParsedIndicator
from reports.text.types import Measure as ParsedMeasure
from reports.text.types import ParsedReport, RegionRef
from reports.text.types import Section as ParsedSection

TEXT = (
    "柳州市司法局2024年法治政府建设年度报告\n"
    "一、主要举措和成效\n"
    "(一)加强法律援助\n"
    "一是办理法律援助案件1200件，同比上升12.5%。二是开展普法活动35场，覆盖群众2.6万余人。\n"
    "二、存在的问题\n"
    "基层力量不足，全年仅新增人民调解员8名。\n"
)


def at(text, needle, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def make_indicator(text, raw, name, value, unit, **extra):
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
            make_indicator(text, "1200件", "法律援助案件", 1200, "件", topic="legal-aid"),
            make_indicator(text, "12.5%", "法律援助案件", 12.5, "%", kind="change", direction="up"),
            make_indicator(text, "35场", "普法活动", 35, "场"),
            make_indicator(text, "2.6万余人", "覆盖群众", 26000, "人", qualifier="over"),
            make_indicator(text, "8名", "新增人民调解员", 8, "名"),
        ],
        topics=["legal-aid"],
        extractor_version="test-1",
    )
    fields.update(overrides)
    return ParsedReport(**fields)
