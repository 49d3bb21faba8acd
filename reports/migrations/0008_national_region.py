"""全国 (100000): a root region above the provinces, for the 国务院, its 部委 and other national bodies.

On an archive whose gazetteer is already loaded the root is created and the
provinces hung under it, as fixtures/regions.json now has them; an empty
table is left empty, so `setup_archive` still loads the whole fixture.
"""
from django.db import migrations, models
from django.db.models import ProtectedError

NATIONAL = "100000"


def add_root(apps, schema_editor):
    Region = apps.get_model("reports", "Region")
    provinces = Region.objects.filter(level="province")
    if not provinces.exists():
        return
    root, _ = Region.objects.get_or_create(
        code=NATIONAL, defaults={"name": "全国", "short_name": "", "level": "national", "parent": None}
    )
    provinces.filter(parent__isnull=True).update(parent=root)


def remove_root(apps, schema_editor):
    Region = apps.get_model("reports", "Region")
    root = Region.objects.filter(code=NATIONAL).first()
    if root is None:
        return
    Region.objects.filter(parent=root).update(parent=None)
    try:
        root.delete()
    except ProtectedError:
        pass  # national reports still point at it: keep the row, now a root among roots


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0004_editor_group'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='region',
            name='region_level_valid',
        ),
        migrations.AlterField(
            model_name='region',
            name='level',
            field=models.CharField(choices=[('national', '国家级'), ('province', '省级'), ('city', '地级'), ('county', '县级')], max_length=16, verbose_name='级别'),
        ),
        migrations.AddConstraint(
            model_name='region',
            constraint=models.CheckConstraint(condition=models.Q(('level__in', ['national', 'province', 'city', 'county'])), name='region_level_valid'),
        ),
        migrations.AddConstraint(
            model_name='region',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('level', 'national'), _negated=True), models.Q(('code', '100000'), ('parent__isnull', True)), _connector='OR'), name='region_national_is_root'),
        ),
        migrations.RunPython(add_root, remove_root),
    ]
