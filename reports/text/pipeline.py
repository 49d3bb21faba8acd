"""One raw report in, one `ParsedReport` out: the whole extraction, Django-free.

Each step reads what the step before produced; the text is decoded once and
segmented by jieba once.
"""
from __future__ import annotations

from pathlib import Path

from indicators.extraction import extract_indicators

from . import header, metadata, outline, segment, topics
from .decode import decode, shadow
from .types import Document, ParsedReport

# Bump whenever a rule changes what comes out, so stale reports can be re-extracted.
EXTRACTOR_VERSION = "1.0.0"


def parse_text(text: str, source: str = "<text>") -> ParsedReport:
    norm = shadow(text)
    head = header.parse_header(text, norm)
    meta = metadata.read_metadata(text, norm, head)
    sections, measures = outline.parse_outline(text, norm, head.body_start)
    doc = Document(
        text=text, norm=norm, body_start=head.body_start, tokens=segment.tokens(text),
        year=meta.year, kind_hint=meta.kind_hint, sections=sections, measures=measures,
    )
    indicators = extract_indicators(doc)
    report_topics = topics.assign(doc, indicators)
    return ParsedReport(
        source=source, text=text, title=meta.title, title_built=meta.title_built, agency=meta.agency,
        agency_kind=meta.agency_kind, region=meta.region, year=meta.year, period=meta.period,
        issued_on=meta.issued_on, body_start=head.body_start, header=head.fields, sections=sections,
        measures=measures, indicators=indicators, topics=report_topics, extractor_version=EXTRACTOR_VERSION,
        tokens=doc.tokens,
    )


def parse_bytes(data: bytes, source: str = "<bytes>") -> ParsedReport:
    return parse_text(decode(data, source), source)


def parse_file(path: str | Path) -> ParsedReport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        from .types import ExtractionError

        raise ExtractionError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return parse_bytes(data, str(path))
