"""Reproduce the draw of the held-out topic test set (``tests/fixtures/topic_labels_holdout.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_holdout.py            # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_holdout.py --check    # compare with the labels file

The draw uses only the digest files and the tuning labels' ids, never the tagger: the days of
the first (tuning) sample are re-drawn with its seed and left out; from each of the remaining
days one paper is drawn, then a second paper from 37 of those days drawn again at random; a
paper already in either set is skipped. See ``tests/fixtures/README.md``.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"
TUNING = ROOT / "tests" / "fixtures" / "topic_labels.csv"
HOLDOUT = ROOT / "tests" / "fixtures" / "topic_labels_holdout.csv"
HEAD = re.compile(
    r"^### \[(?P<title>.*)\]\(https?://arxiv\.org/abs/(?P<id>[^)\s]+?)(?:v\d+)?\)\s*$"
)
TUNING_SEED, HOLDOUT_SEED, EXTRA_DAYS = 20261126, 20261201, 37


def _ids(path: Path) -> list[str]:
    ids = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = HEAD.match(line)
        if m:
            ids.append(m["id"])
    return ids


def tuning_days(corpus: Path = CORPUS) -> list[Path]:
    """The 160 digest files of the first (tuning) sample, chronological."""
    files = sorted(corpus.glob("paper_logs__*.md"))
    random.seed(TUNING_SEED)
    return sorted(random.sample(files, 160))  # exactly the first sample's draw


def labelled_ids(*paths: Path) -> set[str]:
    """The arXiv ids of one or more label files."""
    return set().union(*(pd.read_csv(path, dtype=str)["arxiv_id"] for path in paths))


def one_per_day(days: list[Path], rng: random.Random, second: int,
                seen: set[str]) -> list[tuple[str, str]]:
    """One paper from each day, then a second from ``second`` of the days drawn again: the
    day's papers are shuffled and the first id not in ``seen`` is taken (and added to it)."""
    sample = []
    for f in days + sorted(rng.sample(days, second)):
        ids = _ids(f)
        rng.shuffle(ids)
        for pid in ids:
            if pid not in seen:
                seen.add(pid)
                sample.append((f.name, pid))
                break
    return sample


def draw_off_tuning_days(corpus: Path, others: tuple[Path, ...], seed: int,
                         second: int, passes: int = 1) -> list[tuple[str, str]]:
    """A test set from the days outside the tuning sample (as ``one_per_day``), skipping the
    ids of ``others`` and every id listed on a tuning day (the draws of test2 and test3).
    With ``passes`` > 1 the days are gone through that many times in date order (test6)."""
    tuning = tuning_days(corpus)
    skip = labelled_ids(*others).union(*(_ids(f) for f in tuning))
    taken = set(tuning)
    rest = [f for f in sorted(corpus.glob("paper_logs__*.md")) if f not in taken]
    return one_per_day(rest * passes, random.Random(seed), second, skip)


def draw(corpus: Path = CORPUS, tuning: Path = TUNING) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of the held-out papers, in draw order."""
    taken = set(tuning_days(corpus))
    rest = [f for f in sorted(corpus.glob("paper_logs__*.md")) if f not in taken]
    return one_per_day(rest, random.Random(HOLDOUT_SEED), EXTRA_DAYS, labelled_ids(tuning))


def run(draw, labels: Path, argv: list[str] | None, description: str) -> int:
    """The command line of a draw script: print the draw, or ``--check`` it against labels."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--check", action="store_true", help=f"compare with {labels.name}")
    args = ap.parse_args(argv)
    sample = draw(args.corpus)
    if args.check:
        labelled = labelled_ids(labels)
        drawn = {pid for _, pid in sample}
        print(f"drawn {len(drawn)}, labelled {len(labelled)}, same ids: {drawn == labelled}")
        return 0 if drawn == labelled else 1
    for name, pid in sample:
        print(name, pid)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run(draw, HOLDOUT, argv, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
