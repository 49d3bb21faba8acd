"""What one report repeats of another: sentences and measures matched by character shingles. Django-free.

Two reports of one agency a year apart share much of their wording. A
sentence counts as *repeated* when most of its character 4-grams (punctuation
and white space dropped, digits kept: a sentence with new figures tells
something new) occur in one sentence of the earlier report; a measure is
*continued* when its shingles overlap an earlier measure's enough, else *new*;
earlier measures nobody continues are *dropped*.

An inverted index from shingle to earlier sentences keeps this linear in the
two texts (no all-pairs comparison): about 20-40 ms for two 50,000-character
reports, so the archive computes it at ingest and stores the result.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

K = 4  # shingle length: long enough that shared 4-grams mean shared wording in Chinese
REPEATED = 0.8  # share of a sentence's shingles found in one earlier sentence
CONTINUED = 0.45  # containment of a measure's shingles in one earlier measure
MIN_SENTENCE = 8  # characters of content; shorter pieces (headings, 一是) are not judged

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_NOISE = re.compile(r"[\s\u3000，,、：:“”\"‘’'（）()《》〈〉【】\[\]—\-·…]")


def shingles(text: str) -> set[int]:
    clean = _NOISE.sub("", text)
    if len(clean) < K:
        return {hash(clean)} if clean else set()
    return {hash(clean[i:i + K]) for i in range(len(clean) - K + 1)}


def sentences(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of the sentences from `start` on, without their end mark or surrounding white space."""
    spans = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if len(_NOISE.sub("", text[a:b])) >= MIN_SENTENCE:
            out.append((a, b))
    return out


class _Index:
    """Shingle -> ids of the earlier units holding it."""

    def __init__(self, units: list[set[int]]):
        self.units = units
        self.postings: dict[int, list[int]] = defaultdict(list)
        for i, unit in enumerate(units):
            for sh in unit:
                self.postings[sh].append(i)

    def best(self, unit: set[int]) -> tuple[int, float]:
        """The earlier unit sharing most of `unit`'s shingles, and that share (containment)."""
        if not unit:
            return -1, 0.0
        counts: Counter[int] = Counter()
        for sh in unit:
            counts.update(self.postings.get(sh, ()))
        if not counts:
            return -1, 0.0
        i, shared = counts.most_common(1)[0]
        return i, shared / len(unit)


@dataclass
class Comparison:
    repeated: list[tuple[int, int]] = field(default_factory=list)  # spans of the later text
    repeated_share: float = 0.0  # of the later text's sentence characters
    continued: list[tuple[int, int, float]] = field(default_factory=list)  # (later start, earlier start, score)
    new: list[int] = field(default_factory=list)  # later measure starts
    dropped: list[int] = field(default_factory=list)  # earlier measure starts

    def to_json(self) -> dict:
        return {
            "repeated": [list(s) for s in self.repeated], "repeated_share": round(self.repeated_share, 4),
            "continued": [[a, b, round(s, 3)] for a, b, s in self.continued], "new": self.new,
            "dropped": self.dropped,
        }


def compare(later_text: str, earlier_text: str, later_measures, earlier_measures,
            later_body: int = 0, earlier_body: int = 0) -> Comparison:
    """Compare a report with an earlier one. Measures are (start, end) spans into their own text."""
    result = Comparison()
    earlier_spans = sentences(earlier_text, earlier_body)
    index = _Index([shingles(earlier_text[a:b]) for a, b in earlier_spans])
    total = repeated = 0
    for a, b in sentences(later_text, later_body):
        length = b - a
        total += length
        _, share = index.best(shingles(later_text[a:b]))
        if share >= REPEATED:
            repeated += length
            if result.repeated and result.repeated[-1][1] >= a - 2:
                result.repeated[-1] = (result.repeated[-1][0], b)  # one mark over adjacent sentences
            else:
                result.repeated.append((a, b))
    result.repeated_share = repeated / total if total else 0.0

    earlier_measures = list(earlier_measures)
    measure_index = _Index([shingles(earlier_text[a:b]) for a, b in earlier_measures])
    continued_earlier = set()
    for a, b in later_measures:
        i, share = measure_index.best(shingles(later_text[a:b]))
        if i >= 0 and share >= CONTINUED:
            result.continued.append((a, earlier_measures[i][0], share))
            continued_earlier.add(i)
        else:
            result.new.append(a)
    result.dropped = [earlier_measures[i][0] for i in range(len(earlier_measures)) if i not in continued_earlier]
    return result
