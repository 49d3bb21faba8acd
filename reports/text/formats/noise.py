"""Noise some mirrors insert into a text that is not the document's: pinyin glosses after characters.

A mirror "for learners" writes 系統(tǒng)治理 or 1.2萬(wàn)件; the gloss splits words, headings and
number-unit pairs, and no reader of the report reads it. It is removed when the document is read,
so the stored text and every offset into it are the report's own words. Only a gloss that cannot be
anything else goes: Latin letters carrying a pinyin tone mark (or a tone digit 1-5), in brackets,
right after a Chinese character; (AB) or (2024) or (PPP) stay.
"""
from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü{_TONED}]{{1,6}}"
# A gloss: one syllable (or two, for a character read as ér-ized forms) with a tone mark or digit.
_GLOSS = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（](?=[^)）]{{0,14}}[{_TONED}1-5])({_SYLLABLE}[1-5]?(?:\s?{_SYLLABLE}[1-5]?)?)[)）]"
)


def strip_pinyin(text: str) -> str:
    if "(" not in text and "（" not in text:
        return text
    return _GLOSS.sub("", text)
