"""When two texts are the same report, and when one is nearly another.

`identity(text)` is what a report's content hash is taken over: the text without what a copy
changes by accident — a BOM, CRLF or CR line endings, full-width (U+3000) or no-break spaces, runs
of spaces, white space at the ends of lines and of the text. The stored text stays exactly as read
(every offset indexes it); only the hash forgets these differences, so a CRLF copy of a report
already held is 未变.

`similarity(a, b)` measures near-duplicates (a page re-saved with a corrected figure, the same
report from two sites): the share of 5-character shingles the two texts have in common, over the
larger set, on the identity text with all white space removed. Building the shingle sets is linear
in the text (about 20,000 shingles for a long report); the ingest service compares a new report only
with the few held for the same agency, year and period.
"""
from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009\u200b\f\v]+")
_ANY_SPACE = re.compile(r"\s+")
SHINGLE = 5
NEAR_DUPLICATE = 0.95


def identity(text: str) -> str:
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def shingles(text: str) -> set[str]:
    flat = _ANY_SPACE.sub("", identity(text))
    if len(flat) <= SHINGLE:
        return {flat} if flat else set()
    return {flat[i:i + SHINGLE] for i in range(len(flat) - SHINGLE + 1)}


def similarity(a: str | set, b: str | set) -> float:
    sa = a if isinstance(a, set) else shingles(a)
    sb = b if isinstance(b, set) else shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / max(len(sa), len(sb))
