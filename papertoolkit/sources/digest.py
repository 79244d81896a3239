"""The Markdown digest reader (``## Daily Papers (YYYY-MM-DD)``, see :mod:`papertoolkit.parse`).

It is the last reader tried and accepts any file; what is not a digest becomes a problem row.
It also flags days that were probably cut short: since October 2024 the digests were written
from the Hub's ``/api/daily_papers``, which returns 50 entries per page by default, so a day
with exactly 50 papers from then on most likely lost the rest of its papers.

>>> from papertoolkit.parse import Records
>>> rec = Records()
>>> text = "## Daily Papers (2024-10-21)\\n" + "".join(
...     f"### [P{i}](https://arxiv.org/abs/2410.{i:05d})\\n" for i in range(50))
>>> read_text(text, "a.md", rec)
>>> rec.problems[0].reason[:46]
'2024-10-21: exactly 50 papers, the page size o'
"""

from __future__ import annotations

from collections import Counter

from ..parse import Problem, Records, parse_bytes, parse_text

NAME = "digest"

#: the Hub API's default page size, and the first day of digests written from the API
PAGE_SIZE = 50
API_ERA_START = "2024-10-01"


def sniff(head: str) -> bool:
    """Any file: the digest reader is the fallback (non-digests become problem rows)."""
    return True


def read(data: bytes, source: str, records: Records) -> None:
    start = len(records.papers)
    parse_bytes(data, source, records)
    _flag_truncated_days(records, start, source)


def read_text(text: str, source: str, records: Records) -> None:
    start = len(records.papers)
    parse_text(text, source, records)
    _flag_truncated_days(records, start, source)


def _flag_truncated_days(records: Records, start: int, source: str) -> None:
    """A warning for each day of this file with exactly PAGE_SIZE papers in the API era."""
    if len(records.papers) - start < PAGE_SIZE:
        return
    days = Counter(row[0] for row in records.papers[start:])
    for day, count in sorted(days.items(), key=lambda item: str(item[0])):
        if count == PAGE_SIZE and day is not None and day >= API_ERA_START:
            records.problems.append(Problem(
                source, None, "warning",
                f"{day}: exactly {PAGE_SIZE} papers, the page size of the Hub API this digest "
                "was written from: the day was probably cut short"))
