"""Search tokens for the index and for queries: one segmentation for both sides.

A document is indexed as its jieba tokens plus every dictionary sub-word of
each token; a query is segmented the same way (tokens only), so every query
token that occurs as a substring of a document word is also a term of that
document. The tokens are stored space separated in `search_document`; on
PostgreSQL `search_vector` holds `to_tsvector('simple', search_document)`
under a GIN index.
"""
from __future__ import annotations

import re

from django.db import connection

from reports.text import segment

_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")


def _clean(token: str) -> str:
    return token.strip().lower()


def index_terms(text: str) -> list[str]:
    terms = []
    for token in segment.cut(text):
        token = _clean(token)
        if not token or not _WORDLIKE.search(token):
            continue
        terms.append(token)
        if len(token) > 2:
            terms.extend(segment.sub_words(token))
    return terms


def query_terms(query: str) -> list[str]:
    terms = []
    for token in segment.cut(query or ""):
        token = _clean(token)
        if token and _WORDLIKE.search(token) and token not in terms:
            terms.append(token)
    return terms


def index_document(text: str) -> str:
    # tsvector keeps each lexeme once; repeating terms would only bloat SQLite's copy.
    return " ".join(dict.fromkeys(index_terms(text)))


def index_report(report) -> None:
    """(Re)build the search columns of a report and its measures. Call inside the ingest transaction."""
    from reports.models import Measure, Report

    document = index_document(f"{report.title}\n{report.agency.name}\n{report.source_text}")
    Report.objects.filter(pk=report.pk).update(search_document=document)
    measures = list(report.measures.only("pk", "text"))
    for measure in measures:
        measure.search_document = index_document(measure.text)
    Measure.objects.bulk_update(measures, ["search_document"], batch_size=500)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE reports_report SET search_vector = to_tsvector('simple', search_document) WHERE id = %s",
                [report.pk],
            )
            cursor.execute(
                "UPDATE reports_measure SET search_vector = to_tsvector('simple', search_document) "
                "WHERE report_id = %s",
                [report.pk],
            )
