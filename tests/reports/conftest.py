"""A small, hand-built archive for the public pages, made through the ORM (tests/builders.py).

Three levels of regions in two provinces, agencies of two kinds, published,
draft and hostile reports, measures, indicators of every review state, and
the search columns filled by `reports.search.index_report` as ingest does.
"""
from __future__ import annotations

import copy
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from indicators.models import IndicatorType, ReviewStatus
from reports.models import Topic
from tests.builders import make_agency, make_indicator, make_region, make_report
from tests.conftest import shared_rows


@pytest.fixture(autouse=True)
def fresh_cache():
    # The home page caches its summary; each test starts from what it built.
    cache.clear()
    yield
    cache.clear()


HANGZHOU_2024 = (
    "杭州市司法局2024年法治政府建设年度报告\n"
    "2024年，杭州市司法局深入推进法治政府建设，现将有关情况报告如下。\n"
    "一、主要举措和成效\n"
    "（一）加强行政执法监督。一是健全行政执法监督体系，开展行政执法案卷评查。"
    "二是办理法律援助案件1200件，同比增长12.5%。\n"
    "（二）深化人民调解。一是全年人民调解组织调解矛盾纠纷3.2万件，调解成功率98%。"
    "二是推进普法宣传进社区。\n"
    "二、存在的不足和下一步打算\n"
    "下一步，我们将继续完善行政复议工作。\n"
)
XIHU_2023 = (
    "西湖区司法局2023年法治政府建设年度报告\n"
    "一、主要工作\n"
    "一是办理法律援助案件300件。二是依法治区，推进法治乡村建设。\n"
    "二、下一步工作\n"
    "加强公共法律服务体系建设。\n"
)
HUANGYAN_2024 = (
    "黄岩区司法局2024年工作总结\n"
    "一、工作成效\n"
    "一是办理法律援助案件450件。二是行政复议案件纠错率下降2个百分点。\n"
)
LIUZHOU_2023 = (
    "柳州市司法局2023年法治政府建设年度报告\n"
    "一、主要举措\n"
    "一是办理法律援助案件800件。二是协调解决群众诉求，化解矛盾纠纷。\n"
)
HOSTILE = (
    "柳州市司法局2024年上半年工作总结<script>alert('x')</script>\n"
    "一、上半年工作\n"
    "一是办理法律援助案件<b>520</b>件。二是开展调解工作。\n"
)
DRAFT = "杭州市司法局2022年草稿\n一、草稿内容\n一是办理法律援助案件999件，调解。\n"


@pytest.fixture(scope="module")
def archive_once(django_db_setup, django_db_blocker):
    """The archive, built once per module (tests/conftest.py: shared_rows)."""
    yield from shared_rows(django_db_blocker, "archive_once", build_archive)


@pytest.fixture
def archive(archive_once, db):
    """The archive; each test may change it, rows and objects alike, and the next one starts afresh."""
    return copy.deepcopy(archive_once)


def build_archive():
    zj = make_region("330000", "浙江省", "province")
    hz = make_region("330100", "杭州市", "city", zj)
    xh = make_region("330106", "西湖区", "county", hz)
    tz = make_region("331000", "台州市", "city", zj)
    hy = make_region("331003", "黄岩区", "county", tz)
    gx = make_region("450000", "广西壮族自治区", "province")
    lz = make_region("450200", "柳州市", "city", gx)

    legal_aid = Topic.objects.create(slug="legal-aid", name="法律援助", keywords=["法律援助"], order=1)
    mediation = Topic.objects.create(slug="mediation", name="人民调解", keywords=["调解"], order=2)
    aid_cases = IndicatorType.objects.create(slug="legal-aid-cases", name="法律援助案件数", unit="件", topic=legal_aid)

    hz_bureau = make_agency("杭州市司法局", hz)
    xh_bureau = make_agency("西湖区司法局", xh)
    hy_bureau = make_agency("黄岩区司法局", hy)
    lz_bureau = make_agency("柳州市司法局", lz)
    make_agency("浙江省人民政府", zj, kind="人民政府")

    hangzhou = make_report(
        hz_bureau, "杭州市司法局2024年法治政府建设年度报告", 2024, HANGZHOU_2024,
        sections=[(1, "一", "主要举措和成效"), (2, "一", "加强行政执法监督"), (2, "二", "深化人民调解"),
                  (1, "二", "存在的不足和下一步打算")],
        measures=[("一", "一是健全行政执法监督体系，开展行政执法案卷评查。"), ("二", "二是办理法律援助案件1200件，同比增长12.5%。"),
                  ("一", "一是全年人民调解组织调解矛盾纠纷3.2万件，调解成功率98%。"), ("二", "二是推进普法宣传进社区。")],
        topics=[legal_aid, mediation], issued_on=date(2025, 2, 20), source_url="https://example.gov.cn/hz/2024.html",
    )
    xihu = make_report(
        xh_bureau, "西湖区司法局2023年法治政府建设年度报告", 2023, XIHU_2023,
        sections=[(1, "一", "主要工作"), (1, "二", "下一步工作")],
        measures=[("一", "一是办理法律援助案件300件。"), ("二", "二是依法治区，推进法治乡村建设。")], topics=[legal_aid],
    )
    huangyan = make_report(
        hy_bureau, "黄岩区司法局2024年工作总结", 2024, HUANGYAN_2024, sections=[(1, "一", "工作成效")],
        measures=[("一", "一是办理法律援助案件450件。"), ("二", "二是行政复议案件纠错率下降2个百分点。")],
    )
    liuzhou = make_report(
        lz_bureau, "柳州市司法局2023年法治政府建设年度报告", 2023, LIUZHOU_2023, sections=[(1, "一", "主要举措")],
        measures=[("一", "一是办理法律援助案件800件。"), ("二", "二是协调解决群众诉求，化解矛盾纠纷。")],
    )
    hostile = make_report(
        lz_bureau, "柳州市司法局2024年上半年工作总结<script>alert('x')</script>", 2024, HOSTILE, period="half-year",
        sections=[(1, "一", "上半年工作")],
        measures=[("一", "一是办理法律援助案件<b>520</b>件。"), ("二", "二是开展调解工作。")], topics=[mediation],
    )
    draft = make_report(
        hz_bureau, "杭州市司法局2022年草稿", 2022, DRAFT, status="draft", sections=[(1, "一", "草稿内容")],
        measures=[("一", "一是办理法律援助案件999件，调解。")],
    )

    typed = dict(indicator_type=aid_cases, topic=legal_aid, name="法律援助案件")
    indicators = SimpleNamespace(
        hz_cases=make_indicator(hangzhou, "1200件", 1200, "件", **typed, review=ReviewStatus.CONFIRMED),
        hz_growth=make_indicator(hangzhou, "12.5%", 12.5, "%", name="法律援助案件", kind="change", direction="up"),
        hz_disputes=make_indicator(hangzhou, "3.2万件", 32000, "件", name="调解矛盾纠纷", topic=mediation),
        hz_rate=make_indicator(hangzhou, "98%", 98, "%", name="调解成功率", topic=mediation),
        xh_cases=make_indicator(xihu, "300件", 300, "件", **typed),
        hy_cases=make_indicator(huangyan, "450件", 450, "件", **typed),
        hy_rejected=make_indicator(huangyan, "2个百分点", 2, "个百分点", name="纠错率", review=ReviewStatus.REJECTED),
        lz_cases=make_indicator(liuzhou, "800件", 800, "件", **typed),
        hostile_cases=make_indicator(hostile, "520", 520, "件", **typed),
        draft_cases=make_indicator(draft, "999件", 999, "件", **typed),
    )
    return SimpleNamespace(
        regions=SimpleNamespace(zj=zj, hz=hz, xh=xh, tz=tz, hy=hy, gx=gx, lz=lz),
        topics=SimpleNamespace(legal_aid=legal_aid, mediation=mediation),
        types=SimpleNamespace(aid_cases=aid_cases),
        agencies=SimpleNamespace(hz=hz_bureau, xh=xh_bureau, hy=hy_bureau, lz=lz_bureau),
        reports=SimpleNamespace(hangzhou=hangzhou, xihu=xihu, huangyan=huangyan, liuzhou=liuzhou, hostile=hostile,
                                draft=draft),
        indicators=indicators,
    )
