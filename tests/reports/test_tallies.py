"""The summary tables behind the home page and coverage stay exact after every kind of write."""
from django.db.models import Count

from indicators.models import Indicator
from reports import services, tallies
from reports.models import Measure, Report, ReportStatus
from reports.summaries.models import AreaTally, TopicTally


def _recount():
    """What the tallies must say, grouped straight from the source tables."""
    published = Report.objects.filter(status=ReportStatus.PUBLISHED)
    areas = {}
    for code, year in published.values_list("region__code", "year"):
        areas.setdefault((tallies.area_of(code), year), [0, 0])[0] += 1
    for code, year in Measure.objects.filter(report__status=ReportStatus.PUBLISHED).values_list(
            "report__region__code", "report__year"):
        areas[(tallies.area_of(code), year)][1] += 1
    topics = {}
    for row in published.exclude(topics=None).values("topics", "region__code", "year").annotate(n=Count("id")):
        key = (row["topics"], tallies.province_of(row["region__code"]), row["year"])
        topics[key] = topics.get(key, 0) + row["n"]
    return areas, topics


def _held():
    areas = {(t.area, t.year): [t.reports, t.measures] for t in AreaTally.objects.all()}
    topics = {(t.topic_id, t.province, t.year): t.reports for t in TopicTally.objects.all() if t.reports}
    return areas, topics


def test_tallies_match_the_archive_after_building_it(archive):
    assert _held() == _recount()
    assert tallies.by_year() == [{"year": 2024, "n": 3}, {"year": 2023, "n": 2}]
    legal_aid = next(t for t in tallies.topic_counts() if t["topic__slug"] == "legal-aid")
    assert legal_aid["reports"] == 2 and legal_aid["measures"] == 0


def test_publish_and_withdraw_update_the_home_page_at_once(client, archive):
    assert "共 <strong>5</strong> 份" in client.get("/").content.decode()
    services.set_report_status(Report.objects.filter(pk=archive.reports.draft.pk), ReportStatus.PUBLISHED)
    html = client.get("/").content.decode()
    assert "共 <strong>6</strong> 份" in html and 'href="/reports/?year=2022">2022年</a> <span>1 份</span>' in html
    assert _held() == _recount()
    services.set_report_status(
        Report.objects.filter(pk__in=[archive.reports.draft.pk, archive.reports.hangzhou.pk]), ReportStatus.WITHDRAWN
    )
    html = client.get("/").content.decode()
    assert "共 <strong>4</strong> 份" in html and "2022年" not in html
    assert 'href="/regions/330000/">浙江省</a> <span>2 份</span>' in html
    assert _held() == _recount()
    coverage = client.get("/coverage/?region=330000").content.decode()
    assert 'title="杭州市 2024年"' not in coverage


def test_editing_region_year_and_topics_moves_the_counts(archive):
    report = Report.objects.get(pk=archive.reports.liuzhou.pk)
    report.region = archive.regions.hy
    report.year = 2021
    services.save_report_edit(report, ["region", "year"])
    report.topics.add(archive.topics.legal_aid)
    assert _held() == _recount()
    assert ("331000", 2021) in _held()[0] and ("450200", 2023) not in _held()[0]


def test_deleting_a_report_and_adding_measures_are_counted(archive):
    report = Report.objects.get(pk=archive.reports.hangzhou.pk)
    Measure.objects.create(report=report, ordinal=9, number="九", text="九是补充。", start=0, end=5,
                           year=report.year, region=report.region)
    assert _held() == _recount()
    Indicator.objects.filter(report=report).delete()
    report.delete()
    assert _held() == _recount()


def test_rebuild_recounts_everything(archive):
    AreaTally.objects.all().delete()
    TopicTally.objects.all().delete()
    tallies.rebuild()
    assert _held() == _recount()
