"""fixtures/regions.json (the national GB/T 2260 gazetteer), its aliases and the script that builds it."""
import importlib.util
import json
import re
from collections import Counter

import pytest

from reports.models import Region
from tests.conftest import ROOT

FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="module")
def rows():
    return [row["fields"] for row in json.loads((FIXTURES / "regions.json").read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def by_code(rows):
    return {f["code"]: f for f in rows}


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_regions", FIXTURES / "build_regions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_whole_country_is_there(rows):
    levels = Counter(f["level"] for f in rows)
    assert 3000 < len(rows) < 4000
    assert levels["national"] == 1
    assert levels["province"] == 34
    assert 330 <= levels["city"] <= 340
    assert 2800 <= levels["county"] <= 2900


def test_rows_are_natural_key_fixture_rows():
    raw = json.loads((FIXTURES / "regions.json").read_text(encoding="utf-8"))
    assert all(row["model"] == "reports.region" and "pk" not in row for row in raw)
    assert all(set(row["fields"]) == {"code", "name", "short_name", "level", "parent"} for row in raw)


def test_codes_are_six_digits_and_unique(rows):
    codes = [f["code"] for f in rows]
    assert all(re.fullmatch(r"[0-9]{6}", c) for c in codes)
    assert len(codes) == len(set(codes))


def test_every_parent_exists_and_comes_first(rows):
    seen = set()
    for f in rows:
        if f["parent"] is not None:
            assert f["parent"][0] in seen, f
        seen.add(f["code"])


def test_levels_follow_the_code_structure(rows, by_code):
    for f in rows:
        parent = by_code[f["parent"][0]] if f["parent"] else None
        if f["level"] == "national":
            assert parent is None and f["code"] == "100000"
        elif f["level"] == "province":
            assert parent["level"] == "national" and f["code"].endswith("0000")
        elif f["level"] == "city":
            assert parent["level"] == "province" and f["code"][:2] == parent["code"][:2]
        else:
            assert f["code"][4:] != "00" and parent["level"] in ("city", "province")
            # A county's code starts with its prefecture's code (its province's for 仙桃, 济源 …).
            assert f["code"].startswith(parent["code"][:4] if parent["level"] == "city" else parent["code"][:2])


def test_national_root_comes_first_and_holds_every_province(rows, by_code):
    assert rows[0] == {"code": "100000", "name": "全国", "short_name": "", "level": "national", "parent": None}
    assert all(f["parent"] == ["100000"] for f in rows if f["level"] == "province")
    assert [f["code"] for f in rows if f["parent"] is None] == ["100000"]


def test_municipalities_are_provinces_holding_their_districts(by_code):
    for code, name in [("110000", "北京市"), ("120000", "天津市"), ("310000", "上海市"), ("500000", "重庆市")]:
        assert by_code[code]["name"] == name and by_code[code]["level"] == "province"
    assert by_code["500105"]["name"] == "江北区" and by_code["500105"]["parent"] == ["500000"]
    assert by_code["110105"]["parent"] == ["110000"]
    assert "500100" not in by_code and "500200" not in by_code


def test_no_placeholder_rows(rows):
    names = {f["name"] for f in rows}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划"}


def test_province_administered_units(by_code):
    assert (by_code["429004"]["name"], by_code["429004"]["level"], by_code["429004"]["parent"]) == (
        "仙桃市", "county", ["420000"])
    assert by_code["419001"]["name"] == "济源市" and by_code["419001"]["parent"] == ["410000"]
    assert by_code["460400"]["name"] == "儋州市" and by_code["460400"]["level"] == "city"
    assert by_code["659001"]["name"] == "石河子市" and by_code["659001"]["parent"] == ["650000"]


def test_same_named_districts_are_kept_apart(rows):
    assert sorted(f["code"] for f in rows if f["name"] == "江北区") == ["330205", "500105"]
    assert sorted(f["code"] for f in rows if f["name"] == "鼓楼区") == ["320106", "320302", "350102", "410204"]


@pytest.mark.parametrize("code, short", [
    ("450200", "柳州"), ("450000", "广西"), ("331003", "黄岩"), ("650000", "新疆"), ("422800", "恩施"),
    ("150000", "内蒙古"), ("810000", "香港"), ("120116", "滨海"), ("140302", ""), ("141028", ""),
    ("370103", ""),
])
def test_short_names(by_code, code, short):
    assert by_code[code]["short_name"] == short


def test_aliases_point_at_gazetteer_rows(by_code):
    aliases = json.loads((FIXTURES / "region_aliases.json").read_text(encoding="utf-8"))["aliases"]
    assert aliases
    for alias in aliases:
        assert alias["code"] in by_code, alias
        assert alias["name"] not in {f["name"] for f in by_code.values()}, alias
        assert alias["why"]
    assert {a["name"]: a["code"] for a in aliases}["平潭综合实验区"] == "350128"


def assert_loaded_into_an_empty_database():
    """After `loaddata regions` into an empty database. Checked in tests/reports/test_fixtures.py on the
    archive `setup_archive` loads (regions first, into an empty table), so the country is loaded once."""
    assert Region.objects.count() > 3000
    jiangbei = Region.objects.get(code="500105")
    assert jiangbei.full_name == "重庆市江北区"
    assert Region.objects.get(code="331003").full_name == "浙江省台州市黄岩区"
    assert Region.objects.within("450000").filter(name="柳州市").exists()
    # 全国 is the root: every region lies within it, and no full name repeats it.
    country = Region.objects.get(code="100000")
    assert (country.level, country.full_name, country.get_level_display()) == ("national", "全国", "国家级")
    assert Region.objects.within("100000").count() == Region.objects.count()
    assert Region.objects.get(code="110000").full_name == "北京市"
    assert [r.code for r in Region.objects.get(code="331003").ancestors()] == ["100000", "330000", "331000"]


# ---- the build script, on a source small enough to read ----------------------------------

SOURCE = {"provinces": {
    "重庆市": {"code": "500000000000", "cities": {"": {"code": None, "counties": {"渝中区": "500103000000"}}}},
    "湖北省": {"code": "420000000000", "cities": {
        "武汉市": {"code": "420100000000", "counties": {"江岸区": "420102000000"}},
        "": {"code": None, "counties": {"仙桃市": "429004000000"}},
    }},
    "香港特别行政区": {"code": "810000000000", "cities": {}},
}}
HISTORY = {"events": [
    {"year": 2025, "level": 3, "type": "撤销", "old": {"code": "500105000000", "name": "江北区"}},
    {"year": 2019, "level": 3, "type": "撤销", "old": {"code": "230705000000", "name": "西林区"}},
    {"year": 2025, "level": 3, "type": "新设", "old": {"code": None, "name": None}},
]}


def test_build_rows_orders_parents_first_and_keeps_recent_abolitions(build):
    rows = [row["fields"] for row in build.build_rows(SOURCE, HISTORY)]
    assert [f["code"] for f in rows] == ["100000", "420000", "500000", "810000", "420100", "420102", "429004",
                                         "500103", "500105"]
    by_code = {f["code"]: f for f in rows}
    assert by_code["420000"]["parent"] == ["100000"]
    assert by_code["500103"]["parent"] == ["500000"]
    assert by_code["429004"]["parent"] == ["420000"]
    assert by_code["500105"] == {"code": "500105", "name": "江北区", "short_name": "江北", "level": "county",
                                 "parent": ["500000"]}
    assert "230705" not in by_code  # abolished before ABOLISHED_SINCE


def test_build_rows_refuses_duplicate_codes(build):
    broken = {"provinces": {"甲省": {"code": "110000000000", "cities": {}},
                            "乙省": {"code": "110000000000", "cities": {}}}}
    with pytest.raises(ValueError):
        build.build_rows(broken)


def test_written_fixture_round_trips(build, tmp_path):
    rows = build.build_rows(SOURCE, HISTORY)
    out = tmp_path / "regions.json"
    build.write(rows, out)
    assert json.loads(out.read_text(encoding="utf-8")) == rows


def test_check_refuses_a_child_before_its_parent(build):
    rows = build.build_rows(SOURCE, HISTORY)
    with pytest.raises(ValueError, match="before its parent"):
        build.check(list(reversed(rows)))
