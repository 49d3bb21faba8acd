"""GIN indexes over the stored search vectors (PostgreSQL only).

SQLite has no tsvector; its fallback scans `search_document` (see reports/search.py),
so nothing is created there.
"""
from django.db import migrations

INDEXES = (
    ("report_search_vector_gin", "reports_report"),
    ("measure_search_vector_gin", "reports_measure"),
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
