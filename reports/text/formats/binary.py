"""What kind of file this is, from its first bytes; the binaries we cannot read are refused here.

A refusal names the file and says what it is and what to do, in Chinese: an editor uploading a
`.doc` must learn to save it as `.docx`, not that "decoding failed".
"""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

from ..types import ExtractionError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, WPS, Excel 97-2003, PowerPoint 97-2003
_OLE_KINDS = {
    ".doc": "旧版 Word 文档（.doc）", ".dot": "旧版 Word 模板（.dot）", ".wps": "WPS 文字文档（.wps）",
    ".xls": "旧版 Excel 表格（.xls）", ".et": "WPS 表格（.et）", ".ppt": "旧版 PowerPoint 演示文稿（.ppt）",
    ".dps": "WPS 演示文稿（.dps）",
}
_IMAGES = {
    b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片", b"GIF8": "GIF 图片", b"BM": "BMP 图片",
    b"II*\x00": "TIFF 图片", b"MM\x00*": "TIFF 图片",
}
_ARCHIVES = {b"Rar!": "RAR 压缩包", b"7z\xbc\xaf\x27\x1c": "7z 压缩包", b"\x1f\x8b": "gzip 压缩包"}
# The opening of an HTML document after a BOM, white space and comments.
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.IGNORECASE | re.DOTALL)
_SAVE_AS = "请另存为 .docx、.pdf（带文字层）或 .txt 后再导入"


def refuse(name: str, reason: str) -> ExtractionError:
    return ExtractionError(f"{name}：{reason}")


def sniff(data: bytes, name: str, suffix: str) -> str:
    """'pdf' | 'docx' | 'html' | 'text'; raises ExtractionError for a file that is none of them."""
    if not data or not data.strip():
        raise refuse(name, "文件是空的")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_OLE):
        kind = _OLE_KINDS.get(suffix, "Office 二进制文档（.doc/.xls/.wps 一类）")
        raise refuse(name, f"这是{kind}，无法直接读取其中的文字；{_SAVE_AS}")
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name)
    if data.startswith(b"{\\rtf"):
        raise refuse(name, f"这是 RTF 文档，暂不支持；{_SAVE_AS}")
    for magic, kind in {**_IMAGES, **_ARCHIVES}.items():
        if data.startswith(magic):
            raise refuse(name, f"这是{kind}，不是文字报告" + ("（扫描件请先做文字识别）" if "图片" in kind else ""))
    if suffix == ".pdf":
        raise refuse(name, "文件名是 .pdf，但内容不是 PDF（文件可能已损坏或只下载了一部分）")
    if suffix == ".docx":
        raise refuse(name, "文件名是 .docx，但内容不是 Word 文档（可能是改了扩展名的 .doc 或已损坏）")
    if _HTML_START.match(head):
        return "html"
    return "text"


def _zip_kind(data: bytes, name: str) -> str:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse(name, "压缩格式已损坏，无法打开（.docx 也是一种压缩包）") from None
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise refuse(name, f"这是 Excel 表格（.xlsx），不是报告正文；{_SAVE_AS}")
    if any(n.startswith("ppt/") for n in names):
        raise refuse(name, f"这是 PowerPoint 演示文稿（.pptx），不是报告正文；{_SAVE_AS}")
    if "Doc_0/Document.xml" in names or "OFD.xml" in names:
        raise refuse(name, f"这是 OFD 版式文件，暂不支持；{_SAVE_AS}")
    raise refuse(name, "这是 ZIP 压缩包，请解压后导入其中的报告文件")
