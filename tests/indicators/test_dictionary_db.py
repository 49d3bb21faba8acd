"""The indicator dictionary is the IndicatorType table editors keep: extraction uses it on re-extract."""
import copy
import importlib
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Indicator, IndicatorType, Kind, ReviewStatus
from reports import services
from reports.lexicon import lexicon_from_db
from reports.models import Report
from reports.pipeline import parse_file
from tests.conftest import ROOT, SAMPLES, shared_rows
from tests.indicators.test_admin import change_url, indicator_form

LIUZHOU = SAMPLES / "000_6d2be61a73a6c314.txt"
REGIONS = {"100000", "450000", "450200"}


@pytest.fixture(scope="module")
def dictionary_archive_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 柳州 sample ingested with the shipped dictionary, once per module (tests/conftest.py: shared_rows)."""
    yield from shared_rows(django_db_blocker, "dictionary_archive_once",
                           lambda: ingest_with_dictionary(tmp_path_factory.mktemp("dictionary")))


@pytest.fixture
def archive_with_dictionary(dictionary_archive_once, db):
    return copy.deepcopy(dictionary_archive_once)


def ingest_with_dictionary(folder):
    rows = json.loads((ROOT / "fixtures" / "regions.json").read_text(encoding="utf-8"))
    subset = [row for row in rows if row["fields"]["code"] in REGIONS]
    (folder / "regions.json").write_text(json.dumps(subset, ensure_ascii=False), encoding="utf-8")
    call_command("loaddata", str(folder / "regions.json"), "topics", "indicator_types", verbosity=0)
    result = services.ingest_parsed(parse_file(LIUZHOU, lexicon_from_db()))
    return Report.objects.get(pk=result.report_id)


def type_form(**fields):
    data = {"slug": "", "name": "", "unit": "", "synonyms": "[]", "topic": "", "description": "", "stock": ""}
    data.update(fields)
    return data


def test_a_type_added_in_admin_is_applied_by_the_reextract_action(editor_client, archive_with_dictionary):
    report = archive_with_dictionary
    inspected = Indicator.objects.get(report=report, name="实地督察各级单位")
    assert inspected.indicator_type is None

    response = editor_client.post(reverse("admin:indicators_indicatortype_add"), type_form(
        slug="rule-of-law-inspected-units", name="法治建设督察单位数", unit="个",
        synonyms=json.dumps(["实地督察各级单位", "督察单位"], ensure_ascii=False),
        description="法治建设督察实地督察的单位数。", stock="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    response = editor_client.post(reverse("admin:reports_report_changelist"),
                                  {"action": "reextract", "_selected_action": [report.pk]}, follow=True)

    assert "已重新抽取 1 篇报告" in response.content.decode()
    inspected = Indicator.objects.get(report=report, start=inspected.start, kind=inspected.kind)
    assert inspected.indicator_type.slug == "rule-of-law-inspected-units"
    assert inspected.comparable_value == Decimal(35)


def test_a_synonym_added_in_admin_is_applied_by_ingest_reextract(editor_client, archive_with_dictionary):
    report = archive_with_dictionary
    kind = IndicatorType.objects.create(slug="rule-of-law-inspection-findings", name="法治建设督察发现问题数",
                                        unit="个", synonyms=[], description="法治建设督察发现的问题数。")
    found = Indicator.objects.get(report=report, name="督察发现问题")
    assert found.indicator_type is None

    response = editor_client.post(reverse("admin:indicators_indicatortype_change", args=[kind.pk]), type_form(
        slug=kind.slug, name=kind.name, unit=kind.unit, description=kind.description,
        synonyms=json.dumps(["督察发现问题"], ensure_ascii=False)))
    assert response.status_code == 302
    call_command("ingest", str(LIUZHOU), reextract=True, stdout=StringIO(), stderr=StringIO())

    found = Indicator.objects.get(report=report, start=found.start, kind=found.kind)
    assert found.indicator_type == kind


def test_an_editors_type_survives_reextract_and_its_value_is_converted(editor_client, archive_with_dictionary):
    report = archive_with_dictionary
    indicator = Indicator.objects.get(report=report, name="党政主要负责人")  # 650名, untyped by the machine
    lawyers = IndicatorType.objects.get(slug="practising-lawyers")  # 人: 名 converts

    response = editor_client.post(change_url(indicator), indicator_form(indicator, indicator_type=lawyers.pk))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.review_status == ReviewStatus.CORRECTED
    assert indicator.comparable_value == Decimal(650)

    services.reextract_report(report)

    indicator.refresh_from_db()
    assert indicator.indicator_type == lawyers and indicator.comparable_value == Decimal(650)
    assert Indicator.objects.filter(report=report, start=indicator.start, kind=indicator.kind).count() == 1


def test_editing_value_unit_or_type_recomputes_the_comparable_value(editor_client, archive_with_dictionary):
    report = archive_with_dictionary
    area = IndicatorType.objects.get(slug="afforestation")  # 亩
    indicator = Indicator.objects.get(report=report, name="调解纠纷案件")

    editor_client.post(change_url(indicator), indicator_form(indicator, indicator_type=area.pk, unit="公顷",
                                                             value="2"))
    indicator.refresh_from_db()
    assert (indicator.value, indicator.unit, indicator.comparable_value) == (Decimal(2), "公顷", Decimal(30))

    editor_client.post(change_url(indicator), indicator_form(indicator, unit="件"))  # no longer an area
    indicator.refresh_from_db()
    assert indicator.comparable_value is None


def test_changing_a_types_unit_recomputes_its_indicators(editor_client, archive_with_dictionary):
    money = IndicatorType.objects.get(slug="mediation-amount")
    indicator = Indicator.objects.filter(indicator_type=money).first() or Indicator.objects.create(
        report=archive_with_dictionary, region=archive_with_dictionary.region, year=2024, name="调解涉及金额",
        value=Decimal(5), unit="元", raw="5元", start=1, end=3, indicator_type=money, comparable_value=Decimal(5))

    response = editor_client.post(reverse("admin:indicators_indicatortype_change", args=[money.pk]), type_form(
        slug=money.slug, name=money.name, unit="万元", description=money.description,
        synonyms=json.dumps(money.synonyms, ensure_ascii=False), topic=money.topic_id), follow=True)

    assert "重新换算了" in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.comparable_value is None  # 元 values are not 万元 (the extractor folds 万 into the number)


def test_growth_types_of_an_older_archive_merge_into_their_level(db):
    gdp = IndicatorType.objects.create(slug="gdp", name="地区生产总值", unit="元", synonyms=["生产总值"])
    growth = IndicatorType.objects.create(slug="gdp-growth", name="地区生产总值增速", unit="%", synonyms=["GDP增速"])
    own = IndicatorType.objects.create(slug="x-growth", name="某增速", unit="%")
    from reports.models import Region
    region = Region.objects.create(code="450000", name="广西壮族自治区", short_name="广西", level="province")
    from reports.models import Agency
    agency = Agency.objects.create(region=region, name="广西壮族自治区人民政府")
    report = Report.objects.create(title="t", source_text="地区生产总值增长5%。", content_hash="a" * 64, agency=agency,
                                   region=region, year=2024)
    indicator = Indicator.objects.create(report=report, region=region, year=2024, name="地区生产总值", value=5,
                                         unit="%", raw="5%", start=8, end=10, kind=Kind.CHANGE, direction="up",
                                         indicator_type=growth)

    importlib.import_module("indicators.migrations.0007_type_per_quantity").merge_growth_types(apps, None)

    indicator.refresh_from_db()
    gdp.refresh_from_db()
    assert indicator.indicator_type == gdp and gdp.synonyms == ["生产总值", "GDP增速"]
    assert not IndicatorType.objects.filter(pk=growth.pk).exists()
    assert IndicatorType.objects.filter(pk=own.pk).exists()


def test_the_dictionary_desk_lists_unit_families_and_stock(editor_client, archive_with_dictionary):
    response = editor_client.get(reverse("admin:indicators_indicatortype_changelist"), {"q": "国土绿化"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "国土绿化面积" in page and "亩、公顷、平方公里、平方米" in page
    response = editor_client.get(reverse("admin:indicators_indicatortype_changelist"), {"stock__exact": "1"})
    assert "律师事务所数" in response.content.decode()
