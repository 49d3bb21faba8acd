"""Storage diet (issue 9).

PostgreSQL keeps a report's search terms once: in `search_vector`, not also as `search_document` text.

The text copy was 6.7 kB of a report's 35 kB (pglz compresses it; the vector it duplicates is
13 kB). SQLite, which has no tsvector, keeps searching `search_document`. The terms are derived per
database, so exports leave them out (`serialize=False`) and a load derives them (reports/search.py).

The vector is compressed with lz4: pglz gives up on a tsvector (no repeat in its first kilobyte), so the
vectors were stored raw; lz4 takes 12 % off. `SET COMPRESSION` affects new values only, so the update
below writes every vector anew. Space comes back to the file system after `VACUUM FULL reports_report`.

Single-column foreign-key indexes that a composite index already leads with are dropped (the composite
serves the same look-ups and FK checks): measure.report, measure.region, section.report, report.agency.
"""
import django.db.models.deletion
from django.db import migrations, models

# (index, table, column): Django's names for the single-column indexes of these foreign keys.
REDUNDANT_FK_INDEXES = (
    ("reports_measure_region_id_1026d31d", "reports_measure", "region_id"),  # measure_region_year_idx
    ("reports_measure_report_id_93598cfe", "reports_measure", "report_id"),  # measure_unique_start_per_report
    ("reports_report_agency_id_fe64f2a4", "reports_report", "agency_id"),  # report_agency_year_idx
    ("reports_section_report_id_baa90b8e", "reports_section", "report_id"),  # section_unique_start_per_report
)

# strip() builds a new value from the stored one (same lexemes), which the new column compression then packs.
MOVE_TERMS = """
UPDATE reports_report
   SET search_vector = strip(coalesce(search_vector, to_tsvector('simple', search_document))),
       search_document = ''
 WHERE search_document <> '' OR search_vector IS NOT NULL
"""


def lz4_available(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    return bool(row and row[0])


def terms_only_in_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    if lz4_available(schema_editor):
        schema_editor.execute("ALTER TABLE reports_report ALTER COLUMN search_vector SET COMPRESSION lz4")
    # Each row's new version goes into the GIN index as it is written: at 3,000 reports that took 18 s, and
    # dropping the index to build it again afterwards 3 s + 29 s (the build is what scales worse).
    schema_editor.execute(MOVE_TERMS)


def back_to_pglz(apps, schema_editor):
    # The text copy is not rebuilt: PostgreSQL never searched it, and re-extracting a report writes it again.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE reports_report ALTER COLUMN search_vector SET COMPRESSION pglz")


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0012_merge_20261201_2039'),
    ]

    operations = [
        migrations.AlterField(
            model_name='report',
            name='search_document',
            field=models.TextField(blank=True, editable=False, serialize=False),
        ),
        migrations.RunPython(terms_only_in_vector, back_to_pglz),
        # The state learns db_index=False; the database only drops the index (Django's AlterField would also
        # drop and re-validate each foreign key: minutes over millions of measures).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX {name} ON {table} ({column})")
                for name, table, column in REDUNDANT_FK_INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='measure',
                    name='region',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='reports.region', verbose_name='行政区划'),
                ),
                migrations.AlterField(
                    model_name='measure',
                    name='report',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='measures', to='reports.report', verbose_name='报告'),
                ),
                migrations.AlterField(
                    model_name='report',
                    name='agency',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='reports.agency', verbose_name='发布机构'),
                ),
                migrations.AlterField(
                    model_name='section',
                    name='report',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='sections', to='reports.report', verbose_name='报告'),
                ),
            ],
        ),
    ]
