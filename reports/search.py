"""Search tokens for the index and for queries: one segmentation for both sides.

A document is indexed as its precise jieba tokens plus every dictionary word
that occurs anywhere in it (jieba's full mode): jieba may segment 行政执法监督
as 行政/执法监督 or 依法治市 as 依法/治/市, and neither the tokens nor their
sub-words then contain 行政执法 or 法治. With every dictionary occurrence
indexed, a query made of dictionary words finds every text that contains it.
A query is segmented precisely; its single Chinese characters are not index
terms in general, so a query part that has them is also checked as a plain
substring (on the rows the index already narrowed down).

Each database keeps the terms once, in the form its search reads. PostgreSQL: only
`search_vector`, `strip(to_tsvector('simple', terms))` under a GIN index (migrations 0002, 0006,
0013); `search_document` stays empty there (it was 6.7 of a report's 35 kB). SQLite, which has no
tsvector: the space separated `search_document`. A measure keeps its share of its report's terms
(cut by position) only as such a vector, not as text. On SQLite a measure is found through its
report's terms plus a substring check of its own text. Terms are never exported: a load derives
them (`index_loaded`). Each database has one backend class below; `search()` picks it.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass, field

import jieba
from django.contrib.postgres.search import SearchQuery
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat

from reports.text import segment

_WORDLIKE = re.compile(r"[\w\u4e00-\u9fff]")
_HAN = re.compile(r"[\u3400-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")

# Longer queries are cut: nobody types more, and each term costs an index probe.
MAX_QUERY_CHARS = 100
MAX_PARTS = 8
# Relevance order pages through the newest matches only (see PostgresBackend.rank).
RANK_CANDIDATES = 500


def _clean(token: str) -> str:
    return token.strip().lower()


def positioned_terms(text: str, tokens=None) -> list[tuple[str, int, int]]:
    """(term, start, end) for every index term of `text`.

    The precise tokens may be handed in from the extraction (`ParsedReport.tokens`), so a report is
    segmented once; the dictionary words come from jieba's DAG, which is what full mode walks.
    Positions let each measure take its share of the report's terms instead of being cut again.
    """
    segment.ensure_loaded()
    terms = []
    for token in tokens if tokens else segment.tokens(text):
        word = _clean(token.word)
        if word and _WORDLIKE.search(word):
            terms.append((word, token.start, token.end))
    get_dag = jieba.dt.get_DAG
    for block in _HAN_RUN.finditer(text):
        base, run = block.start(), block.group()
        for i, ends in get_dag(run).items():
            for j in ends:
                if j > i:
                    terms.append((run[i:j + 1], base + i, base + j + 1))
    return terms


def index_terms(text: str) -> list[str]:
    return [term for term, _, _ in positioned_terms(text)]


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


def _document(report, terms) -> str:
    head = index_terms(f"{report.title}\n{report.agency.name}")
    return " ".join(dict.fromkeys(head + [term for term, _, _ in terms]))


def store_terms(report_id, document: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """A report's terms, in the one form this database searches (see the module docstring)."""
    from reports.models import VECTOR_SQL, Report

    if connections[using].vendor != "postgresql":
        Report.objects.using(using).filter(pk=report_id).update(search_document=document)
        return
    with connections[using].cursor() as cursor:
        cursor.execute(f"UPDATE reports_report SET search_vector = {VECTOR_SQL}, search_document = '' WHERE id = %s",
                       [document, report_id])


def index_loaded(report, using: str = DEFAULT_DB_ALIAS) -> None:
    """The terms of a report a fixture just loaded: the ones it carries (exports before migration 0013
    did, and fixtures/sample_reports.json does), else derived from its text and title as ingest does."""
    document = report.search_document or _document(report, positioned_terms(report.source_text))
    store_terms(report.pk, document, using)


def index_report(report, tokens=None) -> None:
    """(Re)build the search terms of a report. Call inside the ingest transaction.

    `tokens`: the extraction's segmentation of `report.source_text`, when the caller has it.
    Measures need nothing: they are searched through their report's terms (see the module docstring).
    """
    from reports.models import VECTOR_SQL

    terms = positioned_terms(report.source_text, tokens)
    store_terms(report.pk, _document(report, terms))
    if connection.vendor != "postgresql":
        return  # SQLite searches measures through the report's document
    terms.sort(key=lambda t: t[1])
    starts = [start for _, start, _ in terms]
    rows = []
    for pk, start, end in report.measures.values_list("pk", "start", "end"):
        inside = terms[bisect_left(starts, start):bisect_left(starts, end)]
        rows.append((pk, " ".join(dict.fromkeys(t for t, _, t_end in inside if t_end <= end))))
    with connection.cursor() as cursor:
        # Each measure's share of the report's terms, as a vector only: the terms are not stored twice.
        for first in range(0, len(rows), 500):
            chunk = rows[first:first + 500]
            cursor.execute(
                f"UPDATE reports_measure m SET search_vector = {VECTOR_SQL % 'v.doc'} "
                f"FROM (VALUES {', '.join(['(%s::bigint, %s::text)'] * len(chunk))}) AS v(id, doc) WHERE m.id = v.id",
                [value for row in chunk for value in row],
            )


# ---------------------------------------------------------------- the query side


@dataclass
class Query:
    """A user's query, cut into what the index can answer and what needs a substring check."""

    text: str = ""
    truncated: bool = False
    terms: list[str] = field(default_factory=list)  # index terms, all required
    phrases: list[str] = field(default_factory=list)  # parts that must also occur verbatim

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    @property
    def highlights(self) -> list[str]:
        """What to mark in snippets: longest first so 法律援助 wins over 法律."""
        words = {*self.terms, *self.phrases}
        return sorted(words, key=len, reverse=True)


def _is_weak(term: str) -> bool:
    # A lone Chinese character is indexed only where jieba left it alone.
    return len(term) == 1 and bool(_HAN.match(term))


def parse_query(raw: str | None) -> Query:
    text = " ".join((raw or "").split())
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    query = Query(text=text, truncated=truncated)
    if not text:
        # Every list parses its q; without one, jieba (0.9 s to load) need not be touched.
        return query
    for part in text.split(" ")[:MAX_PARTS]:
        part_terms = query_terms(part)
        strong = [t for t in part_terms if not _is_weak(t)]
        for term in strong:
            if term not in query.terms:
                query.terms.append(term)
        if len(strong) < len(part_terms) and part.lower() not in query.phrases:
            query.phrases.append(part.lower())
    return query


class _Backend:
    vendor = ""
    # Models without terms of their own here: the foreign key to the row whose terms narrow them.
    terms_via: dict[str, str] = {}

    def match(self, queryset, query: Query, fields: tuple[str, ...], counting=False):
        via = self.terms_via.get(queryset.model._meta.label_lower)
        if query.terms and via:
            # Rows without terms of their own: the rows they belong to are matched once, through their
            # index (a semi-join: never the term check per row), then each term is looked up in the row's text.
            owner = queryset.model._meta.get_field(via).related_model
            queryset = queryset.filter(**{f"{via}__in": self.match_terms(owner._base_manager.all(), query.terms)
                                          .values("pk")})
        elif query.terms:
            queryset = self.match_terms(queryset, query.terms, counting)
        for phrase in [*query.phrases, *(query.terms if via else ())]:
            condition = Q()
            for name in fields:
                condition |= Q(**{f"{name}__icontains": phrase})
            queryset = queryset.filter(condition)
        return queryset

    def match_terms(self, queryset, terms, counting=False):
        raise NotImplementedError

    def rank(self, queryset, query: Query, newest: tuple[str, ...]):
        """Most relevant first (here: newest first, the tie-break of a ranking)."""
        return queryset.order_by(*newest)


class _OpaqueSearchQuery(SearchQuery):
    """The tsquery as a one-row subquery (an InitPlan): the planner no longer sees its terms.

    Seeing that a term is in most rows, PostgreSQL counts its first matches by a sequential scan that
    decompresses each row's vector (13 kB a report): 83 ms for 1,001 reports. Not seeing it, it
    estimates a few matches and reads them from the GIN index as a bitmap; a stripped vector's match
    needs no recheck, so the heap scan stops after the first 1,001 rows, never opening a vector (1.6 ms).
    """

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return f"(SELECT {sql})", params


class PostgresBackend(_Backend):
    vendor = "postgresql"
    # Whose matches are counted from the GIN index alone. A report's vector (13 kB on average) is
    # TOASTed and compressed, so checking it row by row is what costs; a measure's (1 kB) is read in
    # place, and hiding the terms there made PostgreSQL hash every published report for the join.
    count_from_index = frozenset({"reports.report"})

    def match_terms(self, queryset, terms, counting=False):
        # The same parser that builds the indexed vector splits the terms, so both sides agree.
        opaque = counting and queryset.model._meta.label_lower in self.count_from_index
        kind = _OpaqueSearchQuery if opaque else SearchQuery
        return queryset.filter(search_vector=kind(" ".join(terms), config="simple", search_type="plain"))

    def rank(self, queryset, query: Query, newest: tuple[str, ...]):
        """The newest RANK_CANDIDATES matches, newest first: ts_rank would give each the same score.

        The stored vectors carry no positions (migration 0006), and without positions ts_rank scores
        every match of a query alike (checked: one distinct rank over all matches of 法律援助, and of
        法律援助 & 调解). Ranking 500 candidates by it cost 75–195 ms at 10k reports and only ever
        returned them newest first; taking the page straight from the newest matches reads 20 rows.
        """
        if not query.terms:
            return queryset.order_by(*newest)  # only phrases: nothing was ever ranked
        return queryset.order_by(*newest)[:RANK_CANDIDATES]


class SQLiteBackend(_Backend):
    """The development fallback: a term scan over the same stored tokens.

    `search_document` is space separated, so ` term ` inside ` document `
    is exactly "term is one of the document's terms", the tsvector match.
    Without ts_rank, relevance order is newest first (as it is on PostgreSQL, see there).
    """

    vendor = "sqlite"
    terms_via = {"reports.measure": "report"}

    def match_terms(self, queryset, terms, counting=False):
        queryset = queryset.alias(
            _search_padded=Concat(Value(" "), F("search_document"), Value(" "), output_field=TextField())
        )
        for term in terms:
            queryset = queryset.filter(_search_padded__contains=f" {term} ")
        return queryset


def backend() -> _Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()


REPORT_FIELDS = ("title", "source_text", "agency__name")
MEASURE_FIELDS = ("text",)


def search(queryset, query: Query, fields: tuple[str, ...], *, rank=False, newest=("-year", "-id"), counting=False):
    """The one entry point: `queryset` narrowed to rows matching `query`, ordered.

    `fields` are the text columns a phrase must occur in verbatim. `counting`: the rows will be
    counted (capped) or grouped, not paged newest first, so the index is read whole (see
    _OpaqueSearchQuery); paging the newest rows walks the (year, id) index instead.
    """
    if query.empty:
        return queryset.none()
    engine = backend()
    matched = engine.match(queryset, query, fields, counting=counting)
    if rank:
        return engine.rank(matched, query, newest)
    return matched.order_by(*newest)


# ---------------------------------------------------------------- snippets


def snippet(text: str, query: Query, width: int = 60) -> str:
    """HTML: an escaped window of `text` around the first hit, hits wrapped in <mark>."""
    text = text or ""
    words = [w for w in query.highlights if w]
    lowered = text.lower()
    first = min((p for p in (lowered.find(w) for w in words) if p >= 0), default=-1)
    if first < 0:
        left, right = 0, min(len(text), 2 * width)
    else:
        left, right = max(0, first - width // 2), min(len(text), first + width + width // 2)
    window = text[left:right]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    out, pos = [], 0
    if pattern:
        for hit in pattern.finditer(window):
            out.append(html.escape(window[pos:hit.start()]))
            out.append(f"<mark>{html.escape(hit.group())}</mark>")
            pos = hit.end()
    out.append(html.escape(window[pos:]))
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    return prefix + "".join(out) + suffix
