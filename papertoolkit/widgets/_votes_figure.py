"""The votes explorer's figure: made once, then redrawn in place for each selection.

Making a matplotlib Figure and its two Axes costs about as much as rendering them (some
60 ms on the real corpus), so the explorer keeps one Figure. For a new selection the data
artists (bars, line, "no votes" text) are removed and the public plot functions
(:func:`~papertoolkit.votes.plot_vote_distribution`,
:func:`~papertoolkit.votes.plot_votes_over_time`)
draw again on the same Axes: the picture is the one a new figure would give (the tests
compare the pixels), the Axes, ticks and fonts are reused. The PNG is rendered by the
Figure's own Agg canvas and encoded by Pillow at the fastest compression.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # imported lazily at run time
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Size (inches) and fixed margins of the explorer's figure.
FIGSIZE = (11, 3.8)
MARGINS = {"left": 0.06, "right": 0.98, "bottom": 0.27, "top": 0.84, "wspace": 0.2}


def draw_votes(papers: pd.DataFrame, per_paper: pd.DataFrame, freq: str,
               axes: list[Axes] | None = None) -> Figure:
    """The explorer's two plots: the distribution of *per_paper*'s votes (one row per
    paper, a ``papers_unique`` table with ``date`` and ``votes`` too) and the median votes
    of *papers* (appearances) per *freq*, on *axes* or on a new Figure's."""
    from papertoolkit.votes import plot_vote_distribution, plot_votes_over_time

    from ._common import _new_figure

    if axes is None:
        _, axes = _new_figure(FIGSIZE, ncols=2, **MARGINS)
    left, right = axes
    plot_vote_distribution(per_paper, ax=left)
    plot_votes_over_time(papers, freq=freq, ax=right)
    # the titles say "snapshot on digest day"; the full label is too tall for the axis
    right.set_ylabel("median of votes")
    return left.figure


def _clear_data(ax: Axes) -> None:
    """Remove what a plot function added to *ax* (bars, lines, texts) and let the view
    limits follow the next data again, as on a new Axes."""
    for container in list(ax.containers):
        container.remove()
    for artist in [*ax.patches, *ax.lines, *ax.texts]:
        artist.remove()
    ax.set_prop_cycle(None)  # the next bars and line take the first colour again
    ax.set_yscale("linear")
    ax.set_autoscale_on(True)
    ax.relim()  # no artist left: the data limits are empty, the next plot sets them


class VotesFigure:
    """One Figure with the explorer's two Axes, redrawn for each selection.

    :meth:`draw` returns the Figure with the new selection drawn; :meth:`output` renders
    it to a PNG ``display_data`` output. A selection without any vote is drawn on a new
    Figure (its Axes show a message, not data) and the next one on a new kept Figure.
    """

    def __init__(self) -> None:
        self.figure: Figure | None = None
        self._kept: Figure | None = None

    def draw(self, papers: pd.DataFrame, per_paper: pd.DataFrame, freq: str) -> Figure:
        """Draw the selection (arguments as :func:`draw_votes`) on the kept Figure."""
        if not per_paper["votes"].notna().any():  # messages: drawn on a Figure of its own
            self.figure, self._kept = draw_votes(papers, per_paper, freq), None
        elif self._kept is None:
            self.figure = self._kept = draw_votes(papers, per_paper, freq)
        else:
            for ax in self._kept.axes:
                _clear_data(ax)
            self.figure = draw_votes(papers, per_paper, freq, axes=self._kept.axes)
        return self.figure

    def output(self) -> dict[str, Any]:
        """The Figure as it is now, as a PNG ``display_data`` output."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from PIL import Image

        from ._common import FIGURE_DPI, _png_output

        fig = self.figure
        assert fig is not None, "draw() first"
        if not isinstance(fig.canvas, FigureCanvasAgg):
            FigureCanvasAgg(fig)  # the Figure's own canvas: its renderer is kept
            fig.set_dpi(FIGURE_DPI)
        fig.canvas.draw()
        buffer = io.BytesIO()
        Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(),
                         "raw", "RGBA", 0, 1).save(buffer, format="png", compress_level=1)
        return _png_output(buffer.getvalue(), fig)
