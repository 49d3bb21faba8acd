import json
import re

import pytest
from django.core.management import call_command

from reports.models import Topic
from reports.pipeline import parse_file, parse_text
from reports.text import segment, topics
from reports.text.decode import shadow
from reports.text.outline import parse_outline
from reports.text.segment import Token
from reports.text.types import Document, Indicator, Measure, Section

from ..conftest import DATA, ROOT

ROWS = json.loads((ROOT / "fixtures" / "topics.json").read_text(encoding="utf-8"))


def document(text):
    sections, measures = parse_outline(text, shadow(text), 0)
    return Document(text=text, norm=shadow(text), body_start=0, tokens=segment.tokens(text),
                    sections=sections, measures=measures)


def indicator(text, raw, name, kind="value"):
    start = text.index(raw)
    return Indicator(name=name, value=0, unit="", raw=raw, start=start, end=start + len(raw), kind=kind)


def slug_hits(tokens):
    tax = topics.taxonomy()
    return [(h.start, h.end, [tax.slugs[i] for i in h.topics]) for h in topics.find_hits(tokens, tax)]


# --- the taxonomy fixture

def test_topic_fixture_rows_are_well_formed():
    slugs = [row["fields"]["slug"] for row in ROWS]
    assert len(slugs) == len(set(slugs)) >= 30
    for row in ROWS:
        fields = row["fields"]
        assert row["model"] == "reports.topic" and "pk" not in row
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", fields["slug"]), fields["slug"]
        assert fields["group"] in {"法治政府", "经济社会"}
        assert fields["name"]
        assert fields["description"].endswith("。"), fields["slug"]
        assert 5 <= len(fields["keywords"]) <= 80, fields["slug"]
        assert len(fields["keywords"]) == len(set(fields["keywords"])), fields["slug"]
        for word in fields["keywords"]:
            # segment.ensure_loaded only adds words of 2–12 characters to jieba.
            assert re.fullmatch(r"[\u4e00-\u9fff]{2,12}", word), word
    orders = [row["fields"]["order"] for row in ROWS]
    assert len(orders) == len(set(orders))


# Words TOPICS.md sends to whichever of two topics the measure's own channel names: they are
# listed under both and only reinforce a topic with evidence of its own (measure_topics.py).
SHARED = {"行政争议", "实质性化解", "法律顾问", "减证便民", "民营经济", "重大项目"}


def test_keywords_belong_to_one_topic_unless_deliberately_shared_and_none_is_too_broad():
    owner = {}
    for row in ROWS:
        for word in row["fields"]["keywords"]:
            if word in owner:
                assert word in SHARED, f"{word} in {owner.get(word)} and {row['fields']['slug']}"
            owner[word] = row["fields"]["slug"]
    assert SHARED <= set(owner)
    for broad in ("法治", "法治政府", "法治建设", "依法行政", "工作", "建设", "发展", "政府", "高质量发展", "改革"):
        assert broad not in owner


def test_both_groups_cover_what_the_brief_lists():
    by_group = {}
    for row in ROWS:
        by_group.setdefault(row["fields"]["group"], set()).add(row["fields"]["slug"])
    assert {"administrative-reconsideration", "administrative-litigation", "legal-aid", "people-mediation",
            "public-legal-services", "legal-publicity", "community-corrections",
            "foreign-related-rule-of-law"} <= by_group["法治政府"]
    assert {"economic-development", "science-technology", "education", "health", "ecology-environment",
            "rural-revitalization", "emergency-safety", "government-self-building"} <= by_group["经济社会"]


def test_keywords_are_jieba_words():
    # The same fixture feeds jieba: a keyword comes out of segmentation whole.
    assert [t.word for t in segment.tokens("依法开展行政复议和法律援助工作")].count("法律援助") == 1
    assert "行政机关负责人出庭应诉" in [t.word for t in segment.tokens("推动行政机关负责人出庭应诉")]


@pytest.mark.django_db
def test_topic_fixture_loads_and_reloads_by_natural_key():
    call_command("loaddata", "topics", verbosity=0)
    assert Topic.objects.count() == len(ROWS)
    aid = Topic.objects.get_by_natural_key("legal-aid")
    assert aid.name == "法律援助" and aid.group == "法治政府" and "值班律师" in aid.keywords
    call_command("loaddata", "topics", verbosity=0)
    assert Topic.objects.count() == len(ROWS)


# --- matching on tokens

def test_keyword_split_by_jieba_is_rejoined_from_tokens():
    tokens = [Token("开展", 0, 2, "v"), Token("法律", 2, 4, "n"), Token("援助", 4, 6, "v")]
    assert slug_hits(tokens) == [(2, 6, ["legal-aid"])]


def test_two_character_keyword_never_fires_across_or_inside_words():
    across = [Token("协调", 0, 2, "v"), Token("解决", 2, 4, "v")]  # 调解 straddles the boundary
    inside = [Token("警示教育", 0, 4, "n")]  # 教育 inside a longer word
    assert slug_hits(across) == []
    assert slug_hits(inside) == []


def test_longer_keyword_is_found_inside_a_longer_token():
    assert slug_hits([Token("市法律援助站点", 0, 7, "n")]) == [(1, 6, ["legal-aid"])]


def test_longest_keyword_wins_over_its_parts():
    hits = slug_hits(segment.tokens("深入开展农民工讨薪专项行动"))
    assert [h[2] for h in hits] == [["legal-aid"]]


def test_hits_before_body_start_are_ignored():
    text = "索引号 法律援助\n正文 人民调解"
    tax = topics.taxonomy()
    hits = topics.find_hits(segment.tokens(text), tax, begin=text.index("正文"))
    assert [text[h.start:h.end] for h in hits] == ["人民调解"]


# --- assignment

RULE_OF_LAW = (
    "某市司法局2024年法治政府建设年度报告\n"
    "一、主要举措和成效\n"
    "（一）深化法律援助工作\n"
    "一是扩大法律援助覆盖面。全年办理法律援助案件920件，值班律师提供法律帮助818件。"
    "二是加强人民调解。全年调解矛盾纠纷1200件，调解成功率98.6%。"
    "三是完善工作制度。严格落实各项制度。\n"
    "（二）推进行政复议和应诉工作\n"
    "全年收到行政复议申请314件，行政复议纠错率下降。行政机关负责人出庭应诉率达100%。\n"
    "（三）深化普法宣传\n"
    "深入实施八五普法规划，开展以案释法活动，组织律师参与普法宣传。\n"
    "二、存在的不足\n"
    "基层力量还有待加强。\n"
)


def test_sections_take_the_topics_their_headings_name():
    doc = document(RULE_OF_LAW)
    topics.assign(doc, [])
    by_heading = {s.heading: s.topics for s in doc.sections}
    assert by_heading["深化法律援助工作"][0] == "legal-aid"
    assert by_heading["推进行政复议和应诉工作"][:2] == ["administrative-reconsideration", "administrative-litigation"]
    # The heading (普法) outweighs the body's one mention of 律师.
    assert by_heading["深化普法宣传"] == ["legal-publicity"]
    assert by_heading["存在的不足"] == []


def test_measures_get_their_own_few_topics():
    doc = document(RULE_OF_LAW)
    topics.assign(doc, [])
    measures = {m.number: m.topics for m in doc.measures}
    assert measures["一"][0] == "legal-aid"
    assert measures["二"] == ["people-mediation"]
    # Nothing of a topic in its own words: inheriting from the section is not enough.
    assert measures["三"] == []
    assert all(len(m.topics) <= 3 for m in doc.measures)


def test_indicator_topic_from_name_then_sentence_then_section():
    doc = document(RULE_OF_LAW)
    text = doc.text
    by_name = indicator(text, "920件", "办理法律援助案件")
    by_sentence = indicator(text, "1200件", "件数")  # a name with no keyword: the clause decides
    rate = indicator(text, "98.6%", "调解成功率")
    reconsideration = indicator(text, "314件", "收到行政复议申请")
    appearance = indicator(text, "100%", "行政机关负责人出庭应诉率")
    report = topics.assign(doc, [by_name, by_sentence, rate, reconsideration, appearance])
    assert by_name.topic == "legal-aid"
    assert by_sentence.topic == "people-mediation"
    assert rate.topic == "people-mediation"
    assert reconsideration.topic == "administrative-reconsideration"
    assert appearance.topic == "administrative-litigation"
    assert {"legal-aid", "people-mediation", "administrative-reconsideration"} <= set(report)
    assert "education" not in report


def test_indicator_falls_back_to_its_section_when_nothing_nearby_says():
    text = "一、法律援助\n（一）法律援助工作\n全年新增站点12个。\n"
    doc = document(text)
    found = indicator(text, "12个", "新增站点")
    topics.assign(doc, [found])
    assert found.topic == "legal-aid"


def test_document_without_outline_or_keywords():
    doc = Document(text="今天天气很好。", norm="今天天气很好。", body_start=0, tokens=segment.tokens("今天天气很好。"))
    stray = Indicator(name="", value=1, unit="个", raw="1个", start=0, end=2)
    assert topics.assign(doc, [stray]) == []
    assert stray.topic is None


def test_hand_built_outline_without_ends_or_heading_offsets():
    text = "（一）强化行政执法监督\n一是规范行政执法行为。开展执法检查。"
    doc = Document(text=text, norm=shadow(text), body_start=0, tokens=segment.tokens(text),
                   sections=[Section(level=2, number="一", heading="强化行政执法监督", start=0)],
                   measures=[Measure(ordinal=1, number="一", text=text[13:], start=13, end=len(text),
                                     section_start=0)])
    topics.assign(doc, [])
    assert doc.sections[0].topics == ["administrative-law-enforcement"]
    assert doc.measures[0].topics == ["administrative-law-enforcement"]


def test_government_work_report_through_the_pipeline():
    text = (
        "政府工作报告\n"
        "一、2025年工作回顾\n"
        "（一）经济运行稳中有进\n"
        "地区生产总值增长5.2%，城镇新增就业6.95万人。\n"
        "（二）生态环境持续改善\n"
        "空气质量优良天数比例97.9%，完成国土绿化693.4万亩，草原综合植被盖度稳步提高。\n"
    )
    parsed = parse_text(text)
    by_heading = {s.heading: s.topics for s in parsed.sections}
    assert by_heading["经济运行稳中有进"][0] == "economic-development"
    assert by_heading["生态环境持续改善"] == ["ecology-environment"]
    by_raw = {i.raw: i.topic for i in parsed.indicators}
    assert by_raw.get("693.4万亩") == "ecology-environment"
    assert by_raw.get("97.9%") == "ecology-environment"
    assert by_raw.get("6.95万人") == "employment-income"


def test_sample_reports_get_topics_of_their_kind(sample_paths):
    first = parse_file(sample_paths[0])
    assert {"administrative-law-enforcement", "people-mediation"} <= set(first.topics)
    assert all(slug in {r["fields"]["slug"] for r in ROWS if r["fields"]["group"] == "法治政府"}
               for slug in first.topics[:4])
    assert all(i.topic for i in first.indicators)
    assert all(len(m.topics) <= 3 for m in first.measures)


def test_government_work_report_topics():
    text = (DATA / "texts" / "gov-work-report-2026-qinghai.txt").read_text(encoding="utf-8")
    parsed = parse_text(text)
    # A report is under every topic its measures are about; the ones it spends most measures on come first.
    assert {"ecology-environment", "industry"} <= set(parsed.topics[:3])
    assert {"energy", "culture-tourism", "public-order", "transport-infrastructure"} <= set(parsed.topics)
