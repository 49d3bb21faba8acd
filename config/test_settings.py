"""The settings the test suite runs with: production settings plus a second database alias.

`replica` mirrors the test database (TEST MIRROR), so the read-replica router can be exercised with
two aliases on SQLite and PostgreSQL alike. It routes nothing unless a test lists it in REPLICA_ALIASES.

The page cache is off: each test asks for the pages its own writes should change, and a test's
transaction never commits, so the revision would never move. tests/reports/test_pagecache.py turns it
on and commits (or runs the on-commit callbacks) the way production does.
"""
from config.settings import *  # noqa: F401,F403
from config.settings import DATABASES

PAGE_CACHE = False
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
