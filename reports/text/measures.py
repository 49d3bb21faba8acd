"""Measures (举措): the smallest units a reader browses, for every layout a report uses.

The outline (outline.py) cuts a report into sections; the text between one
section's heading and the next section is a *block*. Each block yields its
measures in the first shape it has, in this order:

1. `一是…二是…` items (found by outline.py; a block that has them uses only them);
2. numbered items: a level-3 section (`1.` `1、` at a line start) is one measure, and a series
   `（1）（2）…` / `1.` `2.` standing at a boundary inside a block gives one measure per item;
3. run-in leads, the 政府工作报告 way of writing: a paragraph opens with a short sentence that
   names the action (`提升科技创新质效。完善全口径…`), or that sentence stands on its own line
   above its paragraph; each lead starts a measure that runs to the next lead;
4. paragraphs.

Never a measure: a heading (the block starts after it), a table row, the 注释 glossary of a
政府工作报告, a speech address (`各位代表！…`), or a fragment shorter than MIN_CHARS.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .types import Measure, MeasureKind, Section


class _Block(NamedTuple):
    start: int
    end: int
    section: Section | None
    whole_item: bool = False  # a numbered item (1. 2.) that is itself one measure

MIN_CHARS = 40  # shorter than a sentence with an action and its object: a fragment, a date, a closing line
LEAD_MAX = 32  # a lead sentence names an action in a few words (提升科技创新质效。)
LEAD_MIN = 4
LEAD_LINE_MAX = 60  # a line above its paragraph that ends in a lead (这一年，我们…。经济实力显著提升。)

# （1） (1) 1. 1、 at a boundary: the number of a list item, never a decimal (1.5) or a date (1.1).
_NUMBERED = re.compile(r"(?:\(\s*(\d{1,2})\s*\)|(\d{1,2})\s*[.、](?!\d))")
_ITEM_BOUNDARY = set("\n。;；:：")
# The glossary that closes many 政府工作报告 (注释 / 名词解释 on a line of its own).
_GLOSSARY = re.compile(r"^\s*(?:注释|注解|名词解释|附注)\s*[:：]?\s*$")
# A paragraph spoken to the audience, not a measure (各位代表！ 同志们：).
_ADDRESS = re.compile(r"(?:各位代表|同志们|各位委员)[!！:：,，]")
_NOTE_MARK = re.compile(r"\[\d+\]")  # ［12］ glossary entry (normalised brackets)
_NUMBERING = re.compile(r"\s*(?:\(\s*[一二三四五六七八九十]{1,3}\s*\)|[一二三四五六七八九十]{1,3}\s*、)\s*")
_LEAD_END = re.compile(r"[。!?！？]")
_LEAD_STOP = re.compile(r"[\d:：;；]")  # a lead names an action; numbers and lists belong to its body


def _paragraphs(text: str, norm: str, start: int, end: int):
    """(start, end) of each non-empty line in [start, end), trimmed; table rows and page chrome left out."""
    pos = start
    while pos < end:
        nl = norm.find("\n", pos, end)
        stop = end if nl == -1 else nl
        a, b = pos, stop
        while a < b and norm[a] in " \t\r\u3000|":
            a += 1
        while b > a and norm[b - 1] in " \t\r\u3000|":
            b -= 1
        line = norm[a:b]
        if line and not text[pos:stop].lstrip(" \t\u3000").startswith(("|", "｜")) and re.search(r"[\u4e00-\u9fff]", line):
            yield a, b
        pos = stop + 1


def _lead_length(norm: str, a: int, b: int) -> int:
    """Length of the paragraph's lead sentence (through its 。), or 0 when it opens with none."""
    found = _LEAD_END.search(norm, a, min(b, a + LEAD_MAX + 1))
    if not found:
        return 0
    lead = norm[a:found.start()]
    if len(lead) < LEAD_MIN or _LEAD_STOP.search(lead):
        return 0
    return found.end() - a


def _numbered_items(norm: str, a: int, b: int) -> list[int]:
    """Starts of a `（1）（2）…` or `1. 2. …` series at boundaries in [a, b), at least two items long."""
    best: list[int] = []
    for bracketed in (True, False):
        starts, expected = [], 1
        for m in _NUMBERED.finditer(norm, a, b):
            number = m.group(1) if bracketed else m.group(2)
            if number is None:
                continue
            pos = m.start()
            if pos > a and norm[pos - 1] not in _ITEM_BOUNDARY and norm[pos - 1] not in " \t":
                continue
            value = int(number)
            if value == expected:
                starts.append(pos)
                expected += 1
            elif value == 1 and len(starts) < 2:
                starts, expected = [pos], 2
        if len(starts) >= 2 and len(starts) > len(best):
            best = starts
    return best


def _trim(norm: str, a: int, b: int) -> int:
    while b > a and norm[b - 1] in " \t\r\n\u3000|":
        b -= 1
    return b


def _measure(text, norm, kind, a, b, section_start, ordinal, marker="", number=""):
    b = _trim(norm, a, b)
    if b - a < MIN_CHARS:
        return None
    return Measure(ordinal=ordinal, number=number, text=text[a:b], start=a, end=b, section_start=section_start,
                   kind=kind, marker=marker)


def _block_measures(text, norm, a, b, section_start) -> list[Measure]:
    paragraphs = list(_paragraphs(text, norm, a, b))
    # An address to the audience or a glossary entry is no measure and ends the one before it.
    aside = {i for i, (pa, _) in enumerate(paragraphs) if _ADDRESS.match(norm, pa) or _NOTE_MARK.match(norm, pa)}
    if not paragraphs:
        return []
    out: list[Measure] = []

    items = _numbered_items(norm, paragraphs[0][0], paragraphs[-1][1])
    if items:
        bounds = items + [paragraphs[-1][1]]
        for i, pos in enumerate(items):
            # The last item stops at the end of its paragraph: what follows is the block's closing text.
            stop = bounds[i + 1] if i + 1 < len(items) else next(e for s, e in paragraphs if s <= pos < e or s > pos)
            marker = _NUMBERED.match(norm, pos)
            m = _measure(text, norm, MeasureKind.NUMBERED, pos, stop, section_start, i + 1,
                         marker=text[pos:marker.end()].strip(), number=marker.group(1) or marker.group(2))
            if m:
                out.append(m)
        return out

    # A lead standing alone on its line heads the paragraph under it; a run-in lead opens its paragraph.
    lead_at, alone_leads, run_in = set(), 0, 0
    for i, (pa, pb) in enumerate(paragraphs):
        if _lead_alone(norm, (pa, pb)):
            if i + 1 < len(paragraphs) and not _lead_alone(norm, paragraphs[i + 1]):
                lead_at.add(i)
                alone_leads += 1
        elif _lead_length(norm, pa, pb) and pb - pa >= MIN_CHARS:
            lead_at.add(i)
            run_in += 1
    # Leads carry a measure across the paragraphs under them only where the block is written that
    # way: leads on their own lines (then a paragraph opening with a short sentence is just body
    # under its lead), or run-in leads throughout. A single short first sentence is not a lead.
    if alone_leads:
        lead_at = {i for i in lead_at if _lead_alone(norm, paragraphs[i])}
    elif run_in < 2:
        lead_at = set()
    i, ordinal = 0, 0
    while i < len(paragraphs):
        j = i + 1
        kind = MeasureKind.PARAGRAPH
        if i in lead_at:
            kind = MeasureKind.LEAD
            while j < len(paragraphs) and j not in lead_at and j not in aside and _is_body(norm, paragraphs[j]):
                j += 1
        if i in aside:
            i = j
            continue
        ordinal += 1
        m = _measure(text, norm, kind, paragraphs[i][0], paragraphs[j - 1][1], section_start, ordinal)
        if m:
            out.append(m)
        i = j
    return out


def _is_body(norm, paragraph) -> bool:
    """Running text, not a signature, date or caption line that happens to follow it."""
    pa, pb = paragraph
    return pb - pa >= MIN_CHARS or norm[pb - 1] in "。!?！？;；”"


def _lead_alone(norm, paragraph) -> bool:
    """A line that only names what the paragraph under it is about: one short sentence, or a short
    line that ends in one (五年来，我们坚定不移…新跨越。经济实力显著提升。)."""
    pa, pb = paragraph
    length = _lead_length(norm, pa, pb)
    if length and pa + length >= pb:
        return True
    if pb - pa > LEAD_LINE_MAX or norm[pb - 1] not in "。!?！？" or _LEAD_STOP.search(norm, pa, pb):
        return False
    # The line's last sentence must itself be a lead, not the tail of running text.
    previous = max(norm.rfind(mark, pa, pb - 1) for mark in "。!?！？")
    return previous >= pa and LEAD_MIN <= pb - 1 - (previous + 1) <= LEAD_MAX


def _glossary_start(norm: str, start: int) -> int:
    pos = start
    while True:
        nl = norm.find("\n", pos)
        line_end = len(norm) if nl == -1 else nl
        if _GLOSSARY.match(norm[pos:line_end]):
            return pos
        if nl == -1:
            return len(norm)
        pos = nl + 1


def all_measures(text: str, norm: str, body_start: int, sections: list[Section],
                 ordinal_measures: list[Measure]) -> list[Measure]:
    """The 一是 measures, and for every block without them, measures of the block's own shape."""
    text_end = _glossary_start(norm, body_start)
    ordered = sorted(sections, key=lambda s: s.start)
    blocks: list[_Block] = []
    if not ordered:
        blocks.append(_Block(body_start, text_end, None))
    for i, section in enumerate(ordered):
        next_start = ordered[i + 1].start if i + 1 < len(ordered) else text_end
        end = min(next_start, section.end or next_start, text_end)
        head = max(section.heading_end, section.start)
        if norm[head:head + 1] == "。" and head + 1 < end and norm[head + 1] not in "\r\n":
            # A run-in heading (（一）统筹推进依法治区工作。认真履行…) is the lead of the text it opens:
            # the measure starts with it, after the numbering.
            numbering = _NUMBERING.match(norm, section.start)
            head = numbering.end() if numbering else section.start
        else:
            # A heading on its own line: the block starts with what follows it.
            while head < end and norm[head] in "。.!！?？ \t\r\n\u3000":
                head += 1
        if section.level >= 3:
            # A numbered item (1. 2.) is itself the measure: its short title names it.
            blocks.append(_Block(section.start, end, section, whole_item=True))
        else:
            blocks.append(_Block(head, end, section))
    out = list(ordinal_measures)
    taken = [(m.start, m.end) for m in ordinal_measures]
    for a, b, section, whole_item in blocks:
        if a >= b or any(a <= s < b for s, _ in taken):
            continue
        if whole_item:
            end = _trim(norm, a, b)
            marker = _NUMBERED.match(norm, a)
            if end - a >= MIN_CHARS and marker:
                out.append(Measure(ordinal=int(section.number), number=section.number, text=text[a:end], start=a,
                                   end=end, section_start=section.start, kind=MeasureKind.NUMBERED,
                                   marker=text[a:marker.end()].strip()))
            continue
        out.extend(_block_measures(text, norm, a, b, section.start if section else None))
    out.sort(key=lambda m: m.start)
    return out
