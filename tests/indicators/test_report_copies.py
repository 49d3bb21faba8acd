"""Indicators carry their report's period and publication: every writer keeps the copies exact."""
from io import StringIO

from django.core.management import call_command

from indicators.models import Indicator
from reports import services
from reports.models import Report, ReportStatus
from tests.builders import make_parsed


def _copies_are_exact():
    """Every indicator says what its report says, and at least one indicator was checked."""
    rows = list(Indicator.objects.values_list("report_period", "report_published", "report__period", "report__status"))
    assert rows
    for period, published, report_period, status in rows:
        assert (period, published) == (report_period, status == ReportStatus.PUBLISHED)
    return {(period, published) for period, published, _, _ in rows}


def _public_count(client):
    return client.get("/api/indicators/").json()["count"]


def test_ingest_publish_and_withdraw_keep_the_copies(client, regions):
    result = services.ingest_parsed(make_parsed())  # a draft
    assert _copies_are_exact() == {("annual", False)} and _public_count(client) == 0
    report = Report.objects.filter(pk=result.report_id)
    services.set_report_status(report, ReportStatus.PUBLISHED)
    assert _copies_are_exact() == {("annual", True)} and _public_count(client) == Indicator.objects.count()
    services.set_report_status(report, ReportStatus.WITHDRAWN)
    assert _copies_are_exact() == {("annual", False)} and _public_count(client) == 0


def test_editing_the_period_moves_the_indicators_to_other_charts(client, regions, editor):
    result = services.ingest_parsed(make_parsed(), publish=True)
    report = Report.objects.get(pk=result.report_id)
    report.period = "half-year"
    services.save_report_edit(report, ["period"], user=editor)
    assert _copies_are_exact() == {("half-year", True)}
    # Re-extracting keeps the editor's period, and the indicators it writes copy it.
    services.ingest_parsed(make_parsed(), reextract=True)
    assert _copies_are_exact() == {("half-year", True)}


def test_fixtures_carry_no_copies_and_loading_one_derives_them(regions, tmp_path):
    services.ingest_parsed(make_parsed(), publish=True)
    out = StringIO()
    call_command("export_reports", stdout=out, stderr=StringIO(), verbosity=0)
    assert "report_published" not in out.getvalue() and "report_period" not in out.getvalue()
    path = tmp_path / "one.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    Report.objects.all().delete()
    call_command("loaddata", str(path), verbosity=0)
    assert _copies_are_exact() == {("annual", True)}
    # Loading the same file again is harmless: the copies are not content the file could contradict.
    call_command("loaddata", str(path), verbosity=0)
