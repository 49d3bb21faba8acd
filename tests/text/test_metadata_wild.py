"""Metadata of documents as they arrive from the wild: page chrome, national bodies, joint issuers,
delivery lines without their dash, flattened pages. Hand-written texts of those shapes."""
from reports.text.decode import shadow
from reports.text.header import parse_header, with_page_fields
from reports.text.metadata import read_metadata

NATIONAL = {"province": None, "city": None, "county": None, "code": "100000"}


def meta_of(text, page=None):
    norm = shadow(text)
    return read_metadata(text, norm, with_page_fields(parse_header(text, norm), page))


def region(meta):
    return meta.region.to_json()


MINISTRY_PAGE = (
    "无障碍 | 简体 | 繁體 | 今天是：2024年12月3日 星期二\n"
    "当前位置：首页 > 政务公开 > 法治政府建设\n"
    "司法部2023年法治政府建设年度报告\n"
    "发布时间：2024-03-28 10:00  来源：司法部  浏览次数：1234\n"
    "【字体：大 中 小】 打印 关闭\n"
    "2023年，在以习近平同志为核心的党中央坚强领导下，司法部坚持以习近平新时代中国特色社会主义思想为指导。\n"
    "一、2023年推进法治政府建设的主要举措和成效\n"
    "（一）深入学习贯彻习近平法治思想。组织专题学习12次。\n"
    "二、2024年工作安排\n"
    "版权所有：中华人民共和国司法部 ©2009-2024 京ICP备0000000号\n"
)


def test_national_ministry_page_with_chrome():
    meta = meta_of(MINISTRY_PAGE)
    assert meta.title == "司法部2023年法治政府建设年度报告"
    assert meta.agency == "司法部"
    assert region(meta) == NATIONAL
    assert (meta.year, meta.issued_on) == (2023, "2024-03-28")


def test_national_body_named_only_by_the_body_and_the_page_source():
    text = ("今天是2019年12月3日 星期二\n"
            "2023年，应急管理部认真贯彻落实党中央、国务院决策部署，全面推进依法行政。\n一、主要举措\n")
    meta = meta_of(text)
    assert meta.agency == "应急管理部" and region(meta) == NATIONAL
    assert meta.year == 2023  # not the 2019 of the date widget
    page = meta_of("一年来，我部坚持依法行政，组织培训12场次。\n一、主要举措\n",
                   page={"来源": "生态环境部", "发布时间": "2024-02-26 09:30"})
    assert page.agency == "生态环境部" and region(page) == NATIONAL
    assert (page.issued_on, page.year) == ("2024-02-26", 2023)


def test_superiors_cited_in_the_opening_are_not_the_issuer():
    text = "2023年，在党中央、国务院的坚强领导下，国家统计局坚持依法统计。\n一、主要工作\n"
    assert meta_of(text).agency == "国家统计局"


def test_local_branch_of_a_national_body_is_local():
    text = "国家税务总局柳州市税务局2023年法治政府建设年度报告\n2023年，全局坚持依法治税。\n"
    meta = meta_of(text)
    assert meta.region.code == "450200"
    assert meta.agency.endswith("柳州市税务局")


def test_local_report_mentioning_a_ministry_keeps_its_own_agency():
    text = ("黄岩区司法局2023年法治政府建设年度报告\n"
            "2023年，黄岩区司法局在司法部和省司法厅的指导下，扎实推进法治建设。\n一、主要举措\n")
    meta = meta_of(text)
    assert meta.agency == "黄岩区司法局" and meta.region.code == "331003"


def test_joint_report_of_party_committee_and_government_names_both():
    text = ("中共黄岩区委 黄岩区人民政府关于2023年法治政府建设情况的报告\n"
            "台州市委、市政府：\n2023年，区委区政府坚持以习近平法治思想为指导。\n一、主要举措\n"
            "中共台州市黄岩区委 台州市黄岩区人民政府\n2024年1月30日\n")
    meta = meta_of(text)
    assert meta.agency == "中共台州市黄岩区委 台州市黄岩区人民政府"
    assert meta.region.code == "331003"
    assert (meta.year, meta.issued_on) == (2023, "2024-01-30")


def test_joint_report_written_short_takes_its_place_from_the_text():
    text = ("区委区政府关于2023年度法治政府建设工作情况的报告\n"
            "2023年，在市委市政府的坚强领导下，黄岩区坚持依法行政，全区完成立法项目3件。\n一、主要举措\n")
    meta = meta_of(text)
    assert meta.agency == "中共黄岩区委 黄岩区人民政府"
    assert meta.region.code == "331003"


def test_chrome_dates_and_copyright_year_are_never_the_documents():
    text = ("今天是2019年12月3日 星期二 农历十一月初八\n"
            "北海市司法局法治政府建设年度报告\n"
            "今年以来，我局坚持依法行政，办理行政复议案件23件。\n一、主要举措\n"
            "北海市司法局\n2024年2月20日\n"
            "版权所有 北海市司法局 ©2009-2024\n今天是2019年12月3日 星期二\n")
    meta = meta_of(text)
    assert meta.issued_on == "2024-02-20"
    assert meta.year == 2023  # issued early in 2024 about the year before
    assert meta.agency == "北海市司法局"


def test_year_covered_wins_over_the_date_of_publication():
    text = ("某局工作情况\n2024年3月5日，我们召开总结会。2023年，北海市司法局共办理案件100件。\n")
    assert meta_of(text).year == 2023


def test_delivery_line_without_dash_is_the_issued_date_and_sets_the_year():
    text = ("政府工作报告\n2026年1月14日在北海市第十七届人民代表大会第五次会议上\n北海市市长 张三\n"
            "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n一、2025年工作回顾\n")
    norm = shadow(text)
    head = parse_header(text, norm)
    assert head.fields["副标题"].startswith("2026年1月14日在")
    assert text[head.body_start:].startswith("各位代表")
    meta = read_metadata(text, norm, head)
    assert (meta.issued_on, meta.year) == ("2026-01-14", 2025)
    assert meta.agency == "北海市人民政府" and meta.region.code == "450500"


def test_state_council_work_report_is_national():
    text = ("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强\n"
            "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、2023年工作回顾\n")
    meta = meta_of(text)
    assert meta.agency == "国务院" and region(meta) == NATIONAL
    assert (meta.year, meta.issued_on) == (2023, "2024-03-05")


def test_flattened_page_keeps_title_date_and_source_inside_its_one_line():
    text = ("无障碍 简体 繁體 今天是：2019年12月3日 星期二 首页 > 政务公开 > 法治政府建设年度报告 "
            "应急管理部2023年法治政府建设年度报告 发布时间：2024-03-29 09:00 来源：应急管理部 "
            "2023年，应急管理部坚持依法行政。 一、主要举措和成效 （一）健全制度。制定规章3件。 二、存在的不足")
    meta = meta_of(text)
    assert meta.title == "应急管理部2023年法治政府建设年度报告"
    assert meta.agency == "应急管理部" and region(meta) == NATIONAL
    assert (meta.year, meta.issued_on) == (2023, "2024-03-29")


def test_page_metadata_fills_what_the_text_leaves_out_and_never_overrides_it():
    text = "标题: 北海市司法局2023年法治政府建设年度报告\n2023年，我局坚持依法行政。\n"
    meta = meta_of(text, page={"标题": "网站首页", "发布时间": "2024-01-10 08:00", "来源": "北海市司法局"})
    assert meta.title == "北海市司法局2023年法治政府建设年度报告"
    assert (meta.issued_on, meta.agency, meta.region.code) == ("2024-01-10", "北海市司法局", "450500")


def test_signature_date_closing_a_flattened_page():
    text = "北海市司法局2023年法治政府建设年度报告 2023年，我局坚持依法行政，办理案件23件。 北海市司法局 2024年2月20日"
    assert meta_of(text).issued_on == "2024-02-20"


def test_traditional_page_is_read_through_its_simplified_shadow():
    if shadow("廣西壯族自治區柳州市司法局法治政府建設年度報告") != "广西壮族自治区柳州市司法局法治政府建设年度报告":
        import pytest
        pytest.skip("the Traditional shadow (reports/text/traditional.py) arrives with the formats branch")
    text = ("今天是：2019年12月3日 星期二\n廣西壯族自治區柳州市司法局2023年法治政府建設年度報告\n"
            "發布時間：2024-02-20 09:00\n2023年，柳州市司法局堅持依法行政，辦理案件120件。\n一、主要舉措和成效\n")
    meta = meta_of(text)
    assert meta.title == "廣西壯族自治區柳州市司法局2023年法治政府建設年度報告"  # as the page writes it
    assert meta.agency == "广西壮族自治区柳州市司法局" and meta.region.code == "450200"
    assert (meta.year, meta.issued_on) == (2023, "2024-02-20")
    ministry = meta_of("應急管理部2023年度報告 2023年，應急管理部堅持依法行政，推進法治政府建設，辦理行政復議案件。 一、主要舉措")
    assert (ministry.agency, ministry.region.code, ministry.year) == ("应急管理部", "100000", 2023)


def test_departments_in_general_are_not_ministries():
    text = ("2023年，全市司法部门和公安部门坚持依法行政，教育部署到位，按照国家和省的部署推进工作。\n一、主要举措\n"
            "北海市司法局\n2024年2月20日\n")
    meta = meta_of(text)
    assert meta.agency == "北海市司法局" and meta.region.code == "450500"


def test_delivery_line_in_brackets_is_front_matter():
    text = "政府工作报告\n（2026年1月14日在北海市第十七届人民代表大会第五次会议上）\n各位代表：\n一、2025年工作回顾\n"
    meta = meta_of(text)
    assert (meta.issued_on, meta.year) == ("2026-01-14", 2025)


def test_site_update_time_and_view_counts_date_nothing():
    text = ("北海市司法局法治政府建设工作报告\n更新时间：2025-06-30 08:00\n"
            "一年来，北海市司法局坚持依法行政。\n一、主要举措\n北海市司法局\n浏览次数：1234 更新时间：2025年6月30日\n")
    meta = meta_of(text)
    assert meta.issued_on is None and meta.year is None
    assert meta.agency == "北海市司法局"


def test_a_year_inside_a_cited_plan_is_not_the_year_covered():
    text = "按照《北海市法治政府建设实施方案（2021-2025年）》要求，2023年，北海市司法局坚持依法行政。\n一、主要举措\n"
    assert meta_of(text).year == 2023


def test_a_joint_superior_in_the_opening_is_not_the_issuer():
    text = "2023年，在中共黄岩区委、黄岩区人民政府的坚强领导下，黄岩区司法局坚持依法行政。\n一、主要举措\n"
    meta = meta_of(text)
    assert meta.agency == "黄岩区司法局" and meta.region.code == "331003"


def test_ministries_by_their_official_short_forms():
    for name in ("国家发展改革委", "人力资源社会保障部", "科技部", "中华人民共和国交通运输部", "最高人民法院"):
        meta = meta_of(f"{name}2023年法治政府建设年度报告\n2023年，{name}坚持依法行政。\n一、主要举措\n")
        assert (meta.agency, region(meta), meta.year) == (name, NATIONAL, 2023)


def test_township_keeps_its_own_name_and_takes_its_county():
    text = ("大新镇人民政府2023年法治政府建设工作报告\n"
            "2023年，在大新县委县政府的坚强领导下，大新镇坚持依法行政。\n一、主要举措\n")
    meta = meta_of(text)
    assert meta.agency == "大新镇人民政府"
    assert (meta.region.city, meta.region.county, meta.region.code) == ("崇左市", "大新县", "451424")


def test_the_page_source_is_the_last_resort_for_the_agency():
    text = "来源：北海市人民政府网\n2023年，北海市司法局坚持依法行政。\n一、主要举措\n"
    assert meta_of(text).agency == "北海市司法局"
    assert meta_of("一年来，我局坚持依法行政。\n", page={"来源": "北海市司法局"}).agency == "北海市司法局"


def test_a_bracketed_date_under_the_title_is_the_documents_date():
    text = "北海市司法局2023年法治政府建设年度报告\n（2024年3月1日）\n2023年，北海市司法局坚持依法行政。\n一、主要举措\n"
    norm = shadow(text)
    head = parse_header(text, norm)
    assert text[head.body_start:].startswith("2023年，")
    meta = read_metadata(text, norm, head)
    assert (meta.issued_on, meta.year) == ("2024-03-01", 2023)


def test_sub_district_office_keeps_its_name_and_takes_its_county():
    text = ("新华街道办事处2023年法治政府建设工作报告\n"
            "2023年，新华街道办事处在青秀区委区政府的坚强领导下坚持依法行政，服务南宁市青秀区发展。\n一、主要举措\n")
    meta = meta_of(text)
    assert meta.agency == "新华街道办事处"
    assert meta.region.code == "450103"
