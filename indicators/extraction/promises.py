"""Promises kept: what a target commits to, for which year, and whether an outcome meets it. Django-free.

A target (kind "target") is read from its sentence:

- its **year**: a later year the sentence names before the number (`到2027年`,
  `2026年主要预期目标`), else the year after the report's (an annual report is
  written in the new year: its 今年/明年 plan is for year + 1), or the report's
  own year for a half-year or quarterly report (its plan is for the rest of it);
- its **bound**: `at-least` (不少于/以上/超过, or a plain goal to reach), `at-most`
  (以内/以下/不超过/控制在/低于, and a price-rise goal 涨幅…, which plans cap),
  or `about` (左右/约).

An outcome meets a target by its bound. `about` allows a documented tolerance
(`ABOUT_POINTS` percentage points for percentages, `ABOUT_SHARE` of the target
otherwise) and also counts an outcome beyond the target on the side the goal
aims for (growth above a 5%左右 goal is not a miss; a price rise below a
3%左右 cap is not either).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from reports.text.types import Period, Qualifier


class Bound(StrEnum):
    AT_LEAST = "at-least"
    AT_MOST = "at-most"
    ABOUT = "about"


class Status(StrEnum):
    MET = "met"
    MISSED = "missed"
    NO_OUTCOME = "no-outcome"


ABOUT_POINTS = 0.5  # 左右 on a percentage: within half a percentage point
ABOUT_SHARE = 0.05  # 左右 on an amount or count: within 5 % of the target

# A year named before the number: 到2027年 / 2026年 / 2026年度 (a baseline 比2025年 is not a target year).
_YEAR = re.compile(r"(?<![0-9比较同])(?:到|至|在|于)?((?:19|20)\d{2})\s*年(?![0-9]*[月日底末]?以来)")
_NEXT_YEAR_WORDS = ("明年", "下一年", "新的一年")
# A cap, before or right after the number (控制在5%以内, 不超过3%, 涨幅3%左右).
_CAP_BEFORE = re.compile(r"(控制在|不超过|不高于|低于|以内|涨幅|降至|下降到|压减到|压降到)[^，。；]{0,6}$")
_CAP_AFTER = re.compile(r"^(以内|以下|之内)")


@dataclass(frozen=True)
class Reading:
    year: int
    bound: Bound


def read_target(before: str, after: str, report_year: int, period: str, qualifier: str | None) -> Reading:
    """Year and bound of a target, from the sentence `before` its number and the text right `after` it."""
    return Reading(_year(before, report_year, period), _bound(before, after, qualifier))


def _year(before: str, report_year: int, period: str) -> int:
    default = report_year if period in (Period.HALF_YEAR, Period.QUARTER) else report_year + 1
    named = [int(m.group(1)) for m in _YEAR.finditer(before)]
    later = [y for y in named if y >= default]
    if later:
        return later[-1]
    if any(word in before for word in _NEXT_YEAR_WORDS):
        return report_year + 1
    return default


def _bound(before: str, after: str, qualifier: str | None) -> Bound:
    # 左右 first: a 涨幅3%左右 goal is "about", aiming low (see `is_cap`), not a hard ceiling.
    if qualifier in (Qualifier.ABOUT, Qualifier.NEARLY):
        return Bound.ABOUT
    if is_cap(before, after):
        return Bound.AT_MOST
    return Bound.AT_LEAST


def is_cap(before: str, after: str) -> bool:
    """Whether the goal caps the quantity (a 左右 goal then aims low)."""
    return bool(_CAP_AFTER.match(after) or _CAP_BEFORE.search(before))


def judge(target: float, outcome: float, bound: Bound | str, *, percent: bool, aims_low: bool = False) -> Status:
    """Whether `outcome` meets `target` under `bound`. Both in one unit (convert first)."""
    bound = Bound(bound)
    if bound is Bound.AT_LEAST:
        return Status.MET if outcome >= target else Status.MISSED
    if bound is Bound.AT_MOST:
        return Status.MET if outcome <= target else Status.MISSED
    tolerance = ABOUT_POINTS if percent else abs(target) * ABOUT_SHARE
    if abs(outcome - target) <= tolerance + 1e-9:
        return Status.MET
    beyond = outcome < target if aims_low else outcome > target
    return Status.MET if beyond else Status.MISSED
