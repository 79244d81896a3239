"""The whole Daily Papers history at interactive speed: issue 12's table, measured.

Usage::

    python benchmarks/bench_scale.py --days 1000              # synthetic 1,000 weekdays
    python benchmarks/bench_scale.py --corpus ../shared/corpus/l-yohai__daily_papers_ko
    python benchmarks/bench_scale.py --days 1000 --only load graph --repeat 5

Writes (once, into ``--cache``) the synthetic corpus of ``--days`` weekdays from the
benchmarks' generator (seed 0), or reads ``--corpus``, then runs each row of the table in a
fresh subprocess, so that every peak resident memory (VmHWM) is that row's own and imports or
caches of one row never help another. Each row prints its median seconds over ``--repeat``
runs and, where there is one, a baseline measured in the same process on the same data:

* ``load`` (files -> every table of the Corpus) against bare markdown-it tokenisation
  (``MarkdownIt("commonmark").parse``) of the same files, already read into memory; the
  ratio is markdown-it / load (higher is better, aim >= 15x). A second row times
  ``load`` alone (the base tables; ``papers_unique``, ``authors`` and ``author_aliases``
  are computed on first use), against the same markdown-it runs;
* ``coauthor_graph`` against a NumPy pair count of the same papers: integer codes for
  papers and authors, one row per (paper, author), every pair of each paper from
  ``np.triu_indices`` and ``np.unique(..., return_counts=True)`` over the pair keys (aim:
  at most 3x);
* ``author_metrics`` against igraph's own calls on the same graph with the same parameters
  (strength, sampled betweenness, PageRank, local transitivity, components, seeded
  multilevel), the igraph graph built beforehand (aim: at most 1.2x);
* ``peak`` is the whole session load + graph + metrics in one process (aim: < 1.3 GB);
* the explorers: building ``explore_votes`` (until its table is shown, and until the topics
  tagged in the worker process arrive) and ``explore_network``,
  and the updates of ``explore_network`` a user makes: each minimum-papers value visited for
  the first time (below the first map's value, then above it), and the number of authors
  drawn (aim: build < 1 s, change < 300 ms); each visit's time is printed too;
* ``fresh``: ``explore_network`` in a process that has only loaded the corpus, as the
  first explorer of a fresh kernel (its imports, igraph's matplotlib among them, timed).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STEPS = ("load", "graph", "metrics", "peak", "votes", "network", "fresh")


def _generate(folder: Path, days: int) -> None:
    try:  # the generator lives beside the benchmarks (moved out of the package)
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic import generate_corpus  # type: ignore[import-not-found]
    except ImportError:
        from papertoolkit.synthetic import generate_corpus  # type: ignore[no-redef]
    generate_corpus(folder, days, seed=0)


def _reset_peak() -> None:
    """Reset the process's peak RSS (Linux >= 4.0); harmless elsewhere."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        result = None
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _load_all(source: str):
    import papertoolkit as ptk

    corpus = ptk.load(source, progress=False)
    corpus.papers_unique, corpus.authors, corpus.author_aliases  # noqa: B018
    return corpus


def numpy_pair_count(authorships) -> tuple[int, int]:
    """Distinct co-author pairs and their joint-paper counts, in NumPy (the baseline)."""
    import numpy as np
    import pandas as pd

    ok = (authorships["author"].notna() & authorships["arxiv_id"].notna()).to_numpy(bool)
    a_code, authors = pd.factorize(authorships["author"].to_numpy(dtype=object)[ok])
    p_code, _ = pd.factorize(authorships["arxiv_id"].to_numpy(dtype=object)[ok])
    n_auth = len(authors)
    key = np.unique(p_code.astype(np.int64) * n_auth + a_code)  # sorted by (paper, author)
    paper, author = key // n_auth, key % n_auth
    starts = np.flatnonzero(np.r_[True, paper[1:] != paper[:-1]])
    sizes = np.diff(np.r_[starts, len(paper)])
    keys = []
    for n in np.unique(sizes[sizes >= 2]):
        first = starts[sizes == n]
        block = author[first[:, None] + np.arange(n)]
        i, j = np.triu_indices(n, 1)
        u, v = block[:, i].ravel(), block[:, j].ravel()
        keys.append(np.minimum(u, v) * n_auth + np.maximum(u, v))
    pairs, counts = np.unique(np.concatenate(keys), return_counts=True)
    return len(pairs), int(counts.sum())


def _igraph_calls(G) -> float:
    """Seconds of igraph's own calls for every metric of author_metrics, on *G*'s arrays."""
    import random

    import igraph as ig
    import numpy as np

    from papertoolkit import network as N
    from papertoolkit.network._igraph import _to_igraph

    g, _ = _to_igraph(G)
    g = g.copy()  # not the cached copy: same data, no shared state
    n = g.vcount()
    samples = None if n <= N.EXACT_BETWEENNESS_MAX_NODES else N.BETWEENNESS_SAMPLES
    sources = (
        np.sort(np.random.default_rng(0).choice(n, size=samples, replace=False)).tolist()
        if samples else None
    )

    def louvain():
        ig.set_random_number_generator(random.Random(0))
        try:
            return g.community_multilevel(weights="weight")
        finally:
            ig.set_random_number_generator(random)

    start = time.perf_counter()
    g.degree()
    g.strength(weights="weight")
    g.betweenness(directed=False, sources=sources)
    g.pagerank(weights="weight", directed=False)
    g.transitivity_local_undirected(mode="zero")
    g.connected_components()
    louvain()
    return time.perf_counter() - start


def run_step(step: str, source: str, repeat: int) -> dict:
    """One row (or a few) of the table, in this process; returns a JSON-able dict."""
    rows: list[dict] = []

    def row(name, seconds, baseline=None, peak=None, **extra):
        rows.append({"step": name, "seconds": seconds, "baseline": baseline, "peak_mb": peak,
                     **extra})

    if step == "load":
        from markdown_it import MarkdownIt

        import papertoolkit as ptk
        from papertoolkit.corpus import find_digest_files

        files = find_digest_files(source)
        texts = [path.read_text(encoding="utf-8-sig") for path in files]
        md = MarkdownIt("commonmark")
        _load_all(source)  # warm-up: imports, regular expressions
        t_md, t_load, cpu_md, cpu_load = [], [], [], []
        t_base, cpu_base = [], []

        def timed(func, wall: list, cpu: list) -> None:  # freeing the result is not timed
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = func()
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            del result

        peaks = {}

        def load_all() -> None:
            gc.collect()
            _reset_peak()
            timed(lambda: _load_all(source), t_load, cpu_load)
            peaks["all"] = _peak_mb()  # each load's own peak (the last one's is shown)

        def load_base() -> None:
            gc.collect()
            _reset_peak()
            timed(lambda: ptk.load(source, progress=False), t_base, cpu_base)
            peaks["base"] = _peak_mb()

        for k in range(repeat):  # interleaved, so that load changes on the box hit all three;
            timed(lambda: [md.parse(text) for text in texts], t_md, cpu_md)
            for step in (load_all, load_base) if k % 2 == 0 else (load_base, load_all):
                step()  # (in turns: the load right after markdown-it pays for its garbage)
        peak_load, peak_base = peaks["all"], peaks["base"]
        row("load (every table)", statistics.median(t_load), statistics.median(t_md),
            peak_load, baseline_name="markdown-it", higher_is_better=True,
            cpu=statistics.median(cpu_load), baseline_cpu=statistics.median(cpu_md))
        row("load (base tables; derived on first use)", statistics.median(t_base),
            statistics.median(t_md), peak_base, baseline_name="markdown-it",
            higher_is_better=True, cpu=statistics.median(cpu_base),
            baseline_cpu=statistics.median(cpu_md))
        return {"rows": rows}
    if step == "fresh":
        # a notebook's first explorer: this process has loaded the corpus and nothing else
        # (no networkx, igraph, ipysigma, ipywidgets, matplotlib yet; papers_unique not
        # computed): every import and first use inside the timing, as in a fresh kernel
        import papertoolkit as ptk

        corpus = ptk.load(source, progress=False)
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        from papertoolkit.widgets import explore_network

        w = explore_network(corpus, background=True)
        row("explore_network build in a fresh process, imports included (map shown)",
            time.perf_counter() - start, None, None, cpu=time.process_time() - cpu)
        if w._whole_worker is not None:
            w._whole_worker.join()
        if w._worker is not None:
            w._worker.join()
        start, cpu = time.perf_counter(), time.process_time()
        explore_network(corpus, background=True)
        row("explore_network: a second build in that process (graph parts kept; map shown)",
            time.perf_counter() - start, None, None, cpu=time.process_time() - cpu)
        return {"rows": rows}

    from papertoolkit import network as N

    corpus = _load_all(source)
    from papertoolkit.network import _arrays

    def cold_graph():
        _arrays._CORPUS_CACHE.clear()  # the graph is kept per Corpus: time it from scratch
        return N.coauthor_graph(corpus)

    if step == "graph":
        gc.collect()
        _reset_peak()
        t_graph, G = _median(cold_graph, repeat)
        peak = _peak_mb()
        t_base, (n_pairs, _) = _median(lambda: numpy_pair_count(corpus.authorships), repeat)
        row("coauthor_graph", t_graph, t_base, peak, baseline_name="numpy pair count")
        if G.number_of_edges() != n_pairs:
            raise AssertionError(f"edges {G.number_of_edges()} != numpy pairs {n_pairs}")
        return {"rows": rows, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}
    if step == "metrics":
        G = N.coauthor_graph(corpus)

        def metrics():  # from the arrays, the igraph copy made every time (no cache)
            _arrays.arrays_of(G).derived.clear()
            return N.author_metrics(G, seed=0)

        gc.collect()
        _reset_peak()
        t_metrics, _ = _median(metrics, repeat)
        peak = _peak_mb()  # before the baseline, whose garbage would count otherwise
        t_base = statistics.median(_igraph_calls(G) for _ in range(repeat))
        row("author_metrics", t_metrics, t_base, peak, baseline_name="igraph calls")
        return {"rows": rows}
    if step == "peak":
        start = time.perf_counter()
        G = cold_graph()
        N.author_metrics(G, seed=0)
        row("load + graph + metrics", time.perf_counter() - start, None, _peak_mb())
        return {"rows": rows}

    import matplotlib

    matplotlib.use("Agg")
    from papertoolkit import widgets as W

    if step == "votes":
        # as in a kernel: the papers are tagged in the worker process, the explorer opens
        # at once and its topics arrive when tagging is done ("topics ready")
        import matplotlib.figure  # noqa: F401  (imports are not the explorer's time)
        from bench_widgets import KernelLoop

        from papertoolkit import topics  # noqa: F401

        gc.collect()
        _reset_peak()
        with KernelLoop() as loop:  # the table's first page, then the rest once the cell
            start, cpu = time.perf_counter(), time.process_time()  # has returned
            w = W.explore_votes(corpus)
            row("explore_votes build (table shown)", time.perf_counter() - start, None,
                None, cpu=time.process_time() - cpu)
            loop.run()
            row("explore_votes build (every row and plot shown)",
                time.perf_counter() - start, None, None, cpu=time.process_time() - cpu)
            w._tagger.thread.join()
            loop.run()
            row("explore_votes build (topics ready)", time.perf_counter() - start, None,
                _peak_mb())
            if w.last_error is not None:
                raise RuntimeError(f"explore_votes: {w.last_error!r}")
            start, cpu = time.perf_counter(), time.process_time()
            W.explore_votes(corpus)
            row("explore_votes: a second build on the same corpus (tags kept; table "
                "shown)", time.perf_counter() - start, None, None,
                cpu=time.process_time() - cpu)
            loop.run()
        start = time.perf_counter()
        topics.tag_topics(corpus)
        row("tag_topics of the corpus, in place (for comparison)",
            time.perf_counter() - start, None, None)
        return {"rows": rows}
    if step == "network":
        # as in a kernel: large graphs find their communities in a background thread; the
        # benchmark runs the "coloured" callback itself and times both moments
        done: list = []
        import igraph  # noqa: F401  (imports are not the explorer's time)
        import ipysigma  # noqa: F401

        def settle() -> None:
            if w._worker is not None:
                w._worker.join()
            while done:
                done.pop(0)()

        gc.collect()
        _reset_peak()
        start, cpu = time.perf_counter(), time.process_time()
        w = W.explore_network(corpus, background=True)
        w._schedule = done.append
        row("explore_network build (map shown)", time.perf_counter() - start, None, None,
            cpu=time.process_time() - cpu)
        settle()
        row("explore_network build (communities ready)", time.perf_counter() - start, None,
            _peak_mb())
        changes: dict[str, list[float]] = {}
        cpus: dict[str, list[float]] = {}

        each: dict[str, list[str]] = {}

        def change(label, control, value):
            start, cpu = time.perf_counter(), time.process_time()
            control.value = value
            wall, cpu = time.perf_counter() - start, time.process_time() - cpu
            changes.setdefault(label + " (map shown)", []).append(wall)
            cpus.setdefault(label + " (map shown)", []).append(cpu)
            each.setdefault(label, []).append(f"{value}: {wall:.3f} (CPU {cpu:.3f})")
            if w._running:
                settle()
                changes.setdefault(label + " (communities ready)", []).append(
                    time.perf_counter() - start)
            if w.last_error is not None:
                raise RuntimeError(f"{label}: {w.last_error!r}")

        first = int(w.min_papers.value)
        below = range(int(w.min_papers.min), min(int(w.min_papers.max), 6) + 1)
        for value in below:
            if value != first:
                change("explore_network: min papers, first visit", w.min_papers, value)
        change("explore_network: min papers, seen", w.min_papers, first)
        drawn = int(w.max_nodes.value)
        for value in (500, 1000):
            change(f"explore_network: top {value} drawn", w.max_nodes, value)
        w.max_nodes.value = drawn  # (the first map again, seen)
        # above the first map's threshold: the graphs in which Louvain runs before the map
        # (at most BACKGROUND_LINKS links) or just above that, in the worker
        for step in (1, 3, 4, 5, 7, 13, 23):
            if first + step <= int(w.min_papers.max) and first + step not in below:
                change("explore_network: min papers, first visit above the first map's",
                       w.min_papers, first + step)
        for label, values in changes.items():
            row(label, statistics.median(values), None, None, max=max(values), n=len(values),
                **({"cpu": statistics.median(cpus[label])} if label in cpus else {}))
        row("explore_network session (peak)", 0.0, None, _peak_mb())
        return {"rows": rows, "min_papers": first, "each": each}
    raise ValueError(f"unknown step {step!r}")


def _print(results: list[dict]) -> None:
    print("\n| step | seconds | baseline | baseline s | ratio | peak MB |")
    print("|---|---:|---|---:|---:|---:|")
    for result in results:
        for r in result["rows"]:
            base = r.get("baseline")
            ratio = ""
            if base:
                ratio = (f"{base / r['seconds']:.1f}x faster" if r.get("higher_is_better")
                         else f"{r['seconds'] / base:.2f}x")
            if r.get("baseline_cpu"):  # both in this process's CPU seconds
                ratio += f" (CPU {r['baseline_cpu']:.3f} s: {r['baseline_cpu'] / r['cpu']:.1f}x)"
            seconds = f"{r['seconds']:.3f}" if r["seconds"] else ""
            if "max" in r:
                seconds += f" (max {r['max']:.3f}, n={r['n']})"
            if "cpu" in r:  # this process's CPU seconds: the cost without waiting for a core
                seconds += f" (CPU {r['cpu']:.3f})"
            peak = f"{r['peak_mb']:,.0f}" if r.get("peak_mb") else ""
            print(f"| {r['step']} | {seconds} | {r.get('baseline_name', '')} | "
                  f"{'' if base is None else f'{base:.3f}'} | {ratio} | {peak} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=1000, help="synthetic weekdays (default 1000)")
    ap.add_argument("--corpus", type=Path, help="a folder of digests instead of synthetic ones")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/papertoolkit-bench"),
                    help="where the synthetic corpus is written (reused when present)")
    ap.add_argument("--repeat", type=int, default=3, help="median of N runs (default 3)")
    ap.add_argument("--only", nargs="*", choices=STEPS, default=list(STEPS),
                    help="rows to run (default all)")
    ap.add_argument("--step", help=argparse.SUPPRESS)  # internal: one row, JSON out
    ap.add_argument("--source", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.step:
        print(json.dumps(run_step(args.step, args.source, args.repeat)))
        return 0

    if args.corpus is not None:
        source = args.corpus
    else:
        source = args.cache / f"synthetic-{args.days}"
        if not (source / "manifest.json").exists():
            start = time.perf_counter()
            _generate(source, args.days)
            print(f"generated {source} in {time.perf_counter() - start:.1f} s", flush=True)
    import papertoolkit as ptk

    corpus = ptk.load(source, progress=False)
    print(f"corpus {source}: {len(corpus.papers):,} papers, {len(corpus.authors):,} authors, "
          f"{len(corpus.authorships):,} authorships")
    if hasattr(os, "getloadavg"):
        print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    del corpus
    results = []
    for step in args.only:
        cmd = [sys.executable, __file__, "--step", step, "--source", str(source),
               "--repeat", str(args.repeat)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"{step}: failed\n{out.stderr[-3000:]}")
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(result)
        if "edges" in result:
            print(f"graph: {result['nodes']:,} authors, {result['edges']:,} links")
        for label, values in result.get("each", {}).items():  # which visit was slow
            print(f"{label}, each (seconds, map shown): {'; '.join(values)}")
        print(f"{step}: done", flush=True)
    _print(results)
    if hasattr(os, "getloadavg"):
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
