"""The public report pages: content for every page and filter, bad input, fixed query counts."""
import csv
import io
import json
import re

import pytest

from reports.paging import COUNT_CAP


def text_of(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def titles_in(html, archive):
    """Which of the fixture's reports a page lists, by their (unique) titles."""
    names = {
        "hangzhou": "杭州市司法局2024年法治政府建设年度报告",
        "xihu": "西湖区司法局2023年法治政府建设年度报告",
        "huangyan": "黄岩区司法局2024年工作总结",
        "liuzhou": "柳州市司法局2023年法治政府建设年度报告",
        "hostile": "柳州市司法局2024年上半年工作总结",
        "draft": "杭州市司法局2022年草稿",
    }
    return {key for key, title in names.items() if title in html}


# ---------------------------------------------------------------- home and coverage


def test_home_summarises_the_archive(client, archive):
    html = text_of(client.get("/"))
    assert "共 <strong>5</strong> 份" in html  # the draft is not counted
    assert 'href="/reports/?year=2024">2024年</a> <span>3 份</span>' in html
    assert 'href="/regions/330000/">浙江省</a> <span>3 份</span>' in html
    assert 'href="/regions/450000/">广西壮族自治区</a> <span>2 份</span>' in html
    assert 'href="/reports/?topic=legal-aid">法律援助</a> <span>2 份</span>' in html
    assert titles_in(html, archive) == {"hangzhou", "xihu", "huangyan", "liuzhou", "hostile"}
    assert 'name="q"' in html and 'lang="zh-Hans"' in html


def test_coverage_matrix_counts_subtrees_and_drills_down(client, archive):
    html = text_of(client.get("/coverage/"))
    assert '<th scope="col">2023</th><th scope="col">2024</th>' in html
    assert 'href="?region=330000">浙江省</a>' in html
    assert '/reports/?region=330000&amp;year=2024" title="浙江省 2024年">2</a>' in html
    assert '/reports/?region=450000&amp;year=2023" title="广西壮族自治区 2023年">1</a>' in html
    html = text_of(client.get("/coverage/?region=330000"))
    assert '/reports/?region=331000&amp;year=2024" title="台州市 2024年">1</a>' in html
    assert '/reports/?region=330100&amp;year=2023" title="杭州市 2023年">1</a>' in html
    assert "广西" not in html.split("<table")[1]


# ---------------------------------------------------------------- report list and filters


@pytest.mark.parametrize("params, expected", [
    ("", {"hangzhou", "xihu", "huangyan", "liuzhou", "hostile"}),
    ("region=330000", {"hangzhou", "xihu", "huangyan"}),  # a province includes its cities and counties
    ("region=330100", {"hangzhou", "xihu"}),
    ("region=330106", {"xihu"}),
    ("region=450000", {"liuzhou", "hostile"}),
    ("year=2023", {"xihu", "liuzhou"}),
    ("region=330000&year=2024", {"hangzhou", "huangyan"}),
    ("period=half-year", {"hostile"}),
    ("topic=legal-aid", {"hangzhou", "xihu"}),
    ("topic=mediation&region=450000", {"hostile"}),
    ("kind=司法局", {"hangzhou", "xihu", "huangyan", "liuzhou", "hostile"}),
    ("kind=人民政府", set()),
    ("q=调解", {"hangzhou", "hostile", "liuzhou"}),
    ("q=执法监督", {"hangzhou"}),
    ("q=法律援助 2024", {"hangzhou", "huangyan", "hostile"}),
])
def test_report_filters(client, archive, params, expected):
    html = text_of(client.get(f"/reports/?{params}"))
    assert titles_in(html, archive) == expected
    assert f"共 <strong>{len(expected)}</strong> 条" in html


def test_report_filter_by_agency_names_it(client, archive):
    html = text_of(client.get(f"/reports/?agency={archive.agencies.lz.pk}"))
    assert titles_in(html, archive) == {"liuzhou", "hostile"}
    assert "发布机构：<a" in html and "柳州市司法局</a>" in html


def test_report_sort_orders_by_year(client, archive):
    newest = text_of(client.get("/reports/"))
    oldest = text_of(client.get("/reports/?sort=oldest"))
    assert newest.index("黄岩区司法局2024") < newest.index("西湖区司法局2023")
    assert oldest.index("西湖区司法局2023") < oldest.index("黄岩区司法局2024")


def test_region_cascade_is_server_rendered_with_counts(client, archive):
    # Nothing chosen: one select of provinces, each with its published reports.
    html = text_of(client.get("/reports/"))
    assert '<option value="330000">浙江省（3）</option>' in html
    assert '<option value="450000">广西壮族自治区（2）</option>' in html
    assert 'id="id_region_city"' not in html
    # A province chosen (no script: the reader pressed 筛选): its cities appear in a second select.
    html = text_of(client.get("/reports/?region=330000"))
    assert '<option value="330000" selected>浙江省（3）</option>' in html
    assert '<select name="region" id="id_region_city" data-cascade="2">' in html
    assert '<option value="330100">杭州市（2）</option>' in html and '<option value="331000">台州市（1）</option>' in html
    assert 'id="id_region_county"' not in html
    # A county: all three levels, each with its choice.
    html = text_of(client.get("/reports/?region=330106"))
    assert '<option value="330100" selected>杭州市（2）</option>' in html
    assert '<option value="330106" selected>西湖区（1）</option>' in html
    assert '<option value="">全市</option>' in html and '<option value="">全省</option>' in html


@pytest.mark.parametrize("query, canonical", [
    # Each level of the cascade submits a region: the deepest one inside the levels above counts.
    ("region=330000&region=330100&region=", "region=330100"),
    # The province changed, the old city is still in the form: it is dropped.
    ("region=450000&region=330100", "region=450000"),
    ("region=&region=330100", ""),
    ("region=450200&year=&sort=newest&period=&topic=&kind=&q=", "region=450200"),
    ("year=2020-2024", "year_from=2020&year_to=2024"),
    ("page=1&q=调解", "q=%E8%B0%83%E8%A7%A3"),
])
def test_list_urls_redirect_to_their_canonical_form(client, archive, query, canonical):
    response = client.get(f"/reports/?{query}")
    assert response.status_code == 301
    assert response["Location"] == "/reports/" + (f"?{canonical}" if canonical else "")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("url", ["/reports/?region=330000", "/measures/?year_from=2023", "/indicators/?unit=件",
                                 "/search/?q=调解", "/reports/?sort=oldest"])
def test_canonical_list_urls_are_served(client, archive, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/measures/?year=&region=330000", "/indicators/?sort=newest&unit=件",
                                 "/search/?q=调解&sort=relevance", "/reports/?format=csv&region="])
def test_every_list_and_export_redirects_to_its_canonical_url(client, archive, url):
    assert client.get(url).status_code == 301


@pytest.mark.parametrize("params, expected", [
    ("year_from=2024", {"hangzhou", "huangyan", "hostile"}),
    ("year_to=2023", {"xihu", "liuzhou"}),
    ("year_from=2023&year_to=2024", {"hangzhou", "xihu", "huangyan", "liuzhou", "hostile"}),
    ("year_from=2024&year_to=2024&region=330000", {"hangzhou", "huangyan"}),
])
def test_year_range_on_reports_measures_exports_and_api(client, archive, params, expected):
    assert titles_in(text_of(client.get(f"/reports/?{params}")), archive) == expected
    exported = text_of(client.get(f"/reports/?{params}&format=csv"))
    assert titles_in(exported, archive) == expected
    api = client.get(f"/api/reports/?{params}").json()
    assert api["count"] == len(expected)
    given = dict(pair.split("=") for pair in params.split("&"))
    low, high = int(given.get("year_from", 1949)), int(given.get("year_to", 2100))
    assert all(low <= r["year"] <= high for r in api["results"])
    measures = client.get(f"/api/measures/?{params}").json()["results"]
    assert measures and all(low <= m["year"] <= high for m in measures)
    html = text_of(client.get(f"/measures/?{params}"))
    assert all(low <= int(y) <= high for y in re.findall(r"· (\d{4})年", html))


@pytest.mark.parametrize("url", ["/reports/?year_from=2024&year_to=2020", "/measures/?year_from=2024&year_to=2020",
                                 "/indicators/?year_from=2024&year_to=2020"])
def test_backwards_year_range_is_a_chinese_message(client, archive, url):
    html = text_of(client.get(url))
    assert "截止年度：起始年度 2024 晚于截止年度 2020，请调换。" in html
    assert titles_in(html.split("</form>")[1], archive) == set()


@pytest.mark.parametrize("url", ["/api/reports/?year_from=2024&year_to=2020", "/api/measures/?year_to=abc",
                                 "/api/indicators/?year_from=20x4"])
def test_api_year_range_errors_are_400_in_chinese(client, archive, url):
    response = client.get(url)
    assert response.status_code == 400
    assert any("年度" in e for e in response.json()["errors"])


@pytest.mark.parametrize("params, message", [
    ("year=abc", "年度：输入整数"),
    ("year=99999999999999999999", "年度："),
    ("region=abc", "地区：行政区划代码应为 6 位数字"),
    ("region=%27%3B+DROP+TABLE+reports_report%3B--", "地区：行政区划代码应为 6 位数字"),
    ("agency=x", "发布机构：输入整数"),
    ("topic=no-such-topic", "主题："),
    ("period=weekly", "期间："),
])
def test_bad_filter_values_give_a_message_and_no_rows(client, archive, params, message):
    response = client.get(f"/reports/?{params}")
    html = text_of(response)
    assert response.status_code == 200
    assert message in html
    assert titles_in(html, archive) == set()


def test_unknown_region_code_is_just_empty(client, archive):
    html = text_of(client.get("/reports/?region=999999"))
    assert titles_in(html, archive) == set()
    assert "没有符合条件的报告" in html


def test_pages_past_the_end_say_so(client, archive):
    html = text_of(client.get("/reports/?page=99999"))
    assert "第 99999 页没有结果（共 5 条）" in html
    assert titles_in(html, archive) == set()
    for junk in ("abc", "-3", "1e9", ""):
        assert titles_in(text_of(client.get(f"/reports/?page={junk}", follow=True)), archive) == {
            "hangzhou", "xihu", "huangyan", "liuzhou", "hostile"}


def test_html_in_parameters_is_escaped(client, archive):
    html = text_of(client.get("/reports/?q=<script>alert(1)</script>&kind=<b>x</b>"))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_long_query_is_cut_with_a_message(client, archive):
    html = text_of(client.get("/reports/?q=" + "调解" * 1000))
    assert "检索词过长" in html


def test_capped_count_says_1000_plus(client, archive):
    from reports.models import Report

    agency = archive.agencies.hz
    base = Report.objects.get(pk=archive.reports.xihu.pk)
    Report.objects.bulk_create([
        Report(agency=agency, region=agency.region, title=f"批量报告{i}", year=2020, source_text=f"批量{i}",
               content_hash=f"{i:064x}", status="published", published_at=base.published_at)
        for i in range(COUNT_CAP + 5)
    ])
    html = text_of(client.get("/reports/?year=2020"))
    assert "共 <strong>1000+</strong> 条" in html
    assert "共 50+ 页" in html
    html = text_of(client.get("/reports/?year=2020&page=51"))
    assert "列表只显示前 1000 条结果" in html


# ---------------------------------------------------------------- one report


def test_report_page_shows_metadata_toc_text_and_indicators(client, archive):
    report = archive.reports.hangzhou
    html = text_of(client.get(f"/reports/{report.pk}/"))
    assert "<h1>杭州市司法局2024年法治政府建设年度报告</h1>" in html
    assert "浙江省杭州市" in html and "2025年2月20日" in html
    assert 'href="https://example.gov.cn/hz/2024.html"' in html
    sections = {s.heading: s.start for s in report.sections.all()}
    assert f'<a href="#s-{sections["加强行政执法监督"]}">（一）加强行政执法监督</a>' in html
    # Section headings are real headings carrying their anchors, each with a way back to the contents.
    assert (f'<div class="section-head"><h3 id="s-{sections["深化人民调解"]}" class="section-heading">（二）深化人民调解。'
            '</h3><a class="to-toc" href="#toc">回到目录</a></div><span class="measure" id="m-') in html
    assert (f'<div class="section-head"><h2 id="s-{sections["主要举措和成效"]}" class="section-heading">一、主要举措和成效'
            '</h2><a class="to-toc" href="#toc">回到目录</a></div><div class="section-head"><h3') in html
    for measure in report.measures.all():
        assert f'<span class="measure" id="m-{measure.start}">' in html and f'href="#m-{measure.start}"' in html
    cases = archive.indicators.hz_cases
    assert (f'<mark id="i-{cases.start}" class="indicator" tabindex="0" title="法律援助案件：1,200件（数值）" '
            f'data-value="法律援助案件：1,200件（数值）">1200件</mark>') in html
    assert 'title="法律援助案件：增长12.5%（变化）"' in html
    assert 'title="调解矛盾纠纷：3.2万件（数值）"' in html and ">3.2万件</mark>" in html
    assert 'href="/reports/?topic=mediation">人民调解</a>' in html
    assert f'<a href="#i-{cases.start}">1200件</a>' in html


def test_report_text_is_escaped_and_rejected_indicators_hidden(client, archive):
    html = text_of(client.get(f"/reports/{archive.reports.hostile.pk}/"))
    assert "<script>alert" not in html
    assert "工作总结&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert f'&lt;b&gt;<mark id="i-{archive.indicators.hostile_cases.start}"' in html
    html = text_of(client.get(f"/reports/{archive.reports.huangyan.pk}/"))
    assert "纠错率：2个百分点" not in html
    assert f'id="i-{archive.indicators.hy_rejected.start}"' not in html


@pytest.mark.parametrize("path", ["/reports/{draft}/", "/reports/987654/", "/reports/99999999999999999999999/",
                                  "/reports/abc/", "/regions/999999/", "/regions/abc/", "/regions/３３００００/", "/agencies/987654/",
                                  "/no-such-page/", "/indicators/types/no-such-type/"])
def test_missing_pages_are_chinese_404s(client, archive, path):
    response = client.get(path.format(draft=archive.reports.draft.pk))
    assert response.status_code == 404
    assert "页面不存在" in text_of(response)


def test_500_page_is_chinese(client, db):
    from reports.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()


# ---------------------------------------------------------------- measures and search


def test_measure_list_shows_report_agency_region_topics_and_indicators(client, archive):
    html = text_of(client.get("/measures/?region=330100&year=2024"))
    measure = archive.reports.hangzhou.measures.get(text__startswith="二是办理法律援助案件1200件")
    assert f'href="{archive.reports.hangzhou.get_absolute_url()}#m-{measure.start}"' in html
    assert "二是办理法律援助案件1200件，同比增长12.5%。" in html
    assert f'href="{archive.reports.hangzhou.get_absolute_url()}#i-{archive.indicators.hz_cases.start}">法律援助案件 1,200件</a>' in html
    assert "共 <strong>4</strong> 条" in html
    assert "西湖区" not in html.split('<ol class="rows">')[1]


def test_measure_text_search_marks_the_hit(client, archive):
    html = text_of(client.get("/measures/?q=执法监督"))
    assert "一是健全行政<mark>执法监督</mark>体系" in html
    assert "共 <strong>1</strong> 条" in html
    html = text_of(client.get("/measures/?q=调解&region=450000"))
    assert "二是开展<mark>调解</mark>工作。" in html
    assert "二是协<mark>调解</mark>决群众诉求" in html  # full recall: the substring, whatever jieba made of it


def test_search_page_has_report_and_measure_tabs(client, archive):
    html = text_of(client.get("/search/?q=调解"))
    assert "“调解”的检索结果" in html
    assert "报告（3）" in html and "举措（3）" in html
    assert titles_in(html, archive) == {"hangzhou", "hostile", "liuzhou"}
    html = text_of(client.get("/search/?q=调解&type=measure&region=330000"))
    assert "举措（1）" in html and "报告（1）" in html
    assert "<mark>调解</mark>成功率98%" in html


def test_search_with_nothing_searchable(client, archive):
    html = text_of(client.get("/search/?q=%EF%BC%8C%E3%80%82"))  # "，。"
    assert "检索词里没有可检索的文字" in html
    html = text_of(client.get("/search/"))
    assert "输入词语检索报告全文和举措" in html


# ---------------------------------------------------------------- region and agency pages


def test_region_page_navigates_and_lists(client, archive):
    html = text_of(client.get("/regions/330100/"))
    assert "<h1>浙江省杭州市</h1>" in html
    assert '<a href="/regions/330000/">浙江省</a>' in html
    assert '<a href="/regions/330106/">西湖区</a>' in html
    assert '/reports/?region=330100&amp;year=2023">2023年</a> <span>1 份</span>' in html
    assert titles_in(html, archive) == {"hangzhou", "xihu"}
    assert '<svg class="chart"' in html
    assert f'href="/reports/{archive.reports.xihu.pk}/#i-{archive.indicators.xh_cases.start}"' in html


def test_agency_page_lists_reports_by_year_with_chart(client, archive):
    html = text_of(client.get(f"/agencies/{archive.agencies.lz.pk}/"))
    assert "<h1>柳州市司法局</h1>" in html
    assert "<h3>2024年</h3>" in html and "<h3>2023年</h3>" in html
    assert titles_in(html, archive) == {"liuzhou", "hostile"}
    assert f'href="/reports/{archive.reports.liuzhou.pk}/#i-{archive.indicators.lz_cases.start}"' in html


# ---------------------------------------------------------------- exports, feeds, API


def test_report_csv_export_has_bom_and_filtered_rows(client, archive):
    response = client.get("/reports/?region=330000&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="reports.csv"' in response["Content-Disposition"]
    body = text_of(response)
    assert body.startswith("\ufeff编号,标题,发布机构")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert {r["标题"] for r in rows} == {
        "杭州市司法局2024年法治政府建设年度报告", "西湖区司法局2023年法治政府建设年度报告", "黄岩区司法局2024年工作总结"}
    hz = next(r for r in rows if r["行政区划代码"] == "330100")
    assert hz["主题"] == "法律援助、人民调解" and hz["成文日期"] == "2025-02-20"
    assert hz["档案页面"] == f"http://testserver{archive.reports.hangzhou.get_absolute_url()}"


def test_measure_json_export(client, archive):
    data = json.loads(text_of(client.get("/measures/?q=调解&format=json")))
    assert sorted(item["text"] for item in data) == sorted([
        "一是全年人民调解组织调解矛盾纠纷3.2万件，调解成功率98%。", "二是开展调解工作。", "二是协调解决群众诉求，化解矛盾纠纷。"])
    assert all(item["url"].startswith("http://testserver/reports/") for item in data)


def test_feeds_list_published_reports(client, archive):
    rss = text_of(client.get("/feeds/reports/"))
    assert "<rss" in rss and "杭州市司法局2024年法治政府建设年度报告" in rss
    assert "草稿" not in rss
    assert "&lt;script&gt;" in rss and "<script>" not in rss
    atom = text_of(client.get("/feeds/reports/atom/"))
    assert 'xmlns="http://www.w3.org/2005/Atom"' in atom
    region = text_of(client.get("/feeds/regions/330100/"))
    assert "西湖区司法局2023" in region and "黄岩区" not in region
    topic = text_of(client.get("/feeds/topics/mediation/"))
    assert "杭州市司法局2024" in topic and "柳州市司法局2024年上半年" in topic and "西湖区" not in topic
    assert client.get("/feeds/regions/abc/").status_code == 404
    assert client.get("/feeds/topics/nope/").status_code == 404


def test_api_report_list_and_detail(client, archive):
    data = client.get("/api/reports/?region=330000&year=2024").json()
    assert data["count"] == 2 and data["count_capped"] is False and data["next"] is None
    assert {r["title"] for r in data["results"]} == {"杭州市司法局2024年法治政府建设年度报告", "黄岩区司法局2024年工作总结"}
    report = archive.reports.hangzhou
    detail = client.get(f"/api/reports/{report.pk}/").json()
    assert detail["region"] == {"code": "330100", "name": "杭州市", "full_name": "浙江省杭州市"}
    assert detail["topics"] == ["legal-aid", "mediation"]
    assert [s["heading"] for s in detail["sections"]][:2] == ["主要举措和成效", "加强行政执法监督"]
    assert {(i["raw"], i["value"], i["unit"]) for i in detail["indicators"]} >= {("1200件", 1200, "件"), ("12.5%", 12.5, "%")}
    assert detail["text"] == report.source_text
    assert client.get(f"/api/reports/{archive.reports.draft.pk}/").status_code == 404
    bad = client.get("/api/reports/?year=abc")
    assert bad.status_code == 400 and bad.json()["errors"] == ["年度：输入整数。"]
    assert client.post("/api/reports/").status_code == 405


def test_api_indicators_never_show_rejected(client, archive):
    data = client.get("/api/indicators/?type=legal-aid-cases&sort=value-asc").json()
    assert client.get("/api/indicators/?sort=value-asc").status_code == 400  # 元, 件 and % are not one scale
    assert [r["value"] for r in data["results"]] == [300, 450, 520, 800, 1200]
    assert all(r["review_status"] != "rejected" for r in client.get("/api/indicators/").json()["results"])
    types = client.get("/api/indicator-types/").json()["results"]
    assert types[0]["slug"] == "legal-aid-cases" and types[0]["unit"] == "件"


# ---------------------------------------------------------------- query counts: no N+1


def _count(django_assert_num_queries, client, url, n):
    with django_assert_num_queries(n):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)


@pytest.mark.parametrize("url, n", [
    # summary: years, provinces' counts, province names, topics; latest reports and their topics
    ("/", 6),
    # agency kinds, regions of the cascade, report counts per region, topic choices, capped count, rows,
    # topics of the rows, topic facets
    ("/reports/", 8),
    # the cascade's one region query also reads the chosen path and its children
    ("/reports/?region=330000&year=2024", 8),
    ("/reports/?topic=legal-aid&q=调解", 9),
    # rows, their topics: no form is drawn for a download, so no cascade and no agency kinds
    ("/reports/?format=csv", 2),
    # kinds, regions, topics, count, rows, topics and indicators of the rows, topic facets (no report counts)
    ("/measures/", 8),
    ("/measures/?q=调解", 8),
    # the shown tab's form (kinds, cascade regions; report counts on the report tab, topic choices),
    # count, rows, topics, the other tab's count (its form is never drawn, so its kinds are not read)
    ("/search/?q=调解", 8),
    ("/search/?q=调解&type=measure", 7),
    ("/coverage/", 2),
    ("/coverage/?region=330000", 3),
    ("/feeds/reports/", 1),
    # count, rows, topics: the API draws no form, so the agency kinds are never read
    ("/api/reports/", 3),
    ("/api/measures/", 3),
])
def test_query_counts(django_assert_num_queries, client, archive, url, n):
    _count(django_assert_num_queries, client, url, n)


def test_query_counts_of_detail_pages(django_assert_num_queries, client, archive):
    # report, topics, sections, measures, indicators
    _count(django_assert_num_queries, client, f"/reports/{archive.reports.hangzhou.pk}/", 5)
    # region, children, per-year counts, latest reports and their topics, chart indicators, their types and regions
    _count(django_assert_num_queries, client, "/regions/330000/", 8)
    # agency, its reports, chart indicators, their types and regions, its newest promises, their tally
    _count(django_assert_num_queries, client, f"/agencies/{archive.agencies.hz.pk}/", 7)
    # report, topics, sections, measures, indicators
    _count(django_assert_num_queries, client, f"/api/reports/{archive.reports.hangzhou.pk}/", 5)


def test_relevance_ranking_is_bounded_but_counts_see_every_match(client, archive):
    from django.db import connection

    from reports.models import Report
    from reports.search import RANK_CANDIDATES

    agency = archive.agencies.hz
    published_at = Report.objects.get(pk=archive.reports.xihu.pk).published_at
    extra = RANK_CANDIDATES + 5
    Report.objects.bulk_create([
        Report(agency=agency, region=agency.region, title=f"调解专报{i}", year=2021, source_text=f"调解专报{i}",
               content_hash=f"{i:064x}", status="published", published_at=published_at,
               search_document="调解 专报")
        for i in range(extra)
    ])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Only the rows just made: PostgreSQL keeps the other reports' terms in their vectors alone.
            cursor.execute("UPDATE reports_report SET search_vector = to_tsvector('simple', search_document) "
                           "WHERE title LIKE %s", ["调解专报%"])
    total = extra + 3
    html = text_of(client.get("/search/?q=调解"))
    assert f"报告（{total}）" in html and f"共 <strong>{total}</strong> 条" in html
    past_candidates = text_of(client.get(f"/search/?q=调解&page={RANK_CANDIDATES // 20 + 1}"))
    if connection.vendor == "postgresql":
        assert "按相关度只排列最新的" in past_candidates and "sort=newest" in past_candidates
    newest = text_of(client.get(f"/search/?q=调解&sort=newest&page={RANK_CANDIDATES // 20 + 1}"))
    assert newest.count('class="report-row"') == total - RANK_CANDIDATES // 20 * 20


def test_search_offers_relevance_sort_and_measure_labels_are_not_doubled(client, archive):
    html = text_of(client.get("/search/?q=调解"))
    assert '<option value="relevance" selected>相关度</option>' in html
    assert "relevance" not in text_of(client.get("/reports/")).split('id="id_sort"')[1].split("</select>")[0]
    html = text_of(client.get(f"/reports/{archive.reports.hangzhou.pk}/"))
    assert ">二是推进普法宣传进社区。</a>" in html and "二是二是" not in html


def test_summaries_come_from_the_tallies_not_from_a_cache(django_assert_num_queries, client, archive):
    # years, provinces' counts, their names, topics; latest reports and their topics — no grouping of reports
    with django_assert_num_queries(6):
        assert "共 <strong>5</strong> 份" in text_of(client.get("/"))
    with django_assert_num_queries(2):  # cells, row names
        assert "浙江省" in text_of(client.get("/coverage/"))

def test_the_other_tab_counts_up_to_its_own_cap(archive):
    # The search's other tab glances at its count (TAB_COUNT_CAP): exact below the cap, "N+" above.
    from reports.models import Report
    from reports.paging import TAB_COUNT_CAP, count_label

    matches = Report.objects.published()
    assert count_label(matches, 2) == "2+" and count_label(matches, matches.count()) == str(matches.count())
    assert TAB_COUNT_CAP < COUNT_CAP
