"""The authors explorer: one author's papers, top co-authors and ego network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from papertoolkit._checks import check_int
from papertoolkit._compat import positional_options, renamed_arguments
from papertoolkit.authors import name_key
from papertoolkit.datatable import interactive_table
from papertoolkit.details import PaperIndex

from ._common import (
    _MUTED,
    HINT_STYLE,
    VOTES_NOTE,
    PaperDetail,
    _arxiv_link,
    _author_list,
    _esc,
    _Explorer,
    _fmt_date,
    _fmt_int,
    _message,
    _new_figure,
    _papers,
)

if TYPE_CHECKING:  # imported lazily at run time
    import networkx as nx
    from matplotlib.figure import Figure

#: Names suggested under the author box.
N_SUGGESTIONS = 8


class AuthorIndex:
    """Author names ranked by papers, found by a forgiving key (case, accents, spaces and
    dots ignored, see :func:`papertoolkit.authors.name_key`).

    >>> index = AuthorIndex(["José García", "Jo Lee", "Anna Josephs"])
    >>> index.find("jose garcia")
    'José García'
    >>> index.suggest("jo")
    ['José García', 'Jo Lee', 'Anna Josephs']
    """

    def __init__(self, names: list[str]):
        self.names = names
        self._names = set(names)
        self._keys: list[str] | None = None  # computed on first use: ~1 s for 20k names
        self._exact: dict[str, str] = {}

    @property
    def keys(self) -> list[str]:
        """The lookup key of every name (:func:`~papertoolkit.authors.name_key`)."""
        if self._keys is None:
            self._keys = [name_key(n) for n in self.names]
            for name, key in zip(self.names, self._keys, strict=True):
                self._exact.setdefault(key, name)  # names come ranked: the first one wins
        return self._keys

    def find(self, text: str) -> str | None:
        """The author named exactly *text* (an author button, a click on the map), else
        the one whose key equals the key of *text*, or ``None``."""
        if text in self._names:
            return text
        self.keys  # noqa: B018 - builds the key index
        return self._exact.get(name_key(text))

    def count(self, text: str) -> int:
        """How many names match *text* (what :meth:`suggest` ranks)."""
        q = name_key(text)
        return sum(q in key for key in self.keys) if q else 0

    def suggest(self, text: str, n: int = N_SUGGESTIONS) -> list[str]:
        """Up to *n* names matching *text*: the name itself, names starting with it, names
        with a word starting with it, then names containing it (each group by rank)."""
        q = name_key(text)
        if not q:
            return []
        groups: list[list[str]] = [[], [], [], []]
        for name, key in zip(self.names, self.keys, strict=True):
            if q not in key:
                continue
            rank = 0 if key == q else 1 if key.startswith(q) else 2 if f" {q}" in key else 3
            groups[rank].append(name)
            if len(groups[0]) + len(groups[1]) >= n:
                break
        return [name for group in groups for name in group][:n]


class AuthorsExplorer(_Explorer):
    """One author: their papers, votes, top co-authors and ego network.

    Build it with :func:`explore_authors`. Controls: ``author`` (Text; case, accents,
    spaces and dots are forgiven; ``suggestions`` below it lists the matching names, most
    papers first, as you type, and a click on one opens it) and ``radius`` (IntSlider,
    co-authorship steps drawn). Outputs: ``summary`` (HTML; says so when no author
    matches), ``papers_table`` (an itables DataTable of the author's papers: sort, filter,
    download; select a row to read the paper in ``detail``), ``collaborators`` (a DataTable
    of co-authors and joint papers; select one to open that author) and ``plot`` (Output:
    the ego network). ``graph`` is the co-author graph used; ``papers`` the current
    author's papers as a DataFrame.

    Layout (``children``): ``[HBox(author, radius), suggestions, more_matches (how many
    more names match than are suggested), summary, papers_table, detail, collaborators,
    plot]``.

    Parameters
    ----------
    corpus, author, graph, max_nodes
        As in :func:`explore_authors`.
    n_collaborators : int, default 10
        Co-authors shown per page of ``collaborators`` at first; every co-author is listed
        (the reader pages, or changes the page length).
    paper_index : PaperIndex, optional
        The papers' details to reuse (an explorer that opens an author passes its own);
        built from *corpus* when omitted.

    Examples
    --------
    >>> w = AuthorsExplorer(corpus, author="Xuezhi Wang")
    >>> w.collaborators.frame["Co-author"].tolist()
    ['Denny Zhou', 'Xinyun Chen', 'Rishabh Agarwal', 'Ryan A. Chi', 'Uri Alon', 'Yongchao Zhou']
    """

    def __init__(
        self,
        corpus: Any,
        author: str | None = None,
        graph: nx.Graph | None = None,
        max_nodes: int = 250,
        n_collaborators: int = 10,
        paper_index: PaperIndex | None = None,
    ):
        from papertoolkit.network import coauthor_graph

        self.graph = graph if graph is not None else coauthor_graph(corpus)
        self.max_nodes = int(max_nodes)
        self.n_collaborators = check_int("n_collaborators", n_collaborators, min=1)
        unique = corpus.papers_unique
        unique = unique.set_index(unique["arxiv_id"].astype(str).to_numpy())
        self._unique = unique
        ships = corpus.authorships.dropna(subset=["author", "arxiv_id"])
        pairs = ships[["author", "arxiv_id"]].drop_duplicates()
        self._papers_of: dict[str, list[str]] = {}  # a loop: groupby(...).agg(list) is 50x slower
        for name, arxiv_id in zip(pairs["author"].astype(str).tolist(),
                                  pairs["arxiv_id"].astype(str).tolist(), strict=True):
            self._papers_of.setdefault(name, []).append(arxiv_id)
        self._paper_index = paper_index if paper_index is not None else PaperIndex(corpus)
        self._authors_of = self._paper_index.authors
        table = corpus.authors
        self._author_rows = table.set_index("author") if len(table) else table
        ranked = table.sort_values(["papers", "author"], ascending=[False, True], kind="stable")
        self._names = AuthorIndex(ranked["author"].astype(str).tolist())
        self._papers_count = dict(zip(ranked["author"].astype(str), ranked["papers"],
                                      strict=True))
        if author is None:
            author = self._names.names[0] if self._names.names else ""
        self.author = widgets.Text(
            value=author, description="Author", continuous_update=True,
            placeholder=f"type a name ({len(self._names.names):,} authors)",
            layout=widgets.Layout(width="420px"),
        )
        self.suggestions = widgets.Select(
            options=[], rows=0, description="", layout=widgets.Layout(
                width="420px", margin="0 0 0 90px", display="none"))
        self.more_matches = widgets.HTML(layout=widgets.Layout(margin="0 0 0 90px"))
        self.radius = widgets.IntSlider(
            value=1, min=1, max=3, description="Radius", continuous_update=False
        )
        self.summary = widgets.HTML()
        self.papers_table = interactive_table(
            self._papers_frame(unique.iloc[:0]), html_columns=("Title", "Authors"),
            filename="author_papers", select=True)
        self.detail = PaperDetail(self._paper_index, on_author=self._set_author)
        self.collaborators = interactive_table(
            self._collaborators_frame(None), html_columns=("Joint papers",),
            filename="coauthors", select=True, page_length=self.n_collaborators)
        self.plot = widgets.Output()
        self.papers = pd.DataFrame()
        self._node: Any = None
        super().__init__([
            widgets.HBox([self.author, self.radius]),
            self.suggestions,
            self.more_matches,
            self.summary,
            self.papers_table,
            self.detail,
            self.collaborators,
            self.plot,
        ])
        self._watch(self.author)
        self._watch(self.radius, handler=self._update_plot)
        self.suggestions.observe(self._on_suggestion, names="value")
        self.papers_table.observe(self._on_paper, names="selected_rows")
        self.collaborators.observe(self._on_coauthor, names="selected_rows")
        self._safely(self.update)

    # -------------------------------------------------------------- the name box
    def _set_author(self, name: str) -> None:
        self.author.value = name

    def _on_suggestion(self, change: dict) -> None:
        if change["new"] and change["new"] != self.author.value:
            self.author.value = change["new"]

    def _show_suggestions(self, names: list[str], total: int = 0) -> None:
        self.suggestions.unobserve(self._on_suggestion, names="value")
        try:
            self.suggestions.options = [(f"{n} ({_papers(self._papers_count.get(n))})", n)
                                        for n in names]
            self.suggestions.value = None
        finally:
            self.suggestions.observe(self._on_suggestion, names="value")
        self.suggestions.rows = max(len(names), 1)
        self.suggestions.layout.display = "flex" if names else "none"
        more = total - len(names)
        self.more_matches.value = (
            f'<span style="{_MUTED}">{more:,} more name{"s" if more != 1 else ""} '
            f'match{"es" if more == 1 else ""}: keep typing to narrow the list.</span>'
            if names and more > 0 else "")

    def _on_paper(self, change: dict) -> None:
        rows = [r for r in change["new"] if 0 <= r < len(self.papers)]
        if rows:
            self._safely(lambda: self.detail.show(str(self.papers["arxiv_id"].iloc[rows[0]])))

    def _on_coauthor(self, change: dict) -> None:
        frame = self.collaborators.frame
        rows = [r for r in change["new"] if 0 <= r < len(frame)]
        if rows:
            self.author.value = str(frame["Co-author"].iloc[rows[0]])

    # -------------------------------------------------------------- tables
    def _papers_frame(self, papers: pd.DataFrame) -> pd.DataFrame:
        ids = papers["arxiv_id"].astype(str).tolist()
        return pd.DataFrame({
            "Title": [_arxiv_link(i, t) for i, t in zip(ids, papers["title"], strict=True)],
            "Votes": papers["max_votes"].astype("Int64").to_numpy(),
            "First seen": papers["first_seen"].to_numpy(),
            "Authors": [_author_list(self._authors_of.get(i, [])) for i in ids],
            "arXiv id": ids,
        })

    def _collaborators_frame(self, collab: pd.DataFrame | None) -> pd.DataFrame:
        if collab is None or collab.empty:
            return pd.DataFrame({"Co-author": pd.Series(dtype=object),
                                 "Joint papers": pd.Series(dtype=object),
                                 "Papers together": pd.Series(dtype="Int64")})
        titles = self._unique["title"]

        def joint(ids: list[str]) -> str:  # the first three linked, the rest in a tooltip
            shown = "<br>".join(_arxiv_link(i, titles.get(i, i)) for i in ids[:3])
            if len(ids) > 3:
                rest = "; ".join(str(titles.get(i, i)) for i in ids[3:])
                shown += (f'<br><span title="{_esc(rest)}" style="{HINT_STYLE}">'
                          f"+ {len(ids) - 3:,} more</span>")
            return shown

        return pd.DataFrame({
            "Co-author": collab["coauthor"].astype(str).to_numpy(),
            "Joint papers": [joint(list(ids)) for ids in collab["arxiv_ids"]],
            "Papers together": collab["n_papers"].astype("Int64").to_numpy(),
        })

    def _clear(self, text: str) -> None:
        self._node = None
        self.papers = pd.DataFrame()
        self.summary.value = _message(text)
        self.papers_table.show(self._papers_frame(self._unique.iloc[:0]))
        self.collaborators.show(self._collaborators_frame(None))
        self.detail.show(None)
        self._show_message(self.plot, text)

    # -------------------------------------------------------------- updates
    def update(self) -> None:
        """Show the author typed in ``author`` (each change of a control calls it).

        Examples
        --------
        >>> w = explore_authors(corpus)
        >>> w.update()
        >>> w.author.value, len(w.papers), w.last_error
        ('Denny Zhou', 3, None)
        """
        from papertoolkit.network import top_collaborators

        text = self.author.value.strip()
        if self.graph.number_of_nodes() == 0:
            self._show_suggestions([])
            self._clear("The corpus has no authors.")
            return
        if not text:
            self._show_suggestions([])
            self._clear("Type an author's name: matching names appear as you type.")
            return
        node = self._names.find(text)
        if node is None or node not in self.graph:
            names = self._names.suggest(text)
            self._show_suggestions(names, self._names.count(text))
            if names:
                self._clear(f"No author is named {text!r}: pick one of the matching names "
                            "below the box (most papers first; case, accents and spaces "
                            "ignored).")
            else:
                self._clear(f"No author matches {text!r} (case, accents and spaces are "
                            "ignored): check the spelling or type part of the name.")
            return
        self._show_suggestions([])
        if node == self._node:
            return
        self._node = node
        attrs = self.graph.nodes[node]
        row = self._author_rows.loc[node] if node in self._author_rows.index else None
        ids = self._papers_of.get(node, [])
        papers = self._unique.loc[[i for i in ids if i in self._unique.index]]
        papers = papers.sort_values(["first_seen", "arxiv_id"], ascending=[False, True])
        self.papers = papers.reset_index(drop=True)
        n_coauthors = self.graph.degree(node)
        first = _fmt_date(row["first_seen"]) if row is not None else attrs.get("first_seen")
        last = _fmt_date(row["last_seen"]) if row is not None else attrs.get("last_seen")
        total = row["total_votes"] if row is not None else attrs.get("total_votes")
        self.summary.value = (
            f"<p><b>{_esc(attrs.get('label', node))}</b>: {len(papers):,} paper(s), "
            f"{_fmt_int(total)} votes in total, {n_coauthors:,} co-author(s), "
            f"seen {_esc(first)} to {_esc(last)}. Select a paper to read its summary, a "
            f'co-author to open them. <span style="{_MUTED}">{_esc(VOTES_NOTE)}</span></p>'
        )
        self.papers_table.show(self._papers_frame(self.papers))
        self.detail.show(None)
        collab = top_collaborators(self.graph, node, n=max(n_coauthors, 1))
        self.collaborators.show(self._collaborators_frame(collab))
        self._update_plot()

    def _update_plot(self) -> None:
        node = self._node
        if node is None:
            return
        radius = int(self.radius.value)
        from .network import ego_map_output

        # the interactive map (a click opens that author); the static figure without ipysigma
        output = ego_map_output(self, self.graph, node, radius, self.max_nodes,
                                on_click=lambda name: setattr(self.author, "value", name))
        if output is not None:
            self.plot.outputs = (output,)
            return
        self._show_figure(self.plot, ("ego", node, radius), lambda: self._draw(node, radius))

    def _draw(self, node: Any, radius: int) -> Figure:
        from papertoolkit.network import plot_ego

        fig, (ax,) = _new_figure((8, 6.5), left=0.01, right=0.99, bottom=0.01, top=0.9)
        plot_ego(self.graph, node, ax=ax, radius=radius, label_top=20, max_nodes=self.max_nodes)
        return fig


@renamed_arguments(corpus="data")
@positional_options
def explore_authors(
    data: Any,
    *,
    author: str | None = None,
    graph: nx.Graph | None = None,
    max_nodes: int = 250,
) -> AuthorsExplorer:
    """Explore one author at a time: papers, votes, top co-authors and ego network.

    Parameters
    ----------
    data : Corpus
        The digests to explore.
    author : str, optional
        Author shown first (default: the author with the most papers).
    graph : networkx.Graph, optional
        A graph from :func:`papertoolkit.network.coauthor_graph` for *data* (built when
        omitted; about half a second for a year of digests).
    max_nodes : int, default 250
        The ego-network plot draws at most this many authors: the nearest ones (fewest
        steps, then most joint papers, then most papers; the title says how many were
        left out), see :func:`papertoolkit.network.plot_ego`.

    Returns
    -------
    AuthorsExplorer
        An ``ipywidgets.VBox`` with controls ``author`` (Text, with ``suggestions`` as you
        type) and ``radius`` (IntSlider), outputs ``summary``, ``papers_table``, ``detail``,
        ``collaborators``, ``plot``.

    Examples
    --------
    >>> w = explore_authors(corpus)       # display(w) in a notebook
    >>> w.author.value                    # the author with the most papers
    'Denny Zhou'
    >>> w.author.value = "xuezhi  wang"   # what typing in the box does
    >>> w.papers["arxiv_id"].tolist(), w.collaborators.frame["Co-author"].tolist()[:2]
    (['2402.10200', '2402.08939', '2402.09371'], ['Denny Zhou', 'Xinyun Chen'])
    >>> w.author.value = "Xuez"
    >>> w.suggestions.options
    (('Xuezhi Wang (3 papers)', 'Xuezhi Wang'),)
    """
    return AuthorsExplorer(data, author=author, graph=graph, max_nodes=max_nodes)
