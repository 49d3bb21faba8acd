"""Read replicas: public page reads go to a replica, everything else to the primary.

`DATABASE_REPLICA_URLS` (comma separated) adds one alias per replica (settings.REPLICA_ALIASES).
Only a request that `ReplicaMiddleware` marks — a GET or HEAD outside /admin/ — reads from a
replica — one replica for the whole request, so that everything a page reads (the page cache's
revision first, then its rows) comes from one server's point in time; writes, admin, management
commands (ingest) and anything without a request use the primary, so an editor always sees what was just written and `select_for_update` never meets a
read-only server. Replication lag therefore only ever delays what the public sees.
"""
from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings

# The replica this request reads from; None: the primary.
_replica: ContextVar[str | None] = ContextVar("replica", default=None)

PRIMARY = "default"
SAFE_METHODS = {"GET", "HEAD"}


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _replica.get() or PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas receive the schema by replication, never by migrate.
        return db == PRIMARY


class ReplicaMiddleware:
    """Marks the public, read-only requests whose reads may go to a replica."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        public = request.method in SAFE_METHODS and not request.path.startswith(self.admin_prefix)
        replicas = getattr(settings, "REPLICA_ALIASES", [])
        token = _replica.set(random.choice(replicas) if public and replicas else None)
        try:
            return self.get_response(request)
        finally:
            _replica.reset(token)
