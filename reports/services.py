"""Writing reports: the only code that does.

`ingest_parsed` turns one `ParsedReport` into rows in one transaction. On a
re-extract it refreshes what the machine produced and keeps what an editor
decided: indicators that were reviewed or added by hand stay exactly as they
are (new machine output overlapping them of the same kind is dropped rather
than duplicated), and metadata listed in `Report.edited_fields` is never
overwritten. The admin calls the `*_edit` / `set_*` helpers below so that
the bookkeeping (edited_fields, review stamps, denormalised region/year)
lives in one place.
"""
from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from indicators import promises
from indicators.models import (
    REPORT_COPIES,
    Direction,
    Indicator,
    IndicatorType,
    Kind,
    Origin,
    Qualifier,
    ReviewStatus,
)
from reports import pagecache, tallies
from reports.comparisons import refresh_comparisons
from reports.models import (
    EDITABLE_METADATA,
    SECTION_LEVEL_MAX,
    SECTION_LEVEL_MIN,
    YEAR_MAX,
    YEAR_MIN,
    Agency,
    Measure,
    Period,
    Region,
    Report,
    ReportStatus,
    Section,
    Topic,
    content_hash_of,
)
from reports.search import index_report
from reports.text.duplicates import NEAR_DUPLICATE, shingles, similarity
from reports.text.types import MeasureKind
from reports.versioning import bump

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"

# Machine fields of an indicator: an editor changing one of them has corrected it.
INDICATOR_MACHINE_FIELDS = (
    "name", "value", "unit", "raw", "qualifier", "kind", "direction", "start", "end", "topic", "indicator_type",
)
# How many held reports of the same agency, year and period a new one is compared with.
NEAR_DUPLICATE_CANDIDATES = 20
# Indicator.value holds max_digits - decimal_places integer digits, in steps of its last place.
_VALUE_FIELD = Indicator._meta.get_field("value")
VALUE_LIMIT = Decimal(10) ** (_VALUE_FIELD.max_digits - _VALUE_FIELD.decimal_places)
SIX_PLACES = Decimal(1).scaleb(-_VALUE_FIELD.decimal_places)
# A unit longer than its column is not a unit the archive knows: the indicator is skipped, not cut.
UNIT_LIMIT = Indicator._meta.get_field("unit").max_length


class IngestError(ValueError):
    """A report that cannot be written as it stands; the message says why, in Chinese."""


@dataclass
class IngestResult:
    outcome: str
    report_id: int
    title: str = ""
    sections: int = 0
    measures: int = 0
    indicators: int = 0  # machine indicators written this time
    kept: int = 0  # editor decisions kept through a re-extract
    kept_topics: int = 0  # measures whose editor-chosen topics were carried over
    skipped: list[str] = field(default_factory=list)  # machine items dropped, with the reason
    # Values longer than their column, kept cut: the person ingesting is told, in Chinese (see `_fit`).
    notes: list[str] = field(default_factory=list)
    status: str = ""
    # Another report of the same agency, year and period holding ≥ 95 % of the same text, and how much.
    near_duplicate_of: int | None = None
    similarity: float = 0.0


class TypeDictionary:
    """Indicator-type slugs (as the extractor's classifier names them) to IndicatorType ids.

    The classifier reads the same fixture as the table, so the slug is the one
    source of truth; a slug the table does not hold (fixture not loaded yet)
    leaves the indicator untyped rather than failing the report. Loaded once
    per ingest run instead of once per indicator.
    """

    def __init__(self):
        self._ids = dict(IndicatorType.objects.values_list("slug", "pk"))

    def id_for(self, slug) -> int | None:
        return self._ids.get(slug) if slug else None


# ---------------------------------------------------------------- ingest


def ingest_parsed(parsed, *, source_url="", reextract=False, publish=False, types=None,
                  dry_run=False) -> IngestResult:
    """Write one ParsedReport. Same text again: `unchanged` unless `reextract`.

    Raises IngestError (nothing written) when the report lacks what the
    archive needs: a known region, a year, an agency. A dry run does and
    checks everything, then rolls its transaction back.
    """
    digest = content_hash_of(parsed.text)
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(content_hash=digest).first()
        if report is not None and not reextract:
            return IngestResult(UNCHANGED, report.pk, report.title, status=report.status,
                                near_duplicate_of=report.near_duplicate_of_id)
        types = types or TypeDictionary()
        decided_topics, notes = [], []
        if report is None:
            report = _new_report(parsed, digest, source_url, publish, notes)
            outcome, kept = NEW, []
        else:
            _refresh_metadata(report, parsed, source_url, notes)
            decided_topics = _edited_measure_topics(report)
            kept = _clear_machine_output(report)
            outcome = UPDATED
        result = IngestResult(outcome, report.pk, report.title, kept=len(kept), status=report.status, notes=notes)
        if outcome == NEW:
            _flag_near_duplicate(report, result)
        _write_outline_and_indicators(report, parsed, kept, types, result)
        _restore_measure_topics(report, decided_topics, result)
        if "topics" not in report.edited_fields:
            report.topics.set(_topic_ids(parsed.topics).values())
        index_report(report, parsed.tokens or None)
        # Measures and topic links went in by bulk_create, which sends no signal.
        pagecache.changed()
        tallies.refresh(tallies.keys_of(Report.objects.filter(pk=report.pk, status=ReportStatus.PUBLISHED)))
        refresh_comparisons(report)
        if report.status == ReportStatus.PUBLISHED:
            promises.refresh_agency(report.agency_id)
        if dry_run:
            transaction.set_rollback(True)
    return result


def reextract_report(report, lexicon=None) -> IngestResult:
    """Run the current extractor over a stored report's text, keeping editor decisions.

    `lexicon` is the taxonomy and dictionary as editors keep them now; a batch
    of re-extracts builds it once and passes it in.
    """
    from reports.lexicon import lexicon_from_db
    from reports.pipeline import parse_text

    parsed = parse_text(report.source_text, report.source_name or f"report-{report.pk}",
                        lexicon or lexicon_from_db(), page=report.page_meta)
    return ingest_parsed(parsed, reextract=True)


def _flag_near_duplicate(report, result) -> None:
    """Mark a new report that repeats one already held (≥ 95 % of its text) — a re-saved page, the same
    report from another site — so that an editor sees it instead of the archive holding it twice unnoticed.
    Only reports of the same agency, year and period are compared (report_agency_year_idx), at most a few."""
    candidates = (Report.objects.filter(agency_id=report.agency_id, year=report.year, period=report.period)
                  .exclude(pk=report.pk).order_by("id").only("id", "source_text")[:NEAR_DUPLICATE_CANDIDATES])
    mine = None
    for other in candidates:
        mine = mine if mine is not None else shingles(report.source_text)
        score = similarity(mine, other.source_text)
        if score >= NEAR_DUPLICATE and score > result.similarity:
            result.near_duplicate_of, result.similarity = other.pk, score
    if result.near_duplicate_of:
        Report.objects.filter(pk=report.pk).update(near_duplicate_of_id=result.near_duplicate_of)
        report.near_duplicate_of_id = result.near_duplicate_of


def _source_url(parsed, source_url) -> str:
    """The URL given on the command line or the upload form; else the page's own canonical URL.
    One longer than the field is left out rather than cut into a wrong address."""
    url = (source_url or (parsed.page or {}).get("网址") or "").strip()
    return url if len(url) <= Report._meta.get_field("source_url").max_length else ""


def _resolve_region(parsed) -> Region:
    code = (parsed.region.code or "").strip() if parsed.region else ""
    if not code:
        raise IngestError("未能识别报告所属的行政区划（抽取结果没有行政区划代码）")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise IngestError(f"行政区划代码 {code} 不在行政区划表中（请先 loaddata regions）")
    return region


def _resolve_year(parsed) -> int:
    if not isinstance(parsed.year, int) or not YEAR_MIN <= parsed.year <= YEAR_MAX:
        raise IngestError(f"未能识别报告年度（抽取结果为 {parsed.year!r}）")
    return parsed.year


def _resolve_agency(parsed, region, notes) -> Agency:
    name = _fit(Agency, "name", (parsed.agency or "").strip(), notes)
    if not name:
        raise IngestError("未能识别发布机构")
    agency, _ = Agency.objects.get_or_create(
        region=region, name=name, defaults={"kind": _fit(Agency, "kind", parsed.agency_kind, notes)}
    )
    return agency


def _title(parsed, agency_name, year, notes) -> tuple[str, bool]:
    title = (parsed.title or "").strip()
    if title:
        return _fit(Report, "title", title, notes), bool(parsed.title_built)
    return _fit(Report, "title", f"{agency_name}{year}年工作报告", notes), True


def _period(parsed) -> str:
    return parsed.period if parsed.period in Period.values else Period.OTHER


def _issued_on(parsed):
    try:
        return dt.date.fromisoformat(parsed.issued_on) if parsed.issued_on else None
    except (TypeError, ValueError):
        return None


def _new_report(parsed, digest, source_url, publish, notes) -> Report:
    region = _resolve_region(parsed)
    year = _resolve_year(parsed)
    agency = _resolve_agency(parsed, region, notes)
    title, built = _title(parsed, agency.name, year, notes)
    now = timezone.now()
    return Report.objects.create(
        agency=agency, region=region, title=title, title_built=built, year=year, period=_period(parsed),
        issued_on=_issued_on(parsed), source_url=_source_url(parsed, source_url),
        source_name=_source_name(parsed.source, notes), source_text=parsed.text, content_hash=digest,
        page_meta=dict(parsed.page or {}), extractor_version=_fit(Report, "extractor_version", parsed.extractor_version, notes),
        status=ReportStatus.PUBLISHED if publish else ReportStatus.DRAFT, published_at=now if publish else None,
    )


def _source_name(source: str, notes) -> str:
    # The path as given on one machine means nothing on another: keep the file name.
    return _fit(Report, "source_name", (source or "").replace("\\", "/").rsplit("/", 1)[-1], notes)


def _refresh_metadata(report, parsed, source_url, notes) -> None:
    edited = set(report.edited_fields)
    # Resolve only what will be used: an editor's region stands even if the extractor cannot find one.
    region = report.region if "region" in edited else _resolve_region(parsed)
    if "region" not in edited:
        report.region = region
    if "year" not in edited:
        report.year = _resolve_year(parsed)
    if "agency" not in edited:
        # The agency sits where the text places it; an editor's other region does not move it there.
        try:
            agency_region = region if "region" not in edited else _resolve_region(parsed)
        except IngestError:
            agency_region = report.agency.region
        report.agency = _resolve_agency(parsed, agency_region, notes)
    if "title" not in edited:
        report.title, report.title_built = _title(parsed, report.agency.name, report.year, notes)
    if "period" not in edited:
        report.period = _period(parsed)
    if "issued_on" not in edited:
        report.issued_on = _issued_on(parsed)
    if url := _source_url(parsed, source_url):
        report.source_url = url
    if parsed.page:
        report.page_meta = dict(parsed.page)
    report.extractor_version = _fit(Report, "extractor_version", parsed.extractor_version, notes)
    report.save()


def _edited_measure_topics(report) -> list[tuple[int, int, list[int]]]:
    """(start, end, topic ids) of every measure whose topics an editor decided."""
    through = Measure.topics.through
    decided = list(report.measures.filter(topics_edited=True).values_list("pk", "start", "end"))
    ids: dict[int, list[int]] = {pk: [] for pk, _, _ in decided}
    for measure_id, topic_id in through.objects.filter(measure_id__in=list(ids)).values_list("measure_id", "topic_id"):
        ids[measure_id].append(topic_id)
    return [(start, end, ids[pk]) for pk, start, end in decided]


def _restore_measure_topics(report, decided, result) -> None:
    """Measures are rebuilt on re-extract; an editor's topics follow the measure at the same start,
    else the new measure that covers most of the old span (the outline may now cut it differently)."""
    if not decided:
        return
    rows = list(report.measures.only("pk", "start", "end"))
    for start, end, topic_ids in decided:
        same = next((m for m in rows if m.start == start), None)
        if same is None:
            overlaps = [(min(end, m.end) - max(start, m.start), m) for m in rows if m.start < end and start < m.end]
            same = max(overlaps, key=lambda pair: pair[0])[1] if overlaps else None
        if same is None:
            result.skipped.append(f"编辑为位置 {start} 的举措选定的主题：新的抽取结果中没有对应举措")
            continue
        same.topics.set(topic_ids)
        Measure.objects.filter(pk=same.pk).update(topics_edited=True)
        result.kept_topics += 1


def save_measure_topics(measure, topics) -> None:
    """An editor's topics for one measure: kept through every re-extract."""
    with transaction.atomic():
        measure.topics.set(topics)
        if not measure.topics_edited:
            measure.topics_edited = True
            measure.save(update_fields=["topics_edited"])
        # Link-table writes send no signal the tallies listen to: recount this report's cell.
        tallies.refresh(tallies.keys_of(Report.objects.filter(pk=measure.report_id, status=ReportStatus.PUBLISHED)))


def _clear_machine_output(report) -> list[Indicator]:
    """Delete what the machine made; return the decided indicators, which stay."""
    report.indicators.exclude(Q(origin=Origin.EDITOR) | ~Q(review_status=ReviewStatus.UNREVIEWED)).delete()
    # Kept indicators point at sections/measures by SET_NULL; they are re-linked by span below.
    report.measures.all().delete()
    report.sections.all().delete()
    return list(report.indicators.all())


def _topic_ids(slugs) -> dict[str, int]:
    slugs = [s for s in (slugs or []) if s]
    if not slugs:
        return {}
    return dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "pk"))


def _valid_span(start, end, length) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length


def _write_outline_and_indicators(report, parsed, kept, types, result) -> None:
    text_length = len(report.source_text)
    sections = _write_sections(report, parsed, text_length, result)
    measures = _write_measures(report, parsed, sections, text_length, result)
    locate = _Locator(sections, measures)
    _write_indicators(report, parsed, kept, locate, types, text_length, result)
    for indicator in kept:
        indicator.section, indicator.measure = locate.section(indicator.start), locate.measure(indicator.start)
        indicator.follow_report(report)
    Indicator.objects.bulk_update(kept, ["section", "measure", *REPORT_COPIES], batch_size=500)


def _write_sections(report, parsed, text_length, result) -> list[Section]:
    items = sorted(parsed.sections, key=lambda s: (s.start, s.level))
    rows, topics, seen = [], [], set()
    for i, item in enumerate(items):
        end = item.end
        if not end or end <= item.start:
            # The outline may leave `end` unset: a section runs to the next one of its level or higher.
            end = next((later.start for later in items[i + 1:] if later.level <= item.level), text_length)
        if item.start in seen or not _valid_span(item.start, end, text_length) or not SECTION_LEVEL_MIN <= item.level <= SECTION_LEVEL_MAX:
            result.skipped.append(f"章节 {item.number}、{_glimpse(item.heading)}：位置或层级无效")
            continue
        seen.add(item.start)
        rows.append(Section(report=report, level=item.level, number=_fit(Section, "number", item.number, result.notes),
                            heading=_fit(Section, "heading", item.heading, result.notes), start=item.start, end=end))
        topics.append(item.topics)
    Section.objects.bulk_create(rows, batch_size=500)
    # Parents need the children's and parents' ids, so they are linked in a second pass.
    stack: list[Section] = []
    for row in rows:
        while stack and (stack[-1].level >= row.level or stack[-1].end <= row.start):
            stack.pop()
        row.parent = stack[-1] if stack else None
        stack.append(row)
    Section.objects.bulk_update([r for r in rows if r.parent], ["parent"], batch_size=500)
    _link_topics(Section.topics.through, "section_id", rows, topics)
    result.sections = len(rows)
    return rows


def _write_measures(report, parsed, sections, text_length, result) -> list[Measure]:
    locate = _Locator(sections, [])
    rows, topics, seen = [], [], set()
    for item in sorted(parsed.measures, key=lambda m: m.start):
        if item.start in seen or not _valid_span(item.start, item.end, text_length):
            result.skipped.append(f"举措 {getattr(item, 'marker', '') or _glimpse(item.text, 12)}：位置无效")
            continue
        seen.add(item.start)
        section = locate.section(item.start, item.section_start)
        kind = getattr(item, "kind", MeasureKind.ORDINAL)
        rows.append(Measure(
            report=report, section=section, ordinal=min(item.ordinal, 32767),
            number=_fit(Measure, "number", item.number, result.notes),
            kind=kind if kind in {k.value for k in MeasureKind} else MeasureKind.PARAGRAPH.value,
            marker=_fit(Measure, "marker", getattr(item, "marker", ""), result.notes), text=item.text, start=item.start,
            end=item.end, year=report.year, region_id=report.region_id,
            topic_evidence=[[slug, list(words)] for slug, words in (getattr(item, "evidence", None) or {}).items()],
        ))
        topics.append(item.topics)
    Measure.objects.bulk_create(rows, batch_size=500)
    _link_topics(Measure.topics.through, "measure_id", rows, topics)
    result.measures = len(rows)
    return rows


def _fit(model, name, value, notes: list[str]) -> str:
    """`value` cut to the column's length as the model declares it. A cut is said in `notes`, in Chinese:
    the stored text is then shorter than the document's, and the person ingesting should know it."""
    value = value or ""
    field = model._meta.get_field(name)
    if len(value) <= field.max_length:
        return value
    notes.append(f"{model._meta.verbose_name}{field.verbose_name}超过 {field.max_length} 字，已截断："
                 f"{_glimpse(value)}")
    return value[:field.max_length]


def _glimpse(text, length=20) -> str:
    """The start of a long text, enough to find it again in a message (not a field limit)."""
    return (text or "")[:length]


def _link_topics(through, column, rows, topic_lists) -> None:
    ids = _topic_ids({slug for slugs in topic_lists for slug in slugs or []})
    links = [
        through(**{column: row.pk, "topic_id": ids[slug]})
        for row, slugs in zip(rows, topic_lists, strict=False)
        for slug in dict.fromkeys(slugs or [])
        if slug in ids
    ]
    through.objects.bulk_create(links, batch_size=1000)


class _Locator:
    """The section / measure an offset belongs to: the extractor's placement when it gives one,
    else the innermost one holding the offset (binary search over starts)."""

    def __init__(self, sections, measures):
        self._sections = sorted(sections, key=lambda s: s.start)
        self._section_starts = [s.start for s in self._sections]
        self._sections_by_start = {s.start: s for s in self._sections}
        self._measures = sorted(measures, key=lambda m: m.start)
        self._measure_starts = [m.start for m in self._measures]
        self._measures_by_start = {m.start: m for m in self._measures}

    def section(self, offset, placed_at=None):
        if placed_at in self._sections_by_start:
            return self._sections_by_start[placed_at]
        i = bisect.bisect_right(self._section_starts, offset) - 1
        # Walk back from the nearest start: the first that still holds the offset is the innermost.
        while i >= 0:
            if self._sections[i].end > offset:
                return self._sections[i]
            i -= 1
        return None

    def measure(self, offset, placed_at=None):
        if placed_at in self._measures_by_start:
            return self._measures_by_start[placed_at]
        i = bisect.bisect_right(self._measure_starts, offset) - 1
        if i >= 0 and self._measures[i].end > offset:
            return self._measures[i]
        return None


def _decimal(value) -> Decimal | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not number.is_finite() or abs(number) >= VALUE_LIMIT:
        return None
    return number.quantize(SIX_PLACES)


def _write_indicators(report, parsed, kept, locate, types, text_length, result) -> None:
    topic_ids = _topic_ids({i.topic for i in parsed.indicators if i.topic})
    rows, seen = [], set()
    for item in parsed.indicators:
        label = f"指标 {item.name} {item.raw}"
        kind = item.kind if item.kind in Kind.values else None
        direction = (item.direction or "") if kind == Kind.CHANGE else ""
        value = _decimal(item.value)
        unit = (item.unit or "").strip()
        if not _valid_span(item.start, item.end, text_length):
            result.skipped.append(f"{label}：位置无效")
            continue
        if kind is None or (kind == Kind.CHANGE and direction not in (Direction.UP, Direction.DOWN)):
            result.skipped.append(f"{label}：类型或方向无效")
            continue
        if value is None or not unit or len(unit) > UNIT_LIMIT:
            result.skipped.append(f"{label}：数值或单位超出范围")
            continue
        key = (item.start, item.end, kind)
        if key in seen:
            continue
        # An editor's decision on this number wins over whatever the extractor now says about it.
        if any(k.kind == kind and k.start < item.end and item.start < k.end for k in kept):
            continue
        seen.add(key)
        name = _fit(Indicator, "name", (item.name or "").strip(), result.notes) or unit
        rows.append(Indicator(
            report=report, section=locate.section(item.start, getattr(item, "section_start", None)),
            measure=locate.measure(item.start, getattr(item, "measure_start", None)),
            indicator_type_id=types.id_for(getattr(item, "indicator_type", None)), topic_id=topic_ids.get(item.topic),
            **Indicator.report_fields(report), name=name, value=value, unit=unit,
            comparable_value=_decimal(item.comparable_value) if getattr(item, "comparable_value", None) is not None
            and types.id_for(getattr(item, "indicator_type", None)) else None,
            raw=_fit(Indicator, "raw", item.raw or report.source_text[item.start:item.end], result.notes),
            qualifier=item.qualifier if item.qualifier in Qualifier.values else "",
            kind=kind, direction=direction, start=item.start, end=item.end,
            confidence=min(1.0, max(0.0, float(item.confidence))),
            origin=Origin.MACHINE, review_status=ReviewStatus.UNREVIEWED,
        ))
    Indicator.objects.bulk_create(rows, batch_size=500)
    result.indicators = len(rows)


# ---------------------------------------------------------------- editorial changes (called from admin)


def save_report_edit(report, changed_fields, *, user=None) -> None:
    """Save an editor's change to a report's metadata; remember which fields re-extract must leave alone."""
    changed = set(changed_fields) & set(EDITABLE_METADATA)
    with transaction.atomic():
        if changed:
            report.edited_fields = sorted(set(report.edited_fields) | changed)
        if "title" in changed:
            report.title_built = False
        if report.status == ReportStatus.PUBLISHED and report.published_at is None:
            report.published_at = timezone.now()
        if report.status == ReportStatus.WITHDRAWN and report.withdrawn_at is None:
            report.withdrawn_at = timezone.now()
        elif report.status == ReportStatus.PUBLISHED:
            report.withdrawn_at = None
        report.save()
        # The status is no metadata (re-extract never touches it) but the form may change it too.
        if set(changed_fields) & {"region", "year", "period", "status"}:
            sync_denormalised(report)


def sync_denormalised(report) -> None:
    """Measures carry the report's region and year, indicators its period and publication too, so lists
    and charts filter without a join."""
    pagecache.changed()
    Measure.objects.filter(report=report).update(region_id=report.region_id, year=report.year)
    Indicator.objects.filter(report=report).update(**Indicator.report_fields(report))


def set_report_status(queryset, status) -> int:
    """Publish or withdraw reports; returns how many actually changed."""
    now = timezone.now()
    with transaction.atomic():
        targets = queryset.exclude(status=status)
        agencies = set(targets.values_list("agency_id", flat=True))
        # queryset.update() sends no signal: recount the cells of every report that changes.
        keys = tallies.keys_of(targets)
        # Read before the update: afterwards `targets` matches nothing.
        indicators = Indicator.objects.filter(report__in=list(targets.values_list("pk", flat=True)))
        count = 0
        if status == ReportStatus.PUBLISHED:
            count += targets.filter(published_at__isnull=True).update(status=status, published_at=now, updated_at=now,
                                                                      **bump())
            # Published again: its URL serves the report, not the withdrawal notice.
            count += targets.update(status=status, updated_at=now, withdrawn_at=None, **bump())
        elif status == ReportStatus.WITHDRAWN:
            # The time is shown on the 410 page that keeps the report's links alive.
            count += targets.update(status=status, updated_at=now, withdrawn_at=now, **bump())
        else:
            count += targets.update(status=status, updated_at=now, **bump())
        indicators.update(report_published=status == ReportStatus.PUBLISHED)
        tallies.refresh(keys)
        pagecache.changed()
        # Promises match published reports only: publishing or withdrawing one changes its agency's.
        promises.refresh_agencies(agencies)
    return count


def comparable_value_of(indicator) -> Decimal | None:
    """The indicator's value in its type's unit (15公顷 → 225 亩), as extraction computes it."""
    from indicators.extraction.dictionary import Dictionary, entry_from_row

    kind = indicator.indicator_type
    if kind is None or indicator.value is None:
        return None
    entry = entry_from_row({"slug": kind.slug, "name": kind.name, "unit": kind.unit, "synonyms": [],
                            "stock": kind.stock})
    value = Dictionary([entry]).comparable_value(kind.slug, float(indicator.value), indicator.unit, indicator.kind)
    return _decimal(value) if value is not None else None


def recompute_comparable_values(indicator_type) -> int:
    """After an editor changed a type's unit: every indicator of the type in the new unit; returns how many changed."""
    changed = []
    for indicator in Indicator.objects.filter(indicator_type=indicator_type).only(
            "pk", "value", "unit", "kind", "comparable_value", "indicator_type"):
        indicator.indicator_type = indicator_type
        value = comparable_value_of(indicator)
        if value != indicator.comparable_value:
            indicator.comparable_value = value
            changed.append(indicator)
    Indicator.objects.bulk_update(changed, ["comparable_value"], batch_size=500)
    if changed:
        pagecache.changed()
    return len(changed)


def save_indicator_edit(indicator, changed_fields, *, user=None, adding=False) -> None:
    """Save an editor's change to one indicator, stamping the decision.

    Changing a machine field without choosing a status marks the indicator
    `corrected`: otherwise the next re-extract would treat it as machine
    output and replace the correction. The comparable value follows the
    value, unit, kind and type as they now stand.
    """
    changed = set(changed_fields)
    indicator.comparable_value = comparable_value_of(indicator)
    now = timezone.now()
    if adding:
        indicator.origin = Origin.EDITOR
    if indicator.report_id:
        indicator.follow_report(indicator.report)
    if indicator.kind != Kind.CHANGE:
        indicator.direction = ""
    corrected = bool(changed & set(INDICATOR_MACHINE_FIELDS)) and not adding
    if corrected and indicator.review_status == ReviewStatus.UNREVIEWED:
        indicator.review_status = ReviewStatus.CORRECTED
        changed.add("review_status")
    if "review_status" in changed or corrected or adding:
        if indicator.review_status == ReviewStatus.UNREVIEWED:
            indicator.reviewed_by, indicator.reviewed_at = None, None
        else:
            indicator.reviewed_by, indicator.reviewed_at = user, now
    indicator.save()


def set_review_status(queryset, status, *, user=None) -> dict[str, list[int]]:
    """Bulk review: returns {previous status: [ids changed]} so the caller can log old → new."""
    now = timezone.now()
    with transaction.atomic():
        previous: dict[str, list[int]] = {}
        for pk, old in queryset.exclude(review_status=status).values_list("pk", "review_status"):
            previous.setdefault(old, []).append(pk)
        ids = [pk for group in previous.values() for pk in group]
        stamp = {"reviewed_by": user, "reviewed_at": now}
        if status == ReviewStatus.UNREVIEWED:
            stamp = {"reviewed_by": None, "reviewed_at": None}
        for start in range(0, len(ids), 500):
            Indicator.objects.filter(pk__in=ids[start:start + 500]).update(review_status=status, **stamp, **bump())
        if ids:
            pagecache.changed()
    return previous


# ---------------------------------------------------------------- an exported report applied on purpose


def _slug(key):
    """A natural key as fixtures write it (["legal-aid"]) → the slug; None stays None."""
    return key[0] if isinstance(key, (list, tuple)) and key else None


def _start(key):
    """A section/measure natural key ([content_hash, start]) → the start."""
    return key[1] if isinstance(key, (list, tuple)) and len(key) == 2 else None


def update_from_fixture(report, fields, sections, measures, indicators, *, types=None) -> IngestResult:
    """Apply an exported report (`export_reports` fields) over the stored one, keeping editor decisions
    exactly as a re-extract does: decided and hand-added indicators stay, metadata in `edited_fields`
    stays, the publishing state stays; everything else becomes what the file says. Decisions the file
    carries (from the other installation) arrive with their indicators. One transaction.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        edited = set(report.edited_fields)
        region = report.region
        if "region" not in edited:
            region = Region.objects.filter(code=_slug(fields["region"])).first()
            if region is None:
                raise IngestError(f"行政区划代码 {_slug(fields['region'])} 不在行政区划表中（请先 loaddata regions）")
            report.region = region
        if "agency" not in edited:
            agency_region, agency_name = fields["agency"]
            agency = Agency.objects.filter(region__code=agency_region, name=agency_name).first()
            if agency is None:
                raise IngestError(f"发布机构“{agency_name}”不存在（夹具里缺少该机构）")
            report.agency = agency
        for name in ("title", "year", "period"):
            if name not in edited:
                setattr(report, name, fields[name])
        if "title" not in edited:
            report.title_built = fields.get("title_built", False)
        if "issued_on" not in edited:
            report.issued_on = dt.date.fromisoformat(fields["issued_on"]) if fields.get("issued_on") else None
        notes: list[str] = []
        report.source_url = report.source_url or _fit(Report, "source_url", fields.get("source_url"), notes)
        report.extractor_version = _fit(Report, "extractor_version",
                                        fields.get("extractor_version") or report.extractor_version, notes)
        # Edits made on the other installation are decisions too: a field taken from the file stays taken.
        report.edited_fields = sorted(edited | (set(fields.get("edited_fields") or []) - edited))
        report.save()
        if "topics" not in edited:
            report.topics.set(_topic_ids([_slug(k) for k in fields.get("topics") or []]).values())
        kept = _clear_machine_output(report)
        result = IngestResult(UPDATED, report.pk, report.title, kept=len(kept), notes=notes)
        parsed = _Outline(sections, measures)
        text_length = len(report.source_text)
        written_sections = _write_sections(report, parsed, text_length, result)
        written_measures = _write_measures(report, parsed, written_sections, text_length, result)
        locate = _Locator(written_sections, written_measures)
        _write_imported_indicators(report, indicators, kept, locate, types or TypeDictionary(), result)
        for indicator in kept:
            indicator.section, indicator.measure = locate.section(indicator.start), locate.measure(indicator.start)
            indicator.follow_report(report)
        Indicator.objects.bulk_update(kept, ["section", "measure", *REPORT_COPIES], batch_size=500)
        sync_denormalised(report)
        index_report(report)
    return result


class _Outline:
    """Exported sections and measures in the shape `_write_sections` / `_write_measures` read."""

    def __init__(self, sections, measures):
        from types import SimpleNamespace

        self.sections = [SimpleNamespace(level=s["level"], number=s["number"], heading=s["heading"],
                                         start=s["start"], end=s["end"], topics=[_slug(k) for k in s.get("topics", [])])
                         for s in sections]
        self.measures = [SimpleNamespace(ordinal=m["ordinal"], number=m["number"], text=m["text"], start=m["start"],
                                         end=m["end"], section_start=_start(m.get("section")),
                                         topics=[_slug(k) for k in m.get("topics", [])])
                         for m in measures]


def _write_imported_indicators(report, indicators, kept, locate, types, result) -> None:
    topic_ids = _topic_ids({_slug(i.get("topic")) for i in indicators} - {None})
    rows = []
    for item in indicators:
        start, end, kind = item["start"], item["end"], item["kind"]
        if not _valid_span(start, end, len(report.source_text)):
            result.skipped.append(f"指标 {item.get('name')} {item.get('raw')}：位置无效")
            continue
        if any(k.kind == kind and k.start < end and start < k.end for k in kept):
            continue  # this installation's decision on the number wins
        reviewed_at = item.get("reviewed_at")
        rows.append(Indicator(
            report=report, section=locate.section(start, _start(item.get("section"))),
            measure=locate.measure(start, _start(item.get("measure"))),
            indicator_type_id=types.id_for(_slug(item.get("indicator_type"))),
            topic_id=topic_ids.get(_slug(item.get("topic"))), **Indicator.report_fields(report),
            name=item["name"], value=Decimal(item["value"]),
            comparable_value=Decimal(item["comparable_value"]) if item.get("comparable_value") is not None else None,
            unit=item["unit"], raw=item["raw"], qualifier=item.get("qualifier", ""), kind=kind,
            direction=item.get("direction", ""), start=start, end=end, confidence=item.get("confidence", 1.0),
            origin=item.get("origin", Origin.MACHINE), review_status=item.get("review_status", ReviewStatus.UNREVIEWED),
            reviewed_at=dt.datetime.fromisoformat(reviewed_at.replace("Z", "+00:00")) if reviewed_at else None,
            editor_note=item.get("editor_note", ""),
        ))
    Indicator.objects.bulk_create(rows, batch_size=500)
    result.indicators = len(rows)
