"""The extraction lexicon as editors keep it: topics and the indicator dictionary from the database.

Extraction is Django-free and takes its taxonomy and dictionary as an
argument (`reports.pipeline.Lexicon`); this module builds that argument
from the Topic and IndicatorType tables, so a keyword or synonym an editor
adds in admin is applied by the next ingest or re-extract. An empty table
(an archive before `setup_archive`) falls back to the fixture that seeds it.
"""
from __future__ import annotations

from pathlib import Path

from django.db import DatabaseError, connection
from django.db.models import F

from indicators.extraction.dictionary import Dictionary, entry_from_row, fixture_dictionary
from indicators.models import IndicatorType
from reports.models import Topic
from reports.pipeline import Lexicon, fixture_lexicon
from reports.text import topics


def lexicon_from_db() -> Lexicon:
    topic_rows = list(Topic.objects.order_by("order", "slug").values("slug", "keywords"))
    type_rows = list(
        IndicatorType.objects.order_by("pk").values("slug", "name", "unit", "synonyms", "stock", topic_slug=F("topic__slug"))
    )
    taxonomy = topics.taxonomy_from_rows(topic_rows) if topic_rows else topics.taxonomy()
    if type_rows:
        dictionary = Dictionary(entry_from_row({**row, "topic": row.pop("topic_slug")}) for row in type_rows)
    else:
        dictionary = fixture_dictionary()
    return Lexicon(taxonomy=taxonomy, dictionary=dictionary)


def lexicon_or_fixtures() -> Lexicon:
    """For `extract`, which must also work where no database has been set up yet."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite" and str(settings["NAME"]) != ":memory:" and not Path(settings["NAME"]).exists():
        # Connecting would create an empty database file as a side effect of a read-only command.
        return fixture_lexicon()
    try:
        return lexicon_from_db()
    except DatabaseError:
        return fixture_lexicon()
