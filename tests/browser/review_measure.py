"""How the review desk fares at 1280×800: rows per screen, sideways scroll, clicks per reviewed indicator.

Kept apart from the assertions so the same measurement runs against an older checkout,
and the two sets of figures can be set side by side.
"""
import json
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

OUT = Path(__file__).resolve().parents[2] / "test-output"

MEASURE_JS = """() => {
  const rows = [...document.querySelectorAll('#result_list tbody tr')].filter(r => r.querySelector('td'));
  const heights = rows.map(r => r.getBoundingClientRect().height).sort((a, b) => a - b);
  const visible = rows.filter(r => r.getBoundingClientRect().bottom <= window.innerHeight).length;
  // Django wraps the table in a box that scrolls sideways on its own: what fits is what lies inside it.
  const box = document.querySelector('#result_list').parentElement;
  const edge = Math.min(box.getBoundingClientRect().right, window.innerWidth);
  const shown = (name) => {
    const th = document.querySelector('#result_list thead th.column-' + name);
    return th ? th.getBoundingClientRect().right <= edge + 1 : null;
  };
  return {
    rows_on_page: rows.length,
    median_row_px: heights.length ? Math.round(heights[Math.floor(heights.length / 2)]) : null,
    rows_fully_visible: visible,
    page_width_px: document.documentElement.scrollWidth,
    viewport_width_px: document.documentElement.clientWidth,
    table_hidden_sideways_px: box.scrollWidth - box.clientWidth,
    review_status_visible: shown('review_status'),
    report_visible: shown('report_link'),
  };
}"""


def sample_archive():
    """The shipped sample archive with the regions it names and their parents. The rest of the country (3,200
    regions, most of the desk test's time to load) is on no page it opens: the province filter lists only
    provinces with reports, and region fields are autocompletes."""
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    regions = json.loads((fixtures / "regions.json").read_text(encoding="utf-8"))
    parent = {row["fields"]["code"]: (row["fields"]["parent"] or [None])[0] for row in regions}
    wanted = set()
    for obj in json.loads((fixtures / "sample_reports.json").read_text(encoding="utf-8")):
        code = (obj["fields"].get("region") or [None])[0]
        while code and code not in wanted:
            wanted.add(code)
            code = parent[code]
    with tempfile.TemporaryDirectory() as folder:
        subset = Path(folder) / "sample_regions.json"
        subset.write_text(json.dumps([row for row in regions if row["fields"]["code"] in wanted], ensure_ascii=False),
                          encoding="utf-8")
        call_command("loaddata", str(subset), "topics", "indicator_types", "sample_reports", verbosity=0)
    get_user_model().objects.create_superuser("desk", "desk@example.org", "desk-password-1")


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "desk-password-1")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def measure_list(page, live_server, name, screenshot):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/admin/indicators/indicator/")
    figures = page.evaluate(MEASURE_JS)
    figures["opens_on"] = page.url.split("/admin/indicators/indicator/")[-1] or "(no filter)"
    screenshot(page, name, full_page=False)
    OUT.mkdir(exist_ok=True)
    (OUT / f"{name}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    return figures


class Counted:
    """Clicks, choices and key presses an editor makes, counted as the flow runs."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def click(self, selector):
        self.actions += 1
        self.page.click(selector)

    def select(self, selector, value):
        self.actions += 1
        self.page.select_option(selector, value)

    def press(self, key):
        self.actions += 1
        self.page.keyboard.press(key)
