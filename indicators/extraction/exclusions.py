"""What looks like a quantity but is not one: dates, ordinals, names, slogans, codes, ranges.

Each rule is a property of Chinese official writing, not of a particular text:
anything inside 《》 is a title; a short “…” holds a slogan or method
(“321工作法”, “1+4+N”); 第 makes an ordinal; a four-digit number before 年 is a
year; a number glued to + or × is a code; `15分钟…圈` is a service-radius slogan.
"""
from __future__ import annotations

import bisect
import re

from . import units
from .numbers import Quantity

# Titles and quoted slogans; a quotation with clause punctuation is speech and may hold real figures.
_PROTECTED = re.compile(r"《[^《》\n]{0,120}》|“[^“”\n，。；！？]{0,40}”|「[^「」\n]{0,40}」|\"[^\"\n]{0,24}\"|‘[^‘’\n]{0,30}’")

# A unit character that is really the first character of a word: `12部门` is not 12 部.
_WORD_AFTER_UNIT = frozenset(
    "人民 人员 人才 人口 人大 人社 人工 人力 人事 人身 人居 期间 期限 期刊 家庭 家长 家政 次日 次数 场所 场景 场地 名单 名称 "
    "名录 位置 位于 台阶 台账 门户 部门 部署 部分 道路 类型 种类 处理 处置 处室 所有 所在 条件 条例 款项 本身 本地 集团 "
    "集中 集体 组织 组建 队伍 队员 头部 只有 只要 份额 批准 批复 起来 起步 户籍 支持 支撑 笔记 间隔 届时 年级 年限 年龄 "
    "年度 年底 年末 年初 天然 天津 天山 周年 村级 村民 村庄 村居 件事 级别 列入 轮流 轮换 班子 班组".split()
)
# Single-character units that are also common morphemes: they count only at a word boundary.
_NEEDS_BOUNDARY = frozenset("分度秒")
_BOUNDARY_OK = set("以左上的、")

# Durations used as the name of a policy or service promise (24小时不打烊, 240小时过境免签).
_TIME_SLOGAN = re.compile(r"(?:过境|免签|不打烊|不间断|在线|值守|营业|全天候|自助|服务圈|生活圈)")
_CIRCLE = re.compile(r"[^,.;:!?，。；：！？、\s]{0,12}圈")
_RANGE = "-~至到"
# Physical ratings that, glued to a noun, describe a thing rather than count it.
_SPEC_UNITS = frozenset("吨 千瓦 兆瓦 吉瓦 千伏 千伏安 伏 微米 纳米 毫米 厘米".split())
_RATING_UNITS = frozenset("千伏 千伏安 伏 微米 纳米 毫米 厘米".split())
_SPEC_OK = ("以上", "左右", "以下", "以内", "上下", "的", "和", "及", "与", "或", "等", "、")
_FROM = re.compile(r"(?:由|从)(?:原来|过去|以前)?的?$")
_DATED_UNITS = frozenset("年 届 级 期".split())
_ONE_EACH = re.compile(r"1[\u4e00-\u9fff](?!\d)")
_RANGE_HEAD = re.compile(r"\d+(?:\.\d+)?[十百千万亿]{0,2}(?P<unit>[^\d\s,，。；;、]{0,5})$")


class Exclusions:
    """Per-document state: where the titles and quoted slogans are."""

    def __init__(self, norm: str, tokens: list = ()):
        self.norm = norm
        self.tokens = tokens
        self._token_starts = [t.start for t in tokens]
        self._token_ends = [t.end for t in tokens]
        spans = [(m.start(), m.end()) for m in _PROTECTED.finditer(norm)]
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def protected(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def _range_head(self, q: Quantity) -> bool:
        """`5-10个`, `5%-10%`, `3万元至5万元`: a number (with this unit or none) stands before the dash."""
        m = _RANGE_HEAD.search(self.norm, max(0, q.lead_start - 16), q.lead_start - 1)
        if not m or (self.norm[q.lead_start - 1] in "至到" and _FROM.search(self.norm, max(0, m.start() - 6), m.start())):
            return False  # 由5天到3天 is a change of level, not a range
        head_unit = m.group("unit")
        return head_unit == "" or self.norm.startswith(head_unit, q.end - len(head_unit)) and q.end - len(head_unit) >= q.start

    def _article_list(self, q: Quantity) -> bool:
        """A number listed after an ordinal of the same unit (第12条、13条) is an ordinal too."""
        window = self.norm[max(0, q.lead_start - 14):q.lead_start]
        if not window or window[-1] not in "、和及与,":
            return False
        unit = self.norm[q.end - 1]
        return bool(re.search(r"第\d+" + re.escape(unit) + r"[、和及与,]$", window))

    def _specification(self, q: Quantity) -> bool:
        """A rating between a name and a noun (`青海诺德3.5微米极薄铜箔`), not an amount a verb governs
        (`形成60万吨煤炭储备能力`)."""
        if self.norm.startswith(_SPEC_OK, q.end) or not ("\u4e00" <= self.norm[q.end:q.end + 1] <= "\u9fff"):
            return False
        if q.unit in _RATING_UNITS:
            return True  # micrometres and kilovolts glued to a noun are always a rating
        i = bisect.bisect_left(self._token_starts, q.end)
        j = bisect.bisect_left(self._token_ends, q.lead_start) if q.lead_start == q.start else -1
        if i >= len(self.tokens) or j < 0 or j >= len(self.tokens) or self._token_ends[j] != q.start:
            return False
        after, before = self.tokens[i].tag, self.tokens[j].tag
        named = before.startswith(("n", "j"))
        return named and (after == "vn" or not after.startswith(("v", "p", "c", "u", "d")))

    def reason(self, q: Quantity) -> str | None:
        """Why `q` is not an indicator, or None when it is one."""
        norm = self.norm
        before = norm[q.lead_start - 1:q.lead_start] if q.lead_start else ""
        after = norm[q.end:q.end + 1]
        unit = q.unit.split("/")[0]
        if self.protected(q.start):
            return "title-or-slogan"
        if before == "第" or norm[q.start - 1:q.start] == "第":
            return "ordinal"
        if before == "前" and unit in ("位", "名", "强"):
            return "rank"
        if q.digits.isdigit() and len(q.digits) == 4 and 1900 <= int(q.digits) <= 2100 and unit in _DATED_UNITS:
            return "date"  # 2024年, 2025届毕业生, 2023级
        if unit == "年":
            if norm.startswith(("行动", "规划", "计划", "攻坚"), q.end):
                return "plan-name"
        if unit == "分" and norm[q.start - 1:q.start] in ("时", "点"):
            return "clock-time"
        if norm[q.end - 1:q.end + 1] in _WORD_AFTER_UNIT and "/" not in q.unit:
            return "word-not-unit"
        if q.digits == "1" and _ONE_EACH.match(norm, q.end):
            return "slogan"  # 1村1品, 1户1策
        if self._article_list(q):
            return "ordinal"  # 第12条、13条
        if unit in _SPEC_UNITS and self._specification(q):
            return "specification"  # 青海诺德3.5微米极薄铜箔, 香加750千伏主变: a rating inside a project's name
        if after == "级" and "/" not in q.unit:
            return "class"  # 20万吨级泊位, 5A级: a rating, not an amount
        if unit in _NEEDS_BOUNDARY and after and "\u4e00" <= after <= "\u9fff" and after not in _BOUNDARY_OK:
            return "word-not-unit"
        if before in "+×*xX" and before or norm[q.tail_end:q.tail_end + 1] in ("+", "×", "*"):
            return "code"
        if norm[q.lead_start - 1:q.lead_start] in _RANGE and self._range_head(q):
            return "range"
        if (norm[q.tail_end:q.tail_end + 1] in _RANGE and norm[q.tail_end + 1:q.tail_end + 2].isdigit()
                and not (norm[q.tail_end] in "至到" and _FROM.search(norm, max(0, q.lead_start - 6), q.lead_start))):
            return "range"
        if unit in units.TIME_UNIT_SET or unit in ("公里", "米", "千米"):
            if _TIME_SLOGAN.match(norm, q.tail_end) or _CIRCLE.match(norm, q.tail_end):
                return "slogan"
        return None
