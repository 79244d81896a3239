"""Time the explorers of ``papertoolkit.widgets`` on the real digests.

Usage::

    python benchmarks/bench_widgets.py                  # every digest of ../shared/corpus
    python benchmarks/bench_widgets.py --year 2024 --corpus path/to/digests

Builds each explorer once (``build`` = precomputation: topic tagging, co-author graph, ...),
then changes one control at a time, as a user would, and times the synchronous update that
``observe`` runs (filtering, HTML, drawing and PNG rendering of the figure). A change is
"cold" the first time a setting is seen and "warm" when the explorer's figure/graph cache
already holds it. Prints a Markdown table (median and max milliseconds per kind of change).
No browser is involved: the time the browser takes to show the new HTML/PNG is not included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"


#: CPU milliseconds of each change (this process only): on a busy machine the wall-clock
#: time also counts the waits for a free core, the CPU time does not.
CPU: dict[str, list[float]] = {}
EXPLORERS = ("votes", "authors", "topics", "network")


def _timed(results: dict, label: str, widget, control, value, trait: str = "value") -> None:
    start, cpu = time.perf_counter(), time.process_time()
    setattr(control, trait, value)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if widget.last_error is not None:
        raise RuntimeError(f"{label}: {widget.last_error!r}")
    results.setdefault(label, []).append(seconds * 1000)
    CPU.setdefault(label, []).append(cpu * 1000)


class KernelLoop:
    """A kernel's event loop for the explorers (``add_callback``, thread-safe): what they
    schedule runs in ``run()``, as a kernel runs it once the cell has returned."""

    def __init__(self):
        import queue

        self.queue: queue.SimpleQueue = queue.SimpleQueue()

    def add_callback(self, func) -> None:
        self.queue.put(func)

    def run(self) -> None:
        import queue

        while True:
            try:
                func = self.queue.get_nowait()
            except queue.Empty:
                return
            func()

    def __enter__(self) -> KernelLoop:
        from papertoolkit.widgets import votes

        self._saved = votes._kernel_scheduler
        votes._kernel_scheduler = lambda: self.add_callback
        return self

    def __exit__(self, *exc) -> None:
        from papertoolkit.widgets import votes

        votes._kernel_scheduler = self._saved


def bench(corpus, tags, only=EXPLORERS) -> tuple[dict[str, float], dict[str, list[float]]]:
    builds: dict[str, float] = {}
    res: dict[str, list[float]] = {}
    for name in only:
        if name == "network":
            bench_network(corpus, builds, res)
        else:
            {"votes": bench_votes, "authors": bench_authors,
             "topics": bench_topics}[name](corpus, tags, builds, res)
    return builds, res


def bench_votes(corpus, tags, builds: dict[str, float], res: dict[str, list[float]]) -> None:
    from papertoolkit import widgets as W

    with KernelLoop() as loop:  # as in a kernel: the rows and plots after the first page,
        start = time.perf_counter()  # the topics tagged in the worker process
        v = W.explore_votes(corpus)
        builds["explore_votes (tags not given: table shown)"] = time.perf_counter() - start
        loop.run()
        builds["explore_votes (tags not given: every row and plot)"] = \
            time.perf_counter() - start
        if v._tagger is not None:
            v._tagger.thread.join()
        loop.run()
        builds["explore_votes (tags not given: topics ready)"] = time.perf_counter() - start
    start = time.perf_counter()
    v = W.explore_votes(corpus, tags=tags)
    builds["explore_votes (tags given)"] = time.perf_counter() - start
    for value in (1, 5, 10, 20, 50, 100):
        _timed(res, "votes: min_votes (cold)", v, v.min_votes, value)
    _timed(res, "votes: min_votes (warm)", v, v.min_votes, 5)
    _timed(res, "votes: min_votes (warm)", v, v.min_votes, 0)
    steps = [value for _, value in v.votes_slider.options]
    for value in steps[len(steps) // 2:len(steps) // 2 + 4]:
        _timed(res, "votes: quantile slider (cold)", v, v.votes_slider, value)
    _timed(res, "votes: min_votes (warm)", v, v.min_votes, 0)
    for text in ("diffusion", "agent", "video", "에이전트", "확산", ""):
        _timed(res, "votes: search text (with snippets)", v, v.search, text)
    for topics in (("llm",), ("video", "3d"), ("agents", "reasoning", "code"), ()):
        _timed(res, "votes: topics", v, v.topics, topics)
    days = [value for _, value in v.dates.options]
    quarter = len(days) // 4
    for lo, hi in ((0, quarter), (quarter, 2 * quarter), (0, len(days) - 1)):
        _timed(res, "votes: date range", v, v.dates, (days[lo], days[hi]))
    for row in (0, 5, 17, 3):
        _timed(res, "votes: select a paper (summary shown)", v, v.table, [row],
               trait="selected_rows")
    start = time.perf_counter()
    v.detail.authors.children[1].click()
    builds["votes: first author button (builds explore_authors)"] = time.perf_counter() - start


def bench_authors(corpus, tags, builds: dict[str, float], res: dict[str, list[float]]) -> None:
    from papertoolkit import widgets as W

    start = time.perf_counter()
    a = W.explore_authors(corpus)
    builds["explore_authors"] = time.perf_counter() - start
    top = corpus.authors.sort_values("papers", ascending=False)["author"].astype(str)
    for name in top.iloc[1:6]:
        _timed(res, "authors: author (cold)", a, a.author, name)
        _timed(res, "authors: radius 2 (cold)", a, a.radius, 2)
        _timed(res, "authors: radius 1 (warm)", a, a.radius, 1)
    _timed(res, "authors: author (warm)", a, a.author, top.iloc[1])
    name = top.iloc[7].lower()  # typed in lower case, a key at a time
    for k in range(1, len(name) + 1):
        _timed(res, "authors: a keystroke (suggestions)", a, a.author, name[:k])
    for row in (0, 1):
        _timed(res, "authors: select a paper (summary shown)", a, a.papers_table, [row],
               trait="selected_rows")


def bench_topics(corpus, tags, builds: dict[str, float], res: dict[str, list[float]]) -> None:
    from papertoolkit import widgets as W

    start = time.perf_counter()
    t = W.explore_topics(corpus, tags=tags)
    builds["explore_topics (tags given)"] = time.perf_counter() - start
    for topic in ("agents", "video", "3d", "code", "math"):
        _timed(res, "topics: topic (cold)", t, t.topic, topic)
    _timed(res, "topics: freq month (first)", t, t.freq, "M")
    _timed(res, "topics: topic (cold)", t, t.topic, "llm")
    _timed(res, "topics: topic (warm)", t, t.topic, "math")  # math was drawn per month
    for row in (0, 3, 8):
        _timed(res, "topics: select a paper (summary shown)", t, t.papers_table, [row],
               trait="selected_rows")


def bench_network(corpus, builds: dict[str, float], res: dict[str, list[float]]) -> None:
    """The network explorer's build and updates (interactive map), into *builds*/*res*.

    As in a kernel (``background=True``): Louvain on a graph of more than
    ``BACKGROUND_LINKS`` links runs in the worker process, the map is shown at once (grey,
    with a progress bar) and coloured when the communities arrive. An update's time is until
    the map is shown; the time until the communities arrive is listed on its own line
    ("communities ready", not counted in "every change").
    """
    import igraph  # noqa: F401  (imports are not the explorer's time)
    import ipysigma  # noqa: F401

    from papertoolkit import widgets as W

    done: list = []

    def settle(n) -> None:
        if n._worker is not None:
            n._worker.join()
        while done:
            done.pop(0)()

    def timed(label: str, control, value) -> None:
        start = time.perf_counter()
        _timed(res, label, n, control, value)
        if n._running:
            settle(n)
            builds[f"{label}: communities ready"] = time.perf_counter() - start

    start = time.perf_counter()
    n = W.explore_network(corpus, background=True)
    n._schedule = done.append
    builds["explore_network (min_papers=3)"] = time.perf_counter() - start
    for by in ("strength", "degree", "votes", "papers"):
        timed("network: rank by (cold)", n.rank_by, by)
    for community in n.community.options[1:6]:
        timed("network: community (cold)", n.community, community)
    timed("network: whole network (warm)", n.community, "whole network")
    for top in (400, 1000):
        timed("network: top N (cold)", n.max_nodes, top)
    timed("network: top N 200 (warm)", n.max_nodes, 200)
    timed("network: min_weight 2 (cold: filter + communities)", n.min_weight, 2)
    timed("network: min_papers 2 (cold: filter + communities)", n.min_papers, 2)
    timed("network: min_papers 3 (warm)", n.min_papers, 3)
    timed("network: min_weight 1 (warm)", n.min_weight, 1)
    timed("network: min_papers 1 (cold: full graph, map shown)", n.min_papers, 1)
    other = next(v for v in n.community.options[1:] if v != n.community.value)
    timed("network: a community of the full graph (cold)", n.community, other)
    timed("network: min_papers 3 (warm)", n.min_papers, 3)
    for node in list(n.view)[:5]:
        start = time.perf_counter()
        n.map.selected_node = node  # a click on the map
        res.setdefault("network: click an author", []).append(
            (time.perf_counter() - start) * 1000)

    start = time.perf_counter()
    full = W.explore_network(corpus, min_papers=1, background=True)
    builds["explore_network (min_papers=1, map shown)"] = time.perf_counter() - start
    if full._worker is not None:
        full._worker.join()
    builds["explore_network (min_papers=1, communities ready)"] = time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REAL)
    parser.add_argument("--year", default="all",
                        help="calendar year of digests to use (default: all of them)")
    parser.add_argument("--only", nargs="*", choices=EXPLORERS, default=list(EXPLORERS),
                        help="explorers to time (default all)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")

    import matplotlib

    matplotlib.use("Agg")
    import papertoolkit as ptk
    from papertoolkit.topics import tag_topics

    corpus = ptk.load(args.corpus, progress=False)
    if args.year != "all":
        corpus = corpus.filter(start=f"{args.year}-01-01", end=f"{args.year}-12-31")
    start = time.perf_counter()
    tags = tag_topics(corpus)
    tag_seconds = time.perf_counter() - start
    print(f"corpus: {corpus!r}")
    if hasattr(os, "getloadavg"):
        print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    print(f"tag_topics: {tag_seconds:.2f} s (done once, passed to explore_votes/explore_topics)")
    builds, res = bench(corpus, tags, args.only)
    print()
    print("| build | seconds |")
    print("|---|---:|")
    for label, seconds in builds.items():
        print(f"| {label} | {seconds:.2f} |")
    print()
    print("| change | n | median ms | max ms | median CPU ms |")
    print("|---|---:|---:|---:|---:|")
    for label, values in res.items():
        print(f"| {label} | {len(values)} | {statistics.median(values):.0f} | "
              f"{max(values):.0f} | "
              + (f"{statistics.median(CPU[label]):.0f}" if label in CPU else "–") + " |")
    for prefix in ("votes", "authors", "topics", "network"):
        values = [v for label, vs in res.items() if label.startswith(prefix) for v in vs]
        cold = [v for label, vs in res.items()
                if label.startswith(prefix) and "(warm)" not in label for v in vs]
        cpu = [v for label, vs in CPU.items() if label.startswith(prefix) for v in vs]
        if values:
            print(f"| **{prefix}: every change** (first visits: {len(cold)}) | {len(values)} | "
                  f"{statistics.median(values):.0f} | {max(values):.0f} | "
                  f"{statistics.median(cpu):.0f} |")
    if hasattr(os, "getloadavg"):
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
