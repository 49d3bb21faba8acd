"""Storage diet (issue 9).

PostgreSQL keeps a report's search terms once: in `search_vector`, not also as `search_document` text.

The text copy was 6.7 kB of a report's 35 kB (pglz compresses it; the vector it duplicates is
13 kB). SQLite, which has no tsvector, keeps searching `search_document`. The terms are derived per
database, so exports leave them out (`serialize=False`) and a load derives them (reports/search.py).
Space comes back to the file system after `VACUUM FULL reports_report`.

(lz4 for the vector was measured and left out: pglz gives up on a tsvector, so vectors are stored raw, and
lz4 would take 12 % off them, 1.6 kB a report; but every vector read — the ts_rank of 500 candidates, a
recheck — then pays a decompression, about +30 % per vector read at 3,000 reports.)

Single-column foreign-key indexes that a composite index already leads with are dropped (the composite
serves the same look-ups and FK checks): measure.report, measure.region, section.report, report.agency,
and the owner column of the three topic link tables.
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

# Django makes a many-to-many table with a unique (owner, topic) index and an index on each column; the
# owner's is the unique index's leading column again. Only the index goes: the auto-created link model has
# no field option for it, and its state names no index, so nothing else changes.
REDUNDANT_LINK_INDEXES = (
    ("reports_measure_topics_measure_id_0a73de82", "reports_measure_topics", "measure_id"),
    ("reports_section_topics_section_id_8bfa7fe4", "reports_section_topics", "section_id"),
    ("reports_report_topics_report_id_3118e7dd", "reports_report_topics", "report_id"),
)

# A row whose vector is missing gets it from its terms first (the same spelling as VECTOR_SQL).
MOVE_TERMS = """
UPDATE reports_report
   SET search_vector = coalesce(search_vector, strip(to_tsvector('simple', search_document))),
       search_document = ''
 WHERE search_document <> ''
"""


def terms_only_in_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Each row's new version goes into the GIN index as it is written: 18 s at 3,000 reports under load;
        # dropping the index and building it again afterwards took 3 s + 29 s (the build scales worse).
        schema_editor.execute(MOVE_TERMS)


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
        # Backwards the text copy is not rebuilt: PostgreSQL never searched it; re-extracting writes it.
        migrations.RunPython(terms_only_in_vector, migrations.RunPython.noop),
        # The state learns db_index=False; the database only drops the index (Django's AlterField would also
        # drop and re-validate each foreign key: minutes over millions of measures).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f"DROP INDEX IF EXISTS {name}", f"CREATE INDEX {name} ON {table} ({column})")
                for name, table, column in REDUNDANT_FK_INDEXES + REDUNDANT_LINK_INDEXES
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
