"""The votes explorer's fast paths give what the simple paths give.

- ``selection`` is ``papers_unique`` of the selected rows (what ``corpus.filter(...)
  .papers_unique`` gives), ordered and dated as the explorer's first version did with its
  own pandas reduction (recomputed here, independently);
- the table's JSON, written from cells made once, is the JSON of the table's DataFrame;
- the figure, redrawn in place on one kept Figure, has the pixels of a new figure drawn by
  the public plot functions, and its bars and line hold ``vote_distribution`` and
  ``votes_over_time`` of the selection.
"""

from __future__ import annotations

import base64
import io

import matplotlib
import numpy as np
import pandas as pd
import pytest
from PIL import Image

import papertoolkit as ptk
from papertoolkit import votes
from papertoolkit import widgets as W
from papertoolkit.datatable import _rows_json
from papertoolkit.widgets._background import empty_like_tags
from papertoolkit.widgets._common import FIGURE_FONTS, _figure_output
from papertoolkit.widgets.votes import HTML_COLUMNS


@pytest.fixture(scope="module")
def sample(data_dir):
    return ptk.load(data_dir, progress=False)


def old_selection(w) -> pd.DataFrame:
    """The explorer's first selection code: a pandas reduction of the selected rows (one
    row per paper: the appearance with the most votes, then the earliest, then the first;
    most votes first), on the corpus' own columns."""
    papers = w._corpus.papers.reset_index(drop=True)
    rows = np.flatnonzero(w._selected_mask)
    frame = pd.DataFrame({"row": rows, "arxiv_id": papers["arxiv_id"].astype(str).to_numpy()[rows],
                          "date": papers["date"].to_numpy()[rows],
                          "votes": papers["votes"].astype("Float64").to_numpy(
                              dtype=float, na_value=np.nan)[rows]})
    days = frame.groupby("arxiv_id")["date"].nunique()
    frame = frame.sort_values(["votes", "date", "row"], ascending=[False, True, True],
                              na_position="last", kind="stable").drop_duplicates("arxiv_id")
    r = frame["row"].to_numpy()
    ids = frame["arxiv_id"].to_numpy()
    return pd.DataFrame({
        "arxiv_id": ids, "title": papers["title"].to_numpy()[r],
        "date": papers["date"].to_numpy()[r], "votes": papers["votes"].to_numpy()[r],
        "appearances": days.reindex(ids).to_numpy(),
    })


def check_selection(w) -> None:
    sel, old = w.selection, old_selection(w)
    assert sel["arxiv_id"].tolist() == old["arxiv_id"].tolist()
    assert sel["date"].tolist() == old["date"].tolist()
    assert sel["votes"].astype(object).fillna(-1).tolist() == \
        old["votes"].astype(object).fillna(-1).tolist()
    assert sel["appearances"].tolist() == old["appearances"].tolist()
    # the titles are papers_unique's (the first seen): they differ from the old path only
    # for a paper whose digests wrote its title two ways
    unique = ptk.corpus.papers_unique_table(w._corpus.papers.reset_index(drop=True)[
        w._selected_mask]).set_index("arxiv_id")
    assert sel["title"].tolist() == unique.loc[sel["arxiv_id"], "title"].tolist()
    assert sel["url"].tolist() == unique.loc[sel["arxiv_id"], "url"].tolist()
    same = old["title"].to_numpy() == sel["title"].to_numpy(dtype=object)
    renamed = set(old["arxiv_id"][~same])
    assert all(w._corpus.papers.loc[w._corpus.papers["arxiv_id"] == i, "title"].nunique() > 1
               for i in renamed)
    authors = {i: "; ".join(a) for i, a in w._index.authors.items()}
    assert sel["authors"].tolist() == [authors.get(i, "") for i in sel["arxiv_id"]]


def check_table(w) -> None:
    table = w.table
    assert table._dt_args["data_json"] == _rows_json(table.frame, HTML_COLUMNS)
    frame = table.frame
    sel = w.selection
    assert frame["arXiv id"].tolist() == sel["arxiv_id"].tolist()
    assert frame["Votes"].astype(object).fillna(-1).tolist() == \
        sel["votes"].astype(object).fillna(-1).tolist()
    assert frame["Days listed"].tolist() == sel["appearances"].tolist()
    assert [t.split(">", 1)[1].rsplit("<", 1)[0] for t in frame["Title"]] == \
        [ptk.datatable.esc(t) for t in sel["title"].fillna("")]
    assert list(w._table_ids) == sel["arxiv_id"].tolist()


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def check_figure(w) -> None:
    out = w.plot.outputs[0]["data"]
    if "image/png" not in out:
        return
    with matplotlib.rc_context(FIGURE_FONTS):
        fresh = _figure_output(w._draw(w._selected_mask, w._freq))
    assert out["text/plain"] == fresh["data"]["text/plain"]
    kept = pixels(base64.b64decode(out["image/png"]))
    new = pixels(base64.b64decode(fresh["data"]["image/png"]))
    assert kept.shape == new.shape
    assert (kept != new).any(axis=-1).sum() == 0  # the very same picture
    # and the data drawn is the public functions' on the selection
    left, right = w._draw(w._selected_mask, w._freq).axes
    sub = w._corpus.papers.reset_index(drop=True)[w._selected_mask]
    dist = votes.vote_distribution(sub)
    if len(dist):
        assert [b.get_height() for b in left.patches] == dist["papers"].astype(float).tolist()
        assert [t.get_text() for t in left.get_xticklabels()] == dist["bin"].tolist()
    over = votes.votes_over_time(sub, freq=w._freq).dropna(subset=["median_votes"])
    if len(over):
        y = right.lines[0].get_ydata()
        assert y[~np.isnan(y)].tolist() == over["median_votes"].astype(float).tolist()


def check(w) -> None:
    assert w.last_error is None
    check_selection(w)
    check_table(w)
    check_figure(w)


def settings(w):
    """Filter changes as a user makes them, each checked after it is applied."""
    days = [d for _, d in w.dates.options]
    yield lambda: None
    for v in (1, 5, 20, 10_000, 0):
        yield lambda v=v: setattr(w.min_votes, "value", v)
    for lo, hi in ((0, 0), (0, min(3, len(days) - 1)), (len(days) // 2, len(days) - 1),
                   (0, len(days) - 1)):
        yield lambda lo=lo, hi=hi: setattr(w.dates, "value", (days[lo], days[hi]))
    for text in ("diffusion", "model", "zzzz-not-there", ""):
        yield lambda text=text: setattr(w.search, "value", text)
    yield lambda: setattr(w.min_votes, "value", 1)
    yield lambda: setattr(w.dates, "value", (days[len(days) // 3], days[len(days) // 3]))
    yield lambda: setattr(w.min_votes, "value", 0)
    yield lambda: setattr(w.dates, "value", (days[0], days[-1]))


def test_sample_every_setting(sample):
    w = W.explore_votes(sample, tags=empty_like_tags(None))
    for change in settings(w):
        change()
        check(w)


def test_selection_is_papers_unique_of_the_filter(sample):
    w = W.explore_votes(sample, tags=empty_like_tags(None))
    days = [d for _, d in w.dates.options]
    w.dates.value = (days[2], days[-2])
    w.min_votes.value = 10
    expected = sample.filter(start=days[2], end=days[-2], min_votes=10).papers_unique
    expected = expected.set_index("arxiv_id")
    sel = w.selection.set_index("arxiv_id")
    assert sorted(sel.index) == sorted(expected.index)
    for ours, theirs in (("votes", "max_votes"), ("appearances", "appearances"),
                         ("title", "title"), ("url", "url")):
        assert sel[ours].tolist() == expected.loc[sel.index, theirs].tolist()


def test_titles_written_two_ways_come_from_papers_unique():
    text = ("## Daily Papers (2024-10-16)\n### [A $x$ B](https://arxiv.org/abs/2410.00001)\n"
            "Vote: 5\n### [C](https://arxiv.org/abs/2410.00002)\nVote: 9\n"
            "## Daily Papers (2024-10-18)\n### [A x B](https://arxiv.org/abs/2410.00001)\n"
            "Vote: 9\n")
    c = ptk.loads(text)
    w = W.explore_votes(c, tags=empty_like_tags(None))
    # equal votes: the earlier day first; A is shown on its day with 9 votes, titled as
    # first seen
    assert w.selection[["arxiv_id", "title", "votes", "appearances"]].values.tolist() == [
        ["2410.00002", "C", 9, 1], ["2410.00001", "A $x$ B", 9, 2]]
    assert w.selection["date"].dt.strftime("%m-%d").tolist() == ["10-16", "10-18"]
    check(w)
    w.dates.value = (w.dates.options[-1][1],) * 2  # the second day alone: its own title
    assert w.selection["title"].tolist() == ["A x B"]
    check(w)


def test_real_corpus_every_setting(real_corpus):
    w = W.explore_votes(real_corpus, tags=empty_like_tags(None))
    for change in settings(w):
        change()
        check(w)


class KernelLoop:
    """The kernel's event loop as the explorer sees it: callbacks run when the cell has
    returned (here: when ``run`` is called)."""

    def __init__(self):
        self.callbacks: list = []

    def add_callback(self, func) -> None:
        self.callbacks.append(func)

    def run(self) -> int:
        n = 0
        while self.callbacks:
            self.callbacks.pop(0)()
            n += 1
        return n


@pytest.fixture
def kernel(monkeypatch):
    from papertoolkit.widgets import votes as module

    loop = KernelLoop()
    monkeypatch.setattr(module, "_kernel_scheduler", lambda: loop.add_callback)
    monkeypatch.setattr(module, "BACKGROUND_PAPERS", 20)
    return loop


def test_in_a_kernel_the_first_page_then_the_rest(sample, kernel):
    tags = empty_like_tags(None)
    whole = W.explore_votes(sample, tags=tags, background=False)
    w = W.explore_votes(sample, tags=tags)
    # the cell returns with the status, the table's first page, a progress bar
    assert w.status.value == whole.status.value
    first = w.table.frame
    assert len(first) == 10 and len(whole.table.frame) == len(whole.selection) > 10
    pd.testing.assert_frame_equal(first, whole.table.frame.head(10))
    assert w.loading.layout.display == "flex" and w.loading.value == 0
    assert w.plot.outputs[0]["data"]["text/plain"] == "Drawing the plots…"
    assert w._index is None and kernel.callbacks
    # then the kernel runs the rest, a step at a time: what is shown is what a build
    # without the background shows
    assert kernel.run() == 3
    assert w.loading.layout.display == "none" and w.loading.value == w.loading.max == 3
    assert w.table._dt_args["data_json"] == whole.table._dt_args["data_json"]
    pd.testing.assert_frame_equal(w.selection, whole.selection)
    assert w.plot.outputs == whole.plot.outputs
    w.min_votes.value = 20
    whole.min_votes.value = 20
    assert w.table._dt_args["data_json"] == whole.table._dt_args["data_json"]
    check(w)


def test_in_a_kernel_a_change_before_the_rest_is_loaded(sample, kernel):
    w = W.explore_votes(sample, tags=empty_like_tags(None))
    w.search.value = "model"  # the reader types before the kernel ran the rest
    assert w.last_error is None and w.loading.layout.display == "none"
    check(w)
    before = w.table._dt_args["data_json"]
    kernel.run()  # nothing left to load: what is shown stays
    assert w.table._dt_args["data_json"] == before and w.last_error is None
    check(w)


def test_in_a_kernel_the_topics_arrive_after_the_rows(sample, kernel, monkeypatch):
    from papertoolkit.topics import tag_topics
    from papertoolkit.widgets import _background

    monkeypatch.setattr(_background, "_pool", lambda: _Now())
    w = W.explore_votes(sample)
    assert w._tagger is None and w.topics.options == ()
    kernel.run()  # rows, plots, then tagging starts; its result is scheduled too
    w._tagger.thread.join(timeout=60)
    kernel.run()
    assert w.last_error is None and not w.topics.disabled
    pd.testing.assert_frame_equal(w.tags, tag_topics(sample))
    assert w.selection["topics"].str.len().gt(0).any()
    check(w)


class _Now:
    """A pool that runs each task at once (no worker process)."""

    def submit(self, func, *args, **kwargs):
        from concurrent.futures import Future

        future = Future()
        future.set_result(func(*args, **kwargs))
        return future


def test_in_a_kernel_display_completes_the_explorer(sample, kernel, monkeypatch):
    """A displayed explorer shows its first page, then loads the rest within the cell: a
    notebook run headless (nbclient) saves every row, the plots and an updated snapshot."""
    import IPython.display

    shown, updated = [], []

    class Handle:
        def update(self, obj, **kwargs):
            updated.append(obj)

    def display(obj, raw=False, display_id=None, **kwargs):
        shown.append((obj, raw, w.table.frame.shape[0], w.loading.value))
        return Handle() if display_id else None

    monkeypatch.setattr(IPython.display, "display", display)
    whole = W.explore_votes(sample, tags=empty_like_tags(None), background=False)
    w = W.explore_votes(sample, tags=empty_like_tags(None))
    w._ipython_display_()
    (snapshot, _, rows1, loaded1), (_, _, rows2, loaded2) = shown
    assert (rows1, loaded1) == (rows2, loaded2) == (10, 0)  # shown as built: a first page
    assert "Drawing the plots" in snapshot["text/html"]
    assert w.loading.layout.display == "none" and w.loading.value == 3
    assert w.table._dt_args["data_json"] == whole.table._dt_args["data_json"]
    assert w.plot.outputs == whole.plot.outputs
    (snapshot,) = updated  # the snapshot written again with every row and the plots
    assert snapshot["text/html"].count('<img src="data:image/png;base64,') == 1
    kernel.run()  # the scheduled steps find nothing left
    assert w.last_error is None and len(updated) == 2
    check(w)
