"""Drive every explorer of papertoolkit.widgets from code, no browser.

The hand-built corpus (three digest days, five papers, seven authors):

=========== ========================================== ============ =======================
arXiv id    title                                      votes (day)  authors
=========== ========================================== ============ =======================
2402.00001  Alpha LLM Scaling                          30 (02-16),  Ann Lee, Bo Chen,
                                                       41 (02-17)   Cy Park
2402.00002  Beta <script>alert(1)</script> Robots      5 (02-16)    Dee Kim, Eve Stone
2402.00003  Gamma Unvoted                              – (02-16)    Fay Wu
2402.00004  Delta LLM Agents                           12 (02-17)   Ann Lee, Bo Chen
2403.00005  Epsilon Robot Arms                         8 (03-04)    Dee Kim, Eve Stone,
                                                                    Gil <i>Ho</i>
=========== ========================================== ============ =======================

Co-author graph: two triangles {Ann, Bo, Cy} and {Dee, Eve, Gil} (Ann-Bo and Dee-Eve with
two joint papers) and Fay alone. Topics (hand-made tags): llm = Alpha, Delta;
robotics = Beta, Epsilon; vision = none.
"""

from __future__ import annotations

import base64
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

ipywidgets = pytest.importorskip("ipywidgets")

import papertoolkit as ptk  # noqa: E402
from papertoolkit import widgets as W  # noqa: E402

DIGEST = """## Daily Papers (2024-02-16)

### [Alpha LLM Scaling](https://arxiv.org/abs/2402.00001)

Vote: 30

Authors: Ann Lee, Bo Chen, Cy Park

- LLM 스케일링 법칙을 다시 살펴봅니다.

### [Beta <script>alert(1)</script> Robots](https://arxiv.org/abs/2402.00002)

Vote: 5

Authors: Dee Kim, Eve Stone

- robot 조작을 배웁니다.

### [Gamma Unvoted](https://arxiv.org/abs/2402.00003)

Authors: Fay Wu

- 투표 수가 없는 논문입니다.

## Daily Papers (2024-02-17)

### [Delta LLM Agents](https://arxiv.org/abs/2402.00004)

Vote: 12

Authors: Ann Lee, Bo Chen

- 에이전트가 도구를 씁니다.

### [Alpha LLM Scaling](https://arxiv.org/abs/2402.00001)

Vote: 41

Authors: Ann Lee, Bo Chen, Cy Park

- LLM 스케일링 법칙을 다시 살펴봅니다.

## Daily Papers (2024-03-04)

### [Epsilon Robot Arms](https://arxiv.org/abs/2403.00005)

Vote: 8

Authors: Dee Kim, Eve Stone, Gil <i>Ho</i>

- 로봇 팔을 제어합니다.
"""

ALPHA, BETA, GAMMA, DELTA, EPSILON = (
    "Alpha LLM Scaling",
    "Beta &lt;script&gt;alert(1)&lt;/script&gt; Robots",
    "Gamma Unvoted",
    "Delta LLM Agents",
    "Epsilon Robot Arms",
)
GIL = "Gil <i>Ho</i>"


@pytest.fixture(scope="module")
def corpus():
    c = ptk.loads(DIGEST)
    assert len(c.papers) == 6 and c.problems.empty
    return c


@pytest.fixture(scope="module")
def tags():
    return pd.DataFrame({
        "arxiv_id": pd.array(["2402.00001", "2402.00004", "2402.00002", "2403.00005"],
                             dtype="string"),
        "topic": pd.Categorical(["llm", "llm", "robotics", "robotics"],
                                categories=["llm", "robotics", "vision"]),
        "matched_terms": pd.array(["LLM", "LLM", "robot", "로봇"], dtype="string"),
        "n_matches": pd.array([2, 1, 1, 1], dtype="Int64"),
    })


@pytest.fixture(autouse=True)
def no_leaked_figures():
    yield
    assert plt.get_fignums() == [], "an explorer left a pyplot figure open"


def titles(html: str) -> list[str]:
    """Link texts of a table, as escaped in the HTML."""
    return re.findall(r'<a href="[^"]*" target="_blank" rel="noopener">(.*?)</a>', html)


def cells(html: str, column: int) -> list[str]:
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>", 1)[1])
    return [re.findall(r"<td[^>]*>(.*?)</td>", row)[column] for row in rows]


def figure_text(out) -> str:
    """text/plain of the single output: the Axes titles of a figure, or a message."""
    assert len(out.outputs) == 1
    return out.outputs[0]["data"]["text/plain"]


def png(out) -> bytes:
    data = base64.b64decode(out.outputs[0]["data"]["image/png"])
    assert data.startswith(b"\x89PNG")
    return data


# ------------------------------------------------------------------------------ votes


def test_votes_initial_table_one_row_per_paper(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    assert w.last_error is None
    assert isinstance(w, ipywidgets.VBox)
    assert titles(w.table.value) == [ALPHA, DELTA, EPSILON, BETA, GAMMA]
    assert cells(w.table.value, 1) == ["41", "12", "8", "5", "–"]
    assert cells(w.table.value, 2) == ["2024-02-17", "2024-02-17", "2024-03-04", "2024-02-16",
                                       "2024-02-16"]
    assert "<b>5</b> papers (6 digest appearances)" in w.status.value
    assert "snapshots" in w.status.value
    assert w.selection["votes"].tolist()[:4] == [41, 12, 8, 5]
    assert w.selection["appearances"].tolist() == [2, 1, 1, 1, 1]
    assert w.selection["topics"].tolist() == ["llm", "llm", "robotics", "robotics", ""]
    assert 'href="https://arxiv.org/abs/2402.00001"' in w.table.value
    assert figure_text(w.plot).startswith("<Figure: Distribution of votes")
    png(w.plot)


def test_votes_filters_update_table_and_plot(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    before = png(w.plot)

    w.min_votes.value = 10
    assert titles(w.table.value) == [ALPHA, DELTA]
    assert png(w.plot) != before  # a new figure for the new selection

    w.min_votes.value = 0
    w.dates.value = (pd.Timestamp("2024-02-16"), pd.Timestamp("2024-02-16"))
    assert titles(w.table.value) == [ALPHA, BETA, GAMMA]
    assert cells(w.table.value, 1) == ["30", "5", "–"]  # the snapshot of that day
    assert "Daily median" in figure_text(w.plot)

    w.dates.value = (pd.Timestamp("2024-02-16"), pd.Timestamp("2024-03-04"))
    w.topics.value = ("robotics",)
    assert titles(w.table.value) == [EPSILON, BETA]
    w.topics.value = ("robotics", "llm")  # any of the selected topics
    assert titles(w.table.value) == [ALPHA, DELTA, EPSILON, BETA]
    w.topics.value = ()

    w.search.value = "dee KIM"  # author names, case-insensitive
    assert titles(w.table.value) == [EPSILON, BETA]
    w.search.value = "스케일링"  # summary text
    assert titles(w.table.value) == [ALPHA]
    w.search.value = "agents"  # title
    assert titles(w.table.value) == [DELTA]
    assert w.last_error is None


def test_votes_sort_and_rows(corpus, tags):
    w = W.explore_votes(corpus, tags=tags, rows=2)
    assert titles(w.table.value) == [ALPHA, DELTA]
    assert "showing 2" in w.status.value
    plot_before = w.plot.outputs
    w.sort_by.value = "date_asc"
    assert titles(w.table.value) == [BETA, GAMMA]
    assert w.plot.outputs is plot_before  # sorting only rewrites the table
    w.rows.value = 10
    assert titles(w.table.value) == [BETA, GAMMA, ALPHA, DELTA, EPSILON]
    w.sort_by.value = "date_desc"
    assert titles(w.table.value) == [EPSILON, ALPHA, DELTA, BETA, GAMMA]
    w.sort_by.value = "title"
    assert titles(w.table.value) == [ALPHA, BETA, DELTA, EPSILON, GAMMA]
    w.sort_by.value = "votes_asc"
    assert titles(w.table.value) == [BETA, EPSILON, DELTA, ALPHA, GAMMA]  # no votes last
    assert w.selection["arxiv_id"].tolist() == ["2402.00002", "2403.00005", "2402.00004",
                                                "2402.00001", "2402.00003"]


def test_votes_escapes_titles_and_authors(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    assert "<script>" not in w.table.value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in w.table.value
    assert "<i>" not in w.table.value and "Gil &lt;i&gt;Ho&lt;/i&gt;" in w.table.value
    w.search.value = "<script>"
    assert titles(w.table.value) == [BETA]
    assert "<script>" not in w.status.value


def test_votes_empty_selection_shows_messages(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    w.search.value = "no such paper"
    assert w.last_error is None
    assert "No paper matches these filters" in w.status.value
    assert w.table.value == ""
    assert w.selection.empty
    assert figure_text(w.plot) == "No papers to plot: no paper matches the filters."
    assert "image/png" not in w.plot.outputs[0]["data"]
    w.search.value = ""
    assert len(titles(w.table.value)) == 5


def test_votes_tags_topics_itself(corpus):
    w = W.explore_votes(corpus, taxonomy={"robots": ["robot", "로봇"], "llm": ["LLM"]})
    assert [v for _, v in w.topics.options] == ["robots", "llm"]
    assert [label for label, _ in w.topics.options] == ["robots (2)", "llm (2)"]
    w.topics.value = ("robots",)
    assert titles(w.table.value) == [EPSILON, BETA]


def test_votes_dates_range_has_a_readable_label(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    assert w.dates.readout is False  # the slider's readout cut the range off
    assert "2024-02-16 – 2024-03-04" in w.dates_label.value
    assert "(3 digest days)" in w.dates_label.value
    w.dates.value = (pd.Timestamp("2024-02-17"), pd.Timestamp("2024-02-17"))
    assert "2024-02-17 – 2024-02-17" in w.dates_label.value
    assert "(1 digest day)" in w.dates_label.value


def test_votes_plot_ticks_dates_and_whole_numbers(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    w.dates.value = (pd.Timestamp("2024-02-16"), pd.Timestamp("2024-02-17"))
    fig = w._draw(w._selected_mask, "D")
    hist, over_time = fig.axes
    fig.canvas.draw()
    assert [t.get_text() for t in over_time.get_xticklabels()] == ["02-16", "02-17"]
    lo, hi = hist.get_ylim()
    assert all(t == int(t) for t in hist.get_yticks() if lo <= t <= hi)


def test_topics_plot_ticks_one_per_week(corpus, tags):
    w = W.explore_topics(corpus, tags=tags)
    fig = w._draw("llm", "W")
    share, bars = fig.axes
    fig.canvas.draw()
    assert [t.get_text() for t in share.get_xticklabels()] == ["02-12", "03-04"]
    assert share.get_xlabel() == "week (start), 2024"
    lo, hi = bars.get_ylim()
    assert all(t == int(t) for t in bars.get_yticks() if lo <= t <= hi)


# ------------------------------------------------------------------------------ authors


def test_authors_initial_and_change(corpus):
    w = W.explore_authors(corpus)
    assert w.last_error is None
    assert w.author.value == "Ann Lee"  # most papers, then name
    assert w.author.options[:4] == ("Ann Lee", "Bo Chen", "Dee Kim", "Eve Stone")
    assert w.author.ensure_option
    assert titles(w.papers_table.value) == [DELTA, ALPHA]  # newest first
    assert cells(w.papers_table.value, 1) == ["12", "41"]
    assert "2 paper(s), 53 votes in total, 2 co-author(s)" in w.summary.value
    assert cells(w.collaborators.value, 0) == ["Bo Chen", "Cy Park"]
    assert [re.sub(r"<[^>]+>", "", c) for c in cells(w.collaborators.value, 1)] == ["2", "1"]
    assert figure_text(w.plot) == "<Sigma: Co-authors of Ann Lee: 2 within 1 step(s)>"

    w.author.value = "dee  kim"  # case and spacing forgiven
    assert titles(w.papers_table.value) == [EPSILON, BETA]
    assert cells(w.collaborators.value, 0) == ["Eve Stone", "Gil &lt;i&gt;Ho&lt;/i&gt;"]
    assert figure_text(w.plot) == "<Sigma: Co-authors of Dee Kim: 2 within 1 step(s)>"
    assert w.papers["arxiv_id"].tolist() == ["2403.00005", "2402.00002"]


def test_authors_radius_and_escaping(corpus):
    w = W.explore_authors(corpus, author=GIL)
    assert "<i>" not in w.summary.value + w.papers_table.value + w.collaborators.value
    assert "Gil &lt;i&gt;Ho&lt;/i&gt;" in w.summary.value
    assert "Co-authors of Gil <i>Ho</i>: 2 within 1 step(s)" in figure_text(w.plot)
    w.author.value = "Eve Stone"
    assert BETA in titles(w.papers_table.value) and "<script>" not in w.papers_table.value
    w.radius.value = 2
    assert figure_text(w.plot) == "<Sigma: Co-authors of Eve Stone: 2 within 2 step(s)>"
    assert w.last_error is None


def test_authors_limits_ego_plot(corpus):
    w = W.explore_authors(corpus, max_nodes=2)
    assert figure_text(w.plot) == (
        "<Sigma: Co-authors of Ann Lee: 2 within 1 step(s) "
        "(showing the 1 nearest: fewest steps, most joint papers, most papers first)>"
    )


def test_authors_messages(corpus):
    w = W.explore_authors(corpus, author="Fay Wu")
    assert titles(w.papers_table.value) == [GAMMA]
    assert "No co-authors in this corpus." in w.collaborators.value
    assert figure_text(w.plot) == "<Sigma: Co-authors of Fay Wu: 0 within 1 step(s)>"

    w.author.value = "Ann Le"
    assert w.last_error is None
    assert "no author &#x27;Ann Le&#x27; in the graph; did you mean: &#x27;Ann Lee&#x27;?" in (
        w.summary.value
    )
    assert w.papers_table.value == "" and w.collaborators.value == ""
    assert "image/png" not in w.plot.outputs[0]["data"]

    w.author.value = ""
    assert "Type an author" in w.summary.value
    w.radius.value = 2  # nothing selected: still no error
    assert w.last_error is None

    w.author.value = "<script>x</script>"
    assert "<script>" not in w.summary.value + w.plot.outputs[0]["data"]["text/html"]
    assert "&lt;script&gt;" in w.summary.value


# ------------------------------------------------------------------------------ topics


def test_topics_initial_and_change(corpus, tags):
    w = W.explore_topics(corpus, tags=tags)
    assert w.last_error is None
    assert [v for _, v in w.topic.options] == ["llm", "robotics", "vision"]
    assert w.topic.options[0][0] == "Large language models (2 papers)"
    assert w.topic.value == "llm"  # most papers
    assert titles(w.papers_table.value) == [ALPHA, DELTA]
    assert cells(w.authors_table.value, 0) == ["Ann Lee", "Bo Chen", "Cy Park"]
    assert cells(w.authors_table.value, 1) == ["2", "2", "1"]
    assert cells(w.authors_table.value, 2) == ["53", "53", "41"]
    assert "2 of 5 papers (40%)" in w.summary.value
    assert figure_text(w.plot) == "<Figure: Large language models: share of papers per week>"
    first = png(w.plot)

    w.topic.value = "robotics"
    assert titles(w.papers_table.value) == [EPSILON, BETA]
    assert "<script>" not in w.papers_table.value
    assert cells(w.papers_table.value, 3) == ["로봇", "robot"]
    assert cells(w.authors_table.value, 0) == ["Dee Kim", "Eve Stone", "Gil &lt;i&gt;Ho&lt;/i&gt;"]
    assert w.top_authors["votes"].tolist() == [13, 13, 8]
    assert png(w.plot) != first

    w.freq.value = "M"
    assert figure_text(w.plot) == "<Figure: Robotics & driving: share of papers per month>"
    w.n.value = 5
    assert len(w.top_papers) == 2


def test_topics_empty_topic(corpus, tags):
    w = W.explore_topics(corpus, tags=tags)
    w.topic.value = "vision"
    assert w.last_error is None
    assert "No paper is tagged with the topic" in w.summary.value
    assert w.papers_table.value == "" and w.authors_table.value == ""
    assert "No paper is tagged" in figure_text(w.plot)


# ------------------------------------------------------------------------------ empty corpus


def test_every_explorer_on_an_empty_corpus():
    empty = ptk.loads("## Daily Papers (2024-02-16)\n")
    assert empty.papers.empty
    v = W.explore_votes(empty)
    assert v.last_error is None and "The corpus has no papers." in v.status.value
    assert "corpus is empty" in figure_text(v.plot)
    v.min_votes.value = 1
    assert v.last_error is None
    a = W.explore_authors(empty)
    assert a.last_error is None and "no authors" in a.summary.value
    t = W.explore_topics(empty)
    assert t.last_error is None and "no papers" in t.summary.value
    n = W.explore_network(empty)
    assert n.last_error is None and "no authors" in n.summary.value


def test_errors_are_shown_not_raised(corpus, tags, monkeypatch):
    w = W.explore_votes(corpus, tags=tags)

    def broken(*args, **kwargs):
        raise ValueError("boom <b>")

    monkeypatch.setattr(w, "_mask", broken)
    w.min_votes.value = 3
    assert isinstance(w.last_error, ValueError)
    assert "Could not update: ValueError: boom &lt;b&gt;" in w.status.value
    assert figure_text(w.plot) == "Could not update: ValueError: boom <b>"
