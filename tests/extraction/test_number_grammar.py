"""Number grammar and units: values normalised to base units, raw spans, qualifiers."""
import pytest

from ._indicators import extract, one, raws


@pytest.mark.parametrize("text, raw, value, unit", [
    ("全年共受理投诉案件356件。", "356件", 356, "件"),
    ("完成植树造林3.75万亩。", "3.75万亩", 37500, "亩"),
    ("发放补贴资金518.3万元。", "518.3万元", 5183000, "元"),
    ("完成投资42.7亿元。", "42.7亿元", 4270000000, "元"),
    ("服务群众8.9万人次。", "8.9万人次", 89000, "人次"),
    ("本外币贷款余额突破2.5万亿元。", "2.5万亿元", 2500000000000, "元"),
    ("城镇新增就业3.2万人。", "3.2万人", 32000, "人"),
    ("建成光伏电站45万千瓦。", "45万千瓦", 450000, "千瓦"),
    ("新建储能电站8千瓦时。", "8千瓦时", 8, "千瓦时"),
    ("铺设管网1,280公里。", "1,280公里", 1280, "公里"),
    ("受理案件１２３件。", "１２３件", 123, "件"),
    ("满意率达９６．５％。", "９６．５％", 96.5, "%"),
    ("办案周期缩短至4.5个工作日。", "4.5个工作日", 4.5, "个工作日"),
    ("补助标准为1500元/人。", "1500元/人", 1500, "元/人"),
    ("上网电价0.35元/千瓦时。", "0.35元/千瓦时", 0.35, "元/千瓦时"),
    ("算力规模达到3.5万P。", "3.5万P", 35000, "P"),
    ("人均预期寿命78.6岁。", "78.6岁", 78.6, "岁"),
    ("出口额增长2.4倍。", "2.4倍", 2.4, "倍"),
    ("高于全省平均0.8百分点。", "0.8百分点", 0.8, "个百分点"),
])
def test_value_and_base_unit(text, raw, value, unit):
    ind = one(text, raw)
    assert ind.value == pytest.approx(value, rel=1e-9)
    assert ind.unit == unit
    assert text[ind.start:ind.end] == raw


@pytest.mark.parametrize("text, raw, value, qualifier", [
    ("培训律师3.4万余人次。", "3.4万余人次", 34000, "over"),
    ("挽回损失2000余万元。", "2000余万元", 20000000, "over"),
    ("提出建议150多条。", "150多条", 150, "over"),
    ("带动就业超12万人。", "12万人", 120000, "over"),
    ("服务企业超过300家。", "300家", 300, "over"),
    ("接待游客突破8000万人次。", "8000万人次", 80000000, "over"),
    ("总投资逾50亿元。", "50亿元", 5000000000, "over"),
    ("参训人员近600名。", "600名", 600, "nearly"),
    ("覆盖群众约3.6万户。", "3.6万户", 36000, "about"),
    ("经济增长6%左右。", "6%", 6, "about"),
    ("化解率在95%以上。", "95%", 95, "over"),
    ("每年培训不少于40学时。", "40学时", 40, "at-least"),
    ("合格率不低于98%。", "98%", 98, "at-least"),
    ("至少开展12场宣讲。", "12场", 12, "at-least"),
])
def test_qualifiers_inside_and_outside_raw(text, raw, value, qualifier):
    ind = one(text, raw)
    assert ind.value == pytest.approx(value)
    assert ind.qualifier == qualifier


def test_plain_number_has_no_qualifier():
    assert one("办理行政复议案件87件。", "87件").qualifier is None


def test_longest_unit_wins():
    assert one("参与群众1200人次。", "1200人次").unit == "人次"
    assert one("降低3.2个百分点。", "3.2个百分点").unit == "个百分点"
    assert one("开展活动46场次。", "46场次").unit == "场次"


def test_number_without_unit_is_not_an_indicator():
    assert raws("全市共有户籍人口356万，常住人口近400万。") == []
    assert raws("实现营业收入12.5亿，同比持平。") == []


def test_decimal_point_of_a_list_heading_is_not_a_number():
    assert raws("1.项目审批提速。2.件件有回音。") == []


def test_several_quantities_in_one_clause_keep_their_own_spans():
    text = "受理纠纷1021件，调解成功1008件，成功率98.73%，涉及金额1200.18万元。"
    found = extract(text)
    assert [(i.raw, i.value, i.unit) for i in found] == [
        ("1021件", 1021, "件"), ("1008件", 1008, "件"), ("98.73%", 98.73, "%"), ("1200.18万元", 12001800, "元"),
    ]
    for ind in found:
        assert text[ind.start:ind.end] == ind.raw
