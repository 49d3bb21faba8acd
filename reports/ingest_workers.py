"""The worker side of `ingesting.items(workers=N)`: what a spawned process runs.

A spawned interpreter imports this module to find its task before anything has set Django up,
so it imports nothing of Django or the apps at module level: `start` sets Django up first, then
takes the run's context. The context lives in this process for the pool's lifetime, one per
process, because a pool's task carries only its own arguments.
"""
from __future__ import annotations

import pickle

_run = None  # (context, options, write_lock), set by `start` in each worker process


def start(database_name, state: bytes, write_lock) -> None:
    import django

    django.setup()
    from django.db import connections

    # The parent may be on another database than the settings name (a test database): follow it.
    connections["default"].settings_dict["NAME"] = database_name
    global _run
    context, options = pickle.loads(state)
    _run = (context, options, write_lock)


def ingest(path):
    from reports.ingesting import ingest_file

    context, options, write_lock = _run
    return ingest_file(path, context, options, write_lock)
