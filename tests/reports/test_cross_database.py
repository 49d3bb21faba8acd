"""One fixture, two databases: export → load on the other backend → export again gives the same bytes.

The test database is whatever DATABASE_URL names (PostgreSQL in CI's second run); the other side is a
fresh SQLite file driven through `manage.py` in a subprocess, so under PostgreSQL this is the
PostgreSQL → SQLite → PostgreSQL round trip, and on SQLite it still checks the files.
"""
import os
import subprocess
import sys
from io import StringIO

from django.core.management import call_command
from django.db import connection

from tests.conftest import ROOT
from tests.reports.test_fixtures import archive, counts, export, fixture_archive_once, load, wipe_reports  # noqa: F401


def dumpdata(*labels):
    out = StringIO()
    call_command("dumpdata", *labels, natural_foreign=True, natural_primary=True, indent=1, stdout=out)
    return out.getvalue()


# The SQLite side's commands, in one `manage.py shell` (one interpreter and one Django start-up, not four).
OTHER_SIDE = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("loaddata", {tables!r}, {first!r}, verbosity=0)
with open({there!r}, "w", encoding="utf-8") as out:
    call_command("export_reports", verbosity=0, stdout=out)
with open({dumped!r}, "w", encoding="utf-8") as out:
    call_command("dumpdata", "reports", "indicators", natural_foreign=True, natural_primary=True, indent=1, stdout=out)
"""


def other(database, script):
    """manage.py on the SQLite side."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


def test_export_round_trips_across_databases_in_both_directions(archive, tmp_path):  # noqa: F811
    this = connection.vendor
    database = tmp_path / "other.sqlite3"
    (tmp_path / "tables.json").write_text(dumpdata("reports.region", "reports.topic", "indicators.indicatortype"),
                                          encoding="utf-8")
    first = export()
    (tmp_path / "first.json").write_text(first, encoding="utf-8")

    # migrate, loaddata, export_reports and dumpdata there
    other(database, OTHER_SIDE.format(tables=str(tmp_path / "tables.json"), first=str(tmp_path / "first.json"),
                                      there=str(tmp_path / "there.out"), dumped=str(tmp_path / "dumped.out")))
    there = (tmp_path / "there.out").read_text(encoding="utf-8")
    assert there == first, f"{this} → sqlite changed the export"
    dumped_there = (tmp_path / "dumped.out").read_text(encoding="utf-8")
    assert "search_vector" not in dumped_there

    wipe_reports()
    load(tmp_path, there, "there.json")

    assert export() == first, f"sqlite → {this} changed the export"
    assert counts() == (2, 2, 6, 4, 10)
    # Plain dumpdata agrees too: the vector is rebuilt per database, never carried across.
    here = dumpdata("reports", "indicators")
    assert "search_vector" not in here
    assert here.strip() == dumped_there.strip()
