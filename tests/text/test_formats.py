"""Every sample report as a web page (UTF-8 and GBK, with a CMS's chrome), a Word file and a PDF gives
the same metadata, outline and indicators as its .txt; what cannot be read is refused by name."""
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from reports.pipeline import fixture_lexicon, parse_bytes
from reports.text.formats import read_document
from reports.text.types import ExtractionError
from tests.documents_factory import docx_bytes, flat_page_html, page_html, pdf_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "sample_reports"
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))


@lru_cache(maxsize=1)
def lexicon():
    return fixture_lexicon()


@lru_cache(maxsize=None)
def from_text(name):
    data = (SAMPLES / name).read_bytes()
    return parse_bytes(data, name, lexicon())


def text_of(name):
    return (SAMPLES / name).read_text(encoding="utf-8")


def facts(parsed):
    """What must not depend on the format: metadata, outline, indicators (offsets aside)."""
    return {
        "title": parsed.title, "agency": parsed.agency, "region": parsed.region.code, "year": parsed.year,
        "period": parsed.period,
        "sections": [(s.level, s.number, s.heading) for s in parsed.sections],
        "indicators": Counter((i.value, i.unit, i.kind) for i in parsed.indicators),
    }


FORMATS = {
    "html-utf8-detected": lambda text: (page_html(text, charset_meta=""), "page.html"),
    "html-gbk-http-equiv": lambda text: (page_html(text, encoding="gbk", charset_meta="http-equiv"), "page.htm"),
    "html-gb2312-meta": lambda text: (page_html(text, encoding="gb18030", charset_meta="meta")
                                      .replace(b'charset="GB18030"', b'charset="gb2312"'), "page.html"),
    "docx": lambda text: (docx_bytes(text), "report.docx"),
    "pdf": lambda text: (pdf_bytes(text), "report.pdf"),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_format_gives_the_data_of_the_text(name, fmt):
    expected = from_text(name)
    data, filename = FORMATS[fmt](text_of(name))

    parsed = parse_bytes(data, filename, lexicon())

    assert parsed.format == fmt.split("-")[0]
    # The very text, so offsets agree with the .txt's too and every offset-based check gives the same figures.
    assert parsed.text == text_of(name).strip()
    assert facts(parsed) == facts(expected)
    assert len(parsed.indicators) == len(expected.indicators) > 0
    # Offsets index the text as read from the document.
    for ind in parsed.indicators:
        assert parsed.text[ind.start:ind.end] == ind.raw
    if expected.issued_on:
        assert parsed.issued_on == expected.issued_on


@pytest.mark.parametrize("name", [n for n in SAMPLE_NAMES if from_text(n).title == text_of(n).split("\n")[0]])
def test_a_headline_above_the_article_is_the_title_line(name):
    text = text_of(name)
    title, body = text.split("\n", 1)
    parsed = parse_bytes(page_html(body, title=title), "page.html", lexicon())
    assert facts(parsed) == facts(from_text(name))
    assert parsed.text.split("\n")[0] == title


@pytest.mark.parametrize("name", [n for n in SAMPLE_NAMES if from_text(n).title == text_of(n).split("\n")[0]])
def test_an_older_cms_page_with_an_open_government_table(name):
    title, body = text_of(name).split("\n", 1)
    doc = read_document(flat_page_html(title, body), "old.htm")
    assert doc.text == text_of(name).strip()
    assert doc.page["索引号"] == "11411500MB1234567X/2024-00012" and doc.page["成文日期"] == "2024-02-29"
    assert doc.page["来源"] == "市司法局" and doc.page["发布机构"] == "市司法局"
    parsed = parse_bytes(flat_page_html(title, body), "old.htm", lexicon())
    assert facts(parsed) == facts(from_text(name))


def test_page_chrome_is_dropped_and_page_metadata_kept():
    text = text_of(SAMPLE_NAMES[2])
    doc = read_document(page_html(text, encoding="gbk", pubdate="2025-01-08 09:12", source="江北区司法局"), "p.htm")

    assert doc.text == text.strip()
    for chrome in ("无障碍", "今天是", "浏览次数", "当前位置", "分享到", "打印本页", "版权所有", "网站标识码",
                   "相关链接", "document.write", "font-size", "政务公开"):
        assert chrome not in doc.text
    assert doc.page["发布时间"] == "2025-01-08 09:12"
    assert doc.page["来源"] == "江北区司法局"
    assert doc.page["栏目"] == "法治政府建设年度报告"
    assert doc.page["网址"] == "https://www.example.gov.cn/zwgk/fz/t20250320_123.html"
    assert "浏览次数" not in doc.page and "字号" not in doc.page


def test_page_metadata_reaches_the_metadata_reader_like_a_header():
    # Sample 002 has no title line and no date: the page's 发布时间 becomes its issued date.
    parsed = parse_bytes(page_html(text_of(SAMPLE_NAMES[2]), pubdate="2025-01-08 09:12"), "p.html", lexicon())
    assert parsed.issued_on == "2025-01-08"
    assert parsed.page["发布时间"] == "2025-01-08 09:12"
    assert parsed.to_json()["page"]["网址"].startswith("https://")


def test_html_charset_from_bom_and_from_detection():
    text = "柳州市司法局2024年法治政府建设年度报告\n办理法律援助案件920件。"
    page = f"<html><body><div><p>{text.replace(chr(10), '</p><p>')}</p></div></body></html>"
    assert read_document(b"\xef\xbb\xbf" + page.encode("utf-8"), "a.html").text == text
    assert read_document(page.encode("gbk"), "a.html").text == text  # no declaration: not UTF-8, so GB18030
    # Without a suffix an HTML file is still recognised by its opening.
    assert read_document(("<!DOCTYPE html>\n" + page).encode("utf-8"), "a.txt").format == "html"


def test_html_white_space_follows_the_browser():
    page = ("<html><body><div class='TRS_Editor'><p>　　办理法律援助\n    案件920件，&nbsp;同比上升5%。</p>"
            "<p>第二段<br>换行</p><table><tr><td>项目</td><td>数量</td></tr><tr><td>案件</td><td>920件</td></tr></table>"
            "</div></body></html>")
    doc = read_document(page.encode("utf-8"), "a.html")
    assert doc.text.split("\n") == ["办理法律援助案件920件， 同比上升5%。", "第二段", "换行", "项目 | 数量", "案件 | 920件"]


def test_pdf_lines_are_reflowed_and_page_furniture_dropped():
    body = ("2024年，全市办理法律援助案件共计" + "九" * 20 + "12345件，同比增长5.2%，" + "办理" * 30 + "。\n"
            "一、主要举措\n" + "二是开展普法活动。" * 200)
    pdf = pdf_bytes(body, running_header="某市司法局文件", page_numbers=True)
    doc = read_document(pdf, "r.pdf")
    paragraphs = doc.text.split("\n")
    assert paragraphs[0] == body.split("\n")[0]  # one paragraph, though typeset on several lines
    assert paragraphs[1] == "一、主要举措"
    assert paragraphs[2] == body.split("\n")[2]  # crosses a page: still one paragraph
    assert "某市司法局文件" not in doc.text and "- 1 -" not in doc.text


@pytest.mark.parametrize("number", ["5.2%", "12345件", "3.28万亿元"])
def test_a_number_broken_at_the_end_of_a_pdf_line_is_joined(number):
    # Put the number exactly across a line end: the first line is filled up to its measure.
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    measure = 595.27 - 144 - 24  # A4 width less margins, less the first line's indent (documents_factory)
    lead = ""
    while pdfmetrics.stringWidth(lead + "办" + number[:2], "STSong-Light", 12) <= measure:
        lead += "办"
    sentence = f"{lead}{number}，较上年有所增长。"
    doc = read_document(pdf_bytes(sentence, running_header=None), "r.pdf")
    assert doc.text == sentence


# ---------------------------------------------------------------- refusals


def test_image_only_pdf_is_refused_by_name():
    with pytest.raises(ExtractionError, match=r"scan\.pdf：PDF 没有文字层.*扫描件"):
        read_document(pdf_bytes(text_of(SAMPLE_NAMES[0]), image_only=True), "scan.pdf")


def test_password_protected_pdf_is_refused_by_name():
    with pytest.raises(ExtractionError, match=r"locked\.pdf：PDF 已加密，需要密码"):
        read_document(pdf_bytes("办理法律援助案件920件。" * 20, encrypt="secret"), "locked.pdf")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + bytes(range(256)) * 8


@pytest.mark.parametrize("name, kind", [
    ("报告.doc", "旧版 Word 文档（.doc）"), ("报告.wps", "WPS 文字文档（.wps）"), ("统计.xls", "旧版 Excel 表格（.xls）"),
    # A .doc renamed .docx is still the old binary format.
    ("改名.docx", "Office 二进制文档（.doc/.xls/.wps 一类）"),
])
def test_office_binaries_are_refused_with_what_they_are(name, kind):
    with pytest.raises(ExtractionError) as refused:
        read_document(OLE, name)
    assert str(refused.value).startswith(f"{name}：这是{kind}")
    assert "另存为 .docx" in str(refused.value)


def test_other_binaries_are_refused_by_name():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(ExtractionError, match="logo.png：这是PNG 图片"):
        read_document(png, "logo.png")
    with pytest.raises(ExtractionError, match="data.bin：这是二进制文件"):
        read_document(bytes(range(256)) * 20, "data.bin")
    with pytest.raises(ExtractionError, match="broken.pdf：文件名是 .pdf，但内容不是 PDF"):
        read_document("只是文字".encode(), "broken.pdf")
    with pytest.raises(ExtractionError, match="bad.pdf：PDF 文件已损坏"):
        read_document(b"%PDF-1.7\n\x00\x01\x02" + bytes(range(256)) * 8, "bad.pdf")


def test_an_excel_workbook_is_not_a_report():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ExtractionError, match=r"表\.xlsx：这是 Excel 表格（\.xlsx）"):
        read_document(buf.getvalue(), "表.xlsx")


def test_deeply_nested_and_hidden_markup():
    # Unclosed <font> tags nest a page a thousand levels deep: nothing may be lost or overflow.
    page = ("<html><body>" + "<font>" * 1000 + "<p>办理法律援助案件920件。</p>" * 30
            + '<div style="display: none">隐藏的重复内容</div></body></html>')
    doc = read_document(page.encode("utf-8"), "deep.html")
    assert doc.text.split("\n") == ["办理法律援助案件920件。"] * 30


def test_letter_spaced_pdf_text_loses_the_spaces_the_layout_made():
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    sentence = "办理法律援助案件920件，同比上升5.2%。"
    for row, spacing in enumerate([0, 3, 4, 0]):
        t = c.beginText(72, 700 - 30 * row)
        t.setFont("STSong-Light", 12)
        t.setCharSpace(spacing)  # justified or letter-spaced lines, as Word/WPS exports set them
        t.textOut(sentence)
        c.drawText(t)
    c.save()
    doc = read_document(buf.getvalue(), "spaced.pdf")
    assert doc.text.replace("\n", "") == sentence * 4 and " " not in doc.text


def test_a_lead_paragraph_and_a_signature_kept_apart_by_the_cms_belong_to_the_article():
    lines = text_of(SAMPLE_NAMES[3]).split("\n")
    title, lead, body, date = lines[0], lines[1], lines[2:-1], lines[-1]
    paragraphs = "".join(f"<p>{line}</p>" for line in body)
    page = f"""<html><body><div class="nav"><a href="/">首页</a> <a href="/x">政务公开</a></div>
<div class="main"><div class="article"><h1>{title}</h1><div class="info">发布时间：2024-03-05 来源：市司法局</div>
<div class="summary"><p>{lead}</p></div><div class="TRS_Editor">{paragraphs}</div>
<div class="sign"><p>信阳市司法局</p><p>{date}</p></div><div class="share">分享到：<a href="#">微信</a></div>
</div></div><div class="footer">版权所有：某市人民政府 本站部分信息来源于网络，如有侵权请联系删除。</div></body></html>"""
    doc = read_document(page.encode("utf-8"), "split.html")
    assert doc.text.split("\n") == [title, lead, *body[:-1], body[-1], "信阳市司法局", date]
    assert "版权所有" not in doc.text and "分享到" not in doc.text and doc.page["来源"] == "市司法局"


def test_an_undeclared_big5_mirror_is_not_read_as_gbk():
    import opencc

    traditional = opencc.OpenCC("s2t").convert(text_of(SAMPLE_NAMES[3]))
    page = "<html><body><div>" + "".join(f"<p>{line}</p>" for line in traditional.split("\n")) + "</div></body></html>"
    data = page.encode("big5", errors="ignore")
    doc = read_document(data, "mirror.html")
    assert doc.text.split("\n")[0] == traditional.split("\n")[0]
    # The same page in GBK, undeclared, is still GBK.
    assert read_document(page.encode("gb18030"), "mirror.html").text == traditional.strip()


def test_a_big5_text_file_is_read_as_big5_and_gbk_stays_gbk():
    import opencc

    traditional = opencc.OpenCC("s2t").convert(text_of(SAMPLE_NAMES[3]))
    big5 = traditional.encode("big5", errors="ignore")
    assert read_document(big5, "mirror.txt").text == big5.decode("big5")
    for name in SAMPLE_NAMES:
        assert read_document(text_of(name).encode("gbk"), name).text == text_of(name)


def test_a_pdf_whose_fonts_map_to_no_characters_is_refused(monkeypatch):
    # pdfminer writes (cid:N) for glyphs without a Unicode mapping: such a text layer is unreadable.
    from pdfminer.layout import LTTextLine

    original = LTTextLine.get_text
    monkeypatch.setattr(LTTextLine, "get_text", lambda self: "".join(f"(cid:{ord(c) % 900})" for c in original(self)))
    with pytest.raises(ExtractionError, match=r"cid\.pdf：PDF 的文字层无法解码"):
        read_document(pdf_bytes(text_of(SAMPLE_NAMES[0])), "cid.pdf")
