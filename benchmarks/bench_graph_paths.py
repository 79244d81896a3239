"""The co-author graph's two ways into networkx: the feature-checked fast path and the public one.

Usage::

    python benchmarks/bench_graph_paths.py                 # real corpus + a synthetic 1,000 days
    python benchmarks/bench_graph_paths.py --days 0 --repeat 7

``coauthor_graph`` computes the graph as arrays once per corpus; then
``papertoolkit.network._arrays.graph_from_arrays`` turns them into a networkx graph, either
as a ``CoauthorGraph`` (networkx's private node dict filled directly, adjacency dicts built on
first read: the fast path) or with ``add_nodes_from`` / ``add_edges_from`` (public API only:
the fallback). This script prints, for both, the median seconds of

* ``build``: arrays -> graph (what ``coauthor_graph`` costs when only papertoolkit's own
  metrics, communities and drawings read the graph, as in the explorers and the report);
* ``build+read``: arrays -> graph, then ``list(G.edges(data=True))`` (a user walking it with
  networkx, which makes the fast path build its adjacency dicts too),

and the fallback's time as a multiple of the fast path's, measured in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
REAL = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"


def median_seconds(step, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(name: str, corpus, repeat: int) -> None:
    from papertoolkit.network import _arrays, coauthor_graph

    base = _arrays.arrays_of(coauthor_graph(corpus))
    fast = lambda: _arrays.CoauthorGraph._lazy(base)  # noqa: E731
    public = lambda: _arrays.public_graph(base)  # noqa: E731
    rows = {
        "build": (fast, public),
        "build+read": (lambda: list(fast().edges(data=True)),
                       lambda: list(public().edges(data=True))),
    }
    print(f"{name}: {base.n_nodes:,} authors, {base.n_edges:,} links")
    for step, (f, p) in rows.items():
        tf, tp = median_seconds(f, repeat), median_seconds(p, repeat)
        print(f"  {step:<11} fast {tf * 1000:8.1f} ms   public {tp * 1000:8.1f} ms   "
              f"public/fast {tp / tf:5.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--days", type=int, default=1000, help="synthetic weekdays (0: none)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/papertoolkit-bench"))
    args = parser.parse_args()
    import papertoolkit as ptk

    if REAL.is_dir():
        measure("real corpus", ptk.load(sorted(REAL.glob("*.md"))), args.repeat)
    if args.days:
        from synthetic import generate_corpus

        folder = args.cache / f"synthetic-{args.days}"
        if not folder.is_dir():
            generate_corpus(folder, args.days, seed=0)
        measure(f"synthetic {args.days} days", ptk.load(folder), args.repeat)


if __name__ == "__main__":
    main()
