"""Slow parts of the explorers done once per corpus, or in a worker process.

One worker process (started on first use) runs what would hold the kernel: Louvain on
large graphs (igraph keeps the GIL) and topic tagging of large corpora (pure Python). A
thread waits for its results and hands them to the kernel's event loop, so a cell never
blocks. Topic tags of the built-in taxonomy are kept per Corpus (a Corpus is immutable), so
a second explorer on the same corpus does not tag again.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

#: Papers tagged per task in the worker (the progress bar moves once per chunk).
TAG_CHUNK = 1000

_POOL: Any = None
#: Corpus -> tag_topics(corpus) with the built-in taxonomy and scorer.
_TAGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _pool() -> Any:
    """One worker process, started on first use (forkserver: no copy of the kernel's
    threads)."""
    global _POOL
    if _POOL is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() \
            else "spawn"
        _POOL = ProcessPoolExecutor(max_workers=1,
                                    mp_context=multiprocessing.get_context(method),
                                    initializer=_lower_priority)
        import atexit

        atexit.register(_POOL.shutdown, wait=False, cancel_futures=True)  # a quiet exit
    return _POOL


#: How much the worker process yields the CPU to the kernel (``os.nice`` increment).
WORKER_NICENESS = 10


def _lower_priority() -> None:
    """Run the worker below the kernel's priority: on a busy machine, the map or table a
    user just asked for gets the CPU before the communities or topics being computed."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # not on this platform: same priority, still works
        pass


def _kernel_scheduler() -> Callable[[Callable[[], None]], None] | None:
    """``add_callback`` of the running IPython kernel's event loop (thread-safe), or None."""
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        return kernel.io_loop.add_callback if kernel is not None else None
    except Exception:  # not in a kernel
        return None


def cached_tags(corpus: Any, taxonomy: Any) -> pd.DataFrame | None:
    """The built-in taxonomy's tags of *corpus* when they were computed before, else None."""
    if taxonomy is not None:
        return None
    try:
        return _TAGS.get(corpus)
    except TypeError:  # not weak-referenceable (e.g. a DataFrame): never cached
        return None


def keep_tags(corpus: Any, taxonomy: Any, tags: pd.DataFrame) -> None:
    """Remember the built-in taxonomy's *tags* of *corpus* (no-op for other taxonomies)."""
    if taxonomy is None:
        try:
            _TAGS[corpus] = tags
        except TypeError:
            pass


def tags_for(corpus: Any, tags: pd.DataFrame | None, taxonomy: Any) -> pd.DataFrame:
    """*tags* when given, else the corpus' tags (computed once per corpus)."""
    if tags is not None:
        return tags
    found = cached_tags(corpus, taxonomy)
    if found is None:
        from papertoolkit.topics import tag_topics

        found = tag_topics(corpus, taxonomy=taxonomy)
        keep_tags(corpus, taxonomy, found)
    return found


def paper_chunks(corpus: Any, size: int | None = None) -> list[pd.DataFrame]:
    """The corpus' papers (one row per arXiv id) in chunks of *size* (``TAG_CHUNK``), for
    tagging.

    ``tag_topics`` tags each paper on its own, so tagging the chunks one by one and
    concatenating the results (:func:`join_tags`) gives exactly ``tag_topics(corpus)``.
    """
    from papertoolkit.topics._common import _paper_table

    papers = _paper_table(corpus)
    size = size or TAG_CHUNK
    return [papers.iloc[lo:lo + size].reset_index(drop=True)
            for lo in range(0, max(len(papers), 1), size)]


def join_tags(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks' tags as one table, as ``tag_topics`` gives it for the whole corpus."""
    return pd.concat(parts, ignore_index=True)


class BackgroundTags:
    """Tag a corpus' papers in the worker process, a chunk per task.

    ``on_progress(done, total)`` and ``on_done(tags or exception)`` are called through
    *schedule* (the kernel's event loop), never from the waiting thread directly.
    """

    def __init__(self, corpus: Any, taxonomy: Any,
                 schedule: Callable[[Callable[[], None]], None],
                 on_progress: Callable[[int, int], None],
                 on_done: Callable[[Any], None]):
        import threading

        from papertoolkit.topics import tag_topics

        self.chunks = paper_chunks(corpus)
        self.total = len(self.chunks)

        def work() -> None:
            try:
                futures = [_pool().submit(tag_topics, chunk, taxonomy=taxonomy)
                           for chunk in self.chunks]
                parts = []
                for k, future in enumerate(futures, start=1):
                    parts.append(future.result())
                    schedule(lambda k=k: on_progress(k, self.total))
                result: Any = join_tags(parts)
                keep_tags(corpus, taxonomy, result)
            except Exception as err:  # shown by on_done
                result = err
            schedule(lambda: on_done(result))

        self.thread = threading.Thread(target=work, name="papertoolkit-tags", daemon=True)
        self.thread.start()


def empty_like_tags(taxonomy: Any) -> pd.DataFrame:
    """A tag table with no rows (the topic categories of *taxonomy*)."""
    from papertoolkit.topics import load_taxonomy

    topics = list(load_taxonomy(taxonomy))
    return pd.DataFrame({
        "arxiv_id": pd.array([], dtype="string"),
        "topic": pd.Categorical([], categories=topics),
        "matched_terms": pd.array([], dtype="string"),
        "n_matches": pd.array([], dtype="Int64"),
        "score": pd.array(np.array([], dtype=float), dtype="Float64"),
    })
