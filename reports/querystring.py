"""Canonical query strings for the public lists: no empty fields, one region, a year range spelled out.

`?region=450000&region=450200&year=&sort=newest&period=` and `?region=450200` ask for the
same list; only the second is canonical. Pages answer the first with a 301 to the second
(and the filter form's script never submits empty fields); the API reads both alike.
"""
from __future__ import annotations

import re

from django.http import HttpResponsePermanentRedirect, QueryDict
from django.utils.http import urlencode

from reports.models import is_region_code

# ?year=2020-2024 (also 2020~2024, 2020—2024, 2020至2024): a range typed into the year field.
YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:-|~|～|－|—|–|至|到)\s*(\d{4})\s*$")


def _within(child: str, parent: str) -> bool:
    if parent.endswith("0000"):
        return child[:2] == parent[:2]
    if parent.endswith("00"):
        return child[:4] == parent[:4]
    return child == parent


def deepest_region(values: list[str]) -> str:
    """The region cascade submits one `region` per level; the deepest that lies inside the levels above wins.

    Changing the province leaves the old city in the form; it does not lie in the new province and is dropped,
    and an empty level (全省, 全市) ends the path there.
    """
    values = [v.strip() for v in values]
    if not values or not values[0]:
        return ""  # 全部地区 at the top level, whatever the deeper levels still hold
    chosen = values[0]
    for value in values[1:]:
        if not value:
            break  # 全市 / 全省: this level and below are not narrowed
        if not (is_region_code(value) and is_region_code(chosen) and _within(value, chosen)):
            break  # left over from the province or city chosen before
        chosen = value
    return chosen


def canonical_pairs(params: QueryDict, default_sort: str | None = None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    explicit_range = bool(params.get("year_from") or params.get("year_to"))
    for key, values in params.lists():
        if key == "region":
            value = deepest_region(values)
        else:
            kept = [v for v in values if v != ""]
            value = kept[-1] if kept else ""  # what the filters read: the last value
        if value == "":
            continue
        if key == "page" and value.strip() == "1":
            continue
        if key == "sort" and value == default_sort:
            continue
        if key == "year" and not explicit_range:
            match = YEAR_RANGE.match(value)
            if match:
                pairs += [("year_from", match.group(1)), ("year_to", match.group(2))]
                continue
        pairs.append((key, value))
    return pairs


def canonical_params(params: QueryDict, default_sort: str | None = None) -> QueryDict:
    clean = QueryDict(mutable=True)
    for key, value in canonical_pairs(params, default_sort):
        clean[key] = value
    return clean


def canonical_redirect(request, default_sort: str | None = None):
    """A 301 to the same list without empty or duplicate parameters, or None when the URL is canonical."""
    pairs = canonical_pairs(request.GET, default_sort)
    given = [(key, value) for key, values in request.GET.lists() for value in values]
    if pairs == given:
        return None
    return HttpResponsePermanentRedirect(request.path + (f"?{urlencode(pairs)}" if pairs else ""))
