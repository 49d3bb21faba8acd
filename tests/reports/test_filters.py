"""The filter set hands a list its rows and, apart, what the list's count counts."""
from reports.filters import ReportFilter
from reports.models import Report


def results(data):
    return ReportFilter(data, queryset=Report.objects.published()).results


def test_without_a_query_the_rows_are_counted_themselves(archive):
    found = results({"region": "330000"})
    assert found.countable is None
    assert [r.title for r in found.rows] == list(
        Report.objects.published().filter(region__code__startswith="33").order_by("-year", "-id")
        .values_list("title", flat=True))


def test_a_ranking_counts_every_match_not_only_the_ranked_candidates(archive):
    r = archive.reports
    found = results({"q": "调解", "sort": "relevance"})
    assert {x.pk for x in found.countable} == {r.hangzhou.pk, r.liuzhou.pk, r.hostile.pk}
    assert {x.pk for x in found.rows} == {x.pk for x in found.countable}


def test_a_query_sorted_by_year_counts_its_own_matches(archive):
    # Counted by a query of its own (shaped for the search index), over exactly the rows listed.
    found = results({"q": "调解", "sort": "oldest"})
    assert {x.pk for x in found.countable} == {x.pk for x in found.rows}
    assert [x.year for x in found.rows] == sorted(x.year for x in found.rows)


def test_invalid_input_or_nothing_to_look_for_gives_no_rows_and_nothing_to_count(archive):
    for data in ({"region": "33"}, {"q": "，。！"}):
        found = results(data)
        assert not found.rows.exists() and found.countable is None
