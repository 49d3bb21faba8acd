"""The indicator-type page in a real browser, at desktop and phone width: no sideways scroll, no clipped
or tiny chart text, and a bar leads to its sentence."""
import re

import pytest

from indicators.models import IndicatorType
from reports.models import Region
from tests.browser.conftest import SCREENSHOTS
from tests.builders import make_agency, make_indicator, make_report
from tests.indicators.conftest import gdp  # noqa: F401  (pytest fixture, used by name)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTIES = ["上城区", "拱墅区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区", "桐庐县",
            "淳安县", "建德市"]
MIN_PX = 11

# Rendered size of every chart text, and how far any of it sticks out of its chart.
MEASURE = """() => {
  const out = {min: 1e9, outside: [], texts: 0};
  for (const svg of document.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    for (const t of svg.querySelectorAll('text')) {
      const px = parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a;
      out.min = Math.min(out.min, px); out.texts += 1;
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        out.outside.push(t.textContent);
    }
  }
  return out;
}"""


@pytest.fixture
def county_gdp(gdp, archive):
    """Twelve districts of 杭州 over five years: enough bars and lines to fill the charts."""
    itype = IndicatorType.objects.get(slug="gdp")
    for n, name in enumerate(COUNTIES):
        region = Region.objects.create(code=f"3301{n + 20:02d}", name=name, short_name=name[:2], level="county",
                                       parent=archive.regions.hz)
        agency = make_agency(f"{name}人民政府", region, "人民政府")
        for year in range(2020, 2025):
            value = round((300 + 97 * n) * (1.05 ** (year - 2020)), 1)
            text = f"{name}{year}年政府工作报告\n一、回顾\n地区生产总值{value}亿元，增长{4 + n % 3}.{n}%。\n"
            report = make_report(agency, f"{name}{year}年政府工作报告", year, text)
            make_indicator(report, f"{value}亿元", value * 1e8, "元", indicator_type=itype, name="地区生产总值")
            make_indicator(report, f"{4 + n % 3}.{n}%", float(f"{4 + n % 3}.{n}"), "%", kind="change",
                           direction="up", indicator_type=itype, name="地区生产总值")
    return gdp


@pytest.mark.parametrize("width, height, name", [(1280, 900, "type-page-desktop"), (390, 844, "type-page-phone")])
def test_type_page_reads_at_desktop_and_phone_width(live_server, county_gdp, browser, screenshot, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 600,
                                  locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/indicators/types/gdp/")
        assert page.locator("h1").inner_text().startswith("地区生产总值")
        assert page.locator("svg.chart").count() == 10  # bars and lines of five chart families
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
        measured = page.evaluate(MEASURE)
        assert measured["texts"] > 100
        assert measured["min"] >= MIN_PX, f"chart text as small as {measured['min']:.1f}px"
        assert measured["outside"] == [], f"clipped chart text: {measured['outside'][:5]}"
        bars = page.locator("#value-annual svg.chart").first
        assert bars.locator("text.value").first.text_content() == "2.19万亿元"
        assert not re.search(r"\d{9,}", page.locator("main").inner_text())
        screenshot(page, name)
        bars.screenshot(path=str(SCREENSHOTS / f"{name}-bars.png"))
        page.locator("#value-annual svg.chart").nth(1).screenshot(path=str(SCREENSHOTS / f"{name}-lines.png"))
        page.locator("#target-annual svg.chart").nth(1).screenshot(path=str(SCREENSHOTS / f"{name}-target.png"))
    finally:
        context.close()


def test_a_bar_leads_to_its_sentence(live_server, county_gdp, page):
    page.goto(live_server.url + "/indicators/types/gdp/")
    target = county_gdp.points.xh24
    page.locator(f"#value-annual svg.chart a.point[href='/reports/{target.report_id}/#i-{target.start}']").click()
    page.wait_for_url(re.compile(rf"/reports/{target.report_id}/#i-{target.start}$"))
    assert page.locator(f"#i-{target.start}").inner_text() == "234.6亿元"


def test_download_the_plotted_points(live_server, county_gdp, page):
    page.goto(live_server.url + "/indicators/types/gdp/?year_from=2023")
    with page.expect_download() as info:
        page.locator("#change-annual").get_by_role("link", name="下载数据（CSV）").first.click()
    assert info.value.suggested_filename == "gdp-bar-change-annual.csv"
    body = open(info.value.path(), encoding="utf-8").read()
    assert body.startswith("\ufeff地区,行政区划代码,年度") and "2022" not in body


def test_type_index_and_region_charts_on_a_phone(live_server, county_gdp, archive, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/indicators/types/?q=生产总值")
        assert page.locator("table.types tbody tr").count() == 1
        assert "65 份" in page.locator("table.types").inner_text()  # 5 + 12 districts × 5 years
        screenshot(page, "type-index-phone")
        page.goto(live_server.url + "/regions/330100/")
        assert page.locator("svg.chart").count() >= 2
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        measured = page.evaluate(MEASURE)
        assert measured["min"] >= MIN_PX and measured["outside"] == []
        screenshot(page, "region-charts-phone")
    finally:
        context.close()
