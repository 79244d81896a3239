"""The loader of this checkout against another commit's, side by side in one process.

Usage::

    python benchmarks/bench_load_ab.py --baseline main                   # 1,000 synthetic days
    python benchmarks/bench_load_ab.py --corpus ../shared/corpus/l-yohai__daily_papers_ko
    python benchmarks/bench_load_ab.py --baseline 42ad666 --repeat 12 --step parse

The package of ``--baseline`` (a commit, read with ``git archive``) is imported under the name
``papertoolkit_base`` beside this checkout's ``papertoolkit``; both load the same folder in
turn, alternately, so that whatever else runs on the machine slows both alike. Each side prints
the median CPU seconds (``time.process_time``) of ``--repeat`` runs, the result freed and
garbage collected outside the timing, and the ratio. ``--step``: ``load`` (``load``: read,
parse, base tables), ``all`` (``load`` and the derived tables ``papers_unique``, ``authors``,
``author_aliases``: bench_scale.py's "every table"), ``parse`` (read and parse into
``Records`` only) or ``tables`` (``Corpus.from_records`` of records parsed beforehand).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_derived import import_copy  # noqa: E402

SYNTHETIC = Path(tempfile.gettempdir()) / "papertoolkit-bench" / "synthetic-1000"


def import_baseline(commit: str, folder: Path):
    """The package of *commit* imported as ``papertoolkit_base`` (written into *folder*)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "papertoolkit"],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return import_copy("papertoolkit_base", folder)


def step_function(package, step: str, source: str):
    """A function running *step* of *package* on *source*."""
    corpus = importlib.import_module(package.__name__ + ".corpus")
    files_module = importlib.import_module(package.__name__ + "._files")
    sources = importlib.import_module(package.__name__ + ".sources")
    records_type = importlib.import_module(package.__name__ + ".parse").Records

    def parse():
        files, problems = files_module._discover(source)
        records = records_type(problems=problems)
        for path in files:
            sources.read_file(path, records)
        return records

    if step == "load":
        return lambda: package.load(source)
    if step == "all":  # what bench_scale.py's load row times: the derived tables too
        def every_table():
            corpus = package.load(source)
            return corpus, corpus.papers_unique, corpus.authors, corpus.author_aliases

        return every_table
    if step == "parse":
        return parse
    records = parse()
    return lambda: corpus.Corpus.from_records(records)


def cpu_seconds(func) -> float:
    gc.collect()
    start = time.process_time()
    result = func()
    elapsed = time.process_time() - start
    del result
    gc.collect()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", default="main", help="the commit to compare with")
    ap.add_argument("--corpus", default=str(SYNTHETIC),
                    help="a folder of digests (default: the 1,000-day synthetic corpus "
                         "bench_scale.py caches)")
    ap.add_argument("--repeat", type=int, default=8)
    ap.add_argument("--step", choices=("load", "all", "parse", "tables"), default="load")
    args = ap.parse_args()
    if not Path(args.corpus).is_dir():
        sys.exit(f"no corpus at {args.corpus} (bench_scale.py --days 1000 writes it)")
    import papertoolkit

    with tempfile.TemporaryDirectory() as tmp:
        base = import_baseline(args.baseline, Path(tmp))
        sides = {"baseline": step_function(base, args.step, args.corpus),
                 "this checkout": step_function(papertoolkit, args.step, args.corpus)}
        for func in sides.values():  # warm up: imports, caches
            func()
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(args.repeat):
            for name, func in sides.items():
                times[name].append(cpu_seconds(func))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name:>14}: {args.step} {medians[name] * 1000:7.1f} ms CPU median of "
              f"{len(values)} ({', '.join(f'{v * 1000:.0f}' for v in values)})")
    print(f"baseline ({args.baseline}) / this checkout: "
          f"{medians['baseline'] / medians['this checkout']:.2f}x")


if __name__ == "__main__":
    main()
