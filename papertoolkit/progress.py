"""A small progress bar for long command-line runs, shown only on a terminal.

>>> bar = ProgressBar(3, stream=None)   # no stream: silent
>>> bar(1, 3, "a.md"); bar.close()
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """Callable ``bar(done, total, item)`` drawing ``[#####.....] 12/303 files`` on stderr.

    Draws only when the stream is a TTY, at most ten times a second.
    """

    def __init__(self, total: int, stream: TextIO | None = sys.stderr, label: str = "files"):
        self.total, self.label = total, label
        self.stream = stream if stream is not None and stream.isatty() else None
        self.start = self._last = time.perf_counter()

    def __call__(self, done: int, total: int | None = None, item: object = None) -> None:
        if self.stream is None:
            return
        now = time.perf_counter()
        total = total or self.total
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = int(width * done / max(total, 1))
        rate = done / max(now - self.start, 1e-9)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                          f"{self.label} ({rate:,.0f}/s)")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write("\n")
            self.stream.flush()
