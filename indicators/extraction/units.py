"""The unit lexicon: which words after a number make it a quantity, and their base form.

A unit is matched longest-first at the character after the number (and after
any 万/亿 multiplier), so `个百分点` wins over `个` and `千瓦时` over `千瓦`.
Multipliers are not units: `万元` is 万 × 元, which is how `641.65万元`
becomes 6416500 元.
"""
from __future__ import annotations

# Measure words of things counted. Two-character forms ending in 次 are their own
# units (人次 is not 人).
COUNT_UNITS = (
    "件 个 名 人 位 次 家 项 条 场 期 份 批 户 起 笔 所 支 台 村 例 宗 篇 部 本 册 套 座 栋 幢 间 处 辆 艘 架 列 "
    "趟 班 轮 棵 株 头 只 匹 张 幅 块 枚 门 节 首 集 组 队 种 类 款 道 届 "
    "人次 场次 批次 户次 件次 车次 架次 班次 航次 艘次 台次 家次 趟次 期次 课次 人日 课时 学时 床"
).split()

# Units of measure: money, mass, length, area, volume, energy, computing, age, ratio.
MEASURE_UNITS = (
    "元 美元 欧元 港元 吨 千克 公斤 克 斤 公里 千米 米 厘米 毫米 微米 纳米 平方米 平方公里 平方千米 立方米 "
    "公顷 亩 千瓦 千瓦时 度 兆瓦 吉瓦 千伏 千伏安 兆瓦时 标箱 标准箱 吨标准煤 吨标煤 升 毫升 "
    "P PB TB EB 岁 周岁 倍 ‰ % 分 个百分点 百分点"
).split()

# Durations. 年 and 月 need care: `2024年` and `9月` are dates (see grammar).
TIME_UNITS = "年 个月 天 小时 个小时 分钟 秒 周 个星期 个工作日 工作日 个季度".split()

# What the spec stores instead of a surface form.
BASE_FORM = {"百分点": "个百分点", "％": "%"}

# A denominator may follow a slash: 元/件, 分/千瓦时, 元/平方米.
DENOMINATORS = (
    "件 个 人 户 次 吨 亩 年 月 天 日 小时 千瓦时 度 平方米 公斤 千克 斤 公里 立方米 床 套 台 辆 名 人次"
).split()

_ALL = set(COUNT_UNITS) | set(MEASURE_UNITS) | set(TIME_UNITS)
_LONGEST = max(len(u) for u in _ALL)
_DENOMS = set(DENOMINATORS)

# Units whose value is a ratio: a phrase after them is never what they count.
RATIO_UNITS = frozenset({"%", "‰", "个百分点", "倍"})
TIME_UNIT_SET = frozenset(TIME_UNITS)
# Units that start with what would otherwise read as a multiplier.
_MULTIPLIER_LED = {u for u in _ALL if u[0] in "千百万亿"}


def match_unit(text: str, pos: int) -> str | None:
    """The longest unit starting at `pos` in (normalised) `text`, or None."""
    for n in range(min(_LONGEST, len(text) - pos), 0, -1):
        word = text[pos:pos + n]
        if word in _ALL:
            # A single Latin letter is a unit only standing alone (4万P, not 5G or 3A级).
            if word.isascii() and word.isalpha():
                nxt = text[pos + n:pos + n + 1]
                if nxt.isascii() and nxt.isalnum():
                    return None
            return word
    return None


def match_denominator(text: str, pos: int) -> str | None:
    """`/件` style denominator at `pos` (which points at the slash); returns the unit word."""
    if text[pos:pos + 1] != "/":
        return None
    for n in range(4, 0, -1):
        word = text[pos + 1:pos + 1 + n]
        if word in _DENOMS:
            return word
    return None


def starts_with_unit(text: str, pos: int) -> bool:
    """True when a multiplier character at `pos` is really the first character of a unit (千瓦, 百分点)."""
    return any(text.startswith(u, pos) for u in _MULTIPLIER_LED)


def base_unit(surface: str) -> str:
    return BASE_FORM.get(surface, surface)
MEASURE_UNIT_SET = frozenset(MEASURE_UNITS)
