"""Bytes to text, and a same-length normalised shadow of the text for matching.

Every offset the archive stores indexes the decoded text exactly as read, so
cleaning never changes length: `shadow()` maps characters one to one
(full-width digits and punctuation to ASCII, odd spaces to a plain space),
and rules match on the shadow while spans are cut from the original.
"""
from __future__ import annotations

import codecs

from . import traditional
from .types import ExtractionError

# Control characters that never occur in real text; many of them mean binary data.
_BINARY_CONTROLS = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode a report file: UTF-8 (with or without BOM), else GB18030 (a superset of GBK/GB2312).

    Line endings are kept as they are: offsets must point into the file as read,
    so a CRLF file's spans differ from its LF twin's but cut the same text.
    """
    if not data or not data.strip():
        raise ExtractionError(f"{name}：文件是空的")
    if b"\x00" in data[:4096]:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            try:
                return _checked(data.decode("utf-16"), name)
            except UnicodeDecodeError as exc:
                raise ExtractionError(f"{name}：不是有效的 UTF-16 文本（{exc.reason}）") from exc
        raise ExtractionError(f"{name}：这是二进制文件，不是文字报告")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("gb18030"), name)
    except UnicodeDecodeError as exc:
        raise ExtractionError(
            f"{name}：既不是 UTF-8 也不是 GB18030/GBK 文本（第 {exc.start} 个字节无法解码）"
        ) from exc


def _checked(text: str, name: str) -> str:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) in _BINARY_CONTROLS)
    if controls > max(3, len(sample) // 200):
        raise ExtractionError(f"{name}：这是二进制文件，不是文字报告")
    if not any(ch.isalnum() for ch in sample):
        raise ExtractionError(f"{name}：文件中没有可读的文字")
    return text


def _shadow_table() -> dict[int, str]:
    table = {}
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII block
        table[code] = chr(code - 0xFEE0)
    table.update({
        0x3000: " ",  # ideographic space
        0x00A0: " ",
        0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: " ", 0xFEFF: " ",
        ord("\t"): " ",
        ord("|"): " ",  # table debris of scraped pages
        0xFF5C: " ",
        ord("－"): "-", ord("—"): "-", ord("–"): "-", ord("～"): "~",
        ord("．"): ".",
    })
    # The ideographic comma, full stop and colon stay: they carry meaning the rules use.
    for keep in ("，", "：", "；", "（", "）"):
        table[ord(keep)] = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"}[keep]
    return table


_SHADOW = _shadow_table()


def shadow(text: str) -> str:
    """A copy of `text` of the same length, normalised for matching; a text in Traditional
    characters is read through its Simplified twin (see traditional.py)."""
    out = text.translate(_SHADOW)
    if traditional.is_traditional(out):
        out = out.translate(traditional.table())
    assert len(out) == len(text)
    return out
