"""Write a synthetic Daily Papers corpus for scale tests and benchmarks.

Usage::

    python benchmarks/make_synthetic.py OUT --days 1000 --seed 0

Writes ``OUT/YYYY-MM-DD.md`` (weekdays only) plus ``OUT/manifest.json`` with the counts, and
prints the generation time and total size. See :mod:`synthetic` (benchmarks/synthetic.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synthetic import generate_corpus, read_manifest  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, generate the corpus and print a one-line summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, help="output folder (created if needed)")
    ap.add_argument("--days", type=int, default=1000, help="number of weekday digests")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--start", default="2024-01-01", help="first date, YYYY-MM-DD")
    ap.add_argument("--min-papers", type=int, default=10, help="fewest papers per day")
    ap.add_argument("--max-papers", type=int, default=60, help="most papers per day")
    ap.add_argument("--authors", type=int, default=None,
                    help="author pool size (default 2000 + 45 * days)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    files = generate_corpus(args.out, args.days, seed=args.seed, start=args.start,
                            papers_per_day=(args.min_papers, args.max_papers),
                            n_authors=args.authors)
    elapsed = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in files)
    m = read_manifest(args.out)
    print(f"wrote {len(files)} digests to {args.out} in {elapsed:.2f} s: "
          f"{size / 1e6:.1f} MB ({size / max(len(files), 1) / 1e3:.1f} KB/day), "
          f"{m['papers']} papers ({m['unique_papers']} unique), "
          f"{m['authorships']} authorships, {m['distinct_authors']} distinct authors")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
