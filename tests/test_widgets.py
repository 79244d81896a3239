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
import json
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
    """Link texts of an HTML table, as escaped in the HTML."""
    return re.findall(r'<a class="ptk-link" href="[^"]*" target="_blank" rel="noopener"'
                      r'[^>]*>(.*?)</a>', html)


def cells(html: str, column: int) -> list[str]:
    rows = re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>", 1)[1])
    return [re.findall(r"<td[^>]*>(.*?)</td>", row)[column] for row in rows]


def table_titles(table) -> list[str]:
    """Link texts of the "Title" column of an interactive table."""
    return [titles(cell)[0] for cell in table.frame["Title"]]


def rows_json(table) -> list[list]:
    """The rows the browser receives (JSON of the DataTable's arguments)."""
    return json.loads(table._dt_args["data_json"])


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
    assert table_titles(w.table) == [ALPHA, DELTA, EPSILON, BETA, GAMMA]
    assert list(w.table.frame.columns) == ["Title", "Votes", "Date", "Days listed", "Authors",
                                           "Topics", "HF", "arXiv id"]
    rows = rows_json(w.table)
    assert [r[1] for r in rows] == [41, 12, 8, 5, None]  # numbers: they sort as numbers
    assert [r[2] for r in rows] == ["2024-02-17", "2024-02-17", "2024-03-04", "2024-02-16",
                                    "2024-02-16"]
    assert [r[3] for r in rows] == [2, 1, 1, 1, 1]
    assert [r[5] for r in rows] == ["Large language models", "Large language models",
                                    "Robotics &amp; driving", "Robotics &amp; driving", ""]
    assert rows[0][6].startswith('<a class="ptk-link" href="https://huggingface.co/papers/'
                                 '2402.00001"')
    assert [r[7] for r in rows] == ["2402.00001", "2402.00004", "2403.00005", "2402.00002",
                                    "2402.00003"]
    assert "<b>5</b> papers (6 digest appearances)" in w.status.value
    assert "snapshots" in w.status.value
    assert w.selection["votes"].tolist()[:4] == [41, 12, 8, 5]
    assert w.selection["appearances"].tolist() == [2, 1, 1, 1, 1]
    assert 'href="https://arxiv.org/abs/2402.00001"' in w.table.frame["Title"].iloc[0]
    buttons = [b if isinstance(b, str) else b["extend"] for b in w.table._dt_args["buttons"]]
    assert buttons == ["pageLength", "csvHtml5", "excelHtml5"]
    assert figure_text(w.plot).startswith("<Figure: Distribution of votes")
    png(w.plot)


def test_votes_filters_update_table_and_plot(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    before = png(w.plot)

    w.min_votes.value = 10
    assert table_titles(w.table) == [ALPHA, DELTA]
    assert png(w.plot) != before  # a new figure for the new selection

    w.min_votes.value = 0
    w.dates.value = (pd.Timestamp("2024-02-16"), pd.Timestamp("2024-02-16"))
    assert table_titles(w.table) == [ALPHA, BETA, GAMMA]
    assert [r[1] for r in rows_json(w.table)] == [30, 5, None]  # the snapshot of that day
    assert "Daily median" in figure_text(w.plot)

    w.dates.value = (pd.Timestamp("2024-02-16"), pd.Timestamp("2024-03-04"))
    w.topics.value = ("robotics",)
    assert table_titles(w.table) == [EPSILON, BETA]
    w.topics.value = ("robotics", "llm")  # any of the selected topics
    assert table_titles(w.table) == [ALPHA, DELTA, EPSILON, BETA]
    w.topics.value = ()

    w.search.value = "dee KIM"  # author names, case-insensitive
    assert table_titles(w.table) == [EPSILON, BETA]
    assert w.table.frame["Why it matched"].tolist() == [
        '<span style="color:#555">authors:</span> <mark>Dee Kim</mark>; Eve Stone; '
        "Gil &lt;i&gt;Ho&lt;/i&gt;",
        '<span style="color:#555">authors:</span> <mark>Dee Kim</mark>; Eve Stone']
    w.search.value = "스케일링"  # summary text
    assert table_titles(w.table) == [ALPHA]
    assert w.table.frame["Why it matched"].tolist() == [
        '<span style="color:#555">summary:</span> LLM <mark>스케일링</mark> 법칙을 다시 '
        "살펴봅니다."]
    w.search.value = "agents"  # title
    assert table_titles(w.table) == [DELTA]
    assert w.last_error is None


def test_votes_threshold_steps_through_quantiles(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    # vote snapshots 30, 5, 12, 41, 8 (one paper without): the slider stops at the data
    assert [v for _, v in w.votes_slider.options] == [0, 5, 8, 12, 30, 41]
    assert w.votes_slider.options[3][0] == "≥ 12 (60% of voted)"
    w.votes_slider.value = 12
    assert w.min_votes.value == 12 and table_titles(w.table) == [ALPHA, DELTA]
    assert w.votes_threshold.readout.value == "≥ 12 (60% of voted)"
    w.min_votes.value = 9  # any number in the box; the slider shows the stop below it
    assert w.votes_slider.value == 8 and table_titles(w.table) == [ALPHA, DELTA]
    # the readout names the box's threshold, not the slider's stop: 30, 12, 41 of 5 voted
    assert w.votes_threshold.readout.value == "≥ 9 (60% of voted)"
    w.min_votes.value = 31
    assert w.votes_slider.value == 30 and w.votes_threshold.readout.value == "≥ 31 (20% of voted)"
    assert w.min_votes.max == 41


def test_votes_paper_detail_and_author_view(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    assert "Select a row" in w.detail.html.value
    w.table.selected_rows = [0]  # what a click on the first row sends
    assert w.detail.arxiv_id == "2402.00001"
    assert "<mark>LLM</mark> 스케일링 법칙을 다시 살펴봅니다." in w.detail.html.value
    assert 'href="https://huggingface.co/papers/2402.00001"' in w.detail.html.value
    names = [b.description for b in w.detail.authors.children[1:]]
    assert names == ["Ann Lee", "Bo Chen", "Cy Park"]
    w.search.value = "스케일링"
    assert w.detail.arxiv_id == "2402.00001"  # still in the selection: kept, highlighted
    assert "<mark>스케일링</mark>" in w.detail.html.value
    w.search.value = "robot"
    assert w.detail.arxiv_id is None  # no longer in the table
    w.show_paper("2402.00002")
    assert "&lt;script&gt;" in w.detail.html.value and "<script>" not in w.detail.html.value
    w.detail.authors.children[1].click()  # "Dee Kim" opens the author view
    (author_view,) = w.author_view.children
    assert author_view.author.value == "Dee Kim"
    assert table_titles(author_view.papers_table) == [EPSILON, BETA]
    w.detail.authors.children[2].click()
    assert author_view.author.value == "Eve Stone"
    assert w.last_error is None


def test_votes_escapes_titles_and_authors(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    frame_html = "".join(w.table._dt_args["data_json"])
    assert "<script>" not in frame_html and "<i>" not in frame_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in frame_html
    assert "Gil &lt;i&gt;Ho&lt;/i&gt;" in frame_html
    w.search.value = "<script>"
    assert table_titles(w.table) == [BETA]
    assert "<script>" not in w.status.value + w.table._dt_args["data_json"]


def test_votes_empty_selection_shows_messages(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    w.search.value = "no such paper"
    assert w.last_error is None
    assert "No paper matches these filters" in w.status.value
    assert len(w.table.frame) == 0 and rows_json(w.table) == []
    assert w.selection.empty
    assert figure_text(w.plot) == "No papers to plot: no paper matches the filters."
    assert "image/png" not in w.plot.outputs[0]["data"]
    w.search.value = ""
    assert len(table_titles(w.table)) == 5


def test_votes_tags_topics_itself(corpus):
    w = W.explore_votes(corpus, taxonomy={"robots": ["robot", "로봇"], "llm": ["LLM"]})
    assert [v for _, v in w.topics.options] == ["robots", "llm"]
    assert [label for label, _ in w.topics.options] == ["robots (2)", "llm (2)"]
    w.topics.value = ("robots",)
    assert table_titles(w.table) == [EPSILON, BETA]


def test_votes_dates_range_has_a_readable_label(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    assert w.dates.readout is False  # the slider's readout cut the range off
    assert "2024-02-16 – 2024-03-04" in w.dates_label.value
    assert "(3 digest days)" in w.dates_label.value
    assert w.dates_label.layout.width == "auto"  # never clipped
    w.dates.value = (pd.Timestamp("2024-02-17"), pd.Timestamp("2024-02-17"))
    assert "2024-02-17 – 2024-02-17" in w.dates_label.value
    assert "(1 digest day)" in w.dates_label.value


def test_saved_notebook_gets_a_static_snapshot(corpus, tags, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, raw=False, **kw: shown.append((obj, raw)))
    w = W.explore_votes(corpus, tags=tags)
    w._ipython_display_()  # what Jupyter calls: two outputs, the snapshot then the widget
    (first, raw1), (second, raw2) = shown
    assert raw1 and raw2
    widget = w._repr_mimebundle_()
    assert second == {**widget, "text/plain": W._common.PLAIN_TEXT.format(name="VotesExplorer")}
    assert "text/html" not in second and "children=" in widget["text/plain"]
    assert second["text/plain"].startswith("VotesExplorer: an interactive explorer, not drawn")
    assert second["application/vnd.jupyter.widget-view+json"]["model_id"] == w.model_id
    snapshot = first["text/html"]
    assert snapshot.startswith("<style>.jp-OutputArea:has(.ptk-explorer) .ptk-snapshot")
    assert '<div class="ptk-snapshot">' in snapshot and "ptk-explorer" in w._dom_classes
    assert "Static snapshot of VotesExplorer" in snapshot
    assert "Dates: 2024-02-16 – 2024-03-04" in snapshot and "Topics: any" in snapshot
    assert snapshot.count("<img src=\"data:image/png;base64,") == 1
    assert titles(snapshot) == [ALPHA, "HF page", DELTA, "HF page", EPSILON, "HF page", BETA,
                                "HF page", GAMMA, "HF page"]
    assert "<script>" not in snapshot
    # a hidden control (the finished "Tagging topics…" progress bar) is left out
    assert "Tagging topics" not in W.explore_votes(corpus).snapshot_html()


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
    assert w.suggestions.options == () and w.suggestions.layout.display == "none"
    assert table_titles(w.papers_table) == [DELTA, ALPHA]  # newest first
    assert [r[1] for r in rows_json(w.papers_table)] == [12, 41]
    assert "2 paper(s), 53 votes in total, 2 co-author(s)" in w.summary.value
    assert w.collaborators.frame["Co-author"].tolist() == ["Bo Chen", "Cy Park"]
    assert w.collaborators.frame["Papers together"].tolist() == [2, 1]
    assert titles(w.collaborators.frame["Joint papers"].iloc[0]) == [ALPHA, DELTA]
    assert figure_text(w.plot) == "<Sigma: Co-authors of Ann Lee: 2 within 1 step(s)>"

    w.author.value = "dee  kim"  # case and spacing forgiven
    assert table_titles(w.papers_table) == [EPSILON, BETA]
    assert w.collaborators.frame["Co-author"].tolist() == ["Eve Stone", GIL]
    assert "Gil &lt;i&gt;Ho&lt;/i&gt;" in w.collaborators._dt_args["data_json"]
    assert figure_text(w.plot) == "<Sigma: Co-authors of Dee Kim: 2 within 1 step(s)>"
    assert w.papers["arxiv_id"].tolist() == ["2403.00005", "2402.00002"]


def test_authors_n_collaborators_is_the_first_page_of_coauthors(corpus):
    w = W.AuthorsExplorer(corpus, author="Ann Lee", n_collaborators=1)
    assert w.collaborators._options["pageLength"] == 1
    assert w.collaborators.frame["Co-author"].tolist() == ["Bo Chen", "Cy Park"]  # all listed
    assert W.AuthorsExplorer(corpus).collaborators._options["pageLength"] == 10
    with pytest.raises(ValueError, match="n_collaborators"):
        W.AuthorsExplorer(corpus, n_collaborators=0)


def test_authors_suggestions_as_you_type(corpus):
    w = W.explore_authors(corpus)
    w.author.value = "e"  # a word starting with "e", then any "e", most papers first
    assert [v for _, v in w.suggestions.options] == ["Eve Stone", "Ann Lee", "Bo Chen",
                                                     "Dee Kim"]
    assert w.suggestions.options[0][0] == "Eve Stone (2 papers)"
    assert w.suggestions.layout.display == "flex"
    assert "No author is named &#x27;e&#x27;: pick one of the matching names" in w.summary.value
    assert len(w.papers_table.frame) == 0  # the previous author is not left on screen
    w.author.value = "ÉVE"  # accents and case forgiven
    assert [v for _, v in w.suggestions.options] == ["Eve Stone"]
    w.suggestions.value = "Eve Stone"  # a click on the suggestion opens the author
    assert w.author.value == "Eve Stone" and table_titles(w.papers_table) == [EPSILON, BETA]
    assert w.suggestions.layout.display == "none"
    w.author.value = "zzz"
    assert "No author matches &#x27;zzz&#x27;" in w.summary.value
    assert w.suggestions.options == ()
    assert w.more_matches.value == ""


def test_authors_box_says_how_many_more_names_match(corpus, monkeypatch):
    from papertoolkit.widgets import authors as A

    monkeypatch.setattr(A, "N_SUGGESTIONS", 2)
    monkeypatch.setattr(A.AuthorIndex.suggest, "__defaults__", (2,))
    w = W.explore_authors(corpus)
    w.author.value = "e"  # Eve Stone, Ann Lee, Bo Chen, Dee Kim match; two are listed
    assert [v for _, v in w.suggestions.options] == ["Eve Stone", "Ann Lee"]
    assert "2 more names match: keep typing" in w.more_matches.value
    w.author.value = "ee"  # Ann Lee, Dee Kim
    assert w.more_matches.value == ""
    w.author.value = "e"
    w.author.value = "Eve Stone"  # found: no suggestions, no note
    assert w.more_matches.value == "" and w.suggestions.options == ()


def test_author_index_finds_exact_names_without_building_keys():
    from papertoolkit.widgets.authors import AuthorIndex

    index = AuthorIndex(["José García", "Jo Lee", "Anna Josephs", "Jose Garcia"])
    assert index.find("Jo Lee") == "Jo Lee" and index._keys is None  # a button's name
    assert index.find("Jose Garcia") == "Jose Garcia"  # the exact spelling wins
    assert index.find("jose  GARCIA") == "José García"  # else the best ranked key
    assert index.count("jo") == 4 and index.count("lee") == 1 and index.count(" ") == 0


def test_author_view_reuses_the_explorers_paper_index(corpus, tags):
    w = W.explore_votes(corpus, tags=tags)
    w.open_author("Bo Chen")
    (view,) = w.author_view.children
    assert view._paper_index is w._index
    assert view.author.value == "Bo Chen" and len(view.papers) == 2


def test_author_data_is_what_the_tables_say(corpus):
    """The per-corpus data of the author view: names ranked as the authors table ranks
    them, each author's papers and first/last day and votes from the tables."""
    from papertoolkit.widgets.authors import author_data

    data = author_data(corpus)
    assert author_data(corpus) is data  # once per corpus
    table = corpus.authors.sort_values(["papers", "author"], ascending=[False, True])
    assert data.names == table["author"].tolist()
    ships = corpus.authorships
    for row in table.itertuples():
        ids = ships.loc[ships["author"] == row.author, "arxiv_id"].astype(str)
        assert data.papers_of(row.author) == list(dict.fromkeys(ids))
        first, last, votes = data.row(row.author)
        assert (first, last) == (str(row.first_seen.date()), str(row.last_seen.date()))
        assert votes == (None if pd.isna(row.total_votes) else row.total_votes)
    assert data.row("Nobody") == (None, None, None) and data.papers_of("Nobody") == []


def test_showing_a_paper_prepares_the_author_view_in_the_background(corpus, tags,
                                                                     monkeypatch):
    """With author buttons on screen, the author view's data and graph are computed in a
    thread (in a kernel; forced here), once per corpus; the first author view takes
    that graph, a second one builds its own."""
    from papertoolkit.widgets import authors as A

    monkeypatch.setattr(A, "PREPARE_IN_BACKGROUND", False)
    assert A.prepare_author_view(corpus) is None  # outside a kernel: nothing
    monkeypatch.setattr(A, "PREPARE_IN_BACKGROUND", True)
    fresh = ptk.loads(DIGEST)
    started = []
    monkeypatch.setattr(A, "prepare_author_view",
                        lambda c, real=A.prepare_author_view: started.append(real(c)))
    w = W.explore_votes(fresh, tags=tags)
    w.show_paper("2402.00001")
    w.show_paper("2402.00004")
    thread, = started[:1]
    assert thread is not None and started[1:] == []  # once per explorer
    thread.join()
    assert A.prepare_author_view(fresh) is None  # and once per corpus
    prepared = A.author_data(fresh)._graph
    assert prepared is not None and sorted(prepared) == sorted(corpus.authors["author"])
    w.detail.authors.children[1].click()
    (view,) = w.author_view.children
    assert view.graph is prepared and view.author.value == "Ann Lee"
    assert W.explore_authors(fresh).graph is not prepared


def test_authors_paper_detail_and_coauthor_click(corpus):
    w = W.explore_authors(corpus, author="Dee Kim")
    w.papers_table.selected_rows = [1]  # Beta, as a click on its row
    assert w.detail.arxiv_id == "2402.00002"
    assert "robot 조작을 배웁니다." in w.detail.html.value
    w.collaborators.selected_rows = [0]  # a click on the first co-author opens them
    assert w.author.value == "Eve Stone" and "Eve Stone</b>: 2 paper(s)" in w.summary.value
    w.detail.show("2402.00002")
    w.detail.authors.children[1].click()  # the author buttons of the detail too
    assert w.author.value == "Dee Kim"
    assert w.last_error is None


def test_authors_radius_and_escaping(corpus):
    w = W.explore_authors(corpus, author=GIL)
    shown = w.summary.value + w.papers_table._dt_args["data_json"] + \
        w.collaborators._dt_args["data_json"]
    assert "<i>" not in shown
    assert "Gil &lt;i&gt;Ho&lt;/i&gt;" in w.summary.value
    assert "Co-authors of Gil <i>Ho</i>: 2 within 1 step(s)" in figure_text(w.plot)
    w.author.value = "Eve Stone"
    assert BETA in table_titles(w.papers_table)
    assert "<script>" not in w.papers_table._dt_args["data_json"]
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
    assert table_titles(w.papers_table) == [GAMMA]
    assert len(w.collaborators.frame) == 0
    assert figure_text(w.plot) == "<Sigma: Co-authors of Fay Wu: 0 within 1 step(s)>"

    w.author.value = "Ann Le"
    assert w.last_error is None
    assert "No author is named &#x27;Ann Le&#x27;: pick one" in w.summary.value
    assert [v for _, v in w.suggestions.options] == ["Ann Lee"]
    assert len(w.papers_table.frame) == 0 and len(w.collaborators.frame) == 0
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
    assert table_titles(w.papers_table) == [ALPHA, DELTA]
    assert w.authors_table.frame["Author"].tolist() == ["Ann Lee", "Bo Chen", "Cy Park"]
    assert w.authors_table.frame["Papers"].tolist() == [2, 2, 1]
    assert w.authors_table.frame["Votes"].tolist() == [53, 53, 41]
    assert "2 of 5 papers (40%)" in w.summary.value
    assert figure_text(w.plot) == "<Figure: Large language models: share of papers per week>"
    first = png(w.plot)

    w.topic.value = "robotics"
    assert table_titles(w.papers_table) == [EPSILON, BETA]
    assert "<script>" not in w.papers_table._dt_args["data_json"]
    assert w.papers_table.frame["Matched terms"].tolist() == ["<mark>로봇</mark>",
                                                              "<mark>robot</mark>"]
    assert w.authors_table.frame["Author"].tolist() == ["Dee Kim", "Eve Stone", GIL]
    assert "Gil &lt;i&gt;Ho&lt;/i&gt;" in w.authors_table._dt_args["data_json"]
    assert w.top_authors["votes"].tolist() == [13, 13, 8]
    assert png(w.plot) != first

    w.freq.value = "M"
    assert figure_text(w.plot) == "<Figure: Robotics & driving: share of papers per month>"
    assert w.freq.style.button_width == "64px"  # the two buttons stay side by side


def test_topics_paper_detail_and_author(corpus, tags):
    w = W.explore_topics(corpus, tags=tags)
    w.topic.value = "robotics"
    w.papers_table.selected_rows = [0]
    assert w.detail.arxiv_id == "2403.00005"
    assert "<mark>로봇</mark> 팔을 제어합니다." in w.detail.html.value
    assert "<b>Robotics &amp; driving</b> (<mark>로봇</mark>)" in w.detail.html.value
    w.authors_table.selected_rows = [1]  # Eve Stone opens in the author view
    (view,) = w.author_view.children
    assert view.author.value == "Eve Stone"
    w.detail.authors.children[1].click()  # Dee Kim, from the paper's author buttons
    assert view.author.value == "Dee Kim"
    assert w.last_error is None


def test_topics_empty_topic(corpus, tags):
    w = W.explore_topics(corpus, tags=tags)
    w.topic.value = "vision"
    assert w.last_error is None
    assert "No paper is tagged with the topic" in w.summary.value
    assert len(w.papers_table.frame) == 0 and len(w.authors_table.frame) == 0
    assert "No paper is tagged" in figure_text(w.plot)


def test_topics_min_score_box(corpus, tags):
    scored = tags.assign(score=pd.array([0.9, 0.4, 0.7, 0.2], dtype="Float64"))
    w = W.explore_topics(corpus, tags=scored)
    assert w.min_score.value == 0.0 and not w.min_score.disabled  # every given tag kept
    assert table_titles(w.papers_table) == [ALPHA, DELTA]
    w.min_score.value = 0.5  # Delta (0.4) and Epsilon (0.2) lose their tags
    assert w.last_error is None
    assert w.tags["arxiv_id"].tolist() == ["2402.00001", "2402.00002"]
    assert w.topic.value == "llm" and table_titles(w.papers_table) == [ALPHA]
    assert w.topic.options[0][0] == "Large language models (1 paper)"
    assert w.authors_table.frame["Author"].tolist() == ["Ann Lee", "Bo Chen", "Cy Park"]
    assert w.authors_table.frame["Papers"].tolist() == [1, 1, 1]
    assert "1 of 5 papers (20%)" in w.summary.value
    w.topic.value = "robotics"
    assert table_titles(w.papers_table) == [BETA]
    w.min_score.value = 0.95  # nothing left
    assert w.last_error is None and "No paper is tagged with the topic" in w.summary.value
    w.min_score.value = 0.0
    assert table_titles(w.papers_table) == [EPSILON, BETA]
    assert W.explore_topics(corpus, tags=tags).min_score.disabled  # no score column


def test_topics_min_score_default_is_tag_topics(corpus):
    from papertoolkit.topics import builtin_scorer, tag_topics

    w = W.explore_topics(corpus)  # the corpus' tags; every candidate once lowered
    expect = tag_topics(corpus)
    assert w._candidates is None
    scorer = builtin_scorer()
    assert w.min_score.value == pytest.approx(scorer["min_score"])  # 0.3
    pd.testing.assert_frame_equal(w.tags.reset_index(drop=True), expect.reset_index(drop=True))
    # above the highest per-topic threshold the explorer filters its own tags; between the
    # default and that threshold it needs every candidate, as below the default
    highest = max(scorer["topic_min_score"].values())
    for cut in (0.0, scorer["min_score"] + 0.05, highest + 0.05):
        w.min_score.value = cut
        expect = tag_topics(corpus, min_score=cut)
        pd.testing.assert_frame_equal(w.tags.reset_index(drop=True),
                                      expect.reset_index(drop=True))
        counts = expect["topic"].astype(str).value_counts()
        labels = dict(w.topic.options)
        shown = {t: int(label.rsplit("(", 1)[1].split()[0]) for label, t in labels.items()}
        assert shown == {t: int(counts.get(t, 0)) for t in shown}


def test_topics_min_score_between_the_topic_thresholds(data_dir):
    # on the sample, 0.35 keeps candidates that a topic threshold above it (e.g. vision)
    # left out of the corpus' tags: the explorer must read them from every candidate
    from papertoolkit.topics import builtin_scorer, tag_topics

    sample = ptk.load(data_dir)
    w = W.explore_topics(sample)
    cut = builtin_scorer()["min_score"] + 0.05
    default = w.tags
    w.min_score.value = cut
    expect = tag_topics(sample, min_score=cut)
    assert len(expect) > int((default["score"] >= cut).sum())
    pd.testing.assert_frame_equal(w.tags.reset_index(drop=True), expect.reset_index(drop=True))


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


# ------------------------------------------------------------------------------ figures


def _texts_readable_and_inside(fig) -> list[str]:
    """Texts of *fig* smaller than 9 px at the explorers' resolution, or drawn outside it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from papertoolkit.widgets._common import FIGURE_DPI

    fig.set_dpi(FIGURE_DPI)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = fig.bbox
    undrawn = set()  # tick labels outside the view limits are not drawn
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lo, hi), max(lo, hi)
            undrawn |= {id(label) for tick in axis.get_major_ticks()
                        if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9
                        for label in (tick.label1, tick.label2)}
    bad = []
    for text in fig.findobj(Text):
        if not text.get_text() or not text.get_visible() or id(text) in undrawn:
            continue
        if text.get_fontsize() * FIGURE_DPI / 72 < 9:
            bad.append(f"{text.get_text()!r}: {text.get_fontsize()} pt")
        box = text.get_window_extent(renderer)
        if box.x0 < page.x0 - 1 or box.x1 > page.x1 + 1 or box.y0 < page.y0 - 1 or \
                box.y1 > page.y1 + 1:
            bad.append(f"{text.get_text()!r} is clipped")
    return bad


def test_explorer_figures_have_readable_text_inside_the_figure(corpus, tags):
    import matplotlib

    from papertoolkit.widgets._common import FIGURE_FONTS

    votes = W.explore_votes(corpus, tags=tags)
    topics = W.explore_topics(corpus, tags=tags)
    with matplotlib.rc_context(FIGURE_FONTS):
        figures = [votes._draw(votes._selected_mask, "D"), topics._draw("llm", "W"),
                   topics._draw("robotics", "M")]
    for fig in figures:
        assert _texts_readable_and_inside(fig) == []


def test_daily_ticks_do_not_crowd_at_the_turn_of_a_month():
    from matplotlib.figure import Figure

    from papertoolkit.plots import date_axis

    ax = Figure(figsize=(5, 3)).subplots()
    days = pd.date_range("2024-04-26", "2024-05-26", freq="D")
    ax.plot(days, range(len(days)))
    assert date_axis(ax, days, freq="D") == "2024"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    # every 5th day from the first: a day locator restarted at May 1, two days after 04-29
    assert ticks == ["04-26", "05-01", "05-06", "05-11", "05-16", "05-21", "05-26"]


ROBOTS = {"robots": ["robot", "로봇"], "llm": ["LLM"]}


class _GatedPool:
    """A stand-in for the worker process: runs each task in the waiting thread once the
    gate opens (so the test sees the explorer before its topics arrive)."""

    def __init__(self):
        import threading

        self.gate = threading.Event()

    def submit(self, func, *args, **kwargs):
        from concurrent.futures import Future

        self.gate.wait(60)
        future = Future()
        future.set_result(func(*args, **kwargs))
        return future


def test_votes_tags_in_the_background_as_in_place(corpus, monkeypatch):
    from papertoolkit.topics import tag_topics
    from papertoolkit.widgets import _background, votes

    monkeypatch.setattr(votes, "BACKGROUND_PAPERS", 0)
    monkeypatch.setattr(_background, "TAG_CHUNK", 2)
    pool = _GatedPool()
    monkeypatch.setattr(_background, "_pool", lambda: pool)
    here = W.explore_votes(corpus, taxonomy=ROBOTS)
    w = W.explore_votes(corpus, taxonomy=ROBOTS, background=True)
    # open at once: every paper listed, topics not there yet, a progress bar instead
    assert w.topics.disabled and w.topics.options == ()
    assert w.topics_progress.layout.display == "flex" and w.topics_progress.max == 3
    assert len(w.selection) == len(here.selection) == 5  # 5 papers, 2 a chunk: 3 chunks
    assert set(w.selection["topics"]) == {""}
    pool.gate.set()
    w._tagger.thread.join(timeout=60)
    assert w.last_error is None
    assert (w.topics_progress.value, w.topics_progress.max) == (3, 3)
    assert w.topics_progress.layout.display == "none" and not w.topics.disabled
    pd.testing.assert_frame_equal(w.tags, tag_topics(corpus, taxonomy=ROBOTS))
    assert w.topics.options == here.topics.options
    pd.testing.assert_frame_equal(w.selection, here.selection)
    w.topics.value = ("robots",)
    assert table_titles(w.table) == [EPSILON, BETA]


def test_votes_tags_in_the_worker_process(corpus, monkeypatch):
    from papertoolkit.topics import tag_topics
    from papertoolkit.widgets import _background, votes

    monkeypatch.setattr(votes, "BACKGROUND_PAPERS", 0)
    monkeypatch.setattr(_background, "TAG_CHUNK", 2)
    w = W.explore_votes(corpus, taxonomy=ROBOTS, background=True)
    w._tagger.thread.join(timeout=120)
    assert w.last_error is None
    pd.testing.assert_frame_equal(w.tags, tag_topics(corpus, taxonomy=ROBOTS))
    assert [label for label, _ in w.topics.options] == ["robots (2)", "llm (2)"]


def test_worker_process_runs_below_the_kernels_priority():
    """The worker (communities, topics) yields the CPU to the kernel on a busy machine."""
    import os

    from papertoolkit.widgets._background import WORKER_NICENESS, _pool

    here = os.nice(0)
    assert _pool().submit(os.nice, 0).result(timeout=120) == min(here + WORKER_NICENESS, 19)


def test_tags_by_chunks_equal_tags_of_the_whole(data_dir):
    from papertoolkit.topics import tag_topics
    from papertoolkit.widgets._background import join_tags, paper_chunks

    c = ptk.load(data_dir, progress=False)
    chunks = paper_chunks(c, 7)
    assert len(chunks) == -(-len(c.papers_unique) // 7) > 1
    whole = tag_topics(c)
    assert len(whole) > 50
    pd.testing.assert_frame_equal(join_tags([tag_topics(p) for p in chunks]), whole)


def test_builtin_tags_are_computed_once_per_corpus(monkeypatch):
    import papertoolkit.topics

    c = ptk.loads(DIGEST)
    first = W.explore_votes(c)

    def no_second_time(*args, **kwargs):
        raise AssertionError("tagged again")

    monkeypatch.setattr(papertoolkit.topics, "tag_topics", no_second_time)
    again = W.explore_votes(c)
    assert again.tags is first.tags
    assert W.explore_topics(c).tags is first.tags
    with pytest.raises(AssertionError, match="tagged again"):  # another corpus: tagged
        W.explore_votes(ptk.loads(DIGEST))
