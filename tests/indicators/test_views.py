"""Indicator list, indicator-type comparison and its SVG chart."""
import csv
import io
import re

import pytest


def text_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def raws_in(html):
    """The 原文 column of an indicator table: each links to #i-<start>."""
    return re.findall(r'#i-\d+">([^<]+)</a></td>', html)


@pytest.mark.parametrize("params, expected", [
    # newest report first, each report's numbers in reading order; the draft's 999件 and the
    # rejected 2个百分点 never appear
    ("", ["520", "450件", "1200件", "12.5%", "3.2万件", "98%", "800件", "300件"]),
    # by value only within one unit or one type: 元, 件 and % are not one scale
    ("sort=value-asc", ["520", "450件", "1200件", "12.5%", "3.2万件", "98%", "800件", "300件"]),
    ("unit=件&sort=value-asc", ["300件", "450件", "520", "800件", "1200件", "3.2万件"]),
    ("type=legal-aid-cases&sort=value-desc", ["1200件", "800件", "520", "450件", "300件"]),
    ("region=330000", ["450件", "1200件", "12.5%", "3.2万件", "98%", "300件"]),
    ("region=330106", ["300件"]),
    ("year=2023", ["800件", "300件"]),
    ("topic=mediation", ["3.2万件", "98%"]),
    ("kind=change", ["12.5%"]),
    ("unit=%25", ["12.5%", "98%"]),
    ("unit=%25&sort=value-desc", ["98%", "12.5%"]),
    ("type=legal-aid-cases&region=450000", ["520", "800件"]),
    ("year_from=2023&year_to=2023", ["800件", "300件"]),
    ("year=2023-2024&unit=件&sort=value-desc", ["3.2万件", "1200件", "800件", "520", "450件", "300件"]),
    ("review=confirmed", ["1200件"]),
])
def test_indicator_filters(client, archive, params, expected):
    html = text_of(client.get(f"/indicators/?{params}", follow=True))
    assert raws_in(html) == expected
    assert "2个百分点" not in html and "999件" not in html


@pytest.mark.parametrize("params, message", [
    ("review=rejected", "审核状态："),
    ("kind=bogus", "指标性质："),
    ("type=no-such-type", "指标类型："),
    ("year=20x4", "年度："),
    ("unit=" + "件" * 40, "单位："),
])
def test_bad_indicator_filters_give_a_message(client, archive, params, message):
    response = client.get(f"/indicators/?{params}")
    assert response.status_code == 200
    html = text_of(response)
    assert message in html and raws_in(html) == []


def test_indicator_rows_link_to_the_sentence(client, archive):
    html = text_of(client.get("/indicators/?region=330106"))
    ind = archive.indicators.xh_cases
    assert f'href="/reports/{ind.report_id}/#i-{ind.start}">300件</a>' in html
    assert '<a href="/indicators/types/legal-aid-cases/">法律援助案件</a>' in html
    assert '<td class="num">300件</td>' in html


def test_indicator_csv_export(client, archive):
    body = text_of(client.get("/indicators/?type=legal-aid-cases&sort=value-desc&format=csv"))
    assert body.startswith("\ufeff编号,名称,指标类型,数值,单位")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [r["数值"] for r in rows] == ["1200", "800", "520", "450", "300"]
    assert rows[0]["地区"] == "杭州市" and rows[0]["审核状态"] == "已确认"
    assert rows[0]["原文位置"].endswith(f"#i-{archive.indicators.hz_cases.start}")


def test_type_page_charts_every_point_with_a_link_to_its_sentence(client, archive):
    html = text_of(client.get("/indicators/types/legal-aid-cases/"))
    assert "<h1>法律援助案件数<small>（件）</small></h1>" in html
    public = [archive.indicators.hz_cases, archive.indicators.xh_cases, archive.indicators.hy_cases,
              archive.indicators.lz_cases, archive.indicators.hostile_cases]
    lines = "".join(re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)[1::2])
    for ind in public:
        # Every point is on a line chart, linked to its sentence.
        assert f'<a href="/reports/{ind.report_id}/#i-{ind.start}" class="point">' in lines
    assert f"/reports/{archive.indicators.draft_cases.report_id}/" not in html
    assert "<title>杭州市 2024年：1,200件（杭州市司法局）</title>" in html
    # The half-year report is not drawn among the annual ones.
    annual, half = html.split('id="value-half-year"')
    assert f"#i-{archive.indicators.hostile_cases.start}" not in annual and "柳州市 2024年：520件" in half
    assert ">2023</text>" in lines and ">2024</text>" in lines


def test_type_page_filters(client, archive):
    html = text_of(client.get("/indicators/types/legal-aid-cases/?region=450000&year_from=2024"))
    assert html.count('class="point"') == 2  # one bar, one line point: the half-year 520
    assert "520件" in html and "800件" not in html
    html = text_of(client.get("/indicators/types/legal-aid-cases/?year_from=2023&year_to=2023"))
    assert "300件" in html and "1,200件" not in html
    html = text_of(client.get("/indicators/types/legal-aid-cases/?year_from=abc"))
    assert "没有符合条件的数据" in html and "起始年度：" in html
    html = text_of(client.get("/indicators/types/legal-aid-cases/?kind=target"))
    assert "没有符合条件的数据" in html


def test_type_list(client, archive):
    html = text_of(client.get("/indicators/types/"))
    assert "<h2>法律援助</h2>" in html
    # 杭州, 西湖, 黄岩, 柳州 ×2 published reports (the draft is not counted) in four regions.
    assert re.search(r'<a href="/indicators/types/legal-aid-cases/">法律援助案件数</a></td>\s*<td>件</td>\s*'
                     r'<td class="num">5 份</td>\s*<td class="num">4 个</td>', html)


@pytest.mark.parametrize("url, n", [
    # regions, topic choices, type choices, capped count, rows (report, agency, region, topic, type joined)
    ("/indicators/", 5),
    ("/indicators/?topic=mediation&type=legal-aid-cases", 7),
    ("/indicators/?format=json", 1),  # a download builds no region selects
    # type, region choices, chart families, bars, line regions, line points
    ("/indicators/types/legal-aid-cases/", 6),
    # the chosen region is read with the region choices
    ("/indicators/types/legal-aid-cases/?region=330000&year_from=2023&kind=value", 6),
    # a chart file renders no filter form: no region choices
    ("/indicators/types/legal-aid-cases/bar-value-annual.csv", 5),
    ("/indicators/types/legal-aid-cases/line-value-annual.svg", 5),
    ("/indicators/types/legal-aid-cases/?kind=target", 3),  # no family: nothing more to read
    # types, coverage of every type (one grouped query)
    ("/indicators/types/", 2),
    ("/indicators/types/?q=援助", 2),
    ("/api/indicators/", 2),
])
def test_query_counts(django_assert_num_queries, client, archive, url, n):
    with django_assert_num_queries(n):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
