"""Pagination that never counts a huge result set exactly.

Counting every match of a common filter costs hundreds of milliseconds at a
million rows; a count capped at COUNT_CAP + 1 costs a few (see the measured
facts). Lists therefore say "1000+" and stop paging at the cap: beyond it the
reader is asked to narrow the filters.
"""
from __future__ import annotations

from dataclasses import dataclass, field

COUNT_CAP = 1000
# The other tab of a search says how many it holds up to this: a common word is in 8 % of all measures,
# and finding its first 1,001 of them at 100k reports reads ~12,000 measures (60–95 ms); 101 read ~1,300.
TAB_COUNT_CAP = 100
PAGE_SIZE = 20


@dataclass
class Page:
    rows: list = field(default_factory=list)
    number: int = 1
    per_page: int = PAGE_SIZE
    count: int = 0  # exact up to COUNT_CAP
    capped: bool = False  # more than COUNT_CAP matches
    out_of_range: bool = False
    ranked_out: bool = False  # past the candidates a relevance ranking looks at

    @property
    def count_label(self) -> str:
        return f"{COUNT_CAP}+" if self.capped else str(self.count)

    @property
    def last_number(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def last_label(self) -> str:
        return f"{self.last_number}+" if self.capped else str(self.last_number)

    @property
    def has_previous(self) -> bool:
        return 1 < self.number <= self.last_number + 1

    @property
    def has_next(self) -> bool:
        return self.number < self.last_number

    @property
    def previous_number(self) -> int:
        return min(self.number, self.last_number + 1) - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1


def page_number(raw) -> int:
    try:
        number = int(str(raw).strip())
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1


def capped_count(queryset, cap: int = COUNT_CAP) -> int:
    """min(matches, cap + 1), read from the index the filters use.

    The ordering is dropped first: kept inside the LIMIT subquery it makes PostgreSQL walk the sort
    index (e.g. by value) checking the filter row by row — 25 s at 5M indicators for a type filter —
    instead of reading the filter's own index (or the GIN index of a text search).
    """
    return queryset.order_by()[: cap + 1].count()


def count_label(queryset, cap: int) -> str:
    """'37' or '100+': a glance at how many there are, for a link to the list (a search's other tab)."""
    count = capped_count(queryset, cap)
    return f"{cap}+" if count > cap else str(count)


def paginate(queryset, raw_page, per_page: int = PAGE_SIZE, count_from=None) -> Page:
    """Two queries: a capped count and the page's rows (none when the page is past the end).

    `count_from` counts instead of `queryset` when the rows are a bounded ranking of it.
    """
    number = page_number(raw_page)
    count = capped_count(queryset if count_from is None else count_from)
    page = Page(number=number, per_page=per_page, count=min(count, COUNT_CAP), capped=count > COUNT_CAP)
    if number > page.last_number:
        page.out_of_range = count > 0 or number > 1
        return page
    offset = (number - 1) * per_page
    page.rows = list(queryset[offset: offset + per_page])
    page.ranked_out = count_from is not None and not page.rows
    return page
