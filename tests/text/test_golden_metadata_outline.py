"""Golden-file tests: metadata and outline of the sample reports against their hand-checked gold."""
import json
import re

import pytest

from reports.pipeline import parse_bytes
from tests.conftest import DATA, SAMPLES

GOLD = sorted((DATA / "gold").glob("*.json"))


def text_path(gold_path):
    name = gold_path.stem + ".txt"
    return SAMPLES / name if (SAMPLES / name).exists() else DATA / "texts" / name


def norm_heading(s):
    return re.sub(r"\s+", "", s or "").strip(" \t\r\n\u3000，,。.;；:：、")


@pytest.fixture(scope="module", params=GOLD, ids=lambda p: p.stem)
def case(request):
    gold = json.loads(request.param.read_text(encoding="utf-8"))
    parsed = parse_bytes(text_path(request.param).read_bytes(), str(request.param))
    return gold, parsed


def test_metadata_matches_gold(case):
    gold, parsed = case
    accepted = gold["agency_short"] if isinstance(gold["agency_short"], list) else [gold["agency_short"]]
    assert parsed.agency and parsed.agency.endswith(tuple(accepted))
    assert parsed.region.to_json() == gold["region"]
    assert (parsed.year, parsed.period, parsed.issued_on) == (gold["year"], gold["period"], gold["issued_on"])
    if gold.get("title"):
        assert norm_heading(parsed.title) == norm_heading(gold["title"])
        assert parsed.title_built is False
    else:
        assert parsed.title_built is True and parsed.agency in parsed.title


def test_every_gold_section_is_found_at_its_offset(case):
    gold, parsed = case
    predicted = {(s.level, norm_heading(s.heading)): s.start for s in parsed.sections}
    for section in gold["sections"]:
        key = (section["level"], norm_heading(section["heading"]))
        assert predicted.get(key) == section["start"], key
    assert len([s for s in parsed.sections if s.level <= 2]) == len(gold["sections"])
