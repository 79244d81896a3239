"""Reproduce the draw of the extra tuning labels (``tests/fixtures/topic_labels_extra.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_extra.py            # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_extra.py --check    # compare with the labels file

The extra papers come from the **tuning days** only: the 160 digest days of the first sample
(re-drawn with its seed, as in ``draw_topic_holdout.py``). The draw uses only the digest files
and the two existing label files' ids, never the tagger. With ``random.Random(20261202)``,
each tuning day gives one paper, then :data:`EXTRA_DAYS` of those days, drawn again, give a
second: the day's papers are shuffled and the first whose id is in none of the tuning,
held-out or already-drawn sets is taken. See ``tests/fixtures/README.md``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_topic_holdout import CORPUS, HOLDOUT, ROOT, TUNING, TUNING_SEED, _ids  # noqa: E402

EXTRA = ROOT / "tests" / "fixtures" / "topic_labels_extra.csv"
EXTRA_SEED, EXTRA_DAYS = 20261202, 50


def tuning_days(corpus: Path = CORPUS) -> list[Path]:
    """The 160 digest files of the first (tuning) sample, chronological."""
    files = sorted(corpus.glob("paper_logs__*.md"))
    random.seed(TUNING_SEED)
    return sorted(random.sample(files, 160))


def draw(corpus: Path = CORPUS, tuning: Path = TUNING,
         holdout: Path = HOLDOUT) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of the extra tuning papers, in draw order."""
    days = tuning_days(corpus)
    seen = set()
    for path in (tuning, holdout):
        seen |= set(pd.read_csv(path, dtype=str)["arxiv_id"])
    rng = random.Random(EXTRA_SEED)
    order = days + sorted(rng.sample(days, EXTRA_DAYS))
    sample = []
    for f in order:
        ids = _ids(f)
        rng.shuffle(ids)
        for pid in ids:
            if pid not in seen:
                seen.add(pid)
                sample.append((f.name, pid))
                break
    return sample


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--check", action="store_true", help="compare with the extra labels")
    args = ap.parse_args(argv)
    sample = draw(args.corpus)
    if args.check:
        labelled = set(pd.read_csv(EXTRA, dtype=str)["arxiv_id"])
        drawn = {pid for _, pid in sample}
        print(f"drawn {len(drawn)}, labelled {len(labelled)}, same ids: {drawn == labelled}")
        return 0 if drawn == labelled else 1
    for name, pid in sample:
        print(name, pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
