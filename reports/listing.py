"""What the public pages, exports and the API share: querysets, filter binding, links, export columns.

View modules import from here, never from each other (an import-linter contract in pyproject.toml).
"""
from __future__ import annotations

from django.db.models import Prefetch

from reports import search
from reports.exports import Column
from reports.models import Measure, Report, Topic
from reports.querystring import canonical_params

# Heavy columns a list never shows; a list with a query reads source_text for its snippets, never the index.
SEARCH_INDEX = ("search_document", "search_vector")
# JSON a row never shows (what the page said of itself, the fields editors changed): decoded per row for nothing.
REPORT_UNSHOWN = ("page_meta", "edited_fields")
REPORT_HEAVY = ("source_text", *SEARCH_INDEX, *REPORT_UNSHOWN)
MEASURE_HEAVY = ("search_vector", *(f"report__{f}" for f in REPORT_HEAVY))
CHART_POINTS = 400
# What report_columns read (the region with its ancestors, for its full name): an agency's export
# is hundreds of rows, each otherwise decoding the report's JSON fields for nothing.
REPORT_EXPORT_FIELDS = ("title", "year", "period", "issued_on", "source_url", "agency__name", *(
    f"region__{'parent__' * depth}{name}" for depth in range(4) for name in ("code", "name", "level", "parent")))


def indicator_href(indicator) -> str:
    """Link to the highlighted number without loading the report row (the model's URL goes by report_id)."""
    return indicator.get_absolute_url()


# What a row's topic tags read. A whole Topic decodes its keyword list (JSON) and carries its description:
# at 20 rows and a few tags each, the decoding was a tenth of a list page's time.
TOPIC_TAG_FIELDS = ("slug", "name", "order")


def topic_tags() -> Prefetch:
    return Prefetch("topics", queryset=Topic.objects.only(*TOPIC_TAG_FIELDS))


def public_reports():
    return Report.objects.published().with_listing()


def public_measures():
    return Measure.objects.published().with_listing().select_related("region")


def either(first, second):
    # Not `or`: truth-testing a QuerySet runs it.
    return second if first is None else first


def run_filter(request, filterset_class, queryset, defaults=None):
    """Bind the filters; invalid input gives no rows and the form's messages, never a 500.

    The parameters are read as their canonical form (querystring.py): one region, no empty
    fields, `year=2020-2024` as a range, so the API and the pages agree on every spelling.
    """
    data = canonical_params(request.GET)
    for key, value in (defaults or {}).items():
        data.setdefault(key, value)
    filterset = filterset_class(data, queryset=queryset, request=request)
    # What to count beside the rows: `filterset.results.countable`.
    rows = filterset.results.rows
    messages = [] if filterset.is_valid() else filterset.error_messages()
    if filterset.query.truncated:
        messages.append(f"检索词过长，只按前 {search.MAX_QUERY_CHARS} 个字检索。")
    messages.extend(filterset.notices)
    return filterset, rows, messages


def _topics(obj):
    return "、".join(t.name for t in obj.topics.all())


def site_root(request) -> str:
    """scheme://host once per export: build_absolute_uri() validates the host on every call (per row)."""
    return request.build_absolute_uri("/")[:-1]


def _absolute(request):
    root = site_root(request)
    return lambda obj: f"{root}{obj.get_absolute_url()}"


def report_columns(request):
    return [
        Column("id", "编号", lambda r: r.pk),
        Column("title", "标题", lambda r: r.title),
        Column("agency", "发布机构", lambda r: r.agency.name),
        Column("region", "地区", lambda r: r.region.full_name),
        Column("region_code", "行政区划代码", lambda r: r.region.code),
        Column("year", "年度", lambda r: r.year),
        Column("period", "期间", lambda r: r.get_period_display()),
        Column("issued_on", "成文日期", lambda r: r.issued_on),
        Column("topics", "主题", _topics),
        Column("source_url", "原文链接", lambda r: r.source_url),
        Column("url", "档案页面", _absolute(request)),
    ]


def measure_columns(request):
    return [
        Column("id", "编号", lambda m: m.pk),
        Column("report_id", "报告编号", lambda m: m.report_id),
        Column("report", "报告", lambda m: m.report.title),
        Column("agency", "发布机构", lambda m: m.report.agency.name),
        Column("region", "地区", lambda m: m.region.name),
        Column("region_code", "行政区划代码", lambda m: m.region.code),
        Column("year", "年度", lambda m: m.year),
        Column("kind", "形式", lambda m: m.get_kind_display()),
        Column("marker", "标记", lambda m: m.marker),
        Column("text", "内容", lambda m: m.text),
        Column("topics", "主题", _topics),
        Column("url", "档案页面", _absolute(request)),
    ]
