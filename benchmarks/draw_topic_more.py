"""Reproduce the draws of the third to seventh tuning sets (``topic_labels_more*.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_more.py              # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_more.py --check      # compare with the labels file
    .venv/bin/python benchmarks/draw_topic_more.py --round 2 --check   # the fourth set
    .venv/bin/python benchmarks/draw_topic_more.py --round 3 --check   # the fifth set
    .venv/bin/python benchmarks/draw_topic_more.py --round 4 --check   # the sixth set
    .venv/bin/python benchmarks/draw_topic_more.py --round 5 --check   # the seventh set

More tuning papers, from the 160 **tuning days** only (as ``draw_topic_extra.py``). Round 1
(``topic_labels_more.csv``): with ``random.Random(20261204)`` each tuning day gives one paper,
the first of its shuffled papers whose id is in none of the tuning, held-out or extra label
files. Round 2 (``topic_labels_more2.csv``): the same with ``random.Random(20261205)``, skipping
also the ids of round 1 and of the fresh test set. Round 3 (``topic_labels_more3.csv``):
``random.Random(20261206)``, skipping the ids of every earlier label file. Round 4
(``topic_labels_more4.csv``): ``random.Random(20261207)``, the same; round 5
(``topic_labels_more5.csv``): ``random.Random(20261208)``, the same. The draws use only
the digest files and those files' ids, never the tagger. See ``tests/fixtures/README.md``.
"""

from __future__ import annotations

import random
import sys
from functools import partial
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
MORE = FIXTURES / "topic_labels_more.csv"
MORE2 = FIXTURES / "topic_labels_more2.csv"
MORE3 = FIXTURES / "topic_labels_more3.csv"
MORE4 = FIXTURES / "topic_labels_more4.csv"
MORE5 = FIXTURES / "topic_labels_more5.csv"
OTHERS = (TUNING, HOLDOUT, FIXTURES / "topic_labels_extra.csv")
#: round -> (labels file, seed, label files whose ids are skipped)
ROUNDS = {1: (MORE, 20261204, OTHERS),
          2: (MORE2, 20261205, (*OTHERS, MORE, FIXTURES / "topic_labels_fresh.csv")),
          3: (MORE3, 20261206, (*OTHERS, MORE, MORE2, FIXTURES / "topic_labels_fresh.csv")),
          4: (MORE4, 20261207, (*OTHERS, MORE, MORE2, MORE3, FIXTURES / "topic_labels_fresh.csv")),
          5: (MORE5, 20261208,
              (*OTHERS, MORE, MORE2, MORE3, MORE4, FIXTURES / "topic_labels_fresh.csv"))}
MORE_SEED = ROUNDS[1][1]


def draw(corpus: Path = CORPUS, others: tuple[Path, ...] = OTHERS, *,
         seed: int = MORE_SEED) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of one round's tuning papers, in draw order."""
    return one_per_day(tuning_days(corpus), random.Random(seed), 0, labelled_ids(*others))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    rnd = 1
    if "--round" in argv:
        at = argv.index("--round")
        rnd = int(argv[at + 1])
        del argv[at:at + 2]
    labels, seed, others = ROUNDS[rnd]
    return run(partial(draw, others=others, seed=seed), labels, argv,
               __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
