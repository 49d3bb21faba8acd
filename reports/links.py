"""`reverse()` for the links every list row repeats, without resolving the URLconf each time.

A list page links each row to its report, agency, region and topics: 60–120 `reverse()` calls,
about a sixth of the page's time. The URL of a route with one argument is the same string around
that argument, so it is reversed once per (route, URLconf, script prefix) with a probe value and
then filled in. `Indicator.public_url` still catches NoReverseMatch: an uninstalled route raises
here exactly as in `reverse()`.
"""
from __future__ import annotations

from functools import lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Digits, so int, str and slug converters accept the first; the <region:code> converter takes six only.
_PROBES = ("8167302954", "816730")


@lru_cache(maxsize=256)
def _pattern(viewname: str, urlconf, prefix: str, with_arg: bool) -> tuple[str, str]:
    if not with_arg:
        return reverse(viewname, urlconf=urlconf), ""
    for probe in _PROBES:
        try:
            url = reverse(viewname, urlconf=urlconf, args=[probe])
        except NoReverseMatch:
            if probe == _PROBES[-1]:
                raise
            continue
        head, found, tail = url.partition(probe)
        if not found or probe in tail:
            raise ValueError(f"{viewname}: the argument does not appear exactly once in {url}")
        return head, tail


def url_for(viewname: str, arg=None) -> str:
    """reverse(viewname, args=[arg]) — or reverse(viewname) without an argument — for plain path segments.

    `arg` must be a value the route's converter accepts (a pk, a six-digit code, a slug); it is
    inserted as is, like reverse() would after its converter check.
    """
    head, tail = _pattern(viewname, get_urlconf(), get_script_prefix(), arg is not None)
    return head if arg is None else f"{head}{arg}{tail}"


def url_former(viewname: str):
    """url_for(viewname, arg) as a function of arg, the URLconf consulted once: an export calls it per row."""
    head, tail = _pattern(viewname, get_urlconf(), get_script_prefix(), True)
    return lambda arg: f"{head}{arg}{tail}"
