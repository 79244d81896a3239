"""Benchmark the co-author network: graph building and metrics against plain baselines.

Usage::

    python benchmarks/bench_network.py                       # real corpus + 1,000 + 10,000 days
    python benchmarks/bench_network.py --days 1000 --no-real --repeat 1
    python benchmarks/bench_network.py --networkx-baselines  # also time networkx's own metrics

For each corpus (the real one in ``../shared/corpus`` when present, and synthetic corpora of
``--days`` weekdays written by ``benchmarks/synthetic.py`` into ``--cache``) it prints
nodes, edges, seconds per step and peak memory (resident set size, reset before each step),
next to these baselines on the same data:

* a plain ``itertools.combinations`` + ``Counter`` pair count (for ``coauthor_graph``);
* igraph's own calls on the same graph (multilevel/Louvain, betweenness from the same
  sampled sources, PageRank, local transitivity, components) for each metric of
  ``author_metrics``; ``convert`` is the one-off networkx -> igraph copy.

Each corpus runs in its own process so that peak memory is its own. Timings are the best of
``--repeat`` runs. Corpora with more than ``--igraph-above`` co-author pairs (default 10
million, i.e. the 10,000-day corpus) are built with ``coauthor_graph(backend="igraph")``:
a networkx graph of that size needs about 4 GB per 10 million edges, and networkx's own
betweenness does not finish on it.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REAL = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"


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


def _best(func, repeat: int):
    """(best seconds, peak MB of the last run, result of the last run)."""
    best = float("inf")
    result = None
    peak = 0.0
    for _ in range(repeat):
        result = None
        gc.collect()
        _reset_peak()
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
        peak = _peak_mb()
    return best, peak, result


def run_one(source: str, repeat: int, igraph_above: int, networkx_baselines: bool) -> dict:
    """Benchmark one corpus folder; returns a JSON-able dict of rows."""
    import numpy as np

    import papertoolkit as ptk
    from papertoolkit import network as N

    rows: list[dict] = []

    def row(step: str, seconds: float, peak: float | None = None, **extra) -> None:
        rows.append({"step": step, "seconds": seconds, "peak_mb": peak, **extra})

    t_load, peak, corpus = _best(lambda: ptk.load(source), 1)
    row("load (files -> Corpus)", t_load, peak)

    authorships = corpus.authorships.drop_duplicates(["arxiv_id", "author"])
    author_lists = authorships.groupby("arxiv_id", sort=False)["author"].agg(list).tolist()
    author_lists = [[str(a) for a in names] for names in author_lists]

    def pair_count() -> Counter:
        counts: Counter = Counter()
        for names in author_lists:
            counts.update(itertools.combinations(sorted(names), 2))
        return counts

    t_pairs, peak, pairs = _best(pair_count, repeat)
    n_pairs = len(pairs)
    del pairs
    row("baseline: combinations + Counter", t_pairs, peak)

    backend = "igraph" if n_pairs > igraph_above else "networkx"
    t_graph, peak, G = _best(lambda: N.coauthor_graph(corpus, backend=backend), repeat)
    row(f"coauthor_graph (backend={backend})", t_graph, peak, baseline=t_pairs)
    nodes, edges = (
        (G.number_of_nodes(), G.number_of_edges())
        if backend == "networkx"
        else (G.vcount(), G.ecount())
    )

    step_best: dict[str, float] = {}

    def metrics_run():
        if backend == "networkx":  # drop the cached igraph copy: time the conversion too
            G.__networkx_cache__.clear()
        result = N.author_metrics(G, seed=0)
        for key, value in result.attrs["seconds"].items():
            step_best[key] = min(step_best.get(key, float("inf")), value)
        return result

    t_metrics, peak, metrics = _best(metrics_run, repeat)
    g, _ = N._igraph._to_igraph(G)  # the copy author_metrics used (cached on G)
    row("author_metrics: convert networkx -> igraph", step_best.get("convert", 0.0))

    # igraph's own calls on the same graph, with the same parameters
    n = g.vcount()
    samples = None if n <= N.EXACT_BETWEENNESS_MAX_NODES else N.BETWEENNESS_SAMPLES
    sources = (
        np.sort(np.random.default_rng(0).choice(n, size=samples, replace=False)).tolist()
        if samples
        else None
    )
    import random

    import igraph as ig

    def louvain():
        ig.set_random_number_generator(random.Random(0))
        try:
            return g.community_multilevel(weights="weight")
        finally:
            ig.set_random_number_generator(random)

    baselines = {
        "betweenness": lambda: g.betweenness(directed=False, sources=sources),
        "pagerank": lambda: g.pagerank(weights="weight", directed=False),
        "clustering": lambda: g.transitivity_local_undirected(mode="zero"),
        "components": lambda: g.connected_components(),
        "louvain": louvain,
        "strength": lambda: g.strength(weights="weight"),
    }
    igraph_total = 0.0
    for step in ["strength", "betweenness", "pagerank", "clustering", "components", "louvain"]:
        t_base, _, _ = _best(baselines[step], repeat)
        igraph_total += t_base
        row(f"author_metrics: {step}", step_best[step], None, baseline=t_base)
    row("author_metrics (total, one call)", t_metrics, peak, baseline=igraph_total)
    row("files -> graph + all metrics", t_load + t_graph + t_metrics, None)

    if networkx_baselines and backend == "networkx":
        import networkx as nx

        t_nx, _, _ = _best(lambda: nx.community.louvain_communities(G, seed=0), 1)
        row("networkx louvain_communities (reference)", t_nx, None)
        t_nx, _, _ = _best(lambda: nx.betweenness_centrality(G, k=min(samples or n, n), seed=0), 1)
        row(f"networkx betweenness k={samples or n} (reference)", t_nx, None)

    return {
        "source": str(source),
        "nodes": nodes,
        "edges": edges,
        "pairs": n_pairs,
        "betweenness": metrics.attrs["betweenness"],
        "backend": backend,
        "rows": rows,
    }


def _print(result: dict, label: str) -> None:
    print(
        f"\n## {label}: {result['nodes']:,} authors, {result['edges']:,} edges "
        f"(backend={result['backend']}; betweenness {result['betweenness']})"
    )
    print(f"{'step':44} {'seconds':>8} {'peak MB':>8} {'baseline s':>10} {'ratio':>6}")
    for r in result["rows"]:
        base = r.get("baseline")
        ratio = f"{r['seconds'] / base:5.2f}x" if base else ""
        peak = f"{r['peak_mb']:8.0f}" if r["peak_mb"] else " " * 8
        base_s = f"{base:10.3f}" if base else " " * 10
        print(f"{r['step']:44} {r['seconds']:8.3f} {peak} {base_s} {ratio:>6}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--days",
        type=int,
        nargs="*",
        default=[1000, 10000],
        help="synthetic corpus sizes in weekdays (default 1000 10000)",
    )
    ap.add_argument("--real", type=Path, default=REAL, help="folder of the real digests")
    ap.add_argument("--no-real", action="store_true", help="skip the real corpus")
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path("/tmp/papertoolkit-bench"),
        help="where synthetic corpora are written (reused when present)",
    )
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    ap.add_argument(
        "--igraph-above",
        type=int,
        default=10_000_000,
        help="pairs above which coauthor_graph(backend='igraph') is used",
    )
    ap.add_argument(
        "--networkx-baselines",
        action="store_true",
        help="also time networkx's Louvain and sampled betweenness (slow)",
    )
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one corpus, print JSON
    args = ap.parse_args(argv)

    if args.one:
        result = run_one(args.one, args.repeat, args.igraph_above, args.networkx_baselines)
        print(json.dumps(result))
        return 0

    jobs: list[tuple[str, str, int]] = []
    if not args.no_real and args.real.is_dir():
        jobs.append((f"real corpus ({args.real.name})", str(args.real), args.repeat))
    for days in args.days:
        folder = args.cache / f"synthetic-{days}"
        if not (folder / "manifest.json").exists():
            from synthetic import generate_corpus

            start = time.perf_counter()
            generate_corpus(folder, days, seed=0)
            print(f"generated {folder} in {time.perf_counter() - start:.1f} s", flush=True)
        repeat = args.repeat if days <= 1000 else 1
        jobs.append((f"synthetic {days:,} days", str(folder), repeat))

    for label, source, repeat in jobs:
        cmd = [
            sys.executable,
            __file__,
            "--one",
            source,
            "--repeat",
            str(repeat),
            "--igraph-above",
            str(args.igraph_above),
        ]
        if args.networkx_baselines:
            cmd.append("--networkx-baselines")
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(f"\n## {label}: failed\n{out.stderr[-2000:]}")
            continue
        _print(json.loads(out.stdout.strip().splitlines()[-1]), label)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
