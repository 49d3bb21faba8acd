"""Fixtures: export → load into an empty archive → export again is byte-identical; broken fixtures write nothing."""
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator, ReviewStatus
from reports import services
from reports.models import Agency, Measure, Region, Report, Section, Topic
from reports.text.types import RegionRef
from tests.builders import TEXT, make_parsed
from tests.conftest import make_editor, make_regions, shared_rows

OTHER_TEXT = TEXT.replace("柳州市", "桂林市")


@pytest.fixture(scope="module")
def fixture_archive_once(django_db_setup, django_db_blocker):
    """The archive below, built once per module (tests/conftest.py: shared_rows)."""
    yield from shared_rows(django_db_blocker, "fixture_archive_once", build_archive)


@pytest.fixture
def archive(fixture_archive_once, db):
    """Two reports, one with editor decisions and edited metadata (the `regions` and the `editor` of the
    ingest tests)."""
    return Report.objects.all()


def build_archive():
    make_regions()
    editor = make_editor()
    first = services.ingest_parsed(make_parsed(), publish=True)
    services.ingest_parsed(make_parsed(
        OTHER_TEXT, agency="桂林市司法局", title="桂林市司法局2024年法治政府建设年度报告",
        region=RegionRef(code="450300"),
    ))
    services.set_review_status(Indicator.objects.filter(raw="35场", report_id=first.report_id),
                               ReviewStatus.REJECTED, user=editor)
    report = Report.objects.get(pk=first.report_id)
    report.title = "柳州市司法局2024年法治政府建设年度报告（编辑）"
    services.save_report_edit(report, ["title"], user=editor)
    return Report.objects.all()


def export(**options):
    out = StringIO()
    call_command("export_reports", stdout=out, stderr=StringIO(), verbosity=0, **options)
    return out.getvalue()


def wipe_reports():
    # Indicators point at regions with PROTECT, reports at agencies: delete leaves first.
    Indicator.objects.all().delete()
    Report.objects.all().delete()
    Agency.objects.all().delete()


def load(tmp_path, text, name="fixture.json"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    call_command("loaddata", str(path), verbosity=0)


def counts():
    return tuple(m.objects.count() for m in (Agency, Report, Section, Measure, Indicator))


def test_export_round_trip_is_identical(archive, tmp_path):
    first = export()
    before = counts()
    wipe_reports()
    assert counts() == (0, 0, 0, 0, 0)

    load(tmp_path, first)

    assert counts() == before == (2, 2, 6, 4, 10)
    assert export() == first
    rejected = Indicator.objects.get(raw="35场", report__region__code="450200")
    assert rejected.review_status == ReviewStatus.REJECTED and rejected.reviewed_at is not None
    assert rejected.reviewed_by is None  # accounts stay with their installation
    edited = Report.objects.get(region__code="450200")
    assert edited.edited_fields == ["title"] and edited.title.endswith("（编辑）")
    assert edited.status == "published"
    sub = Section.objects.get(report=edited, level=2)
    assert sub.parent.level == 1 and list(sub.topics.values_list("slug", flat=True)) == ["legal-aid"]


def test_export_uses_natural_keys_only(archive):
    objects = json.loads(export())
    assert all("pk" not in o for o in objects)
    report = next(o for o in objects if o["model"] == "reports.report")
    assert report["fields"]["region"] == ["450200"] and report["fields"]["agency"] == ["450200", "柳州市司法局"]
    # Search terms are derived per database (PostgreSQL keeps only its vector): a load derives them.
    assert "search_vector" not in report["fields"] and "search_document" not in report["fields"]
    indicator = next(o for o in objects if o["model"] == "indicators.indicator")
    assert indicator["fields"]["report"] == [report["fields"]["content_hash"]]
    assert "reviewed_by" not in indicator["fields"]


def test_export_selects_by_region_year_agency_and_id(archive):
    def hashes(**options):
        return {o["fields"]["content_hash"] for o in json.loads(export(**options)) if o["model"] == "reports.report"}

    guilin = Report.objects.get(region__code="450300")
    assert hashes(regions=["450300"]) == {guilin.content_hash}
    assert len(hashes(regions=["450000"])) == 2  # a province includes its cities
    assert hashes(agencies=["桂林市司法局"]) == {guilin.content_hash}
    assert hashes(ids=[guilin.pk]) == {guilin.content_hash}
    assert hashes(years=[2024], status="published") == {Report.objects.get(region__code="450200").content_hash}
    with pytest.raises(CommandError, match="没有符合条件的报告"):
        export(years=[1999])
    with pytest.raises(CommandError, match="6 位数字"):
        export(regions=["45"])


def test_export_dry_run_lists_and_writes_nothing(archive, tmp_path):
    out = StringIO()
    call_command("export_reports", regions=["450300"], dry_run=True, output=str(tmp_path / "x.json"), stdout=out)
    assert "桂林市司法局2024年法治政府建设年度报告\t3 节\t2 项举措\t5 个指标" in out.getvalue()
    assert "将导出 1 篇报告" in out.getvalue() and not (tmp_path / "x.json").exists()


def test_export_to_file_writes_the_whole_fixture(archive, tmp_path):
    target = tmp_path / "out.json"
    call_command("export_reports", output=str(target), verbosity=0)
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(export())
    assert not (tmp_path / "out.json.partial").exists()


def test_dumpdata_round_trip_with_natural_keys_is_identical(archive, tmp_path):
    def dump():
        out = StringIO()
        call_command("dumpdata", "reports", "indicators", natural_foreign=True, natural_primary=True, stdout=out)
        return out.getvalue()

    first = dump()
    wipe_reports()
    Topic.objects.all().delete()
    Region.objects.filter(parent__isnull=False).delete()
    Region.objects.all().delete()
    assert not Region.objects.exists()

    load(tmp_path, first)

    assert dump() == first


# ---------------------------------------------------------------- broken fixtures write nothing


@pytest.fixture
def good_fixture(archive):
    text = export()
    wipe_reports()
    return json.loads(text)


def assert_load_fails(tmp_path, objects_or_text, message):
    text = objects_or_text if isinstance(objects_or_text, str) else json.dumps(objects_or_text, ensure_ascii=False)
    with pytest.raises(Exception, match=message):
        load(tmp_path, text)
    assert counts() == (0, 0, 0, 0, 0)


def test_bad_json_fails_and_writes_nothing(good_fixture, tmp_path):
    text = json.dumps(good_fixture, ensure_ascii=False)
    assert_load_fails(tmp_path, text[: len(text) // 2], "Problem installing fixture")


def test_missing_region_fails_with_a_clear_message_and_writes_nothing(good_fixture, tmp_path):
    for obj in good_fixture:
        if obj["model"] == "reports.report" and obj["fields"]["region"] == ["450300"]:
            obj["fields"]["region"] = ["999999"]
    assert_load_fails(tmp_path, good_fixture, "行政区划不存在")


def test_agency_in_unknown_region_fails_before_anything_is_written(good_fixture, tmp_path):
    good_fixture[0]["fields"]["region"] = ["999999"]
    # The region is part of the agency's natural key, so Django itself stops here, naming the field.
    assert_load_fails(tmp_path, good_fixture, "Agency has no region")


def test_duplicate_hash_fails_and_writes_nothing(good_fixture, tmp_path):
    reports = [o for o in good_fixture if o["model"] == "reports.report"]
    # Two different texts claiming one hash: loaddata alone would silently merge them into one report.
    reports[1]["fields"]["content_hash"] = reports[0]["fields"]["content_hash"]
    # Either refusal names the second report: its key repeats one already in the file, and its hash is not its text's.
    assert_load_fails(tmp_path, good_fixture, "与原文不符|出现了两次")


def test_duplicate_hash_in_a_fixture_with_ids_fails_on_the_constraint(good_fixture, tmp_path):
    report = next(o for o in good_fixture if o["model"] == "reports.report")
    agencies = [o for o in good_fixture if o["model"] == "reports.agency"]
    twins = [{"model": "reports.report", "pk": pk, "fields": dict(report["fields"])} for pk in (901, 902)]
    assert_load_fails(tmp_path, agencies + twins, "content_hash|report_unique_content_hash")


def test_indicator_outside_its_report_fails_and_writes_nothing(good_fixture, tmp_path):
    indicator = next(o for o in good_fixture if o["model"] == "indicators.indicator")
    indicator["fields"]["start"], indicator["fields"]["end"] = 100000, 100004
    assert_load_fails(tmp_path, good_fixture, "超出报告原文")


# ---------------------------------------------------------------- the shipped sample archive


def test_setup_archive_loads_the_sample_archive_once_and_it_round_trips(db):
    from indicators.models import IndicatorType
    from reports.models import content_hash_of
    from tests.conftest import ROOT, SAMPLES
    from tests.reports.test_search import RECALL_QUERIES, assert_full_recall
    from tests.text.test_gazetteer_fixture import assert_loaded_into_an_empty_database

    out = StringIO()
    call_command("setup_archive", stdout=out)
    assert "五篇示例报告：已载入 5 条" in out.getvalue()
    assert Region.objects.filter(code="450200").exists() and Topic.objects.exists()
    assert IndicatorType.objects.exists()
    reports = Report.objects.all()
    assert {r.content_hash for r in reports} == {
        content_hash_of(p.read_text(encoding="utf-8")) for p in SAMPLES.glob("*.txt")
    }
    for report in reports:
        assert report.status == "published" and report.published_at is not None
        assert report.sections.exists() and report.indicators.count() >= 5, report.title
    before = counts()

    out = StringIO()
    call_command("setup_archive", stdout=out)

    assert "五篇示例报告：已有数据，跳过" in out.getvalue() and counts() == before
    # The committed file is exactly what the export command makes of it.
    shipped = (ROOT / "fixtures" / "sample_reports.json").read_text(encoding="utf-8")
    assert export(indent=1) == shipped

    # What a fresh clone loads, loaded once for these too: the national gazetteer, loaded into an empty table
    # (tests/text/test_gazetteer_fixture.py), and full search recall over the shipped sample archive, whose
    # search terms the load derived (tests/reports/test_search.py).
    assert_loaded_into_an_empty_database()
    assert Report.objects.published().exists()
    assert_full_recall(RECALL_QUERIES)
