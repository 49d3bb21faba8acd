import codecs

import pytest

from reports.text.decode import decode, shadow
from reports.text.types import ExtractionError

REPORT = "柳州市司法局2024年法治政府建设年度报告\n一、主要举措\n办理法律援助案件９２０件，同比上升４３．４％。\n"


def test_utf8_with_and_without_bom_decode_to_the_same_text():
    assert decode(REPORT.encode("utf-8")) == REPORT
    assert decode(codecs.BOM_UTF8 + REPORT.encode("utf-8")) == REPORT


def test_gb18030_and_gbk_are_detected():
    assert decode(REPORT.encode("gb18030")) == REPORT
    assert decode(REPORT.encode("gbk")) == REPORT


def test_empty_file_is_named_in_the_error():
    with pytest.raises(ExtractionError, match="empty.txt：文件是空的"):
        decode(b"  \n\r\n", "empty.txt")


def test_binary_file_is_refused_with_its_name():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    with pytest.raises(ExtractionError, match="logo.png：这是二进制文件"):
        decode(png, "logo.png")


def test_undecodable_bytes_are_reported():
    with pytest.raises(ExtractionError, match="既不是 UTF-8 也不是 GB18030"):
        decode(b"\x81\x30\x81" * 5 + b"\xff\xff\xff", "odd.txt")


def test_shadow_keeps_length_and_maps_full_width_forms():
    text = "同比上升４３．４％（一）　１２３４５热线|表格"
    norm = shadow(text)
    assert len(norm) == len(text)
    assert norm == "同比上升43.4%(一) 12345热线 表格"
