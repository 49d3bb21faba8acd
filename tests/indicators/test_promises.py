"""Promises kept: targets of one year's report matched with the next report's outcomes."""
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.extraction.promises import Bound, Status, judge, read_target
from indicators.models import Indicator, Promise, ReviewStatus
from indicators.promises import decide, refresh_agency
from reports import services
from reports.models import Region, Report, ReportStatus
from reports.pipeline import parse_text

PAIRS = Path(__file__).resolve().parents[1] / "data" / "pairs"


# ---------------------------------------------------------------- the rules, without a database

@pytest.mark.parametrize("before, after, year, period, qualifier, expected", [
    ("2024年，力争办理法律援助案件不少于", "件", 2023, "annual", "at-least", (2024, Bound.AT_LEAST)),
    ("下半年，确保调解案件", "件", 2024, "half-year", None, (2024, Bound.AT_LEAST)),
    ("到2027年，全市法律援助覆盖率达到", "%", 2024, "annual", None, (2027, Bound.AT_LEAST)),
    ("比2023年增长", "%", 2024, "annual", None, (2025, Bound.AT_LEAST)),  # a baseline year is not the goal's
    ("城镇调查失业率控制在", "%以内", 2024, "annual", None, (2025, Bound.AT_MOST)),
    ("单位GDP能耗下降", "%以上", 2024, "annual", "over", (2025, Bound.AT_LEAST)),
    ("地区生产总值增长", "%左右", 2025, "annual", "about", (2026, Bound.ABOUT)),
    ("明年，新增就业", "人", 2024, "annual", None, (2025, Bound.AT_LEAST)),
])
def test_read_target_year_and_bound(before, after, year, period, qualifier, expected):
    reading = read_target(before, after, year, period, qualifier)
    assert (reading.year, reading.bound) == expected


@pytest.mark.parametrize("target, outcome, bound, percent, aims_low, expected", [
    (300, 320, "at-least", False, False, Status.MET),
    (300, 299, "at-least", False, False, Status.MISSED),
    (300, 300, "at-least", False, False, Status.MET),
    (5.5, 5.5, "at-most", True, True, Status.MET),
    (5.5, 5.6, "at-most", True, True, Status.MISSED),
    (5.5, 5.1, "about", True, False, Status.MET),  # within half a point
    (5.5, 4.9, "about", True, False, Status.MISSED),
    (5.0, 6.2, "about", True, False, Status.MET),  # beyond a growth goal is not a miss
    (2.0, 0.8, "about", True, True, Status.MET),  # below a price-rise cap is not a miss
    (2.0, 2.9, "about", True, True, Status.MISSED),
    (1500, 1440, "about", False, False, Status.MET),  # within 5 %
    (1500, 1300, "about", False, False, Status.MISSED),
])
def test_judge_by_bound(target, outcome, bound, percent, aims_low, expected):
    assert judge(target, outcome, bound, percent=percent, aims_low=aims_low) is expected


# ---------------------------------------------------------------- matched in the archive

@pytest.fixture
def lexicon_tables(db):
    call_command("loaddata", "topics", "indicator_types", verbosity=0)
    gx = Region.objects.create(code="450000", name="广西壮族自治区", short_name="广西", level="province")
    Region.objects.create(code="450200", name="柳州市", short_name="柳州", level="city", parent=gx)


def ingest(name, publish=True):
    text = (PAIRS / name).read_text(encoding="utf-8")
    result = services.ingest_parsed(parse_text(text, name), publish=publish)
    return Report.objects.get(pk=result.report_id)


def promises_of(report):
    return {p.target.name: p for p in Promise.objects.filter(target__report=report).select_related("target", "outcome")}


def test_targets_of_a_plan_are_matched_with_next_years_outcomes(lexicon_tables):
    first = ingest("liuzhou-2023.txt")
    second = ingest("liuzhou-2024.txt")
    found = promises_of(first)
    aid = found["办理法律援助案件"]
    assert (aid.target_year, aid.bound, aid.status) == (2024, "at-least", "met")
    assert aid.outcome.report == second and aid.outcome.value == 320
    assert "不少于300件" in aid.target_sentence and "320件" in aid.outcome_sentence
    assert found["人民调解成功率"].status == "missed"  # 97.1 % against 98 %以上
    assert found["人民调解成功率"].outcome.value == Decimal("97.1")
    assert found["调解矛盾纠纷"].bound == "about" and found["调解矛盾纠纷"].status == "missed"  # 1300 vs 1500左右
    # The 2024 report's plan for 2025 has no later report yet.
    later = promises_of(second)["办理法律援助案件"]
    assert (later.target_year, later.status, later.outcome) == (2025, "no-outcome", None)


def test_an_outcome_is_matched_only_once_it_is_published(lexicon_tables):
    first = ingest("liuzhou-2023.txt")
    second = ingest("liuzhou-2024.txt", publish=False)
    assert promises_of(first)["办理法律援助案件"].status == "no-outcome"
    services.set_report_status(Report.objects.filter(pk=second.pk), ReportStatus.PUBLISHED)
    assert promises_of(first)["办理法律援助案件"].status == "met"
    services.set_report_status(Report.objects.filter(pk=second.pk), ReportStatus.WITHDRAWN)
    assert promises_of(first)["办理法律援助案件"].status == "no-outcome"


def test_growth_caps_and_unit_conversion_in_a_government_work_report(lexicon_tables):
    first = ingest("gov-2024.txt")
    ingest("gov-2025.txt")
    found = {p.indicator_type.slug: p for p in Promise.objects.filter(target__report=first)
             .select_related("indicator_type", "outcome")}
    gdp = next(p for slug, p in found.items() if slug.startswith("gdp"))
    assert (gdp.target_year, gdp.bound, gdp.status) == (2025, "about", "met")  # 5.3 % against 5.5 %左右
    assert gdp.outcome.kind == "change" and gdp.outcome.value == Decimal("5.3")
    revenue = found["general-budget-revenue"]
    # 1.3亿元 promised, 12500万元 reported: compared in 元.
    assert revenue.status == "missed" and revenue.outcome.value == 125_000_000
    cpi = next(p for slug, p in found.items() if slug.startswith("cpi"))
    assert cpi.status == "met"  # 0.8 % under a 2 %左右 cap


def test_an_editors_match_survives_reextraction(lexicon_tables, editor):
    first = ingest("liuzhou-2023.txt")
    second = ingest("liuzhou-2024.txt")
    promise = promises_of(first)["调解矛盾纠纷"]
    # The editor decides the 1300件 is not this quantity after all: no outcome.
    decide(promise, None, user=editor)
    promise.refresh_from_db()
    assert (promise.decided, promise.status, promise.outcome) == (True, "no-outcome", None)
    services.reextract_report(Report.objects.get(pk=first.pk))
    services.reextract_report(Report.objects.get(pk=second.pk))
    kept = Promise.objects.get(pk=promise.pk)
    assert (kept.decided, kept.status, kept.outcome_id) == (True, "no-outcome", None)
    assert Indicator.objects.get(pk=kept.target_id).review_status == ReviewStatus.CONFIRMED
    # The machine's other matches were rebuilt, not lost.
    assert promises_of(first)["办理法律援助案件"].status == "met"


def test_an_editor_can_set_an_outcome_the_machine_missed(lexicon_tables, editor):
    first = ingest("liuzhou-2023.txt")
    second = ingest("liuzhou-2024.txt")
    promise = promises_of(first)["调解矛盾纠纷"]
    outcome = Indicator.objects.get(report=second, name="调解矛盾纠纷")
    outcome.value = 1480
    outcome.save()
    decide(promise, outcome, user=editor)
    refresh_agency(first.agency_id)
    promise.refresh_from_db()
    assert promise.outcome == outcome and promise.status == "met" and promise.decided


# ---------------------------------------------------------------- pages and API

def test_agency_promises_page_api_and_csv(client, lexicon_tables, django_assert_num_queries):
    first = ingest("liuzhou-2023.txt")
    ingest("liuzhou-2024.txt")
    agency = first.agency_id
    with django_assert_num_queries(5):  # agency, count, rows, tally, (session-free) nothing else
        response = client.get(f"/agencies/{agency}/promises/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "已兑现" in page and "不少于300件" in page and "320件" in page
    assert f"/reports/{first.pk}/#i-" in page
    data = client.get(f"/api/agencies/{agency}/promises/").json()
    aid = next(r for r in data["results"] if r["type"] == "legal-aid-cases" and r["target"]["year"] == 2023)
    assert aid["status"] == "met" and aid["type_name"] == "法律援助案件数"
    assert aid["target"]["value"] == 300 and aid["target"]["qualifier"] == "at-least"
    assert aid["outcome"]["value"] == 320 and aid["outcome"]["url"].endswith(f"#i-{aid['outcome']['url'].split('#i-')[1]}")
    later = next(r for r in data["results"] if r["target"]["year"] == 2024)
    assert later["status"] == "no-outcome" and later["outcome"] is None
    rows = list(csv.reader(io.StringIO(client.get(f"/agencies/{agency}/promises/?format=csv")
                                       .getvalue().decode("utf-8-sig"))))
    assert rows[0][:4] == ["发布机构", "行政区划代码", "指标类型", "目标年度"] and len(rows) == 1 + len(data["results"])
    agency_page = client.get(f"/agencies/{agency}/").content.decode()
    assert "承诺与兑现" in agency_page and "不少于300件" in agency_page


def test_nationwide_view_filters_by_region_and_year(client, lexicon_tables):
    ingest("liuzhou-2023.txt")
    ingest("liuzhou-2024.txt")
    page = client.get("/indicators/types/legal-aid-cases/promises/?region=450000&year=2024").content.decode()
    assert "柳州市司法局" in page and "已兑现" in page and "不少于350件" not in page
    assert "不少于350件" in client.get("/indicators/types/legal-aid-cases/promises/?year=2025").content.decode()
    assert "柳州" not in client.get("/indicators/types/legal-aid-cases/promises/?region=330000").content.decode() \
        .split("<main")[1].split("下载当前筛选结果")[1]
    bad = client.get("/indicators/types/legal-aid-cases/promises/?year=20x4&region=45")
    text = bad.content.decode()
    assert bad.status_code == 200 and "年度“20x4”无效" in text and "行政区划代码“45”无效" in text
    assert client.get("/indicators/types/no-such-type/promises/").status_code == 404
    assert client.post("/api/agencies/1/promises/").status_code == 405


# ---------------------------------------------------------------- the editorial desk

def test_editor_corrects_a_match_in_admin_and_hands_it_back(editor_client, lexicon_tables):
    from django.contrib.admin.models import LogEntry

    first = ingest("liuzhou-2023.txt")
    second = ingest("liuzhou-2024.txt")
    promise = promises_of(first)["办理法律援助案件"]
    url = f"/admin/indicators/promise/{promise.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200 and "2024年 办理法律援助案件 320件" in page.content.decode()
    # The editor clears the outcome: no comparable result.
    response = editor_client.post(url, {"outcome": ""})
    assert response.status_code == 302
    promise.refresh_from_db()
    assert (promise.outcome, promise.status, promise.decided) == (None, "no-outcome", True)
    entry = LogEntry.objects.filter(object_id=str(promise.pk)).latest("action_time")
    assert "兑现情况：已兑现 → 尚无结果" in entry.change_message and "结果：" in entry.change_message
    services.reextract_report(Report.objects.get(pk=second.pk))
    assert Promise.objects.get(pk=promise.pk).outcome_id is None
    # Handed back, the machine matches it again.
    response = editor_client.post("/admin/indicators/promise/", {
        "action": "hand_back", "_selected_action": [promise.pk]}, follow=True)
    assert "已将 1 条交还自动匹配" in response.content.decode()
    again = Promise.objects.get(target_id=promise.target_id)
    assert again.status == "met" and not again.decided
