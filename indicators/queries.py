"""Recurring reads about the indicator dictionary: what each type covers, and names still without a type."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count

from indicators.extraction.dictionary import normalise_name
from indicators.models import Indicator, ReviewStatus
from reports import pagecache

MAX_TYPE_QUERY = 40
COVERAGE_CACHE_SECONDS = 300
# Untyped (name, unit) rows read per look, the most widespread first; names are merged after normalising.
UNTYPED_SCAN = 3000
UNTYPED_SHOWN = 200
UNTYPED_MIN_REPORTS = 2


def matches(itype, query: str) -> bool:
    """A type the search box finds: by its name, slug or any synonym (the dictionary is small: hundreds)."""
    wanted = normalise_name(query)
    if not wanted:
        return True
    return any(wanted in normalise_name(s) for s in (itype.name, itype.slug, *(itype.synonyms or [])))


def _coverage() -> dict[int, tuple[int, int]]:
    rows = (
        Indicator.objects.public().filter(indicator_type__isnull=False).order_by().values("indicator_type")
        .annotate(reports=Count("report", distinct=True), regions=Count("region", distinct=True))
    )
    return {row["indicator_type"]: (row["reports"], row["regions"]) for row in rows}


def type_coverage() -> dict[int, tuple[int, int]]:
    """type id → (published reports, regions) it has points in: one grouped query, cached a few minutes.

    Grouping every typed indicator is the cost of the index page; a few minutes stale is fine.
    """
    return cache.get_or_set(pagecache.scoped("public:type-coverage"), _coverage, COVERAGE_CACHE_SECONDS)


@dataclass
class UntypedName:
    name: str  # the most frequent spelling
    unit: str
    reports: int  # summed over spellings: a report using two spellings counts twice
    indicators: int
    spellings: list[str] = field(default_factory=list)


def untyped_names(query: str = "", min_reports: int = UNTYPED_MIN_REPORTS) -> list[UntypedName]:
    """Names that recur in several reports without a type, merged after normalising as the dictionary does.

    One grouped query over untyped, non-rejected indicators (the partial index
    ind_untyped_name_idx serves it), capped at UNTYPED_SCAN groups.
    """
    rows = Indicator.objects.filter(indicator_type__isnull=True).exclude(review_status=ReviewStatus.REJECTED)
    rows = rows.exclude(name="")
    if query:
        rows = rows.filter(name__contains=query[:MAX_TYPE_QUERY])
    grouped = (
        rows.order_by().values("name", "unit")
        .annotate(reports=Count("report", distinct=True), n=Count("id"))
        .order_by("-reports", "-n", "name")[:UNTYPED_SCAN]
    )
    merged: dict[tuple[str, str], UntypedName] = {}
    for row in grouped:
        key = (normalise_name(row["name"]), row["unit"])
        if not key[0]:
            continue
        item = merged.get(key)
        if item is None:
            merged[key] = UntypedName(row["name"], row["unit"], row["reports"], row["n"], [row["name"]])
        else:
            item.reports += row["reports"]
            item.indicators += row["n"]
            item.spellings.append(row["name"])
    found = [item for item in merged.values() if item.reports >= min_reports]
    found.sort(key=lambda item: (-item.reports, -item.indicators, item.name))
    return found[:UNTYPED_SHOWN]
