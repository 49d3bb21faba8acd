"""年度对比: what a report repeats, continues, adds and drops against the agency's previous one."""
import copy
from pathlib import Path

import pytest
from django.core.management import call_command

from reports import services
from reports.models import Region, Report, ReportComparison
from reports.pipeline import parse_text
from reports.text.similarity import compare, sentences
from tests.conftest import shared_rows

PAIRS = Path(__file__).resolve().parents[1] / "data" / "pairs"


def test_similarity_marks_repeated_sentences_and_matches_measures():
    earlier = "一、工作成效\n一是加强法律援助工作。全年办理法律援助案件280件，群众满意度持续提升。\n二是加强人民调解组织建设。\n"
    later = "一、工作成效\n一是加强法律援助工作。全年办理法律援助案件320件，群众满意度持续提升。\n二是推进律师行业发展壮大。\n"
    spans = lambda text: [(text.index(s), text.index(s) + len(s)) for s in
                          [line for line in text.splitlines() if line.startswith(("一是", "二是"))]]
    result = compare(later, earlier, spans(later), spans(earlier))
    repeated = [later[a:b] for a, b in result.repeated]
    # The sentence with a new figure is not boilerplate; the unchanged lead and closing clause are.
    assert "一是加强法律援助工作" in repeated and not any("320件" in r for r in repeated)
    assert [later[a:a + 4] for a, _, _ in result.continued] == ["一是加强"]
    assert [later[a:a + 4] for a in result.new] == ["二是推进"]
    assert [earlier[b:b + 4] for b in result.dropped] == ["二是加强"]
    assert 0 < result.repeated_share < 1


def test_sentences_skip_fragments_and_keep_offsets():
    text = "一、总体情况\n全年办理法律援助案件320件；调解成功率98%。好。"
    spans = sentences(text)
    assert [text[a:b] for a, b in spans] == ["全年办理法律援助案件320件", "调解成功率98%"]


@pytest.fixture(scope="module")
def pair_once(django_db_setup, django_db_blocker):
    """Two years of one agency's reports, ingested once per module (tests/conftest.py: shared_rows)."""
    yield from shared_rows(django_db_blocker, "pair_once", ingest_pair)


@pytest.fixture
def pair(pair_once, db):
    return copy.deepcopy(pair_once)


def ingest_pair():
    call_command("loaddata", "topics", "indicator_types", verbosity=0)
    gx = Region.objects.create(code="450000", name="广西壮族自治区", short_name="广西", level="province")
    Region.objects.create(code="450200", name="柳州市", short_name="柳州", level="city", parent=gx)
    reports = []
    for name in ("liuzhou-2023.txt", "liuzhou-2024.txt"):
        text = (PAIRS / name).read_text(encoding="utf-8")
        reports.append(Report.objects.get(pk=services.ingest_parsed(parse_text(text, name), publish=True).report_id))
    return reports


def test_comparison_is_stored_at_ingest(pair):
    first, second = pair
    row = ReportComparison.objects.get(report=second)
    assert row.earlier == first and row.result["new"] and row.result["dropped"]
    assert not ReportComparison.objects.filter(report=first).exists()


def test_compare_page_shows_new_continued_dropped_and_indicators(client, pair, django_assert_num_queries):
    first, second = pair
    with django_assert_num_queries(7):  # report, earlier, stored result, measures ×2, indicators, other reports
        response = client.get(f"/reports/{second.pk}/compare/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "新增（1）" in page and "二是推进律师行业发展" in page
    assert "延续（1）" in page and "二是加强人民调解组织建设" in page  # dropped, with the 2023 plan paragraph
    assert '<mark class="repeat">一是深化法律援助惠民服务</mark>' in page
    assert "法律援助案件数" in page and "280" in page and "320" in page  # typed indicators side by side
    assert "+14.3%" in page  # 280 → 320 cases
    assert "-1.4个百分点" in page  # a rate changes by points: 98.5 % → 97.1 %
    assert f"/reports/{first.pk}/" in page


def test_compare_page_without_an_earlier_report_and_with_a_bad_choice(client, pair):
    first, second = pair
    assert "没有已收录的同类报告" in client.get(f"/reports/{first.pk}/compare/").content.decode()
    bad = client.get(f"/reports/{second.pk}/compare/?with=abc")
    assert bad.status_code == 200 and "不是报告编号" in bad.content.decode()
    other = client.get(f"/reports/{second.pk}/compare/?with=999999")
    assert "只能与同一发布机构" in other.content.decode()
    assert client.get("/reports/99999999999999999999/compare/").status_code == 404
    assert client.post(f"/reports/{second.pk}/compare/").status_code == 405


def test_agency_and_report_pages_link_to_the_comparison(client, pair):
    first, second = pair
    agency_page = client.get(f"/agencies/{second.agency_id}/").content.decode()
    assert f"/reports/{second.pk}/compare/" in agency_page and f"/reports/{first.pk}/compare/" not in agency_page
    assert f"/reports/{second.pk}/compare/" in client.get(f"/reports/{second.pk}/").content.decode()
