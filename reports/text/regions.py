"""The national gazetteer and the resolver of an issuing body's region, Django-free.

`fixtures/regions.json` (built by fixtures/build_regions.py) is the single
source of truth: the same file feeds the Region table and this module, plus
`fixtures/region_aliases.json` for zones that are not GB/T 2260 units.

Finding names. Every full name, alias and short name (柳州, 黄岩) is a surface
form; the text is scanned once, left to right, taking the longest form at each
position (so 江北区 never yields 北区, 广西壮族自治区 never 广西). Short names
that are also ordinary words (和平, 东方, 中方, 路桥, 城区 …) are unsafe: jieba's
dictionary decides, see `_is_ordinary`. They are skipped in running text and
allowed only at the very start of an agency or hint string, where a place name
is expected (城区司法局). A short name is also skipped where a common word runs
across its edge, which is how 和安 hides in 发展和安全, 小金 in 中小金融 and
江源 in 三江源; a full name where one runs across its left edge (滨海城市).

Deciding. The agency string names the candidates (江北区 → 重庆 500105 and
宁波 330205); failing that, a bare `区司法局` takes the places the text names
right before `司法局`; failing that, the place most of the text is about
(see `_centre`). Among
several candidates every mention in agency, hints and text is evidence: it adds
the number of levels (province, city, county) it shares with the candidate,
split evenly when the mention itself is ambiguous, halved for short names. So
宁波/镇海 speak for 宁波's 江北区 and 重庆/渝中 for 重庆's. A tie is never broken
by order: the answer is the tied candidates' common ancestor (鼓楼区 with only
江苏 as a clue → 江苏省), or None when they share none.
"""
from __future__ import annotations

import json
import os
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .types import RegionRef

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})
# 全国, the root above the provinces: the region of national bodies. It is never a place
# named in running text (全国第一 is a rank), so it has no surface forms and no chain.
NATIONAL_CODE = "100000"
LEVEL_RANK = {"province": 0, "city": 1, "county": 2}
SHORT_WEIGHT = 0.5
# Full names of three characters or more are trusted, except these districts whose
# names are everyday words (老城区改造, 新城区建设, 解放区 of the civil war).
GENERIC_FULL_NAMES = frozenset({"老城区", "新城区", "解放区"})
# The words that end a unit's name, county level and up (浙江省, 黄岩区, 阿拉善盟) — spelt here once for
# the resolver, the metadata reader and the namer.
UNIT_WORDS = ("省", "市", "区", "县", "州", "旗", "盟")
AUTONOMOUS_REGION, AUTONOMOUS_PREFECTURE = "自治区", "自治州"
AUTONOMOUS_UNIT_WORDS = (AUTONOMOUS_REGION, AUTONOMOUS_PREFECTURE, "自治县", "自治旗")
# Below the county: townships, which the gazetteer does not hold.
TOWNSHIP_WORDS = ("镇", "乡")
# The last character of a unit's name: after a short name it is that name's own suffix.
UNIT_CHARS = frozenset(UNIT_WORDS)
# Unit words an agency may start with when its own region is left out (区司法局, 自治区司法厅).
LEVEL_WORDS = AUTONOMOUS_UNIT_WORDS + UNIT_WORDS


@dataclass(frozen=True)
class Place:
    """One gazetteer row."""

    code: str
    name: str
    short_name: str
    level: str  # national | province | city | county
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class _Form:
    text: str
    codes: tuple[str, ...]
    weight: float  # 1 for a full name or alias, SHORT_WEIGHT for a short name
    ordinary: bool  # also an everyday word: trusted only where a place name is expected
    loose: bool  # short or two characters: easily part of a longer word on either side


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    form: _Form


class Gazetteer:
    _default: Gazetteer | None = None
    _lock = threading.Lock()

    def __init__(self, places: Iterable[Place], aliases: Mapping[str, str] | None = None,
                 dictionary: Mapping[str, tuple[int, str]] | None = None):
        """`dictionary`: common words of two to four characters → (frequency, part of speech)."""
        self._places = {p.code: p for p in places}
        self._words = dictionary or {}
        self._chains: dict[str, tuple[Place, ...]] = {}
        for code in self._places:
            self._chains[code] = self._walk(code)
        self._slots = {code: self._slot_codes(chain) for code, chain in self._chains.items()}
        self._index = self._build_index(aliases or {}, dictionary or {})

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer of fixtures/regions.json, built once per process."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    cls._default = cls.from_files()
        return cls._default

    @classmethod
    def from_files(cls, regions: Path | None = None, aliases: Path | None = None) -> Gazetteer:
        rows = json.loads((regions or FIXTURES / "regions.json").read_text(encoding="utf-8"))
        places = [
            Place(f["code"], f["name"], f.get("short_name") or "", f["level"], (f.get("parent") or [None])[0])
            for f in (row["fields"] for row in rows)
        ]
        alias_path = aliases or FIXTURES / "region_aliases.json"
        alias_map = {}
        if alias_path.exists():
            alias_map = {a["name"]: a["code"] for a in json.loads(alias_path.read_text(encoding="utf-8"))["aliases"]}
        return cls(places, alias_map, common_words())

    def _walk(self, code: str) -> tuple[Place, ...]:
        chain, seen = [], set()
        place = self._places.get(code)
        while place is not None and place.code not in seen and place.level != "national":
            seen.add(place.code)
            chain.append(place)
            place = self._places.get(place.parent_code) if place.parent_code else None
        return tuple(reversed(chain))

    @staticmethod
    def _slot_codes(chain: tuple[Place, ...]) -> tuple[str | None, str | None, str | None]:
        """(province, city, county) codes; a municipality fills both province and city."""
        province = chain[0].code if chain else None
        city = province if province in MUNICIPALITIES else next((p.code for p in chain if p.level == "city"), None)
        county = next((p.code for p in chain if p.level == "county"), None)
        return province, city, county

    def _build_index(self, aliases: Mapping[str, str], dictionary: Mapping[str, tuple[int, str]]):
        full: dict[str, list[str]] = defaultdict(list)
        places = [p for p in self._places.values() if p.level in LEVEL_RANK]
        for place in places:
            full[place.name].append(place.code)
        for name, code in aliases.items():
            if code in self._places and code not in full[name]:
                full[name].append(code)
        short: dict[str, list[str]] = defaultdict(list)
        for place in places:
            if len(place.short_name) >= 2 and place.short_name not in full:
                short[place.short_name].append(place.code)
        forms = []
        for text, codes in full.items():
            ordinary = text in GENERIC_FULL_NAMES or (len(text) == 2 and self._is_ordinary(text, codes, dictionary))
            forms.append(_Form(text, tuple(codes), 1.0, ordinary, len(text) == 2))
        for text, codes in short.items():
            # A short name shared across levels means the best-known unit: 吉林 is the
            # province, not 吉林市; 西安 the city, not 辽源's 西安区.
            top = min(LEVEL_RANK[self._places[c].level] for c in codes)
            codes = [c for c in codes if LEVEL_RANK[self._places[c].level] == top]
            forms.append(_Form(text, tuple(codes), SHORT_WEIGHT, self._is_ordinary(text, codes, dictionary), True))
        index: dict[str, list[_Form]] = defaultdict(list)
        for form in forms:
            if len(form.text) >= 2:
                index[form.text[:2]].append(form)
        for bucket in index.values():
            bucket.sort(key=lambda f: -len(f.text))
        firsts = "".join(sorted({k[0] for k in index}))
        seconds = "".join(sorted({k[1] for k in index}))
        self._starts = re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")
        return dict(index)

    def _is_ordinary(self, text: str, codes, dictionary) -> bool:
        """True when a short name (or a two-character full name: 城区, 和县) is an everyday word too.

        jieba's dictionary gives frequency and part of speech. A word it tags as
        a place (ns) is a place unless it is a county-level name that common
        (江南, 长安, 路桥, 盐湖 mostly mean something else); any other word
        counts as ordinary once it is not rare (和平, 东方, 城区), so rare names
        that jieba happens to tag as a person (黄岩) stay usable.
        """
        entry = dictionary.get(text)
        if entry is None:
            return False
        freq, tag = entry
        if tag == "ns":
            top = min(LEVEL_RANK[self._places[c].level] for c in codes)
            return top == LEVEL_RANK["county"] and freq >= 100
        return freq >= 50

    # ---- look-ups ----------------------------------------------------------------------
    def get(self, code) -> Place | None:
        return self._places.get(str(code)) if code is not None else None

    def chain(self, code) -> list[Place]:
        """The place and its ancestors, province first."""
        return list(self._chains.get(str(code), ()))

    def to_ref(self, code) -> RegionRef:
        if str(code) == NATIONAL_CODE:
            return national_ref()
        chain = self.chain(code)
        if not chain:
            return RegionRef()
        province = chain[0]
        if province.code in MUNICIPALITIES:
            city = province.name
        else:
            city = next((p.name for p in chain if p.level == "city"), None)
        county = next((p.name for p in chain if p.level == "county"), None)
        return RegionRef(province=province.name, city=city, county=county, code=chain[-1].code)

    def mentions(self, text: str) -> list[tuple[int, int, Place]]:
        """Every place name in `text` with its offsets; a same-named one gives one entry per place."""
        return [(h.start, h.end, self._places[c]) for h in self._scan(text or "") for c in h.form.codes]

    def _scan(self, text: str, expect_place_at_start: bool = False) -> list[_Hit]:
        hits, index = [], self._index
        resume = 0
        # The regex (in C) skips characters that cannot begin a name, a few times faster than a Python loop.
        for m in self._starts.finditer(text):
            i = m.start()
            bucket = index.get(text[i:i + 2]) if i >= resume else None
            if not bucket:
                continue
            for form in bucket:
                if not text.startswith(form.text, i):
                    continue
                if form.ordinary and not (expect_place_at_start and i == 0):
                    continue
                end = i + len(form.text)
                if form.text.endswith("市") and text.startswith("场", end):
                    continue  # 柳州市场监管局: the place is 柳州, not a 柳州市 followed by 场
                if self._inside_word(text, i, end, hits[-1].end if hits else 0, form.loose):
                    continue
                hits.append(_Hit(i, end, form))
                resume = end
                break
        return hits

    def _inside_word(self, text: str, start: int, end: int, floor: int, both_edges: bool) -> bool:
        """True when a common word overlaps [start, end) and runs past one of its edges.

        Full names are only checked on the left (滨海城市 is no 海城市; 柳州市民 is
        柳州市); short ones on both sides, except before a unit word, which is
        the name's own suffix whatever jieba makes of 州市. Words reaching back
        into the previous place name (湖南省长沙市: 省长) do not count.
        """
        words = self._words
        right_open = both_edges and not (end < len(text) and text[end] in UNIT_CHARS)
        for j in range(max(floor, start - 3), end if right_open else start):
            for k in range(max(j + 2, start + 1), min(j + 4, len(text)) + 1):
                if (j < start or (right_open and k > end)) and text[j:k] in words:
                    return True
        return False

    # ---- resolving -------------------------------------------------------------------
    def resolve(self, agency: str | None, text: str, hints: Iterable[str] = ()) -> RegionRef | None:
        """The region of the body that issued `text`, or None when the text does not tell.

        `agency` and each hint are read as names of the issuing body, in that order
        of trust; `text` (title and body) supplies the evidence.
        """
        text = text or ""
        labels = [s.strip() for s in [agency or "", *(hints or ())] if s and s.strip()]
        labelled = [(label, self._scan(label, expect_place_at_start=True)) for label in labels]
        text_hits = self._scan(text)
        evidence = [h for _, hits in labelled for h in hits] + text_hits

        candidates: list[str] = []
        for _, hits in labelled:
            candidates = self._named_in(hits)
            if candidates:
                break
        level_word = None
        if not candidates and labelled:
            # 区司法局: find who the text says runs a 司法局, among districts.
            body, level_word = _split_level_word(labelled[0][0])
            candidates = self._named_before(body, level_word, [(text, text_hits), *labelled[1:]])
        if not candidates:
            code = self._centre(evidence, level_word)
            return self.to_ref(code) if code else None
        return self._decide(candidates, evidence)

    def _named_in(self, hits: list[_Hit]) -> list[str]:
        """The most specific place an agency string names, following its chain of units.

        Each name narrows the previous ones (浙江省 › 宁波市 › 江北区); a name that
        is not inside them (a 街道 that shares a district's short name) is passed over.
        """
        current: list[str] = []
        for hit in hits:
            codes = list(hit.form.codes)
            if current:
                codes = [c for c in codes if any(self._within(c, a) for a in current) and c not in current]
            if codes:
                current = codes
        return current

    def _named_before(self, body: str, level_word: str | None, scanned: list[tuple[str, list[_Hit]]]) -> list[str]:
        """Places written right before the agency's own name (黄岩区 in 黄岩区司法局)."""
        if len(body) < 2:
            return []
        found: dict[str, None] = {}
        for text, hits in scanned:
            if body not in text:
                continue
            for hit in hits:
                if text.startswith(body, hit.end):
                    found.update((c, None) for c in hit.form.codes if self._is_kind(c, level_word))
        return list(found)

    def _decide(self, candidates: list[str], evidence: list[_Hit]) -> RegionRef | None:
        if len(candidates) == 1:
            return self.to_ref(candidates[0])
        pool = set(candidates)
        # A name shared by several candidates (the 江北区 being decided) cannot tell them apart.
        tally = self._tally(h for h in evidence if len(pool.intersection(h.form.codes)) < 2)
        scores = {code: round(self._support(code, tally), 6) for code in candidates}
        best = max(scores.values())
        tied = [c for c, s in scores.items() if s == best]
        code = tied[0] if len(tied) == 1 else self._common_ancestor(tied)
        return self.to_ref(code) if code else None

    def _tally(self, hits: Iterable[_Hit]) -> dict:
        """Mention weight per province, per (province, city) and per county-level unit.

        A mention shares one level with every place in its province, two with every
        place in its city, three with itself: summing these is `_support`.
        """
        tally: dict = defaultdict(float)
        for hit in hits:
            share = hit.form.weight / len(hit.form.codes)
            for code in hit.form.codes:
                province, city, county = self._slots[code]
                tally[province] += share
                if city:
                    tally[(province, city)] += share
                if county:
                    tally[county] += share
        return tally

    def _support(self, code: str, tally: dict) -> float:
        province, city, county = self._slots[code]
        return tally.get(province, 0.0) + (tally.get((province, city), 0.0) if city else 0.0) + (
            tally.get(county, 0.0) if county else 0.0)

    def _centre(self, evidence: list[_Hit], level_word: str | None) -> str | None:
        """The place the text is about when no agency names one.

        Each mention adds its weight to the place and all its ancestors; a
        same-named one is shared among its places in proportion to the support the
        unambiguous mentions give each (江北区 beside 重庆 goes to 重庆's). With a
        level word (区/县/市 …) the heaviest place of that kind wins; otherwise the
        deepest place holding more than half of all mentions.
        """
        plain = self._tally(h for h in evidence if len(h.form.codes) == 1)
        weight: dict[str, float] = defaultdict(float)
        total = 0.0
        for hit in evidence:
            total += hit.form.weight
            support = {c: self._support(c, plain) for c in hit.form.codes}
            norm = sum(support.values())
            for code in hit.form.codes:
                share = support[code] / norm if norm else 1 / len(hit.form.codes)
                for place in self._chains[code]:
                    weight[place.code] += hit.form.weight * share
        if not weight:
            return None
        if level_word:
            kind = {c: w for c, w in weight.items() if self._is_kind(c, level_word)}
            if kind:
                best = max(kind.values())
                return self._common_ancestor([c for c, w in kind.items() if abs(w - best) < 1e-9])
        held = [c for c, w in weight.items() if w > total / 2]
        if not held:
            return None
        deepest = max(len(self._chains[c]) for c in held)
        return self._common_ancestor([c for c in held if len(self._chains[c]) == deepest])

    def _is_kind(self, code: str, level_word: str | None) -> bool:
        """Whether the unit word an agency starts with fits this place (区 → a district, not 自治区)."""
        place = self._places[code]
        if not level_word:
            return True
        if level_word == "区":
            return place.level == "county" and place.name.endswith("区")
        return place.name.endswith(level_word)

    def _within(self, code: str, ancestor: str) -> bool:
        return any(p.code == ancestor for p in self._chains[code])

    def _common_ancestor(self, codes: list[str]) -> str | None:
        chains = [self._chains[c] for c in codes]
        common = None
        for level in zip(*chains, strict=False):
            if any(p.code != level[0].code for p in level):
                break
            common = level[0].code
        return common


def national_ref() -> RegionRef:
    """全国: no province, city or county, code 100000 — where the 国务院, its 部委 and other national bodies sit."""
    return RegionRef(code=NATIONAL_CODE)


def _split_level_word(agency: str) -> tuple[str, str | None]:
    """区司法局 → (司法局, 区): the agency's name without the unit word it starts with."""
    for word in LEVEL_WORDS:
        if agency.startswith(word) and len(agency) > len(word) + 1:
            return agency[len(word):], word
    return agency, None


def common_words() -> dict[str, tuple[int, str]]:
    """Words of two to four characters that jieba's main dictionary has seen at least 20 times.

    Read straight from the dictionary file rather than through jieba.initialize()
    (which costs most of a second), and untouched by words the pipeline adds to
    jieba at run time, so the resolver behaves the same whatever ran before it.
    """
    import jieba

    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        data = fh.read()
    return {word: (int(freq), tag) for word, freq, tag in _DICT_LINE.findall(data)}


# Rarer words are too obscure to hide a place name (西工 would hide 广西 in 广西工作).
_DICT_LINE = re.compile(r"^(\S{2,4}) ([2-9]\d|[1-9]\d{2,}) (\S+)$", re.M)
