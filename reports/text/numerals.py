"""Chinese numerals as used in outlines and dates (一 … 九十九, 〇/零, 两)."""
from __future__ import annotations

_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_to_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 九十九 → 99; digit-by-digit 二〇二四 → 2024; None if not a numeral."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "十" not in s:
        if all(ch in _DIGITS for ch in s):
            value = 0
            for ch in s:
                value = value * 10 + _DIGITS[ch]
            return value
        return None
    tens, _, ones = s.partition("十")
    if (tens and tens not in _DIGITS) or (ones and ones not in _DIGITS) or len(tens) > 1 or len(ones) > 1:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)
