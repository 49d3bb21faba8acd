"""One indicator type per quantity: a growth type (slug …-growth) joins its level's type.

COMPARABILITY.md rule 1: a level, its change and its target are one quantity, and
the kind column keeps them apart. Existing archives may hold both `gdp` and
`gdp-growth`; their indicators move to the level's type, its synonyms join the
level's, and the growth type goes. A growth type with no level type (editor-made)
is kept as it is. Also adds `stock` (a level at a moment vs a flow over a year).
"""
from django.db import migrations, models

GROWTH_SUFFIX = "-growth"


def merge_growth_types(apps, schema_editor):
    IndicatorType = apps.get_model("indicators", "IndicatorType")
    Indicator = apps.get_model("indicators", "Indicator")
    for growth in IndicatorType.objects.filter(slug__endswith=GROWTH_SUFFIX):
        level = IndicatorType.objects.filter(slug=growth.slug[: -len(GROWTH_SUFFIX)]).first()
        if level is None:
            continue
        Indicator.objects.filter(indicator_type=growth).update(indicator_type=level)
        level.synonyms = list(dict.fromkeys([*(level.synonyms or []), *(growth.synonyms or [])]))
        level.save(update_fields=["synonyms"])
        growth.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0003_comparable_value"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatortype",
            name="stock",
            field=models.BooleanField(
                default=False, verbose_name="存量（时点数）",
                help_text="时点存量或比率：五年回顾段落里的期末数仍可比；流量（一年内发生的量）在该段落里是多年合计，不归类",
            ),
        ),
        migrations.RunPython(merge_growth_types, migrations.RunPython.noop),
    ]
