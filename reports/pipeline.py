"""One raw report in, one `ParsedReport` out: the whole extraction, Django-free.

It joins the two halves of the text core (reports/text: documents, outline, topics;
indicators/extraction: numbers and types, which reads reports/text) and so lives above both:
neither half imports it, and the import-linter contracts in pyproject.toml keep it so.

Each step reads what the step before produced; the text is decoded once and
segmented by jieba once.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from indicators.extraction import extract_indicators
from indicators.extraction.comparable import assign_types
from indicators.extraction.dictionary import Dictionary, fixture_dictionary, place_names
from reports.text import header, metadata, outline, segment, topics
from reports.text.decode import shadow
from reports.text.formats import read_document
from reports.text.types import Document, ExtractionError, ParsedReport

# Bump whenever a rule changes what comes out, so stale reports can be re-extracted.
EXTRACTOR_VERSION = "2.0.0"


@dataclass(frozen=True)
class Lexicon:
    """What extraction knows besides grammar, handed in so that editors' changes reach it.

    The archive builds it from the Topic and IndicatorType tables
    (reports/lexicon.py); without a database the fixtures that seed those
    tables stand in (`fixture_lexicon`).
    """

    taxonomy: topics.Taxonomy
    dictionary: Dictionary


def fixture_lexicon() -> Lexicon:
    return Lexicon(taxonomy=topics.taxonomy(), dictionary=fixture_dictionary())


def parse_text(text: str, source: str = "<text>", lexicon: Lexicon | None = None, *,
               page: dict[str, str] | None = None, format: str = "txt") -> ParsedReport:
    """`page`: what the document's page says about it (formats.read_document), in header keys.
    A header in the text itself outranks it: it is what the document says of itself."""
    lexicon = lexicon or fixture_lexicon()
    norm = shadow(text)
    head = header.parse_header(text, norm)
    for key, value in (page or {}).items():
        head.fields.setdefault(key, value)
    meta = metadata.read_metadata(text, norm, head)
    sections, measures = outline.parse_outline(text, norm, head.body_start)
    segment.add_words(lexicon.taxonomy.keywords)
    doc = Document(
        text=text, norm=norm, body_start=head.body_start, tokens=segment.tokens(text),
        year=meta.year, kind_hint=meta.kind_hint, sections=sections, measures=measures,
    )
    indicators = extract_indicators(doc)
    _place(indicators, sections, measures)
    region = meta.region
    places = place_names(region.province, region.city, region.county) if region else ()
    level = ("county" if region.county else "city" if region.city else "province") if region else None
    assign_types(indicators, norm, head.body_start, lexicon.dictionary, places, meta.year, level)
    report_topics = topics.assign(doc, indicators, lexicon.taxonomy, lexicon.dictionary.topic_of)
    return ParsedReport(
        source=source, text=text, title=meta.title, title_built=meta.title_built, agency=meta.agency,
        agency_kind=meta.agency_kind, region=meta.region, year=meta.year, period=meta.period,
        issued_on=meta.issued_on, body_start=head.body_start, header=head.fields, sections=sections,
        measures=measures, indicators=indicators, topics=report_topics, extractor_version=EXTRACTOR_VERSION,
        tokens=doc.tokens, page=dict(page or {}), format=format,
    )


def _place(indicators, sections, measures) -> None:
    """Attach each indicator to the innermost section and the measure whose span holds it."""
    section_starts = [s.start for s in sections]
    measure_starts = [m.start for m in measures]
    for ind in indicators:
        # Sections nest, so the innermost holder is the last one starting before it that still runs.
        i = bisect_right(section_starts, ind.start) - 1
        while i >= 0 and sections[i].end <= ind.start:
            i -= 1
        ind.section_start = sections[i].start if i >= 0 else None
        j = bisect_right(measure_starts, ind.start) - 1
        ind.measure_start = measures[j].start if j >= 0 and ind.start < measures[j].end else None


def parse_bytes(data: bytes, source: str = "<bytes>", lexicon: Lexicon | None = None) -> ParsedReport:
    """A file's bytes, whatever its format (text, web page, Word, PDF): the reader is chosen by the
    file's magic bytes and then its suffix (`source` is the file name)."""
    document = read_document(data, source)
    return parse_text(document.text, source, lexicon, page=document.page, format=document.format)


def parse_file(path: str | Path, lexicon: Lexicon | None = None) -> ParsedReport:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    return parse_bytes(data, str(path), lexicon)
