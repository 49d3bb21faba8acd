"""Which comparable indicator type (法律援助案件数, 地区生产总值增速 …) an extracted indicator is.

The types live in fixtures/indicator_types.json, the same file loaded into the
IndicatorType table. A wrong type puts a number beside numbers it does not
measure up to, so this errs towards None:

- the unit must be the type's own (件 is not 人次; % is not 个百分点);
- one of the type's synonyms must occur in the name, and whatever else the
  name says must be neutral wording (受理, 全年, 全市 …): 办结行政复议案件 is
  not 行政复议案件, 城镇居民人均可支配收入 is not 居民人均可支配收入;
- a change against an earlier period (kind "change", 增长5%) only maps to a
  growth type, marked by a slug ending in "-growth"; a level or a rate never
  takes a change, whose meaning (relative change of a count) it does not share.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TYPES_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "indicator_types.json"
GROWTH_SUFFIX = "-growth"

# Spellings the extractor may leave that mean the same unit.
_UNIT_SPELLING = {"％": "%", "个小时": "小时", "个工作日": "工作日", "个月": "月", "周岁": "岁"}
# Measure words that count the same things (people; events; organisations or places).
_UNIT_CLASSES = ({"人", "名", "位"}, {"场", "场次"}, {"家", "个"})

# What a name may say besides the synonym without becoming another quantity:
# verbs of receiving and handling, period and scope, the body reporting, "total".
_NEUTRAL_WORDS = (
    "受理", "办理", "收到", "新收", "接收", "承办", "共计", "总计", "合计", "累计", "共", "全年", "当年",
    "本年度", "年度", "上半年", "下半年", "年内", "全市", "全区", "全县", "全省", "全州", "全盟", "全旗",
    "全域", "全乡", "全镇", "本市", "本区", "本县", "我市", "我区", "我县", "我省", "全社会", "全体",
    "各类", "各级", "各地", "市政府", "区政府", "县政府", "省政府", "州政府", "政府", "相关", "市直部门",
    "部门", "县区", "总量", "总数", "数量", "人数", "件数", "次数", "总额", "达到", "达", "实现", "完成",
    "组织开展", "开展", "举办", "提供", "、", ",", "，",
)
_GROWTH_WORDS = ("同比增长", "比上年增长", "增长率", "增长", "增速", "增幅", "涨幅", "上涨")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NEUTRAL = re.compile(f"(?:{_alternation(_NEUTRAL_WORDS)})*")
_NEUTRAL_OR_GROWTH = re.compile(f"(?:{_alternation(_NEUTRAL_WORDS + _GROWTH_WORDS)})*")
# Parenthetical asides (乡镇(街道)), quotes and 的 do not change what is counted.
_NOISE = re.compile(r"[(（][^()（）]*[)）]|[\s“”\"'‘’「」『』《》〈〉]|的")


@dataclass(frozen=True)
class IndicatorTypeEntry:
    slug: str
    name: str
    unit: str
    synonyms: tuple[str, ...]
    topic: str | None

    @property
    def is_growth(self) -> bool:
        return self.slug.endswith(GROWTH_SUFFIX)


def normalise_unit(unit: str) -> str:
    unit = (unit or "").strip()
    return _UNIT_SPELLING.get(unit, unit)


def units_compatible(unit: str, type_unit: str) -> bool:
    unit, type_unit = normalise_unit(unit), normalise_unit(type_unit)
    if unit == type_unit:
        return bool(unit)
    return any(unit in group and type_unit in group for group in _UNIT_CLASSES)


def normalise_name(name: str) -> str:
    return _NOISE.sub("", name or "").upper()


def entry_from_row(row) -> IndicatorTypeEntry:
    """One dictionary entry from a mapping with slug, name, unit, synonyms and topic (a slug or None)."""
    topic = row.get("topic")
    synonyms = {normalise_name(s) for s in [row["name"], *(row.get("synonyms") or [])]}
    return IndicatorTypeEntry(
        slug=row["slug"], name=row["name"], unit=row["unit"],
        # Longest first: the most specific wording decides.
        synonyms=tuple(sorted((s for s in synonyms if s), key=len, reverse=True)),
        topic=topic[0] if isinstance(topic, list) and topic else topic,
    )


def load_types(path: Path | None = None) -> tuple[IndicatorTypeEntry, ...]:
    rows = json.loads((path or TYPES_FIXTURE).read_text(encoding="utf-8"))
    return tuple(entry_from_row(row["fields"]) for row in rows)


class Dictionary:
    """The indicator dictionary extraction classifies against, with its own memo of answers.

    Built from the IndicatorType table editors keep (reports/lexicon.py), or
    from the fixture that seeds it when no database is at hand.
    """

    def __init__(self, entries):
        self.entries = tuple(entries)
        self._by_slug = {e.slug: e for e in self.entries}
        self.classify = lru_cache(maxsize=8192)(self._classify)

    def _classify(self, name: str, unit: str, kind: str = "value") -> str | None:
        return _classify(self.entries, name, unit, kind)

    def comparable_value(self, slug: str | None, value: float, unit: str, kind: str = "value") -> float | None:
        """`value` in the unit of type `slug`, for comparison across reports; None when it cannot be said."""
        entry = self._by_slug.get(slug) if slug else None
        if entry is None:
            return None
        if kind == "change" or normalise_unit(unit) == normalise_unit(entry.unit) or units_compatible(unit, entry.unit):
            return value
        return None

    def topic_of(self, slug: str | None) -> str | None:
        entry = self._by_slug.get(slug) if slug else None
        return entry.topic if entry else None


@lru_cache(maxsize=1)
def fixture_dictionary() -> Dictionary:
    """The fixture's dictionary: for `extract` without a database, and for tests."""
    return Dictionary(load_types())


def types() -> tuple[IndicatorTypeEntry, ...]:
    return fixture_dictionary().entries


def _match_length(name: str, entry: IndicatorTypeEntry) -> int:
    """Length of the longest synonym the name is, up to neutral wording; 0 if none."""
    neutral = _NEUTRAL_OR_GROWTH if entry.is_growth else _NEUTRAL
    for synonym in entry.synonyms:
        at = name.find(synonym)
        while at >= 0:
            if neutral.fullmatch(name[:at]) and neutral.fullmatch(name[at + len(synonym):]):
                return len(synonym)
            at = name.find(synonym, at + 1)
    return 0


def classify(name: str, unit: str, kind: str = "value") -> str | None:
    """Slug of the indicator type this (name, unit, kind) measures in the fixture's dictionary."""
    return fixture_dictionary().classify(name, unit, kind)


def _classify(entries, name: str, unit: str, kind: str) -> str | None:
    """Slug of the indicator type this (name, unit, kind) measures, or None when unsure."""
    name = normalise_name(name)
    if not name:
        return None
    best, best_length = None, 0
    for entry in entries:
        if kind == "change" and not entry.is_growth:
            continue
        if not units_compatible(unit, entry.unit):
            continue
        length = _match_length(name, entry)
        # Equal lengths: dictionary order, which lists the plainer type first.
        if length > best_length:
            best, best_length = entry, length
    return best.slug if best else None


def topic_of(slug: str | None) -> str | None:
    """The topic slug an indicator type belongs to."""
    return fixture_dictionary().topic_of(slug)
