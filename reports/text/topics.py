"""Topics for every measure, section and indicator of a report, and for the report.

The taxonomy comes in as an argument: the Topic table editors keep (built by
reports/lexicon.py), or fixtures/topics.json that seeds it. The pipeline gives
its keywords to jieba as user words, so a keyword is normally one token of
`doc.tokens`. Matching runs on those tokens rather than on raw text so that a
keyword never fires across a word boundary (调解 must not fire inside 协调|解决);
a keyword jieba happened to split is rejoined from consecutive tokens, and a
long keyword swallowed by a longer dictionary word is found inside that token.

Sections score as sums of keyword hits (a hit in the heading outweighs one in
running text; a topic must clear a floor and a share of the leader's score).
Measures are weighed clause by clause in measure_topics.py (lead, body, passing
mentions, indicator types, heading as tie-break) and keep their evidence. A
report is under every topic one of its measures is about (`report_topics`).
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .measure_topics import choose_measure_topics, measure_evidence

TOPICS_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "topics.json"

HEADING_WEIGHT = 3.0  # a hit in a section heading
BODY_WEIGHT = 1.0

# (floor, share of the best score, most topics kept)
SECTION_RULE = (3.0, 0.4, 3)
REPORT_RULE = (3.0, 0.2, 8)

_SENTENCE_END = re.compile(r"[。！？；;!?\n]")
_CLAUSE_END = re.compile(r"[，,、：:。！？；;!?\n]")
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
SENTENCE_REACH = 300  # how far to look for a sentence boundary around an indicator


@dataclass(frozen=True)
class Taxonomy:
    slugs: tuple[str, ...]  # in fixture order, which breaks score ties
    keywords: dict[str, tuple[int, ...]]  # keyword -> indices into slugs
    prefixes: frozenset[str]  # every proper prefix of a keyword, to rejoin split keywords
    longest: int


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    topics: tuple[int, ...]


def taxonomy_from_rows(rows) -> Taxonomy:
    """A taxonomy from topic rows (mappings with `slug` and `keywords`), in the order given.

    The rows come from the Topic table editors keep (see reports/lexicon.py),
    or from the fixture that seeds it when no database is at hand.
    """
    slugs, keywords = [], defaultdict(list)
    for row in rows:
        index = len(slugs)
        slugs.append(row["slug"])
        for word in row.get("keywords") or []:
            if index not in keywords[word]:
                keywords[word].append(index)
    prefixes = {word[:i] for word in keywords for i in range(1, len(word))}
    return Taxonomy(
        slugs=tuple(slugs), keywords={w: tuple(ix) for w, ix in keywords.items()},
        prefixes=frozenset(prefixes), longest=max((len(w) for w in keywords), default=0),
    )


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    rows = json.loads((path or TOPICS_FIXTURE).read_text(encoding="utf-8"))
    return taxonomy_from_rows(row["fields"] for row in rows)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The fixture's taxonomy: for `extract` without a database, and for tests."""
    return load_taxonomy()


def find_hits(tokens, tax: Taxonomy, begin: int = 0) -> list[Hit]:
    """Keyword occurrences among `tokens` from offset `begin` on, in text order, never overlapping."""
    words = tax.keywords
    hits = []
    n = len(tokens)
    i = 0
    while i < n and tokens[i].end <= begin:
        i += 1
    while i < n:
        tok = tokens[i]
        word = tok.word
        # Longest keyword that starts at this token and ends on a token boundary.
        best_j = i if word in words else -1
        best_word = word
        if word in tax.prefixes:
            joined, j = word, i
            while j + 1 < n and len(joined) < tax.longest:
                j += 1
                joined += tokens[j].word
                if joined in words:
                    best_j, best_word = j, joined
                elif joined not in tax.prefixes:
                    break
        if best_j >= 0:
            hits.append(Hit(tok.start, tokens[best_j].end, words[best_word]))
            i = best_j + 1
            continue
        if len(word) >= 4 and _CJK.match(word):
            hits.extend(_inside(word, tok.start, tax))
        i += 1
    return hits


def _longest_at(text: str, k: int, tax: Taxonomy, shortest: int) -> str | None:
    """The longest keyword of at least `shortest` characters starting at text[k], walking the prefix set."""
    found = None
    j = k + 1
    n = len(text)
    while j < n and text[k:j] in tax.prefixes:
        j += 1
        if j - k >= shortest and text[k:j] in tax.keywords:
            found = text[k:j]
    return found


def _inside(word: str, offset: int, tax: Taxonomy) -> list[Hit]:
    """Keywords of three or more characters inside one longer token (法律援助 in 法律援助法).

    Two-character keywords are left out: inside a longer word they are too often
    something else (教育 in 警示教育, 调解 in 协调解决).
    """
    found = []
    k = 0
    n = len(word)
    while k < n - 2:
        piece = _longest_at(word, k, tax, 3)
        if piece and len(piece) < n:
            found.append(Hit(offset + k, offset + k + len(piece), tax.keywords[piece]))
            k += len(piece)
        else:
            k += 1
    return found


def match_string(text: str, tax: Taxonomy) -> list[tuple[int, int]]:
    """(topic index, keyword length) for keywords in a short string, longest first at each position.

    Used on indicator names, which are substrings of the text but not token
    aligned; preferring the longest keyword keeps 法治宣传教育 from counting as 教育.
    """
    found = []
    k = 0
    n = len(text)
    while k < n - 1:
        piece = _longest_at(text, k, tax, 2)
        if piece:
            found.extend((ix, len(piece)) for ix in tax.keywords[piece])
            k += len(piece)
        else:
            k += 1
    return found


class _HitIndex:
    """Hits sorted by offset, so any span's hits are two bisections away."""

    def __init__(self, hits: list[Hit]):
        self.hits = hits
        self.starts = [h.start for h in hits]

    def within(self, start: int, end: int) -> list[Hit]:
        lo = bisect_left(self.starts, start)
        hi = bisect_left(self.starts, end)
        return [h for h in self.hits[lo:hi] if h.end <= end]


def _add(scores: dict[int, float], hits, weight: float) -> None:
    for hit in hits:
        for ix in hit.topics:
            scores[ix] = scores.get(ix, 0.0) + weight


def _choose(scores: dict[int, float], rule, slugs, named=()) -> list[str]:
    """Topics that clear the rule, best first; `named` ones (hit in a heading or lead) always qualify."""
    floor, share, most = rule
    if not scores:
        return []
    best = max(scores.values())
    kept = [ix for ix, s in scores.items() if ix in named or (s >= floor and s >= share * best)]
    kept.sort(key=lambda ix: (ix not in named, -scores[ix], ix))
    return [slugs[ix] for ix in kept[:most]]


def _topics_of(hits) -> set[int]:
    return {ix for hit in hits for ix in hit.topics}


def _heading_end(doc, section) -> int:
    if section.heading_end > section.start:
        return section.heading_end
    found = doc.text.find(section.heading, section.start, section.start + len(section.heading) + 16)
    return found + len(section.heading) if found >= 0 else section.start + len(section.heading) + 4


def _section_end(doc, sections, i) -> int:
    section = sections[i]
    if section.end > section.start:
        return section.end
    for later in sections[i + 1:]:
        if later.level <= section.level:
            return later.start
    return len(doc.text)


def assign(doc, indicators, tax: Taxonomy | None = None, type_topic=None) -> list[str]:
    """Set topics on doc.sections, doc.measures and each indicator; return the report's topics.

    `type_topic(indicator_type_slug)` names the topic of an indicator type (the dictionary's
    `topic_of`): a typed result inside a measure is evidence of what the measure achieved.
    """
    tax = tax or taxonomy()
    hits = find_hits(doc.tokens, tax, doc.body_start)
    index = _HitIndex(hits)
    slugs = tax.slugs

    sections = sorted(doc.sections, key=lambda s: s.start)
    spans = []
    report_scores: dict[int, float] = {}
    for i, section in enumerate(sections):
        head_end = _heading_end(doc, section)
        end = max(_section_end(doc, sections, i), head_end)
        spans.append((section.start, end))
        heading_hits = index.within(section.start, head_end)
        scores: dict[int, float] = {}
        _add(scores, heading_hits, HEADING_WEIGHT)
        _add(scores, index.within(head_end, end), BODY_WEIGHT)
        section.topics = _choose(scores, SECTION_RULE, slugs, _topics_of(heading_hits))
        _add(report_scores, heading_hits, HEADING_WEIGHT - BODY_WEIGHT)
    _add(report_scores, hits, BODY_WEIGHT)

    section_starts = [s.start for s in sections]
    by_start = {s.start: s for s in sections}
    by_measure: dict[int, list] = defaultdict(list)
    for indicator in indicators:
        if indicator.measure_start is not None:
            by_measure[indicator.measure_start].append(indicator)
    for measure in doc.measures:
        parent = by_start.get(measure.section_start) if measure.section_start is not None else None
        if parent is None:
            parent = _innermost(sections, section_starts, spans, measure.start)
        evidence = measure_evidence(doc.text, measure, index, tax, parent, by_measure.get(measure.start, ()),
                                    type_topic)
        measure.topics, measure.evidence = choose_measure_topics(evidence, slugs)

    measures = sorted(doc.measures, key=lambda m: m.start)
    measure_starts = [m.start for m in measures]
    for indicator in indicators:
        indicator.topic = _indicator_topic(
            doc, indicator, tax, index, sections, section_starts, spans, measures, measure_starts
        )

    return report_topics(doc.measures) or _choose(report_scores, REPORT_RULE, slugs)


def report_topics(measures) -> list[str]:
    """A report is under every topic one of its measures is about, the most frequent first.

    A reader browsing 法律援助 expects every report with a legal-aid measure, however the rest
    of the report reads; a topic that is only ever a secondary one needs two measures.
    """
    weight: dict[str, float] = {}
    for measure in measures:
        for rank, slug in enumerate(measure.topics):
            weight[slug] = weight.get(slug, 0.0) + (1.0 if rank == 0 else 0.5)
    kept = [slug for slug, w in weight.items() if w >= 1.0]
    return sorted(kept, key=lambda slug: -weight[slug])


def _innermost(sections, starts, spans, pos):
    """The deepest section containing `pos`: of nested spans, the latest-starting one that still contains it."""
    i = bisect_right(starts, pos) - 1
    while i >= 0:
        if spans[i][0] <= pos < spans[i][1]:
            return sections[i]
        i -= 1
    return None


def _around(text: str, pos: int, end: int, pattern: re.Pattern) -> tuple[int, int]:
    left = max(0, pos - SENTENCE_REACH)
    start = left
    for found in pattern.finditer(text, left, pos):
        start = found.end()
    after = pattern.search(text, end, min(len(text), end + SENTENCE_REACH))
    return start, after.start() if after else min(len(text), end + SENTENCE_REACH)


def _indicator_topic(doc, indicator, tax, index, sections, section_starts, spans, measures, measure_starts):
    slugs = tax.slugs
    # 1. What the indicator itself is called: the longest keyword in its name decides.
    named = match_string(indicator.name or "", tax)
    if named:
        longest = max(length for _, length in named)
        return slugs[min(ix for ix, length in named if length == longest)]

    measure = None
    i = bisect_right(measure_starts, indicator.start) - 1
    if i >= 0 and measures[i].start <= indicator.start < measures[i].end:
        measure = measures[i]
    section = _innermost(sections, section_starts, spans, indicator.start)
    context = set((measure.topics if measure else []) + (section.topics if section else []))

    # 2. The clause, then the sentence, around the number: the topic mentioned
    # most, favouring one its measure or section is about, then the nearest before it.
    for pattern in (_CLAUSE_END, _SENTENCE_END):
        start, end = _around(doc.text, indicator.start, indicator.end, pattern)
        near = index.within(start, end)
        if near:
            scores: dict[int, float] = {}
            closeness: dict[int, int] = {}
            for hit in near:
                for ix in hit.topics:
                    scores[ix] = scores.get(ix, 0.0) + 1.0
                    distance = abs(indicator.start - hit.end) if hit.end <= indicator.start else \
                        SENTENCE_REACH + hit.start - indicator.end
                    closeness[ix] = min(closeness.get(ix, 10 ** 6), distance)
            for ix in scores:
                if slugs[ix] in context:
                    scores[ix] += 0.5
            return slugs[min(scores, key=lambda ix: (-scores[ix], closeness[ix], ix))]

    # 3. The measure, 4. the section it stands in.
    if measure is not None and measure.topics:
        return measure.topics[0]
    while section is not None:
        if section.topics:
            return section.topics[0]
        section = _parent(sections, section_starts, spans, section)
    return None


def _parent(sections, starts, spans, section):
    i = bisect_left(starts, section.start) - 1
    while i >= 0:
        if spans[i][0] <= section.start < spans[i][1] and sections[i].level < section.level:
            return sections[i]
        i -= 1
    return None
