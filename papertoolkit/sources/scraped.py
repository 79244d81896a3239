"""Daily archives scraped from the Hub's papers page (``Daily-HuggingFace-AI-Papers``).

The public repository ``AtharvaDomale/Daily-HuggingFace-AI-Papers`` saves every day since
December 2025 as ``data/daily/YYYY-MM-DD.json``: a JSON array of papers scraped from
huggingface.co/papers, each ``{"title", "paper_url": "https://huggingface.co/papers/ID",
"authors": [names], "stars": "51", "details": {"arxiv_page_url", "github_links",
"scraped_at", ...}, "scraped_date": "YYYY-MM-DD"}``. This reader turns each item into the
Hub API's shape and hands it to :mod:`papertoolkit.sources.hub`, so rows, provenance and
problems are those of hub data (``source_kind`` "hub"):

- the day is the archive's ``scraped_date`` (the day the page was read, which can be the day
  after the papers were featured);
- ``stars`` (the upvote count on the page) is ``upvotes``, taken at ``details.scraped_at``
  (``fetched_at``, read as UTC);
- the first of ``github_links`` is ``github_repo``; the author names become authorships
  (some are Hub user names as the page showed them: no ``hf_user`` is inferred);
- ``details.abstract`` is left out: it often holds a comment rather than the abstract.

>>> from papertoolkit.parse import Records
>>> rec = Records()
>>> read_text('[{"title": "T", "paper_url": "https://huggingface.co/papers/2601.06943", '
...           '"authors": ["Ann Lee"], "stars": "51", "details": {"github_links": []}, '
...           '"scraped_date": "2026-01-14"}]', "2026-01-14.json", rec)
>>> rec.papers[0][:3], rec.hub[0][3]
(('2026-01-14', 1, '2601.06943'), 51)
"""

from __future__ import annotations

import re

from ..parse import Records
from . import hub

NAME = "hub"

_START = re.compile(r'\A\ufeff?\s*\[\s*\{\s*"title"\s*:')
_PAPER_URL = re.compile(r'"paper_url"\s*:\s*"https://huggingface\.co/papers/')
_ID = re.compile(r"huggingface\.co/papers/([^/?#\s]+)")


def sniff(head: str) -> bool:
    """A JSON array whose first item starts with ``"title"`` and has a Hub ``paper_url``."""
    return _START.match(head) is not None and _PAPER_URL.search(head) is not None


def read(data: bytes, source: str, records: Records) -> None:
    hub.read(data, source, records, convert=_entry)


def read_text(text: str, source: str, records: Records) -> None:
    hub.read_text(text, source, records, convert=_entry)


def _entry(item):
    """One archive item as a Hub API entry (anything else is passed on unchanged)."""
    if not isinstance(item, dict) or "paper" in item or "paper_url" not in item:
        return item
    details = item.get("details") if isinstance(item.get("details"), dict) else {}
    url = item.get("paper_url")
    found = _ID.search(url) if isinstance(url, str) else None
    stars = item.get("stars")
    if isinstance(stars, str) and stars.strip().isdecimal():
        stars = int(stars.strip())  # the archive writes counts as text
    paper = {"id": found.group(1) if found else None, "title": item.get("title"),
             "upvotes": stars, "authors": item.get("authors")}
    links = details.get("github_links")
    if isinstance(links, list) and links:
        paper["githubRepo"] = links[0]
    day = item.get("scraped_date")
    entry = {"paper": paper, "publishedAt": day}
    scraped = details.get("scraped_at")
    if isinstance(scraped, str):
        entry["_fetched_at"] = scraped if scraped.endswith("Z") or "+" in scraped[10:] else (
            scraped + "Z")
    return entry
