"""Citations compared with GB/T 7714-2015 references written by hand, and parsed as reference managers do."""
from datetime import date
from types import SimpleNamespace

import bibtexparser
import pytest
import rispy

from reports import citation
from reports.models import Agency, Measure, Region, Report

ACCESSED = date(2026, 12, 1)


def region(code, name, level, parent=None):
    return Region(code=code, name=name, level=level, parent=parent)


def report(pk, agency_name, where, title, year, issued=None, source_url=""):
    return Report(pk=pk, agency=Agency(name=agency_name, region=where), region=where, title=title, year=year,
                  issued_on=issued, source_url=source_url)


NATION = region("100000", "全国", "national")
ZHEJIANG = region("330000", "浙江省", "province")
TAIZHOU = region("331000", "台州市", "city", ZHEJIANG)
HUANGYAN = region("331003", "黄岩区", "county", TAIZHOU)

NATIONAL = report(7, "国务院", NATION, "2024年国务院政府工作报告", 2024, date(2024, 3, 12),
                  "https://www.gov.example.cn/zhengce/2024/content_6941846.htm")
PROVINCIAL = report(8, "浙江省人民政府", ZHEJIANG, "2024年浙江省政府工作报告", 2024, date(2024, 1, 29),
                    "https://www.zj.example.cn/art/2024/1/29/art_1229463129.html")
COUNTY = report(9, "黄岩区司法局", HUANGYAN, "黄岩区司法局2024年工作总结", 2024)


def archive_url(pk, anchor=""):
    return f"https://archive.example.org/reports/{pk}/" + (f"#{anchor}" if anchor else "")


@pytest.mark.parametrize("cited, expected", [
    (NATIONAL, "国务院. 2024年国务院政府工作报告[EB/OL]. (2024-03-12)[2026-12-01]. "
               "https://www.gov.example.cn/zhengce/2024/content_6941846.htm."),
    (PROVINCIAL, "浙江省人民政府. 2024年浙江省政府工作报告[EB/OL]. (2024-01-29)[2026-12-01]. "
                 "https://www.zj.example.cn/art/2024/1/29/art_1229463129.html."),
    # No issue date, no original URL: the date element is left out, the archive page is the access path.
    (COUNTY, "黄岩区司法局. 黄岩区司法局2024年工作总结[EB/OL]. [2026-12-01]. https://archive.example.org/reports/9/."),
])
def test_gbt7714_reference_as_written_by_hand(cited, expected):
    work = citation.work_for_report(cited, archive_url(cited.pk))
    assert citation.gbt7714(work, ACCESSED) == expected


def test_full_reference_adds_the_archive_page_when_the_original_is_elsewhere():
    work = citation.work_for_report(PROVINCIAL, archive_url(8))
    assert citation.gbt7714_full(work, ACCESSED) == (
        "浙江省人民政府. 2024年浙江省政府工作报告[EB/OL]. (2024-01-29)[2026-12-01]. "
        "https://www.zj.example.cn/art/2024/1/29/art_1229463129.html. "
        "政府工作报告档案页面: https://archive.example.org/reports/8/.")
    county = citation.work_for_report(COUNTY, archive_url(9))
    assert citation.gbt7714_full(county, ACCESSED) == citation.gbt7714(county, ACCESSED)


def test_place_is_the_full_region_name_and_nothing_for_the_nation():
    assert citation.place_of(HUANGYAN) == "浙江省台州市黄岩区"
    assert citation.place_of(ZHEJIANG) == "浙江省"
    assert citation.place_of(NATION) == ""
    # Whatever level the national region is filed under, its code says it is the whole country.
    assert citation.place_of(region("100000", "全国", "province")) == ""


def test_measure_and_indicator_citations_pin_the_sentence():
    measure = Measure(number="二", text="二是办理法律援助案件1200件，同比增长12.5%。", start=103, end=126)
    work = citation.work_for_measure(PROVINCIAL, measure, archive_url(8, "m-103"))
    assert citation.gbt7714_full(work, ACCESSED).endswith(
        "政府工作报告档案页面: https://archive.example.org/reports/8/#m-103. "
        "举措：二是办理法律援助案件1200件，同比增长12.5%。 引文：“二是办理法律援助案件1200件，同比增长12.5%。”")
    indicator = SimpleNamespace(name="法律援助案件", raw="1200件", start=113)
    work = citation.work_for_indicator(COUNTY, indicator, "二是办理法律援助案件1200件，同比增长12.5%。", "1200件",
                                       archive_url(9, "i-113"))
    assert citation.gbt7714_full(work, ACCESSED) == (
        "黄岩区司法局. 黄岩区司法局2024年工作总结[EB/OL]. [2026-12-01]. https://archive.example.org/reports/9/#i-113. "
        "指标：法律援助案件 1200件（原文“1200件”） 引文：“二是办理法律援助案件1200件，同比增长12.5%。”")


@pytest.mark.parametrize("cited", [NATIONAL, PROVINCIAL, COUNTY])
def test_ris_parses_with_rispy(cited):
    work = citation.work_for_report(cited, archive_url(cited.pk))
    text = citation.ris(work, ACCESSED)
    assert text.endswith("ER  -\r\n")
    [entry] = rispy.loads(text)
    assert entry["type_of_reference"] == "GOVDOC"
    assert entry["authors"] == [cited.agency.name]
    assert entry["title"] == cited.title
    assert entry["year"] == "2024"
    assert entry["urls"] == [u for u in (cited.source_url, archive_url(cited.pk)) if u]
    assert entry["access_date"] == "2026/12/01"
    assert entry["publisher"] == cited.agency.name
    assert entry.get("place_published", "") == citation.place_of(cited.region)
    if cited.issued_on:
        assert entry["date"] == cited.issued_on.strftime("%Y/%m/%d")


@pytest.mark.parametrize("cited", [NATIONAL, PROVINCIAL, COUNTY])
def test_bibtex_parses_with_bibtexparser(cited):
    work = citation.work_for_report(cited, archive_url(cited.pk))
    [entry] = bibtexparser.loads(citation.bibtex(work, ACCESSED)).entries
    assert entry["ENTRYTYPE"] == "misc" and entry["ID"] == f"report{cited.pk}"
    assert entry["author"] == "{" + cited.agency.name + "}"  # one corporate author, never split into names
    assert entry["title"] == cited.title and entry["year"] == "2024"
    assert entry["url"] == (cited.source_url or archive_url(cited.pk))
    assert entry["urldate"] == "2026-12-01"
    if cited.source_url:
        assert archive_url(cited.pk) in entry["note"]


def test_special_characters_survive_ris_and_bibtex():
    hostile = report(5, "柳州市司法局", HUANGYAN, "工作总结<script>alert('x')</script> 50% & {括号}\n第二行", 2024)
    work = citation.work_for_report(hostile, archive_url(5))
    [ris_entry] = rispy.loads(citation.ris(work, ACCESSED))
    assert ris_entry["title"] == "工作总结<script>alert('x')</script> 50% & {括号} 第二行"
    [bib_entry] = bibtexparser.loads(citation.bibtex(work, ACCESSED)).entries
    assert bib_entry["title"] == r"工作总结<script>alert('x')</script> 50\% \& \{括号\} 第二行"
