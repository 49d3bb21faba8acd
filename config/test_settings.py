"""The settings the test suite runs with: production settings plus a second database alias.

`replica` mirrors the test database (TEST MIRROR), so the read-replica router can be exercised with
two aliases on SQLite and PostgreSQL alike. It routes nothing unless a test lists it in REPLICA_ALIASES.
"""
from config.settings import *  # noqa: F401,F403
from config.settings import DATABASES

DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
