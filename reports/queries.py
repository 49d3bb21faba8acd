"""Recurring reads of the public site that are not one model's QuerySet method.

`published_report_counts` feeds the counts beside the region filter's options. It is the one
place to back with a summary table when grouping every published report gets too dear.
"""
from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count

from reports.models import Report

COUNTS_CACHE_SECONDS = 300


def _counts() -> dict[str, int]:
    # Grouped by region: at most one row per region holding reports (3,218 regions), whatever the reports.
    grouped = Report.objects.published().values("region__code").annotate(n=Count("id")).order_by()
    counts: dict[str, int] = {}
    for row in grouped:
        code = row["region__code"]
        # A region counts everything below it: a county's reports count for its city and province too.
        for holder in {code, f"{code[:4]}00", f"{code[:2]}0000"}:
            counts[holder] = counts.get(holder, 0) + row["n"]
    return counts


def published_report_counts() -> dict[str, int]:
    """Published reports per region code, each region counting its whole subtree (GB/T 2260 prefixes).

    A few minutes stale is fine for a number beside an option.
    """
    return cache.get_or_set("public:region-report-counts", _counts, COUNTS_CACHE_SECONDS)
