"""Kill, interrupt or fail many exports at random points; check every outcome.

The long run of ``tests/test_faults.py`` (same helpers): each case makes a complete export A,
runs export B in a forked child that dies or fails at a random point, checks that
``read_csv`` returns exactly A or exactly B (and says which when leftovers are present), then
checks that the next export C succeeds and leaves only its own files. fsync stays on.

Faults: SIGKILL or SIGINT at a random checkpoint (between two durable steps), ENOSPC raised at
a random checkpoint, SIGKILL at a random instant (inside a write as often as not), and a real
failing write (RLIMIT_FSIZE, as a full disk). ``--real`` uses the real corpus for B, so random
instants land inside big CSV and GraphML writes.

    .venv/bin/python benchmarks/fault_injection.py --cases 300 --seed 1
    .venv/bin/python benchmarks/fault_injection.py --cases 100 --real
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_faults as faults  # noqa: E402  (the helpers the test suite uses)

import papertoolkit as ptk  # noqa: E402

FAULTS = ("kill", "sigint", "enospc", "instant", "fsize")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--real", action="store_true", help="export B is the real corpus")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.real:
        corpus_dir = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"
        if not corpus_dir.is_dir():
            print(f"real corpus not found at {corpus_dir}")
            return 0
        faults.B = ptk.load(sorted(corpus_dir.glob("*.md")))
        faults.B.tables()  # derived tables computed before forking
    options_b = faults.OPTIONS_B
    steps = faults.export_steps(faults.B, options_b)
    committed = steps.index("committed")
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        faults.run_child(Path(scratch) / "timing", faults.B, options_b)
        duration = time.perf_counter() - start
    print(f"export B: {len(steps)} checkpoints (commit at {committed}), {duration:.2f} s")
    tally: collections.Counter = collections.Counter()
    failures = 0
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        for case in range(args.cases):
            fault = rng.choice(FAULTS)
            folder = Path(scratch) / f"case{case}"
            child: dict = {}
            if fault in ("kill", "sigint", "enospc"):
                child = {"fault": fault, "at": rng.randrange(len(steps))}
            elif fault == "instant":
                child = {"kill_after": rng.uniform(0, duration)}
            else:
                child = {"fsize": rng.choice([1, 100, 1000, 10_000, 100_000])}
            try:
                outcome, status = faults.check_case(folder, **child)
                expected = _expected(child, committed, status)
                if expected is not None and outcome != expected:
                    raise AssertionError(f"read {outcome}, expected {expected}")
            except Exception as exc:  # noqa: BLE001 - report every failing case, then go on
                failures += 1
                print(f"FAIL case {case} {fault} {child}: {type(exc).__name__}: {exc}")
                continue
            tally[(fault, outcome)] += 1
    elapsed = time.perf_counter() - began
    print(f"{args.cases} cases in {elapsed:.1f} s ({elapsed / max(args.cases, 1):.2f} s each); "
          f"{failures} failures")
    print("fault      read A  read B")
    for fault in FAULTS:
        print(f"{fault:<10} {tally[(fault, 'A')]:>6}  {tally[(fault, 'B')]:>6}")
    return 1 if failures else 0


def _expected(child: dict, committed: int, status: int) -> str | None:
    """The export read_csv must return: A before the commit point, B after it."""
    if "at" in child:
        return "A" if child["at"] < committed else "B"
    if status == 0:
        return "B"
    return None  # a random instant or a failing write: either, as long as it is complete


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.exit(main())
