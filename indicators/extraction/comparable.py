"""Typing pass: which comparable quantity each extracted indicator measures, read in its sentence.

The dictionary (dictionary.py) says what a *name* measures; this pass decides
which name to ask about and when the sentence forbids a type altogether:

- a figure over several years (五年来…累计, 过去五年, “十四五”以来 …) or a yearly average
  (年均增长) is not one year's value of any quantity;
- a difference against another place (高于全省1.7个百分点) measures nothing of its own;
- a name that is a bare verb (收到行政复议申请114件，办结113件) borrows its object from the
  quantity before it in the same sentence;
- `对264件行政规范性文件进行清理`: the verb that says what was done follows the object;
- the report's own region in front of a name (青海省地区生产总值) adds nothing;
- counts that are not the body's own tally of a recurring quantity stay untyped: things
  listed by name (甲、乙等2个…), the value a change started from (由2.57万元…), another year's
  figure, a breakdown in brackets, a higher level's body, a noun the sentence goes on to
  do something to (223个司法所全部创建…).
"""
from __future__ import annotations

import bisect
import re

from reports.text.decode import shadow
from reports.text.types import IndicatorKind

from . import names
from .dictionary import Dictionary, is_bare_verb, normalise_name, strip_places

# Words that put a figure over several years: five years (五年来, 这是…的五年。), a plan period
# (“十四五”以来/期间), an era (党的十八大以来), a span of years (2021—2025年), some years (近三年, 今后五年).
_MULTI_YEAR = re.compile(
    r"五年来|这五年|过去五年|近五年|五年间|五年里|五年累计|五年时间|的五年[。，,]|"
    r"十[一二三四五]五[”\"]?(?:以来|期间|时期|累计|末)|十八大以来|新时代以来|新时代十年|"
    r"(?:19|20)\d{2}(?:年)?(?:—|-|－|至|到)(?:19|20)\d{2}年|"
    r"(?:近|过去|这|此前|以往|今后|未来)(?:[二三四五六七八九十两]|\d{1,2})年"
)
# A yearly average over a period (年均), or a comparison with other places (高于全省, 居全国第…).
_AVERAGE_OR_COMPARED = re.compile(
    r"年均|年平均|平均每年|高于|低于|快于|慢于|领先|落后|位居|居全国|居全省|居全区|居全市|排名|列全国|比全国|比全省"
)
# The verbs in front of what a figure counted (受理矛盾纠纷 -> 矛盾纠纷), so that a bare verb after
# it (成功化解10088件) can borrow the object.
_OBJECT_VERBS = re.compile(
    r"^(?:其中|共|累计|全年|依法|认真)*(?:收到并|收到|受理|新收|接收|办理|承办|审查|审核|调解|调处|排查|化解|处理|清理|"
    r"开展|发生|宣布失效|废止|修改|修订|报备|合法性审查|合法性审核|成功化解|调解成功|成功调解|进行|对)*"
)
# 对264件行政规范性文件进行清理: the verb after the object (进行/开展/予以 + verb).
_DEFERRED_VERB = re.compile(r"(?:进行|开展|予以|作出|实施)了?((?:合法性)?[\u4e00-\u9fff]{2})")
# A single year named in a heading or opener (not the start of a span 2021—2025年, not 2021年以来).
_ONE_YEAR = re.compile(r"(?:19|20)\d{2}年(?![—\-－至到以])")
_SINCE = re.compile(r"((?:19|20)\d{2})年以来")
# Under a passage about several years: a sum over the period (累计, 共, 先后) …
_CUMULATIVE = re.compile(r"累计|累积|共计|总计|合计|(?<![公中])共(?![享建同治有性识])|先后|陆续")
# … and a flow, what was added or done (新增, 建成, 完成, 办理 …), are the period's, not one year's.
_FLOW = re.compile(
    r"新增|净增|新建|新开工|开工|建成|完成|新改建|改造|新登记|新设|引进|培育|实施|开通|治理|造林|转移|发放|办理|受理|"
    r"培训|帮助|救助|减免|减税|投入|争取"
)
# A noun followed by the verb applied to it (社区矫正对象累计接收).
_TRAILING_VERB = re.compile(r"(.{2,}?)(?:累计|共计|共|全年|依法)*(新接收|接收|受理|新收|办结|审结|解除)")
# The verb opening a clause whose object follows a 的-phrase (集中废止不符合…的规范性文件).
_LEAD_VERB = re.compile(
    r"(?:集中|依法|全面|认真|及时|共|累计|全年)*(废止|宣布失效|清理|审查|审核|修改|修订|报备|备案审查|办理|受理|化解|调解|排查|出具)"
)
# A year qualifying what is counted (办结2022年行政复议申请): not a base of comparison (较2023年),
# a date (2024年底, 2024年1月), a period opener (2024年以来, 2024年全年) or a total (2024年共…).
_YEAR_OF_THING = re.compile(
    r"(?<![较比与同自从至到])((?:19|20)\d{2})年(?=[\u4e00-\u9fff])"
    r"(?!以来|底|末|初|前|以前|年底|度|全年|上半年|下半年|[1-9一二三四五六七八九十]|共|累计|全)"
)
# A base year of a change (比2020年下降13.5%).
_BASE_YEAR = re.compile(r"(?:较|比|相比|与|同)((?:19|20)\d{2})年")
# The value a change started from (由2.57万元增加到…, 从上年的729万人…).
_FROM = re.compile(
    r"(?:由|从)(?:上年|去年|上年度|原来|过去|以前|(?:19|20)\d{2}年(?:底|末|的)?)?(?:的)?(?:不足|近|约|超过|超)?$"
)
# Qualifiers between a unit and the noun it counts (200余家律所 has none; 20个以上的…).
_QUALIFIER_AFTER = re.compile(r"(?:以上|余|多|左右|的)?")
# What may follow a counted noun when the figure is simply how many there are.
_PHRASE_END = set("，,。；;：:、)）\n和及与")
# A higher level's government in a lower level's report.
_HIGHER_BODY = {
    "city": re.compile(r"(?:省|自治区)(?:人民)?政府"),
    "county": re.compile(r"(?:省|自治区|市|州)(?:人民)?政府"),
}
# How far back a passage about several years may have opened, and where its opener must stand.
_PASSAGE_LINES = 15
_OPENING = 30
# A numbered heading (一、 / （一） / 1.) ends a passage; so does an opener about one year.
_HEADING = re.compile(r"[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[.、．]")
_ONE_YEAR_OPENER = re.compile(r"(?:各位代表[!！]\s*)?(?:刚刚过去的|过去一年|这一年|今年|去年|(?:19|20)\d{2}年)")
_SENTENCE_END = "。；;！？!?\n"
_NEWLINE = re.compile("\n")
_STOP = re.compile("[。；;！？!?\n]")


def assign_types(indicators, norm: str, body: int, dictionary: Dictionary, places=(), year: int | None = None,
                 level: str | None = None):
    """Set `indicator_type` and `comparable_value` on every indicator (in place).

    `places`: the report's own region names; `year`: the year it covers; `level`: 'province',
    'city' or 'county', so that a higher body's figure (省政府立法联系点 in a city's report) is
    not taken for the report's own.
    """
    places = tuple(sorted((p for p in places if p), key=len, reverse=True))
    periods = _Periods(norm, body, year)
    objects: list[tuple[int, str]] = []  # (end, what was counted) of the figures before, for bare verbs
    for ind in indicators:
        objects = [(end, obj) for end, obj in objects if _same_sentence(norm, end, ind.start)]
        slug, obj = None, _object_of(strip_places(normalise_name(ind.name), places))
        clause = names.clause_start(norm, ind.start, body)
        period = periods.of(ind.start)
        if period != "sentence" and not (_average_or_compared(ind, norm, clause)
                                         or _not_own_count(ind, norm, clause, level, year)):
            for name, counted in _candidate_names(ind, objects, norm, body, clause, places):
                slug = dictionary.classify(name, ind.unit, ind.kind)
                if slug:
                    obj = counted or obj
                    break
        if slug and period == "paragraph" and _sum_over_period(ind, dictionary.entry(slug), norm[clause:ind.start]):
            slug = None
        if obj:
            objects.append((ind.end, obj))
        ind.indicator_type = slug
        ind.comparable_value = dictionary.comparable_value(slug, ind.value, ind.unit, ind.kind)


def _sum_over_period(ind, entry, clause: str) -> bool:
    """Under a paragraph about five years (这是…的五年。): a level reached at its end (城镇化率
    提高到64.7%, 实有经营主体688.3万户) is the latest value; a flow (一般公共预算支出3.4万亿元,
    新增就业), a sum (累计, 共) or a change over the period is not one year's."""
    return (ind.kind == IndicatorKind.CHANGE or entry.accumulates or bool(_CUMULATIVE.search(clause))
            or bool(_FLOW.search(clause)))


def _candidate_names(ind, objects, norm, body, clause, places):
    """(name to look up, what it counts) in the order they are tried."""
    name = strip_places(normalise_name(ind.name), places)
    yield name, None
    if _in_brackets(norm, ind.start, body):
        return  # 办结113件(其中2022年76件…): a part of the figure before, only its own name can say of what
    if is_bare_verb(name):
        # 收到行政复议申请114件，办结113件: the object of the nearest figure before, then earlier ones.
        for _, obj in reversed(objects[-3:]):
            yield name + obj, obj
            yield obj + name, obj
    deferred = _deferred_verb(norm, ind, name)
    if deferred:
        yield deferred + name, name
    raw_lead = _raw_lead(norm, ind, clause)
    lead = strip_places(normalise_name(raw_lead), places)
    if lead and lead != name:
        yield lead, None
    for said in (name, lead):
        # 社区矫正对象累计接收230人: the verb after the noun is what was counted of it.
        trailing = _TRAILING_VERB.fullmatch(said)
        if trailing:
            yield trailing.group(2) + trailing.group(1), trailing.group(1)
    # 集中废止不符合…发展的规范性文件: the verb in front and the noun after the last 的.
    verb = _LEAD_VERB.match(raw_lead)
    if verb and "的" in raw_lead:
        noun = normalise_name(raw_lead.rsplit("的", 1)[1])
        if noun:
            yield verb.group(1) + noun, noun


def _in_brackets(norm, pos, body) -> bool:
    """Whether `pos` stands inside a bracket opened at most 60 characters before it."""
    start = max(body, pos - 60)
    opened = max(norm.rfind("(", start, pos), norm.rfind("（", start, pos))
    return opened >= 0 and max(norm.rfind(")", opened, pos), norm.rfind("）", opened, pos)) < 0


def _object_of(name: str) -> str:
    trailing = _TRAILING_VERB.fullmatch(name)
    return _OBJECT_VERBS.sub("", trailing.group(1) if trailing else name)


def _deferred_verb(norm, ind, name):
    """`对N件X进行清理` -> 清理: only when 对 stands right before the number."""
    if not name or not norm[max(0, ind.start - 3):ind.start].rstrip("共计约近").endswith("对"):
        return ""
    window = norm[ind.end:ind.end + len(name) + 24]
    m = _DEFERRED_VERB.search(window)
    if not m or any(ch in window[:m.start()] for ch in "，,。；;：:"):
        return ""
    return m.group(1)


def _raw_lead(norm, ind, clause):
    """The clause before the number, trimmed of its opening time and bookkeeping words."""
    return names.trim_lead(norm[clause:ind.start]).rstrip("共计约近超逾达为")


def _not_own_count(ind, norm, clause_start, level, year) -> bool:
    """Figures that are not the reporting body's own count of a recurring quantity.

    - `X、Y等2个法律援助工作站`: a count of things just named one by one;
    - a noun after the number followed by more predicate (全市223个司法所全部创建五星…):
      the sentence is about something done to them, not how many there are;
    - a higher level's body in a lower level's report (市报告里的 省政府立法联系点).
    """
    lead = norm[max(0, ind.start - 12):ind.start]
    if lead.endswith("等") or _FROM.search(lead):
        return True  # X、Y等2个…: things named one by one; 由2.57万元增加到…: the value before
    if year and any(int(m.group(1)) < year - 1 for m in _BASE_YEAR.finditer(norm, clause_start, ind.start)):
        return True  # 比2020年下降13.5%: a change over several years
    if year and ind.kind == IndicatorKind.VALUE:
        # 办结2022年行政复议申请76件 in a report on 2023: another year's cases.
        if any(int(m.group(1)) not in (year, year + 1) for m in _YEAR_OF_THING.finditer(norm, clause_start, ind.start)):
            return True
    name = normalise_name(ind.name)
    raw_name = (ind.name or "").strip()
    at = _QUALIFIER_AFTER.match(norm, ind.end).end()
    # 对264件行政规范性文件进行清理: the verb after the noun says what was counted (see _deferred_verb).
    governed = norm[max(0, ind.start - 3):ind.start].rstrip("共计约近").endswith("对")
    if len(raw_name) >= 2 and not governed and _is_shadow(norm, at, raw_name):
        rest = norm[at + len(raw_name):at + len(raw_name) + 1]
        if rest and rest not in _PHRASE_END:
            return True
    if level in ("city", "county") and _HIGHER_BODY["city" if level == "city" else "county"].match(name):
        return True
    return False


def _is_shadow(norm, at, raw_name):
    """Whether the (normalised) text at `at` spells `raw_name`, full-width forms aside."""
    return norm.startswith(shadow(raw_name), at)


def _same_sentence(norm, a, b):
    return 0 <= b - a <= 80 and not any(ch in _SENTENCE_END for ch in norm[a:b])


class _Periods:
    """Whether a position's sentence or passage speaks of several years, found once per report.

    'sentence' when the sentence holding the position names a period (五年来累计…, “十四五”以来…),
    'paragraph' when its line does, or the passage it belongs to opened with one (五年来，… /
    这是…的五年。 above it, up to the previous heading or a passage about one year), else None.
    Marks, lines and sentence ends are indexed once so that a long report stays linear.
    """

    def __init__(self, norm: str, body: int, year: int | None):
        self.norm, self.body, self.year = norm, body, year
        marks = [m.span() for m in _MULTI_YEAR.finditer(norm, body)]
        if year:
            marks += [m.span() for m in _SINCE.finditer(norm, body) if int(m.group(1)) < year - 1]
        marks.sort()
        self.mark_starts, self.mark_ends = [a for a, _ in marks], [e for _, e in marks]
        self.lines = [m.start() for m in _NEWLINE.finditer(norm, body)]
        self.stops = [m.start() for m in _STOP.finditer(norm, body)]
        self._passages: dict[int, str | None] = {}

    def _marked(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.mark_starts, start)
        return i < len(self.mark_starts) and self.mark_ends[i] <= end

    def of(self, pos: int) -> str | None:
        i = bisect.bisect_left(self.lines, pos)
        line_start = max(self.lines[i - 1] + 1 if i else 0, self.body)
        j = bisect.bisect_left(self.stops, pos)
        sentence_start = max(self.stops[j - 1] + 1 if j else 0, line_start)
        if self._marked(sentence_start, pos):
            return "sentence"
        if self.year and f"{self.year}年" in self.norm[sentence_start:pos]:
            return None  # 2025年人均生产总值提升至7.6万元: the sentence names the report's own year
        if self._marked(line_start, pos):
            return "paragraph"
        own_line = self.norm[line_start:pos].strip()
        if _HEADING.match(own_line) or _ONE_YEAR_OPENER.match(own_line):
            return None  # 各位代表！刚刚过去的2025年，…: a passage about one year starts here
        if line_start not in self._passages:
            self._passages[line_start] = self._passage_above(i)
        return self._passages[line_start]

    def _passage_above(self, line_index: int) -> str | None:
        """Walk up from the line before `line_index` to the opener of its passage."""
        for k in range(line_index - 1, max(-1, line_index - 1 - _PASSAGE_LINES), -1):
            start = max(self.lines[k - 1] + 1 if k else 0, self.body)
            line = self.norm[start:self.lines[k]].strip()
            if not line:
                continue
            opening = line[:_OPENING]
            if _MULTI_YEAR.search(opening) and not _ONE_YEAR.search(opening):
                return "paragraph"
            if _HEADING.match(line) or _ONE_YEAR_OPENER.match(line):
                return None
        return None


def _average_or_compared(ind, norm, clause_start):
    return bool(_AVERAGE_OR_COMPARED.search(norm, clause_start, ind.start) or _AVERAGE_OR_COMPARED.search(ind.name))
