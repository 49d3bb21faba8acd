"""A 政府工作报告 reviews last year (values) and plans this year (targets), whatever its front matter looks like."""
from collections import Counter

import pytest

from indicators.extraction.kinds import find_zones
from reports.pipeline import parse_text
from reports.text.decode import shadow

FRONT = {
    "dash": "政府工作报告\n——2026年1月14日在北海市第十七届人民代表大会第五次会议上\n北海市市长 张三\n",
    "no dash": "政府工作报告\n2026年1月14日在北海市第十七届人民代表大会第五次会议上\n北海市市长 张三\n",
    "no dash, in the body": "各位代表：\n2026年1月14日在北海会议上\n",
}
BODY = (
    "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n"
    "一、2025年工作回顾\n"
    "过去一年，全市地区生产总值增长6.1%，新增城镇就业3.2万人，建成保障性住房1200套。\n"
    "二、2026年工作安排\n"
    "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业3万人以上。\n"
)


@pytest.mark.parametrize("front", FRONT.values(), ids=FRONT.keys())
def test_review_is_values_and_only_the_plan_is_targets(front):
    report = parse_text(front + BODY)
    assert report.year == 2025
    kinds = {i.raw: i.kind for i in report.indicators}
    assert kinds["1200套"] == "value" and kinds["3.2万人"] == "value"
    assert kinds["5%"] == "target" and kinds["3万人"] == "target"
    assert Counter(kinds.values())["target"] == 2


def test_a_dateline_is_not_a_heading_that_opens_the_plan():
    text = "政府工作报告\n2026年1月27日在某省第十四届人民代表大会第四次会议上\n" + BODY
    zones = find_zones(shadow(text), 0, 2025, "政府工作报告")
    assert zones.future and zones.future[0][0] == text.index("二、2026年工作安排")


def test_an_unnumbered_heading_closes_the_plan_on_a_page_flattened_with_spaces():
    text = ("北海市司法局2023年上半年工作总结 一、上半年工作情况 全市办理案件120件。 "
            "二、下半年工作计划 确保完成20家人民调解工作室创建任务。 "
            "2023年上半年工作亮点 持续推进活动，全市24家律师事务所全部建立联系机制，确保全覆盖。")
    kinds = {i.raw: i.kind for i in parse_text(text).indicators}
    assert (kinds["120件"], kinds["20家"], kinds["24家"]) == ("value", "target", "value")
