"""A report mirrored in Traditional characters is analysed through a same-length Simplified shadow."""
from collections import Counter
from pathlib import Path

import opencc

from reports.pipeline import fixture_lexicon, parse_text
from reports.text.decode import shadow
from reports.text.formats import read_document
from reports.text.formats.noise import strip_pinyin

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample_reports" / "000_6d2be61a73a6c314.txt"


def test_shadow_of_traditional_text_is_simplified_and_the_same_length():
    text = "柳州市司法局2024年法治政府建設年度報告。辦理法律援助案件９２０件，同比上升4.3%，於全市統籌推進。"
    norm = shadow(text)
    assert len(norm) == len(text)
    assert norm == "柳州市司法局2024年法治政府建设年度报告。办理法律援助案件920件,同比上升4.3%,于全市统筹推进。"


def test_a_simplified_text_is_left_alone():
    # 乾 and 於 are also Simplified characters: in a Simplified text they must not change.
    text = "乾隆年间的於姓人家，" + "办理法律援助案件920件。" * 10
    assert shadow(text) == text.replace("，", ",")


def test_traditional_mirror_gives_the_indicators_of_the_original():
    simplified = SAMPLE.read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert len(traditional) == len(simplified) and traditional != simplified
    lexicon = fixture_lexicon()

    original, mirror = parse_text(simplified, lexicon=lexicon), parse_text(traditional, lexicon=lexicon)

    def values(parsed):
        return Counter((i.value, i.unit, i.kind) for i in parsed.indicators)

    assert values(mirror) == values(original) and len(mirror.indicators) > 20
    assert [(s.level, s.number) for s in mirror.sections] == [(s.level, s.number) for s in original.sections]
    assert (mirror.year, mirror.period, mirror.agency) == (original.year, original.period, original.agency)
    # Offsets index the Traditional text as stored.
    for ind in mirror.indicators:
        assert traditional[ind.start:ind.end] == ind.raw
    assert mirror.sections[0].heading == "2024年度推進法治政府建設的主要舉措和成效"


def test_pinyin_glosses_are_noise():
    assert strip_pinyin("系統(tǒng)治理，辦理案件1.2萬(wàn)件，（一）加強(qiáng)領導") == "系統治理，辦理案件1.2萬件，（一）加強領導"
    # Brackets that are not glosses stay: abbreviations, years, numbering, words without tones.
    kept = "PPP(AB)模式(2024)完成(one)任务（一）工作(2)项"
    assert strip_pinyin(kept) == kept


def test_glossed_mirror_reads_like_the_clean_text():
    clean = "一、主要舉措\n辦理法律援助案件1.2萬件，同比上升5%。"
    glossed = "一、主要舉(jǔ)措\n辦(bàn)理法律援助案件1.2萬(wàn)件，同比上升5%。"
    doc = read_document(glossed.encode("utf-8"), "mirror.txt")
    assert doc.text == clean
    page = "<html><body><div><p>" + glossed.replace("\n", "</p><p>") + "</p></div></body></html>"
    assert read_document(page.encode("utf-8"), "mirror.html").text == clean
    ruby = "<html><body><p>一、主要舉措</p><p><ruby>辦<rp>(</rp><rt>bàn</rt><rp>)</rp></ruby>理法律援助案件1.2萬件，同比上升5%。</p></body></html>"
    assert read_document(ruby.encode("utf-8"), "ruby.html").text == clean
