"""Size and work limits: a file over a limit is refused with its reason and the others go on."""
import shutil

import pytest

from reports.models import Report
from reports.pipeline import parse_file
from tests.conftest import SAMPLES
from tests.reports.test_ingest_command import committed_gazetteer, gazetteer, gazetteer_once, ingest  # noqa: F401  (fixtures)

SMALL, LARGE = "003_c00ca69fb3eee698.txt", "004_8d96e699579907e7.txt"


@pytest.fixture
def two_files(tmp_path):
    for name in (SMALL, LARGE):
        shutil.copy(SAMPLES / name, tmp_path / name)
    return tmp_path


def test_a_file_over_the_size_limit_is_refused_at_once_and_the_other_is_ingested(gazetteer, two_files, settings):  # noqa: F811
    settings.INGEST_MAX_BYTES = (two_files / LARGE).stat().st_size - 1
    big = two_files / "big.txt"
    big.write_bytes((SAMPLES / SMALL).read_bytes() * 3)

    code, out, err = ingest(two_files)

    assert code == 1 and "新增 1 · 更新 0 · 未变 0 · 失败 2" in out
    assert f"失败 {two_files / LARGE}：文件有 19.9 KB，超过导入上限 19.9 KB（INGEST_MAX_BYTES）" in err
    assert f"失败 {big}：文件有 28.8 KB" in err
    assert list(Report.objects.values_list("source_name", flat=True)) == [SMALL]


def test_a_report_with_an_absurd_number_of_indicators_is_reported_and_not_written(gazetteer, two_files, settings):  # noqa: F811
    found = len(parse_file(two_files / LARGE).indicators)
    settings.INGEST_MAX_INDICATORS = found - 1

    code, out, err = ingest(two_files)

    assert code == 1 and "新增 1 · 更新 0 · 未变 0 · 失败 1" in out
    assert f"抽取出 {found} 个指标，超过上限 {found - 1}（INGEST_MAX_INDICATORS）：不像一篇报告，未写入" in err
    assert list(Report.objects.values_list("source_name", flat=True)) == [SMALL]


def test_too_many_sections_is_refused_too(gazetteer, two_files, settings):  # noqa: F811
    parsed = parse_file(two_files / LARGE)
    outline = len(parsed.sections) + len(parsed.measures)
    settings.INGEST_MAX_SECTIONS = outline - 1
    code, _, err = ingest(two_files / LARGE)
    assert code == 1 and f"抽取出 {outline} 个章节和举措，超过上限 {outline - 1}" in err
    assert not Report.objects.exists()


def test_extraction_that_runs_too_long_is_abandoned(gazetteer, two_files, settings):  # noqa: F811
    settings.INGEST_MAX_SECONDS = 0.001  # far less than any extraction takes: the timer always fires
    code, out, err = ingest(two_files)
    assert code == 1 and "失败 2" in out and "抽取超过 0.001 秒仍未完成，已放弃（INGEST_MAX_SECONDS）" in err
    assert not Report.objects.exists()
    settings.INGEST_MAX_SECONDS = 300
    assert ingest(two_files)[0] == 0  # the timer is gone once a file is done


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_apply_the_limits_and_keep_going(committed_gazetteer, two_files, settings):  # noqa: F811
    settings.INGEST_MAX_BYTES = (two_files / LARGE).stat().st_size - 1
    (two_files / "broken.txt").write_bytes(b"\x00\x01" * 10)

    code, out, err = ingest(two_files, workers=2)

    assert code == 1 and "新增 1 · 更新 0 · 未变 0 · 失败 2" in out
    assert "超过导入上限" in err and "broken.txt" in err
    assert list(Report.objects.values_list("source_name", flat=True)) == [SMALL]
