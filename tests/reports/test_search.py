"""Chinese search: index terms, query parsing, both backends, and recall against a substring scan."""
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from reports import search
from reports.models import Measure, Report
from tests.builders import make_agency, make_region, make_report

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "fixtures" / "sample_reports").glob("*.txt"))

# Two-character words, longer terms, words jieba glues to a neighbour (行政执法监督, 依法治市),
# and parts with lone characters that only a substring check can answer (治市).
RECALL_QUERIES = [
    "调解", "法律援助", "执法监督", "行政复议", "普法", "行政执法", "法治", "人民调解", "合法性审查",
    "公共法律服务", "矛盾纠纷", "社区矫正", "律师", "复议", "监督", "依法治市", "治市", "营商环境", "备案审查",
    "法律顾问", "听证", "信访", "培训", "数字", "2024",
]


# ---------------------------------------------------------------- terms and queries (no database)


def test_index_terms_hold_every_dictionary_word_across_token_boundaries():
    terms = set(search.index_document("强化行政执法监督，推进依法治市").split())
    assert {"行政执法", "执法监督", "监督", "执法", "行政", "法治", "依法"} <= terms


def test_query_terms_and_phrases():
    query = search.parse_query("  法律援助   调解 ")
    assert query.terms == ["法律援助", "调解"] and query.phrases == []
    query = search.parse_query("治市")
    assert query.terms == [] and query.phrases == ["治市"]
    query = search.parse_query("法律援助案件数")
    assert query.terms and query.phrases == ["法律援助案件数"]
    assert search.parse_query("，。！").empty
    assert search.parse_query(None).empty


def test_long_queries_are_cut():
    query = search.parse_query("调解" * 1000)
    assert query.truncated and len(query.text) == search.MAX_QUERY_CHARS
    assert len(search.parse_query("调解 " * 50).terms) == 1


def test_snippet_escapes_text_and_marks_hits():
    query = search.parse_query("调解")
    html = search.snippet("前文" * 40 + "<b>人民调解</b>" + "后文" * 40, query, width=20)
    assert "&lt;b&gt;人民<mark>调解</mark>&lt;/b&gt;" in html
    assert html.startswith("…") and html.endswith("…")
    assert "<b>" not in html


def test_snippet_prefers_the_longest_term():
    html = search.snippet("办理法律援助案件", search.parse_query("法律援助 法律"))
    assert "<mark>法律援助</mark>" in html


# ---------------------------------------------------------------- the backend on the small archive


def ids(queryset):
    return {obj.pk for obj in queryset}


def test_search_reports_and_measures(archive):
    r = archive.reports
    reports = Report.objects.published()
    find = lambda q: ids(search.search(reports, search.parse_query(q), search.REPORT_FIELDS))  # noqa: E731
    assert find("调解") == {r.hangzhou.pk, r.liuzhou.pk, r.hostile.pk}
    assert find("执法监督") == {r.hangzhou.pk}
    # Both words, anywhere: 柳州's 协调解决 holds 调解 as a substring, and recall is about substrings.
    assert find("法律援助 调解") == {r.hangzhou.pk, r.liuzhou.pk, r.hostile.pk}
    assert find("法律援助 复议") == {r.hangzhou.pk, r.huangyan.pk}
    assert find("法治乡村") == {r.xihu.pk}
    assert find("西湖区司法局") == {r.xihu.pk}  # the agency name is indexed with the text
    assert find("不存在的词语") == set()
    assert find("") == set()
    measures = Measure.objects.published()
    found = ids(search.search(measures, search.parse_query("纠错率"), search.MEASURE_FIELDS))
    assert found == {archive.reports.huangyan.measures.get(number="二").pk}


def test_relevance_ranking_stays_inside_the_candidates(archive):
    ranked = list(search.search(Report.objects.published(), search.parse_query("调解"), search.REPORT_FIELDS,
                                rank=True))
    assert {r.pk for r in ranked} == {archive.reports.hangzhou.pk, archive.reports.liuzhou.pk,
                                       archive.reports.hostile.pk}
    # Position-free vectors give every match the same ts_rank: relevance is the tie-break, newest first.
    assert [(r.year, r.pk) for r in ranked] == sorted(((r.year, r.pk) for r in ranked), reverse=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT ts_rank(search_vector, plainto_tsquery('simple', '调解'))) "
                           "FROM reports_report WHERE search_vector @@ plainto_tsquery('simple', '调解')")
            assert cursor.fetchone()[0] == 1


def test_backend_matches_the_database(db):
    expected = search.PostgresBackend if connection.vendor == "postgresql" else search.SQLiteBackend
    assert isinstance(search.backend(), expected)


# ---------------------------------------------------------------- recall: the search equals a substring scan


def substring_scan(query):
    needle = query.lower()
    reports = {
        r.pk for r in Report.objects.published().select_related("agency")
        if needle in f"{r.title}\n{r.agency.name}\n{r.source_text}".lower()
    }
    measures = {m.pk for m in Measure.objects.published() if needle in m.text.lower()}
    return reports, measures


def searched(query):
    parsed = search.parse_query(query)
    reports = ids(search.search(Report.objects.published(), parsed, search.REPORT_FIELDS))
    measures = ids(search.search(Measure.objects.published(), parsed, search.MEASURE_FIELDS))
    return reports, measures


def assert_full_recall(queries):
    hits = 0
    for query in queries:
        expected = substring_scan(query)
        assert searched(query) == expected, query
        hits += len(expected[0]) + len(expected[1])
    assert hits > 0, "the queries must find something, or the comparison proves nothing"


@pytest.fixture
def sample_archive(db):
    """The five sample texts as published reports; each non-empty line is a measure."""
    province = make_region("450000", "广西壮族自治区", "province")
    city = make_region("450200", "柳州市", "city", province)
    agency = make_agency("柳州市司法局", city)
    for number, path in enumerate(SAMPLES):
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.splitlines() if line.strip()]
        report = make_report(agency, lines[0][:200] or path.stem, 2020 + number, text)
        pos = 0
        measures = []
        for ordinal, line in enumerate(lines, start=1):
            start = text.index(line, pos)
            pos = start + len(line)
            measures.append(Measure(report=report, ordinal=ordinal, number="一", text=line, start=start, end=pos,
                                    year=report.year, region=city))
        Measure.objects.bulk_create(measures)
        search.index_report(report)
    return Report.objects.count()


def test_recall_on_the_sample_texts(sample_archive):
    assert sample_archive == len(SAMPLES) == 5
    assert_full_recall(RECALL_QUERIES)


# Recall on the shipped sample archive, exactly what a fresh clone loads (the load derives the terms: the
# fixture carries none), is checked in tests/reports/test_fixtures.py on the archive `setup_archive` loads.


def test_each_database_keeps_the_terms_once(sample_archive):
    report = Report.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_document, search_vector IS NOT NULL FROM reports_report WHERE id = %s",
                       [report.pk])
        document, has_vector = cursor.fetchone()
    if connection.vendor == "postgresql":
        assert document == "" and has_vector  # the vector alone answers (see reports/search.py)
    else:
        assert "法治" in document.split()


def test_a_load_without_terms_derives_them(sample_archive, tmp_path):
    out = tmp_path / "reports.json"
    call_command("export_reports", "-o", str(out), verbosity=0)
    assert '"search_document"' not in out.read_text(encoding="utf-8")
    Report.objects.all().delete()
    call_command("loaddata", str(out), verbosity=0)
    assert Report.objects.published().count() == sample_archive
    assert_full_recall(RECALL_QUERIES)
