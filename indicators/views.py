"""Public indicator pages: the filtered list and one indicator type across regions and years."""
from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from indicators.charts import line_chart, series_by
from indicators.filters import IndicatorFilter, TypeIndicatorFilter
from indicators.models import Indicator, IndicatorType
from reports.exports import Column, export
from reports.paging import paginate
from reports.views import CHART_POINTS, indicator_href, run_filter, site_root

# What a list row needs from the report: never its text.
REPORT_LIGHT = ("report__source_text", "report__search_document", "report__search_vector")


def public_indicators():
    return Indicator.objects.public().with_listing().select_related("region").defer(*REPORT_LIGHT)


def indicator_columns(request):
    root = site_root(request)
    return [
        Column("id", "编号", lambda i: i.pk),
        Column("name", "名称", lambda i: i.name),
        Column("type", "指标类型", lambda i: i.indicator_type.name if i.indicator_type else ""),
        Column("value", "数值", lambda i: i.value),
        Column("unit", "单位", lambda i: i.unit),
        Column("raw", "原文", lambda i: i.raw),
        Column("qualifier", "限定", lambda i: i.get_qualifier_display() if i.qualifier else ""),
        Column("kind", "类型", lambda i: i.get_kind_display()),
        Column("direction", "方向", lambda i: i.get_direction_display() if i.direction else ""),
        Column("year", "年度", lambda i: i.year),
        Column("region", "地区", lambda i: i.region.name),
        Column("region_code", "行政区划代码", lambda i: i.region.code),
        Column("agency", "发布机构", lambda i: i.report.agency.name),
        Column("report_id", "报告编号", lambda i: i.report_id),
        Column("topic", "主题", lambda i: i.topic.name if i.topic else ""),
        Column("review_status", "审核状态", lambda i: i.get_review_status_display()),
        Column("url", "原文位置", lambda i: f"{root}{indicator_href(i)}"),
    ]


# The columns indicator_columns reads: an export builds thousands of rows, and every other column
# (a report's JSON fields, a type's synonyms) would be decoded per row for nothing.
EXPORT_FIELDS = (
    "id", "name", "value", "unit", "raw", "qualifier", "kind", "direction", "year", "review_status", "start",
    "report_id", "indicator_type__name", "region__name", "region__code", "report__agency__name", "topic__name",
)


@require_safe
def indicator_list(request):
    filterset, rows, messages = run_filter(request, IndicatorFilter, public_indicators())
    download = export(request, rows.only(*EXPORT_FIELDS), indicator_columns(request), "indicators")
    if download:
        return download
    page = paginate(rows, request.GET.get("page"))
    return render(request, "indicators/indicator_list.html", {
        "filter": filterset, "page": page, "messages_list": messages,
    })


@require_safe
def type_list(request):
    types = IndicatorType.objects.select_related("topic").order_by("name")
    return render(request, "indicators/type_list.html", {"types": types})


@require_safe
def type_detail(request, slug):
    itype = get_object_or_404(IndicatorType.objects.select_related("topic"), slug=slug)
    queryset = public_indicators().filter(indicator_type=itype)
    filterset, rows, messages = run_filter(request, TypeIndicatorFilter, queryset)
    # The chart shows at most CHART_POINTS, the newest (see TypeIndicatorFilter.SORTS).
    points = list(rows[:CHART_POINTS])
    series = series_by(points, lambda i: i.region.name, indicator_href)
    chart = line_chart(series, itype.unit, f"{itype.name}（{itype.unit}），按地区和年度")
    shown_regions = {s.label for s in series}
    return render(request, "indicators/type_detail.html", {
        "type": itype, "filter": filterset, "rows": points, "chart": chart, "messages_list": messages,
        "truncated": len(points) == CHART_POINTS, "hidden_regions": len({i.region.name for i in points} - shown_regions),
    })
