"""The 编辑 (editor) group with exactly the permissions the editorial desk needs.

Editors correct and publish; they never delete (an indicator is rejected, a
report withdrawn, so nothing disappears without a trace) and never touch the
national gazetteer or user accounts.
"""
from django.db import migrations

GROUP = "编辑"

PERMISSIONS = {
    "reports": {
        "region": ["view"],  # choose a report's region (autocomplete)
        "agency": ["view", "add", "change"],  # correct a report's agency, create a missing one
        "report": ["view", "change", "publish_report", "reextract_report"],
        "section": ["view"],  # shown inline, read-only
        "measure": ["view"],
        "topic": ["view", "add", "change"],  # the taxonomy is editorial
    },
    "indicators": {
        "indicator": ["view", "add", "change"],  # review queue, corrections, indicators added by hand
        "indicatortype": ["view", "add", "change"],  # the indicator dictionary
    },
}


def codenames():
    for app_label, models in PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, action if "_" in action else f"{action}_{model}"


def create_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # On a fresh database permissions are only created after all migrations (post_migrate): make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in codenames()]
    group.permissions.set(wanted)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_archive_constraints"),
        ("indicators", "0002_archive_constraints"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
