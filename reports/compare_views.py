"""年度对比: a report beside an earlier one of its agency (stored at ingest by reports/comparisons.py)."""
from __future__ import annotations

from collections import OrderedDict

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from indicators.formatting import signed
from indicators.models import Indicator
from reports.comparisons import HEAVY, comparison_for, earlier_report
from reports.models import MAX_ID, Measure, Report


def _report(pk):
    if pk > MAX_ID:
        raise Http404("没有这份报告")
    return get_object_or_404(Report.objects.published().select_related("agency", "region").defer(*HEAVY[:1]), pk=pk)


def _chosen_earlier(request, report):
    raw = (request.GET.get("with") or "").strip()
    if not raw:
        return earlier_report(report), None
    if not raw.isdigit() or int(raw) > MAX_ID:
        return None, f"“{raw}”不是报告编号"
    other = Report.objects.published().filter(pk=int(raw), agency_id=report.agency_id).exclude(pk=report.pk)\
        .defer(*HEAVY).first()
    if other is None:
        return None, "只能与同一发布机构已发布的另一份报告对比"
    return other, None


def _measures(report) -> dict:
    found = {}
    for m in Measure.objects.filter(report=report).defer("search_vector").order_by("start"):
        m.report = report  # get_absolute_url needs it; loaded once, not once per measure
        found[m.start] = m
    return found


def _marked(text: str, spans) -> str:
    """The text escaped slice by slice, repeated passages in <mark>."""
    out, pos = [], 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="repeat">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def _side_by_side(report, earlier):
    """Typed indicators of both reports, one row per (type, kind, unit): the first stated in each."""
    rows: OrderedDict = OrderedDict()
    indicators = (Indicator.objects.public().filter(report_id__in=[report.pk, earlier.pk], indicator_type__isnull=False)
                  .select_related("indicator_type").order_by("indicator_type__name", "kind", "start"))
    for ind in indicators:
        key = (ind.indicator_type_id, ind.kind, ind.unit)
        row = rows.setdefault(key, {"type": ind.indicator_type, "kind": ind.get_kind_display(), "unit": ind.unit,
                                    "now": None, "then": None})
        side = "now" if ind.report_id == report.pk else "then"
        if row[side] is None:
            row[side] = ind
    for row in rows.values():
        now, then = row["now"], row["then"]
        if now is None or then is None:
            continue
        if row["unit"] in ("%", "‰", "个百分点"):
            # A rate changes by points, not by a percentage of itself.
            points = now.value - then.value
            row["change"] = signed(points, "个百分点" if row["unit"] != "‰" else "‰")
        elif then.value:
            row["change"] = signed((now.value - then.value) / abs(then.value) * 100, "%")
    return [r for r in rows.values() if r["now"] is not None or r["then"] is not None]


@require_safe
def report_compare(request, pk):
    report = _report(pk)
    earlier, error = _chosen_earlier(request, report)
    context = {"report": report, "earlier": earlier, "error": error}
    if earlier is not None:
        pairing = comparison_for(report, earlier)
        measures = _measures(report)
        earlier_measures = _measures(earlier)
        result = pairing.result
        context.update(
            share=round(result["repeated_share"] * 100, 1),
            continued=[(measures.get(a), earlier_measures.get(b)) for a, b, _ in result["continued"]
                       if a in measures and b in earlier_measures],
            new=[measures[a] for a in result["new"] if a in measures],
            dropped=[earlier_measures[b] for b in result["dropped"] if b in earlier_measures],
            indicators=_side_by_side(report, earlier),
            text=_marked(report.source_text, result["repeated"]),
            others=list(Report.objects.published().filter(agency_id=report.agency_id).exclude(pk=report.pk)
                        .defer(*HEAVY).order_by("-year", "-id")[:30]),
        )
    return render(request, "reports/compare.html", context)
