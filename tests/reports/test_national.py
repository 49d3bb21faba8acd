"""National bodies (司法部, 国务院 …) live in 全国 (100000), the root above the provinces, and browse like any report."""
import importlib

from django.apps import apps
from django.urls import reverse

from reports import services
from reports.models import Region, Report
from reports.pipeline import parse_text

MINISTRY = (
    "司法部2023年法治政府建设年度报告\n发布时间：2024-03-28 10:00  来源：司法部\n"
    "2023年，司法部坚持依法行政，办理行政复议案件1200件。\n一、主要举措和成效\n（一）完善制度体系。\n二、2024年工作安排\n"
)


def national_tree():
    country = Region.objects.create(code="100000", name="全国", level="national")
    gx = Region.objects.create(code="450000", name="广西壮族自治区", short_name="广西", level="province",
                               parent=country)
    lz = Region.objects.create(code="450200", name="柳州市", short_name="柳州", level="city", parent=gx)
    return country, gx, lz


def test_ministry_report_ingests_under_the_national_root(db, client):
    country, gx, lz = national_tree()
    result = services.ingest_parsed(parse_text(MINISTRY, "moj.txt"), publish=True)
    report = Report.objects.get(pk=result.report_id)
    assert (report.region, report.agency.name, report.agency.region, report.year) == (country, "司法部", country, 2023)
    assert (country.full_name, gx.full_name, lz.full_name) == ("全国", "广西壮族自治区", "广西壮族自治区柳州市")

    page = client.get(reverse("reports:region-detail", args=["100000"])).content.decode()
    assert "<h1>全国</h1>" in page and "司法部2023年法治政府建设年度报告" in page and "广西壮族自治区" in page
    listed = client.get(reverse("reports:report-list"), {"region": "100000"}).content.decode()
    assert "司法部2023年法治政府建设年度报告" in listed
    province = client.get(reverse("reports:report-list"), {"region": "450000"}).content.decode()
    assert "司法部2023年法治政府建设年度报告" not in province
    home = client.get(reverse("reports:home")).content.decode()
    assert 'href="/regions/100000/"' in home
    coverage = client.get(reverse("reports:coverage")).content.decode()
    assert '<a href="/regions/100000/">全国</a>' in coverage  # its own row, no drill-down into every province
    detail = client.get(report.get_absolute_url()).content.decode()
    assert '<a href="/regions/100000/">全国</a>（100000）' in detail


def test_region_cascade_offers_the_country_first(db):
    from reports.filters import region_cascade
    national_tree()
    first = region_cascade(None)
    assert len(first) == 1 and first[0].options[:2] == [("100000", "全国"), ("450000", "广西壮族自治区")]
    # 全国 chosen: it is everything, so no level opens below it.
    assert [level.selected for level in region_cascade("100000")] == ["100000"]
    levels = region_cascade("450200")
    assert [level.selected for level in levels] == ["450000", "450200"]
    assert ("450200", "柳州市") in levels[1].options


def test_migration_hangs_loaded_provinces_under_the_new_root(db):
    migration = importlib.import_module("reports.migrations.0008_national_region")
    migration.add_root(apps, None)
    assert not Region.objects.exists()  # an empty gazetteer stays empty for loaddata
    gx = Region.objects.create(code="450000", name="广西壮族自治区", level="province")
    migration.add_root(apps, None)
    gx.refresh_from_db()
    assert (gx.parent.code, gx.parent.name, gx.parent.level) == ("100000", "全国", "national")
    migration.remove_root(apps, None)
    gx.refresh_from_db()
    assert gx.parent is None and not Region.objects.filter(code="100000").exists()
