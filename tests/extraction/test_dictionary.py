import json

import pytest
from django.core.management import call_command

from indicators.extraction.dictionary import classify, load_types, topic_of, units_compatible
from indicators.models import IndicatorType

from ..conftest import ROOT

ROWS = json.loads((ROOT / "fixtures" / "indicator_types.json").read_text(encoding="utf-8"))
TOPIC_SLUGS = {row["fields"]["slug"] for row in json.loads((ROOT / "fixtures" / "topics.json").read_text("utf-8"))}


# --- the fixture

def test_type_fixture_rows_are_well_formed():
    slugs = [row["fields"]["slug"] for row in ROWS]
    names = [row["fields"]["name"] for row in ROWS]
    assert 40 <= len(ROWS) <= 100
    assert len(set(slugs)) == len(slugs) and len(set(names)) == len(names)
    for row in ROWS:
        fields = row["fields"]
        assert row["model"] == "indicators.indicatortype" and "pk" not in row
        assert fields["unit"] and fields["synonyms"] and fields["name"] in fields["synonyms"]
        assert fields["topic"] is None or (len(fields["topic"]) == 1 and fields["topic"][0] in TOPIC_SLUGS)
        if fields["slug"].endswith("-growth"):
            assert fields["unit"] == "%"


def test_every_type_is_found_by_its_own_name():
    # The dictionary must at least recognise what it calls each quantity.
    for entry in load_types():
        kind = "change" if entry.is_growth else "value"
        assert classify(entry.name, entry.unit, kind) == entry.slug, entry.name


@pytest.mark.django_db
def test_type_fixture_loads_with_topics():
    call_command("loaddata", "topics", "indicator_types", verbosity=0)
    assert IndicatorType.objects.count() == len(ROWS)
    aid = IndicatorType.objects.get_by_natural_key("legal-aid-cases")
    assert (aid.name, aid.unit, aid.topic.slug) == ("法律援助案件数", "件", "legal-aid")
    assert "援助案件" in aid.synonyms
    assert IndicatorType.objects.get(slug="gdp-growth").topic.slug == "economic-development"


# --- classify

@pytest.mark.parametrize("name, unit, kind, slug", [
    ("办理法律援助案件", "件", "value", "legal-aid-cases"),
    ("援助案件", "件", "value", "legal-aid-cases"),
    ("受理人民调解案件", "件", "value", "people-mediation-cases"),
    ("调解成功案件", "件", "value", "mediation-success-cases"),
    ("调成率", "%", "value", "mediation-success-rate"),
    ("收到行政复议申请", "件", "value", "administrative-reconsideration-cases"),
    ("办结行政复议案件", "件", "value", "administrative-reconsideration-concluded"),
    ("区政府相关负责人出庭应诉率", "%", "value", "official-court-appearance-rate"),
    ("审核行政规范性文件草案", "件", "value", "normative-documents-reviewed"),
    ("受理报备规范性文件", "件", "value", "normative-documents-filed"),
    ("律所总量", "家", "value", "law-firms"),
    ("律师事务所", "个", "value", "law-firms"),  # 家 and 个 both count organisations
    ("律师", "名", "value", "practising-lawyers"),  # 名 and 人 both count people
    ("涉外律师", "人", "value", "foreign-related-lawyers"),
    ("法治宣传", "场次", "value", "legal-publicity-events"),
    ("村居（社区）公共法律服务点", "个", "value", "public-legal-service-points"),
    ("全市一般公共预算收入", "元", "value", "general-budget-revenue"),
    ("城镇新增就业", "人", "target", "urban-new-jobs"),
    ("城镇调查失业率", "％", "target", "surveyed-unemployment-rate"),
    ("粮食总产量", "吨", "value", "grain-output"),
])
def test_classify_recognises_recurring_quantities(name, unit, kind, slug):
    assert classify(name, unit, kind) == slug


def test_growth_and_level_are_different_types():
    assert classify("地区生产总值", "元", "value") == "gdp"
    assert classify("地区生产总值", "%", "change") == "gdp-growth"
    # 地区生产总值增长5%左右 among a report's targets is a growth target.
    assert classify("地区生产总值", "%", "target") == "gdp-growth"
    assert classify("居民消费价格涨幅", "%", "target") == "cpi-growth"
    assert classify("全体居民人均可支配收入", "元", "value") == "disposable-income"
    assert classify("全体居民人均可支配收入", "%", "change") == "disposable-income-growth"


def test_more_specific_wording_decides():
    assert classify("城镇居民人均可支配收入", "%", "change") == "urban-disposable-income-growth"
    assert classify("农村居民人均可支配收入", "元", "value") == "rural-disposable-income"
    assert classify("行政复议案件", "件", "value") == "administrative-reconsideration-cases"


@pytest.mark.parametrize("name, unit, kind", [
    ("法律援助案件", "人次", "value"),  # cases are not attendances
    ("调解成功率", "个百分点", "change"),  # points are not percent
    ("行政复议纠错率", "个百分点", "value"),
    ("地区生产总值", "元", "change"),  # an absolute change is not a growth rate
    ("法律援助案件", "%", "change"),  # relative change of a count: no growth type for it
    ("行政复议案件", "%", "change"),
    ("调解成功率", "%", "change"),  # a rate never takes a change
    ("民事案件补贴标准", "元/件", "value"),
])
def test_incompatible_unit_or_kind_gives_none(name, unit, kind):
    assert classify(name, unit, kind) is None


@pytest.mark.parametrize("name, unit", [
    ("轮训执法人员", "名"),  # trained, not all enforcement staff
    ("每个乡镇配备律师", "名"),
    ("取得船员证的社区矫正对象", "名"),
    ("新增律师事务所", "家"),  # a flow, not the stock
    ("行政执法复议纠错和诉讼败诉率", "%"),  # two rates rolled into one
    ("律所楼宇租赁等方面问题", "件"),
    ("化解矛盾纠纷", "件"),
])
def test_names_that_say_more_than_a_synonym_give_none(name, unit):
    assert classify(name, unit, "value") is None


def test_empty_or_unknown_input():
    assert classify("", "件", "value") is None
    assert classify("法律援助案件", "", "value") is None
    assert classify("局党组会议", "次", "value") is None
    assert classify("不存在的指标", "件", "value") is None


def test_unit_spellings_and_classes():
    assert units_compatible("％", "%")
    assert units_compatible("个工作日", "工作日")
    assert units_compatible("名", "人") and units_compatible("场次", "场")
    assert not units_compatible("人次", "人")
    assert not units_compatible("个百分点", "%")
    assert not units_compatible("", "")


def test_topic_of_a_type():
    assert topic_of("legal-aid-cases") == "legal-aid"
    assert topic_of("gdp-growth") == "economic-development"
    assert topic_of("no-such-type") is None
    assert topic_of(None) is None
