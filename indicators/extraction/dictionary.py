"""Which comparable quantity (法律援助案件数, 地区生产总值 …) an extracted indicator measures.

One type per quantity, whatever the kind (COMPARABILITY.md rule 1): 地区生产总值
4000亿元 (value), 增长4.1% (change) and 4.5%左右 (target) all carry `gdp`; lists and
charts keep the kinds apart. The type's `unit` is the unit of its level, and the
unit family follows from it:

- a level counted or measured in a unit (件, 人, 元, 吨 …) takes values and targets in any
  unit of that family (亿元 → 元, 公顷 → 亩), and changes or targets in % (growth);
- a ratio (unit %) takes values and targets in %, changes in % or 个百分点.

A wrong type puts a number beside numbers it does not measure up to, so this errs
towards None: one of the type's synonyms must occur in the name and whatever else
the name says must be neutral wording (受理, 全年, 全市, the report's own region …):
办结行政复议案件 is not 行政复议案件, 城镇居民人均可支配收入 is not 居民人均可支配收入,
新增律师事务所 (a flow) is not 律师事务所 (a stock).

The dictionary comes from the IndicatorType table editors keep (reports/lexicon.py);
fixtures/indicator_types.json only seeds it and stands in where no database is at hand.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reports.text.types import IndicatorKind

TYPES_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "indicator_types.json"

# Spellings the extractor may leave that mean the same unit.
_UNIT_SPELLING = {"％": "%", "个小时": "小时", "个工作日": "工作日", "个月": "月", "周岁": "岁", "百分点": "个百分点",
                  "千米": "公里", "平方千米": "平方公里", "公斤": "千克", "吨标煤": "吨标准煤", "标准箱": "标箱"}

# Unit families: each unit's size in the family's first unit. Units of one family measure one
# dimension and convert; where the bases differ (人 vs 人次, 年标准 vs 月标准) there is no family.
UNIT_FAMILIES: dict[str, dict[str, float]] = {
    "money": {"元": 1.0},
    "mass": {"吨": 1.0, "千克": 1e-3, "克": 1e-6, "斤": 5e-4},
    "length": {"公里": 1.0, "米": 1e-3, "厘米": 1e-5, "毫米": 1e-6},
    "area": {"亩": 1.0, "公顷": 15.0, "平方公里": 1500.0, "平方米": 0.0015},
    "volume": {"立方米": 1.0, "升": 1e-3, "毫升": 1e-6},
    "energy": {"千瓦时": 1.0, "度": 1.0, "兆瓦时": 1e3},
    "power": {"千瓦": 1.0, "兆瓦": 1e3, "吉瓦": 1e6},
    "people": {"人": 1.0, "名": 1.0, "位": 1.0},
    "devices": {"台": 1.0, "部": 1.0},
    "organisations": {"家": 1.0, "个": 1.0, "所": 1.0},
    "events": {"次": 1.0, "场": 1.0, "场次": 1.0},
    "days": {"天": 1.0, "日": 1.0},
    "hours": {"小时": 1.0, "分钟": 1 / 60},
    "computing": {"P": 1.0, "PB": 1.0},
    "ratio": {"%": 1.0, "‰": 0.1},
}
_FAMILY_OF = {unit: family for family, members in UNIT_FAMILIES.items() for unit in members}
# Other currencies measure money too (实际使用外资2.1亿美元 is the same quantity), but no fixed rate
# converts them: such a figure takes the type and has no comparable value.
_UNCONVERTED = {"美元": "money", "欧元": "money", "港元": "money"}
POINTS = "个百分点"

# What a name may say besides the synonym without becoming another quantity:
# verbs of receiving and handling, period and scope, the body reporting, "total".
_NEUTRAL_WORDS = (
    "受理", "办理", "收到", "新收", "接收", "承办", "共计", "总计", "合计", "累计", "共", "全年", "当年",
    "本年度", "年度", "上半年", "下半年", "年内", "全市", "全区", "全县", "全省", "全州", "全盟", "全旗",
    "全域", "全乡", "全镇", "全国", "全岛", "本市", "本区", "本县", "本省", "我市", "我区", "我县", "我省",
    "我州", "全社会", "全体", "各类", "各级", "各地", "市政府", "区政府", "县政府", "省政府", "州政府",
    "政府", "相关", "市直部门", "部门", "县区", "总量", "总数", "数量", "人数", "件数", "次数", "总额", "总规模",
    "规模", "达到", "达", "实现", "完成", "组织开展", "开展", "举办", "提供", "推动", "推进", "确保", "保持",
    "力争", "稳定在", "持续", "继续", "分别", "其中", "认真", "依法", "及时", "严格", "全面", "积极", "扎实",
    "深入", "有效", "集中", "主动", "收到并", "并", "首次", "均值", "控制在", "保持在", "现有", "共有", "拥有", "本年", "、", ",", "，",
)
# Words of a change or target that leave the quantity as it is (地区生产总值增长).
_GROWTH_WORDS = ("同比增长", "比上年增长", "增长率", "增长", "增速", "增幅", "涨幅", "上涨", "提高", "提升", "增加",
                 "下降", "降低", "减少", "回落", "预期目标", "目标", "再提高", "再", "至", "到")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Verbs are neutral in front of what they act on (受理法律援助案件) but not after it: 社区矫正对象
# 累计接收 counts those received, not those under correction.
# (完成, 实现 stay neutral after a total: 地区生产总值完成3280亿元.)
_VERBS = {"受理", "办理", "收到", "新收", "接收", "承办", "组织开展", "开展", "举办", "提供", "推动", "推进",
          "收到并", "并"}
_NEUTRAL = re.compile(f"(?:{_alternation(_NEUTRAL_WORDS)})*")
_NEUTRAL_OR_GROWTH = re.compile(f"(?:{_alternation(_NEUTRAL_WORDS + _GROWTH_WORDS)})*")
_NEUTRAL_AFTER = re.compile(f"(?:{_alternation(w for w in _NEUTRAL_WORDS if w not in _VERBS)})*")
_NEUTRAL_OR_GROWTH_AFTER = re.compile(
    f"(?:{_alternation([w for w in _NEUTRAL_WORDS if w not in _VERBS] + list(_GROWTH_WORDS))})*")
# Parenthetical asides (乡镇(街道)), quotes, 的 and note markers do not change what is counted.
_NOISE = re.compile(r"[(（][^()（）]*[)）]|[［\[]\d{1,2}[］\]]|[\s“”\"'‘’「」『』《》〈〉·]|的|各类|各种|转办|交办")
# The body that did the work, written into the name (审核区政府及区政府办公室规范性文件,
# 受理各县区各部门报备规范性文件): a level, 政府/部门, chained with 及/和/、. Stripped only as a
# second try, so names in which 政府 belongs to the quantity (政府信息公开) match as written.
_AGENCY = re.compile(
    r"(?:(?:各|本级|所属|其他|县区|县市区|区县|市县|市直|省直|区直|州直|[省市区县州旗乡镇])*"
    r"(?:人民政府|政府|党委|部门|单位|机关|人大常委会)(?:办公厅|办公室|各部门|部门|工作部门)?(?:及|和|与|、)?)+"
)
# The body a report or document goes to (向省政府及市人大常委会报备…): not part of what is counted.
_RECIPIENT = re.compile(r"^向[^，,。；;]{1,30}?(?=报备|报送|提交|提请|上报|备案)")
# Verbs that name no quantity by themselves: the name of an indicator is this alone when the
# object sits in an earlier clause (收到行政复议申请114件，办结113件).
_BARE_VERB = re.compile(
    r"(?:其中|共|已|均|全部|依法)?(?:办结|审结|结案|成功化解|化解成功|调解成功|成功调解|调处成功|成功|纠错|纠正|"
    r"撤销|变更|确认违法|驳回|维持|败诉|胜诉|宣布失效|废止|修改|修订|失效|清理|公开|答复|受理|新收|"
    r"涉及金额|涉案金额|涉及|挽回经济损失|挽回损失|不予受理|予以公开|部分公开|不予公开)$"
)


@dataclass(frozen=True)
class IndicatorTypeEntry:
    slug: str
    name: str
    unit: str
    synonyms: tuple[str, ...]
    topic: str | None
    stock: bool = False  # a level at a moment, not what happened in a year

    @property
    def accumulates(self) -> bool:
        """Whether a figure stated for several years is their sum (flows), not the latest level."""
        return not (self.stock or self.is_ratio)

    @property
    def family(self) -> str | None:
        return unit_family(self.unit)

    @property
    def is_ratio(self) -> bool:
        return self.family == "ratio"


def normalise_unit(unit: str) -> str:
    unit = (unit or "").strip()
    return _UNIT_SPELLING.get(unit, unit)


def unit_family(unit: str) -> str | None:
    return _FAMILY_OF.get(normalise_unit(unit))


def unit_factor(unit: str, type_unit: str) -> float | None:
    """How many `type_unit` one `unit` is (亿元 is already 元 × 1e8 in extraction); None across families."""
    unit, type_unit = normalise_unit(unit), normalise_unit(type_unit)
    if not unit or not type_unit:
        return None
    if unit == type_unit:
        return 1.0
    family = _FAMILY_OF.get(unit)
    if family is None or family != _FAMILY_OF.get(type_unit):
        return None
    members = UNIT_FAMILIES[family]
    return members[unit] / members[type_unit]


def units_compatible(unit: str, type_unit: str) -> bool:
    if unit_factor(unit, type_unit) is not None:
        return True
    family = _UNCONVERTED.get(normalise_unit(unit))
    return family is not None and family == unit_family(type_unit)


def accepts(entry: IndicatorTypeEntry, unit: str, kind: str) -> bool:
    """Whether a (unit, kind) can measure the type: its level's family, or a change in % / points."""
    unit = normalise_unit(unit)
    if kind == IndicatorKind.VALUE:
        return units_compatible(unit, entry.unit)
    if entry.is_ratio:
        # A rate moves by points (提高2个百分点); 下降0.3% of a rate means the same in careless prose.
        return unit in ("%", POINTS) or units_compatible(unit, entry.unit)
    # A level changes by an amount of its own unit (增加5亿元) or by a growth rate (增长5%).
    return unit == "%" or units_compatible(unit, entry.unit)


def normalise_name(name: str) -> str:
    return _NOISE.sub("", name or "").upper()


def strip_places(name: str, places) -> str:
    """The name without the report's own region in front (青海省、西宁市 …), which adds nothing.

    `places` longest first, as `place_names` gives them."""
    for place in places:
        if place and name.startswith(place) and len(name) > len(place):
            return name[len(place):]
    return name


def place_names(*names) -> tuple[str, ...]:
    """A region's names as a report writes them in front of a quantity: 青海省, 青海, 西宁市 …"""
    out = []
    for full in names:
        if not full:
            continue
        out.append(full)
        short = re.sub(r"(?:维吾尔|壮族|回族|藏族|蒙古族)?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|州|盟|旗)$", "", full)
        if len(short) >= 2 and short != full:
            out.append(short)
    return tuple(sorted(out, key=len, reverse=True))


def is_bare_verb(name: str) -> bool:
    return bool(_BARE_VERB.fullmatch(normalise_name(name)))


def entry_from_row(row) -> IndicatorTypeEntry:
    """One dictionary entry from a mapping with slug, name, unit, synonyms, topic (a slug or None) and stock."""
    topic = row.get("topic")
    synonyms = {normalise_name(s) for s in [row["name"], *(row.get("synonyms") or [])]}
    return IndicatorTypeEntry(
        slug=row["slug"], name=row["name"], unit=normalise_unit(row["unit"]),
        # Longest first: the most specific wording decides.
        synonyms=tuple(sorted((s for s in synonyms if s), key=len, reverse=True)),
        topic=topic[0] if isinstance(topic, list) and topic else topic, stock=bool(row.get("stock")),
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
        self._build(tuple(entries))

    def __getstate__(self):
        # `ingest --workers` hands the dictionary to other processes: send the entries, not the memo.
        return {"entries": self.entries}

    def __setstate__(self, state):
        self._build(state["entries"])

    def _build(self, entries):
        self.entries = entries
        self._by_slug = {e.slug: e for e in self.entries}
        # Synonym -> entries holding it: a name is looked up by its substrings, not against every entry.
        index: dict[str, list[IndicatorTypeEntry]] = {}
        for entry in self.entries:
            for synonym in entry.synonyms:
                index.setdefault(synonym, []).append(entry)
        self._index = index
        self._lengths = sorted({len(s) for s in index}, reverse=True)
        self.classify = lru_cache(maxsize=16384)(self._classify)

    def entry(self, slug: str | None) -> IndicatorTypeEntry | None:
        return self._by_slug.get(slug) if slug else None

    def _classify(self, name: str, unit: str, kind: str = IndicatorKind.VALUE) -> str | None:
        """Slug of the type this (name, unit, kind) measures, or None when unsure."""
        name = normalise_name(name)
        if not name:
            return None
        found = self._match(name, unit, kind)
        if found is None:
            stripped = _AGENCY.sub("", _RECIPIENT.sub("", name))
            if stripped and stripped != name:
                found = self._match(stripped, unit, kind)
        return found

    def _match(self, name: str, unit: str, kind: str) -> str | None:
        before, after = (_NEUTRAL, _NEUTRAL_AFTER) if kind == IndicatorKind.VALUE else (_NEUTRAL_OR_GROWTH, _NEUTRAL_OR_GROWTH_AFTER)
        best, best_length = None, 0
        for length in self._lengths:
            if length > len(name) or length <= best_length:
                continue
            for at in range(len(name) - length + 1):
                entries = self._index.get(name[at:at + length])
                if not entries:
                    continue
                if not (before.fullmatch(name[:at]) and after.fullmatch(name[at + length:])):
                    continue
                for entry in entries:
                    if accepts(entry, unit, kind):
                        # Equal lengths: dictionary order, which lists the plainer type first.
                        return entry.slug
        return best

    def comparable_value(self, slug: str | None, value: float, unit: str, kind: str = IndicatorKind.VALUE) -> float | None:
        """`value` in the unit of type `slug`, for comparison across reports; None when it cannot be said.

        A growth rate (%) or a change in points is compared as written; anything else converts
        within the type's unit family (2.3亿元 → 230000000 元 when the text said 亿元; 15公顷 → 225 亩).
        """
        entry = self.entry(slug)
        if entry is None or value is None or not accepts(entry, unit, kind):
            return None
        unit = normalise_unit(unit)
        factor = unit_factor(unit, entry.unit)
        if factor is not None:
            return value * factor if factor != 1.0 else value
        if kind in (IndicatorKind.CHANGE, IndicatorKind.TARGET) and unit in ("%", POINTS):
            return value
        return None

    def topic_of(self, slug: str | None) -> str | None:
        entry = self.entry(slug)
        return entry.topic if entry else None


@lru_cache(maxsize=1)
def fixture_dictionary() -> Dictionary:
    """The fixture's dictionary: for `extract` without a database, and for tests."""
    return Dictionary(load_types())


def types() -> tuple[IndicatorTypeEntry, ...]:
    return fixture_dictionary().entries


def classify(name: str, unit: str, kind: str = IndicatorKind.VALUE) -> str | None:
    """Slug of the indicator type this (name, unit, kind) measures in the fixture's dictionary."""
    return fixture_dictionary().classify(name, unit, kind)


def topic_of(slug: str | None) -> str | None:
    """The topic slug an indicator type belongs to."""
    return fixture_dictionary().topic_of(slug)
