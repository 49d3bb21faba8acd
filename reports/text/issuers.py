"""Issuers that are not one local body: national bodies and joint 党委+政府 reports.

National bodies are named by the kinds of body the central government has —
the 国务院 and its offices, the 部 (司法部, 应急管理部), the 国家…局/委员会/总局/署,
the 中国…局, the supreme court and procuratorate, national organisations — never
by a list of texts. A national name followed at once by a place
(`国家税务总局广西壮族自治区税务局`, `中国人民银行柳州市分行`) is a local branch,
and one that is cited (`在党中央、国务院的坚强领导下`, `司法部的部署`) is a
superior, not the issuer.

A joint report is issued by a party committee and the government of the same
place: `中共台州市黄岩区委 台州市黄岩区人民政府`, `XX区委区政府关于…的报告`,
`中共XX县委员会、XX县人民政府`.
"""
from __future__ import annotations

import re

# Ministries of the 国务院 by what they govern (the stem before 部).
_MINISTRY = (
    "外交|国防|教育|科学技术|科技|工业和信息化|公安|国家安全|民政|司法|财政|人力资源和社会保障|人力资源社会保障|"
    "自然资源|生态环境|住房和城乡建设|住房城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务|应急管理|监察"
)
_HAN = r"[\u4e00-\u9fff]"
# Inside a name: no 的 (国家和省的部署 is no name).
_NAME_CHAR = r"(?:(?!的)[\u4e00-\u9fff])"
NATIONAL = re.compile(
    "|".join((
        # 司法部, 中华人民共和国应急管理部; 司法部门 / 公安部门 / 教育部署 are common words, not ministries.
        rf"(?:中华人民共和国)?(?:{_MINISTRY})部(?![门署位分件队])",
        rf"国务院(?:{_NAME_CHAR}{{2,14}}?(?:委员会|办公室|办公厅|室|委(?!员))|办公厅)?",  # 国务院, 国务院国资委
        # 国家统计局, 国家市场监督管理总局, 国家发展改革委 (the official short form of a 委员会)
        rf"国家(?!级){_NAME_CHAR}{{2,14}}?(?:总局|局|委员会|署|委(?!员))",
        rf"中国(?!共产党){_NAME_CHAR}{{2,10}}?(?:局|委员会|银行)",  # 中国气象局, 中国人民银行, 中国证券监督管理委员会
        r"海关总署|审计署|最高人民法院|最高人民检察院",
        r"全国人民代表大会(?:常务委员会)?|全国人大常委会|全国政协|中华全国" + _HAN + r"{2,6}?(?:总会|联合会)",
    ))
)
# Cited rather than issuing: listed with others, or followed by the words of a superior's role.
_CITED_BEFORE = re.compile(r"(?:[、和与及]|根据|按照|依据|落实|贯彻)\s*$")
_CITED_AFTER = re.compile(r"\s*(?:的|和|、|与|及|领导|部署|要求|指导|《)")


def national_in(s: str | None, places_at) -> re.Match | None:
    """The first national body `s` names as an issuer.

    `places_at(pos)` says whether a place name starts at `pos` (a local branch).
    """
    for m in NATIONAL.finditer(s or ""):
        if places_at(m.end()):
            continue
        if _CITED_BEFORE.search(s, 0, m.start()) or _CITED_AFTER.match(s, m.end()):
            continue
        return m
    return None


def is_national(agency: str | None) -> bool:
    """Whether an agency name is a national body as a whole (not a local branch of one)."""
    return bool(agency) and NATIONAL.fullmatch(agency.strip()) is not None


_LEVEL = r"(?:省|自治区|自治州|市|州|区|县|旗|盟)"
# 中共某区委 某区人民政府 / 某区委区政府 / 中共某县委员会、某县人民政府: the party part, then the government part.
JOINT = re.compile(
    rf"(?P<party>中共|中国共产党)?(?P<place>{_HAN}{{0,16}}?{_LEVEL})委(?:员会)?[\s\u3000]*[、,，和与及]?[\s\u3000]*"
    rf"(?P<gov_place>{_HAN}{{0,16}}?{_LEVEL})(?:人民)?政府"
)


def joint_in(s: str | None) -> tuple[int, str] | None:
    """(start, place) of a joint issuer named in `s`, the place as fully as either half writes it.

    The two halves name the same place, or the second only its level (区委区政府).
    """
    for m in JOINT.finditer(s or ""):
        place, gov_place = m.group("place"), m.group("gov_place")
        if not (gov_place == place or place.endswith(gov_place) or gov_place.endswith(place)):
            continue
        if _CITED_AFTER.match(s, m.end()) or re.search(r"在\s*$", s[max(0, m.start() - 2):m.start()]):
            continue  # 在中共某区委、区政府的领导下: superiors
        return m.start(), max(place, gov_place, key=len)
    return None


def joint_name(place: str) -> str:
    """The two issuers as their joint documents sign: `中共黄岩区委 黄岩区人民政府`."""
    return f"中共{place}委 {place}人民政府"


_JOINT_NAME = re.compile(r"中共(\S+)委 (\S+)人民政府")


def joint_place(agency: str | None) -> str | None:
    """The place of a joint name made by `joint_name`, else None."""
    m = _JOINT_NAME.fullmatch(agency or "")
    return m.group(1) if m else None
