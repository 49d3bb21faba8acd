"""A text file: decoded as it is (UTF-8 with or without BOM, else GB18030/GBK; see decode.py), or
Big5 when the bytes say so: every Big5 byte pair is also a GBK pair, so a Big5 mirror would otherwise
"decode" as GB18030 into nonsense without an error."""
from __future__ import annotations

import codecs

from ..decode import _checked, decode


def read(data: bytes, name: str) -> str:
    if _is_big5(data):
        try:
            return _checked(data.decode("big5"), name)
        except UnicodeDecodeError:
            pass
    return decode(data, name)


def _is_big5(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:4096]:
        return False
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    return best is not None and best.encoding == "big5"
