"""Links that last: slugged canonical URLs, the id alone, 410 for withdrawn reports, citations on every page."""
from datetime import datetime, timezone
from urllib.parse import quote

import bibtexparser
import pytest
import rispy
from django.utils import timezone as dj_timezone

from reports import services
from reports.models import Report, ReportStatus


def text_of(response):
    return response.content.decode("utf-8")


def withdraw(report, reason="", replaced_by=None):
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.WITHDRAWN, withdrawn_at=datetime(2026, 3, 5, 8, 0, tzinfo=timezone.utc),
        withdrawal_reason=reason, replaced_by=replaced_by)


def test_report_url_carries_a_readable_slug_and_the_id_alone_serves(client, archive):
    report = archive.reports.hangzhou
    assert report.get_absolute_url() == f"/reports/{report.pk}/{quote('杭州市司法局2024年法治政府建设年度报告')}/"
    canonical = f'<link rel="canonical" href="http://testserver{report.get_absolute_url()}">'
    for url in (report.get_absolute_url(), f"/reports/{report.pk}/"):
        response = client.get(url)
        assert response.status_code == 200 and canonical in text_of(response)


@pytest.mark.parametrize("slug", ["old-title", "杭州"])
def test_a_stale_slug_redirects_to_the_current_one(client, archive, slug):
    report = archive.reports.hangzhou
    response = client.get(f"/reports/{report.pk}/{quote(slug)}/")
    assert response.status_code == 301 and response["Location"] == report.get_absolute_url()


def test_slug_of_a_hostile_title_is_plain_text(archive):
    assert archive.reports.hostile.slug == "柳州市司法局2024年上半年工作总结scriptalertxscript"[:32]


def test_withdrawn_report_answers_410_saying_when_why_and_what_replaces_it(client, archive):
    old, new = archive.reports.liuzhou, archive.reports.hostile
    withdraw(old, "原文件有误，已由发布机构重新发布。", replaced_by=new)
    for url in (old.get_absolute_url(), f"/reports/{old.pk}/", f"/reports/{old.pk}/some-old-slug/",
                f"/reports/{old.pk}/cite/", f"/reports/{old.pk}/cite.ris",
                f"/reports/{old.pk}/cite/i-{archive.indicators.lz_cases.start}/"):
        response = client.get(url)
        assert response.status_code == 410, url
        html = text_of(response)
        assert "<h1>这份报告已撤回</h1>" in html
        assert "《柳州市司法局2023年法治政府建设年度报告》" in html
        assert '<time datetime="2026-03-05T16:00:00+08:00">2026年3月5日</time> 撤回' in html
        assert "原文件有误，已由发布机构重新发布。" in html
        assert f'<a href="{new.get_absolute_url()}">柳州市司法局2024年上半年工作总结&lt;script&gt;' in html
    # Anchors are fragments of the same URL: every #s-/#m-/#i- link lands on this page.
    data = client.get(f"/api/reports/{old.pk}/")
    assert data.status_code == 410
    assert data.json()["replaced_by"] == f"http://testserver/api/reports/{new.pk}/"
    assert data.json()["withdrawal_reason"] == "原文件有误，已由发布机构重新发布。"


def test_withdrawn_without_reason_or_replacement_says_only_what_it_knows(client, archive):
    withdraw(archive.reports.xihu)
    html = text_of(client.get(f"/reports/{archive.reports.xihu.pk}/"))
    assert "撤回原因" not in html and "替代报告" not in html and "已撤回" in html


def test_a_replacement_that_is_not_public_is_not_linked(client, archive):
    withdraw(archive.reports.xihu, replaced_by=archive.reports.draft)
    html = text_of(client.get(f"/reports/{archive.reports.xihu.pk}/"))
    assert "替代报告" not in html and "草稿" not in html


def test_never_published_reports_stay_404(client, archive):
    Report.objects.filter(pk=archive.reports.draft.pk).update(status=ReportStatus.WITHDRAWN)
    assert client.get(f"/reports/{archive.reports.draft.pk}/").status_code == 404
    assert client.get(f"/api/reports/{archive.reports.draft.pk}/").status_code == 404


def test_withdrawing_stamps_the_time_and_publishing_again_clears_it(archive):
    queryset = Report.objects.filter(pk=archive.reports.xihu.pk)
    before = dj_timezone.now()
    assert services.set_report_status(queryset, ReportStatus.WITHDRAWN) == 1
    assert queryset.get().withdrawn_at >= before
    services.set_report_status(queryset, ReportStatus.PUBLISHED)
    assert queryset.get().withdrawn_at is None


def test_admin_withdraws_and_edits_the_withdrawal_fields(editor_client, archive):
    report = archive.reports.xihu
    response = editor_client.post("/admin/reports/report/", {"action": "withdraw", "_selected_action": [report.pk]},
                                  follow=True)
    assert "已撤回 1 篇报告。曾公开的报告原地址改为显示撤回说明（410）" in text_of(response)
    assert Report.objects.get(pk=report.pk).withdrawn_at is not None
    html = text_of(editor_client.get(f"/admin/reports/report/{report.pk}/change/"))
    for name in ("withdrawn_at", "withdrawal_reason", "replaced_by"):
        assert f'name="{name}' in html


# ---------------------------------------------------------------- citations on the site


def test_report_page_shows_its_citation_and_original_link(client, archive):
    report = archive.reports.hangzhou
    html = text_of(client.get(report.get_absolute_url()))
    today = dj_timezone.localdate().isoformat()
    assert (f"杭州市司法局. 杭州市司法局2024年法治政府建设年度报告[EB/OL]. (2025-02-20)[{today}]. "
            f"https://example.gov.cn/hz/2024.html. 政府工作报告档案页面: http://testserver/reports/{report.pk}/.") in html
    assert f'href="/reports/{report.pk}/cite.ris" download>RIS</a>' in html
    assert f'href="/reports/{report.pk}/cite.bib" download>BibTeX</a>' in html
    assert '<a class="source-url" href="https://example.gov.cn/hz/2024.html" rel="noopener nofollow">' in html
    assert "原始网址未知" in text_of(client.get(archive.reports.xihu.get_absolute_url()))


def test_ris_and_bibtex_downloads(client, archive):
    report = archive.reports.hangzhou
    response = client.get(f"/reports/{report.pk}/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="report-{report.pk}.ris"'
    [entry] = rispy.loads(text_of(response))
    assert entry["title"] == report.title and entry["urls"][0] == "https://example.gov.cn/hz/2024.html"
    response = client.get(f"/reports/{report.pk}/cite.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    [entry] = bibtexparser.loads(text_of(response)).entries
    assert entry["title"] == report.title and entry["date"] == "2025-02-20"


def test_indicator_citation_pins_the_number_and_its_sentence(client, archive):
    ind = archive.indicators.hz_cases
    html = text_of(client.get(f"/reports/{ind.report_id}/cite/i-{ind.start}/"))
    assert "<h1>引用这个指标</h1>" in html
    assert f"http://testserver/reports/{ind.report_id}/#i-{ind.start}" in html
    assert "指标：法律援助案件 1200件（原文“1200件”）" in html
    assert "引文：“二是办理法律援助案件1200件，同比增长12.5%。”" in html
    [entry] = rispy.loads(text_of(client.get(f"/reports/{ind.report_id}/cite/i-{ind.start}.ris")))
    assert entry["urls"][-1] == f"http://testserver/reports/{ind.report_id}/#i-{ind.start}"
    assert "1200件" in entry["abstract"]
    # The report page's indicator table links to it.
    page = text_of(client.get(f"/reports/{ind.report_id}/"))
    assert f'href="/reports/{ind.report_id}/cite/i-{ind.start}/">引用</a>' in page


def test_measure_citation_and_missing_parts(client, archive):
    measure = archive.reports.xihu.measures.get(number="一")
    html = text_of(client.get(f"/reports/{measure.report_id}/cite/m-{measure.start}/"))
    assert "举措：一是办理法律援助案件300件。" in html and "引文：“一是办理法律援助案件300件。”" in html
    [entry] = bibtexparser.loads(text_of(client.get(f"/reports/{measure.report_id}/cite/m-{measure.start}.bib"))).entries
    assert entry["ID"] == f"report{measure.report_id}m{measure.start}"
    assert client.get(f"/reports/{measure.report_id}/cite/m-99999/").status_code == 404
    rejected = archive.indicators.hy_rejected
    assert client.get(f"/reports/{rejected.report_id}/cite/i-{rejected.start}/").status_code == 404
    assert client.get(f"/reports/{archive.reports.draft.pk}/cite/").status_code == 404
    assert "引用</a>" in text_of(client.get("/measures/?region=330106"))


def test_citation_pages_have_fixed_query_counts(django_assert_num_queries, client, archive):
    ind = archive.indicators.hz_cases
    with django_assert_num_queries(1):  # the report (with agency and region)
        assert client.get(f"/reports/{ind.report_id}/cite.ris").status_code == 200
    with django_assert_num_queries(2):  # + the indicator
        assert client.get(f"/reports/{ind.report_id}/cite/i-{ind.start}/").status_code == 200


def test_withdrawn_page_has_a_fixed_query_count(django_assert_num_queries, client, archive):
    withdraw(archive.reports.liuzhou, "原文件有误。", replaced_by=archive.reports.hostile)
    with django_assert_num_queries(3):  # the report (agency, region), its replacement, the replacement's agency
        assert client.get(f"/reports/{archive.reports.liuzhou.pk}/").status_code == 410
