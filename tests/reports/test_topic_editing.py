"""Topics as editors keep them: keywords edited in admin reach re-extraction; a measure's topics
corrected in admin are an editor decision that survives re-extraction, with history."""
import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from reports import services
from reports.lexicon import lexicon_from_db
from reports.models import Measure, Report, Topic
from reports.pipeline import parse_file
from tests.conftest import SAMPLES

LIUZHOU = SAMPLES / "000_6d2be61a73a6c314.txt"


@pytest.fixture
def liuzhou(regions):
    """The 柳州 sample, ingested with the full taxonomy from the Topic table."""
    Topic.objects.all().delete()
    call_command("loaddata", "topics", verbosity=0)
    result = services.ingest_parsed(parse_file(LIUZHOU, lexicon_from_db()))
    return Report.objects.get(pk=result.report_id)


def measure_at(report, lead):
    return report.measures.get(text__startswith=lead)


def slugs(measure):
    return set(measure.topics.values_list("slug", flat=True))


def reextract(client, report):
    return client.post(reverse("admin:reports_report_changelist"),
                       {"action": "reextract", "_selected_action": [report.pk]}, follow=True).content.decode()


def topic_form(topic, **changes):
    data = {"name": topic.name, "slug": topic.slug, "group": topic.group, "order": topic.order,
            "description": topic.description, "keywords": json.dumps(topic.keywords, ensure_ascii=False)}
    data.update(changes)
    return data


def test_liuzhou_is_under_legal_aid_on_the_home_page(client, liuzhou):
    # 二是大力开展法律援助惠民服务品牌建设: a legal-aid measure puts the report under 法律援助.
    assert "legal-aid" in slugs(measure_at(liuzhou, "二是大力开展法律援助惠民服务品牌建设"))
    assert liuzhou.topics.filter(slug="legal-aid").exists()
    services.set_report_status(Report.objects.filter(pk=liuzhou.pk), "published")
    cache.clear()
    home = client.get("/").content.decode()
    assert '<a href="/reports/?topic=legal-aid">法律援助</a> <span>1 份</span>' in home
    assert liuzhou.title in client.get("/reports/?topic=legal-aid").content.decode()
    assert "二是大力开展法律援助惠民服务品牌建设" in client.get("/topics/legal-aid/").content.decode()


def test_measures_keep_the_evidence_of_their_topics(liuzhou):
    measure = measure_at(liuzhou, "四是加强涉外法治建设")
    evidence = dict(measure.topic_evidence)
    assert [slug for slug, _ in measure.topic_evidence][0] == "foreign-related-rule-of-law"  # best first
    assert set(evidence) == slugs(measure)
    assert "涉外法治" in evidence["foreign-related-rule-of-law"]


def test_keywords_edited_in_admin_apply_on_reextract(editor_client, liuzhou):
    measure = measure_at(liuzhou, "四是加强涉外法治建设")
    assert "foreign-related-rule-of-law" in slugs(measure)
    foreign = Topic.objects.get(slug="foreign-related-rule-of-law")
    transparency = Topic.objects.get(slug="government-transparency")

    url = reverse("admin:reports_topic_change", args=[foreign.pk])
    assert editor_client.post(url, topic_form(foreign, keywords='["外星法治"]')).status_code == 302
    url = reverse("admin:reports_topic_change", args=[transparency.pk])
    keywords = json.dumps(transparency.keywords + ["涉外法治"], ensure_ascii=False)
    assert editor_client.post(url, topic_form(transparency, keywords=keywords)).status_code == 302

    assert "已重新抽取 1 篇报告" in reextract(editor_client, liuzhou)
    measure = measure_at(liuzhou, "四是加强涉外法治建设")
    assert "foreign-related-rule-of-law" not in slugs(measure)
    assert "government-transparency" in slugs(measure)
    history = LogEntry.objects.filter(object_id=str(foreign.pk)).get().get_change_message()
    assert history.startswith("关键词：涉外法治、涉外律师") and history.endswith("→ 外星法治")


def test_measure_topics_corrected_in_admin_survive_reextract_with_history(editor_client, liuzhou):
    measure = measure_at(liuzhou, "三是以法治保障民营经济高质量发展")
    before = slugs(measure)
    aid = Topic.objects.get(slug="legal-aid")
    business = Topic.objects.get(slug="business-environment")

    page = editor_client.get(reverse("admin:reports_measure_change", args=[measure.pk])).content.decode()
    assert "机器给出主题的依据" in page and "破产" in page
    response = editor_client.post(reverse("admin:reports_measure_change", args=[measure.pk]),
                                  {"topics": [business.pk, aid.pk], "_save": "1"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.topics_edited and slugs(measure) == {"business-environment", "legal-aid"} != before
    message = LogEntry.objects.filter(object_id=str(measure.pk), content_type__model="measure").get()
    assert "主题：" in message.get_change_message() and "法律援助" in message.get_change_message()

    page = reextract(editor_client, liuzhou)
    assert "已重新抽取 1 篇报告" in page
    again = measure_at(liuzhou, "三是以法治保障民营经济高质量发展")
    assert again.pk != measure.pk  # measures are rebuilt …
    assert again.topics_edited and slugs(again) == {"business-environment", "legal-aid"}  # … the decision is not
    entry = LogEntry.objects.filter(object_id=str(liuzhou.pk)).latest("action_time").get_change_message()
    assert "保留编辑选定的举措主题 1 项" in entry
    # Other measures still get the machine's topics.
    assert not measure_at(liuzhou, "四是加强涉外法治建设").topics_edited


def test_a_decision_follows_the_measure_that_now_covers_its_span(liuzhou):
    measure = measure_at(liuzhou, "四是加强涉外法治建设")
    services.save_measure_topics(measure, [Topic.objects.get(slug="legal-aid")])
    # As if an older outline had started this measure a few characters later.
    Measure.objects.filter(pk=measure.pk).update(start=measure.start + 3)
    result = services.reextract_report(liuzhou)
    assert result.kept_topics == 1
    assert slugs(measure_at(liuzhou, "四是加强涉外法治建设")) == {"legal-aid"}


def test_measure_queue_filters_by_topic_and_editor_decision(editor_client, liuzhou):
    aid = Topic.objects.get(slug="legal-aid")
    url = reverse("admin:reports_measure_changelist")
    page = editor_client.get(f"{url}?topics__id__exact={aid.pk}").content.decode()
    assert "二是大力开展法律援助惠民服务品牌建设" in page and "四是加强涉外法治建设" not in page
    services.save_measure_topics(measure_at(liuzhou, "四是加强涉外法治建设"), [aid])
    page = editor_client.get(f"{url}?topics_edited__exact=1").content.decode()
    assert "四是加强涉外法治建设" in page and "二是大力开展法律援助惠民服务品牌建设" not in page


def test_only_topics_are_editable_on_a_measure(editor_client, liuzhou):
    measure = measure_at(liuzhou, "四是加强涉外法治建设")
    editor_client.post(reverse("admin:reports_measure_change", args=[measure.pk]),
                       {"topics": [], "text": "篡改", "start": 0, "_save": "1"})
    measure.refresh_from_db()
    assert measure.text.startswith("四是加强涉外法治建设") and measure.start > 0
    assert editor_client.get(reverse("admin:reports_measure_add")).status_code == 403
    assert editor_client.post(reverse("admin:reports_measure_delete", args=[measure.pk]),
                              {"post": "yes"}).status_code == 403
