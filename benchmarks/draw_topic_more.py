"""Reproduce the draw of the third tuning set (``tests/fixtures/topic_labels_more.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_more.py            # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_more.py --check    # compare with the labels file

More tuning papers, from the 160 **tuning days** only (as ``draw_topic_extra.py``): with
``random.Random(20261204)`` each tuning day gives one paper, the first of its shuffled papers
whose id is in neither the tuning, held-out nor extra label file. The draw uses only the digest
files and those files' ids, never the tagger. See ``tests/fixtures/README.md``.
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
MORE = FIXTURES / "topic_labels_more.csv"
OTHERS = (TUNING, HOLDOUT, FIXTURES / "topic_labels_extra.csv")
MORE_SEED = 20261204


def draw(corpus: Path = CORPUS, others: tuple[Path, ...] = OTHERS) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of the third tuning set, in draw order."""
    return one_per_day(tuning_days(corpus), random.Random(MORE_SEED), 0, labelled_ids(*others))


def main(argv: list[str] | None = None) -> int:
    return run(draw, MORE, argv, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
