"""The topics of one measure, from weighted evidence a reader (and an editor) can follow.

How topics are labelled: the main subject decides; a secondary topic needs a substantial part
of the text or a mention in the lead; passing mentions — a purpose, an award, an
occasion — never count; a section heading adds context but never a topic by
itself. So every keyword hit is weighed by where it stands:

- in the lead (the clause that names what the measure does: `一是加强行政复议。`,
  `提升科技创新质效。`, a run-in heading)                           LEAD
- in running text                                                  BODY
- in a clause that only says what the work was for or what it won
  (`以…为契机`, `获评全国先进集体`, `为…提供`)                         PASSING (≈ nothing)
- a typed indicator inside the measure (its type's topic): a result INDICATOR
- the enclosing section's topics, only for topics with evidence of their own  HEADING

`measure_evidence` returns, per topic, the keywords and weights that decided
it; the pipeline keeps the chosen topics' evidence on the measure (`evidence`
in `extract` output), so an editor sees why a topic was given.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .types import IndicatorKind

LEAD = 2.0
BODY = 1.0
SHORT = 0.6  # a two-character keyword (律师, 金融, 调解) is more often a passing noun than the subject
PASSING = 0.0
INDICATOR = 0.75
HEADING = 1.0

FLOOR = 2.0  # a topic below this has only passing support
SHARE_OF_BEST = 0.5  # a secondary topic needs half the primary's score …
SHARE_OF_TEXT = 0.2  # … and about a fifth of all the measure's evidence
LEAD_SHARE = 0.3  # a topic the lead names needs less, but more than a word in passing
MOST = 3

LEAD_MAX = 60  # a first sentence longer than this is running text; the lead is its first clause
PARAGRAPH_LEAD_MAX = 40  # a paragraph (no marker) has a lead only when it opens with a short sentence

_SENTENCE = re.compile(r"[。！？!?；;\n]")
_CLAUSE = re.compile(r"[，,、：:。！？!?；;\n]")
_CLAUSE_BREAK = re.compile(r"[，,：:。！？!?；;\n]")
# Clauses that report an honour or name the occasion or purpose of the work, not the work itself.
_AWARD = re.compile(r"获评|被评为|评为|荣获|获得|入选|授予|受到.{0,12}表彰|表彰|称号|先进集体|先进个人")
_PURPOSE = re.compile(r"^(?:为了?|以便|助力|服务于|护航|围绕)|为契机|为目标$|的需要$")


def lead_end(text: str, measure) -> int:
    """Where the lead of a measure stops (its start when it has none)."""
    start, end = measure.start, measure.end
    found = _SENTENCE.search(text, start, end)
    sentence_end = found.start() if found else end
    limit = PARAGRAPH_LEAD_MAX if measure.kind == "paragraph" else LEAD_MAX
    # A measure of one sentence is all lead otherwise: its first clause names the subject.
    single = _SENTENCE.search(text, sentence_end + 1, end) is None and end - sentence_end <= 1
    if sentence_end - start <= limit and not single:
        return sentence_end
    if measure.kind == "paragraph":
        return start
    clause = _CLAUSE_BREAK.search(text, start, end)
    return clause.start() if clause else sentence_end


def _clauses(text: str, start: int, end: int):
    """(start, end) of each clause in [start, end)."""
    pos = start
    for found in _CLAUSE_BREAK.finditer(text, start, end):
        yield pos, found.start()
        pos = found.end()
    if pos < end:
        yield pos, end


def measure_evidence(text, measure, index, tax, parent=None, indicators=(), type_topic=None) -> dict:
    """{topic index: [(keyword, weight, role), ...]} for one measure.

    A keyword shared by several topics (行政争议: 复议 or 诉讼) names no channel of its own: it
    reinforces those of its topics that have evidence of their own and gives none by itself.
    """
    evidence: dict[int, list] = defaultdict(list)
    shared = []
    head_end = lead_end(text, measure)
    for hit in index.within(measure.start, head_end):
        word = text[hit.start:hit.end]
        for ix in hit.topics:
            if len(hit.topics) > 1:
                shared.append((ix, word, LEAD, "lead"))
            else:
                evidence[ix].append((word, LEAD, "lead"))
    for a, b in _clauses(text, head_end, measure.end):
        clause = text[a:b].strip()
        hits = index.within(a, b)
        if not hits:
            continue
        passing = bool(_AWARD.search(clause) or _PURPOSE.search(clause))
        for hit in hits:
            word = text[hit.start:hit.end]
            weight, role = (PASSING, "passing") if passing else (SHORT if len(word) <= 2 else BODY, "body")
            for ix in hit.topics:
                if len(hit.topics) > 1:
                    shared.append((ix, word, weight, role))
                else:
                    evidence[ix].append((word, weight, role))
    if type_topic is not None:
        position = {slug: ix for ix, slug in enumerate(tax.slugs)}
        for indicator in indicators:
            slug = type_topic(indicator.indicator_type) if indicator.indicator_type else None
            if slug in position and indicator.kind != IndicatorKind.TARGET:
                evidence[position[slug]].append((indicator.name or indicator.raw, INDICATOR, "indicator"))
    own = {ix for ix, items in evidence.items() if any(w > 0 for _, w, _ in items)}
    for ix, word, weight, role in shared:
        if ix in own:
            evidence[ix].append((word, weight, role))
    if parent is not None:
        for slug in parent.topics:
            ix = tax.slugs.index(slug) if slug in tax.slugs else None
            if ix is not None and ix in own:
                evidence[ix].append((f"〔章节〕{parent.heading[:20]}", HEADING, "heading"))
    return evidence


def choose_measure_topics(evidence: dict, slugs) -> tuple[list[str], dict[str, list[str]]]:
    """The measure's topics, best first, and for each the keywords that gave it.

    The heading's weight ranks topics (it breaks a tie for the primary one) but never helps a
    secondary topic over its thresholds: those count the measure's own evidence only.
    """
    own = {ix: sum(w for _, w, role in items if role != "heading") for ix, items in evidence.items()}
    own = {ix: s for ix, s in own.items() if s > 0}
    if not own:
        return [], {}
    ranked = {ix: s + sum(w for _, w, role in evidence[ix] if role == "heading") for ix, s in own.items()}
    in_heading = {ix for ix, items in evidence.items() if any(role == "heading" for _, _, role in items)}
    best_ix = max(ranked, key=lambda ix: (ranked[ix], ix in in_heading, own[ix]))
    best, total = own[best_ix], sum(own.values())
    named = {ix for ix, items in evidence.items() if any(role == "lead" for _, _, role in items)}
    kept = [best_ix]
    for ix, score in own.items():
        if ix == best_ix:
            continue
        if ix in named and score >= LEAD_SHARE * best:
            kept.append(ix)
        elif score >= FLOOR and score >= SHARE_OF_BEST * best and score >= SHARE_OF_TEXT * total:
            kept.append(ix)
    kept.sort(key=lambda ix: (ix != best_ix, -ranked[ix], ix not in named, ix))
    kept = kept[:MOST]
    why = {slugs[ix]: list(dict.fromkeys(word for word, weight, _ in evidence[ix] if weight > 0)) for ix in kept}
    return [slugs[ix] for ix in kept], why
