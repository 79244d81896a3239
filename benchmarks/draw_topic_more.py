"""Reproduce the draws of the third to seventh tuning sets (``topic_labels_more*.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_more.py              # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_more.py --check      # compare with the labels file
    .venv/bin/python benchmarks/draw_topic_more.py --round 2 --check   # the fourth set
    .venv/bin/python benchmarks/draw_topic_more.py --round 3 --check   # the fifth set
    .venv/bin/python benchmarks/draw_topic_more.py --round 4 --check   # the sixth set
    .venv/bin/python benchmarks/draw_topic_more.py --round 5 --check   # the seventh set
    .venv/bin/python benchmarks/draw_topic_more.py --round 6 --check   # the eighth set

More tuning papers, from the 160 **tuning days** only (as ``draw_topic_extra.py``). Round 1
(``topic_labels_more.csv``): with ``random.Random(20261204)`` each tuning day gives one paper,
the first of its shuffled papers whose id is in none of the tuning, held-out or extra label
files. Round 2 (``topic_labels_more2.csv``): the same with ``random.Random(20261205)``, skipping
also the ids of round 1 and of the fresh test set. Round 3 (``topic_labels_more3.csv``):
``random.Random(20261206)``, skipping the ids of every earlier label file. Round 4
(``topic_labels_more4.csv``): ``random.Random(20261207)``, the same; round 5
(``topic_labels_more5.csv``): ``random.Random(20261208)``, the same. Round 6
(``topic_labels_more6.csv``, Dec 2) takes no sample: **every** paper listed on a tuning day whose
id is in no earlier label file (the test sets' included; test6's papers are never listed on a
tuning day), in the order the tuning days list
them, so that the tuning labels cover the tuning days whole. The draws use only
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
    _ids,
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
MORE6 = FIXTURES / "topic_labels_more6.csv"
OTHERS = (TUNING, HOLDOUT, FIXTURES / "topic_labels_extra.csv")
#: round -> (labels file, seed, label files whose ids are skipped)
ROUNDS = {1: (MORE, 20261204, OTHERS),
          2: (MORE2, 20261205, (*OTHERS, MORE, FIXTURES / "topic_labels_fresh.csv")),
          3: (MORE3, 20261206, (*OTHERS, MORE, MORE2, FIXTURES / "topic_labels_fresh.csv")),
          4: (MORE4, 20261207, (*OTHERS, MORE, MORE2, MORE3, FIXTURES / "topic_labels_fresh.csv")),
          5: (MORE5, 20261208,
              (*OTHERS, MORE, MORE2, MORE3, MORE4, FIXTURES / "topic_labels_fresh.csv")),
          6: (MORE6, None,
              tuple(FIXTURES / f"topic_labels{s}.csv"
                    for s in ("", "_holdout", "_extra", "_more", "_fresh", "_more2", "_more3",
                              "_test2", "_more4", "_more5", "_test3", "_test4", "_test5")))}
MORE_SEED = ROUNDS[1][1]


def draw(corpus: Path = CORPUS, others: tuple[Path, ...] = OTHERS, *,
         seed: int | None = MORE_SEED) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of one round's tuning papers, in draw order; with
    ``seed=None`` every unlabelled paper of the tuning days (round 6)."""
    if seed is None:
        seen, sample = labelled_ids(*others), []
        for f in tuning_days(corpus):
            for pid in _ids(f):
                if pid not in seen:
                    seen.add(pid)
                    sample.append((f.name, pid))
        return sample
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
