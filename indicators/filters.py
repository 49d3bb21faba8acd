"""Query parameters of the public indicator list: the report filters plus kind, unit, type and review."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models.functions import Coalesce

from indicators.models import IndicatorType, Kind, ReviewStatus
from reports.filters import ArchiveFilterSet, IntegerFilter, topic_choice_filter
from reports.models import MAX_ID, YEAR_MAX, YEAR_MIN

# Rejected indicators are never public, so they are not a choice either.
PUBLIC_REVIEW = [(value, label) for value, label in ReviewStatus.choices if value != ReviewStatus.REJECTED]


VALUE_SORTS = ("value-desc", "value-asc")
VALUE_SORT_NEEDS = "按数值排序须先选定单位或指标类型：元、件和 % 的数值不能放在一起比大小。已按最新报告排序。"


class IndicatorFilter(ArchiveFilterSet):
    # newest: the newest reports first, each report's numbers in reading order (ind_year_report_start_idx).
    # The value orderings are offered only within one unit or one indicator type (see unavailable_sorts);
    # (…, -value, -id) indexes serve them read forwards or backwards.
    SORTS = {
        "newest": ("最新报告在前", ("-year", "-report_id", "start", "id")),
        "value-desc": ("数值从大到小", ("-value", "-id")),
        "value-asc": ("数值从小到大", ("value", "id")),
    }

    topic = topic_choice_filter("topic")
    kind = django_filters.ChoiceFilter(label="指标性质", choices=Kind.choices, empty_label="数值、变化和目标")
    unit = django_filters.CharFilter(label="单位", field_name="unit", max_length=16)
    type = django_filters.ModelChoiceFilter(
        label="指标类型", field_name="indicator_type", to_field_name="slug",
        queryset=IndicatorType.objects.all(), empty_label="全部指标类型",
    )
    review = django_filters.ChoiceFilter(
        label="审核状态", field_name="review_status", choices=PUBLIC_REVIEW, empty_label="全部",
    )
    agency = IntegerFilter(label="发布机构", field_name="report__agency", min_value=1, max_value=MAX_ID,
                           widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        asked = (self.data or {}).get("sort", "")
        if asked in VALUE_SORTS and asked in self.unavailable_sorts():
            self.notices.append(VALUE_SORT_NEEDS)

    def unavailable_sorts(self) -> set[str]:
        data = self.data or {}
        return set() if (data.get("unit") or data.get("type")) else set(VALUE_SORTS)

    def sort_choices(self):
        disabled = self.unavailable_sorts()
        return [(key, f"{label}（先选单位或指标类型）" if key in disabled else label) for key, label in super().sort_choices()]

    def ordering(self, key):
        data = self.data or {}
        if key in VALUE_SORTS and data.get("type") and not data.get("unit"):
            # One type may be written in 元 and 亿元: compare the value in the type's own unit.
            # Rows typed before comparable values existed fall back to their own value. The expression
            # index ind_type_comparable_idx holds this order, read forwards or backwards.
            value = Coalesce("comparable_value", "value")
            return (value.desc() if key == "value-desc" else value.asc(), "-id" if key == "value-desc" else "id")
        return super().ordering(key)


class TypeIndicatorFilter(ArchiveFilterSet):
    """The indicator-type page: one quantity, narrowed by region, year and kind."""

    # The index ind_type_newest_idx: the newest points first.
    SORTS = {"year": ("最新年度在前", ("-year", "-region_id", "-id"))}

    kind = django_filters.ChoiceFilter(label="指标性质", choices=Kind.choices, empty_label="数值、变化和目标")
    # Which year the bar chart compares regions in (default: each chart's latest); filters nothing.
    bar_year = IntegerFilter(label="柱状图年度", method="filter_nothing", min_value=YEAR_MIN, max_value=YEAR_MAX)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # The charts order themselves, and a years range reads better than one year: both still work in a URL.
        for name in ("sort", "year"):
            self.form.fields[name].widget = forms.HiddenInput()
