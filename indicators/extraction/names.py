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

from reports.text.patterns import alternation
from reports.text.regions import TOWNSHIP_WORDS, UNIT_WORDS

from .numbers import NUMBER, read_quantity
from .units import MEASURE_UNIT_SET, RATIO_UNITS

_LEVEL_CHARS = frozenset(UNIT_WORDS + TOWNSHIP_WORDS)
# Where a clause starts: the name never reaches across these.
CLAUSE_BREAKS = "，。；：！？,;:!?\n"
MAX_NAME = 24
LONG_NAME = 12


# The words a clause may open with before its name, by what they say (trim_lead).
_CONNECTIVES = ("其中", "此外", "另外", "同时", "并且")
_INTENTIONS = ("力争", "确保", "争取", "努力", "预计", "计划")
_TOTALS = ("共计", "总计", "合计", "累计")
# 共 alone says "in total", but not inside 公共/中共 nor in 共享/共建/共同/共治/共有/共性/共识.
_LONE_GONG = r"(?<![公中])共(?![享建同治有性识])"
_WHEN = ("全年", "年内", "当年", "今年以来", "今年", "去年", "上半年", "下半年", "截至目前", "截至", "截止", "目前",
         "现已", "已经", "已")
_EACH = ("先后", "分别", "全部")
_WHO = ("我市", "我局", "我区", "我省", "我县", "我们", "全市", "全区", "全省", "全县", "全州", "本级")
_MEANS = ("以", "通过", "采取", "采用")
_MEANS_NOUNS = ("方式", "形式", "途径", "渠道", "方法")
_PERIOD_ENDS = ("底", "末", "初", "以来")
_SPANS = ("以来", "期间", "通过")
_LIGHT_VERBS = ("组织", "开展", "完成", "实现", "达到", "共有")

# One or more of these, each branch tried in this order (the order decides where the lead ends).
_LEAD = re.compile("(?:" + "|".join((
    r"[\s,.、“”(]",  # white space and punctuation
    r"[和及与](?=\d)",  # a conjunction before a number or date (和2024年…)
    # The means, up to its noun (通过线上线下相结合的方式…): how it was done, not what was counted.
    rf"(?:{alternation(_MEANS)})[^,;:。]{{1,30}}?(?:{alternation(_MEANS_NOUNS)})",
    alternation(_CONNECTIVES),
    alternation(_INTENTIONS),
    alternation(_TOTALS), _LONE_GONG,
    alternation(_WHEN),
    alternation(_EACH),
    alternation(_WHO),  # the speaker or the whole of its region
    rf"\d{{4}}年(?:度|{alternation(_PERIOD_ENDS)})?",  # 2024年, 2024年底 …
    rf"\d{{1,2}}月(?:份|{alternation(_PERIOD_ENDS)})?",  # 6月, 6月底 …
    r"\d{1,2}日",
    alternation(_SPANS),  # 以来/期间 after a date; 通过 with no 方式 to close it
    alternation(_LIGHT_VERBS),  # 组织开展…: the verb before what was done
)) + ")+")
# Note markers (［2］) belong to the glossary, not to the name.
_NOTE = re.compile(r"[［\[]\d{1,2}[］\]]")
_TOTAL = re.compile(f"{alternation(_TOTALS)}|{_LONE_GONG}")
# The words between a name and its number, by what they say: trimmed off the end of the name (_TRAIL).
# Whether a tail matches does not depend on the order of the branches (it runs to the end of the clause).
_CHANGE_VERBS = ("增长", "增加", "上升", "提高", "提升", "下降", "降低", "减少", "缩短", "压缩", "扩大", "增", "降", "减")
_LINKS = ("达到", "达", "为", "是", "保持在", "稳定在")
_FROM = ("从", "由")
_SUMS = ("共计", "共", "计", "累计", "总计", "合计")
_ABOUT = ("大约", "约", "将近", "接近", "近", "超过", "超", "逾", "突破")
_PARTICLES = ("分别", "都", "了", "有", "已", "仅", "只", "尚")
_EARLIER = ("原来", "过去", "以前", "之前", "上年", "去年")
_TRAIL = re.compile("(?:" + "|".join((
    r"[\s,、“的]",  # white space, punctuation, 的
    # 由原来的 / 从2023年底的 closing the clause: the lead of the old value, which follows.
    rf"(?:由|从)(?:{alternation(_EARLIER)}|\d{{4}}年(?:底|末|初)?)?的?$",
    r"\d{4}年(?:底|末)?的$",  # 2023年底的 closing the clause
    rf"由[^,;:。]{{0,30}}?(?:{alternation(_CHANGE_VERBS)})(?:至|到|为)",  # 由…增长至: from the old value to this one
    rf"(?:{alternation(_CHANGE_VERBS)})(?:至|到)",  # 增长至, 下降到
    alternation(_LINKS), alternation(_FROM), alternation(_SUMS), alternation(_ABOUT),
    r"(?<!平)均",  # 均 (each, all), not the 均 of 平均, which belongs to the name
    alternation(_PARTICLES),
)) + ")+$")
# The same for a change (增长12%): trimmed back to what changed (_CHANGE_TAIL).
_COMPARED = ("同比", "环比", "较上年", "较去年", "比上年", "比去年", "同期", "相比")
_DEGREES = ("微", "略", "小幅", "大幅")
_AVERAGES = ("年均", "平均")
_CHANGE_PARTICLES = ("分别", "均", "都", "了")
_CHANGE_WORDS = ("增长", "增加", "上升", "提高", "提升", "上涨", "扩大", "下降", "减少", "降低", "下滑", "回落", "压缩",
                 "精简", "缩短", "缩减", "降价", "降费", "减轻", "回升", "上调", "下调", "压减", "缩小", "削减",
                 "增", "涨", "降", "减")
_CHANGE_LINKS = ("达到", "达", "为", "约", "近", "超")
_CHANGE_TAIL = re.compile("(?:" + "|".join((
    r"[\s,、.\d%]",  # white space, punctuation, and the digits of a rate written before the change word
    alternation(_COMPARED), r"[较比]\d{4}年",  # 同比, 较上年, 比2020年
    alternation(_DEGREES), alternation(_AVERAGES), alternation(_CHANGE_PARTICLES),
    alternation(_CHANGE_WORDS), alternation(_CHANGE_LINKS),
)) + ")+$")
_NOUNISH = ("n", "vn", "j", "l", "nz")
_STOP_TAGS = ("p", "c", "u", "r", "m", "q", "d", "y", "e", "o")
_OPENERS = {"“": "”", "‘": "’", "(": ")", "（": "）", "\"": "\""}
# Words that end a noun phrase whatever jieba's tag says.
_STOP_WORDS = frozenset("的 等 之 和 与 及 以上 左右 以下 以内 全部 全都 均 都 已 已经 分别 共 共计 累计 合计 其中 经 同比 各 每 由 被".split())
# Nouns after an amount that name a level, not the thing counted (迈上4000亿元台阶).
_LEVEL_WORDS = frozenset("台阶 大关 关口 规模 水平 目标 量级 高位 以上 左右".split())
_PRONOUNS = frozenset("我 我们 你 他 她 它 其 这 那 此 该 各 每 本 某 之 自身 自己 他们 它们 这些 那些 有关 相关 其他 其它".split())


def trim_lead(s: str) -> str:
    """`s` without the time, place and bookkeeping words a clause opens with."""
    m = _LEAD.match(s)
    return s[m.end():] if m else s


def clause_start(norm: str, pos: int, floor: int) -> int:
    """Start of the clause holding `pos`, never before `floor` (the previous quantity's end)."""
    best = floor
    lo = max(floor, pos - 60)
    for ch in CLAUSE_BREAKS:
        i = norm.rfind(ch, lo, pos)
        if i + 1 > best:
            best = i + 1
    # On a page flattened to one line, white space between Chinese text is where a heading or
    # paragraph ended (二、下一步计划 力争…).
    for gap in _TEXT_GAP.finditer(norm, max(best, lo), pos):
        best = max(best, gap.end())
    return best


_TEXT_GAP = re.compile(r"(?<=[\u4e00-\u9fff)\]”\"])\s+(?=[\u4e00-\u9fff(\[“\"])")


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
        total = _TOTAL.search(self.norm, s, end)
        if total and total.start() > s:
            # 各级司法行政部门和人民调解组织共开展矛盾纠纷排查: the subject before 共 is not the name.
            s = total.end()
            m = _LEAD.match(self.norm, s, end)
            s = m.end() if m else s
        s = self._after_subject(s, end)
        tail = (_CHANGE_TAIL if change else _TRAIL).search(self.norm, s, end)
        e = tail.start() if tail else end
        de = self.norm.rfind("的", s, e)
        if e - s > LONG_NAME and de != -1 and e - de > 2 and not any(c.isdigit() for c in self.norm[de:e]):
            # 废止不符合当前…发展的规范性文件: what is counted follows the last 的.
            s = de + 1
        if e - s > MAX_NAME:
            s = self._token_boundary(e - MAX_NAME)
        name = _NOTE.sub("", self.text[s:e]).strip()
        return name if len(name) >= 2 else ""

    def after(self, pos: int, verb_may_lead: bool) -> str:
        """The noun phrase right after the unit (`29次局党组会议听取…` -> 局党组会议), or ''."""
        i = bisect.bisect_left(self.starts, pos)
        if i >= len(self.tokens) or self.starts[i] != pos:
            return ""
        i = self._skip_nested_quantity(i)
        picked = []  # (start, end, nounish)
        has_noun = False
        while i < len(self.tokens) and (not picked or picked[-1][1] - picked[0][0] < 18):
            tok = self.tokens[i]
            word, tag = tok.word, tok.tag
            if word in _OPENERS:
                close = self.norm.find(_OPENERS[word], tok.end, tok.end + 15)
                if close == -1:
                    break
                # A quoted name leads the phrase (“两重”项目); brackets only qualify a noun before them
                # (村(社区)); anything else after a noun starts a new thing.
                bracket = word in "(（"
                if bracket and not has_noun:
                    break
                picked.append((tok.start, close + 1, bracket or not picked))
                has_noun = True
                i = bisect.bisect_left(self.starts, close + 1)
                continue
            if not any("\u4e00" <= c <= "\u9fff" or c.isalpha() for c in word) or word in _STOP_WORDS:
                break
            glue = (len(word) == 1 and tag.startswith(("d", "q", "zg")) and "\u4e00" <= word <= "\u9fff"
                    and self._nounish_at(i + 1))
            if (tag.startswith(_STOP_TAGS) and not tag.startswith(_NOUNISH) and not _content_pronoun(word, tag)
                    and not glue):
                break  # a lone character between nouns is a word jieba could not find (局/务/会议)
            verbal = tag.startswith("v") and tag != "vn"
            if verbal and (has_noun or not verb_may_lead):
                break
            if tag == "vn" and has_noun and self._verb_at(i + 1):
                break  # 事项调整划入…: the vn acts as a verb here
            nounish = tag.startswith(_NOUNISH) or tag in ("ng", "zg")
            picked.append((tok.start, tok.end, nounish))
            has_noun = has_noun or nounish
            i += 1
        while picked and not picked[-1][2]:
            picked.pop()
        if not picked or not has_noun:
            return ""
        name = _NOTE.sub("", self.text[picked[0][0]:picked[-1][1]])
        if len(name) < 2 or name in _LEVEL_WORDS:
            return ""
        return name

    def _after_subject(self, s: int, end: int) -> int:
        """Skip the body doing the counting (绵阳市司法局建成…, 县人民法院受理…): it is not what is counted."""
        i = bisect.bisect_left(self.starts, s)
        if i >= len(self.tokens) or self.starts[i] != s:
            return s
        while i < len(self.tokens) and (self.tokens[i].tag == "ns" or self.tokens[i].word in _LEVEL_CHARS):
            i += 1
        if i + 1 < len(self.tokens) and self.tokens[i].tag == "nt" and self.tokens[i + 1].end <= end \
                and not self.tokens[i + 1].tag.startswith(_NOUNISH):
            return self.tokens[i + 1].start
        return s

    def _skip_nested_quantity(self, i: int) -> int:
        """`3座35万千瓦光热电站`: the thing counted stands after a second, descriptive quantity."""
        if i < len(self.tokens) and self.tokens[i].word[:1].isdigit():
            m = NUMBER.match(self.norm, self.tokens[i].start)
            inner = read_quantity(self.norm, m) if m else None
            if inner is not None:
                j = bisect.bisect_left(self.starts, inner.end)
                if j < len(self.starts) and self.starts[j] == inner.end:
                    return j
        return i

    def _nounish_at(self, i: int) -> bool:
        return i < len(self.tokens) and self.tokens[i].tag.startswith(_NOUNISH)

    def _verb_at(self, i: int) -> bool:
        return i < len(self.tokens) and self.tokens[i].tag.startswith("v") and self.tokens[i].tag != "vn"

    def _token_boundary(self, pos: int) -> int:
        i = bisect.bisect_left(self.starts, pos)
        return self.starts[i] if i < len(self.starts) else pos


def wants_after(unit: str) -> bool:
    """Ratios never count the phrase after them (`100%覆盖`, `5%的增长`)."""
    return unit.split("/")[0] not in RATIO_UNITS


def _content_pronoun(word: str, tag: str) -> bool:
    """jieba tags some content words as pronouns (本科); only real pronouns end a phrase."""
    return tag.startswith("r") and len(word) > 1 and word not in _PRONOUNS


def is_measure(unit: str) -> bool:
    return unit.split("/")[0] in MEASURE_UNIT_SET
