"""The report text as safe HTML: headings for sections, spans for measures, <mark> for indicators.

Every slice of the source text is escaped on its own; only the tags this
module writes are markup, so a `<script>` in a report stays text.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from indicators.formatting import indicator_value
from reports.models import indicator_anchor, measure_anchor, section_anchor


def measure_label(measure, limit: int | None = None) -> str:
    return measure.label(limit)


def describe(indicator) -> str:
    """What a reader sees on hover or focus: the normalised value, unit and kind."""
    label = f"{indicator.name}：" if indicator.name else ""
    return f"{label}{indicator_value(indicator)}（{indicator.get_kind_display()}）"


# Section levels as HTML headings: the report title is the page's h1, its parts h2 and below.
HEADING_TAGS = {1: "h2", 2: "h3"}
DEEPER_HEADING = "h4"
# Punctuation a run-in heading ends with (（一）加强执法监督。一是…): it stays with the heading.
HEADING_CLOSERS = "。：:．"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    rank: int  # 0 heading, 1 measure, 2 indicator: an outer kind wins when two would cross
    open: str
    close: str


def _crosses(a, b) -> bool:
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def heading_end(text: str, section, limit: int) -> int | None:
    """Where the section's heading ends in the text, or None when it is not found right at its start."""
    if not section.heading:
        return None
    window = min(limit, section.start + len(section.number) + len(section.heading) + 8)
    at = text.find(section.heading, section.start, window)
    if at < 0:
        return None
    end = at + len(section.heading)
    if end < limit and text[end] in HEADING_CLOSERS:
        end += 1
    return end


def _headings(text, sections, anchors, skips):
    spans = []
    ordered = sorted(sections, key=lambda s: s.start)
    for i, section in enumerate(ordered):
        later = ordered[i + 1].start if i + 1 < len(ordered) else len(text)
        limit = min(section.end, later, len(text))
        end = heading_end(text, section, limit) if 0 <= section.start < limit else None
        if end is None:
            anchors[section.start].append(section_anchor(section.start))
            continue
        tag = HEADING_TAGS.get(section.level, DEEPER_HEADING)
        spans.append(_Span(
            section.start, end, 0,
            f'<div class="section-head"><{tag} id="{section_anchor(section.start)}" class="section-heading">',
            f'</{tag}><a class="to-toc" href="#toc">回到目录</a></div>',
        ))
        # The heading is a block now; the line breaks around it would add empty lines.
        for newline in ("\r\n", "\n"):
            if text.startswith(newline, end):
                skips[end] = len(newline)
                break
        for newline in ("\r\n", "\n"):
            before = section.start - len(newline)
            if before >= 0 and text.startswith(newline, before) and before not in anchors:
                skips.setdefault(before, len(newline))
                break
    return spans


def render_text(text: str, sections=(), measures=(), indicators=()) -> SafeString:
    """Headings as h2/h3 with their anchors, measures as spans, indicators as marks, every slice escaped.

    The elements must nest; one that would cross an outer one (a number running over the end
    of a heading) becomes an empty anchor instead, so every link to it still lands.
    """
    anchors = defaultdict(list)
    skips = {}
    spans = _headings(text, sections, anchors, skips)
    outer = list(spans)
    for measure in sorted(measures, key=lambda m: m.start):
        span = _Span(measure.start, min(measure.end, len(text)), 1,
                     f'<span class="measure" id="{measure_anchor(measure.start)}">', "</span>")
        if span.start < span.end and not any(_crosses(span, o) for o in outer):
            spans.append(span)
        else:
            anchors[measure.start].append(measure_anchor(measure.start))
    outer = list(spans)

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
    last_end = -1
    for start in sorted(marks):
        end, descriptions = marks[start]
        title = escape("；".join(descriptions))
        span = _Span(start, end, 2,
                     f'<mark id="{indicator_anchor(start)}" class="indicator" tabindex="0" title="{title}" data-value="{title}">',
                     "</mark>")
        if start >= last_end and not any(_crosses(span, o) for o in outer):
            spans.append(span)
            last_end = end
        else:
            anchors[start].append(indicator_anchor(start))

    opens, closes = defaultdict(list), defaultdict(list)
    for span in spans:
        opens[span.start].append(span)
        closes[span.end].append(span)
    cuts = sorted({p for p in (*anchors, *opens, *closes, *skips, *(e + n for e, n in skips.items()))
                   if 0 <= p <= len(text)})
    out, pos = [], 0
    for cut in cuts:
        if pos in skips:
            pos = min(cut, pos + skips[pos])
        out.append(escape(text[pos:cut]))
        pos = cut
        # Inner elements close first; outer ones open first.
        for span in sorted(closes.get(cut, ()), key=lambda s: (-s.start, -s.rank)):
            out.append(span.close)
        for anchor_id in anchors.get(cut, ()):
            out.append(f'<span class="anchor" id="{anchor_id}"></span>')
        for span in sorted(opens.get(cut, ()), key=lambda s: (-s.end, s.rank)):
            out.append(span.open)
    if pos in skips:
        pos += skips[pos]
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))
