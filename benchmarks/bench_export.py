"""Cost of crash-safe exports and checked reads on the real corpus.

Baseline, measured in the same run: one plain ``DataFrame.to_csv`` per table (no temporary
names, fsync, hashes or manifest) and ``pd.read_csv(dtype=str)`` per file (no checks, no
dtypes). Prints medians of 5 runs and the ratios.

    .venv/bin/python benchmarks/bench_export.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

import papertoolkit as ptk
from papertoolkit.export import write_export

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / \
    "l-yohai__daily_papers_ko"


def median_time(task, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    if not CORPUS.is_dir():
        print(f"real corpus not found at {CORPUS}")
        return 0
    corpus = ptk.load(sorted(CORPUS.glob("*.md")))
    tables = corpus.tables()
    with tempfile.TemporaryDirectory() as plain, tempfile.TemporaryDirectory() as safe:
        def plain_write() -> None:
            for name, df in tables.items():
                df.to_csv(Path(plain) / f"{name}.csv", index=False, date_format="%Y-%m-%d",
                          lineterminator="\n")

        write_plain = median_time(plain_write)
        write_safe = median_time(lambda: write_export(corpus, safe))
        read_plain = median_time(lambda: {n: pd.read_csv(Path(plain) / f"{n}.csv", dtype=str)
                                          for n in tables})
        read_safe = median_time(lambda: ptk.read_csv(safe))
        size = sum(p.stat().st_size for p in Path(safe).glob("*.csv")) / 1e6
    print(f"{len(corpus.papers):,} paper rows, {len(tables)} tables, {size:.1f} MB of CSV")
    print(f"write: plain to_csv {write_plain:.3f} s, write_export {write_safe:.3f} s "
          f"(x{write_safe / write_plain:.2f})")
    print(f"read:  pd.read_csv(dtype=str) {read_plain:.3f} s, checked read_csv {read_safe:.3f} s "
          f"(x{read_safe / read_plain:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
