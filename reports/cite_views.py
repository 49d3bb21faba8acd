"""Cite a report, a measure or a number: the GB/T 7714 reference on a page, RIS and BibTeX as downloads.

    /reports/<id>/cite/                 the report's references (HTML)
    /reports/<id>/cite.ris|.bib         the report as a RIS / BibTeX file
    /reports/<id>/cite/m-<start>/       a measure: its report, pinned to the sentence
    /reports/<id>/cite/i-<start>/       an indicator: its report, pinned to the number and its sentence
    /reports/<id>/cite/<anchor>.ris|.bib

A withdrawn report's citations answer 410 like its page does.
"""
from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from indicators.formatting import plain
from indicators.models import Indicator
from reports import citation
from reports.citing import FILES, archive_url, links
from reports.permalinks import public_report_or_gone


def _work(request, report, anchor):
    """The cited thing behind an anchor; 404 when the report has no such measure or public number."""
    if not anchor:
        return citation.work_for_report(report, archive_url(request, report)), None
    kind, start = anchor.split("-", 1)
    url = archive_url(request, report, anchor)
    if kind == "m":
        measure = report.measures.filter(start=int(start)).defer("search_vector").first()
        if measure is None:
            raise Http404("这份报告里没有这项举措")
        return citation.work_for_measure(report, measure, url), measure
    indicator = Indicator.objects.public().filter(report=report, start=int(start)).order_by("end").first()
    if indicator is None:
        raise Http404("这份报告里没有这个指标")
    before, number, after = indicator.context(width=80, text=report.source_text)
    value = f"{plain(indicator.value)}{indicator.unit}"
    return citation.work_for_indicator(report, indicator, f"{before}{number}{after}", value, url), indicator


@require_safe
def cite(request, pk, anchor="", fmt=""):
    report, gone = public_report_or_gone(request, pk)
    if gone:
        return gone
    work, part = _work(request, report, anchor)
    accessed = timezone.localdate()
    if fmt:
        content_type, write = FILES[fmt]
        response = HttpResponse(write(work, accessed), content_type=content_type)
        name = f"report-{report.pk}" + (f"-{anchor}" if anchor else "")
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
    return render(request, "reports/cite.html", {
        "report": report, "work": work, "part": part, "anchor": anchor,
        "gbt": citation.gbt7714_full(work, accessed), "links": links(report, anchor),
        "ris": citation.ris(work, accessed), "bibtex": citation.bibtex(work, accessed),
        "target": report.get_absolute_url() + (f"#{anchor}" if anchor else ""),
    })
