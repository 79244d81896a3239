"""A shareable report: one self-contained HTML page for people without Jupyter.

:func:`write_report` (``papertoolkit report DIR --out report.html``) writes one HTML file that
opens offline in any browser: every script, style and figure is inside the file (DataTables
from itables' bundled copy, figures as PNG ``data:`` URLs), so the page makes no request.
It holds the corpus in numbers, the vote and topic figures, the co-author network as an
interactive map (ipysigma's own view, its bundle inlined from the installed package; see
:mod:`papertoolkit.network.standalone`: hover for papers and votes, click for the list), and
sortable, searchable, downloadable tables of papers (with links to arXiv and the Hugging Face
page), topics, authors and communities. The file is written atomically (a temporary file in
the same folder, then a rename): a crash leaves the old report or the new one.

Examples
--------
>>> import tempfile, papertoolkit as ptk
>>> corpus = ptk.loads("## Daily Papers (2024-02-16)\\n\\n"
...                    "### [Tiny LLM](https://arxiv.org/abs/2402.00001)\\n\\nVote: 7\\n\\n"
...                    "Authors: Ann Lee, Bo Chen\\n")
>>> path = write_report(corpus, tempfile.mkdtemp() + "/report.html")
>>> "Tiny LLM" in path.read_text(encoding="utf-8")
True
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ._atomic import write_file_atomic
from .datatable import (
    FONT_STACK,
    MUTED,
    TABLE_CSS,
    arxiv_url,
    datatables_assets,
    esc,
    fmt_int,
    fmt_pct,
    fmt_sig,
    hf_url,
    link,
    table_html,
)

__all__ = ["report_html", "write_report"]

VOTES_NOTE = "Votes are snapshots taken on the day each digest was written, not final counts."
#: Authors drawn in the report's network map (those with the most papers).
NETWORK_NODES = 200

_CSS = f"""
body {{ font-family: {FONT_STACK}; margin: 0 auto; max-width: 1200px; padding: 16px 24px;
       color: #1d1d1d; line-height: 1.45; }}
h1 {{ font-size: 1.7em; margin-bottom: 0.2em; }}
h2 {{ font-size: 1.3em; margin-top: 1.8em; border-bottom: 1px solid #ccc; }}
.muted {{ {MUTED}; }}
.figure img {{ max-width: 100%; height: auto; }}
.counts td {{ padding: 2px 12px 2px 0; }}
nav a {{ margin-right: 1em; }}
{TABLE_CSS}
"""


def _figure(draw: Callable[[Any], Any], size: tuple[float, float], alt: str) -> str:
    """Draw with *draw(ax)* on a bare Figure and embed it as a PNG ``data:`` URL."""
    from matplotlib.figure import Figure

    from .plots import prepare_axes, use_cjk_font

    use_cjk_font()
    fig = Figure(figsize=size, layout="constrained")
    ax = prepare_axes(fig.subplots())
    try:
        draw(ax)
    except ValueError as exc:  # e.g. nothing to plot: say so instead of a figure
        return f'<p class="muted">{esc(alt)}: {esc(exc)}</p>'
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<div class="figure"><img alt="{esc(alt)}" src="data:image/png;base64,{data}"></div>'


def _papers_table(corpus: Any, tags: pd.DataFrame, labels: dict[str, str]) -> str:
    unique = corpus.papers_unique
    if unique.empty:
        return '<p class="muted">No papers.</p>'
    from .details import _authors_by_paper

    authors = _authors_by_paper(corpus.authorships)
    topic_of = (tags.assign(label=tags["topic"].astype(str).map(lambda t: labels.get(t, t)))
                .groupby(tags["arxiv_id"].astype(str))["label"].agg("; ".join))
    ids = unique["arxiv_id"].astype(str)
    frame = pd.DataFrame({
        "Title": [link(arxiv_url(i), t) for i, t in zip(ids, unique["title"], strict=True)],
        "HF": [link(hf_url(i), "page") for i in ids],
        "Votes": unique["max_votes"].astype("Int64"),
        "First seen": unique["first_seen"],
        "Days listed": unique["appearances"].astype("Int64"),
        "Authors": ["; ".join(authors.get(i, [])) for i in ids],
        "Topics": [topic_of.get(i, "") for i in ids],
        "arXiv id": ids,
    })
    frame = frame.sort_values(["Votes", "First seen"], ascending=[False, True],
                              na_position="last", kind="stable")
    return table_html(frame, html_columns=("Title", "HF"), filename="papers", page_length=25)


def _topics_table(corpus: Any, tags: pd.DataFrame, labels: dict[str, str]) -> str:
    from .votes import votes_by_topic

    table = votes_by_topic(corpus, tags)
    n = len(corpus.papers_unique) or 1
    frame = pd.DataFrame({
        "Topic": [labels.get(str(t), str(t)) for t in table["topic"]],
        "Papers": table["papers"].astype("Int64"),
        "Share of papers": [fmt_pct(p / n) for p in table["papers"]],
        "Median votes": [fmt_sig(v) for v in table["median_votes"]],
        "Total votes": table["total_votes"].astype("Int64"),
        "Lift": [fmt_sig(v) for v in table["lift"]],
    })
    return table_html(frame, filename="topics", page_length=25)


def _authors_table(corpus: Any) -> str:
    authors = corpus.authors.sort_values(["papers", "total_votes", "author"],
                                         ascending=[False, False, True], na_position="last")
    frame = pd.DataFrame({
        "Author": authors["author"].astype(str),
        "Papers": authors["papers"].astype("Int64"),
        "Total votes": authors["total_votes"].astype("Int64"),
        "Co-authors": authors["coauthors"].astype("Int64"),
        "First seen": authors["first_seen"],
        "Last seen": authors["last_seen"],
    })
    return table_html(frame, filename="authors", page_length=25)


def network_summary_frame(G: Any) -> pd.DataFrame:
    """:func:`~papertoolkit.network.collaboration_summary` as a two-column table with
    readable names and formatted numbers (its ``table()``)."""
    from .network import collaboration_summary

    return collaboration_summary(G).table()


def communities_frame(table: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """A communities table (:func:`~papertoolkit.network.communities`) with the top authors
    as names and the top papers as linked titles (column ``Top papers`` holds HTML)."""
    return pd.DataFrame({
        "Community": [f"#{int(c)}" for c in table["community"]],
        "Authors": table["size"].astype("Int64"),
        "Links": table["n_edges"].astype("Int64"),
        "Papers": table["papers"].astype("Int64"),
        "Top authors": ["; ".join(str(a) for a in names) for names in table["top_authors"]],
        "Top papers": ["<br>".join(link(arxiv_url(i), titles.get(str(i), str(i)))
                                   for i in ids) for ids in table["top_papers"]],
    })


#: Papers listed per author when a node of the report's map is clicked (most voted first).
PAPERS_PER_AUTHOR = 12


def papers_of_authors(corpus: Any, authors: list[str],
                      limit: int = PAPERS_PER_AUTHOR) -> dict[str, dict[str, Any]]:
    """Each author's most voted papers for the report's map: ``{author: {"papers":
    [[arxiv_id, title, votes, first_seen], ...], "more": n}}`` (votes ``None`` when the
    digests gave none; ties by first day, then id)."""
    ships = corpus.authorships
    wanted = ships["author"].isin(set(authors))  # categorical: compares categories once
    pairs = ships.loc[wanted, ["author", "arxiv_id"]].astype(str).drop_duplicates()
    unique = corpus.papers_unique.assign(arxiv_id=lambda d: d["arxiv_id"].astype(str))
    rows = pairs.merge(unique[["arxiv_id", "title", "max_votes", "first_seen"]],
                       on="arxiv_id", how="left")
    rows = rows.sort_values(["author", "max_votes", "first_seen", "arxiv_id"],
                            ascending=[True, False, True, True], na_position="last",
                            kind="stable")
    out: dict[str, dict[str, Any]] = {}
    for author, group in rows.groupby("author", sort=False):
        top = group.head(limit)
        out[str(author)] = {
            "papers": [[i, str(t), None if pd.isna(v) else int(v),
                        "" if pd.isna(d) else d.date().isoformat()]
                       for i, t, v, d in zip(top["arxiv_id"], top["title"], top["max_votes"],
                                             top["first_seen"], strict=True)],
            "more": max(len(group) - limit, 0),
        }
    return out


def _network_map(corpus: Any, G: Any) -> str:
    """The interactive map (ipysigma's own view, inlined; see
    :mod:`papertoolkit.network.standalone`), or the static figure without ipysigma."""
    from .network import interactive_network, plot_network
    from .network.standalone import sigma_assets, sigma_mount

    drawn = fmt_int(min(NETWORK_NODES, G.number_of_nodes()))
    try:
        assets = sigma_assets()
    except ImportError as exc:
        figure = _figure(
            lambda ax: plot_network(G, ax=ax, max_nodes=NETWORK_NODES, label_top=25),
            (11, 9), "Co-author network")
        return (f'<p class="muted">The {drawn} best-connected authors, coloured by community '
                f"(Louvain). A picture: {esc(exc)}.</p>{figure}")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ipysigma's own deprecation notices
        widget = interactive_network(G, top=NETWORK_NODES, height=640)
    papers = papers_of_authors(corpus, [str(x) for x in widget.graph.nodes])
    return (
        f'<p class="muted">The {drawn} authors with the most papers and the links among '
        "them, coloured by community (Louvain). Drag to pan, scroll or use the buttons to "
        "zoom, hover an author for papers and votes, click one to list their papers under "
        "the map; the box on the right finds an author.</p>"
        + assets + sigma_mount(widget, "network-map", papers)
    )


def _network_section(corpus: Any) -> str:
    from .network import coauthor_graph, communities

    G = coauthor_graph(corpus)
    if G.number_of_nodes() == 0:
        return '<p class="muted">No authors in these digests.</p>'
    summary = network_summary_frame(G)
    summary_html = "".join(f"<tr><td>{esc(m)}</td><td>{esc(v)}</td></tr>"
                           for m, v in summary.itertuples(index=False))
    titles = dict(zip(corpus.papers_unique["arxiv_id"].astype(str),
                      corpus.papers_unique["title"].astype(str), strict=True))
    table = communities(G)
    table = table[table["size"] >= 2]
    return (
        f'<table class="counts">{summary_html}</table>'
        + _network_map(corpus, G)
        + "<h3>Communities</h3>"
        + table_html(communities_frame(table, titles), html_columns=("Top papers",),
                     filename="communities", page_length=10)
    )


def report_html(corpus: Any, *, title: str | None = None,
                tags: pd.DataFrame | None = None) -> str:
    """The report page for *corpus* as one HTML string (see :func:`write_report`).

    Parameters
    ----------
    corpus : Corpus
        The digests.
    title : str, optional
        The page title.
    tags : DataFrame, optional
        :func:`papertoolkit.topics.tag_topics` of *corpus* (computed when omitted).

    Returns
    -------
    str
        A complete HTML page: counts, then the papers, votes, topics, authors and co-author
        network sections, with DataTables and the figures inlined (works offline).

    Examples
    --------
    >>> import re
    >>> page = report_html(corpus, title="Two weeks of papers")
    >>> "<title>Two weeks of papers</title>" in page
    True
    >>> re.findall(r'<section id="(\\w+)"', page)
    ['papers', 'votes', 'topics', 'authors', 'network']
    """
    from .topics import plot_topic_share, tag_topics, topic_labels, topic_share
    from .votes import plot_vote_distribution, plot_votes_over_time

    tags = tag_topics(corpus) if tags is None else tags
    labels = {str(k): str(v) for k, v in topic_labels().items()}
    papers = corpus.papers
    unique = corpus.papers_unique
    days = papers["date"].dropna()
    span = (f"{days.min().date().isoformat()} to {days.max().date().isoformat()}"
            if len(days) else "no dates")
    title = title or "Hugging Face Daily Papers: report"
    counts = [
        ("Digest days", fmt_int(days.nunique())),
        ("Dates", span),
        ("Papers", fmt_int(len(unique))),
        ("Paper appearances", fmt_int(len(papers))),
        ("Authors", fmt_int(len(corpus.authors))),
        ("Problems found while reading", fmt_int(len(corpus.problems))),
    ]
    counts_html = "".join(f"<tr><td>{esc(k)}</td><td><b>{esc(v)}</b></td></tr>"
                          for k, v in counts)
    freq = "W" if days.nunique() > 14 else "D"
    figures = ""
    if len(unique):
        figures = (
            _figure(lambda ax: plot_vote_distribution(corpus, ax=ax, log=True), (9, 3.6),
                    "Distribution of votes")
            + _figure(lambda ax: plot_votes_over_time(corpus, ax=ax, freq=freq), (9, 3.6),
                      "Votes over time")
        )
    topic_figure = ""
    if len(tags):
        share = topic_share(corpus, tags, freq="M" if days.nunique() > 120 else "W")
        topic_figure = _figure(
            lambda ax: plot_topic_share(share, ax=ax, kind="heatmap", labels=labels),
            (11, 6), "Share of papers per topic")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        ("papers", "Papers", '<p class="muted">Click a header to sort, type in the box '
         "under it to filter that column; CSV and Excel download what is shown.</p>"
         + _papers_table(corpus, tags, labels)),
        ("votes", "Votes", f'<p class="muted">{esc(VOTES_NOTE)}</p>' + figures),
        ("topics", "Topics", topic_figure + _topics_table(corpus, tags, labels)),
        ("authors", "Authors", _authors_table(corpus)),
        ("network", "Co-author network", _network_section(corpus)),
    ]
    nav = "".join(f'<a href="#{key}">{esc(name)}</a>' for key, name, _ in sections)
    body = "".join(f'<section id="{key}"><h2>{esc(name)}</h2>{content}</section>'
                   for key, name, content in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_CSS}</style>\n{datatables_assets()}\n</head><body>"
        f"<h1>{esc(title)}</h1>"
        f'<p class="muted">Written by papertoolkit on {esc(stamp)}. {esc(VOTES_NOTE)}</p>'
        f'<table class="counts">{counts_html}</table><nav>{nav}</nav>{body}'
        "</body></html>\n"
    )


def write_report(corpus: Any, out: str | os.PathLike, *, title: str | None = None,
                 tags: pd.DataFrame | None = None) -> Path:
    """Write the report of *corpus* as one self-contained HTML file; return its path.

    Parameters
    ----------
    corpus : Corpus
        The digests (``ptk.load(...)``).
    out : path
        The HTML file to write; missing parent folders are created. An existing file is
        replaced atomically.
    title : str, optional
        The page title.
    tags : DataFrame, optional
        :func:`papertoolkit.topics.tag_topics` of *corpus* (computed when omitted).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> one_day = corpus.filter(start="2024-02-16", end="2024-02-16")
    >>> write_report(one_day, f"{tmp.name}/report.html").name
    'report.html'
    >>> tmp.cleanup()
    """
    path = Path(os.fspath(out)).expanduser()
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"out must be an .html file, got {str(out)!r}")
    page = report_html(corpus, title=title, tags=tags)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file_atomic(path, page)
    return path
