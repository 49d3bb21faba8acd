"""`manage.py ingest` over the real pipeline and the five sample reports."""
import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator, ReviewStatus
from reports.models import Report
from tests.conftest import ROOT, SAMPLES, shared_rows

# The samples' regions and their parents: loading these from the national fixture
# takes milliseconds where the whole country takes seconds per test.
SAMPLE_REGIONS = {"100000", "450000", "450200", "450500", "330000", "331000", "331003", "500000", "500105", "410000", "411500"}


def load_gazetteer(folder):
    rows = json.loads((ROOT / "fixtures" / "regions.json").read_text(encoding="utf-8"))
    subset = [row for row in rows if row["fields"]["code"] in SAMPLE_REGIONS]
    (folder / "sample_regions.json").write_text(json.dumps(subset, ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(folder / "sample_regions.json"), "topics", "indicator_types", verbosity=0)


@pytest.fixture(scope="module")
def gazetteer_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The samples' regions, the topics and the indicator dictionary, loaded once per module
    (tests/conftest.py: shared_rows): the 330 types take a second or more to load."""
    yield from shared_rows(django_db_blocker, "gazetteer_once",
                           lambda: load_gazetteer(tmp_path_factory.mktemp("gazetteer")))


@pytest.fixture
def gazetteer(gazetteer_once, db):
    """What ingest needs in the database: the samples' regions, the topics and the indicator dictionary."""


@pytest.fixture
def committed_gazetteer(transactional_db, tmp_path):
    """The same, committed: for the tests whose worker processes read it over connections of their own."""
    load_gazetteer(tmp_path)


def ingest(*args, **options):
    out, err = StringIO(), StringIO()
    options.setdefault("verbosity", 1)
    try:
        call_command("ingest", *map(str, args), stdout=out, stderr=err, **options)
        code = 0
    except CommandError as exc:
        err.write(str(exc))
        code = exc.returncode
    return code, out.getvalue(), err.getvalue()


def test_folder_is_ingested_and_a_second_run_is_unchanged(gazetteer):
    code, out, _ = ingest(SAMPLES)
    assert code == 0
    assert "新增 5 · 更新 0 · 未变 0 · 失败 0" in out
    assert Report.objects.count() == 5
    # Each sample states numbers; the extractor finds some in every one (exact counts improve over time).
    for report in Report.objects.all():
        assert report.indicators.count() >= 5, report.title
        assert report.sections.exists() and report.status == "draft"
    indicators = Indicator.objects.count()

    code, out, _ = ingest(SAMPLES)

    assert code == 0 and "新增 0 · 更新 0 · 未变 5 · 失败 0" in out
    assert Report.objects.count() == 5 and Indicator.objects.count() == indicators


def test_failures_are_listed_counted_and_do_not_stop_the_others(gazetteer, tmp_path):
    shutil.copy(SAMPLES / "000_6d2be61a73a6c314.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "nowhere.txt").write_text("这是一段没有地区、没有年份也没有机构的文字。\n", encoding="utf-8")

    code, out, err = ingest(tmp_path / "*.txt", tmp_path / "missing.txt")

    assert code == 1
    assert "新增 1 · 更新 0 · 未变 0 · 失败 3（共 4 项" in out
    assert "empty.txt" in err and "nowhere.txt" in err and "missing.txt：找不到文件" in err
    assert "3 个文件导入失败" in err
    assert Report.objects.count() == 1


def test_dry_run_reports_what_would_happen_and_writes_nothing(gazetteer):
    code, out, _ = ingest(SAMPLES, dry_run=True)
    assert code == 0 and "新增 5" in out and "演练" in out
    assert not Report.objects.exists() and not Indicator.objects.exists()


def test_a_title_longer_than_its_column_is_cut_and_the_run_says_so(gazetteer, tmp_path):
    sample = (SAMPLES / "000_6d2be61a73a6c314.txt").read_text(encoding="utf-8")
    title = "柳州市司法局" + "关于" * 150 + "2024年法治政府建设年度报告"
    (tmp_path / "long.txt").write_text(f"标题：{title}\n发布机构：柳州市司法局\n\n{sample}", encoding="utf-8")

    code, out, _ = ingest(tmp_path / "long.txt")

    assert code == 0 and "新增 1 · 更新 0 · 未变 0 · 失败 0" in out
    assert f"截断 {tmp_path / 'long.txt'}：报告标题超过 255 字，已截断：{title[:20]}" in out
    assert Report.objects.get().title == title[:255]


def test_verbose_run_lists_each_file(gazetteer):
    _, out, _ = ingest(SAMPLES / "004_8d96e699579907e7.txt", verbosity=2)
    assert "新增" in out and "004_8d96e699579907e7.txt → 北海市司法局2023年上半年工作总结" in out


def test_reextract_keeps_a_confirmed_indicator(gazetteer):
    ingest(SAMPLES / "000_6d2be61a73a6c314.txt", publish=True)
    confirmed = Indicator.objects.order_by("start").first()
    Indicator.objects.filter(pk=confirmed.pk).update(review_status=ReviewStatus.CONFIRMED,
                                                     reviewed_at="2025-01-01T00:00:00Z", name="编辑确认的名称")

    code, out, _ = ingest(SAMPLES / "000_6d2be61a73a6c314.txt", reextract=True)

    assert code == 0 and "更新 1" in out
    kept = Indicator.objects.get(pk=confirmed.pk)
    assert kept.name == "编辑确认的名称" and kept.review_status == ReviewStatus.CONFIRMED
    assert Indicator.objects.filter(start=kept.start, kind=kept.kind).count() == 1
    assert Report.objects.get().status == "published"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_processes_write_the_same_archive(committed_gazetteer, tmp_path):
    # Committed data, so the workers' own connections see the regions (on PostgreSQL; an
    # in-memory SQLite test database cannot be shared and is ingested in-process instead).
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    for name in ("001_69a345469985f6fc.txt", "003_c00ca69fb3eee698.txt", "004_8d96e699579907e7.txt"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    # The same text twice, likely in two workers at once: one new report, one unchanged, never a failure.
    shutil.copy(SAMPLES / "001_69a345469985f6fc.txt", tmp_path / "001_copy.txt")

    code, out, err = ingest(tmp_path, workers=2)

    assert code == 1 and "新增 3 · 更新 0 · 未变 1 · 失败 1" in out and "broken.txt" in err
    assert Report.objects.filter(indicators__isnull=False).distinct().count() == 3
    code, out, _ = ingest(tmp_path / "0*.txt", reextract=True)
    assert code == 0 and "新增 0 · 更新 4 · 未变 0 · 失败 0" in out


def test_source_url_needs_a_single_file(gazetteer):
    code, _, err = ingest(SAMPLES, source_url="https://example.gov.cn/x.html")
    assert code == 1 and "只能用于单个文件" in err
