"""Regex branches built from named word lists, so that a pattern reads as the lists it is made of."""
from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """A regex branch for any of `words`, longest first: where one word starts another (截至目前, 截至),
    the longer is tried first, whatever order the list is in."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
