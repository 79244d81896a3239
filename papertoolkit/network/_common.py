"""Helpers shared by the network modules."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers.

    Millions of new dicts and lists (none of which can form a cycle) would otherwise
    trigger young collections again and again. The collector is switched back on exactly
    as it was (left off if the program had switched it off); nothing else about it changes
    (no ``gc.freeze``, which would affect every object of the process).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
