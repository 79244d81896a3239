"""Reproduce the draw of the seventh topic test set (``tests/fixtures/topic_labels_test6.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_test6.py            # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_test6.py --check    # compare with the labels file

Drawn at the start of the session of Dec 2 (07:55 UTC), before any change of that session, to
score its tagger once. As test2 to test5: the papers come from the **143 days outside the tuning
sample**, and a paper is eligible only when its id is in no label file (test2 to test5 and every
tuning file included) **and** it is listed on none of the 160 tuning days. With
``random.Random(20261205)`` the 143 days are gone through :data:`PASSES` = 3 times in date
order, each day giving on each pass the first of its shuffled papers not yet taken: up to three
papers a day, a larger set than test4 and test5, so that a topic's precision rests on more tags.
A day with no eligible paper left gives none. The draw uses only the digest
files and the label files' ids, never the tagger. See ``tests/fixtures/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_topic_holdout import CORPUS, ROOT, draw_off_tuning_days, run  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TEST6 = FIXTURES / "topic_labels_test6.csv"
#: The draw's output, committed before the labels: arxiv_id and the digest it was drawn from.
DRAWN = FIXTURES / "topic_test6_draw.csv"
#: Every label file made before this one.
OTHERS = tuple(FIXTURES / f"topic_labels{s}.csv"
               for s in ("", "_holdout", "_extra", "_more", "_fresh", "_more2", "_more3",
                         "_test2", "_more4", "_more5", "_test3", "_test4", "_test5"))
TEST6_SEED, PASSES = 20261205, 3


def draw(corpus: Path = CORPUS, others: tuple[Path, ...] = OTHERS) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of the seventh test set's papers, in draw order."""
    return draw_off_tuning_days(corpus, others, TEST6_SEED, 0, passes=PASSES)


def main(argv: list[str] | None = None) -> int:
    return run(draw, TEST6, argv, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
