"""Helpers shared by the network modules."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers.

    Millions of new dicts and lists (none of which can form a cycle) would trigger young
    collections again and again, and one more when the collector is switched back on.
    On the way out the objects are moved straight to the oldest generation
    (``gc.freeze()`` + ``gc.unfreeze()``, skipped if the program froze objects itself), as
    if they had survived those collections; nothing is left uncollectable.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()
