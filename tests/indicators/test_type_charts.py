"""Chart content: formatted labels, kinds and periods never mixed, targets drawn as targets, points linked."""
import csv
import io
import re

import pytest

from indicators.charts import Point, Series, axis, bar_chart, line_chart, nice_step, text_width
from tests.builders import make_agency, make_indicator, make_report


def text_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def sections(html):
    """chart family key → (bar svg, line svg) of the type page."""
    found = {}
    for key, body in re.findall(r'<section class="chart-group" id="([^"]+)".*?>(.*?)</section>', html, re.S):
        svgs = re.findall(r"<svg.*?</svg>", body, re.S)
        found[key] = svgs
    return found


def test_every_kind_and_period_gets_its_own_charts(client, gdp):
    html = text_of(client.get("/indicators/types/gdp/"))
    charts = sections(html)
    assert list(charts) == ["value-annual", "value-half-year", "change-annual", "target-annual", "target-annual-1"]
    bar, line = charts["value-annual"]
    # Values as people write them; never the raw number, never a clipped axis label.
    for label in ("2.19万亿元", "234.6亿元", "约3200亿元"):
        assert f">{label}</text>" in bar
    assert "23460000000" not in html and "0000000000" not in html
    assert re.search(r'font-size="13"[^>]*>2万亿元</text>', line)
    # The annual level chart holds levels of annual reports only.
    assert "%" not in re.sub(r"<title>.*?</title>", "", bar) and "276亿元" not in bar
    assert ">276亿元</text>" in charts["value-half-year"][0]
    assert ">增长6%</text>" in charts["change-annual"][0] and "亿元" not in charts["change-annual"][0].split("</desc>")[1]
    # Bars are sorted, largest first.
    assert [t for t in re.findall(r'class="value"[^>]*>([^<]+)<', bar)] == ["2.19万亿元", "约3200亿元", "234.6亿元"]


def test_targets_are_drawn_as_targets(client, gdp):
    charts = sections(text_of(client.get("/indicators/types/gdp/")))
    rate_bar, rate_line = charts["target-annual"]
    level_bar, _ = charts["target-annual-1"]
    assert ">约5.5%</text>" in rate_bar and ">2.3万亿元</text>" in level_bar
    # Hollow, dashed bars; hollow markers. The 约 target is a diamond.
    assert 'class="bar" x=' in rate_bar and 'fill="#fff" stroke="#0072b2" stroke-width="2" stroke-dasharray="5 3"' in rate_bar
    assert '<path class="marker qualified"' in rate_line and 'fill="#fff"' in rate_line
    assert "空心点和虚线为目标值" in rate_line
    value_bar, value_line = charts["value-annual"]
    assert "stroke-dasharray" not in value_bar and "stroke-dasharray" not in value_line


def test_every_point_links_to_its_sentence(client, gdp):
    html = text_of(client.get("/indicators/types/gdp/"))
    p = gdp.points
    for ind in (p.hz23, p.hz24, p.xh24, p.lz24, p.hy_half, p.hz24_growth, p.hz_goal, p.hz_goal_rate):
        assert f'<a href="/reports/{ind.report_id}/#i-{ind.start}" class="point">' in html
    # The line of 杭州 runs over both years.
    line = sections(html)["value-annual"][1]
    assert re.search(r'<polyline class="series" points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"', line)


def test_bar_year_and_years_range(client, gdp):
    bar = sections(text_of(client.get("/indicators/types/gdp/?bar_year=2023")))["value-annual"][0]
    assert ">1.88万亿元</text>" in bar and "2.19万亿元" not in bar
    html = text_of(client.get("/indicators/types/gdp/?year_from=2024&kind=change"))
    assert list(sections(html)) == ["change-annual"] and "5.6%" not in html
    html = text_of(client.get("/indicators/types/gdp/?region=330100"))
    assert "柳州" not in html.split("<h1>")[1].split("</form>")[1]


def test_chart_csv_is_exactly_the_plotted_points(client, gdp):
    body = text_of(client.get("/indicators/types/gdp/bar-value-annual.csv"))
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [(r["地区"], r["图中数值"], r["图中单位"], r["限定"]) for r in rows] == [
        ("杭州市", "2190000000000", "元", ""), ("柳州市", "320000000000", "元", "约"), ("西湖区", "23460000000", "元", "")]
    assert rows[0]["原文位置"] == f"http://testserver/reports/{gdp.points.hz24.report_id}/#i-{gdp.points.hz24.start}"
    body = text_of(client.get("/indicators/types/gdp/line-value-annual.csv?year_from=2023"))
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert sorted((r["地区"], r["年度"]) for r in rows) == [
        ("杭州市", "2023"), ("杭州市", "2024"), ("柳州市", "2024"), ("西湖区", "2024")]
    assert client.get("/indicators/types/gdp/bar-value-quarter.csv").status_code == 404
    assert client.get("/indicators/types/gdp/bar-value-half-year.csv?kind=change").status_code == 404


def test_chart_svg_file_stands_alone(client, gdp):
    response = client.get("/indicators/types/gdp/line-change-annual.svg")
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"] == 'attachment; filename="gdp-line-change-annual.svg"'
    body = response.content.decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg') and 'xmlns="http://www.w3.org/2000/svg"' in body
    assert f'href="http://testserver/reports/{gdp.points.hz24_growth.report_id}/#i-{gdp.points.hz24_growth.start}"' in body
    assert 'font-size="15"' in body and "class=" in body and "style=" not in body


@pytest.mark.parametrize("url, n", [
    ("/indicators/types/gdp/", 6),
    ("/indicators/types/gdp/?bar_year=2023&year_from=2023&year_to=2024", 6),
    ("/indicators/types/gdp/bar-target-annual-1.csv", 5),  # no filter form, no region choices
])
def test_query_count_does_not_grow_with_chart_families(django_assert_num_queries, client, gdp, url, n):
    with django_assert_num_queries(n):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)


def test_region_page_charts_keep_kinds_apart(client, gdp):
    html = text_of(client.get("/regions/330100/"))
    figures = re.findall(r'<figure class="chart-figure">(.*?)</figure>', html, re.S)
    captions = [re.search(r"<figcaption>(.*?)</figcaption>", f, re.S).group(1) for f in figures]
    assert any("地区生产总值</a>（数值 · 年度报告，元）" in c for c in captions)
    assert any("地区生产总值</a>（变化 · 年度报告，%）" in c for c in captions)
    level = next(f for f, c in zip(figures, captions, strict=False) if "（数值 · 年度报告，元）" in c and "地区生产总值" in c)
    assert "%" not in re.sub(r"<title>.*?</title>", "", level) and "万亿元" in level


# ---------------------------------------------------------------- the chart functions


def test_axis_ticks_are_round_and_cover_the_data():
    assert nice_step(1200) == 250
    assert axis(300, 1200) == [0, 250, 500, 750, 1000, 1250]
    assert axis(-5, 5)[0] <= -5 and axis(-5, 5)[-1] >= 5
    assert axis(7, 7) == [0, 2, 4, 6, 8]


def test_axis_labels_are_formatted_and_fit():
    points = [Point("甲市", 2023, 2.346e10, "234.6亿元", "/r/1/#i-1"), Point("甲市", 2024, 2.19e12, "2.19万亿元", "/r/2/#i-2")]
    svg = str(line_chart([Series("甲市", points)], "元", "测试"))
    labels = re.findall(r'<text class="tick"[^>]*text-anchor="end">([^<]+)</text>', svg)
    assert labels == ["0元", "5000亿元", "1万亿元", "1.5万亿元", "2万亿元", "2.5万亿元"]
    assert not re.search(r">[^<]*0{5,}[^<]*<", svg)
    # Tick labels end left of the plot and start right of the edge: never clipped.
    left = float(re.search(r'<line class="grid" x1="([\d.]+)"', svg).group(1))
    for x, label in re.findall(r'<text class="tick" x="([\d.]+)"[^>]*text-anchor="end">([^<]+)</text>', svg):
        assert float(x) - text_width(label, 13) >= 0 and float(x) < left


def test_chart_text_is_never_tiny():
    svg = str(line_chart([Series("甲", [Point("甲", 2024, 1, "1件", "/r/1/#i-1")])], "件", "t"))
    sizes = {int(s) for s in re.findall(r'font-size="(\d+)"', svg)}
    # Drawn at least 0.85× on a 390 px phone (358 px of a 420-wide viewBox): 13 → 11 px, 15 → 12.8 px.
    assert min(sizes) >= 13 and 'viewBox="0 0 420 ' in svg


def test_chart_escapes_labels_and_handles_one_point():
    series = [Series("<b>某地</b>", [Point("<b>某地</b>", 2024, 42.0, "42件", "/reports/1/#i-3", "某地 2024年：42件")])]
    svg = str(line_chart(series, "件", "测试<图>"))
    assert "&lt;b&gt;某地&lt;/b&gt;" in svg and "<b>" not in svg
    assert "<title>测试&lt;图&gt;</title>" in svg
    assert "<polyline" not in svg
    assert line_chart([], "件", "空") == "" and bar_chart([], "件", "空") == ""
    bar = str(bar_chart([Point("<i>x</i>", 2024, 42.0, "42件", "/r/1/#i-1")], "件", "t"))
    assert "&lt;i&gt;x&lt;/i&gt;" in bar and "<i>" not in bar


def test_a_qualified_value_is_a_diamond_and_says_its_qualifier():
    svg = str(line_chart([Series("甲", [Point("甲", 2024, 4e5, "超过40万件", "/r/1/#i-1", qualified=True)])], "件", "t"))
    assert '<path class="marker qualified"' in svg and "超过40万件" in svg


def test_negative_values_and_long_names_fit():
    points = [Point("新疆生产建设兵团第十三师新星市", 2024, -3.5, "下降3.5%", "/r/1/#i-1"),
              Point("乙", 2024, 12.0, "增长12%", "/r/2/#i-2")]
    svg = str(bar_chart(points, "%", "t"))
    assert "…" in svg  # a long region name is shortened in the chart (the table has it whole)
    for x in re.findall(r'<rect class="bar" x="([\d.-]+)"', svg):
        assert float(x) >= 0
    width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
    for x, label in re.findall(r'class="value" x="([\d.]+)"[^>]*>([^<]+)<', svg):
        assert float(x) + text_width(label) <= width


def test_two_reports_of_one_region_and_year_say_whose_bar_is_whose(client, gdp, archive):
    bureau = make_agency("杭州市统计局", archive.regions.hz, "统计局")
    text = "杭州市统计局2024年统计公报\n一、综合\n全市地区生产总值2.18万亿元。\n"
    report = make_report(bureau, "杭州市2024年统计公报", 2024, text)
    make_indicator(report, "2.18万亿元", 2.18e12, "元", indicator_type=gdp.type, name="地区生产总值")
    bar, line = sections(text_of(client.get("/indicators/types/gdp/")))["value-annual"]
    labels = re.findall(r'class="label"[^>]*>([^<]+)<', bar)
    assert labels[:2] == ["杭州市·人民政府", "杭州市·统计局"]
    # One line per region: through one point a year; the second report of 2024 is a marker on it.
    assert line.count("<polyline") == 1 and line.count(">杭州市</text>") == 1


def test_charts_are_cached_a_few_minutes_and_the_csv_is_what_the_page_drew(django_assert_num_queries, client, gdp):
    client.get("/indicators/types/gdp/?year_from=2023")
    # type, region choices: the families come from the cache, so the CSV holds what the page drew
    with django_assert_num_queries(2):
        assert client.get("/indicators/types/gdp/?year_from=2023").status_code == 200
    with django_assert_num_queries(1):  # the type; the families from the cache, no filter form
        b"".join(client.get("/indicators/types/gdp/bar-value-annual.csv?year_from=2023").streaming_content)
    with django_assert_num_queries(6):  # other filters, other charts
        client.get("/indicators/types/gdp/?year_from=2024")
