"""Promises kept, public side: an agency's promises, one quantity's across the country, and the API.

Reads go through `Promise.objects` (indicators/models.py); the matching
itself is `indicators/promises.py`, run at ingest, never per request.
"""
from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from indicators.models import IndicatorType, Promise, PromiseStatus
from reports.exports import Column, export, json_value
from reports.models import MAX_ID, YEAR_MAX, YEAR_MIN, Agency, Region, is_region_code
from reports.paging import paginate

AGENCY_SECTION_ROWS = 10


def _side(request, ind, sentence):
    if ind is None:
        return None
    return {
        "report": ind.report_id, "year": ind.report.year, "value": json_value(ind.value), "unit": ind.unit,
        "qualifier": ind.qualifier or None, "kind": ind.kind, "raw": ind.raw, "sentence": sentence,
        "url": request.build_absolute_uri(ind.get_absolute_url()),
    }


def promise_json(request, promise) -> dict:
    return {
        "type": promise.indicator_type.slug, "type_name": promise.indicator_type.name,
        "agency": {"id": promise.agency_id, "name": promise.agency.name},
        "region": promise.region.code, "target_year": promise.target_year, "bound": promise.bound,
        "target": _side(request, promise.target, promise.target_sentence),
        "outcome": _side(request, promise.outcome, promise.outcome_sentence) if promise.outcome_id else None,
        "status": promise.status, "decided_by_editor": promise.decided,
    }


CSV_COLUMNS = [
    Column("agency", "发布机构", lambda p: p.agency.name),
    Column("region", "行政区划代码", lambda p: p.region.code),
    Column("type", "指标类型", lambda p: p.indicator_type.name),
    Column("target_year", "目标年度", lambda p: p.target_year),
    Column("bound", "约束", lambda p: p.get_bound_display()),
    Column("target_value", "目标值", lambda p: p.target.value),
    Column("target_unit", "目标单位", lambda p: p.target.unit),
    Column("target_raw", "目标原文", lambda p: p.target_sentence),
    Column("outcome_value", "结果值", lambda p: p.outcome.value if p.outcome_id else None),
    Column("outcome_unit", "结果单位", lambda p: p.outcome.unit if p.outcome_id else ""),
    Column("outcome_raw", "结果原文", lambda p: p.outcome_sentence),
    Column("status", "兑现情况", lambda p: p.get_status_display()),
]


def _agency(pk):
    if pk > MAX_ID:
        raise Http404("没有这个发布机构")
    return get_object_or_404(Agency.objects.select_related("region"), pk=pk)


@require_safe
def agency_promises(request, pk):
    agency = _agency(pk)
    rows = Promise.objects.of_agency(agency.pk).with_listing()
    download = export(request, rows, CSV_COLUMNS, f"promises-agency-{agency.pk}")
    if download is not None:
        return download
    page = paginate(rows, request.GET.get("page"))
    return render(request, "indicators/promises_agency.html", {
        "agency": agency, "page": page, "tally": Promise.objects.of_agency(agency.pk).tally(),
        "statuses": PromiseStatus,
    })


def _year(request):
    raw = (request.GET.get("year") or "").strip()
    if not raw:
        return None, None
    if raw.isdigit() and YEAR_MIN <= int(raw) <= YEAR_MAX:
        return int(raw), None
    return None, f"年度“{raw}”无效，应为 {YEAR_MIN}–{YEAR_MAX} 之间的年份"


def _region(request):
    code = (request.GET.get("region") or "").strip()
    if not code:
        return None, None
    if not is_region_code(code):
        return None, f"行政区划代码“{code}”无效，应为 6 位数字"
    return code, None


@require_safe
def type_promises(request, slug):
    itype = get_object_or_404(IndicatorType, slug=slug)
    year, year_error = _year(request)
    region_code, region_error = _region(request)
    errors = [e for e in (year_error, region_error) if e]
    rows = Promise.objects.none() if errors else \
        Promise.objects.of_type(itype.pk, region_code=region_code, year=year).with_listing()
    download = export(request, rows, CSV_COLUMNS, f"promises-{itype.slug}")
    if download is not None:
        return download
    page = paginate(rows, request.GET.get("page"))
    return render(request, "indicators/promises_type.html", {
        "type": itype, "page": page, "errors": errors, "year": year, "region_code": region_code or "",
        "region": Region.objects.filter(code=region_code).first() if region_code else None,
        "tally": rows.tally() if not errors else {},
    })


@require_safe
def api_agency_promises(request, pk):
    agency = _agency(pk)
    rows = Promise.objects.of_agency(agency.pk).with_listing()
    page = paginate(rows, request.GET.get("page"))
    return JsonResponse({
        "agency": {"id": agency.pk, "name": agency.name}, "count": page.count, "count_capped": page.capped,
        "page": page.number, "results": [promise_json(request, p) for p in page.rows],
    }, json_dumps_params={"ensure_ascii": False})
