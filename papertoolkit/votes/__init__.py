"""Votes: which papers, authors, media kinds and topics draw votes, and how votes move.

The modules, by job: :mod:`~papertoolkit.votes.papers` (single papers: ``top_papers``,
``rank_within_day``), :mod:`~papertoolkit.votes.summaries` (the distribution, votes over
time and votes by author, author count, media kind and topic), :mod:`~papertoolkit.votes.plots`
(one plot per summary), and ``_common`` (the shared input accessor and summary columns).
Every name is importable from ``papertoolkit.votes``.

Every function takes a :class:`~papertoolkit.Corpus` (anything with a ``.papers``
attribute) or a papers DataFrame (columns of ``schema.TABLES["papers"]``) and returns a
new DataFrame; the input is never modified. Plot functions take an optional ``ax=`` and
return the Axes.

Notes
-----
A digest's ``Vote: N`` is a **snapshot taken on the day the digest was written**: a paper
listed on 2024-02-16 shows the votes it had on that day, not its final count. A paper
listed on several days therefore has several snapshots; the "per paper" functions use
its largest one (normally the latest, as votes accumulate). Plots label their vote axes
"votes (snapshot on digest day)".

Missing votes stay ``<NA>`` (never 0): papers without votes are left out of sums, means,
medians and ranks, and counted separately in ``papers_without_votes``.

Examples
--------
>>> import pandas as pd
>>> from papertoolkit.schema import coerce
>>> from papertoolkit import votes
>>> papers = coerce(pd.DataFrame({
...     "date": ["2024-02-15", "2024-02-15", "2024-02-16"],
...     "rank": [1, 2, 1], "arxiv_id": ["2402.1", "2402.2", "2402.1"],
...     "title": ["A", "B", "A"], "votes": [10, None, 12]}), "papers")
>>> votes.top_papers(papers)[["arxiv_id", "votes", "dates"]]
  arxiv_id  votes                   dates
0   2402.1     12  2024-02-15; 2024-02-16
"""

from __future__ import annotations

from ..plots import FEW_PERIODS as FEW_PERIODS
from ._common import N_AUTHORS_BINS as N_AUTHORS_BINS
from ._common import NO_VOTES_MESSAGE as NO_VOTES_MESSAGE
from ._common import SUMMARY_COLUMNS as SUMMARY_COLUMNS
from ._common import VOTE_CHOICES as VOTE_CHOICES
from ._common import VOTES_LABEL
from .papers import rank_within_day, top_papers
from .plots import plot_vote_distribution, plot_votes_over_time, plot_votes_vs_authors
from .summaries import (
    vote_distribution,
    votes_by_author,
    votes_by_media,
    votes_by_n_authors,
    votes_by_topic,
    votes_over_time,
    votes_vs_authors,
)

__all__ = [
    "VOTES_LABEL",
    "plot_vote_distribution",
    "plot_votes_over_time",
    "plot_votes_vs_authors",
    "rank_within_day",
    "top_papers",
    "vote_distribution",
    "votes_by_author",
    "votes_by_media",
    "votes_by_n_authors",
    "votes_by_topic",
    "votes_over_time",
    "votes_vs_authors",
]
