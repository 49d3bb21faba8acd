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
# A number standing alone after a heading: the value cell of a flattened table row.
_CELL_VALUE = re.compile(r"\s+\d+(?:\.\d+)?%?(?=\s|$)")
# （一） citing a clause of a law (第二十条第（一）项), not numbering the outline.
_CITATION = re.compile(r"\)\s*[项款目]")
MAX_HEADING = 150
# Longer than any heading of the hand-checked outlines in tests/data/gold (the longest is 53 characters): past this a
# heading running to white space has swallowed its body.
GLUED_HEADING = 60
# A heading glued to its paragraph's lead phrase is at least this long (聚力促进更高水平开放 has 10;
# 2024年度推进… and 以更深层次全面深化… must not be cut at their own verbs).
LEAD_AFTER = 8


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


# Where the body's first sentence begins once a page glued it to its heading (no line break,
# no space): its first measure (一是), a year opening a sentence (2024年, / 2024年以来), a time
# phrase opening one (过去一年 / 今年是 / 一年来), a quotation's speaker, a subject that will act.
_BODY_OPENS = re.compile(
    rf"[{_CN}]{{1,3}}是(?![的否])"
    r"|(?:19|20)\d{2}年(?:度|上半年|下半年)?(?:以来)?[,，]|(?:19|20)\d{2}年(?:以来|是)"
    r"|(?:过去|刚刚过去的)(?:的)?(?:一年|五年|\d{4}年)|今年(?:是|以来)|一年来|近年来|新时代以来|今后五年|下一步[,，]|“[^”]{1,8}”时期(?:[,，]|是)"
    r"|习近平总书记(?:强调|指出|深刻指出)|党的二十大(?:报告)?(?:指出|强调)|根据《|(?:今年)?政府工作的总体要求"
    r"|(?:我|[省市区县])[\u4e00-\u9fff]{0,8}?(?:局|厅|委|政府)(?=将|始终|紧紧|认真)"
)
# Words that begin a paragraph's lead phrase (加强生态系统保护修复。…): verbs of official measures.
_LEAD_VERBS = re.compile(
    r"加强|推进|推动|深化|完善|健全|提升|强化|坚持|落实|做好|持续|全面|扎实|着力|加快|优化|深入|大力|做强|构建|"
    r"建立|实施|开展|打造|培育|促进|保持|巩固|扩大|抓好|严格|规范|统筹|维护|防范|加大|提高|筑牢|聚焦|守牢|提速|激发|"
    r"全力|有效|积极|切实|不断|突出|壮大|实施"
)


def _heading(text: str, norm: str, start: int, glued: bool = False, no_spaces: bool = False) -> tuple[str, int]:
    """The heading text from `start` (just past the numbering) and where it ends.

    `glued`: the page lost its line breaks, so the body may follow the heading with
    nothing between them; it is cut where the body visibly begins. `no_spaces`: not
    even white space is left between paragraphs, so a paragraph's lead phrase
    (推动…释放。) may be glued to the heading too.
    """
    while start < len(norm) and norm[start] in " \t":
        start += 1
    stop = _HEADING_STOP.search(norm, start, min(len(norm), start + MAX_HEADING + 1))
    end = stop.start() if stop else min(len(norm), start + MAX_HEADING)
    # A heading that reached white space is cut only when that space lies deep in the body.
    if glued and (not (stop and norm[stop.start()].isspace()) or end - start > GLUED_HEADING):
        end = _glued_end(norm, start, end, no_spaces)
    return text[start:end].strip(" \t\r\n|,，:：;；"), end


def _glued_end(norm: str, start: int, end: int, no_spaces: bool) -> int:
    if opens := _BODY_OPENS.search(norm, start + 2, end):
        return opens.start()
    if not no_spaces:
        return end
    # 聚焦“双碳”引领，推动全面绿色转型加强生态系统保护修复: a heading of two matching halves
    # followed by a lead phrase; the second half ends at a lead verb, about where its length matches.
    comma = next((i for i in range(start, end) if norm[i] in ",，"), -1)
    if comma < 0:
        # 聚力促进更高水平开放推动自由贸易港政策红利加速释放: no comma, a heading then a lead phrase.
        if end - start > 40 or "、" in norm[start:end]:
            return end  # a sentence, or a heading of listed parts (有力有效、底线稳固)
        lead = _LEAD_VERBS.search(norm, start + LEAD_AFTER, end - 4)
        return lead.start() if lead and lead.start() <= end - 6 else end
    if norm.find(",", comma + 1, end) != -1 or norm.find("，", comma + 1, end) != -1:
        return end
    # The second half of those hand-checked headings is 2 shorter to 7 longer than the first (most often 4):
    # cut at the lead verb nearest to first + 2 within that range, if the rest is too long for a half.
    first = comma - start
    if end - comma - 1 <= first + 4:
        return end
    target = comma + 1 + first + 2
    best = None
    for m in _LEAD_VERBS.finditer(norm, comma + 1 + max(2, first - 2), min(end - 4, comma + 1 + first + 9)):
        if best is None or abs(m.start() - target) < abs(best - target):
            best = m.start()
    return best if best is not None else end


def _in_table_row(text: str, pos: int) -> bool:
    """A scraped table's row (`| 一、本年新收申请数量 | 12 |`): its cells are not the outline.

    On a flattened page the row is inside the line: the cell's own bar stands right before it.
    """
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    if before.lstrip(" \t\u3000").startswith(("|", "｜")):
        return True
    # A cell: a bar before it and another closing it, with no sentence ending between.
    after = re.match(r"[^|｜。\n]{0,60}[|｜]", text[pos:pos + 62])
    return before.rstrip(" \t\u3000").endswith(("|", "｜")) and after is not None


# 一、二、三等奖 / 一、二类: a list of numerals is an enumeration, not a heading.
_ENUMERATION = re.compile(rf"[{_CN}]{{1,3}}\s*[、,，]|[{_CN}]{{1,3}}\s*(?:等|类|级|档|批|期)")


def _in_title_marks(norm: str, pos: int) -> bool:
    """Inside 《…》: a numbering quoted from a document's name."""
    opened = norm.rfind("《", max(0, pos - 80), pos)
    return opened != -1 and norm.find("》", opened, pos) == -1


def _candidates(text: str, norm: str, body_start: int, long_lines: bool, no_spaces: bool = False):
    found = []
    for level, pattern in ((1, _L1), (2, _L2), (3, _L3)):
        for m in pattern.finditer(norm, body_start):
            pos = m.start()
            if _in_table_row(text, pos) or _in_title_marks(norm, pos):
                continue
            if level == 1 and _ENUMERATION.match(norm, m.end()):
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
            heading, heading_end = _heading(text, norm, m.end(), glued=long_lines, no_spaces=no_spaces)
            if len(heading) < 2 or heading[0].isdigit() and level == 3 and len(heading) < 4:
                continue
            if long_lines and _CELL_VALUE.match(norm, heading_end):
                continue  # 一、本年新收政府信息公开申请数量 5 二、…: a flattened table's row label and its value
            # On a flattened line a heading only continues its level's numbering (no restart, no repeat):
            # a table's 一、二、三 inside section 三 is not a new outline.
            inline = inline or (long_lines and not _at_line_start(norm, pos))
            found.append((pos, level, number, value, heading, heading_end, inline))
    found.sort()
    return found


def parse_outline(text: str, norm: str, body_start: int = 0) -> tuple[list[Section], list[Measure]]:
    # A report flattened onto one line (most of its text) needs the looser boundary rule.
    body = norm[body_start:]
    long_lines = max((len(line) for line in body.split("\n")), default=0) >= 0.6 * len(body.strip() or " ")
    # Flattened with nothing between paragraphs: hardly any white space against its sentences.
    no_spaces = long_lines and len(re.findall(r"\s", body.strip())) < 0.1 * (body.count("。") + 1)
    sections: list[Section] = []
    last_value = {1: 0, 2: 0, 3: 0}
    for pos, level, number, value, heading, heading_end, inline in _candidates(text, norm, body_start, long_lines, no_spaces):
        # Numbering continues its level, repeats its last number (a slip of the pen), or starts
        # again at one (a new part, or an appended document); inside a line it must continue.
        allowed = (last_value[level] + 1,) if inline else (last_value[level] + 1, last_value[level], 1)
        if value in allowed:
            sections.append(Section(level=level, number=number, heading=heading, start=pos,
                                    heading_end=heading_end))
            last_value[level] = value
            for deeper in range(level + 1, 4):
                last_value[deeper] = 0
    if no_spaces:
        _cut_parallel(sections, text)
    _close(sections, len(text))
    measures = all_measures(text, norm, body_start, sections, _measures(text, norm, body_start, sections, long_lines))
    return sections, measures


# Sibling headings are written in parallel (坚持在服务大局中推进依法治市工作 / 坚持在增进民生福祉中推进
# 依法治市工作 …): a phrase that ends three or more of them within their first characters is where
# each of those ends, whatever was glued after it.
PARALLEL_MIN, PARALLEL_SIBLINGS, PARALLEL_REACH = 4, 3, 30


def _cut_parallel(sections: list[Section], text: str) -> None:
    for level in (1, 2):
        run: list[Section] = []
        for section in sections + [None]:
            if section is None or section.level < level:
                _cut_run(run, text)
                run = []
            elif section.level == level:
                run.append(section)


def _cut_run(run: list[Section], text: str) -> None:
    long = [s for s in run if len(s.heading) > PARALLEL_REACH]
    if not PARALLEL_SIBLINGS <= len(run) <= 20 or not long:
        return
    best = None
    for source in [s.heading[:PARALLEL_REACH] for s in long]:
        for i in range(2, len(source)):
            for j in range(len(source), i + max(PARALLEL_MIN, len(best or "") + 1) - 1, -1):
                phrase = source[i:j]
                holders = [s for s in run if 2 <= s.heading.find(phrase) <= PARALLEL_REACH - len(phrase)]
                if len(holders) >= PARALLEL_SIBLINGS:
                    best = phrase
                    break
    if not best:
        return
    for section in long:
        at = section.heading.find(best)
        if 2 <= at <= PARALLEL_REACH - len(best):
            section.heading = section.heading[:at + len(best)]
            section.heading_end = text.find(section.heading, section.start) + len(section.heading)


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
