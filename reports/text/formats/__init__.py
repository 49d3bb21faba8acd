"""Documents as people receive them — a saved web page, a Word file, a PDF, a text file — read into
the report's text (paragraph breaks kept, page chrome dropped) and what the page says about itself.

`read_document(data, name)` chooses the reader by the file's magic bytes first and its suffix
second (a `.txt` that is really a PDF is read as a PDF; a `.doc` renamed `.docx` is still refused).
Everything here is Django-free: bytes in, `ReadDocument` out, `ExtractionError` (in Chinese, naming
the file) for anything that cannot be read.

Page metadata uses the keys of a text header (`reports/text/header.py`, `Header.fields`):
标题, 发布时间, 来源, 发布机构, 成文日期, 索引号 … plus 栏目 (the site's column), 站点 (the site's
name) and 网址 (the page's canonical URL), so the metadata reader ranks them like a header's.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from ..types import ExtractionError
from . import binary, noise, plain

# What `ingest` looks for in a folder and what the admin upload accepts.
SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".docx", ".pdf")
HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")
# Reports saved in formats we cannot read: a folder search still picks them up, so that each is named
# with what to do (save as .docx) instead of being skipped without a word.
REFUSED_REPORT_SUFFIXES = (".doc", ".wps")


@dataclass
class ReadDocument:
    text: str  # the report's text as read; every offset the archive stores indexes it
    format: str  # txt | html | docx | pdf
    page: dict[str, str] = field(default_factory=dict)  # page metadata, in header keys


def read_document(data: bytes, name: str = "<bytes>") -> ReadDocument:
    suffix = PurePath(name).suffix.lower()
    kind = binary.sniff(data, name, suffix)  # raises for every binary we refuse
    if kind == "pdf":
        from . import pdf

        text, page = pdf.read(data, name)
    elif kind == "docx":
        from . import word

        text, page = word.read(data, name)
    elif kind == "html" or (kind == "text" and suffix in HTML_SUFFIXES):
        from . import web

        text, page = web.read(data, name)
        kind = "html"
    else:
        text, page = plain.read(data, name), {}
        kind = "txt"
    text = noise.strip_pinyin(text)
    if not any(ch.isalnum() for ch in text[:20000]):
        raise ExtractionError(f"{name}：文件中没有可读的文字")
    return ReadDocument(text=text, format=kind, page={k: v for k, v in page.items() if v})
