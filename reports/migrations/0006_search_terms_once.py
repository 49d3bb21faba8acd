"""Search terms stored once per report.

- Measures keep their terms only as the PostgreSQL vector (no search_document copy); on SQLite a
  measure is searched through its report's terms plus a substring check of its text.
- Vectors keep no positions (`strip`): matching and ts_rank need only the lexemes, and the
  positions were a quarter of each vector. (An expression index over to_tsvector(search_document)
  instead of a stored vector was tried and measured: for a term in most reports the planner chose a
  sequential scan that re-parsed every document, 2.7 s for a capped count at 10k reports.)
"""
from django.db import migrations


def strip_positions(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in ("reports_report", "reports_measure"):
            schema_editor.execute(f"UPDATE {table} SET search_vector = strip(search_vector) WHERE search_vector IS NOT NULL")


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_editor_group'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='measure',
            name='search_document',
        ),
        migrations.RunPython(strip_positions, migrations.RunPython.noop),
    ]
