from django.urls import path, re_path

from indicators import promise_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("types/", views.type_list, name="type-list"),
    path("types/<slug:slug>/", views.type_detail, name="type-detail"),
    path("types/<slug:slug>/promises/", promise_views.type_promises, name="type-promises"),
    # One chart of a type page (same query string): bar-value-annual.svg, line-change-half-year.csv …
    re_path(r"^types/(?P<slug>[-a-zA-Z0-9_]+)/(?P<shape>bar|line)-(?P<key>[a-z-]+(?:-[0-9]+)?)\.csv$",
            views.type_chart_csv, name="type-chart-csv"),
    re_path(r"^types/(?P<slug>[-a-zA-Z0-9_]+)/(?P<shape>bar|line)-(?P<key>[a-z-]+(?:-[0-9]+)?)\.svg$",
            views.type_chart_svg, name="type-chart-svg"),
]
