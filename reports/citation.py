"""How to cite a report, one of its measures or one of its numbers: GB/T 7714-2015, RIS and BibTeX.

A report is an electronic resource published online, so the GB/T 7714-2015 form is
that of 电子资源 [EB/OL] (standard, 4.1 and 8.8.2):

    主要责任者. 题名[EB/OL]. (更新或修改日期)[引用日期]. 获取和访问路径.

    杭州市司法局. 杭州市司法局2024年法治政府建设年度报告[EB/OL]. (2025-02-20)[2026-12-01].
    https://example.gov.cn/hz/2024.html.

The issuing agency is the responsible body (its name already carries its region, 柳州市司法局);
the date in parentheses is the date the document was issued (成文/发布日期), left out when
unknown. The access path is the original page when the archive knows it; the archive's own page
follows as a second path (档案页面), so a reader can still find the text if the original moves.
A measure or an indicator is cited as its report with the archive URL pinned to the sentence
(#m-… / #i-…) and the quoted sentence after the reference (引文).

Plain Python: the views hand in the URLs and the access date; nothing here imports Django.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

# GB/T 2260 has no code for the whole country; the archive files national reports under this one.
NATIONAL_CODE = "100000"
ARCHIVE_NAME = "政府工作报告档案"


@dataclass(frozen=True)
class Work:
    """What any citation format needs to know about one cited thing."""

    author: str  # the issuing agency
    title: str
    year: int  # the year the report covers
    issued: date | None  # 成文/发布日期
    place: str  # the region's full name; empty for a national report
    source_url: str  # the original page; may be empty
    archive_url: str  # the archive page, with an anchor for a measure or an indicator
    quote: str = ""  # the measure's or number's sentence
    pinned: str = ""  # what exactly is cited: 举措 一是… / 指标 法律援助案件 1200件
    key: str = ""  # a stable BibTeX key / RIS ID


def place_of(region) -> str:
    """Where a report was issued, as a reference manager's "place": nothing for the whole country."""
    if region is None or region.code == NATIONAL_CODE or region.parent_id is None and region.level not in (
        "province", "city", "county"
    ):
        return ""
    return region.full_name


def work_for_report(report, archive_url: str) -> Work:
    return Work(
        author=report.agency.name, title=report.title, year=report.year, issued=report.issued_on,
        place=place_of(report.region), source_url=report.source_url, archive_url=archive_url,
        key=f"report{report.pk}",
    )


def work_for_measure(report, measure, archive_url: str) -> Work:
    return replace(
        work_for_report(report, archive_url), quote=measure.text,
        pinned=f"举措：{measure.label(40)}", key=f"report{report.pk}m{measure.start}",
    )


def work_for_indicator(report, indicator, sentence: str, value_text: str, archive_url: str) -> Work:
    """`sentence` is the sentence holding the number; `value_text` the number as the archive reads it."""
    name = indicator.name or "指标"
    return replace(
        work_for_report(report, archive_url), quote=sentence,
        pinned=f"指标：{name} {value_text}（原文“{indicator.raw}”）", key=f"report{report.pk}i{indicator.start}",
    )


# ---------------------------------------------------------------- GB/T 7714-2015


def _end(text: str) -> str:
    """A reference element ends with a full stop unless it already ends with one."""
    text = text.strip()
    return text if text.endswith((".", "。", "?", "？", "!", "！")) else f"{text}."


def gbt7714(work: Work, accessed: date) -> str:
    """The reference itself, as a reference list prints it (half-width element separators)."""
    dates = f"({work.issued.isoformat()})" if work.issued else ""
    path = work.source_url or work.archive_url
    return f"{_end(work.author)} {work.title}[EB/OL]. {dates}[{accessed.isoformat()}]. {_end(path)}"


def gbt7714_full(work: Work, accessed: date) -> str:
    """The reference, the archive page when the original is elsewhere, and what is pinned."""
    parts = [gbt7714(work, accessed)]
    if work.source_url:
        parts.append(f"{ARCHIVE_NAME}页面: {_end(work.archive_url)}")
    if work.pinned:
        parts.append(work.pinned if work.pinned.endswith(("。", "…", "）")) else f"{work.pinned}。")
    if work.quote:
        parts.append(f"引文：“{work.quote}”")
    return " ".join(parts)


# ---------------------------------------------------------------- RIS


def _ris_value(text: str) -> str:
    # A RIS value is one line; a line break inside it would start a new (bogus) tag.
    return re.sub(r"\s*[\r\n]+\s*", " ", str(text)).strip()


def ris(work: Work, accessed: date) -> str:
    """One RIS record (GOVDOC: a government document); reference managers read it as a report."""
    lines = [("TY", "GOVDOC"), ("ID", work.key), ("AU", work.author), ("TI", work.title), ("PY", str(work.year))]
    if work.issued:
        lines.append(("DA", work.issued.strftime("%Y/%m/%d")))
    if work.place:
        lines.append(("CY", work.place))
    lines.append(("PB", work.author))
    if work.source_url:
        lines.append(("UR", work.source_url))
    lines.append(("UR", work.archive_url))
    lines.append(("Y2", accessed.strftime("%Y/%m/%d")))
    lines.append(("DB", ARCHIVE_NAME))
    lines.append(("LA", "zh"))
    if work.pinned:
        lines.append(("N1", work.pinned))
    if work.quote:
        lines.append(("AB", work.quote))
    lines.append(("N1", f"GB/T 7714: {gbt7714(work, accessed)}"))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}".rstrip() + "\r\n" for tag, value in lines)


# ---------------------------------------------------------------- BibTeX

# LaTeX's special characters, escaped so a title with & or % compiles and braces stay balanced.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
    "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in re.sub(r"\s+", " ", str(text)).strip())


def _url_field(url: str) -> str:
    # A URL is printed verbatim (\url); only braces could unbalance the field.
    return url.replace("{", "%7B").replace("}", "%7D")


def bibtex(work: Work, accessed: date) -> str:
    """One @misc entry; the agency in double braces so BibTeX never splits it into first/last names."""
    fields = [
        ("author", "{" + bibtex_escape(work.author) + "}"),
        ("title", bibtex_escape(work.title)),
        ("year", str(work.year)),
    ]
    if work.issued:
        fields.append(("date", work.issued.isoformat()))
    if work.place:
        fields.append(("address", bibtex_escape(work.place)))
    fields.append(("organization", bibtex_escape(work.author)))
    fields.append(("howpublished", "[EB/OL]"))
    fields.append(("url", _url_field(work.source_url or work.archive_url)))
    fields.append(("urldate", accessed.isoformat()))
    notes = []
    if work.source_url:
        notes.append(f"{ARCHIVE_NAME}页面: \\url{{{_url_field(work.archive_url)}}}")
    if work.pinned:
        notes.append(bibtex_escape(work.pinned))
    if work.quote:
        notes.append(f"引文：“{bibtex_escape(work.quote)}”")
    if notes:
        fields.append(("note", "; ".join(notes)))
    fields.append(("language", "chinese"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{work.key},\n{body}\n}}\n"
