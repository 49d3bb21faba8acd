"""reports/ingesting.py: a run over a folder counts every file, writes each whole or not at all."""
import pickle
import shutil

import pytest

from indicators.models import Indicator
from reports import ingesting, services
from reports.models import Agency, Report, Section
from reports.pipeline import parse_file
from tests.conftest import SAMPLES
from tests.reports.test_ingest_command import committed_gazetteer, gazetteer, gazetteer_once, ingest  # noqa: F401  (fixtures)

XINYANG, HUANGYAN = "003_c00ca69fb3eee698.txt", "001_69a345469985f6fc.txt"


@pytest.fixture
def mixed(tmp_path):
    """Two good reports, a copy of one, a Word file that is not one, and a report saved in Big5."""
    for name in (XINYANG, HUANGYAN):
        shutil.copy(SAMPLES / name, tmp_path / name)
    shutil.copy(SAMPLES / XINYANG, tmp_path / "copy.txt")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04" + b"not a zip archive" * 20)
    text = (SAMPLES / HUANGYAN).read_text(encoding="utf-8")
    (tmp_path / "big5.txt").write_bytes(text.encode("big5", errors="replace"))
    return tmp_path


def run(folder, workers=0, **options):
    files, missing = ingesting.expand([folder])
    return ingesting.ingest_files(files, ingesting.Options(**options), missing=missing, workers=workers)


def assert_only_the_good_reports_are_written():
    # With workers, the copy may reach the database before its twin: either name may hold that text.
    reports = {r.source_name: r for r in Report.objects.all()}
    names = {XINYANG if name == "copy.txt" else name for name in reports}
    assert names == {XINYANG, HUANGYAN} and len(reports) == 2
    # Each written whole: every section and indicator extraction found, nothing of the refused files.
    for name, report in reports.items():
        parsed = parse_file(SAMPLES / (XINYANG if name == "copy.txt" else name))
        assert report.sections.count() == len(parsed.sections)
        assert report.indicators.count() == len(parsed.indicators)
    assert set(Agency.objects.values_list("name", flat=True)) == {r.agency.name for r in reports.values()}
    assert not Section.objects.exclude(report__in=reports.values()).exists()


def test_each_file_is_counted_and_only_whole_reports_are_written(gazetteer, mixed):
    summary = run(mixed)

    assert summary.total == 5 and summary.failed == 2
    assert summary.counts == {services.NEW: 2, services.UPDATED: 0, services.UNCHANGED: 1}
    assert summary.tally() == "新增 2 · 更新 0 · 未变 1 · 失败 2"
    reasons = dict(summary.failures)
    assert reasons[str(mixed / "broken.docx")] == f"{mixed / 'broken.docx'}：压缩格式已损坏，无法打开（.docx 也是一种压缩包）"
    assert reasons[str(mixed / "big5.txt")].startswith("未能识别")
    assert_only_the_good_reports_are_written()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_count_the_same(committed_gazetteer, mixed):
    # Committed data, so the workers' own connections see the regions (on PostgreSQL; an
    # in-memory SQLite test database cannot be shared and is ingested in-process instead).
    summary = run(mixed, workers=2)

    assert summary.tally() == "新增 2 · 更新 0 · 未变 1 · 失败 2"
    assert_only_the_good_reports_are_written()


def test_a_dry_run_counts_as_a_real_one_and_leaves_nothing(gazetteer, mixed):
    summary = run(mixed, dry_run=True)
    # The copy is new too: its twin was rolled back before it came.
    assert summary.tally() == "新增 3 · 更新 0 · 未变 0 · 失败 2"
    assert not Report.objects.exists() and not Agency.objects.exists() and not Indicator.objects.exists()


def test_the_command_exits_non_zero_when_any_file_failed(gazetteer, mixed):
    code, out, err = ingest(mixed)
    assert code == 1 and "新增 2 · 更新 0 · 未变 1 · 失败 2（共 5 项" in out
    assert "2 个文件导入失败" in err
    for name in ("broken.docx", "big5.txt"):
        (mixed / name).unlink()
    code, out, _ = ingest(mixed)
    assert code == 0 and "新增 0 · 更新 0 · 未变 3 · 失败 0" in out


def test_arguments_that_match_nothing_are_failures(gazetteer, tmp_path):
    shutil.copy(SAMPLES / XINYANG, tmp_path / XINYANG)
    files, missing = ingesting.expand([tmp_path / "*.txt", tmp_path / "nowhere", tmp_path / "*.pdf"])
    assert files == [tmp_path / XINYANG] and missing == [str(tmp_path / "nowhere"), str(tmp_path / "*.pdf")]

    summary = ingesting.ingest_files(files, missing=missing)

    assert summary.total == 3 and summary.counts[services.NEW] == 1
    assert summary.failures == [(str(tmp_path / "nowhere"), "找不到文件"), (str(tmp_path / "*.pdf"), "找不到文件")]


def test_write_refuses_in_words_and_the_same_text_again_is_unchanged(gazetteer):
    context = ingesting.Context.from_db()
    parsed = parse_file(SAMPLES / XINYANG, context.lexicon)

    first, error = ingesting.write(parsed, context)
    again, _ = ingesting.write(parsed, context)

    assert error is None and first.outcome == services.NEW
    assert again.outcome == services.UNCHANGED and again.report_id == first.report_id
    nowhere = parse_file(SAMPLES / XINYANG, context.lexicon)
    nowhere.region = None
    nowhere.text += "另一份"
    assert ingesting.write(nowhere, context) == (None, "未能识别报告所属的行政区划（抽取结果没有行政区划代码）")
    assert Report.objects.count() == 1


def test_the_context_travels_to_a_worker_whole(gazetteer):
    # Built once by the parent and pickled to each worker: what arrives extracts the same.
    context = ingesting.Context.from_db()
    arrived = pickle.loads(pickle.dumps(context))
    parsed, again = parse_file(SAMPLES / XINYANG, context.lexicon), parse_file(SAMPLES / XINYANG, arrived.lexicon)
    assert [(i.start, i.indicator_type) for i in again.indicators] == [(i.start, i.indicator_type) for i in parsed.indicators]
    assert again.topics == parsed.topics
    assert arrived.types.id_for("legal-aid-cases") == context.types.id_for("legal-aid-cases") is not None
    assert arrived.limits == context.limits
