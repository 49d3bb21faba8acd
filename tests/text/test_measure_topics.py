"""A measure's topics from weighted evidence (TOPICS.md), on hand-made texts of other agencies too."""
import pytest

from reports.pipeline import parse_text

SECTOR = (
    "某县应急管理局2024年工作总结\n一、主要工作\n"
    "一是强化安全生产监管。开展危险化学品、消防安全、特种设备专项整治，排查安全隐患1200处，全年未发生较大生产安全事故。\n"
    "二是做好防汛防台和森林防灭火工作。修订应急预案，组织应急演练12场次，转移群众3000人次，确保人民群众生命财产安全。\n"
    "三是推进渔港经济区建设。完善渔港码头、冷链物流等设施，发展休闲渔业和水产养殖，带动渔民增收。\n"
    "四是加快水利工程建设。新建水闸3座，加固海堤12公里，实施防洪工程和水库除险加固。\n"
    "五是严格规范行政执法。以优化营商环境为目标，全面落实行政执法三项制度，开展执法案卷评查，全年办理行政处罚案件56件。\n"
    "六是加强公共法律服务。建成村居公共法律服务站86个，本单位获评全国法律援助工作先进集体。\n"
    "七是打击违法犯罪维护社会稳定。配合公安、法院开展扫黑除恶和反诈宣传，严惩电信网络诈骗犯罪，信访总量下降12%。\n"
)


@pytest.fixture(scope="module")
def sector():
    return {m.text[:2]: m for m in parse_text(SECTOR).measures}


@pytest.mark.parametrize("lead, expected", [
    ("一是", ["emergency-safety"]),
    ("二是", ["emergency-safety"]),
    ("三是", ["rural-revitalization"]),
    ("四是", ["transport-infrastructure"]),  # 水利工程 (水库, 水闸, 防洪工程) is infrastructure
    ("五是", ["administrative-law-enforcement"]),  # 以优化营商环境为目标: a purpose, no business topic
    ("六是", ["public-legal-services"]),  # 获评…法律援助…先进集体: an award, no legal-aid topic
    ("七是", ["public-order"]),  # courts and police, 扫黑除恶, 反诈, 信访
])
def test_sector_measures_get_the_topic_of_what_they_do(sector, lead, expected):
    assert sector[lead].topics == expected


def test_every_topic_comes_with_the_keywords_that_gave_it(sector):
    measure = sector["一是"]
    assert set(measure.evidence) == set(measure.topics)
    assert {"安全生产", "危险化学品", "消防安全"} <= set(measure.evidence["emergency-safety"])


CHANNELS = (
    "某区司法局2024年法治政府建设年度报告\n一、主要举措\n"
    "一是促进行政争议实质性化解。发挥行政复议主渠道作用，推行复调对接，全年纠错案件12件。\n"
    "二是促进行政争议实质性化解。推动行政机关负责人出庭应诉，出庭应诉率100%，加强府院联动。\n"
    "三是促进行政争议实质性化解。落实行政复议体制改革，同时推动负责人出庭应诉，减少行政败诉。\n"
)


def test_a_shared_keyword_follows_the_channel_the_measure_names():
    topics = [m.topics for m in parse_text(CHANNELS).measures]
    assert topics[0] == ["administrative-reconsideration"]
    assert topics[1] == ["administrative-litigation"]
    assert set(topics[2]) == {"administrative-reconsideration", "administrative-litigation"}


def test_a_heading_adds_context_but_never_a_topic_by_itself():
    text = ("某区司法局2024年工作总结\n一、主要举措\n（一）深化行政复议工作\n"
            "一是抓好队伍作风。组织开展作风纪律教育，严格请销假制度，全年开展谈心谈话28人次。\n")
    measure = parse_text(text).measures[0]
    assert "administrative-reconsideration" not in measure.topics


def test_a_report_is_under_every_topic_one_of_its_measures_is_about():
    parsed = parse_text(SECTOR)
    assert {"emergency-safety", "rural-revitalization", "transport-infrastructure", "public-order",
            "public-legal-services", "administrative-law-enforcement"} <= set(parsed.topics)
    assert parsed.topics[0] == "emergency-safety"  # two of its measures: first
    assert "legal-aid" not in parsed.topics
