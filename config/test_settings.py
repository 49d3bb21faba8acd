"""The settings the test suite runs with: production settings plus a second database alias.

`replica` mirrors the test database (TEST MIRROR), so the read-replica router can be exercised with
two aliases on SQLite and PostgreSQL alike. It routes nothing unless a test lists it in REPLICA_ALIASES.

The page cache is off: each test asks for the pages its own writes should change, and a test's
transaction never commits, so the revision would never move. tests/reports/test_pagecache.py turns it
on and commits (or runs the on-commit callbacks) the way production does.

Passwords are hashed with MD5: production's PBKDF2 (a million rounds, by design slow) cost about half a
second for each user a test makes and each login it tries. No test is about the hash itself; logins,
wrong passwords and lockouts behave the same.
"""
from config.settings import *  # noqa: F401,F403
from config.settings import DATABASES

PAGE_CACHE = False
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
