"""Kind of a quantity: a result (`value`), a change against an earlier period, or a goal (`target`).

Changes are read from the words right before the number (`同比增长4.1%`,
`提升了约10个百分点`); `提升至77.6%` is a level reached, and `高于全国1.7个百分点`
a gap to another place, so both stay values. Targets come from where the
sentence stands: a 政府工作报告's plan for the coming year states goals
throughout, while other reports' plan sections state them with a cue word
(确保/力争/目标…).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reports.text.types import Direction

# A verb of change ending right before the number (a leading qualifier is already cut off).
_CHANGE = re.compile(
    r"(?P<verb>增长|增加|上升|提高|提升|上涨|扩大|增幅|增速|涨幅|下降|减少|降低|下滑|回落|压缩|精简|缩短|缩减|"
    r"降价|降幅|降费|减轻|回升|上调|下调|压减|缩小|削减|增|涨|降|减)(?:了|分别|均|都|达到|达|为)*(?:\d+(?:\.\d+)?[%‰]?[、,])*$"
)
_DOWN = ("下降", "减少", "降低", "下滑", "回落", "压缩", "精简", "缩短", "缩减", "降价", "降幅", "降费", "减轻", "下调",
         "压减", "缩小", "削减", "降", "减")
# Words that make a change of a count explicit: against last year, the same period, a named year.
_COMPARATOR = re.compile(r"同比|环比|较上年|较去年|比上年|比去年|较\d{4}年|比\d{4}年|相比|年均|同期")
_RATIO_UNITS = frozenset({"%", "‰", "个百分点", "倍"})

_HEADING = re.compile(r"(?:^|(?<=[。\n]))[ \t]*([一二三四五六七八九十]{1,3})、([^\n。]{2,60})")
# An unnumbered line short enough to be a heading (`2023年上半年工作亮点`).
_BARE_HEADING = re.compile(r"(?m)^[ \t]*([^\n。，,；;]{4,30})[ \t]*$")
# The same heading on a page flattened with spaces: a run with no punctuation between a sentence's end and the next.
_FLAT_BARE_HEADING = re.compile(r"(?<=[。！？!?])[ \t\u3000]+([^\s。，,；;:：]{4,30})[ \t\u3000]+(?=\S)")
_FUTURE_HEAD = re.compile(
    r"下半年|下一年|下一步|下步|明年|来年|今后|计划|思路|安排|打算|目标任务|主要任务|重点任务|重点工作|工作要点|展望|主要工作"
)
_PAST_HEAD = re.compile(r"回顾|总结|完成情况|成效|成绩|成就|进展|工作情况|主要做法|亮点")
_YEAR = re.compile(r"(20\d\d)年")
# A full date on a short line is a dateline (`2026年1月14日在…人民代表大会…上`, a signature), not a heading:
# the later year it names is when the report was given, not a plan.
_DATED = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
# A 政府工作报告 names the coming year's goals in one sentence.
_GOALS_SENTENCE = re.compile(r"(今年|明年|20\d\d年)[^。\n]{0,12}主要预期目标")
_TITLED = re.compile(r"《[^《》]{0,120}》")
_TARGET_CUE = re.compile(r"确保|力争|争取|目标|预计|预期|计划|拟|将|努力")
_SENTENCE_END = "。！？!?\n"


@dataclass
class Zones:
    report_year: int | None
    gov_report: bool
    future: list[tuple[int, int]]  # spans that plan for a later period

    def in_future(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.future)


def report_year(norm: str, body_start: int, known: int | None) -> int | None:
    if known:
        return known
    for m in _HEADING.finditer(norm, body_start):
        y = _YEAR.search(m.group(2))
        if y:
            return int(y.group(1))
    years = Counter(int(y) for y in _YEAR.findall(norm, body_start))
    return years.most_common(1)[0][0] if years else None


def _titled_gov_report(norm: str, body_start: int) -> bool:
    """A 政府工作报告 says so in its first lines (not merely citing one: 《政府工作报告》)."""
    lines = [ln.strip() for ln in norm[:body_start + 300].splitlines() if ln.strip()][:4]
    return any("政府工作报告" in ln and "《" not in ln and len(ln) <= 40 for ln in lines)


def find_zones(norm: str, body_start: int, year: int | None, kind_hint: str | None) -> Zones:
    """Spans of the text that plan ahead: from a forward-looking heading to a backward-looking one."""
    year = report_year(norm, body_start, year)
    gov = bool(kind_hint and "政府工作报告" in kind_hint) or _titled_gov_report(norm, body_start)
    marks = []  # (offset, is_future)
    headings = [(m.start(1), m.group(2)) for m in _HEADING.finditer(norm, body_start)]
    headings += [(m.start(1), m.group(1)) for m in _BARE_HEADING.finditer(norm, body_start)]
    headings += [(m.start(1), m.group(1)) for m in _FLAT_BARE_HEADING.finditer(norm, body_start)]
    for pos, head in sorted(set(headings)):
        if _DATED.search(head):
            continue
        if _PAST_HEAD.search(head):
            marks.append((pos, False))
            continue
        years = [int(y) for y in _YEAR.findall(head)]
        if _FUTURE_HEAD.search(head) or (year and any(y > year for y in years)):
            marks.append((pos, True))
    if gov:
        for m in _GOALS_SENTENCE.finditer(norm, body_start):
            y = _YEAR.match(m.group(1))
            if y and year and int(y.group(1)) <= year:
                continue
            start = max(norm.rfind(ch, body_start, m.start()) for ch in _SENTENCE_END) + 1
            marks.append((start, True))
            break
    marks.sort()
    future = []
    open_at = None
    for pos, ahead in marks:
        if ahead and open_at is None:
            open_at = pos
        elif not ahead and open_at is not None:
            # A 政府工作报告 never returns to the past once its plan begins.
            if not gov:
                future.append((open_at, pos))
                open_at = None
    if open_at is not None:
        future.append((open_at, len(norm)))
    return Zones(report_year=year, gov_report=gov, future=future)


def change_of(norm: str, lead_start: int, clause_start: int, unit: str) -> str | None:
    """'up' / 'down' when the words before the number state a change, else None."""
    before = norm[max(clause_start, lead_start - 16):lead_start]
    m = _CHANGE.search(before)
    if not m:
        return None
    base = unit.split("/")[0]
    if base not in _RATIO_UNITS and not _COMPARATOR.search(norm, clause_start, lead_start):
        return None  # 新增3632个, 增加5家: a count of new things, not a change against a period
    return Direction.DOWN if m.group("verb") in _DOWN else Direction.UP


def sentence_bounds(norm: str, pos: int, floor: int, reach: int = 400) -> tuple[int, int]:
    """The sentence around `pos`, looking no further than `reach` either way (a page may have no full stop)."""
    lo = max(floor, pos - reach)
    hi = min(len(norm), pos + reach)
    start = max(norm.rfind(ch, lo, pos) for ch in _SENTENCE_END) + 1
    ends = [e for e in (norm.find(ch, pos, hi) for ch in _SENTENCE_END) if e != -1]
    return max(start, lo), (min(ends) if ends else hi)


def is_target(norm: str, pos: int, zones: Zones, body_start: int) -> bool:
    if zones.in_future(pos) and zones.gov_report:
        return True
    start, end = sentence_bounds(norm, pos, body_start)
    # A title names a plan (《…三年行动计划(2023-2025年)》) without making this number a goal.
    if not _TARGET_CUE.search(_TITLED.sub("", norm[start:end])):
        return False
    if zones.in_future(pos):
        return True
    # Outside a plan section only an explicit later year makes a goal (2024年，将开展培训不少于4次).
    lead = _TITLED.sub("", norm[start:pos])
    return bool(zones.report_year) and any(int(y) > zones.report_year for y in _YEAR.findall(lead))
