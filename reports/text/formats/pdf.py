"""A PDF with a text layer: its lines, re-flowed into the paragraphs they were typeset from.

Read with pdfminer.six: it is maintained, pure Python, decodes CID fonts through the Adobe CMaps it
ships (what Chinese PDFs use), handles RC4/AES encryption, and gives every text line with its
position — which is what telling a wrapped line from a paragraph end, or a page number from text,
needs. (pypdf gives a page's text as one string without positions.)

A line break is a paragraph break when the line stops short of the right margin, when the next line
is indented, or when a sentence has ended and the next line opens a numbered heading (一、 （一）
第一). Otherwise the lines are one paragraph: 增长5 / .2% and 办理 / 案件 join without a gap.
Page numbers (`- 3 -`, `第3页`, `3/12`) and running headers or footers (the same line at the top or
bottom of most pages) are dropped.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from ..types import ExtractionError

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|"
    r"\d{1,4}|[·•]\s*\d{1,4}\s*[·•])\s*$"
)
_SENTENCE_END = tuple("。！？；：!?;:”」』）)")
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分条])")
_LATIN = re.compile(r"[A-Za-z]")
_CID = re.compile(r"\(cid:\d+\)")  # pdfminer's stand-in for a glyph its font does not map to Unicode
MARGIN_BAND = 0.1  # the top and bottom tenth of a page, where running headers and page numbers stand


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page
    page: int
    page_height: float
    size: float  # the line's height, about one character


def read(data: bytes, name: str) -> tuple[str, dict[str, str]]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextLine
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser)  # the empty password opens PDFs that only restrict printing or copying
    except PDFPasswordIncorrect:
        raise ExtractionError(f"{name}：PDF 已加密，需要密码才能打开；请提供未加密的文件") from None
    except PDFEncryptionError as exc:
        raise ExtractionError(f"{name}：PDF 已加密，无法解密（{exc}）；请提供未加密的文件") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise ExtractionError(f"{name}：PDF 文件已损坏，无法读取（{type(exc).__name__}）") from None
    resources = PDFResourceManager(caching=True)
    # word_margin: a gap of half a character before pdfminer invents a space. Real spaces are glyphs in
    # the PDF and come through anyway; invented ones split 办理 / 920 where Word only set a small gap.
    device = PDFPageAggregator(resources, laparams=LAParams(word_margin=0.5))
    interpreter = PDFPageInterpreter(resources, device)
    lines: list[Line] = []
    pages = 0
    try:
        for number, page in enumerate(PDFPage.create_pages(document)):
            pages += 1
            interpreter.process_page(page)
            layout = device.get_result()
            for item in _text_lines(layout, LTTextLine):
                text = despace(item.get_text().strip())
                if text:
                    lines.append(Line(text, item.x0, item.x1, layout.height - item.y1, number, layout.height,
                                      max(item.height, 1.0)))
    except PDFEncryptionError as exc:
        raise ExtractionError(f"{name}：PDF 已加密，无法读取文字（{exc}）") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExtractionError(f"{name}：PDF 文件已损坏，无法读取（{type(exc).__name__}）") from None
    words = sum(len(line.text) for line in lines)
    unmapped = sum(len(m.group(0)) for line in lines for m in _CID.finditer(line.text))
    if words and unmapped > 0.1 * words:
        raise ExtractionError(
            f"{name}：PDF 的文字层无法解码（字体没有 Unicode 映射，读出的是字形编号）；"
            "请提供 .docx/.txt 版本，或重新导出 PDF"
        )
    lines = [Line(_CID.sub("", ln.text), ln.x0, ln.x1, ln.top, ln.page, ln.page_height, ln.size) for ln in lines]
    if pages and words < 20 * max(1, min(pages, 3)):
        raise ExtractionError(
            f"{name}：PDF 没有文字层（{pages} 页几乎全是图片，可能是扫描件）；请先做文字识别（OCR），"
            "或提供 .docx/.txt 版本"
        )
    body = _without_page_furniture(lines, pages)
    page_meta = {}
    if title := _info_title(document):
        page_meta["标题"] = title
    return "\n".join(reflow(body)), page_meta


def despace(line: str) -> str:
    """Spaces pdfminer put where characters stand apart on the page, not in the text.

    Justified or letter-spaced Chinese (a common Word/WPS export) comes out as `办 理 案 件 9 2 0 件`:
    in a line where most characters are set apart by single spaces, every single space goes. Other
    spaces stay: in a flattened report a space is what separates one heading from the next."""
    gaps = line.count(" ")
    if gaps and gaps >= 0.6 * (len(line) - gaps - 1) and "  " not in line:
        return line.replace(" ", "")
    return line


def _text_lines(layout, line_type):
    """Every text line on the page, top to bottom (then left to right), however pdfminer boxed them."""
    found = []
    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, line_type):
            found.append(item)
        elif hasattr(item, "__iter__"):
            stack.extend(item)
    return sorted(found, key=lambda ln: (-round(ln.y1), ln.x0))


def _without_page_furniture(lines: list[Line], pages: int) -> list[Line]:
    def in_band(line):
        return line.top < line.page_height * MARGIN_BAND or line.top > line.page_height * (1 - MARGIN_BAND)

    def key(line):
        return re.sub(r"\d+", "#", line.text)

    # A running header or footer: the same words (numbers aside) in the margin band of most pages.
    repeated = Counter(key(line) for line in lines if in_band(line))
    running = {k for k, n in repeated.items() if pages >= 2 and n >= max(2, pages // 2)}
    return [line for line in lines
            if not (in_band(line) and (_PAGE_NUMBER.match(line.text) or key(line) in running))]


def reflow(lines: list[Line]) -> list[str]:
    """Join wrapped lines back into paragraphs."""
    if not lines:
        return []
    # The text block's margins: most lines start at the left margin; full lines end at the right one.
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = max(line.x1 for line in lines)
    paragraphs: list[str] = []
    current = lines[0].text
    for prev, line in zip(lines, lines[1:], strict=False):
        char = min(prev.size, line.size)
        short = prev.x1 < right - 2.5 * char
        indented = line.x0 > left + 1.5 * char
        heading_next = prev.text.endswith(_SENTENCE_END) and _HEADING_START.match(line.text)
        if short or indented or heading_next:
            paragraphs.append(current)
            current = line.text
        else:
            gap = " " if _LATIN.match(current[-1:]) and _LATIN.match(line.text[:1]) else ""
            current += gap + line.text
    paragraphs.append(current)
    return paragraphs


def _info_title(document) -> str:
    from pdfminer.utils import decode_text

    for info in document.info or []:
        raw = info.get("Title")
        if hasattr(raw, "resolve"):
            raw = raw.resolve()
        if isinstance(raw, bytes):
            title = decode_text(raw).strip()
        elif isinstance(raw, str):
            title = raw.strip()
        else:
            continue
        # Converters write a file name or their own name when the author set no title.
        if title and not re.search(r"\.(docx?|wps|pdf)$|^Microsoft Word|^untitled$", title, re.IGNORECASE):
            return title
    return ""
