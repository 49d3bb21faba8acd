"""`manage.py ingest PATH...`: raw report files into the archive, one transaction per file.

Files are streamed: each is parsed, written and dropped before the next is
read, so memory stays flat however many files are given. With `--workers N`
each of N spawned processes parses, writes and indexes whole files on its own
database connection (segmenting for the search index costs more than the
extraction, so parsing alone in parallel gains little); only a small result
per file comes back, at most 2·N files are in flight. SQLite allows one
writer at a time, so there the workers take turns for the write transaction
and only extraction overlaps.
"""
import argparse
import glob
import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import nullcontext
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:
    # A spawned --workers process imports this module to find its task, before anything set Django up.
    django.setup()

from django.core.management.base import BaseCommand, CommandError  # noqa: E402
from django.db import connection, connections  # noqa: E402

from reports import services  # noqa: E402
from reports.ingest_limits import LimitExceeded, Limits  # noqa: E402
from reports.lexicon import lexicon_from_db  # noqa: E402
from reports.models import ReportStatus  # noqa: E402
from reports.pipeline import parse_file
from reports.progress import Progress  # noqa: E402
from reports.text.formats import REFUSED_REPORT_SUFFIXES, SUPPORTED_SUFFIXES  # noqa: E402
from reports.text.types import ExtractionError

GLOB_CHARS = set("*?[")


def admin_url(report_id):
    from django.urls import reverse

    return reverse("admin:reports_report_change", args=[report_id])


def _in_folder(folder, pattern):
    if pattern:
        return sorted(p for p in folder.rglob(pattern) if p.is_file())
    # No pattern: every format the readers understand (reports/text/formats), and the report formats they
    # refuse, so that those are named as failures rather than skipped in silence.
    wanted = SUPPORTED_SUFFIXES + REFUSED_REPORT_SUFFIXES
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in wanted)


def expand(paths, pattern=None):
    """Files named by the arguments, in order: files as given, folders searched, globs expanded.

    Returns (files, missing) — arguments that matched nothing are failures, not silence.
    """
    files, missing, seen = [], [], set()
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            found = _in_folder(path, pattern)
        elif path.is_file():
            found = [path]
        elif GLOB_CHARS & set(arg):
            found = sorted(Path(p) for p in glob.glob(arg, recursive=True) if os.path.isfile(p))
        else:
            found = []
        if not found:
            missing.append(arg)
        for p in found:
            if p not in seen:
                seen.add(p)
                files.append(p)
    return files, missing


def parse_one(path, lexicon=None, limits=None):
    """(path, ParsedReport or None, error or None); runs in a worker process when --workers > 0."""
    limits = limits or Limits.from_settings()
    try:
        limits.check_size(path)
        with limits.time_limit():
            parsed = parse_file(path, lexicon)
        limits.check_counts(parsed)
    except (ExtractionError, LimitExceeded) as exc:
        return path, None, str(exc)
    except Exception as exc:  # an extractor bug must fail this file, not the whole run
        return path, None, f"抽取出错（{type(exc).__name__}: {exc}）"
    return path, parsed, None


def write_parsed(parsed, *, source_url, reextract, publish, types, dry_run):
    """(IngestResult, None) or (None, reason): one file's transaction, rolled back on a dry run."""
    return services.ingest_or_refuse(parsed, source_url=source_url, reextract=reextract, publish=publish,
                                     types=types, dry_run=dry_run)


def ingest_one(path, options, types=None, write_lock=None, lexicon=None, limits=None):
    """Parse and write one file: (path, IngestResult or None, error or None)."""
    path, parsed, error = parse_one(path, lexicon, limits)
    if error:
        return path, None, error
    with write_lock or nullcontext():
        result, error = write_parsed(parsed, types=types or services.TypeDictionary(), **options)
    return path, result, error


_worker = {}


def _start_worker(options, write_lock, database_name, limits):
    # The parent may be on another database than the settings name (a test database): follow it.
    connections["default"].settings_dict["NAME"] = database_name
    _worker.update(options=options, write_lock=write_lock, types=None, lexicon=None, limits=limits)


def _ingest_in_worker(path):
    if _worker["types"] is None:
        # Each worker reads the dictionary and taxonomy from the same tables as the parent: a Lexicon
        # holds per-instance caches that cannot be pickled across to a spawned process.
        _worker["types"] = services.TypeDictionary()
        _worker["lexicon"] = lexicon_from_db()
    return ingest_one(path, _worker["options"], _worker["types"], _worker["write_lock"], _worker["lexicon"],
                      _worker["limits"])


def results(files, options, workers, types, lexicon=None, limits=None):
    """(path, result, error) per file, in the order they finish: a slow file never holds up the others."""
    limits = limits or Limits.from_settings()
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        workers = 0  # another process cannot open this process's in-memory database
    if workers <= 0:
        for path in files:
            yield ingest_one(path, options, types, lexicon=lexicon, limits=limits)
        return
    # Spawned, not forked: a fork copies whatever threads and sockets the parent holds
    # (a test server, a browser driver, a database connection) into a child that may hang on them.
    context = multiprocessing.get_context("spawn")
    write_lock = context.Lock() if connection.vendor == "sqlite" else None
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                             initargs=(options, write_lock, connection.settings_dict["NAME"], limits)) as pool:
        pending = {}
        for path in files:
            pending[pool.submit(_ingest_in_worker, path)] = path
            if len(pending) >= 2 * workers:
                yield from _finished(pending, FIRST_COMPLETED)
        while pending:
            yield from _finished(pending, FIRST_COMPLETED)


def _finished(pending, return_when):
    done, _ = wait(pending, return_when=return_when)
    for future in done:
        path = pending.pop(future)
        try:
            yield future.result()
        except Exception as exc:  # a worker that died (out of memory, killed) fails its file, not the run
            yield path, None, f"导入进程异常退出（{type(exc).__name__}: {exc}）"


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
        files, missing = expand(paths, pattern)
        if source_url and len(files) > 1:
            raise CommandError("--source-url 只能用于单个文件")
        counts = {services.NEW: 0, services.UPDATED: 0, services.UNCHANGED: 0}
        near = []
        failures = [(arg, "找不到文件") for arg in missing]
        bar = Progress.for_command(len(files), self.stderr, verbosity=verbosity, wanted=progress)
        options = {"source_url": source_url, "reextract": reextract, "publish": publish, "dry_run": dry_run}
        types = services.TypeDictionary()
        # Built once per run from the tables editors keep, and handed to every worker.
        lexicon = lexicon_from_db()
        started = time.monotonic()
        try:
            for path, result, error in results(files, options, workers, types, lexicon, Limits.from_settings()):
                if error:
                    failures.append((str(path), error))
                else:
                    counts[result.outcome] += 1
                    if result.near_duplicate_of and result.outcome == services.NEW:
                        near.append((str(path), result))
                    self._report_file(path, result, verbosity, dry_run, bar)
                bar.step(self._summary(counts, len(failures)))
        finally:
            bar.close()
        elapsed = time.monotonic() - started
        self._finish(counts, failures, len(files) + len(missing), elapsed, dry_run, verbosity, near)

    def _report_file(self, path, result, verbosity, dry_run, bar):
        if verbosity >= 1 and result.outcome == services.NEW and not dry_run:
            # Where the editor finds each new report: its id, its status and its admin page.
            status = dict(ReportStatus.choices).get(result.status, result.status)
            bar.clear()
            self.stdout.write(f"新增 #{result.report_id}（{status}）{path} → {admin_url(result.report_id)}")
        if verbosity < 2:
            return
        label = {services.NEW: "新增", services.UPDATED: "更新", services.UNCHANGED: "未变"}[result.outcome]
        line = f"{label} {path} → {result.title}"
        if result.outcome != services.UNCHANGED:
            line += f"（{result.sections} 节，{result.measures} 项举措，{result.indicators} 个指标"
            line += f"，保留编辑决定 {result.kept} 项）" if result.kept else "）"
        self.stdout.write(line)
        for reason in result.skipped:
            self.stdout.write(f"    跳过 {reason}")

    @staticmethod
    def _summary(counts, failed):
        return (f"新增 {counts[services.NEW]} · 更新 {counts[services.UPDATED]} · "
                f"未变 {counts[services.UNCHANGED]} · 失败 {failed}")

    def _finish(self, counts, failures, total, elapsed, dry_run, verbosity, near=()):
        done = sum(counts.values())
        if verbosity >= 1:
            for path, result in near:
                # Added, but flagged: an editor decides which of the two stays.
                self.stdout.write(f"疑似重复 {path}：与报告 #{result.near_duplicate_of} 的正文 "
                                  f"{result.similarity:.1%} 相同（同一机构、年度、期间）")
            for path, reason in failures:
                self.stderr.write(f"失败 {path}：{reason}")
            rate = done / elapsed if elapsed > 0 else 0.0
            note = "（演练：没有写入数据库）" if dry_run else ""
            flagged = f" · 疑似重复 {len(near)}" if near else ""
            self.stdout.write(
                f"{self._summary(counts, len(failures))}{flagged}（共 {total} 项，"
                f"用时 {elapsed:.1f} 秒，{rate:.1f} 篇/秒）{note}"
            )
        if failures:
            raise CommandError(f"{len(failures)} 个文件导入失败", returncode=1)

