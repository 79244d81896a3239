"""Interactive tables (DataTables through itables) and the HTML pieces every view shares.

Tables are shown with `itables <https://mwouts.github.io/itables/>`_, which wraps the
DataTables library: a reader sorts by clicking a header, searches all columns, filters one
column from its header, pages, and downloads what is shown as CSV or Excel. itables ships
DataTables and its extensions inside the Python package, so nothing is fetched from the
internet, in JupyterLab 4 (as an anywidget, :class:`InteractiveTable`) or in a saved HTML
page (:func:`table_html`).

Every text shown goes through :func:`esc` (``html.escape``); links are built from arXiv ids,
never copied from the digests, and look like links (blue, underlined).

Examples
--------
>>> a = link("https://arxiv.org/abs/2402.00001", "A <b>title</b>")
>>> a.split(">", 1)[1]
'A &lt;b&gt;title&lt;/b&gt;</a>'
>>> "text-decoration:underline" in a and 'target="_blank"' in a
True
>>> fmt_pct(0.013889), fmt_sig(0.013889), fmt_int(12345)
('1.4%', '0.014', '12,345')
"""

from __future__ import annotations

import html
import json
import math
import os
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from ._compat import positional_options

__all__ = [
    "FONT_STACK",
    "datatables_assets",
    "arxiv_url",
    "esc",
    "fmt_int",
    "fmt_pct",
    "fmt_sig",
    "hf_url",
    "interactive_table",
    "link",
    "static_table",
    "table_html",
]

#: CSS font stack of every HTML output: the system's UI font for Latin text, then Korean
#: fonts (macOS, Windows, Linux/Noto, Linux/Nanum) so Hangul never falls back to boxes.
#: Single-quoted, so it fits in a ``style="..."`` attribute.
FONT_STACK = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans CJK KR', 'Noto Sans KR', "
    "'NanumGothic', 'Nanum Gothic', 'NanumBarunGothic', 'UnDotum', sans-serif"
)
LINK_STYLE = "color:#1a5fb4;text-decoration:underline"
#: Style sheet for pages and explorers holding tables: readable links in a selected row,
#: dates and numbers kept on one line, the marks of search hits and matched terms.
TABLE_CSS = (
    "table.dataTable tr.selected a.ptk-link{color:#fff !important}"
    "table.dataTable tr.selected mark{color:#000}"
    "table.dataTable td.dt-type-date,table.dataTable td.dt-type-numeric{white-space:nowrap}"
    "table.dataTable td{vertical-align:top}"
    "mark{background:#ffe58a;color:inherit;padding:0 1px}"
)
MUTED = "color:#555"
#: DataTables renderer of whole numbers: "12,345" on screen, the number itself to sort,
#: filter and download.
THOUSANDS_JS = ("function (data, type) { return type === 'display' && typeof data === "
                "'number' ? data.toLocaleString('en-US') : data; }")
#: Page lengths offered by every table.
PAGE_LENGTHS = [10, 25, 50, 100, 500]
#: Buttons shown above every table.
BUTTONS = ("csvHtml5", "excelHtml5")


# ----------------------------------------------------------------------------- HTML pieces


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or bool(
            pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def esc(value: Any) -> str:
    """Escaped text of *value*; a missing value gives an en dash.

    Parameters
    ----------
    value : object
        Anything; shown through ``str``.

    Returns
    -------
    str

    Examples
    --------
    >>> esc("<b>A & B</b>"), esc(None)
    ('&lt;b&gt;A &amp; B&lt;/b&gt;', '–')
    """
    if type(value) is str:  # the common case, never missing
        return html.escape(value, quote=True)
    if _missing(value):
        return "–"
    return html.escape(str(value), quote=True)


def arxiv_url(arxiv_id: Any) -> str:
    """The arXiv abstract page of *arxiv_id*.

    Parameters
    ----------
    arxiv_id : str
        An arXiv id, new or old style.

    Returns
    -------
    str

    Examples
    --------
    >>> arxiv_url("2402.10200"), arxiv_url("hep-th/9901001")
    ('https://arxiv.org/abs/2402.10200', 'https://arxiv.org/abs/hep-th/9901001')
    """
    return "https://arxiv.org/abs/" + quote(str(arxiv_id), safe="/.")


def hf_url(arxiv_id: Any) -> str:
    """The Hugging Face paper page of *arxiv_id*.

    Parameters
    ----------
    arxiv_id : str
        An arXiv id.

    Returns
    -------
    str

    Examples
    --------
    >>> hf_url("2402.10200")
    'https://huggingface.co/papers/2402.10200'
    """
    return "https://huggingface.co/papers/" + quote(str(arxiv_id), safe="/.")


def link(url: str, text: Any, *, title: str | None = None) -> str:
    """An ``<a>`` that opens *url* in a new tab, styled as a link; text and URL escaped.

    Parameters
    ----------
    url : str
        The target.
    text : object
        The link's text.
    title : str, optional
        A tooltip.

    Returns
    -------
    str
        HTML.

    Examples
    --------
    >>> a = link(arxiv_url("2402.10200"), "CoT <decoding>")
    >>> a.startswith('<a class="ptk-link" href="https://arxiv.org/abs/2402.10200"'), a[-25:]
    (True, '>CoT &lt;decoding&gt;</a>')
    """
    tip = f' title="{esc(title)}"' if title else ""
    return (f'<a class="ptk-link" href="{esc(url)}" target="_blank" rel="noopener"{tip} '
            f'style="{LINK_STYLE}">{esc(text)}</a>')


def fmt_int(value: Any) -> str:
    """A whole number with thousands separators (``12,345``); missing gives an en dash.

    Parameters
    ----------
    value : int or None
        A whole number, or a missing value.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_int(1234567), fmt_int(None)
    ('1,234,567', '–')
    """
    return "–" if _missing(value) else f"{int(value):,}"


@positional_options
def fmt_pct(value: Any, *, digits: int = 2) -> str:
    """A share (0-1) as a percent with *digits* significant digits (``0.013889`` -> ``1.4%``).

    Parameters
    ----------
    value : float or None
        A share between 0 and 1, or a missing value.
    digits : int, default 2
        Significant digits.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_pct(0.013889), fmt_pct(0.013889, digits=3), fmt_pct(0.5)
    ('1.4%', '1.39%', '50%')
    """
    if _missing(value):
        return "–"
    return fmt_sig(float(value) * 100, digits=digits) + "%"


@positional_options
def fmt_sig(value: Any, *, digits: int = 2) -> str:
    """A number with *digits* significant digits and thousands separators.

    Parameters
    ----------
    value : float or None
        A number, or a missing value.
    digits : int, default 2
        Significant digits (whole numbers keep all of theirs).

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_sig(1234.5678), fmt_sig(0.000123456, digits=3), fmt_sig(None)
    ('1,235', '0.000123', '–')
    """
    if _missing(value):
        return "–"
    x = float(value)
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    decimals = max(digits - 1 - int(math.floor(math.log10(abs(x)))), 0)
    return f"{round(x, decimals):,.{decimals}f}"


# ----------------------------------------------------------------------------- tables


def _column_values(series: pd.Series, is_html: bool) -> list[Any]:
    """JSON-ready cells of one column: numbers stay numbers (sortable), text is escaped.

    Vectorised per column (a table of the whole corpus has some 40,000 cells).
    """
    missing = series.isna().to_numpy()
    if pd.api.types.is_bool_dtype(series.dtype):
        values = series.astype(object).to_numpy()
    elif pd.api.types.is_integer_dtype(series.dtype):
        values = series.astype("Int64").astype(object).to_numpy()
    elif pd.api.types.is_float_dtype(series.dtype):
        values = series.astype(float).astype(object).to_numpy()
    elif pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = pd.DatetimeIndex(series).strftime("%Y-%m-%d").to_numpy(dtype=object)
    else:
        values = series.to_numpy(dtype=object)
        texts = [str(v) for v in values[~missing]]
        if not is_html:
            texts = [html.escape(t, quote=True) for t in texts]
        out = np.full(len(values), "", dtype=object)
        out[~missing] = texts
        return out.tolist()
    values = values.copy()
    values[missing] = None
    return values.tolist()


def _rows_json(frame: pd.DataFrame, html_columns: Iterable[str]) -> str:
    html_set = set(html_columns)
    columns = [_column_values(frame[c], c in html_set) for c in frame.columns]
    return json.dumps(list(zip(*columns, strict=True)), ensure_ascii=False)  # tuples: arrays


def _options(filename: str, page_length: int, select: bool, order: Sequence | None,
             column_search: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "showIndex": False,
        "allow_html": True,
        "maxBytes": 0,
        "pageLength": page_length,
        "lengthMenu": sorted({*PAGE_LENGTHS, page_length}),
        # every filtered row is downloaded, whether a row is selected or not
        "buttons": ["pageLength"] + [
            {"extend": b, "title": filename, "footer": False,
             "exportOptions": {"modifier": {"selected": None}, "orthogonal": "export"}}
            for b in BUTTONS],
        "layout": {"topStart": "buttons", "topEnd": "search",
                   "bottomStart": "info", "bottomEnd": "paging"},
        "order": list(order) if order is not None else [],
        "autoWidth": False,
        "text_in_header_can_be_selected": False,  # a click on a header sorts
        "classes": "display compact",
        "style": f"width:100%;margin:0;font-family:{FONT_STACK}",
    }
    if column_search:  # a search box under each column, in the footer (headers sort)
        options["columnControl"] = [{"target": "tfoot", "content": ["search"]}]
    if select:
        options["select"] = {"style": "single", "info": False}
    return options


def _dt_args(frame: pd.DataFrame, html_columns: Sequence[str], options: dict[str, Any],
             caption: str | None = None, template: dict[str, Any] | None = None,
             rows_json: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The arguments of itables' JavaScript ``ITable`` for *frame*, and the reusable template.

    itables formats every cell with pandas' general formatter (about 0.1 s per 1,000 rows
    of text), so it is given a one-row probe to build the header and the options; the rows
    are then written here as JSON (numbers as numbers, text escaped).
    """
    if template is None:
        from itables import JavascriptFunction
        from itables.javascript import get_itables_extension_arguments

        probe = frame.head(1).astype(object)
        whole = [k for k, c in enumerate(frame.columns)
                 if pd.api.types.is_integer_dtype(frame[c].dtype)]
        if whole:  # shown with thousands separators; sorted and downloaded as numbers
            options = {**options, "columnDefs": [
                {"targets": whole, "render": JavascriptFunction(THOUSANDS_JS)}]}
        args, other = get_itables_extension_arguments(probe, caption, **options)
        template = {k: v for k, v in args.items()
                    if k not in ("data_json", "filtered_row_count", "downsampling_warning")}
        template["_other"] = other
    args = {k: v for k, v in template.items() if k != "_other"}
    args["data_json"] = _rows_json(frame, html_columns) if rows_json is None else rows_json
    args["filtered_row_count"] = 0
    args["downsampling_warning"] = ""
    return args, template


def _make_table_class():
    from itables.widget import ITable

    class InteractiveTable(ITable):
        """An itables DataTable widget that shows a DataFrame; see :func:`interactive_table`.

        ``frame`` is the DataFrame shown (row *i* of the table is ``frame.iloc[i]``, whatever
        the reader's sorting); ``selected_rows`` (a trait, observe it) holds the positions of
        the selected rows. :meth:`show` replaces the data.
        """

        def __init__(self, frame: pd.DataFrame, *, html_columns: Sequence[str] = (),
                     filename: str = "papertoolkit", page_length: int = 10,
                     select: bool = False, order: Sequence | None = None,
                     column_search: bool = True, caption: str | None = None):
            super().__init__()
            self._html_columns = tuple(html_columns)
            self._options = _options(filename, page_length, select, order, column_search)
            self._caption = caption
            self._columns: tuple[str, ...] | None = None
            self._template: dict[str, Any] | None = None
            self._frame: pd.DataFrame | Callable[[], pd.DataFrame] = frame
            self.show(frame)

        @property
        def frame(self) -> pd.DataFrame:
            """The DataFrame shown (made on first read when :meth:`show` got a function)."""
            if callable(self._frame):
                self._frame = self._frame()
            return self._frame

        def show(self, frame: pd.DataFrame | Callable[[], pd.DataFrame], *,
                 order: Sequence | None = None, columns: Sequence[str] | None = None,
                 rows_json: str | None = None) -> None:
            """Show *frame* (its columns as headers); *order* = ``[[column, "asc"|"desc"]]``.

            A caller that writes the rows' JSON itself (exactly as :func:`_rows_json`
            would) passes it as *rows_json*, with *frame* a function that makes the
            DataFrame when ``frame`` is first read, and its *columns*.
            """
            self._frame = frame
            if columns is None:
                columns = self.frame.columns
            columns = tuple(str(c) for c in columns)
            if order is not None:
                self._options["order"] = list(order)
                self._template = None
            if columns != self._columns:
                self._template = None
            if self._template is None or rows_json is None:
                frame = self.frame
            args, self._template = _dt_args(frame, self._html_columns, self._options,
                                            self._caption, self._template, rows_json)
            other = self._template["_other"]
            self._columns = columns
            self.classes = other["classes"]
            self._style = other["style"]
            self.caption = other["caption"] or ""
            self.selected_rows = []
            self._dt_args = args

        @property
        def selected(self) -> pd.DataFrame:
            """The selected rows of ``frame``."""
            rows = [r for r in self.selected_rows if 0 <= r < len(self.frame)]
            return self.frame.iloc[rows]

    return InteractiveTable


_TABLE_CLASS: Any = None


def interactive_table(frame: pd.DataFrame, *, html_columns: Sequence[str] = (),
                      filename: str = "papertoolkit", page_length: int = 10,
                      select: bool = False, order: Sequence | None = None,
                      column_search: bool = True, caption: str | None = None):
    """An interactive table widget (itables' DataTable) showing *frame*.

    Parameters
    ----------
    frame : DataFrame
        The rows to show; its column names are the headers. Integer and float columns stay
        numbers (they sort as numbers), dates are shown as ISO days, other cells as escaped
        text.
    html_columns : sequence of str
        Columns whose cells are HTML already escaped by the caller (links).
    filename : str
        Name of the CSV / Excel files the download buttons write.
    page_length : int
        Rows per page at first (the reader can change it).
    select : bool
        Let the reader select one row (``table.selected_rows``).
    order : list, optional
        Initial sort, as DataTables' ``[[column_index, "asc" | "desc"], ...]``; by default
        the rows keep the order of *frame*.
    column_search : bool
        A search box under each column header, to filter on that column.
    caption : str, optional
        A caption above the table.

    Returns
    -------
    InteractiveTable
        An ``itables.widget.ITable`` (an anywidget): ``table.show(new_frame)`` replaces the
        data, ``table.frame`` is the DataFrame shown, ``table.selected_rows`` the selection.

    Examples
    --------
    >>> t = interactive_table(pd.DataFrame({"a": [1, 2]}), filename="numbers")
    >>> t.frame["a"].tolist()
    [1, 2]
    """
    global _TABLE_CLASS
    if _TABLE_CLASS is None:
        _TABLE_CLASS = _make_table_class()
    return _TABLE_CLASS(frame, html_columns=html_columns, filename=filename,
                        page_length=page_length, select=select, order=order,
                        column_search=column_search, caption=caption)


def table_html(frame: pd.DataFrame, *, html_columns: Sequence[str] = (),
               filename: str = "papertoolkit", page_length: int = 10,
               order: Sequence | None = None, table_id: str | None = None) -> str:
    """A sortable, searchable, downloadable table as an HTML fragment for a saved page.

    The page needs :func:`datatables_assets` once, before the first table (itables' offline
    bundle: no request leaves the page). Cells are escaped as in :func:`interactive_table`.

    Parameters
    ----------
    frame : DataFrame
        The rows to show.
    html_columns : sequence of str, default ()
        Columns whose cells are HTML already escaped by the caller.
    filename : str, default "papertoolkit"
        Name of the downloaded CSV / Excel files.
    page_length : int, default 10
        Rows per page at first.
    order : list, optional
        Initial sort, as DataTables' ``[[column_index, "asc" | "desc"], ...]``.
    table_id : str, optional
        The ``id`` of the ``<table>`` (random by default).

    Returns
    -------
    str
        A ``<table>`` and the ``<script>`` that makes it a DataTable.

    Examples
    --------
    >>> 'id="t1"' in table_html(pd.DataFrame({"a": [1]}), table_id="t1")
    True
    >>> top = corpus.papers_unique.nlargest(3, "max_votes")[["arxiv_id", "max_votes"]]
    >>> fragment = table_html(top, table_id="top")
    >>> fragment.startswith('<table id="top"'), all(i in fragment for i in top["arxiv_id"])
    (True, True)
    """
    table_id = table_id or "ptk_" + os.urandom(6).hex()
    options = _options(filename, page_length, False, order, column_search=True)
    args, template = _dt_args(frame, html_columns, options)
    other = template["_other"]
    config = json.dumps(args, ensure_ascii=False).replace("</", "<\\/")
    return (
        f'<table id="{esc(table_id)}" class="{esc(other["classes"])}" '
        f'style="{esc(other["style"])}"></table>\n'
        f'<script type="module">\n'
        f"new window.__ptk_itables.ITable(document.getElementById({json.dumps(table_id)}), "
        f"{config});\n</script>"
    )


def datatables_assets() -> str:
    """``<style>`` and ``<script>`` tags holding DataTables (itables' offline bundle).

    The bundle is an ES module; it is inlined, and its ``ITable`` export kept in
    ``window.__ptk_itables`` for the tables of :func:`table_html` (module scripts run in
    document order, so this one runs before them).

    Returns
    -------
    str
        HTML to put once into a page, before its first :func:`table_html`.

    Examples
    --------
    >>> assets = datatables_assets()
    >>> assets.startswith("<style>"), "window.__ptk_itables" in assets
    (True, True)
    """
    from itables.utils import read_package_file

    css = read_package_file("html/dt_bundle.css")
    js = read_package_file("html/dt_bundle.js")
    at = js.rindex("export{")
    names = {}
    for item in js[at + len("export{"):js.index("}", at)].split(","):
        local, _, exported = item.strip().partition(" as ")
        names[(exported or local).strip()] = local.strip()
    body = js[:at].replace("</script", "<\\/script")
    return (f"<style>{css}</style>\n"
            f'<script type="module">\n{body}\nwindow.__ptk_itables = '
            f"{{ITable: {names['ITable']}}};\n</script>")


def static_table(frame: pd.DataFrame, *, html_columns: Sequence[str] = (),
                 max_rows: int = 20) -> str:
    """A plain HTML table of the first *max_rows* rows (a snapshot for saved notebooks).

    Parameters
    ----------
    frame : DataFrame
        The rows to show.
    html_columns : sequence of str, default ()
        Columns whose cells are HTML already escaped by the caller.
    max_rows : int, default 20
        Rows shown; a note says how many more there are.

    Returns
    -------
    str
        A ``<table>`` (inline styles only, no script).

    Examples
    --------
    >>> table = static_table(corpus.papers_unique[["arxiv_id", "max_votes"]], max_rows=3)
    >>> table.count("<tr>"), table.endswith("78 more rows not shown.</p>")
    (4, True)
    """
    html_set = set(html_columns)
    head = "".join(f'<th style="text-align:left;padding:2px 8px">{esc(c)}</th>'
                   for c in frame.columns)
    body = []
    for row in frame.head(max_rows).itertuples(index=False):
        cells = []
        for c, v in zip(frame.columns, row, strict=True):
            if c in html_set:
                text = "" if _missing(v) else str(v)
            elif isinstance(v, (int, np.integer)) and not isinstance(v, bool):
                text = fmt_int(v)
            elif isinstance(v, pd.Timestamp):
                text = v.date().isoformat()
            else:
                text = esc(v)
            cells.append(f'<td style="padding:2px 8px;vertical-align:top">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = (f'<p style="{MUTED}">{fmt_int(len(frame) - max_rows)} more rows not shown.</p>'
            if len(frame) > max_rows else "")
    return (f'<table style="border-collapse:collapse;font-family:{FONT_STACK}">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}")
