"""上传报告 in admin: permission, dry run, drafts through the ingest service, errors named per file."""
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Report
from tests.conftest import SAMPLES
from tests.documents_factory import docx_bytes, page_html
from tests.reports.test_ingest_command import gazetteer, gazetteer_once  # noqa: F401  (fixtures)

UPLOAD = "admin:reports_report_upload"
XINYANG = (SAMPLES / "003_c00ca69fb3eee698.txt").read_text(encoding="utf-8")
HUANGYAN = (SAMPLES / "001_69a345469985f6fc.txt").read_text(encoding="utf-8")


def upload(client, *files, dry_run=False):
    data = {"files": [SimpleUploadedFile(name, content) for name, content in files]}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse(UPLOAD), data)


def test_staff_without_the_permission_cannot_upload(client, db):
    user = get_user_model().objects.create_user("kan", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse(UPLOAD)).status_code == 403
    assert client.post(reverse(UPLOAD), {}).status_code == 403
    assert not Report.objects.exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse(UPLOAD))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_report_list_links_to_upload_for_editors(editor_client):
    page = editor_client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert f'href="{reverse(UPLOAD)}"' in page and "上传报告" in page
    form = editor_client.get(reverse(UPLOAD)).content.decode()
    assert 'name="files"' in form and "multiple" in form and 'name="dry_run"' in form


def test_upload_saves_drafts_and_shows_what_was_extracted(editor_client, gazetteer):
    response = upload(editor_client, ("信阳.docx", docx_bytes(XINYANG)), ("黄岩.htm", page_html(HUANGYAN, encoding="gbk")))

    assert response.status_code == 200
    page = response.content.decode()
    reports = {r.source_name: r for r in Report.objects.all()}
    assert set(reports) == {"信阳.docx", "黄岩.htm"}
    for report in reports.values():
        assert report.status == "draft"
        assert reverse("admin:reports_report_change", args=[report.pk]) in page
        assert report.title in page and report.agency.name in page
        assert f"{report.sections.count()} / {report.measures.count()} / {report.indicators.count()}" in page
    assert "信阳市司法局" in page and "411500" in page and "2023" in page
    assert "导入结果：2 个文件" in page
    # History says where each report came from.
    logged = LogEntry.objects.get(object_id=str(reports["信阳.docx"].pk))
    assert logged.is_addition() and "上传文件 信阳.docx" in logged.get_change_message()


def test_a_title_longer_than_its_column_is_named_on_the_result(editor_client, gazetteer):
    title = "信阳市司法局" + "关于" * 150 + "2023年法治政府建设年度报告"
    text = f"标题：{title}\n发布机构：信阳市司法局\n\n{XINYANG}"

    page = upload(editor_client, ("信阳.txt", text.encode())).content.decode()

    assert "已截断" in page and f"报告标题超过 255 字，已截断：{title[:20]}" in page
    assert Report.objects.get().title == title[:255]


def test_dry_run_previews_without_saving(editor_client, gazetteer):
    response = upload(editor_client, ("信阳.docx", docx_bytes(XINYANG)), dry_run=True)
    page = response.content.decode()
    assert response.status_code == 200 and "预览结果（未保存）" in page
    assert "信阳市司法局" in page and "新增" in page
    assert not Report.objects.exists()


def test_errors_are_named_per_file_and_the_others_still_go_in(editor_client, gazetteer, settings):
    settings.INGEST_MAX_BYTES = 200_000
    files = [
        ("旧版.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)),
        ("空白.txt", b""),
        ("无地区.txt", "这是一段没有地区、没有年份也没有机构的文字。".encode()),
        ("太大.txt", "办理案件920件。".encode() * 20_000),
        ("信阳.txt", XINYANG.encode("utf-8")),
    ]
    response = upload(editor_client, *files)

    page = response.content.decode()
    assert response.status_code == 200 and "5 个文件，4 个失败" in page
    assert "旧版.doc：这是旧版 Word 文档（.doc）" in page
    assert "空白.txt：文件是空的" in page
    assert "无地区.txt：未能识别" in page
    assert "太大.txt：文件大小" in page and "超过上限" in page
    assert Report.objects.get().source_name == "信阳.txt"


def test_the_same_text_again_is_unchanged(editor_client, gazetteer):
    upload(editor_client, ("a.txt", XINYANG.encode()))
    page = upload(editor_client, ("b.txt", XINYANG.replace("\n", "\r\n").encode())).content.decode()
    assert "未变" in page and Report.objects.count() == 1


def test_no_file_is_a_form_error(editor_client, db):
    response = editor_client.post(reverse(UPLOAD), {})
    assert response.status_code == 200 and "请选择至少一个文件" in response.content.decode()


def test_an_upload_over_the_count_limits_is_refused_and_nothing_is_written(editor_client, gazetteer, settings):
    # The same limits as `manage.py ingest`: a file that yields more than a report holds is not one.
    settings.INGEST_MAX_INDICATORS = 2
    page = upload(editor_client, ("信阳.txt", XINYANG.encode("utf-8"))).content.decode()
    assert "1 个文件，1 个失败" in page
    assert "信阳.txt：抽取出" in page and "个指标，超过上限 2（INGEST_MAX_INDICATORS）" in page
    assert not Report.objects.exists()
