"""The report text as safe HTML: anchors for sections and measures, <mark> for indicators.

Every slice of the source text is escaped on its own; only the tags this
module writes are markup, so a `<script>` in a report stays text.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape

from django.utils.safestring import SafeString, mark_safe

from indicators.formatting import indicator_value


def measure_label(measure, limit: int | None = None) -> str:
    return measure.label(limit)


def describe(indicator) -> str:
    """What a reader sees on hover or focus: the normalised value, unit and kind."""
    label = f"{indicator.name}：" if indicator.name else ""
    return f"{label}{indicator_value(indicator)}（{indicator.get_kind_display()}）"


def render_text(text: str, sections=(), measures=(), indicators=()) -> SafeString:
    anchors = defaultdict(list)
    for section in sections:
        anchors[section.start].append(f"s-{section.start}")
    for measure in measures:
        anchors[measure.start].append(f"m-{measure.start}")

    # One mark per start offset (the anchor id is i-<start>); a mark that would
    # overlap the previous one becomes a bare anchor so its link still lands.
    marks = {}  # start -> [end, [descriptions]]
    for ind in sorted(indicators, key=lambda i: (i.start, -i.end)):
        if not (0 <= ind.start < ind.end <= len(text)):
            continue
        if ind.start in marks:
            marks[ind.start][0] = max(marks[ind.start][0], ind.end)
            marks[ind.start][1].append(describe(ind))
        else:
            marks[ind.start] = [ind.end, [describe(ind)]]
    kept, last_end = {}, -1
    for start in sorted(marks):
        if start >= last_end:
            kept[start] = marks[start]
            last_end = marks[start][0]
        else:
            anchors[start].append(f"i-{start}")

    ends = defaultdict(int)
    for start, (end, _) in kept.items():
        ends[end] += 1
    cuts = sorted({p for p in (*anchors, *kept, *ends) if 0 <= p <= len(text)})
    out, pos = [], 0
    for cut in cuts:
        out.append(escape(text[pos:cut]))
        pos = cut
        out.append("</mark>" * ends.get(cut, 0))
        for anchor_id in anchors.get(cut, ()):
            out.append(f'<span class="anchor" id="{anchor_id}"></span>')
        if cut in kept:
            title = escape("；".join(kept[cut][1]))
            out.append(f'<mark id="i-{cut}" class="indicator" tabindex="0" title="{title}" data-value="{title}">')
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))
