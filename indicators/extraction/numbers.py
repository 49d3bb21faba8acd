"""Number grammar: an Arabic numeral, its multipliers, an in-between qualifier and a unit.

    2.6万余条   -> 26000 条, over      (number, 万, 余, unit)
    1000余万元  -> 10000000 元, over   (余 may stand before the multiplier too)
    35万千瓦    -> 350000 千瓦          (a unit that starts like a multiplier wins)
    2800元/件   -> 2800 元/件           (compound unit)

Everything runs on the normalised shadow text, so full-width digits, `．` and
`％` are already ASCII. Only this module knows how a number is spelt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from reports.text.types import Qualifier

from . import units

# Thousands separators only in groups of three (1,234,567); a digit, letter or
# dot just before the number means it belongs to something else (PM2.5, G20, v1.2).
NUMBER = re.compile(r"(?<![0-9A-Za-z.])(?:\d{1,3}(?:,\d{3})+(?![0-9])|\d+)(?:\.\d+)?")

MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
# Qualifiers written between the number and the unit, or right after the unit.
INNER_OVER = "余多"
TRAILING_QUALIFIERS = (("以上", Qualifier.OVER), ("有余", Qualifier.OVER), ("左右", Qualifier.ABOUT), ("上下", Qualifier.ABOUT))
# Qualifiers written before the number, longest first.
LEADING_QUALIFIERS = (
    ("不少于", Qualifier.AT_LEAST), ("不低于", Qualifier.AT_LEAST), ("至少", Qualifier.AT_LEAST),
    ("将近", Qualifier.NEARLY), ("接近", Qualifier.NEARLY), ("近", Qualifier.NEARLY),
    ("大约", Qualifier.ABOUT), ("约", Qualifier.ABOUT),
    ("超过", Qualifier.OVER), ("突破", Qualifier.OVER), ("逾", Qualifier.OVER), ("超", Qualifier.OVER),
)


_CLAUSE_PUNCT = set("，。；：！？,;:!?、\n")


@dataclass
class Quantity:
    start: int  # first digit
    end: int  # end of the unit: raw is text[start:end]
    value: float
    unit: str  # base form
    qualifier: str | None
    digits: str  # the number as written, separators removed
    lead_start: int  # where a qualifier before the number starts (== start if none)
    tail_end: int  # end of a qualifier after the unit (== end if none)


def to_value(digits: str, factor: int) -> float:
    try:
        exact = Decimal(digits) * factor
    except InvalidOperation:
        return float("nan")
    return float(exact)


def read_quantity(norm: str, match: re.Match) -> Quantity | None:
    """Parse what follows a number match; None when no unit follows."""
    digits = match.group().replace(",", "")
    pos = match.end()
    factor = 1
    multipliers = 0
    qualifier = None
    unit = None
    while pos < len(norm):
        unit = units.match_unit(norm, pos)
        if unit:
            break
        ch = norm[pos]
        if ch in INNER_OVER and qualifier is None:
            qualifier = Qualifier.OVER
            pos += 1
            continue
        if ch in MULTIPLIERS and multipliers < 2 and not units.starts_with_unit(norm, pos):
            # 十 only scales when another multiplier follows (5十万 is odd, 十 alone is a word).
            if ch == "十" and norm[pos + 1:pos + 2] not in ("万", "亿"):
                return None
            factor *= MULTIPLIERS[ch]
            multipliers += 1
            pos += 1
            continue
        return None
    if not unit:
        return None
    end = pos + len(unit)
    surface = units.base_unit(unit)
    denominator = units.match_denominator(norm, end)
    if denominator:
        surface = f"{surface}/{denominator}"
        end += 1 + len(denominator)
    tail_end = end
    for word, kind in TRAILING_QUALIFIERS:
        if norm.startswith(word, end):
            qualifier = qualifier or kind
            tail_end = end + len(word)
            break
    lead_start = match.start()
    for word, kind in LEADING_QUALIFIERS:
        if norm.startswith(word, match.start() - len(word)):
            qualifier = qualifier or kind
            lead_start = match.start() - len(word)
            break
    if qualifier is None:
        # 至少 is an adverb and may stand before the verb: 至少开展12场.
        window = norm[max(0, match.start() - 6):match.start()]
        at = window.rfind("至少")
        if at != -1 and not any(ch in _CLAUSE_PUNCT for ch in window[at:]):
            qualifier = Qualifier.AT_LEAST
    return Quantity(
        start=match.start(), end=end, value=to_value(digits, factor), unit=surface, qualifier=qualifier,
        digits=digits, lead_start=lead_start, tail_end=tail_end,
    )
