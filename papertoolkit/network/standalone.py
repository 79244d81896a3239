"""ipysigma maps in a page of their own that opens offline (the report, ``write_network_html``).

ipywidgets' standalone HTML loads the widget scripts from a CDN. Instead, the page inlines
the JavaScript bundle that ships inside the installed ipysigma package (its classic-notebook
build, ``ipysigma/nbextension/index.js``, one file of about 0.6 MB with sigma.js and
graphology) and runs ipysigma's own view with a small stand-in for the two classes it takes
from ``@jupyter-widgets/base`` (``static/sigma_page.js``): zoom, pan, search, the legend,
hover and click work as in Jupyter, with no request to the internet. The hover card
(``static/sigma_hover.js``) adds papers and votes to the name; a click lists the author's
papers under the map.

Licences: ipysigma is MIT; the libraries in its bundle are MIT, ISC (d3) and BSD-3-Clause
(chroma.js, its ColorBrewer colours Apache-2.0), all of which allow redistribution with
their notices. The page keeps them: ipysigma's ``LICENSE.txt`` and the bundle's
``index.js.LICENSE.txt`` are copied into a comment before the bundle.

Examples
--------
>>> "ptkAttachHover" in hover_script()
True
>>> script_json({"a": "</script>"})
'{"a": "\\\\u003c/script>"}'
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["hover_script", "script_json", "sigma_assets", "sigma_bundle", "sigma_mount"]

STATIC = Path(__file__).with_name("static")


def hover_script() -> str:
    """The hover card's JavaScript (``ptkAttachHover(view, papersOf)``)."""
    return (STATIC / "sigma_hover.js").read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """*value* as JSON that is safe inside a ``<script>`` element (no ``</script>``)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def sigma_bundle() -> tuple[str, str]:
    """The installed ipysigma's JavaScript bundle and its licence texts.

    Raises
    ------
    ImportError
        When ipysigma is not installed or its package holds no bundle.
    """
    try:
        import ipysigma
    except ImportError as exc:
        raise ImportError("an interactive map needs ipysigma "
                          "(pip install 'papertoolkit[interactive]')") from exc
    folder = Path(ipysigma.__file__).with_name("nbextension")
    bundle = folder / "index.js"
    if not bundle.is_file():
        raise ImportError(f"ipysigma {getattr(ipysigma, '__version__', '')} ships no "
                          f"nbextension/index.js; cannot draw the map offline")
    notices = []
    try:
        dist = metadata.distribution("ipysigma")
        for file in dist.files or ():
            if file.name.upper().startswith(("LICENSE", "COPYING")):
                notices.append(Path(dist.locate_file(file)).read_text(encoding="utf-8"))
    except (metadata.PackageNotFoundError, OSError):  # pragma: no cover - unusual installs
        pass
    extra = folder / "index.js.LICENSE.txt"
    if extra.is_file():
        notices.append(extra.read_text(encoding="utf-8"))
    return bundle.read_text(encoding="utf-8"), "\n\n".join(notices)


def sigma_assets() -> str:
    """The ``<script>`` elements a page needs once before any :func:`sigma_mount`."""
    bundle, notices = sigma_bundle()
    notices = notices.replace("*/", "* /").replace("</", "<\\/")
    return (
        # Jupyter gives every widget position:relative (lumino); ipysigma's panels need it
        "<style>.ptk-sigma-map .ipysigma-widget { position: relative; overflow: hidden; }"
        " .ptk-sigma-papers ol { padding-left: 1.6em; }</style>\n"
        f"<script>{(STATIC / 'sigma_page.js').read_text(encoding='utf-8')}\n"
        f"{hover_script()}</script>\n"
        f"<script>/* ipysigma's bundle, from the installed package. Its licences:\n"
        f"{notices}\n*/\n{bundle}\n</script>\n"
        # the AMD stand-in must not catch other scripts' UMD wrappers
        "<script>delete window.define;</script>\n"
    )


def sigma_mount(widget: Any, element_id: str, papers_of: dict | None = None) -> str:
    """HTML that draws *widget* (an ``ipysigma.Sigma``) in the page, with a hover card and,
    on a click, the author's papers (``papers_of[node] = {"papers": [[arxiv_id, title,
    votes, date], ...], "more": n}``) under the map."""
    state = widget.get_state()
    data = {"state": {k: v for k, v in state.items() if not k.startswith("_")},
            "papers": papers_of or {}}
    return (
        f'<div id="{element_id}" class="ptk-sigma">'
        '<div class="ptk-sigma-map"></div><div class="ptk-sigma-papers"></div></div>'
        f'<script type="application/json" id="{element_id}-data">{script_json(data)}</script>'
        f"<script>ptkSigmaMount({script_json(element_id)});</script>"
    )
