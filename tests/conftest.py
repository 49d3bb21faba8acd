from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connections, transaction

from reports import pagecache, services
from reports.models import Region, Report, Topic
from tests.builders import make_parsed

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fixtures" / "sample_reports"
DATA = Path(__file__).resolve().parent / "data"


# ---------------------------------------------------------------- rows built once per module

# Module-scoped fixtures that build rows with `shared_rows`. Within a module, the tests that use one run after
# the tests that do not (pytest_collection_modifyitems), so no other test ever sees those rows.
SHARED_ROWS = {"archive_once", "fixture_archive_once",
               "gazetteer_once", "pair_once", "dictionary_archive_once"}
_shared_rows_open = []  # the fixture whose rows are in the database now, if any


def shared_rows(django_db_blocker, name, build):
    """Rows that a module's tests all start from, built once, for a module-scoped fixture to `yield from`.

    `build()` runs in a transaction that stays open while the module's tests run, each in a savepoint of it
    (pytest-django's `db`), and is rolled back when the module is done — what Django's TestCase.setUpTestData
    does for a class. Hand each test a copy.deepcopy of the model instances, so that one test's in-memory
    changes never reach the next."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    _shared_rows_open.append(name)
    try:
        yield built
    finally:
        _shared_rows_open.remove(name)
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each module, tests using rows built once (SHARED_ROWS) run last: the rows stay in the database
    until the module is done, and the module's other tests must not see them. Otherwise the order stays as
    pytest-django made it (transactional tests after the others, as Django orders them: they flush the
    database, and with it the rows the migrations made)."""
    runs = []  # consecutive tests of one module
    for item in items:
        module = item.nodeid.split("::")[0]
        if runs and runs[-1][0] == module:
            runs[-1][1].append(item)
        else:
            runs.append((module, [item]))
    items[:] = [item for _, run in runs
                for item in sorted(run, key=lambda item: len(SHARED_ROWS & set(item.fixturenames)))]


@pytest.fixture(autouse=True)
def _shared_rows_only_where_asked(request):
    """A test that would see another fixture's shared rows, or commit inside their transaction, fails loudly."""
    for name in _shared_rows_open:
        if name not in request.fixturenames:
            pytest.fail(f"the rows of {name} are still in the database: this test must run before them")
        marker = request.node.get_closest_marker("django_db")
        committing = marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
        if committing or {"transactional_db", "live_server"} & set(request.fixturenames):
            pytest.fail(f"a transactional test cannot run inside the transaction of {name}")


@pytest.fixture(scope="session", autouse=True)
def _connections_closed_before_the_test_databases_go(django_db_setup, django_db_blocker):
    """Every alias's connection is closed before pytest-django drops the test databases: the replica alias
    (a mirror of the default one, opened by the router test) stayed connected and kept PostgreSQL from
    dropping its database, so each run left one behind."""
    yield
    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached page: a test database's revision restarts where the last one's did
    (the cache is off in the test settings; tests/reports/test_pagecache.py turns it on)."""
    caches[pagecache.CACHE_ALIAS].clear()


@pytest.fixture(scope="session")
def sample_paths():
    return sorted(SAMPLES.glob("*.txt"))


@pytest.fixture
def regions(db):
    """Just the regions these tests need (the national fixture is not required here)."""
    return make_regions()


def make_regions():
    gx = Region.objects.create(code="450000", name="广西壮族自治区", short_name="广西", level="province")
    lz = Region.objects.create(code="450200", name="柳州市", short_name="柳州", level="city", parent=gx)
    gl = Region.objects.create(code="450300", name="桂林市", short_name="桂林", level="city", parent=gx)
    Topic.objects.get_or_create(slug="legal-aid", defaults={"name": "法律援助", "keywords": ["法律援助"]})
    return {"gx": gx, "lz": lz, "gl": gl}


@pytest.fixture
def editor(db):
    return make_editor()


def make_editor():
    return get_user_model().objects.create_user("bianji", password="x", is_staff=True)


@pytest.fixture
def editor_client(client, db):
    """A logged-in member of the 编辑 group (created by a migration)."""
    user = get_user_model().objects.create_user("xiaoli", password="pw-editor-2", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑"))
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def report(regions):
    """The hand-built 柳州 report, ingested."""
    return Report.objects.get(pk=services.ingest_parsed(make_parsed()).report_id)
