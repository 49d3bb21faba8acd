"""The review desk for volume: opens on 未审核, least certain first, type set from the list, save and next."""
import re

from django.contrib.admin.models import LogEntry
from django.urls import reverse

from indicators.models import Indicator, IndicatorType, ReviewStatus
from tests.indicators.test_admin import QUEUE, change_url, indicator_form


def test_the_queue_opens_on_unreviewed_and_all_is_explicit(editor_client, report):
    Indicator.objects.filter(raw="35场").update(review_status=ReviewStatus.CONFIRMED, reviewed_at="2025-01-01T00:00Z")
    response = editor_client.get(reverse(QUEUE))
    assert response.status_code == 302 and response["Location"].endswith("?review_status__exact=unreviewed")
    page = editor_client.get(response["Location"]).content.decode()
    assert ">35场</mark>" not in page and ">8名</mark>" in page
    assert "review_status__exact=all" in page  # 全部 is a link of its own, not the bare list
    everything = editor_client.get(reverse(QUEUE), {"review_status__exact": "all"}).content.decode()
    assert ">35场</mark>" in everything


def test_least_certain_first_and_filter_by_confidence(editor_client, report):
    Indicator.objects.filter(raw="8名").update(confidence=0.4)
    Indicator.objects.filter(raw="35场").update(confidence=0.75)
    page = editor_client.get(reverse(QUEUE), {"review_status__exact": "unreviewed"}).content.decode()
    order = re.findall(r">([^<>]+)</mark>", page)
    assert order[:2] == ["8名", "35场"]
    low = editor_client.get(reverse(QUEUE), {"confidence": "low"}).content.decode()
    assert re.findall(r">([^<>]+)</mark>", low) == ["8名"]
    assert 'class="confidence doubtful" title="置信度">0.40' in low


def test_type_is_set_from_the_list_and_logged(editor_client, report):
    kind = IndicatorType.objects.create(slug="mediators", name="新增人民调解员数", unit="名")
    rows = list(Indicator.objects.order_by("confidence", "report", "start"))
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000, "_save": "保存"}
    for i, row in enumerate(rows):
        data.update({f"form-{i}-id": row.pk, f"form-{i}-name": row.name, f"form-{i}-value": str(row.value),
                     f"form-{i}-unit": row.unit, f"form-{i}-indicator_type": "",
                     f"form-{i}-review_status": row.review_status, f"_version_{row.pk}": row.version})
    target = next(i for i, row in enumerate(rows) if row.raw == "8名")
    data[f"form-{target}-indicator_type"] = kind.pk

    response = editor_client.post(reverse(QUEUE) + "?review_status__exact=unreviewed", data)

    assert response.status_code == 302, response.content.decode()[-2000:]
    saved = Indicator.objects.get(raw="8名")
    assert saved.indicator_type == kind and saved.review_status == ReviewStatus.CORRECTED
    message = LogEntry.objects.get(object_id=str(saved.pk)).get_change_message()
    assert "指标类型：（空） → 新增人民调解员数（名）" in message and "审核状态：未审核 → 已更正" in message


def test_save_and_review_next_opens_the_next_unreviewed(editor_client, report):
    Indicator.objects.filter(raw="1200件").update(confidence=0.3)
    Indicator.objects.filter(raw="12.5%").update(confidence=0.5)
    first, second = Indicator.objects.get(raw="1200件"), Indicator.objects.get(raw="12.5%")
    page = editor_client.get(change_url(first)).content.decode()
    assert 'name="_savenext"' in page and 'id="review-skip"' in page and f"/indicator/{second.pk}/change/" in page

    response = editor_client.post(change_url(first), {**indicator_form(first, review_status="confirmed"),
                                                      "version": first.version, "_savenext": "保存并审核下一条"},
                                  follow=True)

    first.refresh_from_db()
    assert first.review_status == ReviewStatus.CONFIRMED
    assert response.redirect_chain[-1][0].startswith(change_url(second))
    assert "已保存指标" in response.content.decode() and "下面是下一条未审核的指标" in response.content.decode()


def test_save_and_next_within_the_filter_and_back_to_the_list_when_done(editor_client, report):
    only = Indicator.objects.get(raw="8名")
    filters = "review_status__exact=unreviewed&q=%E8%B0%83%E8%A7%A3%E5%91%98"  # q=调解员: just 8名
    url = change_url(only) + "?_changelist_filters=" + filters.replace("&", "%26").replace("=", "%3D")
    response = editor_client.post(url, {**indicator_form(only, review_status="rejected"), "version": only.version,
                                        "_savenext": "保存并审核下一条"})
    assert response.status_code == 302 and response["Location"] == reverse(QUEUE) + "?" + filters
    assert Indicator.objects.get(pk=only.pk).review_status == ReviewStatus.REJECTED


def test_the_list_costs_the_same_queries_for_more_rows(editor_client, report, regions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports import services
    from reports.text.types import RegionRef
    from tests.builders import TEXT, make_parsed

    kind = IndicatorType.objects.create(slug="cases", name="案件数", unit="件")
    Indicator.objects.update(indicator_type=kind)  # every row renders its chosen type

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(reverse(QUEUE), {"review_status__exact": "all"}).status_code == 200
        return len(captured)

    few = queries()
    other = TEXT.replace("柳州市", "桂林市")
    services.ingest_parsed(make_parsed(other, agency="桂林市司法局", region=RegionRef(code="450300")))
    Indicator.objects.update(indicator_type=kind)
    assert Indicator.objects.count() == 10 and queries() == few
