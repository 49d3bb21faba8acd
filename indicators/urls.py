from django.urls import path

from indicators import promise_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("types/", views.type_list, name="type-list"),
    path("types/<slug:slug>/", views.type_detail, name="type-detail"),
    path("types/<slug:slug>/promises/", promise_views.type_promises, name="type-promises"),
]
