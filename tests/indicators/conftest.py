"""The indicator pages use the same hand-built archive as the report pages, plus one economic quantity."""
from types import SimpleNamespace

import pytest

from indicators.models import IndicatorType
from tests.builders import make_agency, make_indicator, make_report
from tests.reports.conftest import archive, archive_once, fresh_cache  # noqa: F401

HZ_2023 = "杭州市2023年政府工作报告\n一、回顾\n全市地区生产总值达到1.88万亿元，增长5.6%。\n"
HZ_2024 = ("杭州市2024年政府工作报告\n一、回顾\n地区生产总值2.19万亿元，增长4.7%。\n"
           "二、目标\n2025年地区生产总值增长5.5%左右，力争达到2.3万亿元。\n")
XH_2024 = "西湖区2024年政府工作报告\n一、回顾\n地区生产总值234.6亿元，增长6%。\n"
LZ_2024 = "柳州市2024年政府工作报告\n一、回顾\n地区生产总值约3200亿元。\n"
HY_2024_HALF = "黄岩区2024年上半年工作总结\n一、上半年\n上半年地区生产总值276亿元。\n"


@pytest.fixture
def gdp(archive):
    r = archive.regions
    itype = IndicatorType.objects.create(slug="gdp", name="地区生产总值", unit="元", topic=None)
    gov = {k: make_agency(f"{getattr(r, k).name}人民政府", getattr(r, k), kind="人民政府") for k in ("hz", "xh", "lz", "hy")}
    hz23 = make_report(gov["hz"], "杭州市2023年政府工作报告", 2023, HZ_2023)
    hz24 = make_report(gov["hz"], "杭州市2024年政府工作报告", 2024, HZ_2024)
    xh24 = make_report(gov["xh"], "西湖区2024年政府工作报告", 2024, XH_2024)
    lz24 = make_report(gov["lz"], "柳州市2024年政府工作报告", 2024, LZ_2024)
    hy24 = make_report(gov["hy"], "黄岩区2024年上半年工作总结", 2024, HY_2024_HALF, period="half-year")
    t = dict(indicator_type=itype, name="地区生产总值")
    return SimpleNamespace(type=itype, points=SimpleNamespace(
        hz23=make_indicator(hz23, "1.88万亿元", 1.88e12, "元", **t),
        hz23_growth=make_indicator(hz23, "5.6%", 5.6, "%", kind="change", direction="up", **t),
        hz24=make_indicator(hz24, "2.19万亿元", 2.19e12, "元", **t),
        hz24_growth=make_indicator(hz24, "4.7%", 4.7, "%", kind="change", direction="up", **t),
        hz_goal_rate=make_indicator(hz24, "5.5%左右", 5.5, "%", kind="target", qualifier="about", **t),
        hz_goal=make_indicator(hz24, "2.3万亿元", 2.3e12, "元", kind="target", **t),
        xh24=make_indicator(xh24, "234.6亿元", 2.346e10, "元", **t),
        xh24_growth=make_indicator(xh24, "6%", 6, "%", kind="change", direction="up", **t),
        lz24=make_indicator(lz24, "3200亿元", 3.2e11, "元", qualifier="about", **t),
        hy_half=make_indicator(hy24, "276亿元", 2.76e10, "元", **t),
        # typed, but with no comparable value: never drawn
        hz_untyped_unit=make_indicator(hz24, "2.3万亿元", 2.3e12, "元", kind="value", comparable=None,
                                       occurrence=0, indicator_type=None),
    ))
