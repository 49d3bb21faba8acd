"""The ingest service: one transaction per report, idempotent, and re-extract keeps every editor decision.

ParsedReports are built by hand so the tests pin the service, not the
extractor (whose output improves while the archive is built).
"""
from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorType, Origin, ReviewStatus
from reports import search, services
from reports.models import Agency, Measure, Report, Section, Topic, content_hash_of
from reports.text.types import Indicator as ParsedIndicator
from reports.text.types import RegionRef
from reports.text.types import Section as ParsedSection
from tests.builders import TEXT, at, make_parsed


def reextract(text=TEXT, **overrides):
    return services.ingest_parsed(make_parsed(text, **overrides), reextract=True)


# ---------------------------------------------------------------- first ingest


def test_new_report_is_written_with_outline_indicators_and_links(regions):
    result = services.ingest_parsed(make_parsed(), source_url="https://example.gov.cn/a.html")

    assert result.outcome == services.NEW
    report = Report.objects.get(pk=result.report_id)
    assert report.content_hash == content_hash_of(TEXT)
    assert report.source_text == TEXT
    assert report.source_name == "liuzhou.txt"
    assert report.source_url == "https://example.gov.cn/a.html"
    assert (report.region.code, report.year, report.period, str(report.issued_on)) == (
        "450200", 2024, "annual", "2025-01-20")
    assert report.agency.name == "柳州市司法局" and report.agency.kind == "司法局"
    assert list(report.topics.values_list("slug", flat=True)) == ["legal-aid"]
    assert report.extractor_version == "test-1"

    sub = Section.objects.get(report=report, level=2)
    assert sub.parent.heading == "主要举措和成效"
    assert list(sub.topics.values_list("slug", flat=True)) == ["legal-aid"]
    assert Section.objects.get(report=report, number="二").parent is None

    first, second = Measure.objects.filter(report=report).order_by("start")
    assert first.section == sub and first.text.startswith("一是办理法律援助案件")
    assert (first.region_id, first.year) == (regions["lz"].pk, 2024)

    cases = Indicator.objects.get(report=report, raw="1200件")
    assert cases.value == Decimal("1200") and cases.measure == first and cases.section == sub
    assert cases.topic.slug == "legal-aid"
    assert (cases.region_id, cases.year) == (regions["lz"].pk, 2024)
    change = Indicator.objects.get(report=report, raw="12.5%")
    assert (change.kind, change.direction, change.value) == ("change", "up", Decimal("12.5"))
    assert Indicator.objects.get(report=report, raw="2.6万余人").qualifier == "over"
    assert Indicator.objects.get(report=report, raw="8名").measure is None
    assert TEXT[cases.start:cases.end] == "1200件"
    # index_report ran inside the ingest: the report is findable by a word of its text.
    found = search.search(Report.objects.all(), search.parse_query("法律援助"), search.REPORT_FIELDS)
    assert list(found.values_list("pk", flat=True)) == [report.pk]


def test_same_content_twice_is_unchanged_and_writes_nothing_new(regions):
    first = services.ingest_parsed(make_parsed())
    counts = (Report.objects.count(), Section.objects.count(), Measure.objects.count(), Indicator.objects.count())

    again = services.ingest_parsed(make_parsed(source="/elsewhere/copy.txt"))

    assert again.outcome == services.UNCHANGED and again.report_id == first.report_id
    assert counts == (1, 3, 2, 5)
    assert (Report.objects.count(), Section.objects.count(), Measure.objects.count(),
            Indicator.objects.count()) == counts


def test_different_text_is_another_report(regions):
    services.ingest_parsed(make_parsed())
    services.ingest_parsed(make_parsed(TEXT + "附件：无。\n"))
    assert Report.objects.count() == 2
    assert Agency.objects.count() == 1  # same (region, name): one agency


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"region": RegionRef(code="999999")}, "行政区划代码 999999 不在行政区划表中"),
        ({"region": RegionRef()}, "未能识别报告所属的行政区划"),
        ({"year": None}, "未能识别报告年度"),
        ({"agency": None}, "未能识别发布机构"),
    ],
)
def test_report_the_archive_cannot_place_fails_and_writes_nothing(regions, overrides, reason):
    with pytest.raises(services.IngestError, match=reason):
        services.ingest_parsed(make_parsed(**overrides))
    assert not Report.objects.exists() and not Agency.objects.exists() and not Indicator.objects.exists()


def test_invalid_machine_items_are_skipped_with_a_reason_and_the_rest_written(regions):
    parsed = make_parsed()
    parsed.indicators += [
        ParsedIndicator(name="越界", value=1, unit="件", raw="1件", start=len(TEXT), end=len(TEXT) + 2),
        ParsedIndicator(name="无方向", value=3, unit="%", raw="3%", start=5, end=7, kind="change"),
        ParsedIndicator(name="太大", value=1e30, unit="元", raw="1e30元", start=8, end=10),
    ]
    parsed.sections.append(ParsedSection(level=9, number="x", heading="坏层级", start=3, end=4))

    result = services.ingest_parsed(parsed)

    assert result.indicators == 5 and result.sections == 3
    assert len(result.skipped) == 4
    assert any("越界" in s and "位置无效" in s for s in result.skipped)
    assert any("无方向" in s and "方向无效" in s for s in result.skipped)
    assert any("太大" in s and "超出范围" in s for s in result.skipped)


def test_missing_title_is_built_and_flagged(regions):
    result = services.ingest_parsed(make_parsed(title=None))
    report = Report.objects.get(pk=result.report_id)
    assert report.title == "柳州市司法局2024年工作报告" and report.title_built


def test_indicator_takes_the_type_the_classifier_named(regions):
    cases = IndicatorType.objects.create(slug="legal-aid-cases", name="法律援助案件数", unit="件",
                                         synonyms=["法律援助案件"])
    parsed = make_parsed()
    parsed.indicators[0].indicator_type = "legal-aid-cases"
    parsed.indicators[2].indicator_type = "not-in-the-table"
    services.ingest_parsed(parsed)
    assert Indicator.objects.get(raw="1200件").indicator_type == cases
    # A slug the dictionary table lacks leaves the indicator untyped; the report is still written.
    assert Indicator.objects.get(raw="35场").indicator_type is None


def test_publish_flag_publishes_new_reports_with_a_time(regions):
    result = services.ingest_parsed(make_parsed(), publish=True)
    report = Report.objects.get(pk=result.report_id)
    assert report.status == "published" and report.published_at is not None


# ---------------------------------------------------------------- re-extract keeps editor decisions


def test_reextract_refreshes_machine_output(regions):
    services.ingest_parsed(make_parsed())
    improved = make_parsed(extractor_version="test-2")
    improved.indicators[2].name = "开展普法活动"
    improved.indicators.pop(4)

    result = reextract(indicators=improved.indicators, extractor_version="test-2")

    assert result.outcome == services.UPDATED and result.kept == 0
    report = Report.objects.get()
    assert report.extractor_version == "test-2"
    assert set(report.indicators.values_list("raw", flat=True)) == {"1200件", "12.5%", "35场", "2.6万余人"}
    assert report.indicators.get(raw="35场").name == "开展普法活动"
    # The outline was rebuilt, not appended to.
    assert report.sections.count() == 3 and report.measures.count() == 2


def decide(raw, **fields):
    indicator = Indicator.objects.get(raw=raw)
    for name, value in fields.items():
        setattr(indicator, name, value)
    return indicator


def test_reextract_keeps_confirmed_indicator(regions, editor):
    services.ingest_parsed(make_parsed())
    confirmed = Indicator.objects.get(raw="1200件")
    services.set_review_status(Indicator.objects.filter(pk=confirmed.pk), ReviewStatus.CONFIRMED, user=editor)

    parsed = make_parsed()
    parsed.indicators[0].name = "机器新名字"
    result = reextract(indicators=parsed.indicators)

    kept = Indicator.objects.get(raw="1200件")
    assert kept.pk == confirmed.pk and kept.name == "法律援助案件"
    assert kept.review_status == ReviewStatus.CONFIRMED and kept.reviewed_by == editor
    assert Indicator.objects.filter(start=kept.start, kind="value").count() == 1
    assert kept.measure is not None and kept.measure.text.startswith("一是")  # re-linked to the new outline
    assert result.kept == 1


def test_reextract_keeps_corrected_indicator(regions, editor):
    services.ingest_parsed(make_parsed())
    indicator = decide("35场", value=Decimal("36"), name="普法宣传活动")
    services.save_indicator_edit(indicator, ["value", "name"], user=editor)
    assert indicator.review_status == ReviewStatus.CORRECTED

    reextract()

    kept = Indicator.objects.get(raw="35场")
    assert (kept.value, kept.name, kept.review_status) == (Decimal("36"), "普法宣传活动", ReviewStatus.CORRECTED)
    assert Indicator.objects.filter(raw="35场").count() == 1


def test_reextract_keeps_rejected_indicator_and_does_not_bring_it_back(regions, editor):
    services.ingest_parsed(make_parsed())
    services.set_review_status(Indicator.objects.filter(raw="8名"), ReviewStatus.REJECTED, user=editor)

    # The new extractor finds the same number with a slightly different span: still the rejected one.
    parsed = make_parsed()
    start, end = at(TEXT, "8名")
    parsed.indicators[4] = ParsedIndicator(name="人民调解员", value=8, unit="名", raw="8名", start=start, end=end + 1)
    reextract(indicators=parsed.indicators)

    rows = Indicator.objects.filter(start=start)
    assert [(r.review_status, r.name) for r in rows] == [(ReviewStatus.REJECTED, "新增人民调解员")]


def test_reextract_keeps_indicator_an_editor_added(regions, editor):
    services.ingest_parsed(make_parsed())
    report = Report.objects.get()
    start, end = at(TEXT, "一是")
    added = Indicator(report=report, name="举措条数", value=Decimal("2"), unit="条", raw="一是", start=start, end=end,
                      editor_note="编辑补充")
    services.save_indicator_edit(added, ["name", "value"], user=editor, adding=True)

    reextract()

    kept = Indicator.objects.get(pk=added.pk)
    assert kept.origin == Origin.EDITOR and kept.editor_note == "编辑补充"
    assert kept.review_status == ReviewStatus.UNREVIEWED  # added, not yet reviewed, and still kept
    assert Indicator.objects.count() == 6


@pytest.mark.parametrize(
    "field, edited_value, expect",
    [
        ("title", "编辑改过的标题", lambda r: r.title == "编辑改过的标题" and not r.title_built),
        ("period", "half-year", lambda r: r.period == "half-year"),
        ("year", 2023, lambda r: r.year == 2023),
        ("issued_on", None, lambda r: r.issued_on is None),
    ],
)
def test_reextract_keeps_edited_metadata_field(regions, editor, field, edited_value, expect):
    services.ingest_parsed(make_parsed())
    report = Report.objects.get()
    setattr(report, field, edited_value)
    services.save_report_edit(report, [field], user=editor)

    reextract()

    report = Report.objects.get()
    assert expect(report)
    assert field in report.edited_fields
    # Fields nobody edited still follow the extractor.
    assert report.extractor_version == "test-1" and report.region.code == "450200"


def test_reextract_keeps_edited_region_and_syncs_denormalised_rows(regions, editor):
    services.ingest_parsed(make_parsed())
    report = Report.objects.get()
    report.region = regions["gl"]
    services.save_report_edit(report, ["region"], user=editor)
    assert set(Indicator.objects.values_list("region__code", flat=True)) == {"450300"}
    assert set(Measure.objects.values_list("region__code", flat=True)) == {"450300"}

    reextract()

    report = Report.objects.get()
    assert report.region == regions["gl"]
    assert report.agency.region == regions["lz"]  # the machine's agency stays where the text puts it
    assert Agency.objects.count() == 1
    assert set(Indicator.objects.values_list("region__code", flat=True)) == {"450300"}
    assert set(Measure.objects.values_list("region__code", flat=True)) == {"450300"}


def test_reextract_keeps_edited_agency(regions, editor):
    services.ingest_parsed(make_parsed())
    report = Report.objects.get()
    report.agency = Agency.objects.create(region=regions["lz"], name="柳州市人民政府", kind="人民政府")
    services.save_report_edit(report, ["agency"], user=editor)

    reextract(agency="柳州市司法局（机器）")

    assert Report.objects.get().agency.name == "柳州市人民政府"


def test_reextract_keeps_edited_topics(regions, editor):
    services.ingest_parsed(make_parsed())
    other = Topic.objects.create(slug="mediation", name="人民调解")
    report = Report.objects.get()
    report.topics.set([other])
    services.save_report_edit(report, ["topics"], user=editor)

    reextract()

    assert list(Report.objects.get().topics.values_list("slug", flat=True)) == ["mediation"]


def test_editor_region_stands_when_the_extractor_loses_the_region(regions, editor):
    services.ingest_parsed(make_parsed())
    report = Report.objects.get()
    report.region = regions["gl"]
    services.save_report_edit(report, ["region"], user=editor)

    result = reextract(region=RegionRef())

    assert result.outcome == services.UPDATED and Report.objects.get().region == regions["gl"]


def test_failed_reextract_leaves_everything_as_it_was(regions, editor):
    services.ingest_parsed(make_parsed())
    services.set_review_status(Indicator.objects.filter(raw="35场"), ReviewStatus.CONFIRMED, user=editor)
    before = sorted(Indicator.objects.values_list("raw", "review_status"))

    with pytest.raises(services.IngestError):
        reextract(year=None)

    assert sorted(Indicator.objects.values_list("raw", "review_status")) == before
    assert Section.objects.count() == 3


def test_reextract_report_runs_the_pipeline_over_the_stored_text(regions):
    services.ingest_parsed(make_parsed())
    report = Report.objects.get()
    try:
        result = services.reextract_report(report)
    except services.IngestError as exc:
        # The real extractor may not place this made-up text; then it must say so and change nothing.
        assert str(exc)
        assert Report.objects.get().extractor_version == "test-1"
    else:
        assert result.outcome == services.UPDATED
        assert Report.objects.get().source_text == TEXT


def test_values_longer_than_their_column_are_cut_and_the_cut_is_said(regions):
    agency = "柳州市" + "法" * 200 + "司法局"
    parsed = make_parsed(agency=agency)
    heading = parsed.sections[0].heading
    parsed.sections[0].heading = heading + "很" * 600

    result = services.ingest_parsed(parsed)

    report = Report.objects.get(pk=result.report_id)
    assert report.agency.name == agency[:128]
    assert Section.objects.get(report=report, number="一", level=1).heading == (heading + "很" * 600)[:500]
    assert result.notes == [
        f"发布机构名称超过 128 字，已截断：{agency[:20]}",
        f"章节标题超过 500 字，已截断：{heading}{'很' * (20 - len(heading))}",
    ]
    # Nothing else is touched: the whole outline and every indicator are written, nothing is skipped.
    assert (result.sections, result.measures, result.indicators, result.skipped) == (3, 2, 5, [])
    assert report.title == "柳州市司法局2024年法治政府建设年度报告"


def test_values_that_fit_leave_no_note(regions):
    assert services.ingest_parsed(make_parsed()).notes == []
