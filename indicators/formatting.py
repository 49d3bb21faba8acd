"""The site's one way of writing a number: as people write them (1.2万件, 3.28万亿元, 9,860件, 98.6%).

`human` is for reading (pages, chart labels, tooltips); `plain` is the exact
stored number without trailing zeros (CSV, JSON, admin forms and history), so
that what a researcher downloads is never rounded.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from indicators.models import Direction, Kind, Qualifier

WAN, YI, WANYI = Decimal(10) ** 4, Decimal(10) ** 8, Decimal(10) ** 12
# Largest first: 3.28万亿 rather than 32800亿.
SCALES = ((WANYI, "万亿"), (YI, "亿"), (WAN, "万"))
# A unit already written with a scale (万元, 亿元, 万人次) counts in that many base units.
UNIT_PREFIXES = (("万亿", WANYI), ("亿", YI), ("万", WAN))
# Units no one writes 万 or 亿 in front of: rates, ratios, durations, ages, temperatures.
UNSCALED = frozenset({
    "%", "‰", "个百分点", "百分点", "倍", "成", "岁", "周岁", "年", "个月", "月", "周", "天", "日", "个工作日",
    "工作日", "小时", "分钟", "秒", "℃", "摄氏度", "分", "位", "名次",
})
# How a qualifier reads in front of the number (the choices' labels say where the text had it: 以上/余).
QUALIFIER_WORDS = {
    Qualifier.OVER: "超过",
    Qualifier.ABOUT: "约",
    Qualifier.NEARLY: "近",
    Qualifier.AT_LEAST: "不少于",
}
DIRECTION_WORDS = {Direction.UP: "增长", Direction.DOWN: "下降"}
# Places kept after the decimal point once a number is scaled (234.6亿, 1.23万) or when it is not.
PLACES = 2
# Below 1, places are counted from the first significant digit (0.000125 stays 0.000125).
SMALL_DIGITS = 3


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def plain(value) -> str:
    """650, 43.4, 1200000, 0.000125 — the exact number: no trailing zeros, no exponent, no separators."""
    number = to_decimal(value)
    if number is None:
        return ""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def json_number(value: Decimal) -> int | float:
    """The stored number as a JSON number: 1200, 12.5 (an integer stays one, never 1200.0)."""
    number = value.normalize()
    return int(number) if number == number.to_integral_value() else float(number)


def signed(number, unit: str = "", places: int = 1) -> str:
    """A difference with its sign, rounded: +2.5个百分点, -12.0%, +0.0‰."""
    return f"{number:+.{places}f}{unit}"


def _round(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _digits(number: Decimal, separators: bool) -> str:
    """Trailing zeros dropped; thousands separators in the integer part when asked."""
    text = format(number.normalize(), "f")
    if text in ("-0", "0"):
        return "0"
    if not separators:
        return text
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    whole = f"{int(whole):,}"
    return sign + whole + (f".{fraction}" if fraction else "")


def split_unit(unit: str) -> tuple[Decimal, str]:
    """万元 → (10000, 元): a unit written with a scale, as a multiplier of its base unit."""
    for prefix, factor in UNIT_PREFIXES:
        if unit.startswith(prefix) and len(unit) > len(prefix) and not unit.startswith("万分"):
            return factor, unit[len(prefix):]
    return Decimal(1), unit


def scalable(unit: str) -> bool:
    return unit not in UNSCALED and "/" not in unit and "每" not in unit


def human(value, unit: str = "", places: int = PLACES) -> str:
    """A number with its unit as people write it: 1.2万件, 3.28万亿元, 23.46亿元, 9,860件, 98.6%, 1.5个百分点."""
    number = to_decimal(value)
    if number is None:
        return ""
    unit = unit or ""
    if not scalable(unit):
        return _small_or_plain(number, places) + unit
    factor, base = split_unit(unit)
    number *= factor
    magnitude = abs(number)
    for index, (size, word) in enumerate(SCALES):
        if magnitude < size:
            continue
        scaled = _round(number / size, places)
        if abs(scaled) >= WAN and index:
            # 99999999 rounds to 10000万: write it 1亿.
            size, word = SCALES[index - 1]
            scaled = _round(number / size, places)
        return _digits(scaled, separators=False) + word + base
    return _small_or_plain(number, places) + base


def _small_or_plain(number: Decimal, places: int) -> str:
    magnitude = abs(number)
    if magnitude and magnitude < 1:
        # 0.000125: keep the first few significant digits instead of rounding to 0.
        places = max(places, -magnitude.adjusted() - 1 + SMALL_DIGITS)
    return _digits(_round(number, places), separators=True)


def qualifier_word(qualifier: str) -> str:
    return QUALIFIER_WORDS.get(qualifier, "") if qualifier else ""


def indicator_value(indicator, value=None, unit: str | None = None) -> str:
    """What a reader sees for an indicator: 超过40万件, 增长12.5%, 约3.2万件.

    `value`/`unit` replace the stored ones (a chart plots the comparable value in its type's unit).
    """
    value = indicator.value if value is None else value
    unit = indicator.unit if unit is None else unit
    words = qualifier_word(indicator.qualifier)
    if indicator.kind == Kind.CHANGE and indicator.direction:
        words += DIRECTION_WORDS.get(indicator.direction, "")
    return words + human(value, unit)
