"""Indicators carry their report's period and publication (issue 9: type pages at 100,000 reports).

Every public indicator query asked the report whether it is published, and every chart query which
period it covers: a join per point, a second for a type page at 5M indicators. The columns are
added with the value most rows hold (published, annual), so PostgreSQL fills them without rewriting
the table; only the rows whose report says otherwise are updated.
"""
import django.db.models.functions.comparison
from django.db import migrations, models


def copy_from_reports(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # One pass over the table (the ORM's updates below take one per value).
        schema_editor.execute(
            "UPDATE indicators_indicator i SET report_period = r.period, report_published = r.status = 'published' "
            "FROM reports_report r WHERE r.id = i.report_id AND (r.period <> 'annual' OR r.status <> 'published')"
        )
        return
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.exclude(report__status="published").update(report_published=False)
    for period in ("half-year", "quarter", "other"):
        Indicator.objects.filter(report__period=period).update(report_period=period)


PUBLIC = models.Q(report_published=True) & ~models.Q(review_status="rejected")


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0010_merge_20261201_2039"),
        ("reports", "0012_merge_20261201_2039"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="report_period",
            field=models.CharField(choices=[("annual", "年度"), ("half-year", "半年"), ("quarter", "季度"),
                                            ("other", "其他")], default="annual", editable=False, max_length=16,
                                   verbose_name="报告期间"),
        ),
        migrations.AddField(
            model_name="indicator",
            name="report_published",
            field=models.BooleanField(default=True, editable=False, verbose_name="报告已发布"),
        ),
        migrations.RunPython(copy_from_reports, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="indicator",
            name="report_published",
            field=models.BooleanField(default=False, editable=False, verbose_name="报告已发布"),
        ),
        migrations.RemoveIndex(model_name="indicator", name="ind_type_year_region_idx"),
        migrations.AddIndex(
            model_name="indicator",
            index=models.Index(fields=["indicator_type", "-year", "-report", "start"], include=["region"],
                               condition=PUBLIC & models.Q(indicator_type__isnull=False),
                               name="ind_type_newest_idx"),
        ),
        migrations.AddIndex(
            model_name="indicator",
            index=models.Index(
                models.F("indicator_type"),
                django.db.models.functions.comparison.Coalesce("comparable_value", "value").desc(),
                models.F("id").desc(),
                condition=PUBLIC & models.Q(indicator_type__isnull=False), name="ind_type_comparable_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="indicator",
            index=models.Index(fields=["indicator_type", "kind", "report_period", "year"],
                               include=["unit", "region", "comparable_value", "id"],
                               condition=PUBLIC & models.Q(comparable_value__isnull=False),
                               name="ind_chart_idx"),
        ),
    ]
