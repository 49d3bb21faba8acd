"""Production plumbing: the health check, JSON logs and the read-replica router with two aliases."""
import json
import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connections
from django.test.utils import CaptureQueriesContext

from config.logging import JsonFormatter
from reports.models import Region


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["databases"]["default"]["ok"] is True
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", refuse)
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable", "databases": {"default": {"ok": False, "error": "OperationalError"}},
    }


def test_logs_are_one_json_object_per_line(settings):
    assert settings.LOGGING["handlers"]["stdout"]["stream"] == "ext://sys.stdout"
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "失败：%s", ("/reports/",), None)
    record.status_code = 500
    record.report_id = 7
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["message"] == "失败：/reports/" and entry["status"] == 500 and entry["report_id"] == 7


# Transactional, so the replica alias (a second connection) sees committed rows; serialized_rollback
# restores the migrated rows afterwards without re-running post_migrate, as the ingest-worker test expects.
@pytest.mark.django_db(databases=["default", "replica"], transaction=True, serialized_rollback=True)
def test_public_reads_go_to_the_replica_and_admin_to_the_primary(client, settings):
    settings.REPLICA_ALIASES = ["replica"]
    Region.objects.create(code="330000", name="浙江省", short_name="浙江", level="province")
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/regions/330000/")
    assert response.status_code == 200 and "浙江省" in response.content.decode()
    assert len(replica) > 0 and len(primary) == 0

    user = get_user_model().objects.create_superuser("admin", password="pw-admin-1")
    client.force_login(user)
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/admin/reports/region/").status_code == 200
    assert len(primary) > 0 and len(replica) == 0


@pytest.mark.django_db(databases=["default", "replica"])
def test_without_a_request_everything_uses_the_primary(settings):
    # Commands such as ingest read what they are about to write.
    settings.REPLICA_ALIASES = ["replica"]
    from config.routers import ReplicaRouter

    router = ReplicaRouter()
    assert router.db_for_read(Region) == "default" and router.db_for_write(Region) == "default"
    assert router.allow_migrate("replica", "reports") is False and router.allow_migrate("default", "reports")


def test_page_cache_dir_puts_the_pages_in_files_every_worker_reads(tmp_path):
    import subprocess
    import sys

    read = "import config.settings as s; print(s.CACHES['pages']['BACKEND'], s.CACHES['pages']['LOCATION'])"
    env = {"PATH": "/usr/bin:/bin", "PAGE_CACHE_DIR": str(tmp_path), "SECRET_KEY": "x" * 50}
    out = subprocess.run([sys.executable, "-c", read], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["django.core.cache.backends.filebased.FileBasedCache", str(tmp_path)]
    env.pop("PAGE_CACHE_DIR")
    out = subprocess.run([sys.executable, "-c", read], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["django.core.cache.backends.locmem.LocMemCache", "pages"]
