"""The first click on an author button in the votes explorer, on the real corpus.

The first click builds the author view (the co-author graph, the author's map, the name
index); later clicks reuse it. Each run is a fresh Python process: load the corpus, tag it,
open the votes explorer, show its first paper, wait ``--pause`` seconds (a reader finding
the button; showing a paper starts preparing the author view in a background thread, as
in a Jupyter kernel), then time the click on that paper's first author button: wall
clock, and the process's CPU time (all threads), which a busy machine disturbs less.
``--baseline DIR`` runs the same steps with the papertoolkit found in DIR (e.g. a worktree
of an older commit), alternating with this checkout, and prints both medians and ratios.

    .venv/bin/python benchmarks/bench_author_click.py --runs 5 --baseline /tmp/base
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"

CHILD = """
import json, sys, time
import papertoolkit as ptk
import papertoolkit.widgets.authors as authors_module
from papertoolkit.topics import tag_topics
from papertoolkit.widgets import explore_votes

authors_module.PREPARE_IN_BACKGROUND = True  # as in a Jupyter kernel (older code: no-op)
corpus = ptk.load(sys.argv[1], progress=False)
w = explore_votes(corpus, tags=tag_topics(corpus))
w.detail.show(str(w.selection["arxiv_id"].iloc[0]))
time.sleep(float(sys.argv[2]))  # the reader finds an author button
button = w.detail.authors.children[1]
start, cpu = time.perf_counter(), time.process_time()
button.click()
first, first_cpu = time.perf_counter() - start, time.process_time() - cpu
start = time.perf_counter()
w.detail.authors.children[2].click()
second = time.perf_counter() - start
print(json.dumps({"first": first, "first_cpu": first_cpu, "second": second,
                  "author": button.description}))
"""


def run(src: Path, pause: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src), MPLBACKEND="Agg")
    # run in *src*: ``python -c`` puts the working directory first on sys.path, before
    # PYTHONPATH (run elsewhere, both trees would import the checkout one stands in)
    out = subprocess.run([sys.executable, "-c", CHILD, str(CORPUS), str(pause)], env=env,
                         cwd=src, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="a checkout to compare with")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds between showing the paper and the click (a reader "
                             "finding the button; the author view is prepared meanwhile)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    trees = {"this checkout": ROOT}
    if args.baseline:
        trees["baseline"] = args.baseline
    times: dict[str, list[dict]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, src in trees.items():  # alternate, so load changes hit both alike
            times[name].append(run(src, args.pause))
    medians, cpus = {}, {}
    for name, runs in times.items():
        medians[name] = statistics.median(r["first"] for r in runs)
        cpus[name] = statistics.median(r["first_cpu"] for r in runs)
        second = statistics.median(r["second"] for r in runs)
        each = ", ".join(f"{r['first']:.2f}" for r in runs)
        print(f"{name:>14}: first click {medians[name]:.2f} s wall median ({each}), "
              f"{cpus[name]:.2f} s CPU; next click {second * 1000:.0f} ms wall; "
              f"author {runs[0]['author']}")
    if args.baseline:
        print(f"ratio baseline / this checkout: wall "
              f"{medians['baseline'] / medians['this checkout']:.1f}x, CPU "
              f"{cpus['baseline'] / cpus['this checkout']:.1f}x")


if __name__ == "__main__":
    main()
