"""A hover card for the ipysigma maps in Jupyter: name, papers, votes, co-authors, community.

ipysigma draws a hovered node's label, nothing more, and has no tooltip option (its
``node_label`` is the text drawn beside every node, so packing numbers into it would crowd the
map). :func:`with_hover` puts a small invisible companion widget (an anywidget, the
library itables' tables already use) beside a map: in the browser it finds the map's view
through the widget manager and shows a card on sigma's ``enterNode``, from the node's own
attributes (``papers``, ``votes``, ``coauthors`` in the whole graph, ``degree`` in the drawn
network, ``community``; see
:func:`~papertoolkit.network.interactive.network_view`). The card's script
(``static/sigma_hover.js``) is the one the offline report uses.

Examples
--------
>>> import networkx as nx
>>> from papertoolkit.network import interactive_network
>>> G = nx.Graph([("A", "B", {"weight": 1})])
>>> w = interactive_network(G)                       # doctest: +SKIP
>>> box = with_hover(w)                              # doctest: +SKIP
>>> box.children[0] is w, box.children[1].target == w.model_id  # doctest: +SKIP
(True, True)
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .standalone import hover_script

__all__ = ["with_hover"]

_FIND_VIEWS = """
export default {
  render({ model, el }) {
    el.style.display = "none";
    let stopped = false;
    const tick = async () => {
      if (stopped) return;
      try {
        const target = await model.widget_manager.get_model(model.get("target"));
        for (const pending of Object.values(target.views || {})) {
          const view = await pending;
          if (view && view.renderer && view.graph) ptkAttachHover(view, null);
        }
      } catch (err) { /* the map is not shown (yet) */ }
      if (!stopped) setTimeout(tick, 800);
    };
    tick();
    return () => { stopped = true; };
  }
};
"""


@cache
def _hover_class() -> type | None:
    try:
        import anywidget
        import traitlets
    except ImportError:  # pragma: no cover - anywidget comes with itables[widget]
        return None

    class MapHover(anywidget.AnyWidget):
        """Shows a hover card on the ipysigma map whose model id is ``target``."""

        _esm = traitlets.Unicode(hover_script() + _FIND_VIEWS).tag(sync=True)
        target = traitlets.Unicode("").tag(sync=True)

    return MapHover


def with_hover(sigma: Any) -> Any:
    """*sigma* (an ``ipysigma.Sigma``) in a ``VBox`` with its hover card companion
    (``box.children == (sigma, hover)``); the same box on every call. *sigma* itself
    when anywidget is missing."""
    box = getattr(sigma, "_ptk_hover_box", None)
    if box is not None:
        return box
    cls = _hover_class()
    if cls is None:  # pragma: no cover
        return sigma
    import ipywidgets as widgets

    box = widgets.VBox([sigma, cls(target=sigma.model_id)])
    sigma._ptk_hover_box = box
    return box


@cache
def map_class() -> type:
    """``ipysigma.Sigma`` shown with its hover card (:func:`with_hover`) when displayed."""
    from ipysigma import Sigma

    class AuthorMap(Sigma):
        """An ``ipysigma.Sigma`` that Jupyter shows with a hover card (papers, votes)."""

        def _repr_mimebundle_(self, **kwargs: Any) -> Any:
            box = with_hover(self)
            if box is self:  # pragma: no cover - without anywidget
                return super()._repr_mimebundle_(**kwargs)
            return box._repr_mimebundle_(**kwargs)

    return AuthorMap
