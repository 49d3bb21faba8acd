"""`manage.py ingest PATH...`: raw report files into the archive, one transaction per file.

The work — finding the files, parsing them (in worker processes with --workers), writing each,
counting each — is `reports.ingesting`; this command reads the arguments, draws the progress
bar, prints what happened and exits non-zero when any file failed.
"""
import argparse

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from reports import ingesting, services
from reports.models import ReportStatus
from reports.progress import Progress
from reports.text.formats import SUPPORTED_SUFFIXES

LABELS = {services.NEW: "新增", services.UPDATED: "更新", services.UNCHANGED: "未变"}


class Command(BaseCommand):
    help = (
        "导入报告原文：逐个文件解码、抽取并写入数据库（每个文件一个事务）。"
        "PATH 可以是文件、文件夹（按 --pattern 递归查找）或通配符。同一内容再次导入记为“未变”。"
        "有任何文件失败时以非零状态退出，其余文件照常导入。"
        "超过大小上限（INGEST_MAX_BYTES）、抽取时间上限（INGEST_MAX_SECONDS）或章节/指标数量上限的文件记为失败，不写入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="报告文件、文件夹或通配符（如 'in/**/*.txt'）")
        parser.add_argument("--dry-run", action="store_true", help="照常抽取和校验，但不写入数据库（每个文件的事务都回滚）")
        parser.add_argument("--reextract", action="store_true",
                            help="已有的报告也用当前抽取器重新抽取；编辑的审核结果、补充的指标和改过的元数据保持不变")
        parser.add_argument("--publish", action="store_true", help="新导入的报告直接设为“已发布”（默认“待审”）")
        parser.add_argument("--pattern", default=None,
                            help="在文件夹中查找的文件名模式（默认：所有支持的格式 "
                                 + " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES) + "）")
        parser.add_argument("--source-url", default="", help="原文链接（只在导入单个文件时有意义）")
        parser.add_argument("--workers", type=int, default=0,
                            help="用几个子进程并行导入（默认 0：在本进程内逐个导入；PostgreSQL 上可设为 CPU 核数）")
        parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                            help="显示进度条（默认：输出到终端时显示）")

    def handle(self, *args, paths, dry_run, reextract, publish, pattern, source_url, workers, progress,
               verbosity, **options):
        files, missing = ingesting.expand(paths, pattern)
        if source_url and len(files) > 1:
            raise CommandError("--source-url 只能用于单个文件")
        bar = Progress.for_command(len(files), self.stderr, verbosity=verbosity, wanted=progress)

        def each(item, summary):
            if item.error is None:
                self._report_file(item.name, item.result, verbosity, dry_run, bar)
            bar.step(summary.tally())

        run = ingesting.Options(source_url=source_url, reextract=reextract, publish=publish, dry_run=dry_run)
        try:
            summary = ingesting.ingest_files(files, run, missing=missing, workers=workers, each=each)
        finally:
            bar.close()
        self._finish(summary, dry_run, verbosity)

    def _report_file(self, path, result, verbosity, dry_run, bar):
        if verbosity >= 1 and result.outcome == services.NEW and not dry_run:
            # Where the editor finds each new report: its id, its status and its admin page.
            status = dict(ReportStatus.choices).get(result.status, result.status)
            bar.clear()
            admin = reverse("admin:reports_report_change", args=[result.report_id])
            self.stdout.write(f"新增 #{result.report_id}（{status}）{path} → {admin}")
        if verbosity >= 1 and result.notes:
            # Stored shorter than the document says: worth a line even when all else is quiet.
            bar.clear()
            for note in result.notes:
                self.stdout.write(f"截断 {path}：{note}")
        if verbosity < 2:
            return
        line = f"{LABELS[result.outcome]} {path} → {result.title}"
        if result.outcome != services.UNCHANGED:
            line += f"（{result.sections} 节，{result.measures} 项举措，{result.indicators} 个指标"
            line += f"，保留编辑决定 {result.kept} 项）" if result.kept else "）"
        self.stdout.write(line)
        for reason in result.skipped:
            self.stdout.write(f"    跳过 {reason}")

    def _finish(self, summary, dry_run, verbosity):
        if verbosity >= 1:
            for path, result in summary.near_duplicates:
                # Added, but flagged: an editor decides which of the two stays.
                self.stdout.write(f"疑似重复 {path}：与报告 #{result.near_duplicate_of} 的正文 "
                                  f"{result.similarity:.1%} 相同（同一机构、年度、期间）")
            for path, reason in summary.failures:
                self.stderr.write(f"失败 {path}：{reason}")
            rate = summary.written / summary.elapsed if summary.elapsed > 0 else 0.0
            note = "（演练：没有写入数据库）" if dry_run else ""
            flagged = f" · 疑似重复 {len(summary.near_duplicates)}" if summary.near_duplicates else ""
            self.stdout.write(
                f"{summary.tally()}{flagged}（共 {summary.total} 项，"
                f"用时 {summary.elapsed:.1f} 秒，{rate:.1f} 篇/秒）{note}"
            )
        if summary.failed:
            raise CommandError(f"{summary.failed} 个文件导入失败", returncode=1)
