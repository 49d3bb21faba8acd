from django.db import migrations, models


def first_row(apps, schema_editor):
    apps.get_model("summaries", "Revision").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):

    dependencies = [
        ("summaries", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Revision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0, verbose_name="修订号")),
            ],
            options={
                "verbose_name": "公开内容修订号",
                "verbose_name_plural": "公开内容修订号",
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="revision_single_row")],
            },
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
