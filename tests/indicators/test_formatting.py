"""The site's one number formatter: values as people write them; exact numbers for downloads."""
from decimal import Decimal
from types import SimpleNamespace

import pytest

from indicators.formatting import human, indicator_value, json_number, plain, signed


@pytest.mark.parametrize("value, unit, expected", [
    # 万 / 亿 / 万亿 as people write them
    (12000, "件", "1.2万件"),
    (32000, "件", "3.2万件"),
    (10000, "件", "1万件"),
    (12345, "件", "1.23万件"),
    (3.28e12, "元", "3.28万亿元"),
    (Decimal("23460000000"), "元", "234.6亿元"),
    (Decimal("2346000000"), "元", "23.46亿元"),
    (Decimal("6416500"), "元", "641.65万元"),
    (400000, "件", "40万件"),
    (99999999, "人", "1亿人"),  # 10000万 is written 1亿
    (999999999999, "元", "1万亿元"),
    (Decimal("1E16"), "元", "10000万亿元"),  # no scale beyond 万亿
    # a unit already written with a scale counts in its base unit
    (32800, "亿元", "3.28万亿元"),
    (5000, "万元", "5000万元"),
    (Decimal("641.65"), "万元", "641.65万元"),
    (3, "万人次", "3万人次"),
    # below 万: thousands separators, trailing zeros dropped
    (9860, "件", "9,860件"),
    (9994, "件", "9,994件"),
    (Decimal("9999.5"), "件", "9,999.5件"),
    (Decimal("1200.000000"), "件", "1,200件"),
    (Decimal("1234.5"), "吨", "1,234.5吨"),
    (650, "名", "650名"),
    (0, "件", "0件"),
    (Decimal("-0.000000"), "件", "0件"),
    (Decimal("43.40"), "公里", "43.4公里"),
    (Decimal("3.14159"), "公里", "3.14公里"),
    # rates, ratios, durations: never 万 or 亿
    (Decimal("98.600000"), "%", "98.6%"),
    (98, "%", "98%"),
    (Decimal("12.50"), "%", "12.5%"),
    (-3.5, "%", "-3.5%"),
    (1.5, "个百分点", "1.5个百分点"),
    (Decimal("0.000125"), "%", "0.000125%"),
    (Decimal("0.5"), "‰", "0.5‰"),
    (12000, "天", "12,000天"),
    (Decimal("3.8"), "个工作日", "3.8个工作日"),
    (25000, "元/吨", "25,000元/吨"),
    # no unit, no value
    (520, "", "520"),
    (32000, "", "3.2万"),
    (None, "件", ""),
    ("", "件", ""),
    ("abc", "件", ""),
])
def test_human(value, unit, expected):
    assert human(value, unit) == expected


@pytest.mark.parametrize("value, expected", [
    (Decimal("1200.000000"), "1200"),
    (Decimal("23460000000.000000"), "23460000000"),
    (Decimal("0.000125"), "0.000125"),
    (Decimal("-0.000000"), "0"),
    (12.5, "12.5"),
    (None, ""),
])
def test_plain_keeps_the_exact_number(value, expected):
    assert plain(value) == expected


def ind(value, unit, qualifier="", kind="value", direction=""):
    return SimpleNamespace(value=Decimal(str(value)), unit=unit, qualifier=qualifier, kind=kind, direction=direction)


@pytest.mark.parametrize("indicator, expected", [
    (ind(400000, "件", "over"), "超过40万件"),
    (ind(32000, "件", "about"), "约3.2万件"),
    (ind(5000, "人", "nearly"), "近5,000人"),
    (ind(100, "家", "at-least"), "不少于100家"),
    (ind(12.5, "%", kind="change", direction="up"), "增长12.5%"),
    (ind(2, "个百分点", kind="change", direction="down"), "下降2个百分点"),
    (ind(6, "%", "about", kind="target"), "约6%"),
    (ind(1200, "件"), "1,200件"),
    (ind(1200, "件", "bogus"), "1,200件"),
])
def test_indicator_value_says_the_qualifier_in_words(indicator, expected):
    assert indicator_value(indicator) == expected


def test_indicator_value_in_another_unit():
    # A chart plots the comparable value in its type's unit.
    assert indicator_value(ind(641.65, "万元", "over"), Decimal("6416500"), "元") == "超过641.65万元"


@pytest.mark.parametrize("value, expected", [
    (Decimal("1200.000000"), 1200), (Decimal("12.500000"), 12.5), (Decimal("0.000125"), 0.000125), (Decimal("-3"), -3),
])
def test_json_number_keeps_integers_integral(value, expected):
    number = json_number(value)
    assert number == expected and type(number) is type(expected)


@pytest.mark.parametrize("number, unit, expected", [
    (Decimal("2.46"), "个百分点", "+2.5个百分点"), (Decimal("-12"), "%", "-12.0%"), (Decimal("0"), "‰", "+0.0‰"),
])
def test_signed_differences_carry_their_sign(number, unit, expected):
    assert signed(number, unit) == expected
