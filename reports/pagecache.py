"""Whole public pages from a cache that is never stale.

At 100k reports a public page costs 10–30 ms to build (its queries plus Django's template engine over
20 rows, their links and the filter forms), and the same pages are asked for again and again: the home
page, the first page of each list, a type's chart, a common search. An anonymous GET of a page of the
public apps (URL namespaces `reports` and `indicators`) is kept in the `pages` cache under the archive's
revision number, the language and the full path; a hit costs one primary-key read and a cache lookup.

The revision (`summaries.Revision`, one row) advances after every committed write that can change a
public page, so a page cached under an older number is never served again:

- any save of a model of the archive's apps, any change of a many-to-many link, and the delete of a
  report or of a row of the small tables (post_save / m2m_changed / post_delete receivers below) —
  whoever writes: the admin, fixtures (`loaddata`), the services' own saves;
- the services' bulk writes (bulk_create and queryset.update send no signal) call `changed()`.

Sections, measures, indicators and promises get no post_delete receiver: with one, Django fetches
every row a queryset delete removes to signal it, and a re-extract deletes hundreds. They are only
deleted inside a service write that also saves or marks its report.

The number advances after the commit, in an UPDATE of its own (transaction.on_commit): a reader never
waits on a writer's lock, and the revision is read before anything else a page reads, so a page built
while a write commits is at worst newer than its key, never older — and that key is retired when the
number advances.

Visitors with a session (editors) or a pending message bypass the cache: they see what was just written.
`PAGE_CACHE=0` turns the cache off (the test settings do, but for the tests of this module).
"""
from __future__ import annotations

import hashlib
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import router, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from reports.summaries.models import Revision

CACHE_ALIAS = "pages"
# The apps whose pages are public and whose rows those pages show.
PUBLIC_NAMESPACES = frozenset({"reports", "indicators"})
CONTENT_APPS = ("reports", "indicators")
# Row-by-row deletes that may happen outside a service write (admin, fixtures): small tables and reports.
DELETE_SIGNALLED = ("Report", "Agency", "Region", "Topic", "IndicatorType")
# The revision the current request's page is cached under, once the middleware has read it.
_request_revision: ContextVar[int | None] = ContextVar("request_revision", default=None)
# A page larger than this (a very long report) is built each time rather than crowding the cache.
MAX_PAGE_BYTES = 2 * 1024 * 1024


def current(using: str | None = None) -> int:
    """The revision pages are cached under (0 for a database without the row, e.g. a flushed test one)."""
    db = using or router.db_for_read(Revision)
    number = Revision.objects.using(db).filter(pk=1).values_list("number", flat=True).first()
    return number or 0


def scoped(key: str) -> str:
    """A cache key for a figure a cached page embeds (counts kept a few minutes): tied to the page's
    revision, so a page cached under a new revision never shows a figure computed before it."""
    revision = _request_revision.get()
    return key if revision is None else f"{key}@{revision}"


def _advance(using: str) -> None:
    if not Revision.objects.using(using).filter(pk=1).update(number=F("number") + 1):
        Revision.objects.using(using).get_or_create(pk=1, defaults={"number": 1})


def changed(using: str | None = None) -> None:
    """Retire every cached page once the current transaction commits (at once outside one)."""
    db = using or router.db_for_write(Revision)
    transaction.on_commit(lambda: _advance(db), using=db)


def _on_write(sender, using=None, **kwargs):
    changed(using)


def connect_receivers() -> None:
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models():
            post_save.connect(_on_write, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
            if model.__name__ in DELETE_SIGNALLED:
                post_delete.connect(_on_write, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(_on_write, sender=through, dispatch_uid=f"pagecache-m2m-{through._meta.label}")


# ---------------------------------------------------------------- the middleware


def _cacheable_request(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not control & {"private", "no-store", "no-cache"} and len(response.content) <= MAX_PAGE_BYTES


def _key(request, revision: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{revision}:{getattr(request, 'LANGUAGE_CODE', '')}:{path}"


class PageCacheMiddleware:
    """Serves and keeps the public pages (after LocaleMiddleware: the language is part of the key)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_revision.set(None)
        try:
            response = self.get_response(request)
        finally:
            _request_revision.reset(token)
        key = getattr(request, "_page_cache_key", None)
        if key and _cacheable_response(response):
            caches[CACHE_ALIAS].set(key, (response.status_code, list(response.items()), response.content))
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not settings.PAGE_CACHE or match is None or match.namespace not in PUBLIC_NAMESPACES or not _cacheable_request(request):
            return None
        revision = current()
        _request_revision.set(revision)
        key = _key(request, revision)
        hit = caches[CACHE_ALIAS].get(key)
        if hit is None:
            request._page_cache_key = key
            return None
        status, headers, content = hit
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
