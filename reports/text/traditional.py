"""Traditional characters read through Simplified ones, one character for one.

Mirrors (香港/台湾 sites, 繁体 buttons of mainland sites) serve reports in Traditional characters;
every rule of the extractor and the gazetteer is written in Simplified ones. The shadow text
(decode.shadow) maps each Traditional character to its Simplified form, so offsets still index the
original. The table is OpenCC's TSCharacters (via opencc-python-reimplemented, which ships it),
each character taken to OpenCC's first (most common) Simplified form (於 → 于, 乾 → 干); only
one-character forms are kept. Phrase tables (OpenCC's TSPhrases) are not used: they may change a text's length.

A Simplified text is left alone entirely: the table is applied only to a text in which Traditional-only
characters are frequent, so that a stray 萬 in a Simplified quotation changes nothing.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# Share of Chinese characters that must be Traditional-only for a text to be read as Traditional.
# Common Traditional text has ≥ 15 % (們 個 發 這 國 為 …); a Simplified text has next to none.
TRADITIONAL_SHARE = 0.03
SAMPLE = 5000


@lru_cache(maxsize=1)
def table() -> dict[int, str]:
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    mapping: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        candidates = targets.split()
        if len(source) == 1 and candidates and len(candidates[0]) == 1 and candidates[0] != source:
            mapping[ord(source)] = candidates[0]
    return mapping


def is_traditional(text: str) -> bool:
    sample = text[:SAMPLE]
    chinese = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    if chinese < 20:
        return False
    mapping = table()
    traditional = sum(1 for ch in sample if ord(ch) in mapping)
    return traditional >= TRADITIONAL_SHARE * chinese
