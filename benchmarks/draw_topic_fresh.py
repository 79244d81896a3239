"""Reproduce the draw of the fresh topic test set (``tests/fixtures/topic_labels_fresh.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_fresh.py            # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_fresh.py --check    # compare with the labels file

A second test set, drawn because the first (``topic_labels_holdout.csv``) had been scored a
handful of times while the tagger was developed. Like it, the papers come from the **143 days
outside the tuning sample** only, and the draw uses only the digest files and the ids of the
earlier label files, never the tagger. With ``random.Random(20261203)``, each of those days
gives one paper, then :data:`EXTRA_DAYS` of them, drawn again, give a second: the day's papers
are shuffled and the first whose id is in no label file (tuning, held-out, extra, more) and
not drawn yet is taken. See ``tests/fixtures/README.md``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_topic_holdout import (  # noqa: E402
    CORPUS,
    HOLDOUT,
    ROOT,
    TUNING,
    labelled_ids,
    one_per_day,
    run,
    tuning_days,
)

FIXTURES = ROOT / "tests" / "fixtures"
FRESH = FIXTURES / "topic_labels_fresh.csv"
OTHERS = (TUNING, HOLDOUT, FIXTURES / "topic_labels_extra.csv",
          FIXTURES / "topic_labels_more.csv")
FRESH_SEED, EXTRA_DAYS = 20261203, 7


def draw(corpus: Path = CORPUS, others: tuple[Path, ...] = OTHERS) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of the fresh test papers, in draw order."""
    taken = set(tuning_days(corpus))
    rest = [f for f in sorted(corpus.glob("paper_logs__*.md")) if f not in taken]
    return one_per_day(rest, random.Random(FRESH_SEED), EXTRA_DAYS, labelled_ids(*others))


def main(argv: list[str] | None = None) -> int:
    return run(draw, FRESH, argv, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
