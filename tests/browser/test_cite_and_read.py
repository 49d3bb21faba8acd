"""Filters, reading and printing in a real browser, with and without JavaScript, at desktop and phone width."""
import re

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZHEJIANG_CITY = {"杭州市司法局2024年法治政府建设年度报告", "西湖区司法局2023年法治政府建设年度报告"}


def titles(page):
    return set(page.locator(".report-row h3").all_inner_texts())


def test_region_cascade_without_javascript(live_server, archive, browser, screenshot):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/reports/")
        assert page.locator("#id_region_city").count() == 0
        page.select_option("#id_region", "330000")
        page.get_by_role("button", name="筛选").click()
        # The plain form submitted every empty field; the server answered with the canonical URL.
        page.wait_for_url(live_server.url + "/reports/?region=330000")
        assert page.locator("#id_region_city option[value='330100']").inner_text() == "杭州市（2）"
        page.select_option("#id_region_city", "330100")
        page.get_by_role("button", name="筛选").click()
        page.wait_for_url(live_server.url + "/reports/?region=330100")
        assert titles(page) == ZHEJIANG_CITY
        assert page.locator("#id_region_county option[value='330106']").count() == 1
        # Choosing another province leaves the old city in the form; the server drops it.
        page.select_option("#id_region", "450000")
        page.get_by_role("button", name="筛选").click()
        page.wait_for_url(live_server.url + "/reports/?region=450000")
        assert page.locator("#id_region_city option[value='450200']").count() == 1
        screenshot(page, "reports-cascade-nojs")
    finally:
        context.close()


def test_region_cascade_updates_in_place_with_javascript(live_server, archive, page, screenshot):
    page.goto(live_server.url + "/reports/")
    page.evaluate("window.__samePage = true")
    page.select_option("#id_region", "330000")
    page.wait_for_selector("#id_region_city")
    page.select_option("#id_region_city", "330100")
    page.wait_for_selector("#id_region_county")
    page.wait_for_url(live_server.url + "/reports/?region=330100")
    assert page.evaluate("window.__samePage") is True  # no page load: the form and rows were swapped in place
    assert titles(page) == ZHEJIANG_CITY
    assert page.evaluate("document.activeElement.id") == "id_region_city"
    # Submitting sends no empty field.
    page.fill("#id_year_from", "2024")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(live_server.url + "/reports/?region=330100&year_from=2024")
    assert titles(page) == {"杭州市司法局2024年法治政府建设年度报告"}
    screenshot(page, "reports-filtered-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, "reports-filtered-390")


def test_indicator_list_offers_value_sorts_only_within_a_unit(live_server, archive, page, screenshot):
    page.goto(live_server.url + "/indicators/")
    assert page.locator("label[for='id_kind']").inner_text() == "指标性质"
    assert page.locator("label[for='id_type']").inner_text() == "指标类型"
    assert page.locator("#id_sort option[value='value-desc']").is_disabled()
    page.goto(live_server.url + "/indicators/?unit=件")
    assert page.locator("#id_sort option[value='value-desc']").is_enabled()
    screenshot(page, "indicators-unit")


def test_reading_a_report(live_server, archive, page, screenshot):
    report = archive.reports.hangzhou
    section = report.sections.get(heading="深化人民调解")
    page.goto(f"{live_server.url}/reports/{report.pk}/#s-{section.start}")
    heading = page.locator(f"#s-{section.start}")
    assert heading.evaluate("el => el.tagName") == "H3"
    assert heading.evaluate("el => el.matches(':target')")
    assert heading.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 200, 87)"
    # Numbers are quiet until hovered, focused or toggled on.
    mark = page.locator("mark.indicator", has_text="1200件")
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    mark.hover()
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 241, 168)"
    page.mouse.move(0, 0)
    page.check("#show-marks")
    other = page.locator("mark.indicator", has_text="98%")
    assert other.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 241, 168)"
    page.uncheck("#show-marks")
    measure = report.measures.get(number="一", text__contains="调解")
    page.goto(f"{live_server.url}/reports/{report.pk}/#m-{measure.start}")
    assert page.locator(f"#m-{measure.start}").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(220, 235, 251)"
    screenshot(page, "report-measure-target", full_page=False)
    page.locator(f"#s-{section.start} + .to-toc").click()
    page.wait_for_url(re.compile(r"#toc$"))
    assert page.locator("#toc").evaluate("el => el.getBoundingClientRect().top < window.innerHeight")
    page.goto(live_server.url + report.get_absolute_url())
    assert "[EB/OL]" in page.locator("#cite-gbt").inner_text()
    screenshot(page, "report-1280")


def test_report_on_a_phone_and_on_paper(live_server, archive, browser, screenshot):
    report = archive.reports.hangzhou
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + report.get_absolute_url())
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        screenshot(page, "report-390")
    finally:
        context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_server.url + report.get_absolute_url())
        page.emulate_media(media="print")
        # On paper: the text and its citation, not the site's navigation, filters or toggles.
        assert page.locator(".site-header").is_hidden() and page.locator(".toc").is_hidden()
        assert page.locator("#show-marks").is_hidden()
        assert page.locator("#cite-gbt").is_visible()
        assert page.locator("h2.section-heading").first.is_visible()
        screenshot(page, "report-print")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pdf = page.pdf(path=str(SCREENSHOTS / "report-print.pdf"), format="A4", print_background=False)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1
    finally:
        context.close()


def test_withdrawn_report_page(live_server, archive, page, screenshot):
    from reports.models import Report, ReportStatus

    old = archive.reports.liuzhou
    Report.objects.filter(pk=old.pk).update(status=ReportStatus.WITHDRAWN, withdrawal_reason="原文件有误。",
                                            replaced_by=archive.reports.hostile)
    response = page.goto(f"{live_server.url}/reports/{old.pk}/#i-{archive.indicators.lz_cases.start}")
    assert response.status == 410
    assert page.locator("h1").inner_text() == "这份报告已撤回"
    screenshot(page, "report-withdrawn")
