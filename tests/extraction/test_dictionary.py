import json

import pytest
from django.core.management import call_command

from indicators.extraction.dictionary import (
    Dictionary,
    classify,
    entry_from_row,
    fixture_dictionary,
    load_types,
    topic_of,
    unit_factor,
    units_compatible,
)
from indicators.models import IndicatorType

from ..conftest import ROOT

ROWS = json.loads((ROOT / "fixtures" / "indicator_types.json").read_text(encoding="utf-8"))
TOPIC_SLUGS = {row["fields"]["slug"] for row in json.loads((ROOT / "fixtures" / "topics.json").read_text("utf-8"))}


# --- the fixture

def test_type_fixture_rows_are_well_formed():
    slugs = [row["fields"]["slug"] for row in ROWS]
    names = [row["fields"]["name"] for row in ROWS]
    assert len(ROWS) >= 250
    assert len(set(slugs)) == len(slugs) and len(set(names)) == len(names)
    for row in ROWS:
        fields = row["fields"]
        assert row["model"] == "indicators.indicatortype" and "pk" not in row
        assert fields["unit"] and fields["synonyms"] and fields["name"] in fields["synonyms"]
        assert fields["topic"] is None or (len(fields["topic"]) == 1 and fields["topic"][0] in TOPIC_SLUGS)
        # One type per quantity: no separate growth types (COMPARABILITY rule 1).
        assert not fields["slug"].endswith("-growth")
        assert isinstance(fields["stock"], bool)
        assert len(fields["description"]) >= 6, fields["slug"]


def test_every_type_is_found_by_its_own_name():
    # The dictionary must at least recognise what it calls each quantity, in its own unit.
    for entry in load_types():
        assert classify(entry.name, entry.unit, "value") == entry.slug, entry.name


def test_no_synonym_names_two_types_of_one_unit_family():
    seen = {}
    for entry in load_types():
        for synonym in entry.synonyms:
            key = (synonym, entry.family or entry.unit)
            assert key not in seen, f"{synonym}: {seen.get(key)} and {entry.slug}"
            seen[key] = entry.slug


@pytest.mark.django_db
def test_type_fixture_loads_with_topics():
    call_command("loaddata", "topics", "indicator_types", verbosity=0)
    assert IndicatorType.objects.count() == len(ROWS)
    aid = IndicatorType.objects.get_by_natural_key("legal-aid-cases")
    assert (aid.name, aid.unit, aid.topic.slug, aid.stock) == ("法律援助案件数", "件", "legal-aid", False)
    assert "援助案件" in aid.synonyms
    assert IndicatorType.objects.get(slug="gdp").topic.slug == "economic-development"
    assert IndicatorType.objects.get(slug="law-firms").stock


# --- classify

@pytest.mark.parametrize("name, unit, kind, slug", [
    ("办理法律援助案件", "件", "value", "legal-aid-cases"),
    ("援助案件", "件", "value", "legal-aid-cases"),
    ("受理人民调解案件", "件", "value", "people-mediation-cases"),
    ("受理调解各类民间纠纷", "件", "value", "people-mediation-cases"),
    ("调解成功案件", "件", "value", "mediation-success-cases"),
    ("调成率", "%", "value", "mediation-success-rate"),
    ("收到行政复议申请", "件", "value", "administrative-reconsideration-cases"),
    ("办结行政复议案件", "件", "value", "administrative-reconsideration-concluded"),
    ("区政府相关负责人出庭应诉率", "%", "value", "official-court-appearance-rate"),
    ("审核行政规范性文件草案", "件", "value", "normative-documents-reviewed"),
    ("审核区政府及区政府办公室规范性文件", "件", "value", "normative-documents-reviewed"),
    ("受理报备规范性文件", "件", "value", "normative-documents-filing-review"),
    ("受理各县区各部门报备规范性文件", "件", "value", "normative-documents-filing-review"),
    ("向省政府及市人大常委会报备市政府行政规范性文件", "件", "value", "normative-documents-submitted-for-filing"),
    ("审查区政府常务会议议题", "件", "value", "decision-legality-reviews"),
    ("律所总量", "家", "value", "law-firms"),
    ("律师事务所", "个", "value", "law-firms"),  # 家 and 个 both count organisations
    ("执业律师", "名", "value", "practising-lawyers"),  # 名 and 人 both count people
    ("涉外律师", "人", "value", "foreign-related-lawyers"),
    ("涉外律所", "家", "value", "foreign-related-law-firms"),
    ("法治宣传", "场次", "value", "legal-publicity-events"),
    ("矛盾纠纷排查", "场次", "value", "dispute-screenings"),  # 次 and 场次 both count events
    ("全市一般公共预算收入", "元", "value", "general-budget-revenue"),
    ("财政总收入", "元", "value", "total-budget-revenue"),  # not 一般公共预算收入
    ("实际利用外资", "元", "value", "foreign-investment"),
    ("进出口总值", "元", "value", "foreign-trade"),
    ("城镇新增就业", "人", "target", "urban-new-jobs"),
    ("城镇调查失业率", "％", "target", "surveyed-unemployment-rate"),
    ("粮食总产量", "吨", "value", "grain-output"),
    ("粮食总产量", "斤", "value", "grain-output"),
    ("完成营造林", "公顷", "value", "afforestation"),
    ("认真办理省人大代表建议", "件", "value", "deputies-suggestions"),
    ("收到政府信息公开申请", "件", "value", "information-requests"),
    ("因政府信息公开被申请行政复议", "件", "value", "information-reconsiderations"),
    ("主动公开政府信息", "条", "value", "information-disclosed-proactively"),
    ("12348热线", "人次", "value", "hotline-12348-consultations"),
    ("新接收社区矫正对象", "人", "value", "community-corrections-received"),
    ("民事案件补贴标准", "元/件", "value", "civil-legal-aid-fee"),
])
def test_classify_recognises_recurring_quantities(name, unit, kind, slug):
    assert classify(name, unit, kind) == slug


def test_a_level_its_change_and_its_target_share_one_type():
    assert classify("地区生产总值", "元", "value") == "gdp"
    assert classify("地区生产总值", "%", "change") == "gdp"
    # 地区生产总值增长5%左右 among a report's targets is the same quantity's target.
    assert classify("地区生产总值", "%", "target") == "gdp"
    assert classify("地区生产总值增长", "%", "target") == "gdp"
    assert classify("法律援助案件", "%", "change") == "legal-aid-cases"
    assert classify("居民消费价格涨幅", "%", "target") == "cpi"
    assert classify("全体居民人均可支配收入", "%", "change") == "disposable-income"
    # A rate moves by points.
    assert classify("行政争议实质性化解率", "个百分点", "change") == "administrative-dispute-resolution-rate"


def test_more_specific_wording_decides():
    assert classify("城镇居民人均可支配收入", "%", "change") == "urban-disposable-income"
    assert classify("农村居民人均可支配收入", "元", "value") == "rural-disposable-income"
    assert classify("行政复议案件", "件", "value") == "administrative-reconsideration-cases"
    assert classify("新增高新技术企业", "家", "value") == "new-high-tech-enterprises"  # flow, not stock
    assert classify("高新技术企业", "家", "value") == "high-tech-enterprises"
    assert classify("调解成功", "件", "value") == "mediation-success-cases"
    assert classify("调解纠纷案件", "件", "value") == "people-mediation-cases"


@pytest.mark.parametrize("name, unit, kind", [
    ("法律援助案件", "人次", "value"),  # cases are not attendances
    ("行政复议纠错率", "个百分点", "value"),  # points are a change, not a rate
    ("地区生产总值", "%", "value"),  # a share is not the amount
    ("地区生产总值", "个百分点", "change"),  # a gap between growth rates
    ("法律援助案件", "个百分点", "change"),
    ("民事案件补贴标准", "元", "value"),  # a rate per case is not an amount
])
def test_incompatible_unit_or_kind_gives_none(name, unit, kind):
    assert classify(name, unit, kind) is None


@pytest.mark.parametrize("name, unit", [
    ("轮训执法人员", "名"),  # trained, not all enforcement staff
    ("每个乡镇配备律师", "名"),
    ("律师", "名"),  # bare: usually a subset doing something
    ("取得船员证的社区矫正对象", "名"),
    ("新增律师事务所", "家"),  # a flow, not the stock
    ("行政执法复议纠错和诉讼败诉率", "%"),  # two rates rolled into one
    ("律所楼宇租赁等方面问题", "件"),
    ("化解矛盾纠纷", "件"),
    ("局党组会议", "次"),  # a body's internal work
    ("党组理论学习中心组学习", "次"),
    ("单位GDP能耗", "元"),
])
def test_names_that_say_more_than_a_synonym_give_none(name, unit):
    assert classify(name, unit, "value") is None


def test_empty_or_unknown_input():
    assert classify("", "件", "value") is None
    assert classify("法律援助案件", "", "value") is None
    assert classify("不存在的指标", "件", "value") is None


def test_unit_families():
    assert units_compatible("％", "%")
    assert units_compatible("个工作日", "工作日")
    assert units_compatible("名", "人") and units_compatible("场次", "场") and units_compatible("部", "台")
    assert not units_compatible("人次", "人")
    assert not units_compatible("个百分点", "%")
    assert units_compatible("美元", "元") and unit_factor("美元", "元") is None  # money, at no fixed rate
    assert not units_compatible("", "")
    assert unit_factor("公顷", "亩") == 15.0
    assert unit_factor("平方公里", "公顷") == 100.0
    assert unit_factor("斤", "吨") == 0.0005
    assert unit_factor("度", "千瓦时") == 1.0


def test_comparable_value_converts_within_the_family_and_keeps_rates():
    d = fixture_dictionary()
    assert d.comparable_value("afforestation", 10, "公顷", "value") == 150
    assert d.comparable_value("grain-output", 76.28e8, "斤", "value") == pytest.approx(3814000)
    assert d.comparable_value("practising-lawyers", 73, "名", "value") == 73
    assert d.comparable_value("gdp", 4.5, "%", "target") == 4.5
    assert d.comparable_value("gdp", 4.1, "%", "change") == 4.1
    assert d.comparable_value("gdp", 4e11, "元", "value") == 4e11
    assert d.comparable_value("gdp", 4.1, "个百分点", "change") is None
    assert d.comparable_value("legal-aid-cases", 920, "人次", "value") is None
    assert d.comparable_value(None, 920, "件", "value") is None
    # 实际使用外资2.1亿美元 is the same quantity, but no fixed rate makes it 元.
    assert classify("实际使用外资", "美元", "value") == "foreign-investment"
    assert d.comparable_value("foreign-investment", 2.1e8, "美元", "value") is None


def test_a_dictionary_is_what_it_is_given():
    # The archive builds it from the table editors keep; a new type or synonym is used at once.
    d = Dictionary([entry_from_row({"slug": "x-cases", "name": "某某案件数", "unit": "件", "synonyms": ["某某纠纷"]})])
    assert d.classify("受理某某纠纷", "件", "value") == "x-cases"
    assert d.classify("法律援助案件", "件", "value") is None


def test_topic_of_a_type():
    assert topic_of("legal-aid-cases") == "legal-aid"
    assert topic_of("gdp") == "economic-development"
    assert topic_of("no-such-type") is None
    assert topic_of(None) is None


def test_a_dictionary_travels_to_worker_processes():
    # ingest --workers pickles the lexicon; the memo of answers stays behind.
    import pickle

    copy = pickle.loads(pickle.dumps(fixture_dictionary()))
    assert copy.classify("办理法律援助案件", "件", "value") == "legal-aid-cases"
    assert len(copy.entries) == len(fixture_dictionary().entries)
