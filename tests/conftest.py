from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches

from reports import pagecache, services
from reports.models import Region, Report, Topic
from tests.builders import make_parsed

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fixtures" / "sample_reports"
DATA = Path(__file__).resolve().parent / "data"


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
    gx = Region.objects.create(code="450000", name="广西壮族自治区", short_name="广西", level="province")
    lz = Region.objects.create(code="450200", name="柳州市", short_name="柳州", level="city", parent=gx)
    gl = Region.objects.create(code="450300", name="桂林市", short_name="桂林", level="city", parent=gx)
    Topic.objects.get_or_create(slug="legal-aid", defaults={"name": "法律援助", "keywords": ["法律援助"]})
    return {"gx": gx, "lz": lz, "gl": gl}


@pytest.fixture
def editor(db):
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
