"""Reports read from web pages, Word files and PDFs; near-duplicates flagged; uploads in admin.

- `page_meta`: what the page said about the document (标题, 发布时间, 来源, 网址 …).
- `near_duplicate_of`: another report of the same agency, year and period with ≥ 95 % the same text.
- the content hash now forgets BOM, line endings, full-/half-width spaces and trailing white space
  (reports/text/duplicates.py): stored hashes are recomputed, so that a copy of a report already held
  is found. Where two held reports now share one hash, the later keeps its old hash (nothing merges
  silently) and is flagged as a near-duplicate of the earlier.
- the permission to upload reports in admin, given to the 编辑 group.
"""
import hashlib
import re

import django.db.models.deletion
from django.db import migrations, models

# reports/text/duplicates.identity as it stands in this migration, frozen here so that a later change
# to the rule cannot change what this migration did.
_SPACES = re.compile(r"[ \t\u3000\xa0\u2002\u2003\u2009\u200b\f\v]+")


def identity(text):
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def rehash(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    taken = set(Report.objects.values_list("content_hash", flat=True))
    for report in Report.objects.only("id", "content_hash", "source_text").order_by("id").iterator(chunk_size=200):
        digest = hashlib.sha256(identity(report.source_text).encode("utf-8")).hexdigest()
        if digest == report.content_hash:
            continue
        if digest in taken:
            first = Report.objects.filter(content_hash=digest).values_list("id", flat=True).first()
            Report.objects.filter(pk=report.pk).update(near_duplicate_of_id=first)
            continue
        taken.discard(report.content_hash)
        taken.add(digest)
        Report.objects.filter(pk=report.pk).update(content_hash=digest)


def grant_upload(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="reports", codename="upload_report")
    for group in Group.objects.filter(name="编辑"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_editor_group"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="report",
            options={
                "ordering": ["-year", "-issued_on", "-id"],
                "permissions": [
                    ("publish_report", "可以发布或撤回报告"),
                    ("reextract_report", "可以重新抽取报告"),
                    ("upload_report", "可以在后台上传报告文件"),
                ],
                "verbose_name": "报告",
                "verbose_name_plural": "报告",
            },
        ),
        migrations.AddField(
            model_name="report",
            name="page_meta",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="页面元数据"),
        ),
        migrations.AddField(
            model_name="report",
            name="near_duplicate_of",
            field=models.ForeignKey(
                blank=True, editable=False, help_text="同一机构、年度、期间的另一篇报告，正文至少 95% 相同", null=True,
                on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="reports.report",
                verbose_name="疑似重复",
            ),
        ),
        migrations.RunPython(rehash, migrations.RunPython.noop),
        migrations.RunPython(grant_upload, migrations.RunPython.noop),
    ]
