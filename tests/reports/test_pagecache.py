"""Whole public pages from the cache, and every kind of write retiring them (reports/pagecache.py)."""
import pytest
from django.core.management import call_command

from indicators.models import Indicator, ReviewStatus
from reports import pagecache, services
from reports.models import Report, ReportStatus
from reports.summaries.models import Revision
from tests.builders import TEXT, make_parsed


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.fixture
def published(report):
    services.set_report_status(Report.objects.filter(pk=report.pk), ReportStatus.PUBLISHED)
    report.refresh_from_db()
    return report


def test_a_second_visit_is_served_from_the_cache_with_one_query(client, published, django_assert_num_queries):
    first = _get(client, "/reports/")
    assert first["X-Page-Cache"] == "miss" and published.title in first.content.decode()
    with django_assert_num_queries(1):  # the revision, nothing else
        second = _get(client, "/reports/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content and second["Content-Type"] == first["Content-Type"]
    # The headers the outer middleware adds are there on a hit too.
    assert "Content-Security-Policy" in second and "X-Frame-Options" in second


def test_the_query_string_and_the_path_are_part_of_the_key(client, published):
    _get(client, "/reports/")
    assert _get(client, "/reports/?year=2023")["X-Page-Cache"] == "miss"
    assert _get(client, "/reports/?year=2023")["X-Page-Cache"] == "hit"
    assert _get(client, "/measures/")["X-Page-Cache"] == "miss"


def test_a_committed_ingest_retires_the_cached_list(client, published, django_capture_on_commit_callbacks):
    before = _get(client, "/reports/").content.decode()
    parsed = make_parsed(TEXT + "另有一段新的文字。\n", title="柳州市司法局2025年法治政府建设年度报告", year=2025)
    with django_capture_on_commit_callbacks(execute=True):
        new_id = services.ingest_parsed(parsed, publish=True).report_id
    after = _get(client, "/reports/")
    assert after["X-Page-Cache"] == "miss"
    assert f"/reports/{new_id}/" in after.content.decode() and f"/reports/{new_id}/" not in before


def test_nothing_is_retired_before_the_write_commits(client, published):
    _get(client, "/reports/")
    number = pagecache.current()
    services.set_report_status(Report.objects.filter(pk=published.pk), ReportStatus.WITHDRAWN)
    # The test's transaction never commits: the number, and with it the cached page, stay.
    assert pagecache.current() == number


@pytest.mark.parametrize("write", ["withdraw", "review", "title", "topics", "loaddata"])
def test_every_kind_of_write_advances_the_revision(write, published, editor, django_capture_on_commit_callbacks,
                                                   tmp_path):
    number = pagecache.current()
    with django_capture_on_commit_callbacks(execute=True):
        if write == "withdraw":
            services.set_report_status(Report.objects.filter(pk=published.pk), ReportStatus.WITHDRAWN)
        elif write == "review":
            services.set_review_status(Indicator.objects.filter(report=published), ReviewStatus.CONFIRMED, user=editor)
        elif write == "title":
            published.title = "改过的标题"
            services.save_report_edit(published, ["title"], user=editor)
        elif write == "topics":
            measure = published.measures.first()
            services.save_measure_topics(measure, [])
        else:
            path = tmp_path / "region.json"
            path.write_text('[{"model": "reports.region", "fields": {"code": "110000", "name": "北京市", '
                            '"short_name": "北京", "level": "province", "parent": null}}]', encoding="utf-8")
            call_command("loaddata", str(path), verbosity=0)
    assert pagecache.current() > number


def test_the_revision_is_one_row_that_only_moves_forward(published, django_capture_on_commit_callbacks):
    start = Revision.objects.get(pk=1).number
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed()
        pagecache.changed()
    assert Revision.objects.count() == 1 and Revision.objects.get(pk=1).number == start + 2


def test_editors_never_get_a_cached_page(client, editor_client, published):
    response = editor_client.get("/reports/")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "X-Page-Cache" not in editor_client.get("/reports/")


def test_only_whole_successful_pages_are_kept(client, published):
    assert "X-Page-Cache" not in client.get("/reports/999999/")  # 404
    csv = client.get("/reports/?format=csv")
    assert csv.status_code == 200 and csv.streaming and "X-Page-Cache" not in csv
    assert "X-Page-Cache" not in client.get("/healthz/")
    assert "X-Page-Cache" not in client.get("/admin/login/")


def test_a_head_request_is_answered_without_the_cache(client, published):
    _get(client, "/reports/")
    response = client.head("/reports/")
    assert response.status_code == 200 and "X-Page-Cache" not in response and response.content == b""


def test_figures_a_page_keeps_for_minutes_are_tied_to_its_revision(client, published,
                                                                  django_capture_on_commit_callbacks):
    from django.core.cache import cache

    _get(client, "/reports/")
    first = pagecache.current()
    assert cache.get(f"public:region-report-counts@{first}") is not None
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed()
    _get(client, "/reports/")
    # Counted again for the new revision: the new page cannot show the old count.
    assert cache.get(f"public:region-report-counts@{first + 1}") is not None


def test_pages_kept_in_files_are_shared_by_every_worker(client, published, settings, tmp_path):
    from django.core.cache.backends.filebased import FileBasedCache

    # What PAGE_CACHE_DIR configures (config/settings.py): the pages cache in a directory.
    settings.CACHES = {**settings.CACHES, "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path), "TIMEOUT": None,
    }}
    first = _get(client, "/reports/")
    assert first["X-Page-Cache"] == "miss" and len(list(tmp_path.glob("*.djcache"))) == 1
    # Another worker is another process with its own cache object over the same directory.
    other_worker = FileBasedCache(str(tmp_path), {"TIMEOUT": None})
    key = pagecache._key(first.wsgi_request, pagecache.current())
    status, headers, content = other_worker.get(key)
    assert status == 200 and content == first.content
    assert _get(client, "/reports/")["X-Page-Cache"] == "hit"
