"""Public indicator pages: the filtered list and one indicator type across regions and years."""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from indicators.charts import bar_chart
from indicators.comparison import (
    TOP_BARS,
    TOP_LINES,
    bar_points,
    fill,
    groups_of,
    plotted_rows,
    svg_of,
    title_of,
)
from indicators.filters import IndicatorFilter, TypeIndicatorFilter
from indicators.formatting import qualifier_word
from indicators.models import Direction, Indicator, IndicatorType, Kind, Qualifier, ReviewStatus
from indicators.queries import MAX_TYPE_QUERY, matches, type_coverage
from reports import pagecache
from reports.exports import Column, Table, csv_response, export
from reports.links import url_former
from reports.listing import indicator_href, run_filter, site_root
from reports.models import Period
from reports.paging import paginate
from reports.querystring import canonical_redirect

CHART_CACHE_SECONDS = 300
# What a list row needs from the report: never its text.
REPORT_LIGHT = ("report__source_text", "report__search_document", "report__search_vector")


def public_indicators():
    return Indicator.objects.public().with_listing().select_related("region").defer(*REPORT_LIGHT)


# Labels of the coded columns, looked up per row of an export.
QUALIFIER_LABELS = {k: v for k, v in Qualifier.choices if k}
KIND_LABELS, REVIEW_LABELS = dict(Kind.choices), dict(ReviewStatus.choices)
DIRECTION_LABELS = {k: v for k, v in Direction.choices if k}


def indicator_table(request) -> Table:
    """The indicator export: a whole province-year is tens of thousands of rows, read as tuples."""
    root = site_root(request)
    report_url = url_former("reports:report-detail")

    def cells(row):
        (pk, name, type_name, value, unit, raw, qualifier, kind, direction, year, region_name, region_code,
         agency, report_id, topic, review, start) = row
        return [
            pk, name, type_name or "", value, unit, raw, QUALIFIER_LABELS.get(qualifier, ""), KIND_LABELS[kind],
            DIRECTION_LABELS.get(direction, ""), year, region_name, region_code, agency, report_id, topic or "",
            REVIEW_LABELS[review], f"{root}{report_url(report_id)}#i-{start}",
        ]

    return Table(
        columns=(("id", "编号"), ("name", "名称"), ("type", "指标类型"), ("value", "数值"), ("unit", "单位"),
                 ("raw", "原文"), ("qualifier", "限定"), ("kind", "指标性质"), ("direction", "方向"), ("year", "年度"),
                 ("region", "地区"), ("region_code", "行政区划代码"), ("agency", "发布机构"), ("report_id", "报告编号"),
                 ("topic", "主题"), ("review_status", "审核状态"), ("url", "原文位置")),
        fields=("id", "name", "indicator_type__name", "value", "unit", "raw", "qualifier", "kind", "direction", "year",
                "region__name", "region__code", "report__agency__name", "report_id", "topic__name", "review_status",
                "start"),
        cells=cells,
    )


@require_safe
def indicator_list(request):
    redirect = canonical_redirect(request, IndicatorFilter.default_sort())
    if redirect:
        return redirect
    filterset, rows, messages = run_filter(request, IndicatorFilter, public_indicators())
    download = export(request, rows, indicator_table(request), "indicators")
    if download:
        return download
    page = paginate(rows, request.GET.get("page"))
    return render(request, "indicators/indicator_list.html", {
        "filter": filterset, "page": page, "messages_list": messages,
    })


@require_safe
def type_list(request):
    query = (request.GET.get("q") or "").strip()[:MAX_TYPE_QUERY]
    types = list(IndicatorType.objects.select_related("topic").order_by("topic__order", "topic__name", "name"))
    if query:
        types = [t for t in types if matches(t, query)]
    coverage = type_coverage()
    groups = {}
    for itype in types:
        itype.reports, itype.regions = coverage.get(itype.pk, (0, 0))
        topic = itype.topic.name if itype.topic else "其他"
        groups.setdefault(topic, []).append(itype)
    return render(request, "indicators/type_list.html", {
        "groups": list(groups.items()), "query": query, "total": len(types),
    })


def _families(rows, itype, bar_year):
    groups = groups_of(rows, itype.unit)
    fill(rows, groups, itype.unit, bar_year)
    return groups


def _chart_key(itype, filterset) -> str | None:
    """What the charts depend on: the type and the filters as cleaned (None when they do not validate)."""
    if not filterset.is_valid():
        return None
    chosen = sorted((k, str(v)) for k, v in filterset.form.cleaned_data.items() if v not in (None, "") and k != "sort")
    return hashlib.sha256(repr((itype.pk, itype.unit, chosen)).encode()).hexdigest()


def _groups(key, rows, itype, filterset):
    if key is None:
        return []
    bar_year = filterset.form.cleaned_data.get("bar_year")
    return cache.get_or_set(pagecache.scoped(f"public:type-charts:{key}"), lambda: _families(rows, itype, bar_year), CHART_CACHE_SECONDS)


def _comparison(request, itype):
    """The type page's filters and chart families with their points: a fixed number of queries.

    Grouping every point of a widely reported type costs 0.1–0.3 s at ~60,000 points
    (bench/bench_type_pages.py). Kept a few minutes, and per revision when the page cache is on
    (pagecache.scoped), so a cached page never shows charts older than itself.
    """
    queryset = public_indicators().filter(indicator_type=itype)
    filterset, rows, messages = run_filter(request, TypeIndicatorFilter, queryset)
    return filterset, rows, messages, _chart_key(itype, filterset)


def _charts_html(request, itype, groups) -> str:
    if not groups:
        return ""
    for group in groups:
        group.bar_rows = list(zip(group.bars, bar_points(group, indicator_href), strict=True))
        group.bar_svg = bar_chart([point for _, point in group.bar_rows], group.unit,
                                  title_of(itype, group, "bar"), target=group.target)
        group.line_svg = svg_of(itype, group, "line", indicator_href)
    return render_to_string("indicators/_type_charts.html", {
        "type": itype, "groups": groups, "top_bars": TOP_BARS, "top_lines": TOP_LINES,
        "query_string": request.GET.urlencode(),
    }, request=request)


@require_safe
def type_detail(request, slug):
    itype = get_object_or_404(IndicatorType.objects.select_related("topic"), slug=slug)
    filterset, rows, messages, key = _comparison(request, itype)
    charts = ""
    if key is not None:
        # The drawn charts are kept as HTML beside their families: a repeat visit neither unpickles
        # ~1,000 indicators nor draws them again. The links in them carry the whole query string.
        page_key = pagecache.scoped(
            f"public:type-page:{key}:{hashlib.sha256(request.GET.urlencode().encode()).hexdigest()}")
        charts = cache.get(page_key)
        if charts is None:
            charts = _charts_html(request, itype, _groups(key, rows, itype, filterset))
            cache.set(page_key, charts, CHART_CACHE_SECONDS)
    return render(request, "indicators/type_detail.html", {
        "type": itype, "filter": filterset, "charts": charts, "messages_list": messages,
    })


def _chart_group(request, slug, shape, key):
    itype = get_object_or_404(IndicatorType.objects.select_related("topic"), slug=slug)
    filterset, rows, _, charts_key = _comparison(request, itype)
    group = next((g for g in _groups(charts_key, rows, itype, filterset) if g.key == key), None)
    if group is None:
        raise Http404("没有这张图")
    return itype, group


def plotted_columns(request, group):
    return [
        Column("region", "地区", lambda i: i.region.name),
        Column("region_code", "行政区划代码", lambda i: i.region.code),
        Column("year", "年度", lambda i: i.year),
        Column("period", "报告期间", lambda i: Period(i.period).label),
        Column("kind", "类型", lambda i: i.get_kind_display()),
        Column("qualifier", "限定", lambda i: qualifier_word(i.qualifier)),
        Column("direction", "方向", lambda i: i.get_direction_display() if i.direction else ""),
        Column("value", "图中数值", lambda i: i.comparable_value),
        Column("unit", "图中单位", lambda i: group.unit),
        Column("raw", "原文", lambda i: i.raw),
        Column("name", "名称", lambda i: i.name),
        Column("agency", "发布机构", lambda i: i.agency_name),
        Column("report_id", "报告编号", lambda i: i.report_id),
        Column("url", "原文位置", lambda i: request.build_absolute_uri(indicator_href(i))),
    ]


@require_safe
def type_chart_csv(request, slug, shape, key):
    """Exactly the points one chart draws, raw numbers (the chart rounds them for reading)."""
    itype, group = _chart_group(request, slug, shape, key)
    return csv_response(plotted_rows(group, shape), plotted_columns(request, group), f"{itype.slug}-{shape}-{key}")


@require_safe
def type_chart_svg(request, slug, shape, key):
    """The chart as a file; its points link to the archive by absolute address."""
    itype, group = _chart_group(request, slug, shape, key)
    svg = svg_of(itype, group, shape, lambda i: request.build_absolute_uri(indicator_href(i)))
    response = HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n' + svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{itype.slug}-{shape}-{key}.svg"'
    return response
