"""Recount the summary tables (home page, coverage, per-topic counts) from the archive."""
from django.core.management.base import BaseCommand

from reports import tallies


class Command(BaseCommand):
    help = ("重新统计首页和收录情况所用的汇总表（AreaTally、TopicTally）。平时每次写入都会自动更新，"
            "只有绕过 ORM 的批量导入（如 bench/scale.py）之后才需要运行。")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不写入（回滚）")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        from django.db import transaction

        with transaction.atomic():
            areas, topics = tallies.rebuild()
            if dry_run:
                transaction.set_rollback(True)
        if verbosity:
            verb = "将写入" if dry_run else "已写入"
            self.stdout.write(f"{verb} {areas} 行地市统计、{topics} 行主题统计。")
