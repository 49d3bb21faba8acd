"""`/healthz/`: is this process able to serve? For load balancers and uptime checks."""
from __future__ import annotations

import time

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def _check(alias: str) -> dict:
    started = time.perf_counter()
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure to reach the database means "not healthy"
        return {"ok": False, "error": error.__class__.__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_safe
def healthz(request):
    """200 with {"status": "ok", …} when every database answers, else 503 naming the one that did not."""
    checks = {alias: _check(alias) for alias in ["default", *getattr(settings, "REPLICA_ALIASES", [])]}
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", "databases": checks},
                        status=200 if healthy else 503)
