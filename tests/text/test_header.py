from reports.text.decode import shadow
from reports.text.header import parse_header


def header_of(text):
    return parse_header(text, shadow(text))


def test_flattened_table_header_is_read_and_skipped():
    text = (
        "索引号: | 113310030026771540/2025-01248 | 文件编号: | |\n"
        "发布机构: | 区司法局 | 成文日期: | 2025-02-21 |\n"
        "公开方式: | 主动公开 | 公开范围: | 面向全社会 |\n"
        "某县司法局2024年法治政府建设年度报告 | ||||\n"
        "|\n"
        "2024年,某县司法局在县委的领导下……\n"
    )
    head = header_of(text)
    assert head.fields["发布机构"] == "区司法局"
    assert head.fields["成文日期"] == "2025-02-21"
    assert head.fields["索引号"] == "113310030026771540/2025-01248"
    assert head.fields["标题"] == "某县司法局2024年法治政府建设年度报告"
    assert text[head.body_start:].startswith("2024年,某县司法局")


def test_key_and_value_on_separate_lines():
    text = "2026年某省政府工作报告\n发表时间：\n2026-02-09 09:45:30\n来源：\n某省日报\n各位代表：\n现在……"
    head = header_of(text)
    assert head.fields["发表时间"] == "2026-02-09 09:45:30"
    assert head.fields["来源"] == "某省日报"
    assert text[head.body_start:].startswith("各位代表")


def test_speech_front_matter_is_not_body():
    text = "政府工作报告\n——2026年1月27日在某省第十四届人民代表大会第四次会议上\n省长 张三\n2026-01-31 07:00:44\n来源：某省日报\n各位代表：\n"
    head = header_of(text)
    assert head.fields["副标题"].startswith("——2026年1月27日")
    assert head.fields["时间"] == "2026-01-31 07:00:44"
    assert text[head.body_start:] == "各位代表：\n"


def test_a_plain_report_starts_at_once():
    text = "2024年以来,某区司法局深学笃用习近平法治思想。\n一、主要举措\n"
    head = header_of(text)
    assert head.fields == {}
    assert head.body_start == 0
