"""Many report files into the archive: find them, parse each, write each in its own transaction, count each.

`manage.py ingest` is a thin caller of `ingest_files`; the admin upload (reports/upload.py) shares
`Context` and `write`, so a file refused by one is refused by the other in the same words.

Files are streamed: each is parsed, written and dropped before the next is read, so memory stays
flat however many files are given. With `workers=N` each of N spawned processes parses, writes and
indexes whole files on its own database connection (segmenting for the search index costs more than
the extraction, so parsing alone in parallel gains little); only a small `Item` per file comes back,
at most 2·N files are in flight. SQLite allows one writer at a time, so there the workers take turns
for the write transaction and only extraction overlaps (reports/ingest_workers.py).

A failing file never stops the run: whatever goes wrong with it — missing, unreadable, over a limit,
refused by the archive, an extractor or writer bug — becomes that file's `Item.error`, and its
transaction leaves nothing behind.
"""
from __future__ import annotations

import glob
import multiprocessing
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, IntegrityError, connection

from reports import ingest_workers, services
from reports.ingest_limits import LimitExceeded, Limits
from reports.lexicon import lexicon_from_db
from reports.pipeline import Lexicon, parse_bytes, parse_file
from reports.text.formats import REFUSED_REPORT_SUFFIXES, SUPPORTED_SUFFIXES
from reports.text.types import ExtractionError

GLOB_CHARS = set("*?[")
# A second attempt when two workers given the same text race for its hash: once the winner has
# committed, the loser's retry finds the report and counts its file as unchanged.
WRITE_ATTEMPTS = 2
NOT_FOUND = "找不到文件"


@dataclass(frozen=True)
class Options:
    """What the caller asks of every file of a run."""

    source_url: str = ""
    reextract: bool = False
    publish: bool = False
    dry_run: bool = False  # everything is done and checked, each file's transaction rolled back


@dataclass(frozen=True)
class Context:
    """What every file of a run reads, built once by the caller and pickled to each worker process."""

    lexicon: Lexicon  # topics and indicator dictionary as editors keep them now
    types: services.TypeDictionary
    limits: Limits

    @classmethod
    def from_db(cls) -> Context:
        return cls(lexicon_from_db(), services.TypeDictionary(), Limits.from_settings())


@dataclass
class Item:
    """One file's outcome: a result, or the reason (in Chinese) it was not written."""

    name: str
    result: services.IngestResult | None = None
    error: str | None = None


@dataclass
class Summary:
    """The run's tally. `failed` is what makes the command exit non-zero."""

    total: int = 0  # files found plus arguments that matched nothing
    counts: dict[str, int] = field(
        default_factory=lambda: {services.NEW: 0, services.UPDATED: 0, services.UNCHANGED: 0})
    failures: list[tuple[str, str]] = field(default_factory=list)
    near_duplicates: list[tuple[str, services.IngestResult]] = field(default_factory=list)
    elapsed: float = 0.0

    def add(self, item: Item) -> None:
        if item.error is not None:
            self.failures.append((item.name, item.error))
            return
        self.counts[item.result.outcome] += 1
        if item.result.near_duplicate_of and item.result.outcome == services.NEW:
            self.near_duplicates.append((item.name, item.result))

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def written(self) -> int:
        return sum(self.counts.values())

    def tally(self) -> str:
        return (f"新增 {self.counts[services.NEW]} · 更新 {self.counts[services.UPDATED]} · "
                f"未变 {self.counts[services.UNCHANGED]} · 失败 {self.failed}")


# ---------------------------------------------------------------- finding files


def _in_folder(folder, pattern):
    if pattern:
        return sorted(p for p in folder.rglob(pattern) if p.is_file())
    # No pattern: every format the readers understand (reports/text/formats), and the report formats they
    # refuse, so that those are named as failures rather than skipped in silence.
    wanted = SUPPORTED_SUFFIXES + REFUSED_REPORT_SUFFIXES
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in wanted)


def expand(paths: Iterable, pattern: str | None = None) -> tuple[list[Path], list[str]]:
    """Files named by the arguments, in order: files as given, folders searched, globs expanded.

    Returns (files, missing) — arguments that matched nothing are failures, not silence.
    """
    files, missing, seen = [], [], set()
    for arg in map(str, paths):
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


# ---------------------------------------------------------------- one file


def parse(path, context: Context):
    """(ParsedReport, None) or (None, the reason): read and extract one file within the run's limits."""
    try:
        context.limits.check_size(path)
    except LimitExceeded as exc:
        return None, str(exc)
    return _extract(lambda: parse_file(path, context.lexicon), context.limits)


def parse_upload(data: bytes, name: str, context: Context):
    """`parse` for the bytes of an uploaded file (the upload form refuses an oversized one unread):
    the same time and count limits, every reason starting with the file's name."""
    return _extract(lambda: parse_bytes(data, name, context.lexicon), context.limits, name)


def _extract(read, limits, name: str = ""):
    named = f"{name}：" if name else ""
    try:
        with limits.time_limit():
            parsed = read()
        limits.check_counts(parsed)
    except ExtractionError as exc:
        return None, str(exc)  # names its source already
    except LimitExceeded as exc:
        return None, f"{named}{exc}"
    except Exception as exc:  # an extractor bug must fail this file, not the whole run
        return None, f"{named}抽取出错（{type(exc).__name__}: {exc}）"
    return parsed, None


def write(parsed, context: Context, options: Options = Options()):
    """(IngestResult, None) or (None, the reason): one report's transaction (services.ingest_parsed).
    Nothing is written on a refusal, a failure or a dry run."""
    for _attempt in range(WRITE_ATTEMPTS):
        try:
            result = services.ingest_parsed(parsed, source_url=options.source_url, reextract=options.reextract,
                                            publish=options.publish, types=context.types, dry_run=options.dry_run)
            return result, None
        except services.IngestError as exc:
            return None, str(exc)
        except IntegrityError as exc:
            refused = exc  # the same text committed by another worker meanwhile: try again (WRITE_ATTEMPTS)
        except DatabaseError as exc:
            return None, f"数据库拒绝写入（{exc}）"
        except Exception as exc:  # a writer bug fails this file; its transaction is rolled back
            return None, f"写入出错（{type(exc).__name__}: {exc}）"
    return None, f"数据库拒绝写入（{refused}）"


def ingest_file(path, context: Context, options: Options = Options(), write_lock=None) -> Item:
    """Parse and write one file. `write_lock`: held for the write (SQLite workers take turns)."""
    parsed, error = parse(path, context)
    if error:
        return Item(str(path), error=error)
    with write_lock or nullcontext():
        result, error = write(parsed, context, options)
    return Item(str(path), result, error)


# ---------------------------------------------------------------- a run


def items(files, context: Context, options: Options = Options(), workers: int = 0) -> Iterator[Item]:
    """One `Item` per file, in the order they finish: a slow file never holds up the others."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        workers = 0  # another process cannot open this process's in-memory database
    if workers <= 0:
        for path in files:
            yield ingest_file(path, context, options)
        return
    # Spawned, not forked: a fork copies whatever threads and sockets the parent holds
    # (a test server, a browser driver, a database connection) into a child that may hang on them.
    spawn = multiprocessing.get_context("spawn")
    write_lock = spawn.Lock() if connection.vendor == "sqlite" else None
    # Pickled here and unpickled by the worker once Django is set up there: TypeDictionary's module
    # imports models, which a fresh interpreter cannot do before django.setup().
    state = pickle.dumps((context, options))
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn, initializer=ingest_workers.start,
                             initargs=(connection.settings_dict["NAME"], state, write_lock)) as pool:
        pending = {}
        for path in files:
            pending[pool.submit(ingest_workers.ingest, path)] = path
            if len(pending) >= 2 * workers:
                yield from _finished(pending)
        while pending:
            yield from _finished(pending)


def _finished(pending) -> Iterator[Item]:
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        path = pending.pop(future)
        try:
            yield future.result()
        except Exception as exc:  # a worker that died (out of memory, killed) fails its file, not the run
            yield Item(str(path), error=f"导入进程异常退出（{type(exc).__name__}: {exc}）")


def ingest_files(files, options: Options = Options(), *, missing=(), workers: int = 0,
                 context: Context | None = None, each: Callable[[Item, Summary], None] | None = None) -> Summary:
    """Ingest `files` (from `expand`), counting each; `missing` arguments count as failures.
    `each(item, summary)` is called as every file finishes (the command's progress and printing)."""
    summary = Summary(total=len(files) + len(missing))
    for arg in missing:
        summary.add(Item(arg, error=NOT_FOUND))
    context = context or Context.from_db()
    started = time.monotonic()
    for item in items(files, context, options, workers):
        summary.add(item)
        if each is not None:
            each(item, summary)
    summary.elapsed = time.monotonic() - started
    return summary
