"""Reproduce the draw of the sixth topic test set (``tests/fixtures/topic_labels_test5.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_test5.py            # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_test5.py --check    # compare with the labels file

Drawn after the fifth test set (``topic_labels_test4.csv``) had scored round 6, to score the
next change once. As test2 to test4: the papers come from the **143 days outside the tuning
sample**, and a paper is eligible only when its id is in no label file (test2 to test4 and the
tuning rounds 4-5 included) **and** it is listed on none of the 160 tuning days. With
``random.Random(20261204)`` each of the 143 days gives one paper, then :data:`EXTRA_DAYS` of
them, drawn again, a second one; a day with no eligible paper left gives none (197 papers from
127 days). The draw uses only the
digest files and the label files' ids, never the tagger. See ``tests/fixtures/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_topic_holdout import CORPUS, ROOT, draw_off_tuning_days, run  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TEST5 = FIXTURES / "topic_labels_test5.csv"
#: The draw's output, committed before the labels: arxiv_id and the digest it was drawn from.
DRAWN = FIXTURES / "topic_test5_draw.csv"
#: Every label file made before this one.
OTHERS = tuple(FIXTURES / f"topic_labels{s}.csv"
               for s in ("", "_holdout", "_extra", "_more", "_fresh", "_more2", "_more3",
                         "_test2", "_more4", "_more5", "_test3", "_test4"))
TEST5_SEED, EXTRA_DAYS = 20261204, 77


def draw(corpus: Path = CORPUS, others: tuple[Path, ...] = OTHERS) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of the sixth test set's papers, in draw order."""
    return draw_off_tuning_days(corpus, others, TEST5_SEED, EXTRA_DAYS)


def main(argv: list[str] | None = None) -> int:
    return run(draw, TEST5, argv, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
