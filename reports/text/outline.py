"""The numbered outline of a report (一、 / （一） / 1.) and its 一是 … 二是 … measures.

Measures of every other shape (numbered items, run-in leads, paragraphs) are cut in
measures.py, block by block, wherever a section has no 一是 series.

Candidates are found by pattern on the normalised shadow text, then kept only
where they stand at a boundary (start of a line, or after white space or a
full stop when a whole report sits on one line) and continue the numbering
of their level: `二、` is a heading only after `一、`, which is what keeps
phrases like `多网合一、` and table rows out of the outline.
"""
from __future__ import annotations

import re

from .measures import all_measures
from .numerals import chinese_to_int
from .types import Measure, MeasureKind, Section

_CN = "一二三四五六七八九十"
_L1 = re.compile(rf"([{_CN}]{{1,3}})\s*、")
_L2 = re.compile(rf"\(\s*([{_CN}]{{1,3}})\s*\)")
_L3 = re.compile(r"(\d{1,2})\s*[.、](?!\d)")
_MEASURE = re.compile(rf"([{_CN}]{{1,3}})是")

# What may stand right before a numbered heading on the same line.
_BOUNDARY_BEFORE = set(" \n\r。;；!！?？:：")
# A heading runs to the first of these (or to white space before more text, or to the next
# （一） glued to it on a page that lost its line breaks).
_HEADING_STOP = re.compile(rf"[\n。!?！？]|\s{{1,}}(?=\S)|(?=\(\s*[{_CN}]{{1,3}}\s*\))")
# （一） citing a clause of a law (第二十条第（一）项), not numbering the outline.
_CITATION = re.compile(r"\)\s*[项款目]")
MAX_HEADING = 150


def _at_line_start(norm: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and norm[i] in " \t":
        i -= 1
    return i < 0 or norm[i] == "\n"


def _at_boundary(norm: str, pos: int, *, strict: bool) -> bool:
    if _at_line_start(norm, pos):
        return True
    if strict:
        return False
    return norm[pos - 1] in _BOUNDARY_BEFORE


def _heading(text: str, norm: str, start: int) -> tuple[str, int]:
    """The heading text from `start` (just past the numbering) and where it ends."""
    while start < len(norm) and norm[start] in " \t":
        start += 1
    stop = _HEADING_STOP.search(norm, start, min(len(norm), start + MAX_HEADING + 1))
    end = stop.start() if stop else min(len(norm), start + MAX_HEADING)
    return text[start:end].strip(" \t\r\n|,，:：;；"), end


def _in_table_row(text: str, pos: int) -> bool:
    """A scraped table's row (`| 一、本年新收申请数量 | 12 |`): its cells are not the outline."""
    line_start = text.rfind("\n", 0, pos) + 1
    return text[line_start:pos].lstrip(" \t\u3000").startswith(("|", "｜"))


def _candidates(text: str, norm: str, body_start: int, long_lines: bool):
    found = []
    for level, pattern in ((1, _L1), (2, _L2), (3, _L3)):
        for m in pattern.finditer(norm, body_start):
            pos = m.start()
            if _in_table_row(text, pos):
                continue
            # Level 3 (1. 2.) is too common inside sentences to trust anywhere but a line start.
            strict = level == 3 or not long_lines
            inline = False
            if level == 2 and (norm[pos - 1:pos] == "第" or _CITATION.match(norm, m.end() - 1)):
                continue
            if not _at_boundary(norm, pos, strict=strict):
                # Several （一）（二） run together after a full stop, or glued to the heading before
                # them on a flattened page: kept only where they continue the numbering exactly.
                if not (level == 2 and pos > 0 and (norm[pos - 1] in "。;；" or long_lines)):
                    continue
                inline = True
            number = m.group(1)
            value = int(number) if level == 3 else chinese_to_int(number)
            if not value:
                continue
            heading, heading_end = _heading(text, norm, m.end())
            if len(heading) < 2 or heading[0].isdigit() and level == 3 and len(heading) < 4:
                continue
            found.append((pos, level, number, value, heading, heading_end, inline))
    found.sort()
    return found


def parse_outline(text: str, norm: str, body_start: int = 0) -> tuple[list[Section], list[Measure]]:
    # A report flattened onto one line (most of its text) needs the looser boundary rule.
    body = norm[body_start:]
    long_lines = max((len(line) for line in body.split("\n")), default=0) >= 0.6 * len(body.strip() or " ")
    sections: list[Section] = []
    last_value = {1: 0, 2: 0, 3: 0}
    for pos, level, number, value, heading, heading_end, inline in _candidates(text, norm, body_start, long_lines):
        # Numbering continues its level, repeats its last number (a slip of the pen), or starts
        # again at one (a new part, or an appended document); inside a line it must continue.
        allowed = (last_value[level] + 1,) if inline else (last_value[level] + 1, last_value[level], 1)
        if value in allowed:
            sections.append(Section(level=level, number=number, heading=heading, start=pos,
                                    heading_end=heading_end))
            last_value[level] = value
            for deeper in range(level + 1, 4):
                last_value[deeper] = 0
    _close(sections, len(text))
    measures = all_measures(text, norm, body_start, sections, _measures(text, norm, body_start, sections, long_lines))
    return sections, measures


def _close(sections: list[Section], text_end: int) -> None:
    for i, section in enumerate(sections):
        section.end = text_end
        for later in sections[i + 1:]:
            if later.level <= section.level:
                section.end = later.start
                break


def _measures(text, norm, body_start, sections, long_lines) -> list[Measure]:
    starts = []
    expected = 1
    for m in _MEASURE.finditer(norm, body_start):
        pos = m.start()
        if not _at_boundary(norm, pos, strict=False):
            continue
        value = chinese_to_int(m.group(1))
        if value == 1:
            expected = 1
        if value != expected:
            continue
        starts.append((pos, m.group(1), value))
        expected += 1
    section_starts = sorted(s.start for s in sections)
    measures = []
    for i, (pos, number, value) in enumerate(starts):
        end = _measure_end(norm, pos, starts[i + 1][0] if i + 1 < len(starts) else None,
                           section_starts, value, starts[i + 1][2] if i + 1 < len(starts) else None)
        enclosing = [s for s in sections if s.start <= pos < s.end]
        measures.append(Measure(
            ordinal=value, number=number, text=text[pos:end].strip(), start=pos, end=end,
            section_start=max(enclosing, key=lambda s: s.start).start if enclosing else None,
            kind=MeasureKind.ORDINAL, marker=f"{number}是",
        ))
    return [m for m in measures if m.end > m.start]


def _measure_end(norm, pos, next_start, section_starts, value, next_value):
    """A measure runs to the next measure of its series, else to the end of its paragraph."""
    paragraph_end = norm.find("\n", pos)
    if paragraph_end == -1:
        paragraph_end = len(norm)
    next_section = next((s for s in section_starts if s > pos), len(norm))
    end = min(paragraph_end, next_section)
    if next_start is not None and next_value == value + 1 and next_start < next_section:
        end = next_start
    elif next_start is not None:
        end = min(end, next_start)
    while end > pos and norm[end - 1] in " \t\r\n":
        end -= 1
    return end
