"""Title, issuing agency, region, covered year, period and issue date of a report.

Evidence is taken in order of trust: the page header, the title line, the
delivery line of a speech (——2026年1月27日在…人民代表大会…上, the dash often
dropped), the opening sentence of the body, and the signature trailer. What the
page said about the document (来源, 发布机构, 发布时间) arrives as header fields.

Dates of the site around the document (`今天是2019年12月3日 星期二`, a clock,
`©2009-2024`, 更新时间) are never the document's: chrome lines are skipped, and
a full date (年月日) in running text dates an event, not the year covered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from . import issuers
from .decode import shadow
from .header import is_chrome
from .numerals import chinese_to_int
from .patterns import alternation
from .regions import (
    AUTONOMOUS_PREFECTURE,
    AUTONOMOUS_REGION,
    TOWNSHIP_WORDS,
    UNIT_WORDS,
    Gazetteer,
    national_ref,
)
from .types import Header, Period, RegionRef

# Kinds of issuing body. Not sorted by length: what matters is that a kind stands before every shorter
# kind it starts or ends with (人民政府办公室 › 人民政府 › 政府, 管理委员会 › 委员会), so the more specific one wins
# both in the regex and in `_kind_of`.
AGENCY_KINDS = (
    "人力资源和社会保障局", "住房和城乡建设局", "发展和改革委员会", "卫生健康委员会", "市场监督管理局",
    "退役军人事务局", "行政审批服务局", "城市管理综合执法局", "综合行政执法局", "文化广电旅游局", "文化和旅游局",
    "人民代表大会常务委员会", "人大常委会", "政务服务和大数据管理局", "政务服务管理局", "大数据管理局",
    "生态环境局", "自然资源局", "自然资源和规划局", "应急管理局", "交通运输局", "农业农村局", "医疗保障局",
    "工业和信息化局", "科学技术局", "审计局", "统计局", "财政局", "民政局", "教育局", "公安局", "司法局", "水利局",
    "商务局", "林业局", "税务局", "体育局", "粮食和物资储备局", "信访局", "国资委", "人民政府办公室", "人民政府",
    "司法厅", "公安厅", "财政厅", "教育厅", "民政厅", "生态环境厅", "自然资源厅", "住房和城乡建设厅",
    "人民法院", "人民检察院", "管理委员会", "管委会", "街道办事处", "委员会", "办公室", "政府",
)
_KIND_RE = "|".join(AGENCY_KINDS)
# An agency named by its unit word alone (区司法局, 自治区司法厅, 镇政府), to be prefixed with its own place.
# Of the autonomous words only 自治区: a 自治州/自治县/自治旗 agency keeps its name as written.
_LEVEL_WORD = re.compile(f"^({alternation((AUTONOMOUS_REGION, *UNIT_WORDS, *TOWNSHIP_WORDS))})")

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"([二〇○零一三四五六七八九]{4})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
# The delivery line of a speech: after its dash, or standing at the start of a line or after white space.
_DELIVERY = re.compile(
    r"(?:[-—―─]{1,3}|^|(?<=\s)|[(（])\s*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*在(.{2,40}?)(?:人民代表大会|人大|会议)", re.M
)
# A year standing for a period (2023年，/ 2023年度 / 2023年以来), not the first part of a full date.
_PERIOD_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
_HALF = re.compile(r"上半年|下半年|半年")
_QUARTER = re.compile(r"第?[一二三四1-4]季度")
_MONTHS = re.compile(r"(?:1|一)\s*[-—~至到]\s*(?:\d{1,2}|[二三四五六七八九十]{1,2})\s*月|前三季度")
GOV_WORK_REPORT = "政府工作报告"
# 一、2024年工作回顾 / 2024年和“十四五”时期工作回顾: the year a 政府工作报告 reviews, when nothing dates it.
_REVIEWED = re.compile(r"((?:19|20)\d{2})年(?:和“[^”]{1,8}”时期)?(?:工作)?(?:回顾|总结)")


@dataclass
class Metadata:
    title: str | None = None
    title_built: bool = False
    agency: str | None = None
    agency_kind: str | None = None
    region: RegionRef = field(default_factory=RegionRef)
    year: int | None = None
    period: str = Period.ANNUAL
    issued_on: str | None = None
    kind_hint: str | None = None


def read_metadata(text: str, norm: str, head: Header) -> Metadata:
    meta = Metadata()
    body = norm[head.body_start:]
    opening = _opening(body, norm, head.body_start)
    title = _clean_title(head.fields.get("标题")) or _inline_title(body, text[head.body_start:])
    meta.kind_hint = GOV_WORK_REPORT if GOV_WORK_REPORT in (title or "") + head.fields.get("副标题", "") else None
    delivery = _DELIVERY.search(head.fields.get("副标题", "") or norm[:2000])

    meta.issued_on = _issued_on(norm, head, delivery)
    meta.year = _year(title, opening, delivery, meta, body[:3000])
    meta.period = _period(title, opening)

    gazetteer = Gazetteer.default()
    agency, hints = _agency(title, head, opening, norm, delivery, gazetteer, text)
    if (township := _TOWNSHIP.match(agency or "")) is not None:
        # 新华街道办事处: the township's own name is no county's (新华区 is elsewhere); the text places it.
        stem = township.group(1)
        agency_label, hints = None, [h for h in hints if not h.startswith(stem)]
    else:
        agency_label = agency
    if issuers.is_national(agency):
        meta.region = national_ref()
    elif (region := gazetteer.resolve(agency_label, text, hints=hints)) is not None:
        meta.region = region
        agency = _with_region_prefix(agency, region, meta.kind_hint)
    meta.agency = agency
    meta.agency_kind = _kind_of(agency)

    if title:
        meta.title = title
    else:
        meta.title, meta.title_built = _build_title(meta, body), True
    return meta


def _opening(body: str, norm: str = "", body_start: int = 0) -> str:
    """The body's first paragraph, where reports name who did what in which period (chrome lines skipped)."""
    pos = 0
    while True:
        end = body.find("\n", pos, pos + 600)
        line = body[pos:end if end >= 0 else pos + 600]
        if end < 0 or not (is_chrome(line) or not line.strip()) or pos > 3000:
            return line
        pos = end + 1


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = re.sub(r"\s*\|[\s|]*", " ", title).strip()
    # Drop spaces between Chinese characters (信阳市司法局 关于… is one title).
    title = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", title)
    return title or None


# A title standing alone in a flattened page: between white space, no sentence punctuation,
# not a breadcrumb (`首页 > 政务公开 > 法治政府建设年度报告`) and not a cited document (《…》).
_TITLE_CHAR = r"[^\s，。：:；;、|>＞»›《》“”,;!?！？]"
_FLAT_TITLE = re.compile(rf"(?:^|(?<=\s))({_TITLE_CHAR}{{4,60}}?(?:报告|总结))(?=\s|$)")
# Joined with nothing, the title runs into the body: it is the body's start up to its first 报告/总结.
_GLUED_TITLE = re.compile(rf"\s*({_TITLE_CHAR}(?:{_TITLE_CHAR}|[ \u3000](?=\S)){{1,60}}?(?:报告|总结))(?!书|会|人|中|期|的)")
# 信阳市司法局 关于2023年…的报告: the issuer's name split from the rest by a space.
_ISSUER_BEFORE = re.compile(rf"({_TITLE_CHAR}{{2,30}}(?:{_KIND_RE}))\s+$")
_CRUMB = re.compile(r"[>＞»›]\s*$")


def _inline_title(body: str, original: str) -> str | None:
    """A one-line page keeps its title among the chrome, separated from the body by white space.

    Found in the shadow `body`, returned as `original` (the same span) writes it.
    """
    head = body[:400]
    for m in _FLAT_TITLE.finditer(head):
        if _CRUMB.search(head, 0, m.start()) or re.match(r"\s*[>＞»›]", head[m.end():]):
            continue
        start = m.start(1)
        if m.group(1).startswith("关于") and (issuer := _ISSUER_BEFORE.search(head, 0, start)):
            start = issuer.start(1)
        return _clean_title(original[start:m.end(1)])
    if "\n" not in head and (m := _GLUED_TITLE.match(head)):
        return _clean_title(original[m.start(1):m.end(1)])
    return None


def _issued_on(norm: str, head: Header, delivery) -> str | None:
    for key in ("成文日期", "发文日期", "文档日期"):
        if parsed := _parse_date(head.fields.get(key, "")):
            return parsed
    if parsed := _signature_date(norm):
        return parsed
    if delivery:
        if parsed := _iso(delivery.group(1), delivery.group(2), delivery.group(3)):
            return parsed
    for key in ("发布日期", "发布时间", "发表时间", "时间", "生效日期"):
        if parsed := _parse_date(head.fields.get(key, "")):
            return parsed
    return None


# The date closing a flattened page's last line, after its signature (`…。 司法部 2024年3月28日`).
_CLOSING_DATE = re.compile(r"[\s。]\s*((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*(?:印发?|发)?\s*$")


def _signature_date(norm: str) -> str | None:
    """A date standing alone at the end, under the signature (2024年2月29日, 2023年6月20日印)."""
    lines = _closing_lines(norm)
    for line in reversed(lines[-4:]):
        if len(line) > 60:
            if (m := _CLOSING_DATE.search(line)) and line is lines[-1] and "今天" not in line[m.start() - 6:m.start()]:
                return _parse_date(m.group(1))
            continue
        m = _DATE.search(line) or _CN_DATE.search(line)
        if m and re.search(r"日\s*(印发?|发)?\s*$", line):
            return _parse_date(m.group(0))
    return None


def _closing_lines(norm: str) -> list[str]:
    """The last lines of the document, the site's footer (版权所有, ICP备, 今天是…) left out."""
    lines = [line.strip() for line in norm[-1500:].rstrip().split("\n")[-10:]]
    return [line for line in lines if line and not is_chrome(line)]


def _parse_date(value: str) -> str | None:
    if m := _DATE.search(value or ""):
        return _iso(*m.groups())
    if m := _CN_DATE.search(value or ""):
        return _iso(str(chinese_to_int(m.group(1))), str(chinese_to_int(m.group(2))), str(chinese_to_int(m.group(3))))
    return None


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except (TypeError, ValueError):
        return None


def _first_year(s: str | None) -> int | None:
    if not s:
        return None
    if m := _YEAR.search(s):
        return int(m.group(1))
    if m := _CN_YEAR.search(s):
        return chinese_to_int(m.group(1))
    return None


def _covered_year(s: str) -> int | None:
    """The first year `s` names as a period: `2023年，` or `2023年度`, not `2024年3月28日` (an event, a page's today)."""
    # A year inside a cited title (《…行动计划（2023-2025年）》) names that plan's period.
    s = re.sub(r"《[^《》]{0,80}》", lambda m: " " * len(m.group()), s or "")
    if m := _PERIOD_YEAR.search(s):
        return int(m.group(1))
    return None


def _year(title, opening, delivery, meta, body_head="") -> int | None:
    if meta.kind_hint == GOV_WORK_REPORT:
        # A 政府工作报告 is delivered early in a year and reviews the year before.
        delivered = int(delivery.group(1)) if delivery else _first_year(title)
        if delivered is None and (reviewed := _REVIEWED.search(body_head)):
            return int(reviewed.group(1))
        if delivered is None and meta.issued_on:
            delivered = int(meta.issued_on[:4])
        return delivered - 1 if delivered else None
    year = _first_year(title) or _covered_year(opening)
    if year is None and meta.issued_on:
        # Annual reports are published in the first months of the following year.
        issued = date.fromisoformat(meta.issued_on)
        year = issued.year - 1 if issued.month <= 4 else issued.year
    return year


def _period(title, opening) -> str:
    # A title that names its year (2024年工作总结) says the period; the body's 1至6月 is a detail.
    sources = (title,) if title and _first_year(title) else (title or "", opening[:80])
    for source in sources:
        if _HALF.search(source):
            return Period.HALF_YEAR
        if _QUARTER.search(source):
            return Period.QUARTER
        if _MONTHS.search(source):
            return Period.OTHER
    return Period.ANNUAL


def _agency(title, head, opening, norm, delivery, gazetteer, text="") -> tuple[str | None, list[str]]:
    """The issuing body as the text names it, and strings that help place it.

    In order of trust: the title, the header's 发布机构, the speaker's government, the
    subject of the opening sentence, the signature, and last the page's 来源 (often the
    site that posted the report rather than its author: 某市人民政府网).
    """
    # Names are matched in the shadow (full-width folded, Traditional read as Simplified): 廣西…司法廳 is a name too.
    title = _as_shadow(title, text, norm)
    source = _as_shadow(head.fields.get("来源") or head.fields.get("信息来源"), text, norm)
    hints = [v for v in (head.fields.get("发布机构"), source, title) if v]
    if delivery:
        hints.append(delivery.group(4))
    candidates = []
    if title:
        candidates.append(_agency_in(title, gazetteer))
    header_agency = head.fields.get("发布机构") or head.fields.get("发文机关")
    header_agency = _as_shadow(header_agency, text, norm)
    if header_agency:
        candidates.append(_agency_in(header_agency, gazetteer) or header_agency.strip())
    speech = re.search(r"我代表(\S{0,14}?人民政府|国务院)", norm[:3000])
    if speech:
        candidates.append(speech.group(1))
    candidates.append(_agency_in(opening, gazetteer))
    candidates.append(_agency_in(_trailer(norm), gazetteer))
    candidates.append(_agency_in(source, gazetteer))
    candidates = [c for c in candidates if c]
    if not candidates:
        return None, hints
    # The fullest name that agrees with the first-trusted one (区司法局 → 台州市黄岩区司法局).
    best = candidates[0]
    for other in candidates[1:]:
        if _agrees(other, best) and len(other) > len(best):
            best = other
    return best, hints


def _as_shadow(value: str | None, text: str, norm: str) -> str | None:
    """`value` as the shadow reads it: its own span of `norm` when the text holds it (a short Traditional
    title is too short to be recognised as Traditional on its own), else its own shadow (a page's field)."""
    if not value:
        return value
    at = text.find(value)
    return norm[at:at + len(value)] if at >= 0 else shadow(value)


def _agrees(fuller: str, name: str) -> bool:
    """`fuller` names the same body as `name` with more of its region (a joint name: both halves)."""
    place, fuller_place = issuers.joint_place(name), issuers.joint_place(fuller)
    if place and fuller_place:
        return fuller_place.endswith(place)
    return fuller.endswith(name)


def _agency_in(s: str | None, gazetteer) -> str | None:
    """The first issuer named in `s`: a local body, a joint 党委+政府, or a national body.

    A local body is a chain of place names, or a bare level word, then a kind:
    `柳州市司法局`, `台州市黄岩区司法局` and `区司法局`; `市委市政府的领导` is a
    reference to a superior, not the issuer, and is skipped.
    """
    if not s:
        return None
    mentions = gazetteer.mentions(s)
    found = []  # (start, name)
    if local := _local_in(s, mentions):
        found.append(local)
    if joint := issuers.joint_in(s):
        found.append((joint[0], issuers.joint_name(joint[1])))
    starts = {start for start, _end, _place in mentions}
    if national := issuers.national_in(s, starts.__contains__):
        found.append((national.start(), national.group(0)))
    # Earliest first; at one position the joint name (中共某区委 某区人民政府) holds the local one.
    return min(found, key=lambda f: (f[0], -len(f[1])))[1] if found else None


def _local_in(s: str, mentions) -> tuple[int, str] | None:
    ends = {}
    for start, end, _place in mentions:
        ends.setdefault(end, []).append(start)
    bare = None
    for m in _KIND.finditer(s):
        k = m.start()
        chain_start = k
        while chain_start in ends:
            chain_start = min(ends[chain_start])
        if chain_start < k:
            if _SUPERIOR_AFTER.match(s, m.end()):
                continue  # 在黄岩区人民政府的坚强领导下: a superior
            return chain_start, s[chain_start:m.end()]
        if bare is None and m.group(0).startswith("街道") and (start := _township_start(s, k)) < k:
            bare = (start, s[start:m.end()])  # 新华街道办事处: a sub-district, named like a township
            continue
        level = _BARE_LEVEL.search(s, max(0, k - 3), k)
        if bare is None and level and level.end() == k and not _REFERENCE.match(s, m.end()) \
                and not (level.start() > 0 and s[level.start() - 1] in "委党"):
            start = level.start()
            if level.group(1) in TOWNSHIP_WORDS:
                start = _township_start(s, start)
            bare = (start, s[start:m.end()])
    return bare


_KIND = re.compile(_KIND_RE)
# An agency named by its township or sub-district (大新镇人民政府, 新华街道办事处).
_TOWNSHIP = re.compile(
    rf"((?:(?![{''.join(UNIT_WORDS)}])[\u4e00-\u9fff]){{2,3}})(?:[{''.join(TOWNSHIP_WORDS)}](?:人民政府|政府)|街道办事处)$"
)
# Not part of a township's name: what stands before one in a sentence or title.
_NOT_TOWNSHIP = set("年的在和与及我全本各该市县区省委府")


def _township_start(s: str, level_start: int) -> int:
    """大新镇人民政府, 新华街道办事处: a township or sub-district is named by the two or three characters
    before 镇/乡/街道 (no gazetteer holds them)."""
    start = level_start
    while start > 0 and level_start - start < 3 and "\u4e00" <= s[start - 1] <= "\u9fff" \
            and s[start - 1] not in _NOT_TOWNSHIP:
        start -= 1
    return start if level_start - start >= 2 else level_start
# The unit word standing right before an agency's kind with no place before it (区司法局, 镇人民政府).
# Of the autonomous words only 自治区 and 自治州: in 自治县/自治旗 the last character is what is found.
_BARE_LEVEL = re.compile(f"({alternation((AUTONOMOUS_REGION, AUTONOMOUS_PREFECTURE, *UNIT_WORDS, *TOWNSHIP_WORDS))})")
# 市政府的坚强领导 / 区政府办公室 …: a superior or a part of one, not the issuer.
_REFERENCE = re.compile(r"的|和|、|领导|办公")
_SUPERIOR_AFTER = re.compile(r"\s*(?:的(?:坚强|正确|大力|关心)?(?:领导|指导|部署|支持)|领导|指导下)")


def _trailer(norm: str) -> str:
    """The signature block: the last few short lines, or what follows the last sentence of a flattened page."""
    lines = _closing_lines(norm)[-3:]
    short = [line for line in lines if len(line) < 60]
    if lines and len(lines[-1]) >= 60:
        tail = lines[-1][lines[-1].rfind("。") + 1:].strip()
        if len(tail) < 60:
            short.append(tail)
    return "\n".join(short)


def _with_region_prefix(agency: str | None, region: RegionRef, kind_hint: str | None) -> str | None:
    """Name the agency with its own region (省人民政府 → 青海省人民政府)."""
    own = region.county or region.city or region.province
    if not own:
        return agency
    if (place := issuers.joint_place(agency)) and _LEVEL_WORD.fullmatch(place):
        return issuers.joint_name(own)  # 区委区政府 → 中共黄岩区委 黄岩区人民政府
    if kind_hint == GOV_WORK_REPORT and (agency is None or agency.endswith("政府")):
        # 我代表省人民政府 / 宁夏回族自治区政府工作报告: the speaker's government, by its full name.
        return f"{region.province if own == region.province else own}人民政府"
    if agency is None:
        return None
    if _LEVEL_WORD.match(agency) and not agency.startswith(own) and not agency.startswith(TOWNSHIP_WORDS):
        return own + _LEVEL_WORD.sub("", agency, count=1)
    return agency


def _kind_of(agency: str | None) -> str | None:
    if not agency:
        return None
    for kind in AGENCY_KINDS:
        if agency.endswith(kind):
            return kind
    return None


_KIND_TITLES = (
    ("法治政府建设", "法治政府建设年度报告"),
    ("政府信息公开", "政府信息公开工作年度报告"),
)


def _build_title(meta: Metadata, body: str) -> str | None:
    if not meta.agency:
        return None
    year = f"{meta.year}年" if meta.year else ""
    if meta.period == Period.HALF_YEAR:
        return f"{meta.agency}{year}上半年工作总结"
    for cue, kind in _KIND_TITLES:
        if body.count(cue) >= 3:
            return f"{meta.agency}{year}{kind}"
    return f"{meta.agency}{year}工作报告"
