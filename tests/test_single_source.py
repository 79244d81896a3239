"""Per-paper and per-author facts have one source: ``papers_unique`` and ``authors``.

votes, topics and the co-author graph read each paper's largest vote count (and its title,
first day, author count, media kind) from ``corpus.papers_unique``; these tests recompute the
facts independently with plain pandas, on the bundled sample and on the real corpus (skipped
when absent), and check that every analysis gives those numbers.
"""

from __future__ import annotations

import pandas as pd
import pytest

import papertoolkit as ptk
import papertoolkit._data as data_module
from papertoolkit import votes
from papertoolkit._data import get_papers_unique, unique_papers_of
from papertoolkit.network import coauthor_graph
from papertoolkit.topics import tag_topics
from papertoolkit.topics._common import _paper_table


@pytest.fixture(scope="module", params=["sample", "real"])
def corpus(request, data_dir):
    if request.param == "real":
        return request.getfixturevalue("real_corpus")
    return ptk.load(data_dir)


def max_votes(papers: pd.DataFrame) -> dict[str, int]:
    """Independent oracle: each arXiv id's largest vote count (ids without any vote left out)."""
    best = papers.dropna(subset=["votes"]).groupby(papers["arxiv_id"].astype(str))["votes"].max()
    return {k: int(v) for k, v in best.items()}


def by_id(df: pd.DataFrame, column: str) -> dict[str, object]:
    rows = df.dropna(subset=[column])
    return dict(zip(rows["arxiv_id"].astype(str), rows[column].tolist(), strict=True))


def test_papers_unique_matches_an_independent_groupby(corpus):
    expected = max_votes(corpus.papers)
    assert by_id(corpus.papers_unique, "max_votes") == expected
    first_day = corpus.papers.groupby(corpus.papers["arxiv_id"].astype(str))["date"].min()
    assert by_id(corpus.papers_unique, "first_seen") == first_day.to_dict()


def test_a_papers_frame_gives_the_corpus_own_table(corpus):
    from_frame = get_papers_unique(corpus.papers)
    pd.testing.assert_frame_equal(from_frame, corpus.papers_unique)
    assert get_papers_unique(corpus) is corpus.papers_unique  # cached, not recomputed
    assert get_papers_unique(corpus.papers_unique) is corpus.papers_unique


def test_votes_per_paper_functions_use_the_largest_count(corpus):
    expected = max_votes(corpus.papers)
    n_ids = corpus.papers["arxiv_id"].nunique()
    top = votes.top_papers(corpus, n=None)
    assert by_id(top, "votes") == expected
    table = votes.votes_vs_authors(corpus)
    assert len(table) == n_ids and by_id(table, "votes") == expected
    n_authors = corpus.papers.groupby(corpus.papers["arxiv_id"].astype(str))["n_authors"].max()
    assert by_id(table, "n_authors") == n_authors.dropna().astype(int).to_dict()
    dist = votes.vote_distribution(corpus, bins=[0, 10, 100, 10_000])
    values = pd.Series(list(expected.values()))
    assert dist["papers"].tolist() == [int((values < 10).sum()),
                                       int(((values >= 10) & (values < 100)).sum()),
                                       int((values >= 100).sum())]
    assert dist.attrs["without_votes"] == n_ids - len(expected)
    # titles and URLs are the papers_unique ones, so every table names a paper alike
    unique = corpus.papers_unique
    assert by_id(top, "title") == {k: v for k, v in by_id(unique, "title").items()
                                   if k in expected}
    assert by_id(top, "url") == {k: v for k, v in by_id(unique, "url").items() if k in expected}


def test_top_papers_period_uses_the_period_only(corpus):
    days = sorted(corpus.papers["date"].unique())
    start, end = days[len(days) // 3], days[2 * len(days) // 3]
    inside = corpus.papers[(corpus.papers["date"] >= start) & (corpus.papers["date"] <= end)]
    top = votes.top_papers(corpus, n=None, start=start, end=end)
    assert by_id(top, "votes") == max_votes(inside)
    days_of = inside.groupby(inside["arxiv_id"].astype(str))["date"].nunique()
    assert by_id(top, "appearances") == {k: days_of[k] for k in top["arxiv_id"]}


def test_media_topic_and_author_summaries(corpus):
    expected = max_votes(corpus.papers)
    first = corpus.papers.sort_values(["date", "rank"], kind="stable").drop_duplicates("arxiv_id")
    media = dict(zip(first["arxiv_id"].astype(str), first["media_kind"].astype(str),
                     strict=True))
    table = votes.votes_by_media(corpus)
    for kind, papers, total in zip(table["media_kind"].astype(str), table["papers"],
                                   table["total_votes"], strict=True):
        ids = [i for i, k in media.items() if k == kind]
        assert papers == len(ids)
        voted = [expected[i] for i in ids if i in expected]
        assert (pd.isna(total) and not voted) or total == sum(voted)
    tags = tag_topics(corpus)
    by_topic = votes.votes_by_topic(corpus, tags)
    pairs = tags[["arxiv_id", "topic"]].astype(str).drop_duplicates()
    for topic, total in zip(by_topic["topic"], by_topic["total_votes"], strict=True):
        voted = [expected[i] for i in pairs[pairs["topic"] == topic]["arxiv_id"]
                 if i in expected]
        assert (pd.isna(total) and not voted) or total == sum(voted)
    # per-author facts agree with corpus.authors
    authors = corpus.authors.set_index("author")
    by_author = votes.votes_by_author(corpus).set_index("author")
    assert by_author["papers"].to_dict() == authors["papers"].loc[by_author.index].to_dict()
    assert (by_author["total_votes"].fillna(-1).to_dict()
            == authors["total_votes"].loc[by_author.index].fillna(-1).to_dict())


def test_topics_read_papers_unique(corpus):
    table = _paper_table(corpus)
    assert table["arxiv_id"].tolist() == corpus.papers_unique["arxiv_id"].tolist()
    assert by_id(table, "votes") == max_votes(corpus.papers)
    pd.testing.assert_frame_equal(_paper_table(corpus.papers), table)


def test_graph_nodes_are_the_authors_table(corpus):
    G = coauthor_graph(corpus)
    authors = corpus.authors.set_index("author")
    for column in ("papers", "total_votes"):
        got = {n: d.get(column) for n, d in G.nodes(data=True)}
        want = authors[column].astype(object).where(authors[column].notna(), None).to_dict()
        assert got == want, column
    # the same graph from the bare tables (papers_unique computed from the frame)
    G2 = coauthor_graph(corpus.authorships, papers=corpus.papers)
    assert dict(G2.nodes(data="total_votes")) == dict(G.nodes(data="total_votes"))


def test_graph_period_votes_are_the_period_maximum(corpus):
    days = sorted(corpus.papers["date"].unique())
    start, end = days[0], days[len(days) // 2]
    inside = corpus.papers[(corpus.papers["date"] >= start) & (corpus.papers["date"] <= end)]
    best = max_votes(inside)
    ships = corpus.authorships
    ships = ships[(ships["date"] >= start) & (ships["date"] <= end)]
    pairs = ships[["author", "arxiv_id"]].astype(str).drop_duplicates()
    G = coauthor_graph(corpus, start=start, end=end)
    for author, ids in pairs.groupby("author")["arxiv_id"]:
        voted = [best[i] for i in ids if i in best]
        assert G.nodes[author].get("total_votes") == (sum(voted) if voted else None)


def test_a_corpus_never_recomputes_per_paper_facts(corpus, monkeypatch):
    corpus.papers_unique  # noqa: B018 - computed once, as any first access would

    def fail(papers):
        raise AssertionError("per-paper facts recomputed")

    monkeypatch.setattr(data_module, "unique_papers_of", fail)
    monkeypatch.setattr(votes._common, "unique_papers_of", fail)  # where votes looks it up
    votes.votes_vs_authors(corpus)
    votes.vote_distribution(corpus)
    votes.votes_by_media(corpus)
    votes.top_papers(corpus)
    _paper_table(corpus)
    with pytest.raises(AssertionError, match="recomputed"):
        votes.top_papers(corpus.papers)


def test_unique_papers_of_a_partial_frame():
    papers = pd.DataFrame({"arxiv_id": ["b", "a", "b"], "votes": [3, None, 7],
                           "date": ["2024-01-02 00:00", "2024-01-01 00:00",
                                    "2024-01-03 09:00"]})
    out = unique_papers_of(papers)
    assert out["arxiv_id"].tolist() == ["a", "b"]  # first appearance first
    assert out["max_votes"].tolist()[1] == 7 and pd.isna(out["max_votes"].iloc[0])
    assert out["appearances"].tolist() == [1, 2]
    assert out["last_seen"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2024-01-01 00:00",
                                                                       "2024-01-03 00:00"]
