"""Storage diet (issue 9): the reviewer's index holds only the rows an editor decided.

The foreign key's own index held every indicator, nearly all with no reviewer (33 MB at 100,000 reports);
the partial index serves the one look-up by reviewer (deleting an account). Only the index changes in the
database: Django's AlterField would also drop and re-validate the foreign key over millions of rows.
"""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_INDEX = "indicators_indicator_reviewed_by_id_644dc3a4"


class Migration(migrations.Migration):

    dependencies = [
        ('indicators', '0011_indicator_report_copies'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f"DROP INDEX IF EXISTS {OLD_INDEX}",
                                  f"CREATE INDEX {OLD_INDEX} ON indicators_indicator (reviewed_by_id)"),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='indicator',
                    name='reviewed_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='审核人'),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name='indicator',
            index=models.Index(condition=models.Q(('reviewed_by__isnull', False)), fields=['reviewed_by'], name='ind_reviewed_by_idx'),
        ),
    ]
