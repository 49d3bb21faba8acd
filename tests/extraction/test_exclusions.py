"""What must never come out as an indicator: dates, ordinals, titles, slogans, codes, ranges."""
import pytest

from ._indicators import extract, raws


@pytest.mark.parametrize("text", [
    "2023年，我局扎实推进各项工作。",
    "2022年度考核结果为优秀。",
    "3月15日召开动员大会，1-6月开展专项整治。",
    "9时30分召开会议。",
    "获评第八批全国示范单位，第26届博览会如期举办。",
    "排名进入全省前3位。",
    "印发《推进依法行政三年行动计划（2023-2025年）》和《关于100%覆盖的意见》。",
    "推广“365工作法”和“1+3+N”服务模式。",
    "打造“15分钟便民服务圈”，建设15分钟公共法律服务圈。",
    "提供24小时不打烊服务，落实240小时过境免签政策。",
    "开通12345热线和12348法律服务热线。",
    "PM2.5平均浓度下降，建成5G基站。",
    "推行7×24小时服务。",
    "实施3年行动，部署12部门联合执法。",
    "新建20万吨级泊位。",
    "注释［1］见文末。",
    "收费标准为5%-10%，补助3万元至5万元。",
    "依据该条例第12条、13条的规定。",
    "推行1户1策、1企1档。",
    "做好2025届毕业生就业工作。",
])
def test_not_indicators(text):
    assert raws(text) == []


def test_range_is_skipped_but_a_following_value_is_kept():
    text = "平均办理时间由原来的5-10个工作日缩短至3.8个工作日。"
    assert raws(text) == ["3.8个工作日"]


def test_quoted_speech_keeps_its_figures_but_a_short_slogan_does_not():
    text = "群众说：“这一年家门口新建了12个口袋公园，散步的地方多了，孩子们也有了更多去处。”开展“三个100%”行动。"
    assert raws(text) == ["12个"]


def test_header_before_body_start_is_ignored():
    text = "索引号：11450200/2024-00123\n发布日期：2024年3月1日\n全年办理案件35件。"
    body = text.index("全年")
    assert raws(text, body_start=body) == ["35件"]


def test_duration_that_is_a_real_quantity_is_kept():
    found = extract("窗口平均等候时间压缩至15分钟，审批时限缩短至3天。")
    assert [(i.raw, i.unit) for i in found] == [("15分钟", "分钟"), ("3天", "天")]


def test_unit_character_starting_a_word_is_not_a_unit():
    assert raws("会同5部门开展检查，覆盖12个部门。") == ["12个"]


def test_from_to_is_two_levels_not_a_range():
    assert raws("办理时长由5天压缩到3天，审批环节从原来的8个减少到4个。") == ["5天", "3天", "8个", "4个"]


def test_a_rating_inside_a_project_name_is_not_an_amount():
    text = "宏达新材3.2微米锂电铜箔投产，东湖500千伏变电站投运，新建设50万吨煤炭储备能力。"
    assert raws(text) == ["50万吨"]
