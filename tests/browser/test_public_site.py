"""The public site in a real browser: browse, filter, search, read, follow a chart point, download."""
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_and_filter_by_region(live_server, archive, page, screenshot):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "政府工作报告档案"
    screenshot(page, "home")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="报告").click()
    page.wait_for_url(re.compile(r"/reports/$"))
    assert page.locator(".report-row").count() == 5
    page.select_option("#id_region", "330000")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"region=330000"))
    titles = page.locator(".report-row h3").all_inner_texts()
    assert sorted(titles) == sorted([
        "杭州市司法局2024年法治政府建设年度报告", "西湖区司法局2023年法治政府建设年度报告", "黄岩区司法局2024年工作总结"])
    # A second select now offers the province's cities to drill into.
    assert page.locator("#id_region_city option[value='330100']").count() == 1
    screenshot(page, "reports-zhejiang")


def test_search_then_open_a_report(live_server, archive, page, screenshot):
    page.goto(live_server.url + "/")
    page.fill("#site-q", "调解")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert "“调解”的检索结果" in page.locator("h1").inner_text()
    assert page.locator(".snippet mark").first.inner_text() == "调解"
    screenshot(page, "search-tiaojie")
    page.get_by_role("link", name="杭州市司法局2024年法治政府建设年度报告").click()
    page.wait_for_url(re.compile(r"/reports/\d+/[^/]+/$"))
    assert page.locator("h1").inner_text() == "杭州市司法局2024年法治政府建设年度报告"
    assert page.locator(".toc a").count() == 8
    mark = page.locator("mark.indicator", has_text="1200件")
    mark.focus()
    assert mark.get_attribute("title") == "法律援助案件：1,200件（数值）"
    screenshot(page, "report")


def test_chart_point_leads_to_the_highlighted_sentence(live_server, archive, page, screenshot):
    page.goto(live_server.url + "/indicators/types/legal-aid-cases/")
    # Each of the five public numbers is a bar of its year and a point on its region's line.
    hrefs = page.locator("svg.chart a.point").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) == 8 and len(set(hrefs)) == 5
    screenshot(page, "indicator-type")
    target = archive.indicators.lz_cases
    page.locator(f"svg.chart a.point[href='/reports/{target.report_id}/#i-{target.start}']").first.click()
    page.wait_for_url(re.compile(rf"/reports/{target.report_id}/#i-{target.start}$"))
    mark = page.locator(f"#i-{target.start}")
    assert mark.inner_text() == "800件"
    # :target restyles the number so the eye finds it; the browser scrolled it into view.
    assert mark.evaluate("el => el.matches(':target')")
    assert mark.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 200, 87)"
    assert mark.is_visible() and mark.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")
    screenshot(page, "chart-point-target", full_page=False)


def test_download_the_filtered_csv(live_server, archive, page):
    page.goto(live_server.url + "/reports/?region=450000")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "reports.csv"
    body = open(download.path(), encoding="utf-8").read()
    assert body.startswith("\ufeff编号,标题")
    assert "柳州市司法局2023年法治政府建设年度报告" in body and "杭州" not in body


def test_phone_layout_has_no_sideways_scroll(live_server, archive, browser, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    try:
        for path, name in ((f"/reports/{archive.reports.hangzhou.pk}/", "phone-report"), ("/indicators/", "phone-indicators")):
            page.goto(live_server.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            screenshot(page, name)
    finally:
        context.close()


def test_browse_measures_by_topic_on_a_phone(live_server, archive, page, screenshot):
    from reports import services
    from reports.models import Measure

    # As an editor tags them in admin: the summary tables behind the topic pages follow.
    for measure in Measure.objects.filter(text__contains="法律援助"):
        services.save_measure_topics(measure, [*measure.topics.all(), archive.topics.legal_aid])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/topics/")
    page.get_by_role("link", name="法律援助").first.click()
    page.wait_for_url(re.compile(r"/topics/legal-aid/$"))
    assert page.locator(".measure-row").count() == 5
    page.get_by_role("link", name="2023年", exact=True).click()
    page.wait_for_url(re.compile(r"year=2023"))
    assert page.locator(".measure-row").count() == 2
    # Nothing wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "topic-legal-aid-phone")
