"""The query parameters of the public lists, one FilterSet per list.

Every list speaks the same parameters (region, year, period, agency, topic,
kind, q, sort, page). A value that fails validation makes the form invalid;
the views then show the form's message and no rows instead of silently
dropping the filter (django-filter's own default).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.choices import BaseChoiceIterator

from reports import queries, search
from reports.models import (
    MAX_ID,
    NATIONAL_CODE,
    YEAR_MAX,
    YEAR_MIN,
    Agency,
    Period,
    Region,
    RegionLevel,
    Topic,
    is_region_code,
    region_code_validator,
)
from reports.widgets import FAST_RENDERER


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


@dataclass
class CascadeLevel:
    """One select of the region cascade: every option is a region below the level above."""

    id: str
    label: str
    empty_label: str
    options: list[tuple[str, str]]
    selected: str


def region_cascade(code: str | None, counts: bool = False) -> list[CascadeLevel]:
    """Province → city → county as up to three selects, each served by the server (no script needed).

    The chosen region's ancestors pick the option at each level; the level below the chosen region
    lists its children. One query reads the top level, the chosen path and the children of its
    nodes (GB/T 2260 codes name their ancestors: PP0000, PPCC00); `counts` adds one grouped query
    (cached) for the published reports beside each option.
    """
    valid = is_region_code(code)
    if valid and code == NATIONAL_CODE:
        path_codes = [code]
    else:
        path_codes = list(dict.fromkeys([code[:2] + "0000", code[:4] + "00", code])) if valid else []
    # The first select is 全国 and the provinces (the top level); below a province, its cities and counties.
    regions = list(
        Region.objects.filter(Q(level__in=(RegionLevel.NATIONAL, RegionLevel.PROVINCE)) | Q(code__in=path_codes)
                              | Q(parent__code__in=[c for c in path_codes if c != NATIONAL_CODE]))
        .order_by("code").only("code", "name", "parent_id", "level")
    )
    by_code = {r.code: r for r in regions}
    path = [by_code[c] for c in path_codes if c in by_code]
    if valid and code not in by_code:
        path = []
    top = [r for r in regions if r.level in (RegionLevel.NATIONAL, RegionLevel.PROVINCE)]
    children = defaultdict(list)
    for region in regions:
        if region.parent_id is not None:
            children[region.parent_id].append(region)
    numbers = queries.published_report_counts() if counts else {}

    def option(region):
        return region.code, f"{region.name}（{numbers.get(region.code, 0)}）" if counts else region.name

    levels = [CascadeLevel("id_region", "地区", "全部地区", [option(r) for r in top], path[0].code if path else "")]
    if code and not path:
        # A code the archive does not know: keep it visible so the reader sees what was asked.
        levels[0].options.append((code, code))
        levels[0].selected = code
    drill = [r for r in path if r.code != NATIONAL_CODE]  # 全国 is on the first select with the provinces
    for depth, node in enumerate(drill[:2]):
        below = children.get(node.pk, [])
        if not below:
            break
        label, empty, suffix = ("下辖市", "全省", "city") if depth == 0 else ("下辖区县", "全市", "county")
        levels.append(CascadeLevel(
            f"id_region_{suffix}", label, empty, [option(r) for r in below],
            drill[depth + 1].code if depth + 1 < len(drill) else "",
        ))
    return levels


class SelectWithDisabled(forms.Select):
    """A select whose some options are shown but cannot be chosen (and say why in their label)."""

    def __init__(self, *args, disabled=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.disabled = set(disabled)

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in self.disabled:
            option["attrs"]["disabled"] = True
        return option


class ArchiveFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", f"起始年度 {start} 晚于截止年度 {end}，请调换。")
        return data


@dataclass(frozen=True)
class Results:
    """What a filtered list shows, and what its count counts.

    `rows` are filtered and ordered; ranked by relevance they are the best of the newest candidates
    only, so `countable` is then every match. None: count the rows themselves. `newest`: every match,
    newest first and read row by row (a search's countable reads its whole index instead): what a
    sample of the newest matches (the topic facets) takes its rows from. None: the rows.
    """

    rows: QuerySet
    countable: QuerySet | None = None
    newest: QuerySet | None = None


class ArchiveFilterSet(django_filters.FilterSet):
    """Shared behaviour: region subtree, sort keys, the text query, Chinese labels.

    A list reads `results` (rows and what to count), never `qs` alone.
    """

    # key -> (label, ordering); the first is the default. Orderings match the models' indexes.
    SORTS: dict[str, tuple[str, tuple[str, ...]]] = {}
    # Text columns a query phrase must occur in (see search.Query.phrases).
    SEARCH_FIELDS: tuple[str, ...] = ()
    REGION_FIELD = "region"

    # Counts beside the region options (a grouped query, cached): where they count what the list shows.
    REGION_COUNTS = False

    region = django_filters.CharFilter(
        label="地区", method="filter_region", validators=[region_code_validator], max_length=6,
    )
    year = IntegerFilter(label="年度", field_name="year", min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_from = IntegerFilter(label="起始年度", field_name="year", lookup_expr="gte", min_value=YEAR_MIN, max_value=YEAR_MAX)
    year_to = IntegerFilter(label="截止年度", field_name="year", lookup_expr="lte", min_value=YEAR_MIN, max_value=YEAR_MAX)
    sort = django_filters.CharFilter(label="排序", method="filter_nothing")

    class Meta:
        form = ArchiveFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.notices: list[str] = []  # said above the rows; the filters still apply
        self.form.renderer = FAST_RENDERER
        self.query = search.parse_query((data or {}).get("q")) if "q" in self.filters else search.Query()
        self.form.fields["sort"].widget = SelectWithDisabled(
            choices=self.sort_choices(), disabled=self.unavailable_sorts())
        for name in ("year_from", "year_to"):
            self.form.fields[name].widget.attrs.update({"placeholder": "如 2020", "inputmode": "numeric"})
        # What to show first, then how to order it.
        self.form.fields["sort"] = self.form.fields.pop("sort")

    def sort_choices(self):
        sorts = [(k, v[0]) for k, v in self.SORTS.items()]
        if not self.query.empty:
            sorts.insert(0, ("relevance", "相关度"))
        return sorts

    def unavailable_sorts(self) -> set[str]:
        return set()

    @cached_property
    def cascade(self) -> list[CascadeLevel]:
        """The region selects, built only when a page renders them (the API never does)."""
        return region_cascade((self.data or {}).get("region"), counts=self.REGION_COUNTS)

    @classmethod
    def default_sort(cls) -> str:
        return next(iter(cls.SORTS))

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
        if key in self.SORTS and key not in self.unavailable_sorts():
            return key
        if key == "relevance" and not self.query.empty:
            return key
        return next(iter(self.SORTS))

    def ordering(self, key) -> tuple[str, ...]:
        return self.SORTS.get(key, next(iter(self.SORTS.values())))[1]

    @cached_property
    def results(self) -> Results:
        """The list's rows and what its count counts, built once per filter set.

        No rows when the input does not validate (the page shows the form's messages instead).
        """
        if not self.is_valid():
            return Results(self.queryset.none())
        return self._ordered(super().filter_queryset(self.queryset.all()))

    def filter_queryset(self, queryset):
        # django-filter's own `qs` comes through here: the same rows as `results`.
        return self._ordered(super().filter_queryset(queryset)).rows

    def _ordered(self, queryset) -> Results:
        key = self.sort_key
        ordering = self.ordering(key)
        if not self.query.empty:
            # A relevance ranking only makes sense with a query; it breaks ties newest first.
            newest = ordering if key != "relevance" else next(iter(self.SORTS.values()))[1]
            # Ranking looks at the newest candidates only; counts must still see every match.
            unranked = search.search(queryset, self.query, self.SEARCH_FIELDS, newest=newest)
            rows = (search.search(queryset, self.query, self.SEARCH_FIELDS, rank=True, newest=newest)
                    if key == "relevance" else unranked)
            return Results(
                rows,
                countable=search.search(queryset, self.query, self.SEARCH_FIELDS, newest=newest, counting=True),
                newest=unranked,
            )
        if (self.data or {}).get("q", "").strip():
            # Only punctuation or spaces: nothing to look for.
            return Results(queryset.none())
        return Results(queryset.order_by(*ordering))

    def error_messages(self) -> list[str]:
        messages = []
        for name, errors in self.errors.items():
            label = self.form.fields[name].label if name in self.form.fields else ""
            for error in errors:
                messages.append(f"{label}：{error}" if label else str(error))
        return messages


def topic_choice_filter(field_name):
    return django_filters.ModelChoiceFilter(
        # The options read a topic's slug and name only, not its keyword list (JSON) or description.
        label="主题", field_name=field_name, to_field_name="slug", queryset=Topic.objects.only("slug", "name", "order"),
        empty_label="全部主题",
    )


class ReportFilter(ArchiveFilterSet):
    REGION_COUNTS = True
    SORTS = {
        "newest": ("最新年度在前", ("-year", "-id")),
        "oldest": ("最早年度在前", ("year", "id")),
    }
    SEARCH_FIELDS = search.REPORT_FIELDS

    period = django_filters.ChoiceFilter(label="期间", choices=Period.choices, empty_label="全部期间")
    agency = IntegerFilter(label="发布机构", field_name="agency", min_value=1, max_value=MAX_ID,
                           widget=forms.HiddenInput)
    topic = topic_choice_filter("topics")
    kind = django_filters.CharFilter(label="机构类型", field_name="agency__kind", max_length=32)
    q = django_filters.CharFilter(label="关键词", method="filter_text")

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Read when the select is drawn: the API and the search page's other tab never draw it.
        self.form.fields["kind"].widget = forms.Select(choices=AgencyKindChoices())


class AgencyKindChoices(BaseChoiceIterator):
    """The agency kinds as options, read once on first use (a plain callable is called on every pass)."""

    def __init__(self):
        self.choices = None

    def __iter__(self):
        if self.choices is None:
            kinds = Agency.objects.exclude(kind="").order_by("kind").values_list("kind", flat=True).distinct()
            self.choices = [("", "全部类型"), *[(k, k) for k in kinds]]
        yield from self.choices


class MeasureFilter(ReportFilter):
    # The counts beside the regions are of reports, not of measures.
    REGION_COUNTS = False
    SORTS = {
        "newest": ("最新年度在前", ("-year", "-id")),
        "oldest": ("最早年度在前", ("year", "id")),
    }
    SEARCH_FIELDS = search.MEASURE_FIELDS

    period = django_filters.ChoiceFilter(
        label="期间", field_name="report__period", choices=Period.choices, empty_label="全部期间",
    )
    agency = IntegerFilter(label="发布机构", field_name="report__agency", min_value=1, max_value=MAX_ID,
                           widget=forms.HiddenInput)
    topic = topic_choice_filter("topics")
    kind = django_filters.CharFilter(label="机构类型", field_name="report__agency__kind", max_length=32)


class TopicMeasureFilter(ArchiveFilterSet):
    """A topic page's measures: the topic is the page, so only where and when are chosen."""

    SORTS = {
        "newest": ("最新年度在前", ("-year", "-id")),
        "oldest": ("最早年度在前", ("year", "id")),
    }
    SEARCH_FIELDS = search.MEASURE_FIELDS
