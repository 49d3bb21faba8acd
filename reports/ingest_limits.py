"""How much one file may cost the archive: size, extraction time, and the number of items it yields.

A report is a few hundred kilobytes at most; a file many times that size, or one that yields
thousands of sections or indicators, is not a report (a concatenated dump, a table export, garbage)
and would stall the run and bloat memory. Each limit is a setting (config/settings.py, README
"Size and work limits"); a file over one is refused with a Chinese reason and nothing is written,
while the other files of the run go on.
"""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass


class LimitExceeded(Exception):
    """The file goes over a limit; the message says which, in Chinese."""


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KB"


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_seconds: float
    max_sections: int
    max_indicators: int

    @classmethod
    def from_settings(cls) -> Limits:
        from django.conf import settings

        return cls(settings.INGEST_MAX_BYTES, settings.INGEST_MAX_SECONDS, settings.INGEST_MAX_SECTIONS,
                   settings.INGEST_MAX_INDICATORS)

    def check_size(self, path) -> None:
        """Before reading a byte: stat is enough to refuse a file at once."""
        try:
            size = os.stat(path).st_size
        except OSError:
            return  # the reader names the problem
        if size > self.max_bytes:
            raise LimitExceeded(f"文件有 {megabytes(size)}，超过导入上限 {megabytes(self.max_bytes)}"
                                "（INGEST_MAX_BYTES）：不像一篇报告，未读取")

    def check_counts(self, parsed) -> None:
        outline = len(parsed.sections) + len(parsed.measures)
        if outline > self.max_sections:
            raise LimitExceeded(f"抽取出 {outline} 个章节和举措，超过上限 {self.max_sections}"
                                "（INGEST_MAX_SECTIONS）：不像一篇报告，未写入")
        if len(parsed.indicators) > self.max_indicators:
            raise LimitExceeded(f"抽取出 {len(parsed.indicators)} 个指标，超过上限 {self.max_indicators}"
                                "（INGEST_MAX_INDICATORS）：不像一篇报告，未写入")

    @contextmanager
    def time_limit(self):
        """Abort extraction after `max_seconds` (a timer signal; only where signals can be delivered)."""
        usable = (self.max_seconds and hasattr(signal, "setitimer")
                  and threading.current_thread() is threading.main_thread())
        if not usable:
            yield
            return

        def expire(signum, frame):
            raise LimitExceeded(f"抽取超过 {self.max_seconds:g} 秒仍未完成，已放弃（INGEST_MAX_SECONDS）："
                                "文本可能不是一篇报告")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, self.max_seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
