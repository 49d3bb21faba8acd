"""Copies that differ only by accident are one report; near-copies are measured."""
import codecs

from reports.models import content_hash_of
from reports.text.duplicates import NEAR_DUPLICATE, identity, similarity

TEXT = "柳州市司法局2024年法治政府建设年度报告\n一、主要举措\n办理法律援助案件920件，同比上升5%。\n"


def test_line_endings_bom_spaces_and_trailing_white_space_do_not_make_a_new_report():
    copies = [
        TEXT.replace("\n", "\r\n"),
        TEXT.replace("\n", "\r"),
        codecs.BOM_UTF8.decode("utf-8") + TEXT,
        TEXT.replace("\n", "  \n") + "\n\n",
        "\u3000\u3000" + TEXT.replace("\n", "\n\u3000\u3000"),
        "  " + TEXT.replace("\n", "\n    ").replace("，", "， "),
    ]
    for copy in copies[:-1]:
        assert identity(copy) == identity(TEXT)
        assert content_hash_of(copy) == content_hash_of(TEXT)
    # White space inside a line is collapsed, not removed: "， " differs from "，".
    assert content_hash_of(copies[-1]) != content_hash_of(TEXT)


def test_a_changed_figure_is_a_different_report():
    assert content_hash_of(TEXT.replace("920件", "921件")) != content_hash_of(TEXT)


def test_similarity_of_near_copies():
    body = "".join(f"第{i}项工作办理法律援助案件{i * 7}件，同比上升{i % 9}%。" for i in range(300))
    assert similarity(body, body) == 1.0
    one_figure = body.replace("700件", "701件", 1)
    assert NEAR_DUPLICATE <= similarity(body, one_figure) < 1.0
    half = body[: len(body) // 2]
    assert similarity(body, half) < 0.6
    assert similarity(body, "完全不同的另一篇报告内容。" * 50) < 0.05
    assert similarity("", body) == 0.0
