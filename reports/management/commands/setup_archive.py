"""`manage.py setup_archive`: a working archive from an empty database in one command.

Runs the migrations, then loads each base fixture whose table is still empty,
so running it again changes nothing and never loads a fixture twice.
"""
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from indicators.models import IndicatorType
from reports.models import Region, Report, Topic

# In load order: reports need regions, topics and indicator types.
FIXTURES = (
    ("regions", Region, "全国行政区划"),
    ("topics", Topic, "主题分类"),
    ("indicator_types", IndicatorType, "指标词典"),
    ("sample_reports", Report, "五篇示例报告"),
)


def fixture_exists(label):
    return any((Path(directory) / f"{label}.json").is_file() for directory in settings.FIXTURE_DIRS)


class Command(BaseCommand):
    help = (
        "初始化档案：执行数据库迁移，并在相应的表为空时载入行政区划、主题、指标词典和示例报告。"
        "可重复执行：已有数据的表不会再次载入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将要执行的迁移和将要载入的 fixture")
        parser.add_argument("--no-samples", action="store_true", help="不载入示例报告")

    def handle(self, *args, dry_run, no_samples, verbosity, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if dry_run:
            self._describe(plan, no_samples, verbosity)
            return
        if plan:
            call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
            if verbosity >= 1:
                self.stdout.write(f"已执行 {len(plan)} 个迁移。")
        elif verbosity >= 1:
            self.stdout.write("数据库结构已是最新。")
        for label, model, title in FIXTURES:
            if no_samples and model is Report:
                continue
            if model.objects.exists():
                if verbosity >= 1:
                    self.stdout.write(f"{title}：已有数据，跳过。")
                continue
            if not fixture_exists(label):
                raise CommandError(f"找不到 fixtures/{label}.json（{title}）")
            call_command("loaddata", label, verbosity=0)
            if verbosity >= 1:
                self.stdout.write(f"{title}：已载入 {model.objects.count()} 条（fixtures/{label}.json）。")

    def _describe(self, plan, no_samples, verbosity):
        self.stdout.write(f"将执行 {len(plan)} 个迁移。" if plan else "数据库结构已是最新。")
        tables = set(connections[DEFAULT_DB_ALIAS].introspection.table_names())
        for label, model, title in FIXTURES:
            if no_samples and model is Report:
                continue
            empty = model._meta.db_table not in tables or not model.objects.exists()
            self.stdout.write(f"{title}：" + (f"将载入 fixtures/{label}.json" if empty else "已有数据，跳过"))
        self.stdout.write("（演练：没有改动数据库）")
