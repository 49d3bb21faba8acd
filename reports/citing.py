"""Citations of the archive's reports, measures and numbers: the Django side of reports/citation.py.

URLs and today's date are what the plain citation builder does not know; the report page and the
citation views both use these.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from reports import citation

FILES = {
    "ris": ("application/x-research-info-systems; charset=utf-8", citation.ris),
    "bib": ("application/x-bibtex; charset=utf-8", citation.bibtex),
}


def archive_url(request, report, anchor=""):
    """The id-only permalink: short, and unchanged when an editor corrects the title (the slug follows it)."""
    url = request.build_absolute_uri(reverse("reports:report-detail", args=[report.pk]))
    return url + (f"#{anchor}" if anchor else "")


def links(report, anchor=""):
    if anchor:
        return {fmt: reverse("reports:part-cite-file", args=[report.pk, anchor, fmt]) for fmt in FILES}
    return {fmt: reverse("reports:report-cite-file", args=[report.pk, fmt]) for fmt in FILES}


def report_citation(request, report) -> dict:
    """What the report page's 引用本报告 box shows (no query: the report row has all it needs)."""
    work = citation.work_for_report(report, archive_url(request, report))
    return {"gbt": citation.gbt7714_full(work, timezone.localdate()), "links": links(report)}
