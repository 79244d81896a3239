"""Interactive explorers for Jupyter: ipywidgets dashboards over a :class:`~papertoolkit.Corpus`.

Four explorers, each a function returning an ``ipywidgets.VBox`` (a subclass of it, so the
controls and outputs are reachable as attributes and can be driven from code or tests):

* :func:`explore_votes` — filter papers by date range, votes, topics and text; a table of the
  matching papers and a vote histogram / time series;
* :func:`explore_authors` — pick an author; their papers, top co-authors and ego network;
* :func:`explore_topics` — pick a topic; its trend, top papers and top authors;
* :func:`explore_network` — the co-author network by minimum papers / link weight, its
  communities and the authors of one community.

Every explorer updates on each change of a control (``observe``; no debouncing). Heavy work
(topic tagging, graph building, community detection) is done once per explorer, or once per
slider value and cached, so an update only filters precomputed arrays, writes HTML and draws
one figure. Figures are drawn on a bare :class:`matplotlib.figure.Figure` (not pyplot, so no
figure is ever left open), rendered to PNG and put into the explorer's ``Output`` widget as
its only output (``out.outputs``), which works with or without a running kernel. The
``text/plain`` part of that output names the figure's Axes titles (handy in tests).

All text is shown through :func:`html.escape` (a title containing ``<script>`` renders as
text). An empty selection shows a message instead of a table or figure; an unexpected error
is shown as a message (kept in ``explorer.last_error``) rather than a traceback.

Votes are snapshots taken on the day each digest was written; the explorers say so.

Examples
--------
>>> import papertoolkit as ptk
>>> from papertoolkit.widgets import explore_votes
>>> corpus = ptk.loads("## Daily Papers (2024-02-16)\\n\\n"
...                    "### [Tiny LLM](https://arxiv.org/abs/2402.00001)\\n\\nVote: 7\\n")
>>> w = explore_votes(corpus)              # display(w) in a notebook
>>> w.search.value = "diffusion"           # drive it from code
>>> w.selection.empty
True
>>> w.search.value = ""
>>> w.selection["title"].tolist()
['Tiny LLM']

Modules: one per explorer (:mod:`~papertoolkit.widgets.votes`, :mod:`~.authors`,
:mod:`~.topics`, :mod:`~.network`) and their shared parts in :mod:`~._common`.
"""

from ._common import VOTES_NOTE as VOTES_NOTE
from .authors import AuthorsExplorer, explore_authors
from .network import ALL_COMMUNITIES as ALL_COMMUNITIES
from .network import NetworkExplorer, explore_network
from .topics import TopicsExplorer, explore_topics
from .votes import VotesExplorer, explore_votes

__all__ = [
    "AuthorsExplorer",
    "NetworkExplorer",
    "TopicsExplorer",
    "VotesExplorer",
    "explore_authors",
    "explore_network",
    "explore_topics",
    "explore_votes",
]
