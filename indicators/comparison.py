"""One quantity across regions and years: which points go on which chart, read in a fixed number of queries.

A chart never mixes what cannot be compared: levels, changes and targets (kind),
annual and half-year reports (period), and changes written in % beside changes
written in 件 (unit) each get their own chart. Only typed indicators with a
comparable value (the value in the type's unit) are plotted.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber

from indicators.charts import MAX_SERIES, Point, Series, bar_chart, line_chart
from indicators.formatting import indicator_value
from indicators.models import Kind, Qualifier
from reports.models import Period

TOP_BARS = 20  # regions in a bar chart
TOP_LINES = MAX_SERIES  # regions drawn over the years: those with the largest values in the years chosen
LINE_POINTS = 1000  # rows read for the lines, whatever the filters
# Units a target or a change is stated in when it is not the level's unit (GDP: 元, its goal: 增长6%).
RATE_UNITS = frozenset({"%", "％", "‰", "个百分点", "百分点", "倍"})
KIND_ORDER = {k: i for i, k in enumerate(Kind.values)}
QUALIFIED = frozenset(q for q in Qualifier.values if q)  # 超过/约/近/不少于: drawn as diamonds
PERIOD_ORDER = {p: i for i, p in enumerate(Period.values)}


def plotted_unit(unit: str, type_unit: str) -> str:
    """The unit of an indicator's comparable value: the type's, except a rate or points as written.

    Extraction converts levels, and changes or targets of the same dimension, into the type's unit
    (15公顷 → 亩); a growth rate (增长5%) or a change in points of a rate is compared as written.
    """
    if unit in RATE_UNITS and unit != type_unit:
        return unit
    return type_unit


@dataclass
class Group:
    """One chart family: a kind, a period and a unit."""

    kind: str
    period: str
    unit: str
    years: dict[int, int] = field(default_factory=dict)  # year → points
    key: str = ""
    bar_year: int | None = None
    bars: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    line_regions: list = field(default_factory=list)  # region ids, largest first
    lines_capped: bool = False  # more than LINE_POINTS points: the oldest are left out

    @property
    def sort_key(self):
        return KIND_ORDER.get(self.kind, 9), PERIOD_ORDER.get(self.period, 9), self.unit

    @property
    def label(self) -> str:
        return f"{Kind(self.kind).label} · {Period(self.period).label}报告"

    @property
    def target(self) -> bool:
        return self.kind == Kind.TARGET


def plottable(queryset):
    """The rows a chart may draw: a comparable value, and the report's period alongside (copied, no join)."""
    return queryset.filter(comparable_value__isnull=False).annotate(period=F("report_period"))


def plotted(queryset):
    """Plottable rows as drawn: with the reporting agency's name for tooltips and labels."""
    return plottable(queryset).annotate(agency_name=F("report__agency__name"))


# What a drawn point reads — its tooltip, the table under the bars, the CSV beside a chart — and
# nothing else of up to 1,000 rows (no report columns but the title, no type synonyms to decode).
POINT_FIELDS = ("report__title", "region__name", "region__code", "year", "kind", "direction", "unit", "qualifier",
                "comparable_value", "raw", "name", "start")


def _drawn(queryset):
    return plotted(queryset).select_related(None).select_related("report", "region").only(*POINT_FIELDS)


def groups_of(queryset, type_unit: str) -> list[Group]:
    """Every chart family the filtered points fall into, with their years: one grouped query."""
    found: dict[tuple, Group] = {}
    rows = plottable(queryset).order_by().values("kind", "period", "unit", "year").annotate(n=Count("id"))
    for row in rows:
        unit = plotted_unit(row["unit"], type_unit)
        group = found.setdefault((row["kind"], row["period"], unit), Group(row["kind"], row["period"], unit))
        group.years[row["year"]] = group.years.get(row["year"], 0) + row["n"]
    groups = sorted(found.values(), key=lambda g: g.sort_key)
    for group in groups:
        group.years = dict(sorted(group.years.items()))
    seen = defaultdict(int)
    for group in groups:
        base = f"{group.kind}-{group.period}"
        group.key = f"{base}-{seen[base]}" if seen[base] else base
        seen[base] += 1
    return groups


def _rank_filter(groups: list[Group], bar_year: int | None) -> Q:
    wanted = Q(pk__in=[])
    for group in groups:
        group.bar_year = bar_year if bar_year in group.years else max(group.years)
        wanted |= Q(kind=group.kind, period=group.period, year=group.bar_year)
    return wanted


def fill(queryset, groups: list[Group], type_unit: str, bar_year: int | None = None) -> None:
    """Bars and lines of every family: three queries, whatever the number of families.

    Bars: the TOP_BARS largest of each family's chosen year. Lines: the TOP_LINES
    regions with the largest value in the years chosen, all their points.
    """
    if not groups:
        return
    by_key = {(g.kind, g.period, g.unit): g for g in groups}
    partition = [F("kind"), F("period"), F("unit")]
    # Ranked over the columns of ind_chart_idx alone (index-only); only the winners are read whole.
    ranked = plottable(queryset).filter(_rank_filter(groups, bar_year)).annotate(
        rank=Window(RowNumber(), partition_by=partition, order_by=[F("comparable_value").desc(), F("id").asc()]),
    ).filter(rank__lte=TOP_BARS).values("id")
    bars = _drawn(queryset).filter(id__in=ranked).order_by("kind", "-comparable_value", "id")
    for ind in bars:
        group = by_key.get((ind.kind, ind.period, plotted_unit(ind.unit, type_unit)))
        if group is not None and len(group.bars) < TOP_BARS:
            group.bars.append(ind)
    leaders = (
        plottable(queryset).order_by().values("kind", "period", "unit", "region")
        .annotate(top=Max("comparable_value"))
        .annotate(rank=Window(RowNumber(), partition_by=partition, order_by=[F("top").desc(), F("region").asc()]))
        .filter(rank__lte=TOP_LINES).order_by("-top", "region")
    )
    for row in leaders:
        group = by_key.get((row["kind"], row["period"], plotted_unit(row["unit"], type_unit)))
        if group is not None and len(group.line_regions) < TOP_LINES and row["region"] not in group.line_regions:
            group.line_regions.append(row["region"])
    wanted = {r for g in groups for r in g.line_regions}
    if not wanted:
        return
    # Newest first: if the cap bites, the oldest years go (and the page says so).
    lines = list(_drawn(queryset).filter(region_id__in=wanted).order_by("-year", "id")[:LINE_POINTS])
    for group in groups:
        group.lines_capped = len(lines) == LINE_POINTS
    for ind in reversed(lines):
        group = by_key.get((ind.kind, ind.period, plotted_unit(ind.unit, type_unit)))
        if group is not None and ind.region_id in group.line_regions:
            group.lines.append(ind)


def point_of(ind, unit: str, href_of) -> Point:
    text = indicator_value(ind, ind.comparable_value, unit)
    return Point(
        label=ind.region.name, year=ind.year, value=float(ind.comparable_value), text=text, href=href_of(ind),
        title=f"{ind.region.name} {ind.year}年：{text}（{ind.agency_name}）",
        qualified=ind.qualifier in QUALIFIED,
    )


def bar_points(group: Group, href_of) -> list[Point]:
    points = [point_of(ind, group.unit, href_of) for ind in group.bars]
    # Two reports of one region in one year: say whose each bar is.
    names = defaultdict(int)
    for p in points:
        names[p.label] += 1
    for p, ind in zip(points, group.bars, strict=False):
        if names[p.label] > 1:
            # 杭州市·统计局: short enough to stay whole in the chart's label column.
            agency = ind.agency_name.removeprefix(p.label) or ind.agency_name
            p.label = f"{p.label}·{agency}"
    return points


def line_series(group: Group, href_of) -> list[Series]:
    """A series per region, largest first (legend order)."""
    series = {region: Series("") for region in group.line_regions}
    for ind in group.lines:
        one = series[ind.region_id]
        one.label = ind.region.name
        one.points.append(point_of(ind, group.unit, href_of))
    return [s for s in series.values() if s.points]


def title_of(itype, group: Group, shape: str) -> str:
    if shape == "bar":
        return f"{itype.name}（{group.label}，{group.bar_year}年，单位：{group.unit}）：各地区比较"
    return f"{itype.name}（{group.label}，单位：{group.unit}）：历年变化"


def svg_of(itype, group: Group, shape: str, href_of):
    if shape == "bar":
        return bar_chart(bar_points(group, href_of), group.unit, title_of(itype, group, shape), target=group.target)
    return line_chart(line_series(group, href_of), group.unit, title_of(itype, group, shape), target=group.target)


def plotted_rows(group: Group, shape: str) -> list:
    """Exactly the indicators a chart draws, in its order (for the CSV beside it)."""
    return list(group.bars if shape == "bar" else group.lines)


def small_multiples(indicators, type_of, label_of, href_of, limit: int = 6) -> list[dict]:
    """Region and agency pages: one line chart per type, kind, period and unit, most points first."""
    families = defaultdict(list)
    for ind in indicators:
        itype = type_of(ind)
        families[(itype, ind.kind, ind.period, plotted_unit(ind.unit, itype.unit))].append(ind)
    charts = []
    for (itype, kind, period, unit), rows in sorted(
        families.items(), key=lambda kv: (-len(kv[1]), kv[0][0].name, KIND_ORDER.get(kv[0][1], 9))
    )[:limit]:
        group = Group(kind, period, unit)
        series = defaultdict(list)
        for ind in sorted(rows, key=lambda i: i.year):
            series[label_of(ind)].append(point_of(ind, unit, href_of))
        ordered = sorted(series.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_SERIES]
        svg = line_chart([Series(k, v) for k, v in ordered], unit, f"{itype.name}（{group.label}，单位：{unit}）",
                         target=group.target)
        charts.append({"type": itype, "svg": svg, "label": group.label, "unit": unit})
    return charts
