"""Progress of long loads, drawn by tqdm: a widget bar in Jupyter, a text bar on a terminal.

Nothing is drawn elsewhere (a pipe, a log file, CI), so output stays clean.

>>> bar = ProgressBar(3, stream=None)   # no terminal, not in Jupyter: silent
>>> bar(1, 3, "a.md"); bar.close()
"""

from __future__ import annotations

import sys
from typing import Any, TextIO


def _in_jupyter() -> bool:
    """True inside a Jupyter kernel (where tqdm.auto draws an ipywidgets bar)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


class ProgressBar:
    """Callable ``bar(done, total, item)`` showing ``files: 40%|####  | 12/30`` with tqdm.

    Shown in Jupyter (as a widget, by ``tqdm.auto``) and when *stream* is a terminal;
    silent otherwise.

    Parameters
    ----------
    total : int
        How many items there are (a call may change it).
    stream : file, optional
        Where a text bar goes (default stderr); ``None`` for none.
    label : str, default "files"
        What is counted.

    Examples
    --------
    >>> import io
    >>> bar = ProgressBar(3, stream=io.StringIO())  # not a terminal: silent
    >>> for done in (1, 2, 3):
    ...     bar(done, 3, f"day{done}.md")
    >>> bar.close()
    """

    def __init__(self, total: int, stream: TextIO | None = sys.stderr, label: str = "files"):
        self.total = total
        self._bar: Any = None
        if _in_jupyter() or (stream is not None and stream.isatty()):
            from tqdm.auto import tqdm

            self._bar = tqdm(total=total, desc=label, unit=" " + label.rstrip("s"),
                             file=stream, mininterval=0.1, leave=True)

    def __call__(self, done: int, total: int | None = None, item: object = None) -> None:
        if self._bar is None:
            return
        if total is not None and total != self._bar.total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        """End the bar (a terminal bar stays on screen, complete).

        Examples
        --------
        >>> bar = ProgressBar(1, stream=None)
        >>> bar(1); bar.close()
        """
        if self._bar is not None:
            self._bar.close()
