"""Measures of every shape a report uses: 一是 items, numbered items, run-in leads, paragraphs."""
import json

import pytest

from reports.models import Measure as MeasureRow
from reports.pipeline import parse_file
from reports.text.decode import shadow
from reports.text.outline import parse_outline
from tests.conftest import DATA, SAMPLES

FILLER = "，组织专题培训和案卷评查，推动各项制度落到实处，群众满意度持续提升。"


def measures(text):
    return parse_outline(text, shadow(text), 0)[1]


def shape(text):
    return [(m.kind, m.marker, m.text[:12]) for m in measures(text)]


def test_ordinal_items_are_the_measures_of_a_section_that_has_them():
    text = ("一、主要举措\n（一）加强执法监督\n本节先说总体情况" + FILLER + "\n"
            "一是健全执法监督体系" + FILLER + "二是开展案卷评查" + FILLER + "\n")
    assert [(m.kind, m.marker, m.text[:10]) for m in measures(text)] == [
        ("ordinal", "一是", "一是健全执法监督体系"), ("ordinal", "二是", "二是开展案卷评查，组")]


def test_numbered_items_on_their_own_lines():
    text = ("一、主要举措\n（一）法律服务\n"
            "1.加强法律援助。全年办理法律援助案件920件" + FILLER + "\n"
            "2.深化人民调解。调解矛盾纠纷1200件" + FILLER + "\n"
            "（二）下一步\n全面提升公共法律服务水平" + FILLER + "\n")
    got = measures(text)
    assert [(m.kind, m.marker, m.number) for m in got[:2]] == [("numbered", "1.", "1"), ("numbered", "2.", "2")]
    assert got[0].text.startswith("1.加强法律援助。") and got[0].text.endswith("提升。")
    assert got[2].kind == "paragraph" and got[2].text.startswith("全面提升公共法律服务水平")


def test_bracketed_numbered_items_inside_a_paragraph():
    text = ("一、主要做法\n围绕三个方面推进：（1）规范执法行为" + FILLER + "（2）强化执法监督" + FILLER
            + "（3）落实行政执法责任制" + FILLER + "\n")
    assert shape(text) == [("numbered", "（1）", "（1）规范执法行为，组织"), ("numbered", "（2）", "（2）强化执法监督，组织"),
                           ("numbered", "（3）", "（3）落实行政执法责任制")]


def test_run_in_leads_of_a_government_work_report_run_to_the_next_lead():
    text = ("三、2026年重点工作\n（一）推动全面绿色转型\n"
            "提升科技创新质效。完善全口径科技创新投入机制" + FILLER + "\n"
            "这一段没有领句，但仍属于上面的举措，继续写科技成果转化和人才培养的具体安排" + FILLER + "\n"
            "加力扩大有效投资。用足用好中央预算内投资和地方政府专项债券" + FILLER + "\n")
    got = measures(text)
    assert [(m.kind, m.text[:9]) for m in got] == [("lead", "提升科技创新质效。"), ("lead", "加力扩大有效投资。")]
    assert "这一段没有领句" in got[0].text and "加力扩大" not in got[0].text


def test_a_lead_on_its_own_line_heads_the_paragraph_under_it():
    text = ("（一）聚焦双碳引领，推动全面绿色转型\n"
            "加强生态系统保护修复。\n实施自然保护地整合优化，提升国家公园建设水平" + FILLER + "\n"
            "纵深推进碳达峰专项行动。\n落实碳排放总量和强度双控制度" + FILLER + "\n")
    got = measures(text)
    assert [(m.kind, m.text.split("\n")[0]) for m in got] == [
        ("lead", "加强生态系统保护修复。"), ("lead", "纵深推进碳达峰专项行动。")]


def test_paragraphs_where_a_section_has_no_markers_and_what_is_never_a_measure():
    text = ("一、工作情况\n"
            "（一）统筹推进依法治区工作。认真履行依法治区办职责，统筹召开委员会会议" + FILLER + "\n"
            "（二）深入推进政府依法决策\n"
            "严格执行行政决策法制审核制度，全年审查区政府常务会议议题338件" + FILLER + "\n"
            "| 一、本年新收政府信息公开申请数量 | 12 | 这是表格中的一行，不是举措，无论它有多长多长多长 |\n"
            "特此报告。\n"
            "2024年2月29日\n"
            "各位代表！让我们更加紧密地团结在一起，为实现今年目标任务而努力奋斗" + FILLER + "\n"
            "注释\n［1］一降三减：全年火灾起数总体下降，火灾亡人数、伤人数减少，财产损失减少，这一段是注释。\n")
    got = measures(text)
    assert [(m.kind, m.text[:10]) for m in got] == [
        # A run-in heading is the lead of the text it opens: the measure starts with it, after （一）.
        ("paragraph", "统筹推进依法治区工作"),
        # A heading on its own line is no measure; the paragraph under it is.
        ("paragraph", "严格执行行政决策法制"),
    ]
    assert got[0].start == text.index("统筹推进依法治区工作")
    assert all(m.section_start is not None for m in got)


def test_labels_carry_the_marker_of_every_kind():
    ordinal = MeasureRow(kind="ordinal", number="二", marker="二是", text="加强执法。")
    assert ordinal.label() == "二是加强执法。"
    typed_by_editor = MeasureRow(kind="ordinal", number="三", marker="", text="加强执法。")
    assert typed_by_editor.label() == "三是加强执法。"
    assert MeasureRow(kind="numbered", number="1", marker="1.", text="1.加强执法。").label() == "1.加强执法。"
    assert MeasureRow(kind="lead", text="提升科技创新质效。完善机制。").label(6) == "提升科技创新…"
    assert MeasureRow(kind="paragraph", text="严格执行制度。").label() == "严格执行制度。"


GOLDEN = DATA / "measures.json"


def _paths():
    return sorted(SAMPLES.glob("*.txt")) + sorted((DATA / "texts").glob("*.txt"))


@pytest.mark.parametrize("path", _paths(), ids=lambda p: p.stem[:12])
def test_measures_of_the_shipped_reports_match_the_golden_file(path):
    """Spans and kinds as read and checked by hand when the golden file was written; a change in the
    outline shows up here as a diff to review (regenerate with `python tests/text/test_measures.py`)."""
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))[path.name]
    got = [[m.start, m.end, m.kind] for m in parse_file(path).measures]
    assert got == expected


def test_every_report_in_the_golden_file_has_measures_a_reader_can_browse():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert set(golden) == {p.name for p in _paths()}
    for name, items in golden.items():
        assert len(items) >= 10, name
        assert all(end - start >= 17 for start, end, _ in items), name


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps(
        {p.name: [[m.start, m.end, m.kind] for m in parse_file(p).measures] for p in _paths()},
        ensure_ascii=False, indent=0,
    ) + "\n", encoding="utf-8")
