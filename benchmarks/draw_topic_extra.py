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

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_topic_holdout import (  # noqa: E402, F401 (TUNING_SEED: for the tests)
    CORPUS,
    HOLDOUT,
    ROOT,
    TUNING,
    TUNING_SEED,
    labelled_ids,
    one_per_day,
    run,
    tuning_days,
)

EXTRA = ROOT / "tests" / "fixtures" / "topic_labels_extra.csv"
EXTRA_SEED, EXTRA_DAYS = 20261202, 50


def draw(corpus: Path = CORPUS, tuning: Path = TUNING,
         holdout: Path = HOLDOUT) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of the extra tuning papers, in draw order."""
    return one_per_day(tuning_days(corpus), random.Random(EXTRA_SEED), EXTRA_DAYS,
                       labelled_ids(tuning, holdout))


def main(argv: list[str] | None = None) -> int:
    return run(draw, EXTRA, argv, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
