from reports.text.decode import shadow
from reports.text.outline import parse_outline


def outline(text):
    return parse_outline(text, shadow(text), 0)


def test_levels_headings_and_offsets():
    text = (
        "前言。\n"
        "一、主要举措和成效\n"
        "(一)坚持党的领导,统筹推进\n"
        "一是加强学习。二是强化督察。\n"
        "（二）深入学习习近平法治思想。以深入开展主题教育为牵引。\n"
        "二、存在的不足\n"
    )
    sections, measures = outline(text)
    assert [(s.level, s.number, s.heading) for s in sections] == [
        (1, "一", "主要举措和成效"),
        (2, "一", "坚持党的领导,统筹推进"),
        (2, "二", "深入学习习近平法治思想"),
        (1, "二", "存在的不足"),
    ]
    assert text[sections[1].start] == "("
    assert text[sections[2].start] == "（"
    assert sections[0].end == sections[3].start
    assert [(m.number, m.text) for m in measures] == [("一", "一是加强学习。"), ("二", "二是强化督察。")]
    assert measures[0].section_start == sections[1].start


def test_whole_report_on_one_line():
    text = ("总体情况良好。 一、2024年主要举措 (一)统筹推进依法治区工作。认真履行职责,审查议题338件。"
            " (二)深入推进依法决策。严格执行规则。 二、存在的不足 2024年仍有差距。")
    sections, _ = outline(text)
    assert [(s.level, s.heading) for s in sections] == [
        (1, "2024年主要举措"), (2, "统筹推进依法治区工作"), (2, "深入推进依法决策"), (1, "存在的不足"),
    ]


def test_phrases_and_out_of_sequence_numbers_are_not_headings():
    text = "一、总体情况\n推进多网合一、一网通办。\n三、这不是第二个标题\n二、真正的第二部分\n"
    sections, _ = outline(text)
    assert [(s.number, s.heading) for s in sections] == [("一", "总体情况"), ("二", "真正的第二部分")]


def test_heading_broken_after_its_bracket():
    text = "一、回顾\n（一）经济运行稳中有进。\n正文。\n（\n二）产业发展提质增效。\n正文。\n"
    sections, _ = outline(text)
    assert [s.heading for s in sections if s.level == 2] == ["经济运行稳中有进", "产业发展提质增效"]


def test_numbering_restarts_under_each_part_and_repeats():
    text = "一、甲部分\n(一)甲一\n(二)甲二\n二、乙部分\n(一)乙一\n一、附件部分\n(一)附一\n"
    sections, _ = outline(text)
    assert [(s.level, s.heading) for s in sections] == [
        (1, "甲部分"), (2, "甲一"), (2, "甲二"), (1, "乙部分"), (2, "乙一"), (1, "附件部分"), (2, "附一"),
    ]


def test_measures_follow_their_series_and_stop_at_the_paragraph():
    text = "一、举措\n一是建立机制;二是完善制度;四是不在序列中。\n另起一段,不属于举措。\n"
    _, measures = outline(text)
    assert [m.text for m in measures] == ["一是建立机制;", "二是完善制度;四是不在序列中。"]


def test_table_rows_of_a_disclosure_report_are_not_headings():
    text = (
        "一、总体情况\n全年主动公开政府信息156条。\n"
        "二、收到和处理政府信息公开申请情况\n"
        "| 一、本年新收政府信息公开申请数量 | 12 |\n"
        "| 二、上年结转政府信息公开申请数量 | 0 |\n"
        "| 第二十条第(一)项 |\n"
        "三、存在的主要问题及改进情况\n"
    )
    sections, _ = outline(text)
    assert [(s.level, s.number) for s in sections] == [(1, "一"), (1, "二"), (1, "三")]


def test_a_repeated_number_is_kept_and_the_sequence_goes_on():
    text = "一、甲\n(一)甲一\n(二)甲二\n(二)甲二又一条\n(三)甲三\n"
    sections, _ = outline(text)
    assert [s.heading for s in sections if s.level == 2] == ["甲一", "甲二", "甲二又一条", "甲三"]


def test_second_level_items_run_together_in_one_paragraph():
    text = ("一、主要举措\n(一)加强学习。组织学习12次。(二)强化督察。开展督察5次。(三)优化服务。\n"
            "二、问题\n工作中存在不足。主要有：(一)是人员少;(二)是经费紧。\n")
    sections, _ = outline(text)
    assert [(s.level, s.heading) for s in sections] == [
        (1, "主要举措"), (2, "加强学习"), (2, "强化督察"), (2, "优化服务"), (1, "问题"),
    ]


def test_flattened_page_with_headings_glued_together():
    text = ("2024年,我局扎实推进各项工作。一、主要举措(一)加强法治宣传。开展普法活动120场。"
            "依据第二十条第(一)项规定办理。(二)化解矛盾纠纷。调处纠纷56起。二、存在问题(一)队伍不足。")
    sections, _ = outline(text)
    assert [(s.level, s.heading) for s in sections] == [
        (1, "主要举措"), (2, "加强法治宣传"), (2, "化解矛盾纠纷"), (1, "存在问题"), (2, "队伍不足"),
    ]
