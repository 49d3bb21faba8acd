"""The editorial desk for reports: who may enter, what an editor can change, and the history it leaves."""
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from indicators.models import Indicator, ReviewStatus
from reports import services
from reports.models import Report

EDITOR_PERMISSIONS = {
    ("indicators", "add_indicator"), ("indicators", "change_indicator"), ("indicators", "view_indicator"),
    ("indicators", "add_indicatortype"), ("indicators", "change_indicatortype"), ("indicators", "view_indicatortype"),
    ("reports", "view_region"), ("reports", "add_agency"), ("reports", "change_agency"), ("reports", "view_agency"),
    ("reports", "view_report"), ("reports", "change_report"), ("reports", "publish_report"),
    ("reports", "reextract_report"), ("reports", "upload_report"), ("reports", "view_section"),
    ("reports", "view_measure"),
    ("reports", "change_measure"),  # only its topics are editable (an editor decision kept on re-extract)
    ("reports", "add_topic"), ("reports", "change_topic"), ("reports", "view_topic"),
    ("indicators", "view_promise"), ("indicators", "change_promise"),  # correct a promise's match
}


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def report_form(report, **changes):
    data = {
        "title": report.title, "agency": report.agency_id, "region": report.region_id, "year": report.year,
        "period": report.period, "issued_on": report.issued_on.isoformat() if report.issued_on else "",
        "topics": list(report.topics.values_list("pk", flat=True)), "status": report.status,
        "source_url": report.source_url,
    }
    indicators = list(report.indicators.order_by("pk"))
    for prefix, rows in (("sections", report.sections.all()), ("measures", report.measures.all()),
                         ("indicators", indicators)):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows),
                     f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-report"] = report.pk
    for i, row in enumerate(indicators):
        data[f"indicators-{i}-review_status"] = row.review_status
        data[f"indicators-{i}-editor_note"] = row.editor_note
    data.update(changes)
    return data


def test_editor_group_has_exactly_the_editing_permissions(db):
    group = Group.objects.get(name="编辑")
    assert set(group.permissions.values_list("content_type__app_label", "codename")) == EDITOR_PERMISSIONS


def test_anonymous_user_is_sent_to_login(client, db):
    response = client.get(reverse("admin:reports_report_changelist"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


def test_non_staff_user_is_refused(client, db):
    user = get_user_model().objects.create_user("visitor", password="pw-visitor-1")
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    response = client.post(reverse("admin:login"), {"username": "visitor", "password": "pw-visitor-1"})
    assert response.status_code == 200 and "工作人员账户" in response.content.decode()  # a staff account is needed


def test_editor_sees_the_report_with_its_text_outline_and_indicators(editor_client, report):
    response = editor_client.get(change_url(report))
    page = response.content.decode()
    assert response.status_code == 200
    assert "加强法律援助" in page  # a section heading, inline
    assert "一是办理法律援助案件1200件" in page  # the source text / a measure
    assert "2.6万余人" in page  # an indicator, inline
    assert "在审核队列中查看" in page


def test_report_list_filters_and_search(editor_client, report):
    url = reverse("admin:reports_report_changelist")
    assert report.title in editor_client.get(url, {"province": "45", "year": "2024"}).content.decode()
    assert report.title not in editor_client.get(url, {"province": "11"}).content.decode()
    assert report.title in editor_client.get(url, {"q": "柳州市司法局"}).content.decode()
    assert editor_client.get(url, {"province": "<script>"}).status_code == 200


def test_editor_edits_metadata_and_history_shows_old_and_new(editor_client, report):
    old_title = report.title
    response = editor_client.post(change_url(report), report_form(report, title="柳州市司法局2024年度法治政府建设报告",
                                                                  period="half-year"))
    assert response.status_code == 302, response.content.decode()[:2000]

    report.refresh_from_db()
    assert report.title == "柳州市司法局2024年度法治政府建设报告"
    assert set(report.edited_fields) == {"title", "period"}
    entry = LogEntry.objects.get(object_id=str(report.pk))
    assert entry.user == editor_client.user
    assert f"标题：{old_title} → 柳州市司法局2024年度法治政府建设报告" in entry.get_change_message()
    assert "期间：年度 → 半年" in entry.get_change_message()
    history = editor_client.get(reverse("admin:reports_report_history", args=[report.pk])).content.decode()
    assert "期间：年度 → 半年" in history and "xiaoli" in history


def test_inline_review_is_stamped_and_logged(editor_client, report):
    data = report_form(report)
    rows = list(report.indicators.order_by("pk"))
    target = next(i for i, row in enumerate(rows) if row.raw == "8名")
    data[f"indicators-{target}-review_status"] = ReviewStatus.REJECTED
    data[f"indicators-{target}-editor_note"] = "不是工作成效"

    response = editor_client.post(change_url(report), data)

    assert response.status_code == 302
    rejected = Indicator.objects.get(raw="8名")
    assert rejected.review_status == ReviewStatus.REJECTED and rejected.reviewed_by == editor_client.user
    assert rejected.reviewed_at is not None and rejected.editor_note == "不是工作成效"
    report_entry = LogEntry.objects.get(object_id=str(report.pk), content_type__model="report")
    assert "审核状态：未审核 → 已驳回" in report_entry.get_change_message()
    own = LogEntry.objects.get(object_id=str(rejected.pk), content_type__model="indicator")
    assert own.get_change_message().startswith("审核状态：未审核 → 已驳回；编辑备注：（空） → 不是工作成效")


def test_invalid_metadata_is_refused_without_a_server_error(editor_client, report):
    response = editor_client.post(change_url(report), report_form(report, year="3000", title=""))
    assert response.status_code == 200
    assert Report.objects.get(pk=report.pk).year == 2024
    assert not LogEntry.objects.exists()


def test_publish_and_withdraw_actions_report_counts_and_log(editor_client, report):
    url = reverse("admin:reports_report_changelist")
    response = editor_client.post(url, {"action": "publish", "_selected_action": [report.pk]}, follow=True)
    assert "已发布 1 篇报告" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "published" and report.published_at is not None
    assert "状态：待审 → 已发布" in LogEntry.objects.get(object_id=str(report.pk)).get_change_message()

    response = editor_client.post(url, {"action": "publish", "_selected_action": [report.pk]}, follow=True)
    assert "已发布 0 篇报告，1 篇原已发布，未改动" in response.content.decode()

    editor_client.post(url, {"action": "withdraw", "_selected_action": [report.pk]})
    assert Report.objects.get(pk=report.pk).status == "withdrawn"


def test_reextract_action_keeps_decisions(editor_client, regions):  # noqa: F811
    from reports.models import Region
    from tests.conftest import SAMPLES

    # The real extractor places this sample in 柳州市 (created by the `regions` fixture).
    assert Region.objects.filter(code="450200").exists()
    from reports.pipeline import parse_file

    result = services.ingest_parsed(parse_file(SAMPLES / "000_6d2be61a73a6c314.txt"))
    rejected = Indicator.objects.filter(report_id=result.report_id).order_by("start").first()
    services.set_review_status(Indicator.objects.filter(pk=rejected.pk), ReviewStatus.REJECTED,
                               user=editor_client.user)
    count = Indicator.objects.count()

    response = editor_client.post(reverse("admin:reports_report_changelist"),
                                  {"action": "reextract", "_selected_action": [result.report_id]}, follow=True)

    assert "已重新抽取 1 篇报告" in response.content.decode()
    assert Indicator.objects.get(pk=rejected.pk).review_status == ReviewStatus.REJECTED
    assert Indicator.objects.count() == count
    assert "重新抽取" in LogEntry.objects.get(object_id=str(result.report_id)).get_change_message()


def test_editor_cannot_delete_or_add_reports(editor_client, report):
    assert editor_client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"}).status_code == 403
    assert editor_client.get(reverse("admin:reports_report_add")).status_code == 403
    assert Report.objects.filter(pk=report.pk).exists()
