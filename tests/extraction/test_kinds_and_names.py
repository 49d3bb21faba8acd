"""Kinds (value / change / target), direction, the owner of a change, and names."""
import pytest

from ._indicators import extract, one


@pytest.mark.parametrize("text, raw, direction", [
    ("税收收入同比增长6.2%。", "6.2%", "up"),
    ("办案量比去年同期增加21%。", "21%", "up"),
    ("优良率较2022年提升了约3个百分点。", "3个百分点", "up"),
    ("事故起数下降12.5%。", "12.5%", "down"),
    ("办理时限压缩60%。", "60%", "down"),
    ("申报材料精简45%。", "45%", "down"),
    ("出口额增长1.6倍。", "1.6倍", "up"),
])
def test_changes_and_direction(text, raw, direction):
    ind = one(text, raw)
    assert ind.kind == "change"
    assert ind.direction == direction


@pytest.mark.parametrize("text, raw", [
    ("森林覆盖率提升至45.2%。", "45.2%"),         # a level reached
    ("增速高于全国1.2个百分点。", "1.2个百分点"),   # a gap to another place
    ("新增市场主体3632户。", "3632户"),             # new things counted, not a change
    ("人均收入提高到4.1万元。", "4.1万元"),
])
def test_levels_and_gaps_are_values(text, raw):
    ind = one(text, raw)
    assert ind.kind == "value"
    assert ind.direction is None


def test_change_takes_the_name_of_the_indicator_it_follows():
    text = "全年受理行政复议案件412件，同比增长18.3%。"
    value, change = extract(text)
    assert value.name.endswith("行政复议案件")
    assert change.kind == "change" and change.name == value.name


def test_change_after_a_bracketed_breakdown_belongs_to_the_total():
    text = "办理公证案件1500件（其中涉外公证300件、国内公证1200件），比去年同期增加9%。"
    found = extract(text)
    change = found[-1]
    assert change.raw == "9%" and change.kind == "change"
    assert change.name == found[0].name == "办理公证案件"


def test_distributive_list_keeps_kind_and_direction():
    text = "粮食、油料产量分别增长2.1%、3.4%。"
    a, b = extract(text)
    assert (a.kind, a.direction, b.kind, b.direction) == ("change", "up", "change", "up")
    assert (a.name, b.name) == ("粮食产量", "油料产量")


def test_goals_of_a_government_work_report_are_targets():
    text = (
        "政府工作报告\n一、2025年工作回顾\n全市生产总值增长5.2%，新增就业2.1万人。\n"
        "二、2026年重点工作\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业2万人以上。\n"
        "新建改造农村公路800公里。\n"
    )
    found = {i.raw: i for i in extract(text, year=2025, kind_hint="政府工作报告")}
    assert found["5.2%"].kind == "change" and found["2.1万人"].kind == "value"
    assert found["5%"].kind == "target" and found["5%"].qualifier == "about"
    assert found["5%"].name == "地区生产总值"
    assert found["2万人"].kind == "target" and found["2万人"].qualifier == "over"
    assert found["800公里"].kind == "target"


def test_plan_section_of_an_agency_report_needs_a_cue_word():
    text = (
        "一、2024年工作情况\n全年调解纠纷520件。\n二、2025年工作计划\n"
        "确保完成15家调解工作室建设任务。持续发挥全市36个公共法律服务站作用。\n"
    )
    found = {i.raw: i for i in extract(text, year=2024)}
    assert found["520件"].kind == "value"
    assert found["15家"].kind == "target"
    assert found["36个"].kind == "value"


@pytest.mark.parametrize("text, raw, name", [
    ("全年共调解矛盾纠纷11358件。", "11358件", "调解矛盾纠纷"),
    ("全年主持召开18次局务会议。", "18次", "局务会议"),
    ("行政诉讼案件败诉率为6.5%。", "6.5%", "行政诉讼案件败诉率"),
    ("调解成功率达97.2%。", "97.2%", "调解成功率"),
    ("为农民工追回欠薪356万元。", "356万元", "为农民工追回欠薪"),
    ("全市各级调解组织共开展矛盾纠纷排查3.2万次。", "3.2万次", "矛盾纠纷排查"),
    ("建成“枫桥式”司法所26个。", "26个", "建成“枫桥式”司法所"),
    ("培育64个“一村一品”示范村。", "64个", "“一村一品”示范村"),
    ("办理时间由原来的7个工作日缩短至2个工作日。", "2个工作日", "办理时间"),
    ("清理不符合上位法规定的规范性文件28件。", "28件", "规范性文件"),
])
def test_names(text, raw, name):
    assert one(text, raw).name == name


def test_name_never_empty_and_never_swallows_a_previous_number():
    text = "受理案件1200件，其中办结1150件，结案率95.8%。"
    for ind in extract(text):
        assert ind.name and not any(ch.isdigit() for ch in ind.name)


def test_a_later_year_with_a_cue_makes_a_target_outside_a_plan_section():
    text = ("一、总体情况\n全年共收到政府信息公开申请86件，较上年减少12件。\n四、存在的主要问题及改进情况\n"
            "2024年，将进一步加强培训，计划开展专题培训不少于4次。\n")
    found = {i.raw: i for i in extract(text, year=2023)}
    assert found["86件"].kind == "value"
    assert found["12件"].kind == "change" and found["12件"].direction == "down"
    assert found["4次"].kind == "target" and found["4次"].qualifier == "at-least"
    assert found["4次"].name == "专题培训"


def test_a_plan_named_in_a_title_does_not_make_a_result_a_target():
    text = "2024年，印发《提升行政执法质量三年行动计划(2023-2025年)》，获评全国民主法治示范村2个。\n"
    assert one(text, "2个", year=2024).kind == "value"


def test_a_name_does_not_reach_back_across_a_flattened_heading():
    text = "调解成功率98%以上。二、下一步计划 力争普法活动覆盖率达到100%。"
    assert one(text, "100%").name == "普法活动覆盖率"


def test_gong_inside_gonggong_is_not_a_total_marker():
    assert one("一般公共预算收入612.6亿元。", "612.6亿元").name == "一般公共预算收入"
    assert one("全年共办理公共法律服务事项3200件。", "3200件").name == "办理公共法律服务事项"


def test_the_body_doing_the_counting_is_not_part_of_the_name():
    assert one("2024年，绵阳市司法局建成调解室120个。", "120个").name == "建成调解室"
    assert one("县人民法院受理行政案件86件。", "86件").name == "受理行政案件"


def test_respectively_gives_each_quantity_its_own_name():
    text = "办结率、满意率分别达到98.5%、99.2%。工业、服务业增加值分别增长6.1%、4.3%。"
    assert [i.name for i in extract(text)] == ["办结率", "满意率", "工业增加值", "服务业增加值"]


def test_respectively_after_values_hands_each_change_to_its_value():
    text = "受理行政复议案件120件、行政诉讼案件45件，分别同比增长15%和下降8%。"
    changes = [(i.name, i.direction) for i in extract(text) if i.kind == "change"]
    assert changes == [("受理行政复议案件", "up"), ("行政诉讼案件", "down")]


def test_from_year_to_year_keeps_the_name_for_both_levels():
    text = "法律援助案件数由2022年的850件增加到2023年的920件。"
    assert [i.name for i in extract(text)] == ["法律援助案件数", "法律援助案件数"]


def test_only_before_the_number_is_not_part_of_the_name():
    assert one("专职调解员仅有18名。", "18名").name == "专职调解员"


def test_a_lead_over_an_average_is_named_after_its_indicator():
    text = "全区GDP增长6.5%，高于全省平均0.8个百分点。"
    lead = one(text, "0.8个百分点")
    assert (lead.kind, lead.name) == ("value", "GDP高于全省平均")


def test_respectively_over_full_phrases_adds_no_head():
    text = "进口货值、入境游客、离岛免税销售额分别增长38.9%、64%、46.8%。一产、二产、三产增加值分别增长6%、5.2%、5.1%。"
    assert [i.name for i in extract(text)] == [
        "进口货值", "入境游客", "离岛免税销售额", "一产增加值", "二产增加值", "三产增加值",
    ]
