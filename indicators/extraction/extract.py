"""One pass over the body: numbers -> units -> exclusions -> kind -> qualifier -> name.

Matching runs on `doc.norm`; every span and every name is cut from `doc.text`,
so offsets point into the text exactly as read.
"""
from __future__ import annotations

import re

from reports.text import segment
from reports.text.types import Document, Indicator, IndicatorKind

from . import kinds, names
from .exclusions import Exclusions
from .numbers import NUMBER, Quantity, read_quantity

_COMPARED = re.compile(r"(?:高于|低于|快于|慢于|领先|落后于?)")
# What may stand between two quantities of one list (`分别增长5.2%、1.9%`).
_LIST_GAP = set("、,，和及与 ")


def extract_indicators(doc: Document) -> list[Indicator]:
    text, norm = doc.text, doc.norm
    body = max(0, doc.body_start or 0)
    exclusions = Exclusions(norm, doc.tokens or [])
    zones = kinds.find_zones(norm, body, doc.year, doc.kind_hint)
    namer = names.Namer(text, norm, doc.tokens or [])
    out: list[Indicator] = []
    prev_q: Quantity | None = None
    prev: Indicator | None = None
    for match in NUMBER.finditer(norm, body):
        q = read_quantity(norm, match)
        if q is None or exclusions.reason(q):
            continue
        floor = max(body, prev_q.tail_end) if prev_q and prev_q.tail_end <= q.lead_start else body
        start = names.clause_start(norm, q.lead_start, floor)
        listed = prev is not None and start == floor and floor > body and _is_list_gap(norm, floor, q.lead_start)
        direction = kinds.change_of(norm, q.lead_start, start, q.unit)
        if direction is None and listed and prev.kind == IndicatorKind.CHANGE and _same_family(prev.unit, q.unit):
            direction = prev.direction
        pre = namer.before(start, q.lead_start, change=direction is not None)
        post = ""
        if not names.wants_after(q.unit) and not pre and norm.startswith("的", q.tail_end):
            post = namer.after(q.tail_end + 1, verb_may_lead=False)  # 90%的煤矿达到…: the share of what
        elif names.wants_after(q.unit):
            # Money and measures take a noun after them only when it follows at once (20.3亿元以旧换新补贴),
            # never a verb phrase (安排资金5亿元支持企业发展).
            post = namer.after(q.tail_end, verb_may_lead=not (pre and names.is_measure(q.unit)))
        before_me = _owner(out, norm, q.start) if not pre else None
        if direction is not None:
            name = pre or (before_me.name if before_me else "")
        else:
            name = post or pre or (before_me.name if before_me else "")
        if not name:
            name = _previous_clause(namer, norm, start, body)
        elif _COMPARED.match(name) and (owner := _owner(out, norm, q.start)):
            # 增长6.5%，高于全省平均0.8个百分点: a lead over others, of the indicator just named.
            name = owner.name + name
        kind = IndicatorKind.CHANGE if direction else IndicatorKind.VALUE
        if kinds.is_target(norm, q.start, zones, body):
            kind, direction = IndicatorKind.TARGET, None
        ind = Indicator(
            name=name, value=q.value, unit=q.unit, raw=text[q.start:q.end], start=q.start, end=q.end,
            qualifier=q.qualifier, kind=kind, direction=direction,
            confidence=1.0 if (pre or post) else 0.6,
        )
        out.append(ind)
        prev_q, prev = q, ind
    _respectively(out, text, norm, body)
    return out


def _respectively(out: list[Indicator], text: str, norm: str, body: int) -> None:
    """`X、Y分别增长A、B`: A belongs to X and B to Y, not both to `X、Y`.

    The names come from a 、-list before 分别 (with its shared head: 高技术制造业、装备制造业增加值 ->
    …制造业增加值 each), or, for changes, from as many values just before in the same sentence
    (受理复议案件120件、诉讼案件45件，分别增长15%和下降8%).
    """
    i = 0
    while i < len(out):
        first = out[i]
        clause = names.clause_start(norm, first.start, body)
        lead = norm[clause:first.start]
        if "分别" not in lead:
            i += 1
            continue
        group = [first]
        for ind in out[i + 1:]:
            gap = norm[group[-1].end:ind.start]
            if len(gap) > 8 or any(ch in "。；;，,:：\n" for ch in gap):
                break
            group.append(ind)
        if len(group) >= 2:
            anchor = clause + lead.index("分别")
            # The list itself, not the (possibly shortened) name: 进口货值、免签入境游客、…分别增长…
            names_in_order = _listed_names(names.trim_lead(text[clause:anchor]).strip(), len(group))
            if names_in_order is None and all(g.kind == IndicatorKind.CHANGE for g in group):
                owners = [o for o in out[:i] if o.kind != IndicatorKind.CHANGE and _same_sentence(norm, o.end, anchor)]
                if len(owners) >= len(group):
                    names_in_order = [o.name for o in owners[-len(group):]]
            if names_in_order:
                for ind, name in zip(group, names_in_order, strict=False):
                    ind.name = name
        i += len(group)


def _listed_names(listing: str, n: int) -> list[str] | None:
    parts = [p for p in listing.split("、") if p]
    if len(parts) == 1 and n == 2:
        parts = [p for p in re.split(r"[和与及]", listing, maxsplit=1) if p]
    if len(parts) != n or any(len(p) < 2 for p in parts):
        return None
    words = segment.cut(parts[-1])
    head = words[-1] if len(words) >= 2 and len(words[-1]) >= 2 else ""
    others = parts[:-1]
    # 高技术制造业、装备制造业增加值 share their head; 进口货值、…、离岛免税销售额 do not: a part that
    # already names a measure, or a long list of full phrases, keeps its own words.
    shares = head and (
        (len(parts) == 2 and not others[0].endswith(_MEASURE_ENDINGS))
        or all(len(p) <= 4 and not p.endswith(_MEASURE_ENDINGS) for p in others)
    )
    return [p + head if shares and not p.endswith(head) else p for p in parts]


# Words that end a phrase naming a measure (货值, 人数, 覆盖率 …): such a part needs no shared head.
_MEASURE_ENDINGS = ("值", "额", "量", "数", "率", "次", "比例", "比重", "指数", "收入", "价格", "规模", "面积",
                    "标准", "金", "费", "人口", "产能")


def _owner(out: list[Indicator], norm: str, pos: int) -> Indicator | None:
    """The indicator a nameless quantity belongs to: the last one of its sentence, skipping a
    bracketed breakdown (`办理…920件(其中民事案件437件…),比去年同期增加17%`)."""
    for ind in reversed(out[-12:]):
        if pos - ind.end > 300 or not _same_sentence(norm, ind.end, pos):
            return None
        gap = norm[ind.end:pos]
        if gap.count(")") > gap.count("("):
            continue  # inside a bracket that has closed since
        return ind
    return None


def _is_list_gap(norm: str, a: int, b: int) -> bool:
    return all(ch in _LIST_GAP for ch in norm[a:b])


def _same_family(a: str, b: str) -> bool:
    ratio = {"%", "‰", "个百分点", "倍"}
    return (a in ratio) == (b in ratio)


def _same_sentence(norm: str, a: int, b: int) -> bool:
    return not any(ch in "。！？!?\n" for ch in norm[a:b])


def _previous_clause(namer: names.Namer, norm: str, start: int, body: int) -> str:
    """Last resort: the clause before this one (`…共调解纠纷，其中成功11205件`)."""
    end = start - 1
    if end <= body:
        return ""
    begin = names.clause_start(norm, end, body)
    digit = next((i for i in range(begin, end) if norm[i].isdigit()), end)
    return namer.before(begin, digit, change=False)
