from django.urls import path

from indicators import promise_views
from reports import api, compare_views, feeds, views

app_name = "reports"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("measures/", views.measure_list, name="measure-list"),
    path("topics/", views.topic_index, name="topic-index"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
    path("regions/<str:code>/", views.region_detail, name="region-detail"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("agencies/<int:pk>/promises/", promise_views.agency_promises, name="agency-promises"),
    path("reports/<int:pk>/compare/", compare_views.report_compare, name="report-compare"),
    path("coverage/", views.coverage, name="coverage"),
    path("search/", views.search_view, name="search"),
    path("feeds/reports/", feeds.LatestReportsFeed(), name="feed-reports"),
    path("feeds/reports/atom/", feeds.LatestReportsAtomFeed(), name="feed-reports-atom"),
    path("feeds/regions/<str:code>/", feeds.RegionReportsFeed(), name="feed-region"),
    path("feeds/topics/<slug:slug>/", feeds.TopicReportsFeed(), name="feed-topic"),
    path("api/", api.index, name="api-index"),
    path("api/reports/", api.reports, name="api-reports"),
    path("api/reports/<int:pk>/", api.report_detail, name="api-report-detail"),
    path("api/indicators/", api.indicators, name="api-indicators"),
    path("api/indicator-types/", api.indicator_types, name="api-indicator-types"),
    path("api/agencies/<int:pk>/promises/", promise_views.api_agency_promises, name="api-agency-promises"),
]
