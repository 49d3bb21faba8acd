"""The one-line progress bar of the management commands that work through many items (ingest, export_reports).

It writes to the command's own stderr (an `OutputWrapper`, so a test's `call_command(stderr=…)` is
honoured) and draws nothing when that stream is not a terminal, unless the command is told to.
"""
from __future__ import annotations

import time


def _plain(text):
    # The wrapper would colour stderr red on a terminal: a bar is not an error.
    return text


class Progress:
    """`step()` per item done, `clear()` before printing a line of its own, `close()` at the end."""

    def __init__(self, total, stream, enabled, width=28):
        self.total, self.stream, self.enabled, self.width = max(total, 1), stream, enabled, width
        self.done, self._last = 0, 0.0

    @classmethod
    def for_command(cls, total, stream, *, verbosity, wanted=None) -> Progress:
        """Shown at verbosity ≥ 1 when `wanted` (a --progress flag), else when `stream` is a terminal."""
        shown = verbosity >= 1 and (wanted if wanted is not None else stream.isatty())
        return cls(total, stream, bool(shown))

    def step(self, status=""):
        self.done += 1
        now = time.monotonic()
        # Redrawing for every item would cost more than ingesting a small file.
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            filled = self.width * self.done // self.total
            bar = "█" * filled + "·" * (self.width - filled)
            self._write(f"\r{100 * self.done // self.total:3d}% {bar} {self.done}/{self.total} {status}\x1b[K")

    def clear(self):
        """Wipe the bar's line so that a message printed now stands on its own line."""
        if self.enabled and self.done:
            self._write("\r\x1b[K")

    def close(self):
        if self.enabled and self.done:
            self._write("\n")

    def _write(self, text):
        self.stream.write(text, style_func=_plain, ending="")
        self.stream.flush()
