"""Shared helpers for the indicator tests: run the extractor on a snippet, find one result."""
from __future__ import annotations

from indicators.extraction import extract_indicators
from reports.text import segment
from reports.text.decode import shadow
from reports.text.types import Document


def extract(text: str, year: int | None = None, kind_hint: str | None = None, body_start: int = 0):
    doc = Document(text=text, norm=shadow(text), body_start=body_start, tokens=segment.tokens(text),
                   year=year, kind_hint=kind_hint)
    return extract_indicators(doc)


def raws(text: str, **kw) -> list[str]:
    return [i.raw for i in extract(text, **kw)]


def one(text: str, raw: str, **kw):
    found = [i for i in extract(text, **kw) if i.raw == raw]
    assert len(found) == 1, f"{raw!r} not found once in {[i.raw for i in extract(text, **kw)]}"
    return found[0]
