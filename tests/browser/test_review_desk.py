"""The review desk at 1280×800 in a real browser: compact, complete, opens on 未审核, one key per number."""
import json
import re

import pytest

from indicators.models import Indicator, ReviewStatus
from tests.browser.review_measure import OUT, Counted, log_in, measure_list, sample_archive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def csp_violations(page):
    found = []
    page.on("console", lambda message: found.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    return found


def test_review_desk_fits_1280_and_reviews_with_one_key_per_indicator(live_server, page, screenshot):
    # One test, so the country and the sample archive are loaded (and flushed) once: first the pages that must
    # load without a CSP violation, then the review flow, which changes three indicators.
    sample_archive()
    violations = csp_violations(page)
    log_in(page, live_server)
    admin_change_page_and_public_pages_load_without_csp_violations(page, live_server, screenshot, violations)

    figures = measure_list(page, live_server, "review-desk-after", screenshot)

    assert figures["opens_on"] == "?review_status__exact=unreviewed"
    assert figures["table_hidden_sideways_px"] == 0 and figures["page_width_px"] <= 1280
    assert figures["review_status_visible"] and figures["report_visible"]
    assert figures["median_row_px"] <= 80 and figures["rows_fully_visible"] >= 8, figures
    # Least certain first.
    confidences = [float(t) for t in page.locator("#result_list .confidence").all_inner_texts()]
    assert confidences == sorted(confidences) and confidences[0] < 1
    # The type is set from the list (an autocomplete per row).
    assert page.locator("#result_list td.field-indicator_type select").count() == figures["rows_on_page"]

    # Review: open the first number, then one key per indicator.
    editor = Counted(page)
    editor.click("#result_list tbody tr:first-child th.field-label a")
    page.wait_for_url(re.compile(r"/change/"))
    screenshot(page, "review-indicator-page", full_page=False)
    reviewed = []
    for key in ("c", "c", "x"):
        reviewed.append(int(re.search(r"/indicator/(\d+)/change/", page.url).group(1)))
        page.locator("h1").click()  # focus out of any field, as an editor reading the sentence would
        editor.press(key)
        page.wait_for_url(lambda url, last=reviewed[-1]: f"/indicator/{last}/change/" not in url)
        assert "已保存指标" in page.locator(".messagelist").inner_text()
    statuses = dict(Indicator.objects.filter(pk__in=reviewed).values_list("pk", "review_status"))
    assert [statuses[pk] for pk in reviewed] == [ReviewStatus.CONFIRMED, ReviewStatus.CONFIRMED, ReviewStatus.REJECTED]
    figures["actions_for_3_reviewed"] = editor.actions
    assert editor.actions == 4  # open the first one, then one key each

    page.goto(live_server.url + "/")
    assert not violations, violations
    (OUT / "review-desk-after.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")


def admin_change_page_and_public_pages_load_without_csp_violations(page, live_server, screenshot, violations):
    report_id = Indicator.objects.values_list("report_id", flat=True).first()
    for url in (f"/admin/reports/report/{report_id}/change/", "/admin/indicators/indicator/",
                f"/admin/indicators/indicator/{Indicator.objects.first().pk}/change/", "/admin/reports/report/",
                "/", f"/reports/{report_id}/", "/indicators/", "/indicators/types/"):
        response = page.goto(live_server.url + url)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")  # goto waits for it too; violations are reported while parsing
    screenshot(page, "csp-indicator-types", full_page=False)
    assert not violations, violations
