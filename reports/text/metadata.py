"""Title, issuing agency, region, covered year, period and issue date of a report.

Evidence is taken in order of trust: the page header, the title line, the
delivery line of a speech (——2026年1月27日在…人民代表大会…上), the opening
sentence of the body, and the signature trailer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .numerals import chinese_to_int
from .regions import Gazetteer
from .types import Header, RegionRef

# Kinds of issuing body, longest first so 市场监督管理局 wins over 管理局.
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
_LEVEL_WORD = re.compile(r"^(省|自治区|市|州|区|县|旗|盟|镇|乡)")

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"([二〇○零一三四五六七八九]{4})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"([二〇○零一三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_DELIVERY = re.compile(r"[-—―─]{1,3}\s*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*在(.{2,40}?)(?:人民代表大会|人大|会议)")
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
    period: str = "annual"
    issued_on: str | None = None
    kind_hint: str | None = None


def read_metadata(text: str, norm: str, head: Header) -> Metadata:
    meta = Metadata()
    body = norm[head.body_start:]
    opening = _opening(body)
    title = _clean_title(head.fields.get("标题")) or _inline_title(body)
    meta.kind_hint = GOV_WORK_REPORT if GOV_WORK_REPORT in (title or "") + head.fields.get("副标题", "") else None
    delivery = _DELIVERY.search(head.fields.get("副标题", "") or norm[:2000])

    meta.issued_on = _issued_on(norm, head, delivery)
    meta.year = _year(title, opening, delivery, meta, body[:3000])
    meta.period = _period(title, opening)

    gazetteer = Gazetteer.default()
    agency, hints = _agency(title, head, opening, norm, delivery, gazetteer)
    region = gazetteer.resolve(agency, text, hints=hints)
    if region is not None:
        meta.region = region
        agency = _with_region_prefix(agency, region, meta.kind_hint)
    meta.agency = agency
    meta.agency_kind = _kind_of(agency)

    if title:
        meta.title = title
    else:
        meta.title, meta.title_built = _build_title(meta, body), True
    return meta


def _opening(body: str) -> str:
    """The body's first paragraph, where reports name who did what in which period."""
    end = body.find("\n", 0, 600)
    return body[:end if end > 0 else 600]


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = re.sub(r"\s*\|[\s|]*", " ", title).strip()
    # Drop spaces between Chinese characters (信阳市司法局 关于… is one title).
    title = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", title)
    return title or None


def _inline_title(body: str) -> str | None:
    """A one-line page may start with its title, separated from the body by white space."""
    m = re.match(r"\s*(\S{6,60}?(?:报告|总结))\s+\S", body)
    return _clean_title(m.group(1)) if m else None


def _issued_on(norm: str, head: Header, delivery) -> str | None:
    for key in ("成文日期", "发文日期"):
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


def _signature_date(norm: str) -> str | None:
    """A date standing alone at the end, under the signature (2024年2月29日, 2023年6月20日印)."""
    tail = norm[-300:]
    lines = [line.strip() for line in tail.rstrip().split("\n")[-4:]]
    for line in reversed(lines):
        if len(line) > 60:
            continue
        m = _DATE.search(line) or _CN_DATE.search(line)
        if m and re.search(r"日\s*(印发?|发)?\s*$", line):
            return _parse_date(m.group(0))
    return None


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


def _year(title, opening, delivery, meta, body_head="") -> int | None:
    if meta.kind_hint == GOV_WORK_REPORT:
        # A 政府工作报告 is delivered early in a year and reviews the year before.
        delivered = int(delivery.group(1)) if delivery else _first_year(title)
        if delivered is None and (reviewed := _REVIEWED.search(body_head)):
            return int(reviewed.group(1))
        if delivered is None and meta.issued_on:
            delivered = int(meta.issued_on[:4])
        return delivered - 1 if delivered else None
    year = _first_year(title) or _first_year(opening)
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
            return "half-year"
        if _QUARTER.search(source):
            return "quarter"
        if _MONTHS.search(source):
            return "other"
    return "annual"


def _agency(title, head, opening, norm, delivery, gazetteer) -> tuple[str | None, list[str]]:
    """The issuing body as the text names it, and strings that help place it."""
    hints = [v for v in (head.fields.get("发布机构"), head.fields.get("来源"), title) if v]
    if delivery:
        hints.append(delivery.group(4))
    candidates = []
    if title:
        candidates.append(_agency_in(title, gazetteer))
    header_agency = head.fields.get("发布机构") or head.fields.get("发文机关")
    if header_agency:
        candidates.append(_agency_in(header_agency, gazetteer) or header_agency.strip())
    speech = re.search(r"我代表(\S{0,14}?人民政府)", norm[:3000])
    if speech:
        candidates.append(speech.group(1))
    candidates.append(_agency_in(opening, gazetteer))
    candidates.append(_agency_in(_trailer(norm), gazetteer))
    candidates = [c for c in candidates if c]
    if not candidates:
        return None, hints
    # The fullest name that agrees with the first-trusted one (区司法局 → 台州市黄岩区司法局).
    best = candidates[0]
    for other in candidates[1:]:
        if other.endswith(best) and len(other) > len(best):
            best = other
    return best, hints


def _agency_in(s: str | None, gazetteer) -> str | None:
    """The first issuing body named in `s`: a chain of place names, or a bare level word, then a kind.

    `柳州市司法局`, `台州市黄岩区司法局` and `区司法局` are names; `市委市政府的领导`
    is a reference to a superior, not the issuer, and is skipped.
    """
    if not s:
        return None
    ends = {}
    for start, end, _place in gazetteer.mentions(s):
        ends.setdefault(end, []).append(start)
    bare = None
    for m in _KIND.finditer(s):
        k = m.start()
        chain_start = k
        while chain_start in ends:
            chain_start = min(ends[chain_start])
        if chain_start < k:
            return s[chain_start:m.end()]
        level = _BARE_LEVEL.search(s, max(0, k - 3), k)
        if bare is None and level and level.end() == k and not _REFERENCE.match(s, m.end()) \
                and not (level.start() > 0 and s[level.start() - 1] in "委党"):
            bare = s[level.start():m.end()]
    return bare


_KIND = re.compile(_KIND_RE)
_BARE_LEVEL = re.compile(r"(自治区|自治州|省|市|区|县|州|旗|盟|镇|乡)")
# 市政府的坚强领导 / 区政府办公室 …: a superior or a part of one, not the issuer.
_REFERENCE = re.compile(r"的|和|、|领导|办公")


def _trailer(norm: str) -> str:
    """The signature block: the last few short lines."""
    lines = [line.strip() for line in norm.rstrip().split("\n")[-3:]]
    return "\n".join(line for line in lines if len(line) < 60)


def _with_region_prefix(agency: str | None, region: RegionRef, kind_hint: str | None) -> str | None:
    """Name the agency with its own region (省人民政府 → 青海省人民政府)."""
    own = region.county or region.city or region.province
    if not own:
        return agency
    if kind_hint == GOV_WORK_REPORT and (agency is None or agency.endswith("政府")):
        # 我代表省人民政府 / 宁夏回族自治区政府工作报告: the speaker's government, by its full name.
        return f"{region.province if own == region.province else own}人民政府"
    if agency is None:
        return None
    if _LEVEL_WORD.match(agency) and not agency.startswith(own):
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
    if meta.period == "half-year":
        return f"{meta.agency}{year}上半年工作总结"
    for cue, kind in _KIND_TITLES:
        if body.count(cue) >= 3:
            return f"{meta.agency}{year}{kind}"
    return f"{meta.agency}{year}工作报告"
