"""The typing pass reads each figure in its sentence before asking the dictionary (comparable.py)."""
import pytest

from indicators.extraction.dictionary import Dictionary, entry_from_row, place_names, strip_places
from reports.pipeline import Lexicon, fixture_lexicon, parse_text

HEAD = "某某市司法局2024年法治政府建设年度报告\n"


def typed(body, lexicon=None):
    return [(i.raw, i.indicator_type) for i in parse_text(HEAD + body + "\n", lexicon=lexicon).indicators]


def test_bare_verbs_borrow_the_object_of_the_figure_before():
    assert typed("收到行政复议申请114件，办结113件。") == [
        ("114件", "administrative-reconsideration-cases"), ("113件", "administrative-reconsideration-concluded")]
    assert typed("受理矛盾纠纷10096件，成功化解10088件。")[1] == ("10088件", "mediation-success-cases")


def test_a_breakdown_in_brackets_is_not_the_total():
    assert typed("收到行政复议申请114件，办结113件(其中，2022年76件，2023年37件)。")[2:] == [
        ("76件", None), ("37件", None)]


def test_the_verb_after_the_object():
    assert typed("组织对264件行政规范性文件进行清理，宣布失效30件，修改3件。") == [
        ("264件", "normative-documents-cleared"), ("30件", "normative-documents-repealed"),
        ("3件", "normative-documents-amended")]


def test_several_years_are_not_one_year():
    assert typed("五年来，全市累计办理法律援助案件5000件。") == [("5000件", None)]
    assert typed("“十四五”以来，全省地区生产总值突破3万亿元。") == [("3万亿元", None)]
    # Under a paragraph about five years a level reached is the latest value; a flow is their sum.
    assert typed("这是法治建设成效显著的五年。\n全市律师事务所达到120家，新增执业律师800名，办理法律援助案件3万件。") == [
        ("120家", "law-firms"), ("800名", None), ("3万件", None)]
    assert typed("地区生产总值年均增长5.7%。") == [("5.7%", None)]
    assert typed("单位地区生产总值能耗比2020年下降13.5%。") == [("13.5%", None)]
    assert typed("行政争议实质性化解率较2023年提升了10个百分点。") == [
        ("10个百分点", "administrative-dispute-resolution-rate")]


def test_comparisons_named_lists_and_earlier_values_get_no_type():
    assert typed("地区生产总值增长5.1%，高于全省1.2个百分点。") == [("5.1%", "gdp"), ("1.2个百分点", None)]
    assert typed("成立甲、乙等2个法律援助工作站。") == [("2个", None)]
    assert typed("全市223个司法所全部成功创建五星规范化司法所。") == [("223个", None)]
    assert typed("全体居民人均可支配收入由2.57万元增加到3.52万元。") == [
        ("2.57万元", None), ("3.52万元", "disposable-income")]
    assert typed("对全区809名执法人员全覆盖进行轮训。") == [("809名", None)]


def test_values_convert_to_the_type_unit():
    [ind] = parse_text(HEAD + "完成营造林20万公顷。\n").indicators
    assert (ind.indicator_type, ind.value, ind.unit, ind.comparable_value) == ("afforestation", 200000, "公顷", 3000000)


def test_own_region_and_higher_bodies():
    places = place_names("青海省", None, None)
    assert places == ("青海省", "青海")
    assert strip_places("青海省地区生产总值", places) == "地区生产总值"
    text = ("信阳市人民政府2023年法治政府建设年度报告\n信阳市人民政府\n"
            "建立50个市政府立法联系点，成功申报8个省政府立法联系点。\n")
    inds = parse_text(text).indicators
    assert [(i.raw, i.indicator_type) for i in inds] == [("50个", "legislative-contact-points"), ("8个", None)]


@pytest.mark.parametrize("body", ["局党组会议29次。", "召开党组理论学习中心组学习17次。"])
def test_internal_work_gets_no_type(body):
    assert all(t is None for _, t in typed(body))


def test_the_dictionary_passed_in_is_the_one_used():
    entry = entry_from_row({"slug": "x-events", "name": "宪法宣传周活动场次", "unit": "场", "synonyms": ["宪法宣传周活动"]})
    lexicon = Lexicon(taxonomy=fixture_lexicon().taxonomy, dictionary=Dictionary([entry]))
    assert typed("开展宪法宣传周活动35场。", lexicon) == [("35场", "x-events")]
    assert typed("开展宪法宣传周活动35场。") == [("35场", None)]


def test_a_verb_after_the_noun_says_what_was_counted_of_it():
    assert typed("全县社区矫正对象累计接收230人，现有在册社区矫正对象186人。") == [
        ("230人", "community-corrections-received"), ("186人", "community-corrections-persons")]
    assert typed("行政复议案件受理120件，办结110件。") == [
        ("120件", "administrative-reconsideration-cases"), ("110件", "administrative-reconsideration-concluded")]


def test_totals_reached_keep_their_type():
    assert typed("全市地区生产总值完成3280亿元，一般公共预算收入实现215亿元。") == [
        ("3280亿元", "gdp"), ("215亿元", "general-budget-revenue")]
