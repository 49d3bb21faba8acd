"""Query parameters of the public indicator list: the report filters plus kind, unit, type and review."""
from __future__ import annotations

import django_filters
from django import forms

from indicators.models import IndicatorType, Kind, ReviewStatus
from reports.filters import ArchiveFilterSet, IntegerFilter, topic_choice_filter

# Rejected indicators are never public, so they are not a choice either.
PUBLIC_REVIEW = [(value, label) for value, label in ReviewStatus.choices if value != ReviewStatus.REJECTED]


class IndicatorFilter(ArchiveFilterSet):
    # Each ordering is served by an index of Meta.indexes: (…, -value, -id) read forwards or backwards.
    SORTS = {
        "value-desc": ("数值从大到小", ("-value", "-id")),
        "value-asc": ("数值从小到大", ("value", "id")),
    }

    topic = topic_choice_filter("topic")
    kind = django_filters.ChoiceFilter(label="类型", choices=Kind.choices, empty_label="全部类型")
    unit = django_filters.CharFilter(label="单位", field_name="unit", max_length=16)
    type = django_filters.ModelChoiceFilter(
        label="指标类型", field_name="indicator_type", to_field_name="slug",
        queryset=IndicatorType.objects.all(), empty_label="全部指标类型",
    )
    review = django_filters.ChoiceFilter(
        label="审核状态", field_name="review_status", choices=PUBLIC_REVIEW, empty_label="全部",
    )
    agency = IntegerFilter(label="发布机构", field_name="report__agency", min_value=1, max_value=2**62,
                           widget=forms.HiddenInput)


class TypeIndicatorFilter(ArchiveFilterSet):
    """The indicator-type page: one quantity, narrowed by region, year and kind."""

    # The index (indicator_type, year, region) read backwards: the newest points first.
    SORTS = {"year": ("最新年度在前", ("-year", "-region_id", "-id"))}

    kind = django_filters.ChoiceFilter(label="类型", choices=Kind.choices, empty_label="全部类型")
    year_from = IntegerFilter(label="起始年度", field_name="year", lookup_expr="gte", min_value=1949, max_value=2100)
    year_to = IntegerFilter(label="截止年度", field_name="year", lookup_expr="lte", min_value=1949, max_value=2100)
    # Which year the bar chart compares regions in (default: each chart's latest); filters nothing.
    bar_year = IntegerFilter(label="柱状图年度", method="filter_nothing", min_value=1949, max_value=2100)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The charts order themselves, and a years range reads better than one year: both still work in a URL.
        for name in ("sort", "year"):
            self.form.fields[name].widget = forms.HiddenInput()
