"""The authors explorer: one author's papers, top co-authors and ego network."""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
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


class AuthorData:
    """What every author view of one corpus reads, computed once per corpus (see
    :func:`author_data`): the whole co-author graph as arrays with its adjacency, the
    names ranked by papers (then by name) and each authorship's author and paper."""

    def __init__(self, corpus: Any):
        from papertoolkit.network.build import _base_arrays, _tables

        authorships, papers = _tables(corpus, None)  # the arrays coauthor_graph(corpus) uses
        self.arrays = _base_arrays(corpus, authorships, papers, "count", None, None, None)
        self.arrays.incidence()  # neighbours of every author, for the ego map
        order = np.argsort(-self.arrays.papers, kind="stable")  # names are sorted
        self.names: list[str] = self.arrays.names[order].tolist()
        self.papers_count = dict(zip(self.names, self.arrays.papers[order].tolist(),
                                     strict=True))
        ships = authorships.dropna(subset=["author", "arxiv_id"])
        self._authors = ships["author"].astype(str).to_numpy(dtype=object)
        self._ids = ships["arxiv_id"].astype(str).to_numpy(dtype=object)
        self._corpus = weakref.ref(corpus)
        self._graph: Any = None

    def prepare_graph(self) -> None:
        """Build ``coauthor_graph(corpus)`` for the next :meth:`take_graph`."""
        from papertoolkit.network import coauthor_graph

        with _DATA_LOCK:  # one graph, also when the background thread builds it now
            corpus = self._corpus()
            if self._graph is None and corpus is not None:
                self._graph = coauthor_graph(corpus)

    def take_graph(self) -> nx.Graph:
        """A ``coauthor_graph(corpus)`` of its own for the caller (the one
        :meth:`prepare_graph` built, the first time)."""
        self.prepare_graph()
        graph, self._graph = self._graph, None
        return graph

    def papers_of(self, name: str) -> list[str]:
        """arXiv ids of *name*'s papers (each once)."""
        return list(dict.fromkeys(self._ids[self._authors == name].tolist()))

    def row(self, name: str) -> tuple[Any, Any, Any]:
        """*name*'s first and last digest day (ISO, or None) and total votes (or None)."""
        a = self.arrays
        i = int(np.searchsorted(a.names, name))
        if i >= a.n_nodes or a.names[i] != name:
            return None, None, None
        return (a.first_seen[i] or None, a.last_seen[i] or None,
                int(a.total_votes[i]) if a.has_votes[i] else None)


_DATA_LOCK = threading.Lock()


def author_data(corpus: Any) -> AuthorData:
    """The :class:`AuthorData` of *corpus*, computed on first use and kept while the
    corpus lives; a call while :func:`prepare_author_view` computes it waits for it."""
    from papertoolkit.network._arrays import corpus_cache

    with _DATA_LOCK:
        cache = corpus_cache(corpus)
        hit = cache.get("author_view") if cache is not None else None
        if hit is None:
            hit = AuthorData(corpus)
            if cache is not None:
                cache["author_view"] = hit
    return hit


#: Whether an explorer with author buttons prepares the author view in a background
#: thread (:func:`prepare_author_view`): ``None`` in a Jupyter kernel only.
PREPARE_IN_BACKGROUND: bool | None = None
_PREPARED: weakref.WeakSet = weakref.WeakSet()


def prepare_author_view(corpus: Any) -> threading.Thread | None:
    """Start computing, in a background thread, what the first author view of *corpus*
    needs (the network and map libraries' imports, :func:`author_data`), so that the
    first click on an author button only draws. Once per corpus; only in a Jupyter kernel
    unless :data:`PREPARE_IN_BACKGROUND` is True. Returns the thread, or None."""
    wanted = PREPARE_IN_BACKGROUND
    if wanted is None:
        from ._background import _kernel_scheduler

        wanted = _kernel_scheduler() is not None
    if not wanted:
        return None
    try:
        if corpus in _PREPARED:
            return None
        _PREPARED.add(corpus)
    except TypeError:  # not weakly referenceable: nothing prepared
        return None

    def work() -> None:
        try:
            from .network import has_ipysigma

            if has_ipysigma():
                import papertoolkit.network.interactive  # noqa: F401
            author_data(corpus).prepare_graph()
        except Exception:  # noqa: S110 - the author view computes it again and reports it
            pass

    thread = threading.Thread(target=work, name="papertoolkit-author-view", daemon=True)
    thread.start()
    return thread


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
        self.max_nodes = int(max_nodes)
        self.n_collaborators = check_int("n_collaborators", n_collaborators, min=1)
        self._data = author_data(corpus)  # once per corpus (perhaps prepared already)
        self.graph = graph if graph is not None else self._data.take_graph()
        self._paper_index = paper_index if paper_index is not None else PaperIndex(corpus)
        self._unique = unique = self._paper_index.papers
        self._authors_of = self._paper_index.authors
        self._names = AuthorIndex(self._data.names)
        self._papers_count = self._data.papers_count
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
            "Votes": papers["max_votes"].astype("Int64").array,  # NA stays NA, ints stay ints
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
            "Papers together": collab["n_papers"].astype("Int64").array,
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
        first, last, total = self._data.row(node)
        ids = self._data.papers_of(node)
        papers = self._unique.loc[[i for i in ids if i in self._unique.index]]
        papers = papers.sort_values(["first_seen", "arxiv_id"], ascending=[False, True])
        self.papers = papers.reset_index(drop=True)
        n_coauthors = self.graph.degree(node)
        first, last = _fmt_date(first), _fmt_date(last)
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
