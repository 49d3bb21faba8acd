"""Recurring counts of the public site: topic facets and breakdowns, report counts per region.

Every count here is bounded, so a page costs the same at 100 reports and at 100,000:

- `topic_facets` counts topics among the newest FACET_CAP matches of a list (the same
  1,000 the list pages through): one grouped query on the topic link table's
  (measure|report, topic) unique index, exact whenever the list has no more matches.
- `tally_facets` answers the same from the summary table, exactly, when a list is narrowed by
  nothing finer than a province and a year (the common case, and the costly one at 100k reports).
- `topic_measure_counts` (the /topics/ index) and `topic_breakdown` (years and provinces of
  one topic) read the summary table TopicTally (reports/tallies.py), exact after every write.

`published_report_counts` feeds the counts beside the region filter's options.

Views call these; nothing here is imported from a view module.
"""
from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Sum

from reports import pagecache, tallies
from reports.models import NATIONAL_CODE, Measure, Region, Report, ReportStatus, Topic
from reports.summaries.models import TopicTally

# Topic facets of a list the summary table cannot answer count the topics of its newest FACET_CAP matches
# (the page says so). A search's newest matches are found row by row: at 100k reports 1,000 of them cost
# 36 ms of report vectors and 156 ms of measure vectors for 法律援助, 200 cost 9 and 22 ms.
FACET_CAP = 200
SUMMARY_SECONDS = 300
COUNTS_CACHE_SECONDS = 300


def topic_facets(rows, *, model) -> list[dict]:
    """[{slug, name, n}] for the topics of the newest FACET_CAP rows of a measure or report list.

    `rows` is the list's filtered QuerySet (any ordering); its newest matches are taken by the
    (year, id) order the lists' indexes serve, and their topic links grouped in one query.
    """
    through = model.topics.through
    column = "measure_id" if model is Measure else "report_id"
    newest = rows.order_by("-year", "-id").values("pk")[:FACET_CAP]
    counts = (
        through.objects.filter(**{f"{column}__in": newest})
        .values("topic__slug", "topic__name", "topic__order")
        .annotate(n=Count("pk"))
        .order_by("-n", "topic__order")
    )
    return [{"slug": row["topic__slug"], "name": row["topic__name"], "n": row["n"]} for row in counts]


# What the summary table can narrow by; any other filter (a city, a query, a kind …) needs the list itself.
TALLY_FILTERS = frozenset({"region", "year", "sort"})


def tally_facets(cleaned: dict, column: str) -> list[dict] | None:
    """[{slug, name, n}] exact from TopicTally for a list filtered at most by province and year, else None.

    `column` is "reports" or "measures". At 100k reports this reads a few hundred summary rows instead
    of grouping a thousand list rows' topic links.
    """
    if any(value not in (None, "", [], ()) for key, value in cleaned.items() if key not in TALLY_FILTERS):
        return None
    region = cleaned.get("region") or ""
    if region and region != NATIONAL_CODE and not region.endswith("0000"):
        return None  # a city or county: the table counts by province
    province = region if region and region != NATIONAL_CODE else None
    rows = tallies.topic_counts(year=cleaned.get("year"), province=province)
    found = [{"slug": r["topic__slug"], "name": r["topic__name"], "n": r[column]} for r in rows if r[column]]
    return sorted(found, key=lambda row: -row["n"])  # stable: taxonomy order among equals


def topic_measure_counts() -> dict[int, int]:
    """Published measures per topic id, the whole archive (the summary table: exact, never stale)."""
    rows = TopicTally.objects.values("topic_id").annotate(n=Sum("measures")).order_by()
    return {row["topic_id"]: row["n"] for row in rows if row["n"]}


def topic_breakdown(topic: Topic) -> dict:
    """{by_year: [{year, n}], by_province: [{code, name, n}]} of a topic's published measures.

    Read from the summary table (reports/tallies.py), which every write keeps exact: two small
    grouped queries over at most provinces × years rows, whatever the size of the archive.
    """
    cells = TopicTally.objects.filter(topic=topic, measures__gt=0)
    by_year = list(cells.values("year").annotate(n=Sum("measures")).order_by("-year"))
    provinces = dict(cells.values_list("province").annotate(n=Sum("measures")).order_by())
    names = dict(Region.objects.filter(code__in=list(provinces)).values_list("code", "name"))
    by_province = sorted(
        ({"code": code, "name": names.get(code, code), "n": n} for code, n in provinces.items()),
        key=lambda row: (-row["n"], row["code"]),
    )
    return {"by_year": by_year, "by_province": by_province}


def topic_measures(topic: Topic):
    """A topic's published measures, newest first (the list the topic page filters and pages)."""
    return Measure.objects.published().filter(topics=topic).order_by("-year", "-id")


def report_topic_counts() -> list[dict]:
    """Published reports per topic, for the home page (inside its cached summary)."""
    return list(
        Topic.objects.filter(reports__status=ReportStatus.PUBLISHED).annotate(n=Count("reports"))
        .order_by("order", "slug").values("slug", "name", "n")
    )


def _counts() -> dict[str, int]:
    # Grouped by region: at most one row per region holding reports (3,218 regions), whatever the reports.
    grouped = Report.objects.published().values("region__code").annotate(n=Count("id")).order_by()
    counts: dict[str, int] = {}
    total = 0
    for row in grouped:
        total += row["n"]
        code = row["region__code"]
        # A region counts everything below it: a county's reports count for its city and province too.
        for holder in {code, f"{code[:4]}00", f"{code[:2]}0000"}:
            counts[holder] = counts.get(holder, 0) + row["n"]
    counts[NATIONAL_CODE] = total  # 全国 holds the whole country (Region.objects.within)
    return counts


def published_report_counts() -> dict[str, int]:
    """Published reports per region code, each region counting its whole subtree (GB/T 2260 prefixes).

    A few minutes stale is fine for a number beside an option.
    """
    return cache.get_or_set(pagecache.scoped("public:region-report-counts"), _counts, COUNTS_CACHE_SECONDS)
