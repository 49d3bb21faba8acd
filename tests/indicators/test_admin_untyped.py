"""Admin: names that recur in several reports without a type, made into a type or added as a synonym."""
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from indicators.models import IndicatorType, ReviewStatus
from tests.builders import make_agency, make_indicator, make_report

UNTYPED = "admin:indicators_indicatortype_untyped"
SYNONYM = "admin:indicators_indicatortype_add_synonym"


@pytest.fixture
def recurring(archive):
    """调解矛盾纠纷 (件) in two more reports, spelt two ways; 普法讲座 in one report only; one rejected."""
    r = archive.regions
    texts = {
        "xh": "西湖区2024年工作总结\n一、工作\n调解矛盾纠纷1500件，开展普法讲座12场。\n",
        "lz": "柳州市2024年工作总结\n一、工作\n“调解矛盾纠纷”2100件。调解矛盾纠纷99件。\n",
    }
    xh = make_report(make_agency("西湖区人民政府", r.xh, "人民政府"), "西湖区2024年工作总结", 2024, texts["xh"])
    lz = make_report(make_agency("柳州市人民政府", r.lz, "人民政府"), "柳州市2024年工作总结", 2024, texts["lz"],
                     status="draft")
    make_indicator(xh, "1500件", 1500, "件", name="调解矛盾纠纷")
    make_indicator(xh, "12场", 12, "场", name="普法讲座")
    make_indicator(lz, "2100件", 2100, "件", name="“调解矛盾纠纷”")
    make_indicator(lz, "99件", 99, "件", name="调解矛盾纠纷", review=ReviewStatus.REJECTED)
    return archive


def rows(html):
    body = html.split('<table id="result_list">')[1].split("</table>")[0]
    return [[unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)]


def test_recurring_untyped_names_with_counts(editor_client, recurring):
    html = editor_client.get(reverse(UNTYPED)).content.decode()
    # 杭州 (the archive's 3.2万件), 西湖 and the draft 柳州 report say it, spelt two ways; the rejected one is not counted.
    assert rows(html) == [["调解矛盾纠纷", "件", "3", "3", "“调解矛盾纠纷”", "建为新类型 · 加为同义说法…"]]
    assert "普法讲座" not in html  # one report only
    assert "法律援助案件" not in html  # typed


def test_search_and_link_from_the_type_list(editor_client, recurring):
    changelist = editor_client.get(reverse("admin:indicators_indicatortype_changelist")).content.decode()
    assert f'href="{reverse(UNTYPED)}">未归类的指标名称</a>' in changelist
    html = editor_client.get(reverse(UNTYPED), {"q": "普法"}).content.decode()
    assert "没有包含“普法”的反复出现的未归类名称" in html


def test_make_a_type_opens_a_prefilled_form(editor_client, recurring):
    html = editor_client.get(reverse(UNTYPED)).content.decode()
    add = unescape(re.search(r'<a href="([^"]+)">建为新类型</a>', html).group(1))
    assert parse_qs(urlparse(add).query) == {"name": ["调解矛盾纠纷"], "unit": ["件"],
                                              "synonyms": ["调解矛盾纠纷", "“调解矛盾纠纷”"]}
    form = editor_client.get(add).content.decode()
    assert 'name="name" value="调解矛盾纠纷"' in form and 'name="unit" value="件"' in form
    assert "[&quot;调解矛盾纠纷&quot;, &quot;“调解矛盾纠纷”&quot;]" in form
    response = editor_client.post(add, {"slug": "mediated-disputes", "name": "调解矛盾纠纷数", "unit": "件",
                                        "synonyms": '["调解矛盾纠纷"]', "description": "", "topic": ""})
    assert response.status_code == 302
    assert IndicatorType.objects.get(slug="mediated-disputes").synonyms == ["调解矛盾纠纷"]


def test_add_as_synonym_appends_and_logs(editor_client, recurring):
    html = editor_client.get(reverse(UNTYPED)).content.decode()
    url = unescape(re.search(r'<a href="([^"]+)">加为同义说法…</a>', html).group(1))
    mediation = IndicatorType.objects.create(slug="mediation-cases", name="人民调解案件数", unit="件",
                                             synonyms=["人民调解案件"])
    IndicatorType.objects.create(slug="aa-people", name="人数", unit="人")
    form = editor_client.get(url).content.decode()
    options = re.findall(r'<option value="(\d*)"[^>]*>([^<]+)</option>', form)
    # Types in the name's unit first.
    assert [label for _, label in options][:3] == ["请选择", "人民调解案件数（件）", "法律援助案件数（件）"]
    response = editor_client.post(url, {"name": "调解矛盾纠纷", "indicator_type": mediation.pk})
    assert response.status_code == 302 and response["Location"] == reverse(UNTYPED)
    mediation.refresh_from_db()
    assert mediation.synonyms == ["人民调解案件", "调解矛盾纠纷"]
    entry = LogEntry.objects.get(object_id=str(mediation.pk))
    assert entry.change_message == "同义说法：人民调解案件 → 人民调解案件、调解矛盾纠纷（从未归类名称添加“调解矛盾纠纷”）"
    assert entry.user == editor_client.user
    messages = editor_client.get(reverse(UNTYPED)).content.decode()
    assert "已把“调解矛盾纠纷”加为“人民调解案件数”的同义说法" in messages
    # The same name again (another spelling of it, as the dictionary compares) changes nothing.
    editor_client.post(url, {"name": "“调解矛盾纠纷”", "indicator_type": mediation.pk})
    mediation.refresh_from_db()
    assert mediation.synonyms == ["人民调解案件", "调解矛盾纠纷"] and LogEntry.objects.count() == 1


def test_a_bad_choice_is_a_message_not_a_500(editor_client, recurring):
    response = editor_client.post(reverse(SYNONYM) + "?name=调解矛盾纠纷", {"name": "调解矛盾纠纷", "indicator_type": "999"})
    assert response.status_code == 200 and "请改正下面的错误" in response.content.decode()


def test_only_editors_who_may_change_types(client, recurring):
    user = get_user_model().objects.create_user("guest", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(reverse(UNTYPED)).status_code == 403
    assert client.post(reverse(SYNONYM), {"name": "x", "indicator_type": "1"}).status_code == 403
    client.logout()
    assert client.get(reverse(UNTYPED)).status_code == 302  # to the login page


def test_query_count(django_assert_num_queries, editor_client, recurring):
    editor_client.get(reverse(UNTYPED))  # warm the session and permission caches
    # session, user, permissions (group and user), the grouped names
    with django_assert_num_queries(5):
        assert editor_client.get(reverse(UNTYPED)).status_code == 200


def test_an_indicators_page_shows_its_value_as_the_site_writes_it(editor_client, recurring):
    # On the change page, not the list: the review desk keeps its rows one line high.
    from indicators.models import Indicator

    indicator = Indicator.objects.filter(name="调解矛盾纠纷", value=32000).first()
    html = editor_client.get(reverse("admin:indicators_indicator_change", args=[indicator.pk])).content.decode()
    assert "读作" in html and "3.2万件" in html