"""Two editors, one row: the second save based on an older read is refused, shows both values, loses nothing."""
import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from indicators.models import Indicator, ReviewStatus
from reports import services
from reports.models import Report, Topic
from reports.versioning import ConcurrentEdit
from tests.indicators.test_admin import QUEUE, change_url, indicator_form
from tests.reports.test_admin import report_form


def editor(name):
    user = get_user_model().objects.create_user(name, password="pw-editor-2", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_editors(db):
    return editor("editor_a"), editor("editor_b")


def opened(client, url, data):
    """What the editor's browser holds after opening the page: the form values and the hidden version."""
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version, "the change page carries the version it was loaded at"
    return {**data, "version": version.group(1)}


def history(obj):
    return [e.get_change_message() for e in LogEntry.objects.filter(object_id=str(obj.pk)).order_by("action_time")]


def test_lost_update_two_editors_same_indicator(two_editors, report):
    """A lost update: A saves 111, then B saves 222 from the form she loaded before."""
    a, b = two_editors
    indicator = Indicator.objects.get(raw="1200件")
    form_a = opened(a, change_url(indicator), indicator_form(indicator))
    form_b = opened(b, change_url(indicator), indicator_form(indicator))

    assert a.post(change_url(indicator), {**form_a, "value": "111"}).status_code == 302
    response = b.post(change_url(indicator), {**form_b, "value": "222"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "保存冲突" in page and "editor_a" in page
    assert "数值：您提交的是 222，数据库现存 111" in page
    assert "审核状态：您提交的是 未审核，数据库现存 已更正" in page
    assert 'value="222"' in page  # her input is still in the form
    indicator.refresh_from_db()
    assert (indicator.value, indicator.review_status) == (Decimal("111"), ReviewStatus.CORRECTED)
    assert history(indicator) == ["数值：1200 → 111；审核状态：未审核 → 已更正（改了机器字段，自动标为已更正）"]

    # Saving again from the page she got back is deliberate: her value wins, and history says what the DB holds.
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert b.post(change_url(indicator), {**form_b, "value": "222", "version": version}).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.value, indicator.review_status) == (Decimal("222"), ReviewStatus.CORRECTED)
    assert history(indicator)[-1] == "数值：111 → 222"


def test_unrelated_newer_version_does_not_block_an_untouched_list_row(two_editors, report):
    a, b = two_editors
    rows = list(Indicator.objects.order_by("report", "start"))
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000, "_save": "保存"}
    for i, row in enumerate(rows):
        data.update({f"form-{i}-id": row.pk, f"form-{i}-name": row.name, f"form-{i}-value": str(row.value),
                     f"form-{i}-unit": row.unit, f"form-{i}-kind": row.kind, f"form-{i}-direction": row.direction,
                     f"form-{i}-review_status": row.review_status, f"form-{i}-indicator_type": "",
                     f"_version_{row.pk}": row.version})
    eight = next(i for i, row in enumerate(rows) if row.raw == "8名")
    other = next(i for i, row in enumerate(rows) if row.raw == "35场")
    # A adds a note to 35场 (not a list column) and corrects 8名's name after B loaded the list.
    Indicator.objects.filter(pk=rows[other].pk).update(editor_note="核对过", version=rows[other].version + 1)
    a.post(change_url(rows[eight]), {**indicator_form(rows[eight], name="新增调解员"), "version": rows[eight].version})

    data[f"form-{eight}-unit"] = "人"  # B's quick correction from her stale list
    response = b.post(reverse(QUEUE), data)

    page = response.content.decode()
    assert response.status_code == 200 and "保存冲突" in page
    name = rows[eight].name
    assert f"名称：您提交的是 {name}，数据库现存 新增调解员" in page and "单位：您提交的是 人，数据库现存 名" in page
    assert Indicator.objects.get(pk=rows[eight].pk).unit == "名"  # nothing of B's list was written
    assert Indicator.objects.get(pk=rows[other].pk).editor_note == "核对过"


def test_bulk_action_skips_rows_changed_since_the_list_was_loaded(two_editors, report):
    a, b = two_editors
    rows = {i.raw: i for i in Indicator.objects.all()}
    seen = {f"_version_{i.pk}": i.version for i in rows.values()}
    # A rejects 8名 after B loaded the list; B then confirms 8名 and 35场.
    a.post(reverse(QUEUE), {"action": "reject", "_selected_action": [rows["8名"].pk],
                            f"_version_{rows['8名'].pk}": rows["8名"].version})
    response = b.post(reverse(QUEUE), {"action": "confirm", "_selected_action": [rows["8名"].pk, rows["35场"].pk],
                                       **seen}, follow=True)

    page = response.content.decode()
    assert "保存冲突：1 个指标在您载入列表之后已被别人修改" in page
    assert "审核状态：您要设为 已确认，数据库现存 已驳回" in page
    assert "已确认 1 个指标" in page
    assert Indicator.objects.get(pk=rows["8名"].pk).review_status == ReviewStatus.REJECTED
    assert Indicator.objects.get(pk=rows["35场"].pk).review_status == ReviewStatus.CONFIRMED


def test_inline_review_on_the_report_page_is_checked_too(two_editors, report):
    a, b = two_editors
    data = report_form(report)
    rows = list(report.indicators.order_by("pk"))
    for i, row in enumerate(rows):
        data[f"indicators-{i}-version"] = row.version
    data["version"] = report.version
    target = next(i for i, row in enumerate(rows) if row.raw == "8名")
    a.post(change_url(rows[target]), {**indicator_form(rows[target], review_status="confirmed"),
                                      "version": rows[target].version})

    data[f"indicators-{target}-review_status"] = ReviewStatus.REJECTED
    response = b.post(reverse("admin:reports_report_change", args=[report.pk]), data)

    assert response.status_code == 200
    assert "审核状态：您提交的是 已驳回，数据库现存 已确认" in response.content.decode()
    assert Indicator.objects.get(pk=rows[target].pk).review_status == ReviewStatus.CONFIRMED


def test_report_metadata_conflict_with_a_reextract(two_editors, report):
    a, b = two_editors
    url = reverse("admin:reports_report_change", args=[report.pk])
    form = opened(b, url, report_form(report, title="新标题"))
    services.reextract_report(Report.objects.get(pk=report.pk))  # re-extract saves the report: a new version

    response = b.post(url, {**form, **{k: v for k, v in report_form(Report.objects.get(pk=report.pk)).items()
                                       if k.startswith("indicators-") or k.startswith("sections-")
                                       or k.startswith("measures-")}, "title": "新标题"})

    assert response.status_code == 200 and "保存冲突" in response.content.decode()
    assert "标题：您提交的是 新标题" in response.content.decode()
    assert Report.objects.get(pk=report.pk).title == report.title


def test_dictionary_topic_and_agency_forms_are_checked(two_editors, report):
    a, b = two_editors
    topic = Topic.objects.get(slug="legal-aid")
    url = reverse("admin:reports_topic_change", args=[topic.pk])
    base = {"slug": topic.slug, "name": topic.name, "group": topic.group, "keywords": '["法律援助"]',
            "order": topic.order}
    form_a, form_b = opened(a, url, base), opened(b, url, base)
    assert a.post(url, {**form_a, "name": "法律援助工作"}).status_code == 302
    response = b.post(url, {**form_b, "name": "法援"})
    assert "名称：您提交的是 法援，数据库现存 法律援助工作" in response.content.decode()
    assert Topic.objects.get(pk=topic.pk).name == "法律援助工作"


def test_a_stale_object_cannot_be_saved_by_any_code_path(report):
    first, second = Indicator.objects.get(raw="8名"), Indicator.objects.get(raw="8名")
    first.name = "甲"
    first.save()
    second.name = "乙"
    with pytest.raises(ConcurrentEdit):
        second.save()
    assert Indicator.objects.get(pk=first.pk).name == "甲"


def test_publish_action_leaves_a_report_changed_since_the_list_was_loaded(two_editors, report):
    a, b = two_editors
    url = reverse("admin:reports_report_changelist")
    seen = {f"_version_{report.pk}": report.version}
    a.post(url, {"action": "withdraw", "_selected_action": [report.pk], **seen})
    response = b.post(url, {"action": "publish", "_selected_action": [report.pk], **seen}, follow=True)
    assert "保存冲突：1 个报告在您载入列表之后已被别人修改" in response.content.decode()
    assert "状态：您要设为 已发布，数据库现存 已撤回" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == "withdrawn"
