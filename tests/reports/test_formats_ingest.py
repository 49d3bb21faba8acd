"""`ingest` over web pages, Word files and PDFs; copies and near-copies of a report."""
import pytest
from django.urls import reverse

from reports.models import Report
from tests.conftest import SAMPLES
from tests.documents_factory import docx_bytes, page_html, pdf_bytes
from tests.reports.test_ingest_command import gazetteer, gazetteer_once, ingest  # noqa: F401  (fixtures)

HUANGYAN = SAMPLES / "001_69a345469985f6fc.txt"
XINYANG = SAMPLES / "003_c00ca69fb3eee698.txt"
BEIHAI = SAMPLES / "004_8d96e699579907e7.txt"


def text(path):
    return path.read_text(encoding="utf-8")


def test_a_folder_of_every_format_is_ingested_and_refusals_are_named(gazetteer, tmp_path):
    (tmp_path / "huangyan.htm").write_bytes(page_html(text(HUANGYAN), encoding="gbk"))
    (tmp_path / "xinyang.docx").write_bytes(docx_bytes(text(XINYANG)))
    (tmp_path / "beihai.pdf").write_bytes(pdf_bytes(text(BEIHAI)))
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    (tmp_path / "notes.md").write_text("不是报告", encoding="utf-8")  # not a supported suffix: not looked at

    code, out, err = ingest(tmp_path)

    assert code == 1
    assert "新增 3 · 更新 0 · 未变 0 · 失败 1（共 4 项" in out
    assert "old.doc：这是旧版 Word 文档（.doc）" in err and "notes.md" not in err + out
    by_name = {r.source_name: r for r in Report.objects.all()}
    assert set(by_name) == {"huangyan.htm", "xinyang.docx", "beihai.pdf"}
    for report in by_name.values():
        assert report.status == "draft" and report.indicators.count() > 10 and report.sections.exists()
        # Each new report is announced with its id, status and admin page.
        assert f"新增 #{report.pk}（待审）" in out
        assert reverse("admin:reports_report_change", args=[report.pk]) in out
    page = by_name["huangyan.htm"]
    assert page.source_text == text(HUANGYAN).strip() and "无障碍" not in page.source_text
    assert page.page_meta["来源"] == "市司法局" and page.page_meta["发布时间"] == "2025-03-20 10:30"
    # No --source-url: the page's canonical URL is where it came from.
    assert page.source_url == "https://www.example.gov.cn/zwgk/fz/t20250320_123.html"
    assert by_name["beihai.pdf"].title == "北海市司法局2023年上半年工作总结"


def test_source_url_given_wins_over_the_canonical_url(gazetteer, tmp_path):
    (tmp_path / "p.html").write_bytes(page_html(text(XINYANG)))
    code, _, _ = ingest(tmp_path / "p.html", source_url="https://mirror.example.org/a.html")
    assert code == 0 and Report.objects.get().source_url == "https://mirror.example.org/a.html"


def test_copies_differing_only_in_white_space_are_unchanged(gazetteer, tmp_path):
    original = text(XINYANG)
    (tmp_path / "a.txt").write_text(original, encoding="utf-8")
    (tmp_path / "b_crlf_bom.txt").write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "  \r\n").encode("gbk"))
    (tmp_path / "c_fullwidth.txt").write_text("\u3000\u3000" + original.replace("\n", "\n\u3000\u3000") + "\n\n",
                                              encoding="utf-8")

    code, out, _ = ingest(tmp_path)

    assert code == 0 and "新增 1 · 更新 0 · 未变 2 · 失败 0" in out
    assert Report.objects.get().source_text == original  # the first as read; offsets index it


def test_a_near_duplicate_is_flagged_not_silently_added(gazetteer, tmp_path, admin_client):
    original = text(BEIHAI)
    (tmp_path / "a.txt").write_text(original, encoding="utf-8")
    # The same report re-saved with one figure corrected and a line added.
    changed = original.replace("2023年上半年", "2023年上半年", 1).replace("9", "8", 1) + "\n（本文有更正）"
    (tmp_path / "b.txt").write_text(changed, encoding="utf-8")

    code, out, _ = ingest(tmp_path)

    assert code == 0 and "新增 2 · 更新 0 · 未变 0 · 失败 0 · 疑似重复 1" in out
    first, second = Report.objects.order_by("pk")
    assert second.near_duplicate_of_id == first.pk and first.near_duplicate_of_id is None
    assert f"疑似重复 {tmp_path / 'b.txt'}：与报告 #{first.pk} 的正文" in out
    changelist = admin_client.get(reverse("admin:reports_report_changelist"), {"near_duplicate": "yes"})
    assert changelist.status_code == 200
    page = changelist.content.decode()
    assert [r.pk for r in changelist.context["cl"].result_list] == [second.pk]
    assert f"与 #{first.pk} 重复" in page
    detail = admin_client.get(reverse("admin:reports_report_change", args=[second.pk])).content.decode()
    assert f"报告 #{first.pk}</a> 的正文至少 95% 相同" in detail


def test_a_different_report_of_the_same_agency_is_not_a_near_duplicate(gazetteer, tmp_path):
    original = text(BEIHAI)
    (tmp_path / "a.txt").write_text(original, encoding="utf-8")
    lines = original.split("\n")
    (tmp_path / "b.txt").write_text("\n".join(lines[: len(lines) // 2]), encoding="utf-8")
    code, out, _ = ingest(tmp_path)
    assert "疑似重复" not in out
    assert not Report.objects.filter(near_duplicate_of__isnull=False).exists()


@pytest.mark.parametrize("pattern, expected", [(None, 2), ("*.txt", 1)])
def test_pattern_defaults_to_every_supported_format(gazetteer, tmp_path, pattern, expected):
    (tmp_path / "a.txt").write_text(text(XINYANG), encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(docx_bytes(text(HUANGYAN)))
    options = {"pattern": pattern} if pattern else {}
    code, out, _ = ingest(tmp_path, **options)
    assert code == 0 and f"新增 {expected} ·" in out


def test_migration_rehashes_reports_stored_before_copies_were_recognised(gazetteer, tmp_path):
    import hashlib
    import importlib

    from django.apps import apps

    rehash = importlib.import_module("reports.migrations.0009_page_meta_near_duplicates").rehash
    crlf = text(XINYANG).replace("\n", "\r\n")
    (tmp_path / "a.txt").write_bytes(crlf.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text(BEIHAI).encode("utf-8"))
    ingest(tmp_path)
    old_style = hashlib.sha256(crlf.encode("utf-8")).hexdigest()  # the hash of the text exactly as stored
    Report.objects.filter(source_name="a.txt").update(content_hash=old_style)
    untouched = Report.objects.get(source_name="b.txt").content_hash

    rehash(apps, None)

    assert Report.objects.get(source_name="a.txt").content_hash != old_style
    assert Report.objects.get(source_name="b.txt").content_hash == untouched
    # Now the LF copy of the first report is found as the same report.
    (tmp_path / "c.txt").write_text(text(XINYANG), encoding="utf-8")
    code, out, _ = ingest(tmp_path / "c.txt")
    assert code == 0 and "未变 1" in out
