"""Tests for papertoolkit.votes: exact numbers on a small hand-built corpus.

The corpus (votes are snapshots on each digest day; C has none):

    date        rank  paper  votes  n_authors  media
    2024-02-15  1     A      10     3          image
    2024-02-15  2     B       5     1          none
    2024-02-15  3     C      <NA>   2          video
    2024-02-16  1     D      12     5          video
    2024-02-16  2     A      12     3          none   (A reappears, tie with D)
    2024-03-04  1     E       7     2          none
    2024-03-04  2     B       3     1          none   (B reappears, fewer votes)

Per distinct paper (largest snapshot): A 12, B 5, C <NA>, D 12, E 7.
2024-02-15 is a Thursday, 2024-02-16 a Friday (week of Monday 2024-02-12), 2024-03-04 a Monday.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from papertoolkit import votes
from papertoolkit.schema import coerce

A, B, C, D, E = "2402.00001", "2402.00002", "2402.00003", "2402.00004", "2403.00005"


@pytest.fixture
def papers() -> pd.DataFrame:
    rows = [
        ("2024-02-15", 1, A, 10, 3, "image"),
        ("2024-02-15", 2, B, 5, 1, "none"),
        ("2024-02-15", 3, C, None, 2, "video"),
        ("2024-02-16", 1, D, 12, 5, "video"),
        ("2024-02-16", 2, A, 12, 3, "none"),
        ("2024-03-04", 1, E, 7, 2, "none"),
        ("2024-03-04", 2, B, 3, 1, "none"),
    ]
    df = pd.DataFrame(rows, columns=["date", "rank", "arxiv_id", "votes", "n_authors",
                                     "media_kind"])
    df["title"] = "Title " + df["arxiv_id"]
    df["url"] = "https://arxiv.org/abs/" + df["arxiv_id"]
    return coerce(df, "papers")


@pytest.fixture
def authorships(papers) -> pd.DataFrame:
    names = {A: ["Alice", "Bob", "Carol"], B: ["Alice"], C: ["Bob", "Dan"],
             D: ["Carol", "Eve", "Frank", "Grace", "Heidi"], E: ["Alice", "Bob"]}
    rows = [
        {"arxiv_id": p, "date": d, "position": i, "author": n, "author_raw": n}
        for d, p in zip(papers["date"], papers["arxiv_id"], strict=True)
        for i, n in enumerate(names[p], start=1)
    ]
    return coerce(pd.DataFrame(rows), "authorships")


@pytest.fixture
def corpus(papers, authorships):
    return SimpleNamespace(papers=papers, authorships=authorships)


@pytest.fixture
def empty(papers, authorships):
    return SimpleNamespace(papers=papers.iloc[:0], authorships=authorships.iloc[:0])


@pytest.fixture
def no_votes(papers, authorships):
    return SimpleNamespace(papers=papers.assign(votes=pd.NA).astype({"votes": "Int64"}),
                           authorships=authorships)


def records(df: pd.DataFrame, columns: list[str]) -> list[tuple]:
    """Rows as tuples with NA as None, for exact comparisons."""
    out = df[columns].astype(object).where(df[columns].notna(), None)
    return [tuple(r) for r in out.itertuples(index=False)]


# --------------------------------------------------------------------------- rank / top


def test_rank_within_day(corpus):
    table = votes.rank_within_day(corpus)
    # day 1: A 10 -> 1, B 5 -> 2, C NA; day 2: D 12 and A 12 tie -> both 1 ("min");
    # day 3: E 7 -> 1, B 3 -> 2. Ordered by date, day_rank (NA last), digest rank.
    assert records(table, ["date", "arxiv_id", "votes", "day_rank", "day_papers_with_votes"]) == [
        (pd.Timestamp("2024-02-15"), A, 10, 1, 2),
        (pd.Timestamp("2024-02-15"), B, 5, 2, 2),
        (pd.Timestamp("2024-02-15"), C, None, None, 2),
        (pd.Timestamp("2024-02-16"), D, 12, 1, 2),
        (pd.Timestamp("2024-02-16"), A, 12, 1, 2),
        (pd.Timestamp("2024-03-04"), E, 7, 1, 2),
        (pd.Timestamp("2024-03-04"), B, 3, 2, 2),
    ]
    assert list(table.columns) == ["date", "rank", "arxiv_id", "title", "votes", "day_rank",
                                   "day_papers_with_votes"]
    assert str(table["day_rank"].dtype) == "Int64"


def test_rank_within_day_ties_skip_ranks():
    df = coerce(pd.DataFrame({"date": ["2024-01-02"] * 4, "rank": [1, 2, 3, 4],
                              "arxiv_id": ["a", "b", "c", "d"], "votes": [9, 7, 7, 3]}), "papers")
    assert votes.rank_within_day(df)["day_rank"].tolist() == [1, 2, 2, 4]


def test_top_papers(corpus):
    top = votes.top_papers(corpus)
    assert list(top.columns) == ["arxiv_id", "title", "url", "votes", "date", "day_rank",
                                 "dates", "appearances"]
    # C has no votes and is left out; A and D tie on 12 (same day) -> arxiv_id order.
    assert records(top, ["arxiv_id", "votes", "date", "day_rank", "dates", "appearances"]) == [
        (A, 12, pd.Timestamp("2024-02-16"), 1, "2024-02-15; 2024-02-16", 2),
        (D, 12, pd.Timestamp("2024-02-16"), 1, "2024-02-16", 1),
        (E, 7, pd.Timestamp("2024-03-04"), 1, "2024-03-04", 1),
        (B, 5, pd.Timestamp("2024-02-15"), 2, "2024-02-15; 2024-03-04", 2),
    ]
    assert top.loc[0, "title"] == f"Title {A}"
    assert top.loc[0, "url"] == f"https://arxiv.org/abs/{A}"
    assert votes.top_papers(corpus, n=2)["arxiv_id"].tolist() == [A, D]


def test_top_papers_lists_days_without_votes():
    df = coerce(pd.DataFrame({"date": ["2024-01-02", "2024-01-02", "2024-01-03"],
                              "rank": [1, 2, 1], "arxiv_id": ["x", "y", "x"],
                              "votes": [None, 4, 6]}), "papers")
    assert records(votes.top_papers(df), ["arxiv_id", "votes", "dates", "appearances"]) == [
        ("x", 6, "2024-01-02; 2024-01-03", 2), ("y", 4, "2024-01-02", 1)]


def test_top_papers_period(corpus):
    feb16 = votes.top_papers(corpus, start="2024-02-16", end="2024-02-16")
    assert records(feb16, ["arxiv_id", "votes", "dates", "appearances"]) == [
        (A, 12, "2024-02-16", 1), (D, 12, "2024-02-16", 1)]
    march = votes.top_papers(corpus, start="2024-03-01")
    # B counts with its March snapshot only (3 votes), ranked 2nd that day
    assert records(march, ["arxiv_id", "votes", "day_rank", "dates"]) == [
        (E, 7, 1, "2024-03-04"), (B, 3, 2, "2024-03-04")]
    first_day = votes.top_papers(corpus, end=pd.Timestamp("2024-02-15"), n=None)
    assert records(first_day, ["arxiv_id", "votes"]) == [(A, 10), (B, 5)]


def test_top_papers_empty(corpus, empty, no_votes):
    for result in (votes.top_papers(corpus, start="2025-01-01"), votes.top_papers(empty),
                   votes.top_papers(no_votes)):
        assert result.empty
        assert list(result.columns) == ["arxiv_id", "title", "url", "votes", "date", "day_rank",
                                        "dates", "appearances"]
        assert str(result["votes"].dtype) == "Int64"


def test_inputs_not_mutated_and_dataframe_accepted(corpus, papers):
    before = papers.copy()
    from_frame = votes.top_papers(papers)
    pd.testing.assert_frame_equal(from_frame, votes.top_papers(corpus))
    votes.rank_within_day(papers)
    votes.votes_over_time(papers, freq="W")
    votes.votes_by_media(papers)
    votes.votes_vs_authors(papers)
    votes.vote_distribution(papers)
    pd.testing.assert_frame_equal(papers, before)


def test_bad_input_messages(papers):
    with pytest.raises(TypeError, match="Corpus"):
        votes.top_papers([1, 2, 3])
    with pytest.raises(ValueError, match="^top_papers: the papers table has no column 'votes'"):
        votes.top_papers(papers.drop(columns="votes"))
    with pytest.raises(ValueError, match="authorships"):
        votes.votes_by_author(papers)
    with pytest.raises(ValueError, match="freq"):
        votes.votes_over_time(papers, freq="Y")


# --------------------------------------------------------------------------- distribution


def test_vote_distribution_default_bins(corpus):
    dist = votes.vote_distribution(corpus)
    # distinct papers: 12, 5, 12, 7 (C without votes); 1-2-5 edges up to 20 > 12
    assert records(dist, ["bin", "lower", "upper", "papers", "share"]) == [
        ("0", 0.0, 1.0, 0, 0.0),
        ("1", 1.0, 2.0, 0, 0.0),
        ("2–4", 2.0, 5.0, 0, 0.0),
        ("5–9", 5.0, 10.0, 2, 0.5),
        ("10–19", 10.0, 20.0, 2, 0.5),
    ]
    assert dist.attrs["without_votes"] == 1


def test_vote_distribution_options(corpus):
    # every appearance: 10, 5, 12, 12, 7, 3 (and one NA)
    per_appearance = votes.vote_distribution(corpus, unique=False)
    assert per_appearance["papers"].tolist() == [0, 0, 1, 2, 3]
    assert per_appearance.attrs["without_votes"] == 1
    # int bins: values 5..12 -> width ceil(8 / 2) = 4 -> [5, 9), [9, 13)
    two = votes.vote_distribution(corpus, bins=2)
    assert records(two, ["bin", "papers"]) == [("5–8", 2), ("9–12", 2)]
    edges = votes.vote_distribution(corpus, bins=[0, 10, math.inf])
    assert records(edges, ["bin", "papers", "share"]) == [("0–9", 2, 0.5), ("10+", 2, 0.5)]
    # values outside custom edges are in no bin; share stays relative to all 4 papers
    narrow = votes.vote_distribution(corpus, bins=[6, 8])
    assert records(narrow, ["bin", "papers", "share"]) == [("6–7", 1, 0.25)]
    with pytest.raises(ValueError):
        votes.vote_distribution(corpus, bins=[5, 5])


def test_vote_distribution_empty(empty, no_votes):
    assert votes.vote_distribution(empty).empty
    dist = votes.vote_distribution(no_votes)
    assert dist.empty and list(dist.columns) == ["bin", "lower", "upper", "papers", "share"]
    assert dist.attrs["without_votes"] == 5


# --------------------------------------------------------------------------- over time


def test_votes_over_time_daily(corpus):
    table = votes.votes_over_time(corpus, freq="D")
    assert list(table.columns) == ["period", "papers", "papers_without_votes", "total_votes",
                                   "median_votes", "mean_votes"]
    assert records(table, list(table.columns)) == [
        (pd.Timestamp("2024-02-15"), 3, 1, 15, 7.5, 7.5),  # A 10, B 5, C NA
        (pd.Timestamp("2024-02-16"), 2, 0, 24, 12.0, 12.0),  # D 12, A 12
        (pd.Timestamp("2024-03-04"), 2, 0, 10, 5.0, 5.0),  # E 7, B 3
    ]


def test_votes_over_time_weekly_monthly(corpus):
    # Feb 15-16: A counted once with 12, B 5, C NA, D 12 -> sum 29, median 12, mean 29 / 3
    expected = [(4, 1, 29, 12.0, 29 / 3), (2, 0, 10, 5.0, 5.0)]
    weekly = votes.votes_over_time(corpus, freq="W")
    assert weekly["period"].tolist() == [pd.Timestamp("2024-02-12"), pd.Timestamp("2024-03-04")]
    monthly = votes.votes_over_time(corpus, freq="m")
    assert monthly["period"].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-03-01")]
    for table in (weekly, monthly):
        assert records(table, votes.SUMMARY_COLUMNS) == expected


def test_votes_over_time_without_votes(no_votes, empty):
    table = votes.votes_over_time(no_votes, freq="M")
    # NA sums, not 0
    assert records(table, votes.SUMMARY_COLUMNS) == [(4, 4, None, None, None),
                                                     (2, 2, None, None, None)]
    out = votes.votes_over_time(empty)
    assert out.empty and list(out.columns) == ["period", *votes.SUMMARY_COLUMNS]


# --------------------------------------------------------------------------- by group


def test_votes_by_author(corpus):
    table = votes.votes_by_author(corpus)
    assert list(table.columns) == ["author", "papers", "papers_without_votes", "total_votes",
                                 "median_votes"]
    assert records(table, list(table.columns)) == [
        ("Alice", 3, 0, 24, 7.0),  # A 12, B 5, E 7
        ("Carol", 2, 0, 24, 12.0),  # A 12, D 12
        ("Bob", 3, 1, 19, 9.5),  # A 12, C NA, E 7
        ("Eve", 1, 0, 12, 12.0),
        ("Frank", 1, 0, 12, 12.0),
        ("Grace", 1, 0, 12, 12.0),
        ("Heidi", 1, 0, 12, 12.0),
        ("Dan", 1, 1, None, None),  # only C, no votes: NA, not 0
    ]
    assert votes.votes_by_author(corpus, min_papers=2)["author"].tolist() == [
        "Alice", "Carol", "Bob"]


def test_votes_by_author_from_frames(papers, authorships, empty):
    # only papers present in the papers table count (B and E dropped here)
    subset = papers[papers["date"] < "2024-03-01"]
    subset = subset[subset["arxiv_id"] != B]
    table = votes.votes_by_author(subset, authorships=authorships)
    two = table[table["author"].isin(["Alice", "Bob"])]
    assert records(two, ["author", "papers", "total_votes"]) \
        == [("Bob", 2, 12), ("Alice", 1, 12)]  # equal totals: more papers first
    out = votes.votes_by_author(empty)
    assert out.empty and list(out.columns) == ["author", "papers", "papers_without_votes",
                                               "total_votes", "median_votes"]


def test_votes_vs_authors(corpus):
    table = votes.votes_vs_authors(corpus)
    assert records(table, ["arxiv_id", "n_authors", "votes", "n_authors_bucket"]) == [
        (A, 3, 12, "3"), (B, 1, 5, "1"), (C, 2, None, "2"), (D, 5, 12, "5"), (E, 2, 7, "2")]
    assert table["n_authors_bucket"].cat.ordered
    assert table["n_authors_bucket"].cat.categories.tolist() == [
        "0", "1", "2", "3", "4", "5", "6–10", "11–20", "21–50", "51+"]


def test_votes_by_n_authors(corpus):
    table = votes.votes_by_n_authors(corpus)
    assert list(table.columns) == ["n_authors_bucket", *votes.SUMMARY_COLUMNS]
    assert records(table, list(table.columns)) == [
        ("1", 1, 0, 5, 5.0, 5.0),  # B
        ("2", 2, 1, 7, 7.0, 7.0),  # C NA, E 7
        ("3", 1, 0, 12, 12.0, 12.0),  # A
        ("5", 1, 0, 12, 12.0, 12.0),  # D
    ]
    coarse = votes.votes_by_n_authors(corpus, bins=[1, 3, math.inf])
    assert records(coarse, list(coarse.columns)) == [
        ("1–2", 3, 1, 12, 6.0, 6.0),  # B 5, C NA, E 7
        ("3+", 2, 0, 24, 12.0, 12.0),  # A 12, D 12
    ]


def test_votes_by_media(corpus, empty):
    table = votes.votes_by_media(corpus)
    # media of the first appearance: A image (its 2nd, peak-vote listing had none)
    assert records(table, ["media_kind", *votes.SUMMARY_COLUMNS]) == [
        ("image", 1, 0, 12, 12.0, 12.0),  # A
        ("video", 2, 1, 12, 12.0, 12.0),  # C NA, D 12
        ("none", 2, 0, 12, 6.0, 6.0),  # B 5, E 7
    ]
    out = votes.votes_by_media(empty)
    assert out.empty and list(out.columns) == ["media_kind", *votes.SUMMARY_COLUMNS]


def test_votes_by_topic(corpus, empty):
    topics = pd.DataFrame({
        "arxiv_id": [A, A, A, B, C, D, D, E, "9999.99999"],
        "topic": ["llm", "reasoning", "llm", "llm", "video", "video", "diffusion",
                  "reasoning", "llm"],
        "matched_terms": ["x"] * 9,
    })
    table = votes.votes_by_topic(corpus, topics)
    # duplicate (A, llm) counted once; unknown paper ignored; sorted by median, papers, topic
    assert records(table, ["topic", *votes.SUMMARY_COLUMNS]) == [
        ("video", 2, 1, 12, 12.0, 12.0),  # C NA, D 12
        ("diffusion", 1, 0, 12, 12.0, 12.0),  # D
        ("reasoning", 2, 0, 19, 9.5, 9.5),  # A 12, E 7
        ("llm", 2, 0, 17, 8.5, 8.5),  # A 12, B 5
    ]
    # lift: the topic's median over the median of all papers with votes (12, 5, 12, 7: 9.5)
    assert table["lift"].tolist() == pytest.approx([12 / 9.5, 12 / 9.5, 1.0, 8.5 / 9.5])
    for out in (votes.votes_by_topic(empty, topics), votes.votes_by_topic(corpus, topics[:0])):
        assert out.empty and list(out.columns) == ["topic", *votes.SUMMARY_COLUMNS, "lift"]
    with pytest.raises(ValueError, match="votes_by_topic: the tags table has no column 'topic'"):
        votes.votes_by_topic(corpus, topics.drop(columns="topic"))


# --------------------------------------------------------------------------- plots


@pytest.fixture
def ax():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_plot_vote_distribution(corpus, ax):
    assert votes.plot_vote_distribution(corpus, ax=ax) is ax
    assert len(ax.patches) == 5
    assert [p.get_height() for p in ax.patches] == [0, 0, 0, 2, 2]
    assert ax.get_xlabel() == votes.VOTES_LABEL
    assert "snapshot on digest day" in ax.get_title()
    assert ax.get_yscale() == "linear"


def test_plot_vote_distribution_log(corpus, ax):
    votes.plot_vote_distribution(corpus, log=True, ax=ax, unique=False)
    assert ax.get_yscale() == "log"
    assert ax.get_title().endswith("\n1 appearances without votes not shown")
    assert [p.get_height() for p in ax.patches] == [0, 0, 1, 2, 3]


def test_plot_votes_over_time(corpus, ax):
    assert votes.plot_votes_over_time(corpus, freq="D", ax=ax) is ax
    (line,) = ax.lines
    y = list(line.get_ydata())
    assert y[:2] + y[3:] == [7.5, 12.0, 5.0] and math.isnan(y[2])  # break after 02-16
    assert [str(d)[:10] for d in line.get_xdata()] == [
        "2024-02-15", "2024-02-16", "2024-02-17", "2024-03-04"]
    assert "snapshot on digest day" in ax.get_ylabel()


def test_plot_votes_over_time_weekly_sum(corpus, ax):
    votes.plot_votes_over_time(corpus, freq="W", stat="sum", ax=ax)
    y = list(ax.lines[0].get_ydata())  # weeks of 02-12 and 03-04; nothing in between
    assert [y[0], y[2]] == [29.0, 10.0] and math.isnan(y[1])
    with pytest.raises(ValueError, match="stat"):
        votes.plot_votes_over_time(corpus, stat="max", ax=ax)


def test_plot_votes_vs_authors(corpus, ax):
    assert votes.plot_votes_vs_authors(corpus, ax=ax, log=True) is ax
    points = ax.collections[0].get_offsets()
    assert len(points) == 4  # C has no votes
    assert sorted(map(tuple, points.tolist())) == [(1, 5), (2, 7), (3, 12), (5, 12)]
    medians = ax.collections[1].get_segments()
    assert len(medians) == 4  # buckets 1, 2, 3, 5
    assert ax.get_yscale() == "symlog" and ax.get_xscale() == "symlog"
    assert ax.get_ylabel() == votes.VOTES_LABEL


def test_plot_votes_over_time_breaks_the_line_at_days_without_votes(papers, ax):
    # 02-15 and 02-16 have votes, 02-17 has a digest without any, 02-18 votes again
    rows = papers[papers["date"] <= "2024-02-16"]
    extra = coerce(pd.DataFrame({
        "date": ["2024-02-17", "2024-02-18"], "rank": [1, 1], "arxiv_id": ["x1", "x2"],
        "title": ["X1", "X2"], "votes": [None, 4]}), "papers")
    votes.plot_votes_over_time(pd.concat([rows, extra], ignore_index=True), freq="D", ax=ax)
    (line,) = ax.lines
    y = line.get_ydata()
    assert [str(d)[:10] for d in line.get_xdata()] == [
        "2024-02-15", "2024-02-16", "2024-02-17", "2024-02-18"]
    assert [math.isnan(v) for v in y] == [False, False, True, False]  # no line 16 -> 18
    assert tick_texts(ax) == ["02-15", "02-16", "02-18"]  # ticks only where there are votes


def test_plot_votes_over_time_gap_in_bundled_data(data_dir, ax):
    import papertoolkit as ptk

    corpus = ptk.load(data_dir)
    votes.plot_votes_over_time(corpus, freq="D", ax=ax)
    points = dict(zip((str(d)[:10] for d in ax.lines[0].get_xdata()),
                      ax.lines[0].get_ydata(), strict=True))
    assert "2024-02-14" in points and "2024-02-16" in points
    assert math.isnan(points["2024-02-15"])  # 02-15 has no Vote lines: the line breaks


def test_plot_votes_vs_authors_log_ticks_are_readable(corpus, ax):
    votes.plot_votes_vs_authors(corpus, ax=ax, log=True)  # authors 1-5, votes 5-12
    ax.figure.canvas.draw()

    def labels(axis):
        lo, hi = sorted(axis.get_view_interval())
        return [t.get_text() for t, v in zip(axis.get_ticklabels(), axis.get_ticklocs(),
                                             strict=True) if lo <= v <= hi]

    assert labels(ax.xaxis) == ["1", "2", "5"]  # not a single "10¹"
    assert labels(ax.yaxis) == ["5", "10"]
    assert ax.xaxis.get_minorticklocs().size == 0


@pytest.mark.parametrize("plot", [votes.plot_vote_distribution, votes.plot_votes_over_time,
                                  votes.plot_votes_vs_authors])
def test_plots_without_votes(plot, empty, no_votes, ax):
    for data in (empty, no_votes):
        ax.clear()
        assert plot(data, ax=ax) is ax
        assert [t.get_text() for t in ax.texts] == ["no papers with votes"]
        assert not ax.patches and not ax.lines


def test_plot_creates_axes_when_none(corpus):
    import matplotlib.pyplot as plt

    ax = votes.plot_vote_distribution(corpus)
    assert ax is not None and len(ax.patches) == 5
    plt.close(ax.figure)


def visible_ticks(ax, axis: str = "y") -> list[float]:
    ax.figure.canvas.draw()
    lo, hi = sorted(getattr(ax, f"get_{axis}lim")())
    return [float(t) for t in getattr(ax, f"get_{axis}ticks")() if lo <= t <= hi]


def tick_texts(ax) -> list[str]:
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_xticklabels()]


def test_plot_vote_distribution_counts_on_integer_ticks(corpus, ax):
    votes.plot_vote_distribution(corpus, ax=ax)  # bar heights 0, 0, 0, 2, 2
    assert visible_ticks(ax) == [0.0, 1.0, 2.0]  # not 0, 0.25, 0.5, ...


def test_plot_votes_over_time_ticks_are_dates_not_hours(corpus, papers, ax):
    two_days = SimpleNamespace(papers=papers[papers["date"] <= "2024-02-16"])
    votes.plot_votes_over_time(two_days, freq="D", ax=ax)
    assert tick_texts(ax) == ["02-15", "02-16"]  # not "02-15 00", "02-15 03", ...
    assert ax.get_xlabel() == "day, 2024"
    assert visible_ticks(ax) == [8.0, 9.0, 10.0, 11.0, 12.0]  # medians 7.5 and 12

    ax.clear()
    one_day = SimpleNamespace(papers=papers[papers["date"] == "2024-03-04"])
    votes.plot_votes_over_time(one_day, freq="D", ax=ax)  # median 5: one point
    assert tick_texts(ax) == ["03-04"]
    lo, hi = ax.get_xlim()
    assert 1 <= hi - lo <= 2  # a day or so around the point, not years
    assert visible_ticks(ax) == [4.0, 5.0, 6.0]  # whole numbers around a flat line

    ax.clear()
    votes.plot_votes_over_time(corpus, freq="W", ax=ax)
    assert tick_texts(ax) == ["02-12", "03-04"]
    ax.clear()
    votes.plot_votes_over_time(corpus, freq="M", stat="sum", ax=ax)
    assert tick_texts(ax) == ["2024-02", "2024-03"] and ax.get_xlabel() == "month"
    assert all(t == int(t) for t in visible_ticks(ax))


def test_plot_votes_over_time_many_days_has_day_ticks(ax):
    days = pd.date_range("2024-02-01", periods=20, freq="D")
    papers = coerce(pd.DataFrame({
        "date": days, "rank": 1, "arxiv_id": [f"2402.{i:05d}" for i in range(20)],
        "title": "T", "votes": list(range(20)),
    }), "papers")
    votes.plot_votes_over_time(papers, freq="D", ax=ax)
    texts = tick_texts(ax)
    assert len(texts) >= 3 and all(len(t) == 5 and t[2] == "-" for t in texts)  # "02-05"
    assert all(t == int(t) for t in visible_ticks(ax, "x"))  # midnight: whole days
    assert all(t == int(t) for t in visible_ticks(ax))


# --------------------------------------------------------------------------- from Markdown


DIGESTS = """## Daily Papers (2024-02-15)

### [Alpha](https://arxiv.org/abs/2402.00001)

![](https://cdn-uploads.huggingface.co/production/uploads/x/a.png)

Vote: 10

Authors: Ann Lee, Bo Chen

- 첫 번째 요약

### [Beta](https://arxiv.org/abs/2402.00002)

<div><video controls src="https://cdn-uploads.huggingface.co/production/uploads/x/b.mp4"></video></div>

Authors: Bo Chen

- 두 번째 요약
"""

NEXT_DAY = """## Daily Papers (2024-02-16)

### [Alpha](https://arxiv.org/abs/2402.00001)

Vote: 14

Authors: Ann Lee, Bo Chen

- 첫 번째 요약
"""


def test_from_markdown():
    import papertoolkit as ptk

    day1, day2 = ptk.loads(DIGESTS), ptk.loads(NEXT_DAY)
    corpus = ptk.Corpus.from_tables(
        papers=pd.concat([day1.papers, day2.papers], ignore_index=True),
        authorships=pd.concat([day1.authorships, day2.authorships], ignore_index=True))
    top = votes.top_papers(corpus)
    assert records(top, ["arxiv_id", "title", "votes", "dates", "appearances"]) == [
        ("2402.00001", "Alpha", 14, "2024-02-15; 2024-02-16", 2)]  # Beta has no votes
    by_author = votes.votes_by_author(corpus)
    assert records(by_author, ["author", "papers", "total_votes", "median_votes"]) == [
        ("Bo Chen", 2, 14, 14.0), ("Ann Lee", 1, 14, 14.0)]  # Beta (no votes) adds a paper
    assert records(votes.votes_by_media(corpus), ["media_kind", "papers", "total_votes"]) == [
        ("image", 1, 14), ("video", 1, None)]
    assert records(votes.votes_over_time(corpus, freq="W"), ["papers", "papers_without_votes",
                                                        "total_votes"]) == [(2, 1, 14)]


# --------------------------------------------------------------------------- real corpus


def test_real_corpus_smoke(real_corpus):  # fixture in conftest.py; skips without the corpus
    corpus = real_corpus
    papers = corpus.papers
    top = votes.top_papers(corpus, n=5)
    assert len(top) == 5 and top["votes"].is_monotonic_decreasing
    assert top.loc[0, "votes"] == papers["votes"].max()
    over_time = votes.votes_over_time(corpus, freq="M")
    assert over_time["papers"].sum() >= papers["arxiv_id"].nunique()
    assert over_time["papers_without_votes"].sum() == papers["votes"].isna().sum()
    dist = votes.vote_distribution(corpus, unique=False)
    assert dist["papers"].sum() == papers["votes"].notna().sum()
    by_author = votes.votes_by_author(corpus)
    assert by_author["papers"].sum() == corpus.authorships[["arxiv_id", "author"]] \
        .drop_duplicates().shape[0]


def test_options_are_keyword_only_with_a_warning_for_old_positional_calls(corpus):
    with pytest.warns(FutureWarning, match=r"votes_over_time: pass freq as a keyword"):
        old = votes.votes_over_time(corpus, "W")
    pd.testing.assert_frame_equal(old, votes.votes_over_time(corpus, freq="W"))
    with pytest.warns(FutureWarning, match=r"top_papers: pass n, start as a keyword"):
        assert votes.top_papers(corpus, 1, "2024-03-01")["arxiv_id"].tolist() == \
            votes.top_papers(corpus, n=1, start="2024-03-01")["arxiv_id"].tolist()
    with pytest.raises(TypeError, match="multiple values for 'n'"):
        votes.top_papers(corpus, 1, n=2)


@pytest.mark.parametrize(("name", "alias"), [("day", "D"), ("week", "W"), ("month", "M")])
def test_period_names_mean_the_pandas_aliases(corpus, name, alias):
    pd.testing.assert_frame_equal(votes.votes_over_time(corpus, freq=name),
                                  votes.votes_over_time(corpus, freq=alias))
    with pytest.raises(ValueError, match=r"^freq must be one of 'D', 'W', 'M' \(or 'day', "):
        votes.votes_over_time(corpus, freq="fortnight")


def test_plot_kwargs_reach_matplotlib(corpus, ax):
    from matplotlib.colors import to_rgba

    votes.plot_vote_distribution(corpus, ax=ax, color="red", width=0.5)
    bar = ax.patches[0]
    assert bar.get_facecolor() == to_rgba("red") and bar.get_width() == 0.5
    ax.clear()
    votes.plot_votes_over_time(corpus, ax=ax, freq="D", color="green", marker="s")
    line = ax.get_lines()[0]
    assert line.get_color() == "green" and line.get_marker() == "s"
    ax.clear()
    votes.plot_votes_vs_authors(corpus, ax=ax, s=40)
    assert ax.collections[0].get_sizes().tolist() == [40.0]
