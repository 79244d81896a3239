"""Reproduce the draw of the third topic test set (``tests/fixtures/topic_labels_test2.csv``).

Usage (from the repository root)::

    .venv/bin/python benchmarks/draw_topic_test2.py            # print date, id of each paper
    .venv/bin/python benchmarks/draw_topic_test2.py --check    # compare with the labels file

A brand-new test set, drawn because the held-out and fresh sets had each been scored several
times. Every one of the 303 digest days already holds a paper of some label file, so no
unlabelled day is left; the papers come instead from the **143 days outside the tuning
sample** (the days the held-out and fresh sets were drawn from), and a paper is eligible only
when its id is in no label file **and** it is listed on none of the 160 tuning days (so no
draw of more tuning papers from those days can take it). With ``random.Random(20261206)``,
each of the 143 days gives one paper, then :data:`EXTRA_DAYS` of them, drawn again, a second
one: the day's papers are shuffled and the first eligible id not drawn yet is taken. The draw
uses only the digest files and the label files' ids, never the tagger. See
``tests/fixtures/README.md``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw_topic_holdout import CORPUS, ROOT, draw_off_tuning_days, run  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
TEST2 = FIXTURES / "topic_labels_test2.csv"
#: The draw's output, committed before the labels: arxiv_id and the digest it was drawn from.
DRAWN = FIXTURES / "topic_test2_draw.csv"
#: Every label file made before this one (tuning, held-out, extra, more, fresh, more2).
OTHERS = tuple(FIXTURES / f"topic_labels{s}.csv"
               for s in ("", "_holdout", "_extra", "_more", "_fresh", "_more2"))
TEST2_SEED, EXTRA_DAYS = 20261206, 25


def draw(corpus: Path = CORPUS, others: tuple[Path, ...] = OTHERS) -> list[tuple[str, str]]:
    """``(digest file name, arxiv_id)`` of the third test set's papers, in draw order."""
    return draw_off_tuning_days(corpus, others, TEST2_SEED, EXTRA_DAYS)


def main(argv: list[str] | None = None) -> int:
    return run(draw, TEST2, argv, __doc__.splitlines()[0])


if __name__ == "__main__":
    sys.exit(main())
