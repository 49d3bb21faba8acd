"""The read-only JSON API: the same filters as the pages, the same capped paging.

    GET /api/                       an index of the endpoints and their documentation
    GET /api/openapi.json           the OpenAPI 3.1 description (reports/openapi.py)
    GET /api/docs/                  the same, as a page
    GET /api/reports/               ?region=&year=&year_from=&year_to=&period=&agency=&topic=&kind=&q=&sort=&page=
    GET /api/reports/<id>/          one report with sections, measures, indicators (410 once withdrawn)
    GET /api/measures/              the same filters as /measures/
    GET /api/indicators/            ?region=&year=&year_from=&year_to=&topic=&kind=&unit=&type=&review=&sort=&page=
    GET /api/indicator-types/       the comparable quantities

Invalid parameters answer 400 with {"errors": [...]}; nothing here writes.
"""
from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from indicators.filters import IndicatorFilter
from indicators.models import Indicator, IndicatorType
from reports import openapi
from reports.exports import json_value
from reports.filters import MeasureFilter, ReportFilter
from reports.listing import (
    MEASURE_HEAVY,
    REPORT_HEAVY,
    indicator_href,
    public_measures,
    public_reports,
    run_filter,
    topic_tags,
)
from reports.models import ReportStatus
from reports.paging import COUNT_CAP, paginate
from reports.permalinks import find_report, replacement_of


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


def _measure(request, measure) -> dict:
    return {
        "id": measure.pk,
        "number": measure.number,
        "text": measure.text,
        "year": measure.year,
        "region": measure.region.code,
        "report": measure.report_id,
        "report_title": measure.report.title,
        "agency": measure.report.agency.name,
        "start": measure.start,
        "end": measure.end,
        "topics": [t.slug for t in measure.topics.all()],
        "url": request.build_absolute_uri(measure.get_absolute_url()),
    }


@require_safe
def index(request):
    def url(name):
        return request.build_absolute_uri(reverse(f"reports:{name}"))

    return _json({
        "reports": url("api-reports"),
        "measures": url("api-measures"),
        "indicators": url("api-indicators"),
        "indicator_types": url("api-indicator-types"),
        "openapi": url("api-openapi"),
        "docs": url("api-docs"),
    })


@require_safe
def openapi_json(request):
    return _json(openapi.build_schema(request.build_absolute_uri("/")))


@require_safe
def docs(request):
    return render(request, "api/docs.html", {
        **openapi.documentation(openapi.build_schema()),
        "schema_url": request.build_absolute_uri(reverse("reports:api-openapi")),
    })


def _refused(filterset, messages):
    """400 for parameters that do not validate, or that a page would only answer with a notice."""
    if not filterset.is_valid():
        return _json({"errors": messages}, status=400)
    if filterset.notices:
        return _json({"errors": filterset.notices}, status=400)
    return None


@require_safe
def reports(request):
    queryset = public_reports().defer(*REPORT_HEAVY).prefetch_related(topic_tags())
    filterset, rows, messages = run_filter(request, ReportFilter, queryset)
    refused = _refused(filterset, messages)
    if refused:
        return refused
    page = paginate(rows, request.GET.get("page"), count_from=filterset.results.countable)
    return _json(_page_payload(request, page, [_report(request, r) for r in page.rows]))


@require_safe
def measures(request):
    queryset = public_measures().defer(*MEASURE_HEAVY).prefetch_related(topic_tags())
    filterset, rows, messages = run_filter(request, MeasureFilter, queryset)
    refused = _refused(filterset, messages)
    if refused:
        return refused
    page = paginate(rows, request.GET.get("page"), count_from=filterset.results.countable)
    return _json(_page_payload(request, page, [_measure(request, m) for m in page.rows]))


@require_safe
def report_detail(request, pk):
    report = find_report(pk)
    if report is not None and report.status == ReportStatus.WITHDRAWN and report.was_public:
        replacement = replacement_of(report)
        return _json({
            "errors": ["这份报告已撤回"],
            "withdrawn_at": json_value(report.withdrawn_at),
            "withdrawal_reason": report.withdrawal_reason,
            "replaced_by": request.build_absolute_uri(
                reverse("reports:api-report-detail", args=[replacement.pk])) if replacement else None,
        }, status=410)
    if report is None or report.status != ReportStatus.PUBLISHED:
        return _json({"errors": ["没有这份报告"]}, status=404)
    data = _report(request, report)
    data["text"] = report.source_text
    data["sections"] = [
        {"level": s.level, "number": s.number, "heading": s.heading, "start": s.start, "end": s.end}
        for s in report.sections.order_by("start")
    ]
    data["measures"] = [
        {"kind": m.kind, "marker": m.marker, "number": m.number, "text": m.text, "start": m.start, "end": m.end}
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
    refused = _refused(filterset, messages)
    if refused:
        return refused
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


