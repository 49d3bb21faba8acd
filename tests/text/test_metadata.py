"""Metadata rules on report shapes written for these tests (not the sample reports)."""
from reports.text.decode import shadow
from reports.text.header import parse_header
from reports.text.metadata import read_metadata


def meta_of(text):
    norm = shadow(text)
    return read_metadata(text, norm, parse_header(text, norm))


def test_header_lines_give_title_agency_and_publication_date():
    text = ("标题: 德清县司法局2023年法治政府建设年度报告\n发布时间: 2024-01-15 10:09\n发布机构: 德清县司法局\n"
            "2023年,德清县司法局坚持以习近平法治思想为指导。\n一、主要举措\n")
    meta = meta_of(text)
    assert meta.title == "德清县司法局2023年法治政府建设年度报告"
    assert meta.agency == "德清县司法局"
    assert (meta.region.province, meta.region.city, meta.region.county, meta.region.code) == (
        "浙江省", "湖州市", "德清县", "330521")
    assert (meta.year, meta.period, meta.issued_on) == (2023, "annual", "2024-01-15")
    assert meta.title_built is False


def test_reference_to_superiors_is_not_the_agency():
    text = "2023年,在市委市政府的坚强领导下,绵阳市司法局扎实推进各项工作。\n一、主要工作\n"
    meta = meta_of(text)
    assert meta.agency == "绵阳市司法局"
    assert meta.region.code == "510700"
    assert meta.title_built and meta.title.startswith("绵阳市司法局2023年")


def test_same_named_district_decided_by_other_clues():
    ningbo = "江北区司法局2024年工作总结\n2024年,江北区司法局服务宁波都市区建设,与镇海区、鄞州区协同推进。\n"
    chongqing = "江北区司法局2024年工作总结\n2024年,江北区司法局与渝中区、沙坪坝区协同,服务重庆发展。\n"
    assert meta_of(ningbo).region.code == "330205"
    assert meta_of(chongqing).region.code == "500105"


def test_government_agency_in_title_and_work_summary_with_plan():
    text = "绵阳市人民政府关于2024年工作总结和2025年工作计划的报告\n2024年,全市上下……\n"
    meta = meta_of(text)
    assert meta.agency == "绵阳市人民政府"
    assert meta.agency_kind == "人民政府"
    assert meta.year == 2024


def test_quarter_and_half_year_periods():
    assert meta_of("2024年第一季度,绵阳市司法局扎实开展工作。\n").period == "quarter"
    half = meta_of("绵阳市司法局2024年上半年工作总结\n2024年上半年,绵阳市司法局……\n")
    assert (half.period, half.year) == ("half-year", 2024)


def test_signature_date_in_chinese_numerals():
    text = "绵阳市司法局2023年法治政府建设年度报告\n2023年,绵阳市司法局……\n特此报告。\n绵阳市司法局\n二〇二四年三月五日\n"
    assert meta_of(text).issued_on == "2024-03-05"


def test_government_work_report_reviews_the_year_before_delivery():
    text = ("2025年政府工作报告\n——2025年1月12日在绵阳市第八届人民代表大会第五次会议上\n市长 张三\n各位代表:\n"
            "现在,我代表市人民政府,向大会报告工作。\n一、2024年工作回顾\n")
    meta = meta_of(text)
    assert meta.kind_hint == "政府工作报告"
    assert meta.agency == "绵阳市人民政府"
    assert (meta.year, meta.issued_on) == (2024, "2025-01-12")
    assert meta.region.code == "510700"


def test_text_without_any_clue_gives_nulls_not_guesses():
    meta = meta_of("今年以来,我们扎实推进各项工作,取得了良好成效。\n")
    assert meta.agency is None and meta.region.code is None
    assert meta.year is None and meta.title is None


def test_a_dated_title_decides_the_period_over_details_in_the_body():
    text = "绵阳市司法局2024年工作总结\n2024年,绵阳市司法局1至6月受理申请360件,全年办理案件2.1万件。\n"
    assert meta_of(text).period == "annual"


def test_undated_government_work_report_takes_the_year_it_reviews():
    text = "政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作。\n一、2024年工作回顾\n过去一年……\n"
    meta = meta_of(text)
    assert (meta.kind_hint, meta.year) == ("政府工作报告", 2024)
