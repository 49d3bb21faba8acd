"""Year over year: a report against an earlier one of its agency (the matching: reports/text/similarity.py).

`refresh_comparisons(report)` stores the comparison of a report with the
agency's previous report of the same period, and of the next report with
it, so the public page reads one row. Any other pair of one agency's
reports is compared on request (`compare_pair`), bounded by the texts' size.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from reports.models import Measure, Report, ReportComparison, ReportStatus
from reports.text.similarity import compare

HEAVY = ("search_document", "search_vector")


def earlier_report(report: Report, *, published_only: bool = True) -> Report | None:
    """The agency's latest report of the same period before this one's year (consecutive when it exists)."""
    qs = Report.objects.filter(agency_id=report.agency_id, period=report.period, year__lt=report.year)
    if published_only:
        qs = qs.filter(status=ReportStatus.PUBLISHED)
    return qs.defer(*HEAVY).order_by("-year", "-id").first()


def later_report(report: Report) -> Report | None:
    return (Report.objects.filter(agency_id=report.agency_id, period=report.period, year__gt=report.year)
            .defer(*HEAVY).order_by("year", "id").first())


def _spans(report: Report) -> list[tuple[int, int]]:
    return list(Measure.objects.filter(report=report).order_by("start").values_list("start", "end"))


def compare_pair(report: Report, earlier: Report) -> dict:
    return compare(report.source_text, earlier.source_text, _spans(report), _spans(earlier)).to_json()


def store(report: Report, earlier: Report) -> ReportComparison:
    result = compare_pair(report, earlier)
    row, _ = ReportComparison.objects.update_or_create(
        report=report, earlier=earlier, defaults={"repeated_share": result["repeated_share"], "result": result},
    )
    return row


def refresh_comparisons(report: Report) -> None:
    """After a report's text or measures changed: its comparison backwards, and the next report's with it."""
    with transaction.atomic():
        ReportComparison.objects.filter(report=report).delete()
        ReportComparison.objects.filter(earlier=report).delete()
        earlier = earlier_report(report, published_only=False)
        if earlier is not None:
            store(report, earlier)
        later = later_report(report)
        if later is not None and earlier_report(later, published_only=False) == report:
            store(later, report)


@dataclass
class Pairing:
    report: Report
    earlier: Report
    result: dict


def comparison_for(report: Report, earlier: Report) -> Pairing:
    """The stored comparison when there is one, else computed now (a pair nobody stored)."""
    row = ReportComparison.objects.filter(report=report, earlier=earlier).only("result").first()
    return Pairing(report, earlier, row.result if row is not None else compare_pair(report, earlier))
