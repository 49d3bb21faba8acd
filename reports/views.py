"""The public archive: read-only pages over published reports.

Views read through QuerySet methods and FilterSets and never write. Every
list pages with a capped count (reports/paging.py) and orders by what the
models' composite indexes serve; every page runs a fixed number of queries.
"""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.views.decorators.http import require_safe

from indicators.comparison import plotted, small_multiples
from indicators.models import Indicator, IndicatorType, Promise
from reports import search, tallies
from reports.citing import report_citation
from reports.exports import export
from reports.filters import MeasureFilter, ReportFilter, TopicMeasureFilter
from reports.highlight import measure_label, render_text
from reports.listing import (
    CHART_POINTS,
    MEASURE_HEAVY,
    REPORT_EXPORT_FIELDS,
    REPORT_HEAVY,
    REPORT_UNSHOWN,
    SEARCH_INDEX,
    either,
    indicator_href,
    measure_columns,
    public_measures,
    public_reports,
    report_columns,
    run_filter,
    topic_tags,
)
from reports.models import NATIONAL_CODE, Agency, Measure, Region, Report, Topic, is_region_code
from reports.paging import TAB_COUNT_CAP, count_label, paginate
from reports.permalinks import MAX_ID, public_report_or_gone
from reports.queries import FACET_CAP, tally_facets, topic_breakdown, topic_facets, topic_measure_counts, topic_measures
from reports.querystring import canonical_redirect

AGENCY_PROMISES = 10  # the agency page shows the newest; its promises page lists them all
# Region and agency charts draw on this many of the newest reports (about 20 typed indicators each).
CHART_REPORTS = 100
# What small_multiples and the chart captions read: 400 points without JSON synonyms or notes decoded.
CHART_FIELDS = ("report_id", "start", "year", "kind", "direction", "unit", "qualifier", "comparable_value", "report_period",
                "region_id", "indicator_type_id")
CHART_TYPE_FIELDS = ("slug", "name", "unit")


# ---------------------------------------------------------------- home and lists


@require_safe
def home(request):
    # The figures come from the summary tables (reports/tallies.py), recounted by every write: never stale.
    by_year = tallies.by_year()
    summary = {"by_year": by_year, "provinces": tallies.by_province(), "total": sum(r["n"] for r in by_year),
               "topics": [{"slug": t["topic__slug"], "name": t["topic__name"], "n": t["reports"]}
                          for t in tallies.topic_counts() if t["reports"]]}
    latest = list(public_reports().defer(*REPORT_HEAVY).prefetch_related(topic_tags()).order_by("-year", "-id")[:10])
    return render(request, "reports/home.html", {**summary, "latest": latest})


@require_safe
def report_list(request):
    redirect = canonical_redirect(request, ReportFilter.default_sort())
    if redirect:
        return redirect
    queryset = public_reports().prefetch_related(topic_tags())
    filterset, rows, messages = run_filter(request, ReportFilter, queryset)
    rows = rows.defer(*(REPORT_HEAVY if filterset.query.empty else (*SEARCH_INDEX, *REPORT_UNSHOWN)))
    download = export(request, rows.only(*REPORT_EXPORT_FIELDS), report_columns(request), "reports")
    if download:
        return download
    page = paginate(rows, request.GET.get("page"), count_from=filterset.results.countable)
    for report in page.rows:
        report.snippet = search.snippet(report.source_text, filterset.query) if not filterset.query.empty else ""
    return render(request, "reports/report_list.html", {
        "filter": filterset, "page": page, "messages_list": messages, "agency": _chosen_agency(filterset),
        **_facets(filterset, rows, page, Report),
    })


def _facets(filterset, rows, page, model) -> dict:
    """Topic counts of a list: exact from the summary table when the list is narrowed by nothing finer
    than a province and a year; otherwise among its newest FACET_CAP matches (all of them when fewer)."""
    if not filterset.is_valid() or not page.count:
        return {"facets": [], "facets_capped": False}
    exact = tally_facets(filterset.form.cleaned_data, "measures" if model is Measure else "reports")
    if exact is not None:
        return {"facets": exact, "facets_capped": False}
    return {"facets": topic_facets(either(filterset.results.newest, rows), model=model),
            "facets_capped": page.capped, "facet_cap": FACET_CAP}


def _chosen_agency(filterset):
    value = filterset.form.cleaned_data.get("agency") if filterset.is_valid() else None
    return Agency.objects.filter(pk=value).first() if value else None


@require_safe
def measure_list(request):
    redirect = canonical_redirect(request, MeasureFilter.default_sort())
    if redirect:
        return redirect
    queryset = public_measures().defer(*MEASURE_HEAVY).prefetch_related(
        topic_tags(), Prefetch("indicators", queryset=Indicator.objects.public().order_by("start"))
    )
    filterset, rows, messages = run_filter(request, MeasureFilter, queryset)
    download = export(request, rows, measure_columns(request), "measures")
    if download:
        return download
    page = paginate(rows, request.GET.get("page"), count_from=filterset.results.countable)
    for measure in page.rows:
        measure.snippet = search.snippet(measure.text, filterset.query, width=80) if not filterset.query.empty else ""
    return render(request, "reports/measure_list.html", {
        "filter": filterset, "page": page, "messages_list": messages, "agency": _chosen_agency(filterset),
        **_facets(filterset, rows, page, Measure),
    })


# ---------------------------------------------------------------- browsing by topic


@require_safe
def topic_index(request):
    counts = topic_measure_counts()
    groups: dict[str, list] = defaultdict(list)
    for topic in Topic.objects.order_by("order", "slug"):
        topic.n = counts.get(topic.pk, 0)
        groups[topic.group or "其他"].append(topic)
    return render(request, "reports/topic_index.html", {"groups": dict(groups)})


@require_safe
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    queryset = topic_measures(topic).with_listing().select_related("region").defer(*MEASURE_HEAVY).prefetch_related(
        topic_tags(), Prefetch("indicators", queryset=Indicator.objects.public().order_by("start"))
    )
    filterset, rows, messages = run_filter(request, TopicMeasureFilter, queryset)
    page = paginate(rows, request.GET.get("page"), count_from=filterset.results.countable)
    for measure in page.rows:
        measure.snippet = search.snippet(measure.text, filterset.query, width=80) if not filterset.query.empty else ""
    return render(request, "reports/topic_detail.html", {
        "topic": topic, "filter": filterset, "page": page, "messages_list": messages, **topic_breakdown(topic),
    })


@require_safe
def search_view(request):
    redirect = canonical_redirect(request, "relevance")
    if redirect:
        return redirect
    kind = "measure" if request.GET.get("type") == "measure" else "report"
    report_filter, report_rows, messages = run_filter(
        request, ReportFilter, public_reports().defer(*SEARCH_INDEX, *REPORT_UNSHOWN).prefetch_related(topic_tags()),
        {"sort": "relevance"},
    )
    measure_filter, measure_rows, _ = run_filter(
        request, MeasureFilter,
        public_measures().defer(*MEASURE_HEAVY).prefetch_related(topic_tags()), {"sort": "relevance"},
    )
    query = report_filter.query
    if kind == "report":
        page = paginate(report_rows, request.GET.get("page"), count_from=report_filter.results.countable)
        other_count = count_label(either(measure_filter.results.countable, measure_rows), TAB_COUNT_CAP) if not query.empty else 0
        for report in page.rows:
            report.snippet = search.snippet(report.source_text, query)
    else:
        page = paginate(measure_rows, request.GET.get("page"), count_from=measure_filter.results.countable)
        other_count = count_label(either(report_filter.results.countable, report_rows), TAB_COUNT_CAP) if not query.empty else 0
        for measure in page.rows:
            measure.snippet = search.snippet(measure.text, query, width=80)
    if request.GET.get("q", "").strip() and query.empty:
        messages.append("检索词里没有可检索的文字，请换个说法。")
    return render(request, "reports/search.html", {
        "filter": report_filter if kind == "report" else measure_filter, "page": page, "kind": kind,
        "query": query, "messages_list": messages,
        "other_count": other_count,
    })


# ---------------------------------------------------------------- one report


@require_safe
def report_detail(request, pk, slug=None):
    """/reports/<id>/<slug>/ is canonical; /reports/<id>/ serves the same page (anchors from lists keep working)."""
    report, gone = public_report_or_gone(request, pk)
    if gone:
        return gone
    if slug is not None and slug != report.slug:
        # An old or mistyped slug: the id decides, the reader lands on the current URL.
        return HttpResponsePermanentRedirect(report.get_absolute_url())
    topics = list(report.topics.all())
    sections = list(report.sections.order_by("start"))
    measures = list(report.measures.order_by("start").defer("search_vector"))
    indicators = list(
        Indicator.objects.public().filter(report=report).select_related("indicator_type").order_by("start", "end")
    )
    by_section = defaultdict(list)
    for measure in measures:
        by_section[measure.section_id].append(measure)
    toc = []
    for section in sections:
        toc.append({"anchor": section.anchor, "label": str(section), "level": section.level})
        for measure in by_section.get(section.pk, ()):
            toc.append({"anchor": measure.anchor, "label": measure_label(measure, 26),
                        "level": section.level + 1, "measure": True})
    return render(request, "reports/report_detail.html", {
        "report": report, "topics": topics, "toc": toc, "indicators": indicators,
        "text": render_text(report.source_text, sections, measures, indicators),
        "orphans": by_section.get(None, []),
        "citation": report_citation(request, report),
        "canonical": request.build_absolute_uri(report.get_absolute_url()),
    })


# ---------------------------------------------------------------- region, agency, coverage


def _charts(indicators, label_of, limit=6):
    """One chart per indicator type, kind, period and unit (see indicators/comparison.py), most points first."""
    return small_multiples(indicators, lambda i: i.indicator_type, label_of, indicator_href, limit)


def _typed_indicators(reports):
    """The newest CHART_POINTS typed indicators of the newest CHART_REPORTS of these reports.

    Filtering indicators by a region subtree or an agency and sorting them by year would read every
    matching indicator before the top-N sort (130–330 ms at 100k reports). Instead the reports'
    own index picks the newest reports — (status, region, -year, -id) for a subtree,
    (agency, -year) for an agency — and the indicator index that starts with report_id
    (indicator_unique_span_kind) fetches only their rows.
    """
    newest = reports.order_by("-year", "-id").values("pk")[:CHART_REPORTS]
    points = list(
        plotted(Indicator.objects.public().filter(report__in=newest, indicator_type__isnull=False))
        .only(*CHART_FIELDS).order_by("-year", "-id")[:CHART_POINTS]
    )
    if not points:
        return points
    # 400 points name a dozen types and regions: each is read and built once, not once per point
    # (select_related built 800 model instances, a third of the page's time).
    types = IndicatorType.objects.only(*CHART_TYPE_FIELDS).in_bulk({p.indicator_type_id for p in points})
    regions = Region.objects.only("code", "name").in_bulk({p.region_id for p in points})
    for point in points:
        point.indicator_type = types[point.indicator_type_id]
        point.region = regions[point.region_id]
    return points


@require_safe
def region_detail(request, code):
    # `code` passed the <region:code> converter: six digits, else the URL did not match (404).
    region = get_object_or_404(Region.objects.select_related("parent__parent__parent"), code=code)
    children = list(region.children.order_by("code"))
    reports = Report.objects.published().in_region(code)
    by_year = list(reports.values("year").annotate(n=Count("id")).order_by("-year"))
    latest = list(reports.with_listing().defer(*REPORT_HEAVY).prefetch_related(topic_tags()).order_by("-year", "-id")[:20])
    indicators = _typed_indicators(reports)
    return render(request, "reports/region_detail.html", {
        "region": region, "ancestors": region.ancestors(), "children": children, "by_year": by_year,
        "latest": latest, "charts": _charts(indicators, lambda i: i.region.name),
    })


@require_safe
def agency_detail(request, pk):
    if pk > MAX_ID:
        raise Http404("没有这个发布机构")
    agency = get_object_or_404(Agency.objects.select_related("region__parent__parent__parent"), pk=pk)
    reports = list(
        Report.objects.published().filter(agency=agency).defer(*REPORT_HEAVY).order_by("-year", "-id")[:200]
    )
    by_year = defaultdict(list)
    earliest = {}
    for report in reports:
        by_year[report.year].append(report)
        earliest[report.period] = report.pk  # newest first: the last seen is the earliest of its period
    for report in reports:
        report.has_earlier = earliest[report.period] != report.pk
    indicators = _typed_indicators(Report.objects.published().filter(agency=agency))
    promises = Promise.objects.of_agency(agency.pk)
    return render(request, "reports/agency_detail.html", {
        "agency": agency, "by_year": sorted(by_year.items(), reverse=True),
        "charts": _charts(indicators, lambda i: agency.name),
        "promises": list(promises.with_listing()[:AGENCY_PROMISES]), "tally": promises.tally(),
    })


@require_safe
def coverage(request):
    """Region × year: how many published reports the archive holds; provinces, or one province's cities."""
    code = request.GET.get("region", "")
    parent = None
    # 全国 holds every province: its coverage is the whole table (and its own row does not drill down).
    if is_region_code(code) and code.endswith("0000") and code != NATIONAL_CODE:
        parent = Region.objects.filter(code=code).first()
    return render(request, "reports/coverage.html", _coverage(parent))


def _coverage(parent):
    cells = defaultdict(dict)
    years = set()
    for row_code, year, n in tallies.coverage_cells(parent.code if parent else None):
        cells[row_code][year] = cells[row_code].get(year, 0) + n
        years.add(year)
    names = dict(Region.objects.filter(code__in=list(cells)).values_list("code", "name"))
    years = sorted(years)
    rows = []
    for row_code in sorted(cells):
        label = names.get(row_code, row_code)
        if parent and row_code == parent.code:
            label = f"{parent.name}（本级）"
        rows.append({"code": row_code, "name": label, "cells": [{"year": y, "n": cells[row_code].get(y, 0)} for y in years],
                     "drill": not parent and row_code != NATIONAL_CODE})
    return {"parent": parent, "years": years, "rows": rows}


# ---------------------------------------------------------------- errors


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: whatever broke may be in a context processor.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
