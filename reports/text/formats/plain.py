"""A text file: decoded as it is (UTF-8 with or without BOM, else GB18030/GBK); see decode.py."""
from __future__ import annotations

from ..decode import decode


def read(data: bytes, name: str) -> str:
    return decode(data, name)
