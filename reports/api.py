"""The read-only JSON API: the same filters as the pages, the same capped paging.

    GET /api/                       an index of the endpoints
    GET /api/reports/               ?region=&year=&period=&agency=&topic=&kind=&q=&sort=&page=
    GET /api/reports/<id>/          one report with sections, measures, indicators
    GET /api/indicators/            ?region=&year=&topic=&kind=&unit=&type=&review=&sort=&page=
    GET /api/indicator-types/       the comparable quantities

Invalid parameters answer 400 with {"errors": [...]}; nothing here writes.
"""
from __future__ import annotations

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from indicators.filters import IndicatorFilter
from indicators.models import Indicator, IndicatorType
from reports.exports import json_value
from reports.filters import ReportFilter
from reports.paging import COUNT_CAP, paginate
from reports.views import MAX_ID, REPORT_HEAVY, countable, indicator_href, public_reports, run_filter


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _report(request, report) -> dict:
    return {
        "id": report.pk,
        "title": report.title,
        "agency": {"id": report.agency_id, "name": report.agency.name, "kind": report.agency.kind},
        "region": {"code": report.region.code, "name": report.region.name, "full_name": report.region.full_name},
        "year": report.year,
        "period": report.period,
        "issued_on": json_value(report.issued_on),
        "source_url": report.source_url,
        "topics": [t.slug for t in report.topics.all()],
        "url": request.build_absolute_uri(report.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("reports:api-report-detail", args=[report.pk])),
    }


def _indicator(request, ind) -> dict:
    return {
        "id": ind.pk,
        "name": ind.name,
        "type": ind.indicator_type.slug if ind.indicator_type else None,
        "value": json_value(ind.value),
        "unit": ind.unit,
        "raw": ind.raw,
        "qualifier": ind.qualifier or None,
        "kind": ind.kind,
        "direction": ind.direction or None,
        "year": ind.year,
        "region": ind.region.code,
        "topic": ind.topic.slug if ind.topic else None,
        "report": ind.report_id,
        "start": ind.start,
        "end": ind.end,
        "review_status": ind.review_status,
        "url": request.build_absolute_uri(indicator_href(ind)),
    }


def _page_payload(request, page, items):
    def link(number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": page.count,
        "count_capped": page.capped,  # true: more than `count` rows match; narrow the filters to see them
        "count_cap": COUNT_CAP,
        "page": page.number,
        "next": link(page.next_number) if page.has_next else None,
        "previous": link(page.previous_number) if page.has_previous else None,
        "results": items,
    }


@require_safe
def index(request):
    return _json({
        "reports": request.build_absolute_uri(reverse("reports:api-reports")),
        "indicators": request.build_absolute_uri(reverse("reports:api-indicators")),
        "indicator_types": request.build_absolute_uri(reverse("reports:api-indicator-types")),
    })


@require_safe
def reports(request):
    queryset = public_reports().defer(*REPORT_HEAVY).prefetch_related("topics")
    filterset, rows, messages = run_filter(request, ReportFilter, queryset)
    if not filterset.is_valid():
        return _json({"errors": messages}, status=400)
    page = paginate(rows, request.GET.get("page"), count_from=countable(filterset))
    return _json(_page_payload(request, page, [_report(request, r) for r in page.rows]))


@require_safe
def report_detail(request, pk):
    if pk > MAX_ID:
        raise Http404
    report = public_reports().defer("search_document", "search_vector").prefetch_related("topics").filter(pk=pk).first()
    if report is None:
        return _json({"errors": ["没有这份报告"]}, status=404)
    data = _report(request, report)
    data["text"] = report.source_text
    data["sections"] = [
        {"level": s.level, "number": s.number, "heading": s.heading, "start": s.start, "end": s.end}
        for s in report.sections.order_by("start")
    ]
    data["measures"] = [
        {"number": m.number, "text": m.text, "start": m.start, "end": m.end}
        for m in report.measures.order_by("start").defer("search_vector")
    ]
    indicators = Indicator.objects.public().filter(report=report).select_related("indicator_type", "topic", "region")
    data["indicators"] = [_indicator(request, i) for i in indicators.order_by("start")]
    return _json(data)


@require_safe
def indicators(request):
    queryset = (
        Indicator.objects.public().select_related("indicator_type", "topic", "region")
    )
    filterset, rows, messages = run_filter(request, IndicatorFilter, queryset)
    if not filterset.is_valid():
        return _json({"errors": messages}, status=400)
    page = paginate(rows, request.GET.get("page"))
    return _json(_page_payload(request, page, [_indicator(request, i) for i in page.rows]))


@require_safe
def indicator_types(request):
    types = IndicatorType.objects.select_related("topic").order_by("name")
    return _json({"results": [
        {"slug": t.slug, "name": t.name, "unit": t.unit, "topic": t.topic.slug if t.topic else None,
         "synonyms": t.synonyms, "url": request.build_absolute_uri(t.get_absolute_url())}
        for t in types
    ]})


