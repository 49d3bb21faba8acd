"""The Django-free region resolver, on the real national gazetteer (no database)."""
import json

import pytest

from reports.text.regions import Gazetteer
from reports.text.types import RegionRef
from tests.conftest import DATA, SAMPLES


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def code_of(ref):
    return ref.code if ref else None


# ---- look-ups -------------------------------------------------------------------------

def test_default_is_loaded_once(gaz):
    assert Gazetteer.default() is gaz


def test_get_and_chain(gaz):
    assert gaz.get("450200").name == "柳州市"
    assert gaz.get("450200").short_name == "柳州"
    assert gaz.get("999999") is None
    assert [p.name for p in gaz.chain("331003")] == ["浙江省", "台州市", "黄岩区"]
    assert [p.name for p in gaz.chain("500105")] == ["重庆市", "江北区"]
    assert gaz.chain("999999") == []


def test_to_ref_ordinary_county(gaz):
    assert gaz.to_ref("331003") == RegionRef("浙江省", "台州市", "黄岩区", "331003")


def test_to_ref_municipality_is_its_own_city(gaz):
    assert gaz.to_ref("500105") == RegionRef("重庆市", "重庆市", "江北区", "500105")
    assert gaz.to_ref("110000") == RegionRef("北京市", "北京市", None, "110000")


def test_to_ref_province_administered_county_has_no_city(gaz):
    assert gaz.to_ref("429004") == RegionRef("湖北省", None, "仙桃市", "429004")


def test_to_ref_unknown_code_is_empty(gaz):
    assert gaz.to_ref("000000") == RegionRef()


# ---- same-named districts -----------------------------------------------------------------

def test_jiangbei_with_chongqing_clues(gaz):
    text = "江北区司法局2024年工作总结。全区与渝中区、沙坪坝区协同推进，落实重庆市委部署。"
    assert gaz.resolve("江北区司法局", text) == RegionRef("重庆市", "重庆市", "江北区", "500105")


def test_jiangbei_with_ningbo_clues(gaz):
    text = "江北区司法局2024年工作总结。在宁波市司法局指导下，全面落实浙江省法治建设要求。"
    assert gaz.resolve("江北区司法局", text) == RegionRef("浙江省", "宁波市", "江北区", "330205")


def test_jiangbei_from_neighbouring_districts_only(gaz):
    text = "江北区与镇海区、鄞州区建立跨区调解协作机制。"
    assert code_of(gaz.resolve("江北区司法局", text)) == "330205"
    text = "江北区与渝中区、九龙坡区、南岸区共建法律服务联盟。"
    assert code_of(gaz.resolve("江北区司法局", text)) == "500105"


def test_agency_naming_the_city_needs_no_other_clue(gaz):
    assert code_of(gaz.resolve("宁波市江北区司法局", "")) == "330205"
    assert code_of(gaz.resolve("重庆市江北区司法局", "")) == "500105"


@pytest.mark.parametrize("clue, code", [
    ("南京市", "320106"), ("徐州", "320302"), ("福州市", "350102"), ("福建省", "350102"),
    ("开封市", "410204"), ("河南", "410204"), ("玄武区、秦淮区", "320106"),
])
def test_gulou_decided_by_other_names(gaz, clue, code):
    text = f"鼓楼区人民政府2023年法治政府建设情况报告。在{clue}的统一部署下开展工作。"
    assert code_of(gaz.resolve("鼓楼区人民政府", text)) == code


def test_gulou_tie_between_two_jiangsu_districts_gives_their_province(gaz):
    text = "鼓楼区人民政府认真贯彻江苏省委决策部署。"
    assert gaz.resolve("鼓楼区人民政府", text) == RegionRef("江苏省", None, None, "320000")


def test_gulou_without_any_clue_is_not_guessed(gaz):
    assert gaz.resolve("鼓楼区人民政府", "鼓楼区人民政府2023年工作总结。") is None


def test_chaoyang_beijing_or_changchun(gaz):
    assert code_of(gaz.resolve("朝阳区司法局", "朝阳区司法局在北京市司法局指导下")) == "110105"
    assert code_of(gaz.resolve("朝阳区司法局", "朝阳区司法局在长春市司法局指导下")) == "220104"


# ---- agencies without their own place -----------------------------------------------------

def test_bare_district_agency_from_title_line(gaz):
    text = "台州市黄岩区司法局2024年法治政府建设年度报告\n2024年，全局在区委、区政府领导下……"
    assert gaz.resolve("区司法局", text) == RegionRef("浙江省", "台州市", "黄岩区", "331003")


def test_bare_district_agency_from_body(gaz):
    text = "2024年，黄岩区司法局在区委、区政府的正确领导下，在市司法局的大力指导下，扎实推进各项工作。"
    assert code_of(gaz.resolve("区司法局", text)) == "331003"


def test_bare_city_agency(gaz):
    text = "2023年，在市委、市政府的正确领导下，柳州市司法局坚持以习近平法治思想为指导。"
    assert code_of(gaz.resolve("市司法局", text)) == "450200"


def test_bare_agency_without_its_name_in_text_takes_the_main_place_of_that_kind(gaz):
    text = "黄岩区坚持依法行政，黄岩区法治政府建设成效明显；路桥区亦有经验交流。台州市统一部署。"
    assert code_of(gaz.resolve("区司法局", text)) == "331003"


def test_region_from_a_header_hint(gaz):
    assert code_of(gaz.resolve(None, "2024年工作总结", hints=["台州市黄岩区司法局"])) == "331003"


def test_township_body_takes_its_county(gaz):
    # 东城 is also 北京's 东城区: inside an agency chain it must not win over 黄岩区.
    assert code_of(gaz.resolve("黄岩区东城街道办事处", "")) == "331003"


# ---- levels --------------------------------------------------------------------------

def test_city_agency(gaz):
    text = "柳州市司法局2024年法治政府建设年度报告。深入践行习近平总书记关于广西工作论述。"
    assert gaz.resolve("柳州市司法局", text) == RegionRef("广西壮族自治区", "柳州市", None, "450200")


def test_city_agency_with_office_suffix(gaz):
    assert code_of(gaz.resolve("北海市司法局办公室", "")) == "450500"


def test_province_level_agency(gaz):
    text = "政府工作报告\n——2026年1月27日在青海省第十四届人民代表大会第四次会议上\n西宁、海东两市……"
    assert gaz.resolve("青海省人民政府", text) == RegionRef("青海省", None, None, "630000")


def test_province_administered_county_level_city(gaz):
    assert gaz.resolve("仙桃市司法局", "") == RegionRef("湖北省", None, "仙桃市", "429004")
    assert gaz.resolve("济源市人民政府", "") == RegionRef("河南省", None, "济源市", "419001")


def test_municipality_district(gaz):
    assert gaz.resolve("北京市朝阳区人民政府", "") == RegionRef("北京市", "北京市", "朝阳区", "110105")


# ---- zones -----------------------------------------------------------------------------

def test_pilot_zone_takes_its_county(gaz):
    text = "平潭综合实验区管委会2024年法治政府建设工作报告"
    assert gaz.resolve("平潭综合实验区管委会", text) == RegionRef("福建省", "福州市", "平潭县", "350128")


def test_new_area_spanning_counties_takes_their_city(gaz):
    assert gaz.resolve("雄安新区管理委员会", "") == RegionRef("河北省", "保定市", None, "130600")


# ---- evidence from text alone -----------------------------------------------------------

def test_short_name_as_only_clue(gaz):
    assert code_of(gaz.resolve(None, "深入践行习近平总书记关于广西工作论述的重要要求。")) == "450000"
    assert code_of(gaz.resolve(None, "一年来，柳州法治建设取得新成效，柳州营商环境持续优化。")) == "450200"


def test_short_name_of_a_district(gaz):
    assert code_of(gaz.resolve(None, "黄岩法治建设迈上新台阶。")) == "331003"


def test_no_place_at_all(gaz):
    text = "全国法治政府建设取得新成效。中央全面依法治国委员会部署，坚持统筹发展和安全，中方表示欢迎。"
    assert gaz.resolve(None, text) is None
    assert gaz.resolve("司法局", text) is None
    assert gaz.mentions(text) == []


def test_empty_input(gaz):
    assert gaz.resolve(None, "") is None
    assert gaz.resolve("", None) is None


# ---- mentions ------------------------------------------------------------------------

def test_mentions_longest_name_with_offsets(gaz):
    text = "广西壮族自治区柳州市鱼峰区"
    found = [(s, e, p.code) for s, e, p in gaz.mentions(text)]
    assert found == [(0, 7, "450000"), (7, 10, "450200"), (10, 13, "450203")]


def test_mentions_same_named_district_once_per_place(gaz):
    codes = sorted(p.code for _, _, p in gaz.mentions("江北区"))
    assert codes == ["330205", "500105"]


@pytest.mark.parametrize("text", [
    "统筹发展和安全",      # 和安县 across 和|安全
    "中小金融机构",        # 小金县 across 中小|金融
    "三江源国家公园",      # 三江, 江源
    "践行绿水青山就是金山银山理念",
    "城区和郊区",          # districts of 长治 and 铜陵, but here the words 'urban' and 'suburban'
    "推进老城区改造",      # 洛阳's 老城区, here the old town
    "市和县两级",          # 和县 across 市和|县
    "形成县域经济",        # 成县 across 形成|县域
    "东方红，太阳升",       # 东方市
    "维护和平稳定",        # 和平区
    "中方表示",            # 中方县
    "人大和政协",          # 和政县
    "打造滨海城市带",      # 海城市 (辽宁) inside 滨海|城市
])
def test_ordinary_words_are_not_places(gaz, text):
    assert gaz.mentions(text) == []


def test_word_reaching_into_the_previous_name_does_not_hide_the_next(gaz):
    # 省长 is a word, but 省 belongs to 湖南省: 长沙市 still stands.
    assert [p.code for _, _, p in gaz.mentions("湖南省长沙市")] == ["430000", "430100"]


def test_market_is_not_a_city_suffix(gaz):
    text = "柳州市场监督管理局"
    assert [(text[s:e], p.code) for s, e, p in gaz.mentions(text)] == [("柳州", "450200")]


def test_ordinary_name_allowed_where_an_agency_starts(gaz):
    # 城区 is a district of 长治市 and of 阳泉市 and an everyday word; at the head of an agency it is a place.
    ref = gaz.resolve("城区司法局", "城区司法局在阳泉市委领导下")
    assert code_of(ref) == "140302"


# ---- the sample reports ---------------------------------------------------------------

GOLD = sorted((DATA / "gold").glob("*.json"))


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_sample_reports_resolve_to_gold_region(gaz, gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    name = gold_path.stem + ".txt"
    path = SAMPLES / name if (SAMPLES / name).exists() else DATA / "texts" / name
    text = path.read_text(encoding="utf-8")
    agencies = gold["agency_short"] if isinstance(gold["agency_short"], list) else [gold["agency_short"]]
    for agency in agencies:
        assert gaz.resolve(agency, text).to_json() == gold["region"]
    # The text alone also tells, even for 江北区 (its 重庆 mentions outweigh 宁波's nothing).
    assert gaz.resolve(None, text).to_json() == gold["region"]


# ---- a long text ---------------------------------------------------------------------

def test_a_long_text_resolves_to_its_province(gaz):
    # The load and resolve times are measured in bench/bench_components.py.
    text = (DATA / "texts" / "gov-work-report-2026-qinghai.txt").read_text(encoding="utf-8")
    text = (text * 2)[:50_000]
    assert code_of(gaz.resolve(None, text)) == "630000"
