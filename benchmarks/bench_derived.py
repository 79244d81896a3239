"""The load and the derived tables, two versions of papertoolkit side by side in one process.

Usage::

    mkdir /tmp/before && git archive <commit> papertoolkit | tar -x -C /tmp/before
    python benchmarks/bench_derived.py --before /tmp/before             # synthetic 1,000 days
    python benchmarks/bench_derived.py --before /tmp/before \
        --corpus ../shared/corpus/l-yohai__daily_papers_ko

Imports the package found in ``--before`` (a folder holding a ``papertoolkit`` package) and
this checkout's (or ``--after``'s) under two different names, then, repeat after repeat and
in alternating order, times in each: ``load`` of the corpus (base tables only), then its
``papers_unique``, ``authors`` and ``author_aliases`` (computed on first use), each in this
process's CPU seconds (``time.process_time``; the box is shared, so the wall clock mostly
measures the waits for a core), the corpus freed outside the timing. Prints the median of
each step for both versions and the change; before timing, checks that both versions give
equal derived tables.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("load (base tables)", "papers_unique", "authors", "author_aliases")


def import_copy(name: str, root: Path):
    """The ``papertoolkit`` package under *root*, imported as the module *name*."""
    folder = root / "papertoolkit"
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def time_once(ptk, source) -> list[float]:
    """CPU seconds of each of :data:`STEPS` on a fresh corpus."""
    gc.collect()
    out = []
    start = time.process_time()
    corpus = ptk.load(source, progress=False)
    out.append(time.process_time() - start)
    for table in STEPS[1:]:
        start = time.process_time()
        getattr(corpus, table)
        out.append(time.process_time() - start)
    del corpus
    return out


def check_equal(before, after, source) -> None:
    import pandas as pd

    a, b = before.load(source, progress=False), after.load(source, progress=False)
    for table in STEPS[1:]:
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table), check_exact=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, required=True,
                    help="a folder holding the papertoolkit package to compare with")
    ap.add_argument("--after", type=Path, default=ROOT,
                    help="a folder holding the other package (default: this checkout)")
    ap.add_argument("--days", type=int, default=1000, help="synthetic weekdays (default 1000)")
    ap.add_argument("--corpus", type=Path, help="a folder of digests instead of synthetic ones")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/papertoolkit-bench"),
                    help="where bench_scale.py writes the synthetic corpus (reused)")
    ap.add_argument("--repeat", type=int, default=8, help="median of N runs (default 8)")
    args = ap.parse_args(argv)

    source = args.corpus or args.cache / f"synthetic-{args.days}"
    if not (source / "manifest.json").exists() and args.corpus is None:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic import generate_corpus  # type: ignore[import-not-found]

        generate_corpus(source, args.days, seed=0)
    before = import_copy("papertoolkit_before", args.before.resolve())
    after = import_copy("papertoolkit_after", args.after.resolve())
    check_equal(before, after, source)  # also the warm-up: imports, regular expressions
    print(f"{source}: derived tables equal in both versions")
    if hasattr(os, "getloadavg"):
        print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)")
    times: dict[str, list[list[float]]] = {"before": [], "after": []}
    for k in range(args.repeat):  # alternately, each version first every other repeat
        order = (("before", before), ("after", after))
        for label, ptk in order if k % 2 == 0 else order[::-1]:
            times[label].append(time_once(ptk, source))
    print(f"\nCPU seconds, median of {args.repeat} (each repeat: a fresh load, then each table)")
    print("\n| step | before | after | change |\n|---|---:|---:|---:|")
    for i, step in enumerate((*STEPS, "derived tables", "total")):
        def median(label: str, i=i) -> float:
            if i < len(STEPS):
                return statistics.median(t[i] for t in times[label])
            parts = slice(1, None) if i == len(STEPS) else slice(None)
            return statistics.median(sum(t[parts]) for t in times[label])

        b, a = median("before"), median("after")
        print(f"| {step} | {b * 1000:.1f} ms | {a * 1000:.1f} ms | {(a - b) / b:+.0%} |")
    if hasattr(os, "getloadavg"):
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
