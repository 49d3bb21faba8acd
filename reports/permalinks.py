"""Report URLs that last: a published report is served, a withdrawn one answers 410 Gone, the rest 404.

A withdrawn report was public, so links to it (and to its sections, measures and numbers,
which are anchors on the same URL) are out there in papers and notes; its page therefore
says that it was withdrawn, when, why and what replaces it instead of vanishing.
"""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from reports.models import MAX_ID, Report, ReportStatus


def find_report(pk):
    """The report behind a permalink, whatever its status (None when there is none), with what its page shows."""
    if pk > MAX_ID:
        return None
    return Report.objects.with_listing().defer("search_document", "search_vector").filter(pk=pk).first()


def replacement_of(report):
    replacement = report.replaced_by
    if replacement is not None and replacement.status != ReportStatus.PUBLISHED:
        return None
    return replacement


def withdrawn_response(request, report):
    """410 Gone: the link was right, the report is no longer public."""
    return render(request, "reports/report_withdrawn.html", {
        "report": report, "replacement": replacement_of(report),
    }, status=410)


def public_report_or_gone(request, pk):
    """(report, None) for a published report, (None, a 410 response) for a withdrawn one; 404 for the rest."""
    report = find_report(pk)
    if report is None or report.status == ReportStatus.DRAFT or (
        report.status == ReportStatus.WITHDRAWN and not report.was_public
    ):
        raise Http404("没有这份报告")
    if report.status == ReportStatus.WITHDRAWN:
        return None, withdrawn_response(request, report)
    return report, None
