from django.urls import path, register_converter

from indicators import promise_views
from reports import api, cite_views, compare_views, feeds, views
from reports.models import REGION_CODE_PATTERN


class AnchorConverter:
    """m-<start> (a measure) or i-<start> (an indicator): the anchors a citation can pin."""

    regex = r"[mi]-[0-9]{1,12}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class RegionCodeConverter:
    """A GB/T 2260 code as the Region table holds it: a view never sees another, a bad one is a 404."""

    regex = REGION_CODE_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class CiteFormatConverter:
    regex = "ris|bib"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(AnchorConverter, "anchor")
register_converter(CiteFormatConverter, "citefmt")
register_converter(RegionCodeConverter, "region")

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("reports/<int:pk>/cite/", cite_views.cite, name="report-cite"),
    path("reports/<int:pk>/cite.<citefmt:fmt>", cite_views.cite, name="report-cite-file"),
    path("reports/<int:pk>/cite/<anchor:anchor>/", cite_views.cite, name="part-cite"),
    path("reports/<int:pk>/cite/<anchor:anchor>.<citefmt:fmt>", cite_views.cite, name="part-cite-file"),
    path("reports/<int:pk>/compare/", compare_views.report_compare, name="report-compare"),
    # The slug is for readers; the id decides (a stale slug redirects to the current one).
    path("reports/<int:pk>/<str:slug>/", views.report_detail, name="report-detail-slug"),
    path("measures/", views.measure_list, name="measure-list"),
    path("topics/", views.topic_index, name="topic-index"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("regions/<region:code>/", views.region_detail, name="region-detail"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("agencies/<int:pk>/promises/", promise_views.agency_promises, name="agency-promises"),
    path("coverage/", views.coverage, name="coverage"),
    path("search/", views.search_view, name="search"),
    path("feeds/reports/", feeds.LatestReportsFeed(), name="feed-reports"),
    path("feeds/reports/atom/", feeds.LatestReportsAtomFeed(), name="feed-reports-atom"),
    path("feeds/regions/<region:code>/", feeds.RegionReportsFeed(), name="feed-region"),
    path("feeds/topics/<slug:slug>/", feeds.TopicReportsFeed(), name="feed-topic"),
    path("api/", api.index, name="api-index"),
    path("api/openapi.json", api.openapi_json, name="api-openapi"),
    path("api/docs/", api.docs, name="api-docs"),
    path("api/reports/", api.reports, name="api-reports"),
    path("api/reports/<int:pk>/", api.report_detail, name="api-report-detail"),
    path("api/measures/", api.measures, name="api-measures"),
    path("api/indicators/", api.indicators, name="api-indicators"),
    path("api/indicator-types/", api.indicator_types, name="api-indicator-types"),
    path("api/agencies/<int:pk>/promises/", promise_views.api_agency_promises, name="api-agency-promises"),
]
