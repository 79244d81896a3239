"""Write the example notebooks of ``notebooks/`` from the cell sources below.

The notebooks are generated so they stay consistent and easy to review: edit this file, then
run ``python notebooks/_build.py`` (or ``python notebooks/_build.py --out DIR`` to write them
elsewhere). The notebooks are written with outputs stripped, as they are kept in git;
``tests/test_notebooks.py`` executes every one and checks that the files match this script.

Each notebook starts with a markdown cell saying what question it answers, loads the sample
digests bundled in ``data/`` (found relative to the notebook, so it runs from any working
directory) and lets the user point it at their own folder by changing one line
(``DIGESTS = ...``).
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LANGUAGE_INFO = {"name": "python"}

# The setup cell shared by every notebook: the one line a user changes is ``DIGESTS = None``.
SETUP = '''
from pathlib import Path

import pandas as pd

import papertoolkit as ptk

# ▶ Your own digests: put your folder here, e.g. DIGESTS = Path("~/daily_papers").expanduser()
DIGESTS = None  # None = the sample digests bundled with papertoolkit (data/)

if DIGESTS is None:  # look beside this notebook first, then beside the package
    candidates = [Path("../data"), Path("data"), Path(ptk.__file__).resolve().parents[1] / "data"]
    DIGESTS = next((p for p in candidates if p.is_dir()), candidates[0])
pd.set_option("display.max_colwidth", 80)
corpus = ptk.load(DIGESTS)
corpus
'''

VOTES_NOTE = (
    "> **About votes.** A digest's `Vote: N` is a *snapshot taken on the day the digest was "
    "written*, not the paper's final count. A paper listed on several days has several "
    "snapshots; per-paper tables use the largest one."
)


def md(text: str) -> tuple[str, str]:
    return "md", textwrap.dedent(text).strip("\n")


def code(text: str) -> tuple[str, str]:
    return "code", textwrap.dedent(text).strip("\n")


# --------------------------------------------------------------------------- 01 quickstart
QUICKSTART = [
    md("""
    # Quickstart: from digest files to tables

    **What this answers:** what is in a folder of Hugging Face *Daily Papers* digests (one
    Markdown file per day, Korean summaries), and how do I get it into pandas tables, check it
    for parsing problems, filter it and export it?

    It runs on the ten sample digests bundled in `data/`. To use your own folder, change the
    `DIGESTS = ...` line in the next cell and run all cells again.
    """),
    code(SETUP),
    md("""
    ## The tables

    `corpus.papers` has one row per *appearance*: a paper listed in a digest on a given day.
    The same arXiv paper can appear on several days.
    """),
    code("""
    corpus.papers[["date", "rank", "arxiv_id", "title", "votes", "n_authors", "media_kind"]].head()
    """),
    md(VOTES_NOTE + "\n\n`corpus.papers_unique` has one row per arXiv id, with the days it "
       "was listed and its largest vote snapshot."),
    code("""
    unique = corpus.papers_unique
    unique.sort_values("max_votes", ascending=False)[
        ["arxiv_id", "title", "first_seen", "last_seen", "appearances", "max_votes"]].head(10)
    """),
    md("""
    Authors come as one row per paper appearance and author in `corpus.authorships` (a paper
    shown on two days lists its authors twice), and one row per author in `corpus.authors`. Names are normalised (spacing, Unicode, case of duplicates);
    `corpus.author_aliases` shows which raw spellings were merged. The author order in these
    digests does not always match the paper's own order, so positions are not a reliable
    "first author".
    """),
    code("""
    corpus.authors.sort_values(["papers", "total_votes"], ascending=False).head(10)
    """),
    code("""
    aliases = corpus.author_aliases
    aliases.head(10)
    """),
    md("""
    Each summary bullet and each link found in a summary are tables too:
    """),
    code("""
    corpus.bullets.head()
    """),
    md("""
    ## Problems

    Nothing is silently dropped: anything the parser could not read (a heading without an
    arXiv link, an unreadable vote, an odd encoding, ...) is listed with its file and line.
    """),
    code("""
    corpus.problems
    """),
    md("""
    ## Filtering

    `corpus.filter(...)` returns a new corpus with every table restricted to the matching
    papers: a date range, a minimum number of votes, an author, or a text found in the title
    or summary.
    """),
    code("""
    popular = corpus.filter(min_votes=10)
    print(popular)
    popular.papers[["date", "votes", "title"]].sort_values("votes", ascending=False).head()
    """),
    code("""
    first_day = corpus.papers["date"].min()
    first_week = corpus.filter(start=first_day, end=first_day + pd.Timedelta(days=6))
    about_video = corpus.filter(text="video")          # title or summary, any case
    by_author = corpus.filter(author="xuezhi wang")     # forgives case, accents, spacing
    pd.Series({"first week": len(first_week.papers), "mention video": len(about_video.papers),
               "by Xuezhi Wang": len(by_author.papers)}, name="paper rows").to_frame()
    """),
    md("""
    ## Export

    Every table can be written as CSV (`excel=True` for a UTF-8 file Excel opens correctly)
    or Parquet, and read back with the same dtypes. Here they go to a temporary folder; use
    a folder of your own instead. The command line does the same:
    `papertoolkit export data/ --out out/`.
    """),
    code("""
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="papertoolkit-"))
    written = corpus.to_csv(out)
    print(f"{len(written)} files in {out}:", ", ".join(p.name for p in written))

    tables = ptk.read_csv(out)  # a dict of DataFrames, dtypes restored
    print("same dtypes as corpus.papers:", tables["papers"].dtypes.equals(corpus.papers.dtypes))
    tables["papers"][["date", "arxiv_id", "title", "votes"]].head(3)
    """),
    md("""
    ## Explore interactively

    Filter by date range, minimum votes, topic or text; the table and the plots update on each
    change. (Widgets need a live kernel: run the cell.)
    """),
    code("""
    from papertoolkit.widgets import explore_votes

    explore_votes(corpus)
    """),
]

# --------------------------------------------------------------------------- 02 votes
VOTES = [
    md("""
    # Votes: which papers draw attention?

    **What this answers:** which papers got the most votes, how votes are distributed, how
    they move from day to day, and whether the number of authors, the media shown (image or
    video) or the topic goes with more votes.

    """ + VOTES_NOTE + """

    It runs on the sample digests in `data/`; change the `DIGESTS = ...` line to use your own.
    """),
    code(SETUP),
    code("""
    from papertoolkit import votes
    """),
    md("""
    ## Top papers

    One row per paper, with its largest vote snapshot and the days it was listed.
    """),
    code("""
    votes.top_papers(corpus, n=10)
    """),
    md("""
    `rank_within_day` ranks every appearance by votes within its digest (1 = most voted that
    day), which compares papers across days with very different vote levels. The most voted
    paper of each day:
    """),
    code("""
    ranked = votes.rank_within_day(corpus)
    ranked[ranked["day_rank"] == 1][["date", "title", "votes", "day_papers_with_votes"]]
    """),
    md("""
    ## Distribution and time

    Most papers get a few votes and a few get many, so a log scale helps.
    """),
    code("""
    votes.vote_distribution(corpus)
    """),
    code("""
    ax = votes.plot_vote_distribution(corpus, log=True)
    """),
    code("""
    votes.votes_over_time(corpus, freq="D")
    """),
    code("""
    ax = votes.plot_votes_over_time(corpus, freq="D", stat="median")
    """),
    md("""
    ## Authors, team size and media

    Totals per author count each paper once (its largest snapshot). Papers without a vote
    count are left out of sums and medians and counted in `papers_without_votes`.
    """),
    code("""
    votes.votes_by_author(corpus, min_papers=2).head(10)
    """),
    code("""
    votes.votes_by_n_authors(corpus)
    """),
    code("""
    ax = votes.plot_votes_vs_authors(corpus, log=True)
    """),
    code("""
    votes.votes_by_media(corpus)
    """),
    md("""
    ## Votes by topic

    Topics come from a built-in taxonomy of English and Korean terms (see
    `03_topics.ipynb`); a paper can have several topics.
    """),
    code("""
    from papertoolkit import topics

    tags = topics.tag_topics(corpus)
    votes.votes_by_topic(corpus, tags)
    """),
    md("""
    ## Explore interactively
    """),
    code("""
    from papertoolkit.widgets import explore_votes

    explore_votes(corpus, tags=tags)
    """),
]

# --------------------------------------------------------------------------- 03 topics
TOPICS = [
    md("""
    # Topics: what are the papers about, and what is rising?

    **What this answers:** which research topics the papers cover, how the share of each
    topic changes from week to week, which topics draw the most votes, and which terms stand
    out in each period, using a built-in taxonomy (English and Korean terms) and, without any
    taxonomy, NMF topics found in the text.

    It runs on the sample digests in `data/`; change the `DIGESTS = ...` line to use your own.
    With only two weeks of sample data the trends are short; they become meaningful over
    months of digests.
    """),
    code(SETUP),
    code("""
    from papertoolkit import topics
    """),
    md("""
    ## Tagging with the taxonomy

    A topic whose terms occur in a paper's title or summary is a candidate; its `score` (0 to 1)
    weighs where and how often they occur (title, first bullet, later bullets, the paper's other
    topics), so a topic only mentioned in passing scores low. `tag_topics` keeps tags scoring at
    least `min_score` (0.25 by default). `topic_labels` gives readable names (`lang="ko"` for
    Korean ones). You can pass your own taxonomy as a dict or a JSON file to
    `tag_topics(corpus, taxonomy=...)`.
    """),
    code("""
    labels = topics.topic_labels()
    tags = topics.tag_topics(corpus)
    tags.head(10)
    """),
    md("""
    A higher `min_score` gives fewer, surer tags; `explain_tags` shows what each feature adds to
    a tag's score (the `logit_` columns add up to the score's logit).
    """),
    code("""
    sure = topics.tag_topics(corpus, min_score=0.6)
    print(f"{len(tags)} tags at the default min_score, {len(sure)} at 0.6")
    why = topics.explain_tags(corpus)
    why.sort_values("score")[["arxiv_id", "topic", "matched_terms", "score"]].head()
    """),
    code("""
    counts = (tags.groupby("topic", observed=True).size().rename("papers").sort_values(ascending=False)
              .rename(index=labels).to_frame())
    counts
    """),
    code("""
    topics.with_topics(corpus.papers_unique, tags)[["arxiv_id", "title", "topics"]].head()
    """),
    md("""
    ## Trends

    The share of each week's papers tagged with each topic, and the topics whose share moved
    most recently.
    """),
    code("""
    share = topics.topic_share(corpus, tags, freq="W")
    share.head()
    """),
    code("""
    ax = topics.plot_topic_share(share, kind="heatmap", labels=labels)
    """),
    code("""
    topics.rising_topics(corpus, tags, last=2, freq="W")
    """),
    md("""
    ## Votes per topic

    """ + VOTES_NOTE),
    code("""
    from papertoolkit import votes

    votes.votes_by_topic(corpus, tags)
    """),
    md("""
    ## Topics without a taxonomy

    `discover_topics` factorises a TF-IDF matrix of titles and summaries (NMF). Korean text is
    split into nouns with a morphological analyser, English terms are kept as they are. On
    the small sample the topics are rough; ask for more topics on a larger corpus.
    """),
    code("""
    terms, weights = topics.discover_topics(corpus, n_topics=4, min_df=2)
    terms.pivot(index="rank", columns="topic", values="term")
    """),
    code("""
    main_topic = weights.idxmax(axis=1).rename("main_topic")
    corpus.papers_unique.set_index("arxiv_id")[["title"]].join(main_topic).head(10)
    """),
    code("""
    ax = topics.plot_top_terms(terms, topic=0)
    """),
    md("""
    ## Distinctive terms of each week
    """),
    code("""
    kw = topics.keywords(corpus, freq="week", n=8)
    kw.pivot(index="rank", columns="period", values="term")
    """),
    md("""
    ## Explore interactively
    """),
    code("""
    from papertoolkit.widgets import explore_topics

    explore_topics(corpus, tags=tags)
    """),
]

# --------------------------------------------------------------------------- 04 network
NETWORK = [
    md("""
    # Co-author network: who writes with whom?

    **What this answers:** how the authors of the listed papers are connected, who is central,
    which groups (communities) work together, and who a given author collaborates with.

    One node per author, one edge per pair of authors who share a paper; the edge weight
    counts shared papers. Author names are normalised, and very large author lists make
    dense cliques, so the drawing keeps the best-connected authors.

    It runs on the sample digests in `data/`; change the `DIGESTS = ...` line to use your own.
    """),
    code(SETUP),
    code("""
    from papertoolkit import network
    """),
    md("""
    ## The graph

    `coauthor_graph` returns a plain `networkx.Graph`, so any networkx function works on it.
    """),
    code("""
    G = network.coauthor_graph(corpus)
    network.collaboration_summary(G)
    """),
    md("""
    ## Central authors and communities
    """),
    code("""
    metrics = network.author_metrics(G)
    metrics.head(10)
    """),
    code("""
    network.communities(G, metrics=metrics).head(10)
    """),
    code("""
    ax = network.plot_network(G, label_top=10)
    """),
    md("""
    ## One author's collaborators

    `find_author` forgives case, accents and spacing; the author chosen here is the one with
    the most co-authors. Put any name instead.
    """),
    code("""
    by_coauthors = corpus.authors.sort_values(["coauthors", "author"], ascending=[False, True])
    author = by_coauthors["author"].iloc[0]
    print(author)
    network.top_collaborators(G, author, n=10)
    """),
    code("""
    ax = network.plot_ego(G, author, radius=1)
    """),
    md("""
    ## Export

    GraphML opens in Gephi, Cytoscape and networkx; a CSV edge list opens anywhere. Here the
    files go to a temporary folder.
    """),
    code("""
    import tempfile

    out = Path(tempfile.mkdtemp(prefix="papertoolkit-"))
    written = network.write_graph(G, out / "coauthors.graphml")
    written += network.write_graph(G, out / "coauthor_edges.csv")
    [p.name for p in written]
    """),
    md("""
    ## Explore interactively

    Filter the network by minimum papers and joint papers, pick a community; or pick an
    author to see their papers (votes are snapshots taken on each digest's day), top
    co-authors and ego network.
    """),
    code("""
    from papertoolkit.widgets import explore_authors, explore_network

    explore_network(corpus)
    """),
    code("""
    explore_authors(corpus)
    """),
]

# --------------------------------------------------------------------------- 05 hub
HUB = [
    md("""
    # The Hub's own data: snapshot against settled votes

    **What this answers:** what do the Hub's `/api/daily_papers` data add to the digests, and
    how much did papers gain after the day a digest took its vote *snapshot*? A digest's
    `Vote: N` was taken on its day; the Hub's count (`upvotes`) kept moving for a week or two.

    `papertoolkit` reads saved API JSON (a JSON array, JSON Lines, or `hf papers ls --format
    json` output) beside the digests: a paper-day in both becomes one row. It runs offline on
    the sample in `data/`, whose `hub/` folder holds JSON for three of the days (its later
    counts are made up for the sample: see `data/README.md`). With your own folder, fetch
    the Hub's data first, e.g. `papertoolkit fetch --start 2025-05-01 --end 2025-05-31 --out
    hub/`, then set `DIGESTS = ...` in the next cell to a folder holding digests and `hub/`.
    """),
    code(SETUP),
    md("""
    ## Where each row comes from

    `source_kind` says whether a row comes from a digest, the Hub's data, or both; `hub_file`
    and `hub_entry` point at the JSON entry, `source_file` and `line` at the digest.
    """),
    code("""
    papers = corpus.papers
    papers["source_kind"].value_counts()
    """),
    code("""
    both = papers[papers["source_kind"] == "digest+hub"]
    both[["date", "arxiv_id", "title", "votes", "upvotes", "fetched_at", "num_comments",
          "github_repo", "hub_file", "hub_entry"]].head(10)
    """),
    md("""
    The Hub gives more per paper: `ai_summary` (one English sentence), a GitHub repository and
    its stars, the organisation, who submitted it, and keywords in their own table.
    """),
    code("""
    both.loc[both["ai_summary"].notna(), ["arxiv_id", "ai_summary"]].head(5)
    """),
    code("""
    corpus.keywords.head(10)
    """),
    md("""
    ## Snapshot against settled votes

    `vote_growth` compares, per paper, the digest-day snapshot (`votes`) with the Hub's
    count when the data was fetched (`upvotes`): `growth` is the difference, `ratio` the
    quotient. Points above the grey line gained votes after the digest was written.
    """),
    code("""
    from papertoolkit import growth, votes

    per_paper = growth.vote_growth(corpus)
    per_paper[["date", "arxiv_id", "votes", "upvotes", "growth", "ratio"]].head(10)
    """),
    code("""
    growth.plot_vote_growth(corpus);
    """),
    md("""
    By weekday of the day featured and by media kind (median of `upvotes / votes`):
    """),
    code("""
    growth.vote_growth(corpus, by="weekday")
    """),
    code("""
    growth.plot_vote_growth(corpus, by="media_kind");
    """),
    md("""
    Every vote analysis takes `votes=`: `"votes"` (the default, the digest-day snapshot) or
    `"upvotes"` (the Hub's count). The top papers by each:
    """),
    code("""
    pd.concat({"snapshot": votes.top_papers(corpus, n=5)[["arxiv_id", "votes"]],
               "settled": votes.top_papers(corpus, n=5, votes="upvotes")[["arxiv_id", "votes"]]},
              axis=1)
    """),
    md("""
    ## Authors with Hub accounts

    When an author claimed a paper on the Hub, the entry names their account (`hf_user`).
    It is the strongest identity: spellings used by one account merge, and one spelling used
    by two accounts splits into two people. `author_aliases.rule` says which rule merged what.
    The sample has no claims, so here is a small example with invented names:
    """),
    code("""
    import json

    def entry(arxiv_id, *authors):
        return {"paper": {"id": arxiv_id, "title": f"Paper {arxiv_id}",
                          "authors": [{"name": n, "user": {"user": u}} if u else {"name": n}
                                      for n, u in authors]},
                "publishedAt": "2025-05-12T13:00:00Z"}

    demo = ptk.loads(json.dumps([
        entry("2505.00001", ("Jonathan Doe", "jdoe"), ("Li Wei", "liwei1")),
        entry("2505.00002", ("Jon Doe", "jdoe"), ("Li Wei", "liwei2")),
        entry("2505.00003", ("Jon Doe", None), ("Li Wei", None)),
    ]))
    demo.authors[["author", "hf_user", "papers"]]
    """),
    code("""
    demo.author_aliases
    """),
    md("""
    ## Explore

    The votes explorer filters the merged table by date, votes, topic and text; its table
    shows the digest-day snapshot beside each paper.
    """),
    code("""
    from papertoolkit.widgets import explore_votes

    explore_votes(corpus)
    """),
]

NOTEBOOKS = {
    "01_quickstart.ipynb": QUICKSTART,
    "02_votes.ipynb": VOTES,
    "03_topics.ipynb": TOPICS,
    "04_coauthor_network.ipynb": NETWORK,
    "05_hub.ipynb": HUB,
}


def make_notebook(cells: list[tuple[str, str]], prefix: str) -> nbformat.NotebookNode:
    """A v4 notebook with outputs stripped and stable cell ids (``<prefix>-NN``)."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for i, (kind, source) in enumerate(cells):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"{prefix}-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def build(out_dir: Path = HERE) -> list[Path]:
    """Write every notebook into *out_dir*; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, cells in NOTEBOOKS.items():
        path = out_dir / name
        nbformat.write(make_notebook(cells, name.split("_")[0]), path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
