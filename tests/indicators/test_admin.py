"""The review queue: an editor corrects, confirms and rejects indicators, and the history shows it."""
from decimal import Decimal

from django.contrib.admin.models import LogEntry
from django.urls import reverse

from indicators.models import Indicator, Origin, ReviewStatus
from reports import services
from tests.builders import TEXT, at, make_parsed

QUEUE = "admin:indicators_indicator_changelist"


def change_url(indicator):
    return reverse("admin:indicators_indicator_change", args=[indicator.pk])


def indicator_form(indicator, **changes):
    data = {
        "name": indicator.name, "value": str(indicator.value), "unit": indicator.unit, "raw": indicator.raw,
        "qualifier": indicator.qualifier, "kind": indicator.kind, "direction": indicator.direction,
        "start": indicator.start, "end": indicator.end, "topic": indicator.topic_id or "",
        "indicator_type": indicator.indicator_type_id or "", "review_status": indicator.review_status,
        "editor_note": indicator.editor_note,
    }
    data.update(changes)
    return data


def test_editor_corrects_an_indicator_and_the_history_shows_it(editor_client, report):
    """An editor's whole round: log in, correct, see who changed what from what."""
    indicator = Indicator.objects.get(raw="1200件")

    response = editor_client.post(change_url(indicator), indicator_form(indicator, value="1300"))

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.value == Decimal("1300")
    assert indicator.review_status == ReviewStatus.CORRECTED  # so a re-extract keeps the correction
    assert indicator.reviewed_by == editor_client.user and indicator.reviewed_at is not None
    history = editor_client.get(reverse("admin:indicators_indicator_history", args=[indicator.pk]))
    page = history.content.decode()
    assert "数值：1200 → 1300" in page
    assert "审核状态：未审核 → 已更正" in page
    assert "xiaoli" in page


def test_change_page_shows_the_sentence_with_the_number_highlighted(editor_client, report):
    indicator = Indicator.objects.get(raw="12.5%")
    page = editor_client.get(change_url(indicator)).content.decode()
    assert "办理法律援助案件1200件，同比上升<mark" in page
    assert ">12.5%</mark>。" in page


def test_sentence_is_escaped(editor_client, regions):
    text = TEXT.replace("基层力量不足", "<script>alert(1)</script>")
    services.ingest_parsed(make_parsed(text))
    page = editor_client.get(reverse(QUEUE), {"q": "8名"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    # The list shows a few words either side of the number (the change page shows the whole sentence).
    assert "&lt;/script&gt;，全年仅新增人民调解员<mark" in page


def test_queue_filters_and_search(editor_client, report):
    services.set_review_status(Indicator.objects.filter(raw="35场"), ReviewStatus.CONFIRMED, user=editor_client.user)

    def shown(**params):
        page = editor_client.get(reverse(QUEUE), params).content.decode()
        return {raw for raw in Indicator.objects.values_list("raw", flat=True) if f">{raw}</mark>" in page}

    assert shown(review_status__exact="unreviewed") == {"1200件", "12.5%", "2.6万余人", "8名"}
    assert shown(review_status__exact="confirmed") == {"35场"}
    assert shown(kind__exact="change") == {"12.5%"}
    assert shown(unit="%") == {"12.5%"}
    assert shown(q="调解员") == {"8名"}
    assert shown(province="45", year="2024", decided="yes") == {"35场"}
    assert shown(province="11") == set()


def test_quick_correction_from_the_list(editor_client, report):
    rows = list(Indicator.objects.order_by("report", "start"))
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000, "_save": "保存"}
    for i, row in enumerate(rows):
        data.update({f"form-{i}-id": row.pk, f"form-{i}-name": row.name, f"form-{i}-value": str(row.value),
                     f"form-{i}-unit": row.unit, f"form-{i}-kind": row.kind, f"form-{i}-direction": row.direction,
                     f"form-{i}-review_status": row.review_status})
    eight = next(i for i, row in enumerate(rows) if row.raw == "8名")
    people = next(i for i, row in enumerate(rows) if row.raw == "35场")
    data[f"form-{eight}-unit"] = "人"
    data[f"form-{people}-review_status"] = ReviewStatus.REJECTED

    response = editor_client.post(reverse(QUEUE), data)

    assert response.status_code == 302, response.content.decode()[-3000:]
    corrected, rejected = Indicator.objects.get(raw="8名"), Indicator.objects.get(raw="35场")
    assert (corrected.unit, corrected.review_status) == ("人", ReviewStatus.CORRECTED)
    assert rejected.review_status == ReviewStatus.REJECTED and rejected.reviewed_by == editor_client.user
    assert "单位：名 → 人" in LogEntry.objects.get(object_id=str(corrected.pk)).get_change_message()
    assert Indicator.objects.filter(review_status=ReviewStatus.UNREVIEWED).count() == 3


def test_a_change_without_direction_is_refused_not_a_server_error(editor_client, report):
    indicator = Indicator.objects.get(raw="35场")
    response = editor_client.post(change_url(indicator), indicator_form(indicator, kind="change", direction=""))
    assert response.status_code == 200 and "须注明上升或下降" in response.content.decode()
    assert Indicator.objects.get(pk=indicator.pk).kind == "value"


def test_bulk_confirm_and_reject_report_what_they_did(editor_client, report):
    ids = list(Indicator.objects.filter(raw__in=["1200件", "12.5%"]).values_list("pk", flat=True))
    response = editor_client.post(reverse(QUEUE), {"action": "confirm", "_selected_action": ids}, follow=True)
    assert "已确认 2 个指标（2 个原为未审核）。" in response.content.decode()
    assert set(Indicator.objects.filter(pk__in=ids).values_list("review_status", flat=True)) == {"confirmed"}

    all_ids = list(Indicator.objects.values_list("pk", flat=True))
    response = editor_client.post(reverse(QUEUE), {"action": "confirm", "_selected_action": all_ids}, follow=True)
    assert "已确认 3 个指标（3 个原为未审核）；2 个原已是已确认，未改动。" in response.content.decode()

    response = editor_client.post(reverse(QUEUE), {"action": "reject", "_selected_action": ids[:1]}, follow=True)
    assert "已驳回 1 个指标（1 个原为已确认）。" in response.content.decode()
    entries = LogEntry.objects.filter(object_id=str(ids[0])).order_by("action_time")
    assert [e.get_change_message() for e in entries] == [
        "审核状态：未审核 → 已确认（批量操作）", "审核状态：已确认 → 已驳回（批量操作）",
    ]


def test_editor_adds_an_indicator_that_reextract_keeps(editor_client, report):
    start, end = at(TEXT, "8名")
    data = indicator_form(Indicator(report=report, name="", value=Decimal("0"), unit="", raw="", start=0, end=0),
                          report=report.pk, name="新增人民调解员", value="8", unit="名", raw="8名", start=start,
                          end=end, kind="target", review_status="confirmed")

    response = editor_client.post(reverse("admin:indicators_indicator_add"), data)

    assert response.status_code == 302, response.content.decode()[-2000:]
    added = Indicator.objects.get(raw="8名", kind="target")
    assert added.origin == Origin.EDITOR and added.region == report.region and added.year == 2024
    services.ingest_parsed(make_parsed(), reextract=True)
    assert Indicator.objects.filter(pk=added.pk).exists()


def test_span_outside_the_report_is_refused(editor_client, report):
    data = indicator_form(Indicator(report=report, name="", value=Decimal("0"), unit="", raw="", start=0, end=0),
                          report=report.pk, name="越界", value="1", unit="件", raw="1件", start=len(TEXT), end=len(TEXT) + 2)
    response = editor_client.post(reverse("admin:indicators_indicator_add"), data)
    assert response.status_code == 200 and "超出报告原文" in response.content.decode()
    assert not Indicator.objects.filter(name="越界").exists()


def test_editor_cannot_delete_an_indicator(editor_client, report):
    indicator = Indicator.objects.first()
    url = reverse("admin:indicators_indicator_delete", args=[indicator.pk])
    assert editor_client.post(url, {"post": "yes"}).status_code == 403


def test_queue_shows_values_without_trailing_zeros(editor_client, report):
    page = editor_client.get(reverse(QUEUE), {"q": "1200件"}).content.decode()
    assert 'value="1200"' in page
    assert "1200.000000" not in page
