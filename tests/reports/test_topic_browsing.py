"""Browsing measures by topic: /topics/, /topics/<slug>/, and topic facets on the lists."""
import pytest
from django.core.cache import cache

from reports import tallies
from reports.models import Measure

from .conftest import HANGZHOU_2024


@pytest.fixture
def tagged(archive):
    """Measure topics as extraction (or an editor) would set them."""
    cache.clear()
    aid, mediation = archive.topics.legal_aid, archive.topics.mediation
    for measure in Measure.objects.all():
        if "法律援助" in measure.text:
            measure.topics.add(aid)
        if "调解" in measure.text or "矛盾纠纷" in measure.text:
            measure.topics.add(mediation)
    archive.topics.legal_aid.description = "法律援助：法援案件、工作站、值班律师。"
    archive.topics.legal_aid.save()
    # Links added straight to the table, as a bulk load would: recount the summary tables like one.
    tallies.rebuild()
    return archive


def test_topic_index_lists_topics_with_their_measure_counts_and_descriptions(client, tagged):
    page = client.get("/topics/").content.decode()
    # Published measures only: 杭州, 西湖, 黄岩, 柳州, 柳州上半年 mention 法律援助; the draft does not count.
    assert '<a href="/topics/legal-aid/">法律援助</a> <span class="count">5 项举措</span>' in page
    assert '<a href="/topics/mediation/">人民调解</a> <span class="count">3 项举措</span>' in page
    assert "法律援助：法援案件、工作站、值班律师。" in page
    assert '<a href="/topics/">主题</a>' in page  # in the main navigation


def test_topic_page_lists_its_measures_newest_first_with_counts_per_year_and_province(client, tagged):
    page = client.get("/topics/legal-aid/").content.decode()
    rows = [line for line in page.splitlines() if 'class="measure-row"' in line or "办理法律援助案件" in line]
    texts = [t for t in ("1200件", "450件", "&lt;b&gt;520&lt;/b&gt;件", "300件", "800件") if t in page]
    assert len(texts) == 5 and rows
    # Newest year first: the 2024 reports before the 2023 ones.
    assert page.index("二是办理法律援助案件1200件") < page.index("一是办理法律援助案件300件")
    assert "999件" not in page  # a draft report's measure is not public
    assert '<a href="?year=2024">2024年</a> <span>3 项</span>' in page
    assert '<a href="?year=2023">2023年</a> <span>2 项</span>' in page
    assert '<a href="?region=330000">浙江省</a> <span>3 项</span>' in page
    assert '<a href="?region=450000">广西壮族自治区</a> <span>2 项</span>' in page
    assert "共 <strong>5</strong> 条" in page


@pytest.mark.parametrize("query, present, absent", [
    ("year=2023", ["300件", "800件"], ["1200件", "450件"]),
    ("region=331000", ["450件"], ["1200件", "300件", "800件"]),
    ("region=450000&year=2024", ["520"], ["800件", "1200件"]),
])
def test_topic_page_filters_by_region_and_year(client, tagged, query, present, absent):
    page = client.get(f"/topics/legal-aid/?{query}").content.decode()
    for text in present:
        assert text in page
    for text in absent:
        assert f"办理法律援助案件{text}" not in page


def test_unknown_topic_and_bad_filters(client, tagged):
    assert client.get("/topics/no-such-topic/").status_code == 404
    page = client.get("/topics/legal-aid/?year=abc").content.decode()
    assert "年度：输入整数。" in page
    assert "没有符合条件的举措" in page


def test_measure_and_report_lists_show_counts_per_topic(client, tagged):
    page = client.get("/measures/").content.decode()
    assert '<a class="tag" href="?topic=legal-aid">法律援助 <span>5</span></a>' in page
    assert '<a class="tag" href="?topic=mediation">人民调解 <span>3</span></a>' in page
    filtered = client.get("/measures/?year=2023").content.decode()
    assert '<a class="tag" href="?year=2023&amp;topic=legal-aid">法律援助 <span>2</span></a>' in filtered
    assert "人民调解 <span>1</span>" in filtered.split('id="facets-title"')[1].split("</section>")[0]

    reports = client.get("/reports/").content.decode()
    # Report topics as the archive fixture set them: 杭州 and 西湖 under 法律援助; 杭州 and 柳州上半年 under 调解.
    assert '<a class="tag" href="?topic=legal-aid">法律援助 <span>2</span></a>' in reports
    assert '<a class="tag" href="?topic=mediation">人民调解 <span>2</span></a>' in reports


def test_a_list_without_matches_shows_no_facets(client, tagged):
    page = client.get("/measures/?year=1999").content.decode()
    assert 'id="facets-title"' not in page


def _count(django_assert_num_queries, client, url, n):
    with django_assert_num_queries(n):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url, n", [
    # topics, the cached per-topic counts (cold)
    ("/topics/", 2),
    # topic, years + regions + province names of its breakdown (cold), region choices, count, rows, their topics,
    # their indicators
    ("/topics/legal-aid/", 9),
    # the region cascade reads the chosen region with the choices: no extra query
    ("/topics/legal-aid/?region=330000&year=2024", 9),
])
def test_topic_pages_run_a_fixed_number_of_queries(django_assert_num_queries, client, tagged, url, n):
    cache.clear()
    _count(django_assert_num_queries, client, url, n)


def test_topic_counts_come_from_the_summary_table_and_are_never_stale(django_assert_num_queries, client, tagged):
    from reports import services
    from reports.models import Report

    before = client.get("/topics/").content.decode()
    _count(django_assert_num_queries, client, "/topics/", 2)  # the topics, their tallies: no cache to go stale
    # Withdrawing a report takes its measures out of the counts at once.
    first = Report.objects.filter(status="published", measures__topics__isnull=False).first()
    services.set_report_status(Report.objects.filter(pk=first.pk), "withdrawn")
    assert client.get("/topics/").content.decode() != before


def test_hand_built_archive_text_is_the_one_the_pages_show():
    # Guards the expectations above: the 杭州 text holds the 2024 legal-aid measure they look for.
    assert "二是办理法律援助案件1200件" in HANGZHOU_2024


def test_measure_export_says_what_kind_of_measure_each_is(client, tagged):
    response = client.get("/measures/?format=csv&year=2023")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, first = body.splitlines()[:2]
    assert "形式,标记,内容" in header
    assert ",一是…,,二是协调解决群众诉求" in first  # a hand-made row: kind known, marker not recorded


def test_list_facets_come_exact_from_the_summary_table_when_no_finer_filter_is_set(tagged):
    from reports.queries import tally_facets

    everything = {row["slug"]: row["n"] for row in tally_facets({"region": "", "year": None, "sort": ""}, "measures")}
    assert everything["legal-aid"] == Measure.objects.filter(topics__slug="legal-aid", report__status="published").count()
    in_2024 = {row["slug"]: row["n"] for row in tally_facets({"year": 2024, "region": "330000"}, "measures")}
    assert in_2024["legal-aid"] == Measure.objects.filter(
        topics__slug="legal-aid", report__status="published", year=2024, region__code__startswith="33").count()
    # A city, a text query or any other filter needs the list's own rows.
    assert tally_facets({"region": "330100"}, "measures") is None
    assert tally_facets({"q": "调解"}, "measures") is None
