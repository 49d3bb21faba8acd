"""The query parameters of the public lists, one FilterSet per list.

Every list speaks the same parameters (region, year, period, agency, topic,
kind, q, sort, page). A value that fails validation makes the form invalid;
the views then show the form's message and no rows instead of silently
dropping the filter (django-filter's own default).
"""
from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import RegexValidator

from reports import search
from reports.widgets import FAST_RENDERER
from reports.models import Agency, Period, Region, Topic

REGION_CODE = RegexValidator(r"^[0-9]{6}$", "行政区划代码应为 6 位数字，如 330000。")


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


def region_choices(code: str | None) -> list[tuple[str, str]]:
    """Provinces, plus the chosen region's ancestors and children: a drill-down in one select."""
    chosen = None
    if code and len(code) == 6 and code.isdigit():
        chosen = Region.objects.select_related("parent__parent").filter(code=code).first()
    wanted = Region.objects.provinces()
    if chosen is not None:
        family = [chosen.pk] + [r.pk for r in chosen.ancestors()]
        wanted = Region.objects.filter(level="province") | Region.objects.filter(pk__in=family) | Region.objects.filter(
            parent=chosen
        )
    choices = [("", "全部地区")]
    for region in wanted.order_by("code").only("code", "name", "level"):
        indent = {"province": "", "city": "　", "county": "　　"}.get(region.level, "")
        choices.append((region.code, f"{indent}{region.name}"))
    if code and not any(c == code for c, _ in choices):
        choices.append((code, code))
    return choices


class ArchiveFilterSet(django_filters.FilterSet):
    """Shared behaviour: region subtree, sort keys, the text query, Chinese labels."""

    # key -> (label, ordering); the first is the default. Orderings match the models' indexes.
    SORTS: dict[str, tuple[str, tuple[str, ...]]] = {}
    # Text columns a query phrase must occur in (see search.Query.phrases).
    SEARCH_FIELDS: tuple[str, ...] = ()
    REGION_FIELD = "region"

    region = django_filters.CharFilter(
        label="地区", method="filter_region", validators=[REGION_CODE], max_length=6,
    )
    year = IntegerFilter(label="年度", field_name="year", min_value=1949, max_value=2100)
    sort = django_filters.CharFilter(label="排序", method="filter_nothing")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.renderer = FAST_RENDERER
        self.form.fields["region"].widget = forms.Select(choices=region_choices((data or {}).get("region")))
        self.query = search.parse_query((data or {}).get("q")) if "q" in self.filters else search.Query()
        sorts = [(k, v[0]) for k, v in self.SORTS.items()]
        if not self.query.empty:
            sorts.insert(0, ("relevance", "相关度"))
        self.form.fields["sort"].widget = forms.Select(choices=sorts)

    def filter_region(self, queryset, name, value):
        return queryset.filter(**{f"{self.REGION_FIELD}__in": Region.objects.within(value)})

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_text(self, queryset, name, value):
        # Applied in filter_queryset, after the other filters, because it also orders.
        return queryset

    @property
    def sort_key(self) -> str:
        key = (self.data or {}).get("sort") or ""
        if key in self.SORTS:
            return key
        if key == "relevance" and not self.query.empty:
            return key
        return next(iter(self.SORTS))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        key = self.sort_key
        ordering = self.SORTS.get(key, next(iter(self.SORTS.values())))[1]
        if not self.query.empty:
            # A relevance ranking only makes sense with a query; it breaks ties newest first.
            newest = ordering if key != "relevance" else next(iter(self.SORTS.values()))[1]
            # Ranking looks at the newest candidates only; counts must still see every match.
            self.countable = search.search(queryset, self.query, self.SEARCH_FIELDS, newest=newest)
            if key != "relevance":
                return self.countable
            return search.search(queryset, self.query, self.SEARCH_FIELDS, rank=True, newest=newest)
        if (self.data or {}).get("q", "").strip():
            # Only punctuation or spaces: nothing to look for.
            return queryset.none()
        return queryset.order_by(*ordering)

    def error_messages(self) -> list[str]:
        messages = []
        for name, errors in self.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else ""
            for error in errors:
                messages.append(f"{label}：{error}" if label else str(error))
        return messages


def topic_choice_filter(field_name):
    return django_filters.ModelChoiceFilter(
        label="主题", field_name=field_name, to_field_name="slug", queryset=Topic.objects.all(),
        empty_label="全部主题",
    )


class ReportFilter(ArchiveFilterSet):
    SORTS = {
        "newest": ("最新年度在前", ("-year", "-id")),
        "oldest": ("最早年度在前", ("year", "id")),
    }
    SEARCH_FIELDS = search.REPORT_FIELDS

    period = django_filters.ChoiceFilter(label="期间", choices=Period.choices, empty_label="全部期间")
    agency = IntegerFilter(label="发布机构", field_name="agency", min_value=1, max_value=2**62,
                           widget=forms.HiddenInput)
    topic = topic_choice_filter("topics")
    kind = django_filters.CharFilter(label="机构类型", field_name="agency__kind", max_length=32)
    q = django_filters.CharFilter(label="关键词", method="filter_text")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        kinds = Agency.objects.exclude(kind="").order_by("kind").values_list("kind", flat=True).distinct()
        self.form.fields["kind"].widget = forms.Select(choices=[("", "全部类型"), *[(k, k) for k in kinds]])


class MeasureFilter(ReportFilter):
    SORTS = {
        "newest": ("最新年度在前", ("-year", "-id")),
        "oldest": ("最早年度在前", ("year", "id")),
    }
    SEARCH_FIELDS = search.MEASURE_FIELDS

    period = django_filters.ChoiceFilter(
        label="期间", field_name="report__period", choices=Period.choices, empty_label="全部期间",
    )
    agency = IntegerFilter(label="发布机构", field_name="report__agency", min_value=1, max_value=2**62,
                           widget=forms.HiddenInput)
    topic = topic_choice_filter("topics")
    kind = django_filters.CharFilter(label="机构类型", field_name="report__agency__kind", max_length=32)
