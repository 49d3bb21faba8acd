"""The name of a quantity: what is counted, in the text's own words, as short as still clear.

Two places hold the name. After the unit when the number counts a noun
phrase (`29次局党组会议`, `613个管控单元`): jieba's tags say where that phrase
ends. Otherwise before the number, from the clause start (`调解成功率达98.6%`):
the clause is trimmed of time, place and bookkeeping words in front
(全年共…, 2024年…) and of linking verbs and change words behind (达, 增长…).
A change with nothing left names the indicator it follows.
"""
from __future__ import annotations

import bisect
import re

from .units import RATIO_UNITS

# Where a clause starts: the name never reaches across these.
CLAUSE_BREAKS = "，。；：！？,;:!?\n"
MAX_NAME = 24

_LEAD = re.compile(
    r"(?:[\s,.、“”]|其中|此外|另外|同时|并且|共计|总计|合计|累计|共(?![享建同治有性识])|全年|年内|当年|"
    r"今年以来|今年|去年|上半年|下半年|截至目前|截至|截止|目前|现已|已经|已|先后|分别|全部|"
    r"我市|我局|我区|我省|我县|我们|全市|全区|全省|全县|全州|本级|"
    r"\d{4}年(?:度|底|末|初|以来)?|\d{1,2}月(?:份|底|末|初|以来)?|\d{1,2}日|以来|期间|通过|"
    r"组织|开展|完成|实现|达到|共有)+"
)
_TRAIL = re.compile(
    r"(?:[\s,、“的]|(?:增长|增加|上升|提高|提升|下降|降低|减少|增|降|减)(?:至|到)|保持在|稳定在|"
    r"达到|达|为|是|共计|共|计|大约|约|将近|接近|近|超过|超|逾|突破|累计|总计|合计|分别|均|都|了|有|已)+$"
)
_CHANGE_TAIL = re.compile(
    r"(?:[\s,、]|同比|环比|较上年|较去年|比上年|比去年|较\d{4}年|比\d{4}年|同期|相比|年均|平均|分别|均|都|了|"
    r"增长|增加|上升|提高|提升|上涨|扩大|下降|减少|降低|下滑|回落|压缩|精简|缩短|缩减|降价|降费|减轻|增|涨|降|减|"
    r"达到|达|为|约|近|超)+$"
)
_NOUNISH = ("n", "vn", "j", "l", "nz")
_STOP_TAGS = ("p", "c", "u", "r", "m", "q", "d", "y", "e", "o")


def clause_start(norm: str, pos: int, floor: int) -> int:
    """Start of the clause holding `pos`, never before `floor` (the previous quantity's end)."""
    best = floor
    lo = max(floor, pos - 60)
    for ch in CLAUSE_BREAKS:
        i = norm.rfind(ch, lo, pos)
        if i + 1 > best:
            best = i + 1
    return best


class Namer:
    def __init__(self, text: str, norm: str, tokens: list):
        self.text = text
        self.norm = norm
        self.tokens = tokens
        self.starts = [t.start for t in tokens]

    def before(self, start: int, end: int, change: bool) -> str:
        """The clause text before the number, trimmed; '' when nothing meaningful is left."""
        seg = self.norm[start:end]
        m = _LEAD.match(seg)
        s = start + (m.end() if m else 0)
        tail = (_CHANGE_TAIL if change else _TRAIL).search(self.norm, s, end)
        e = tail.start() if tail else end
        if e - s > MAX_NAME:
            s = self._token_boundary(e - MAX_NAME)
        name = self.text[s:e].strip()
        return name if len(name) >= 2 else ""

    def after(self, pos: int, pre_has_noun: bool) -> str:
        """The noun phrase right after the unit (`29次局党组会议听取…` -> 局党组会议), or ''."""
        i = bisect.bisect_left(self.starts, pos)
        if i >= len(self.tokens) or self.starts[i] != pos:
            return ""
        picked = []
        has_noun = False
        length = 0
        while i < len(self.tokens) and length < 18:
            tok = self.tokens[i]
            word, tag = tok.word, tok.tag
            if word in ("“", "\"", "‘"):
                close = self.norm.find("”" if word == "“" else word if word == "\"" else "’", tok.end, tok.end + 15)
                if close == -1:
                    break
                j = bisect.bisect_left(self.starts, close + 1)
                picked.append((tok.start, close + 1, "n"))
                length += close + 1 - tok.start
                i = j
                continue
            if not word.strip() or not any("\u4e00" <= c <= "\u9fff" or c.isalpha() for c in word):
                break
            if word in ("的", "等", "以上", "左右", "之", "和", "与", "及"):
                break
            if tag.startswith(_STOP_TAGS) and not tag.startswith(_NOUNISH):
                break
            if tag.startswith("v") and tag != "vn":
                # A verb ends the phrase once it has its noun; before that it is a modifier (学前大班儿童).
                if has_noun or pre_has_noun:
                    break
            picked.append((tok.start, tok.end, tag))
            length += tok.end - tok.start
            has_noun = has_noun or tag.startswith(_NOUNISH) or tag == "ng"
            i += 1
        while picked and not picked[-1][2].startswith(_NOUNISH + ("ng", "nr", "ns", "nt")):
            picked.pop()
        if not picked or not has_noun:
            return ""
        name = self.text[picked[0][0]:picked[-1][1]]
        return name if len(name) >= 2 else ""

    def ends_with_noun(self, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.tokens[i].tag.startswith(_NOUNISH)

    def _token_boundary(self, pos: int) -> int:
        i = bisect.bisect_left(self.starts, pos)
        return self.starts[i] if i < len(self.starts) else pos


def wants_after(unit: str) -> bool:
    """Ratios never count the phrase after them (`100%覆盖`, `5%的增长`)."""
    return unit.split("/")[0] not in RATIO_UNITS
