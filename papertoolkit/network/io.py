"""Write and read co-author graphs: GEXF, GraphML and edge/node CSV files."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .._checks import check_type

#: Separator used when lists of arXiv ids are written as text (GraphML, GEXF, CSV).
ID_SEPARATOR = ";"


def _as_text(value: Any) -> Any:
    """A value GraphML/GEXF can hold: lists become ';'-joined text, None is dropped."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ID_SEPARATOR.join(str(x) for x in value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp,)):
        return str(value.date())
    return value


def _exportable(G: nx.Graph, escape: Any = None) -> nx.Graph:
    """Copy of *G* whose attributes are scalars (lists as text, no None); *escape* (a text
    function) is applied to node names, attribute names and text values."""

    def text(value: Any) -> Any:
        value = _as_text(value)
        return escape(value) if escape is not None and isinstance(value, str) else value

    def attrs(data: dict) -> dict:
        return {text(str(k)): text(v) for k, v in data.items() if v is not None}

    H = nx.Graph()
    H.graph.update(attrs({k: v for k, v in G.graph.items() if not callable(v)}))
    H.add_nodes_from((text(n), attrs(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((text(a), text(b), attrs(d)) for a, b, d in G.edges(data=True))
    return H


def _nodes_csv_path(edges_path: Path) -> Path:
    stem = edges_path.stem
    stem = stem[: -len("_edges")] + "_nodes" if stem.endswith("_edges") else stem + "_nodes"
    return edges_path.with_name(stem + edges_path.suffix)


def write_graph(G: nx.Graph, path: str | Path) -> list[Path]:
    """Write *G* to *path*; the format follows the extension.

    - ``.graphml``: GraphML (yEd, Cytoscape, Gephi, networkx);
    - ``.gexf``: GEXF (opens in Gephi);
    - ``.csv``: an edge list (``source, target, weight, n_papers, arxiv_ids``) at *path*
      and a node table beside it (``x_edges.csv`` -> ``x_nodes.csv``, else ``x_nodes.csv``
      for ``x.csv``).

    Lists (the arXiv ids of an edge) are written as ';'-joined text; :func:`read_graph`
    turns them back into lists.

    Returns
    -------
    list of Path
        The files written.

    Parameters
    ----------
    G : networkx.Graph
        A co-author graph (any networkx graph works).
    path : str or Path
        The file; its extension chooses the format. Missing folders are created.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.Graph([("A", "B", {"weight": 1, "arxiv_ids": ["p1"]})])
    >>> out = write_graph(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> read_graph(out[0])["A"]["B"]["arxiv_ids"]
    ['p1']
    >>> from papertoolkit.network import coauthor_graph
    >>> tmp = tempfile.TemporaryDirectory()
    >>> files = write_graph(coauthor_graph(corpus), pathlib.Path(tmp.name) / "coauthor_edges.csv")
    >>> [f.name for f in files]
    ['coauthor_edges.csv', 'coauthor_nodes.csv']
    >>> tmp.cleanup()
    """
    check_type("G", G, nx.Graph)
    path = Path(check_type("path", path, (str, os.PathLike)))
    suffix = path.suffix.lower()
    if suffix not in {".graphml", ".gexf", ".csv"}:
        raise ValueError(f"unknown graph format {suffix!r}: use .graphml, .gexf or .csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        edges = _records_frame(
            ((a, b, d) for a, b, d in G.edges(data=True)), ["source", "target"], _EDGE_FIRST
        )
        edges.to_csv(path, index=False)
        nodes = _records_frame(((n, d) for n, d in G.nodes(data=True)), ["author"], [])
        if "total_votes" in nodes:  # missing for authors without votes: keep it integer
            nodes["total_votes"] = nodes["total_votes"].astype("Int64")
        nodes_path = _nodes_csv_path(path)
        nodes.to_csv(nodes_path, index=False)
        return [path, nodes_path]
    if suffix == ".graphml":
        _write_graphml(G, path)
    else:
        nx.write_gexf(_exportable(G, escape=_xml_escape), path)
    return [path]


_EDGE_FIRST = ["weight", "n_papers", "arxiv_ids"]


def _records_frame(items: Iterable[tuple], id_columns: list[str], first: list[str]) -> pd.DataFrame:
    """DataFrame of ``(*ids, attrs)`` items: one column per attribute, lists as text."""
    ids: list[list[Any]] = [[] for _ in id_columns]
    columns: dict[str, list[Any]] = {}
    n = 0
    for item in items:
        *keys, data = item
        for store, key in zip(ids, keys, strict=True):
            store.append(key)
        for key, value in data.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = [None] * n
            column.append(_as_text(value))
        n += 1
        for column in columns.values():
            if len(column) < n:
                column.append(None)
    order = [c for c in first if c in columns] + sorted(c for c in columns if c not in first)
    frame = {name: values for name, values in zip(id_columns, ids, strict=True)}
    frame.update((c, columns[c]) for c in order)
    return pd.DataFrame(frame)


_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
#: what XML 1.0 cannot hold: C0 controls but tab, newline and CR; surrogates; U+FFFE, U+FFFF
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: in GraphML node ids also "&": igraph's reader returns it as the text "&#38;"
_XML_ILLEGAL_IN_IDS = re.compile(_XML_ILLEGAL.pattern[:-1] + "&]")
_XML_ESCAPED = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _escape_char(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _xml_escape(text: str, illegal: re.Pattern = _XML_ILLEGAL) -> str:
    """*text* in a form XML can hold, reversibly: ``\\`` doubled, each XML-illegal character as
    ``\\xHH`` or ``\\uHHHH``. Distinct names stay distinct (node ids stay unique).

    >>> _xml_escape("A\\x07B\\\\C")
    'A\\\\x07B\\\\\\\\C'
    >>> _xml_unescape(_xml_escape("A\\x07B\\\\C")) == "A\\x07B\\\\C"
    True
    """
    if "\\" not in text and not illegal.search(text):
        return text
    return illegal.sub(_escape_char, text.replace("\\", "\\\\"))


def _xml_unescape(text: str) -> str:
    """Undo :func:`_xml_escape`."""
    if "\\" not in text:
        return text
    return _XML_ESCAPED.sub(
        lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), text
    )


def _xml_text(value: Any) -> str:
    from xml.sax.saxutils import escape

    # a CR would come back as a newline (XML end-of-line handling): write it as a reference
    return escape(_xml_escape(str(value)), {"\r": "&#13;"})


def _graphml_value(value: Any) -> tuple[str, str]:
    """(GraphML type, text) of one attribute value."""
    value = _as_text(value)
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "long", str(value)
    if isinstance(value, float):
        return "double", repr(value)
    return "string", _xml_text(value)


def _graphml_keys(
    datas: Iterable[dict[str, Any]], domain: str, prefix: str
) -> tuple[dict[str, str], list[str]]:
    """Key ids and <key> lines for the attributes of nodes, edges or the graph."""
    from xml.sax.saxutils import quoteattr

    kinds: dict[str, set[str]] = {}
    for data in datas:
        for key, value in data.items():
            if value is not None:
                kinds.setdefault(key, set()).add(_graphml_value(value)[0])
    ids: dict[str, str] = {}
    lines = []
    for i, (key, found) in enumerate(sorted(kinds.items())):
        kind = (
            found.pop()
            if len(found) == 1
            else "double"
            if found == {"long", "double"}
            else ("string")
        )
        ids[key] = f"{prefix}{i}"
        name = quoteattr(_xml_escape(str(key)))
        lines.append(
            f'<key id="{prefix}{i}" for="{domain}" attr.name={name} attr.type="{kind}" />\n'
        )
    return ids, lines


def _graphml_data(data: dict[str, Any], ids: dict[str, str]) -> str:
    return "".join(
        f'<data key="{ids[key]}">{_graphml_value(value)[1]}</data>'
        for key, value in data.items()
        if value is not None
    )


def _write_graphml(G: nx.Graph, path: Path) -> None:
    """Stream *G* as GraphML (networkx's writer builds the whole XML tree in memory first,
    ~3x slower on a graph of half a million edges). Lists become ';'-joined text.

    Why not igraph's C writer (``Graph.write_graphml``), as issue 13 suggested: it is about
    2x faster (9 s against 18 s for the real corpus's 561,294 links), but it writes node ids
    ``n0, n1, ...`` (the author names only as an attribute) and every number as a double,
    so ``papers`` and ``n_papers`` come back as floats in every reader; the file is also
    30 % larger. This writer keeps names as ids and integers as integers
    (``benchmarks/bench_graphml.py``; tests in ``tests/test_network_io.py``, including
    hostile names read back by networkx and igraph).
    """
    from xml.sax.saxutils import quoteattr

    graph_data = {k: v for k, v in G.graph.items() if v is not None and not callable(v)}
    graph_ids, graph_keys = _graphml_keys([graph_data], "graph", "g")
    node_ids, node_keys = _graphml_keys((d for _, d in G.nodes(data=True)), "node", "n")
    edge_ids, edge_keys = _graphml_keys((d for *_, d in G.edges(data=True)), "edge", "e")
    quoted = {node: quoteattr(_xml_escape(str(node), _XML_ILLEGAL_IN_IDS)) for node in G}
    with open(path, "w", encoding="utf-8") as out:
        out.write(_GRAPHML_HEAD)
        out.writelines(graph_keys + node_keys + edge_keys)
        out.write('<graph edgedefault="undirected">\n')
        out.write(_graphml_data(graph_data, graph_ids))
        out.writelines(
            f"<node id={quoted[node]}>{_graphml_data(data, node_ids)}</node>\n"
            for node, data in G.nodes(data=True)
        )
        out.writelines(
            f"<edge source={quoted[a]} target={quoted[b]}>{_graphml_data(data, edge_ids)}</edge>\n"
            for a, b, data in G.edges(data=True)
        )
        out.write("</graph>\n</graphml>\n")


def _split_ids(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return []
    return str(value).split(ID_SEPARATOR)


def read_graph(path: str | Path) -> nx.Graph:
    """Read a graph written by :func:`write_graph` (``arxiv_ids`` back as lists).

    Parameters
    ----------
    path : str or Path
        A ``.graphml``, ``.gexf`` or ``.csv`` edge list (its node table is read too when it
        is beside it).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from papertoolkit.network import coauthor_graph
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = write_graph(coauthor_graph(corpus), pathlib.Path(tmp.name) / "coauthors.graphml")[0]
    >>> G = read_graph(path)
    >>> G.number_of_nodes(), G.number_of_edges(), G["Denny Zhou"]["Xuezhi Wang"]["arxiv_ids"]
    (646, 3616, ['2402.08939', '2402.09371', '2402.10200'])
    >>> tmp.cleanup()
    """
    path = Path(check_type("path", path, (str, os.PathLike)))
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        G = nx.read_graphml(path)
    elif suffix == ".gexf":
        G = nx.read_gexf(path)
        for _, data in G.nodes(data=True):
            data.pop("id", None)
    elif suffix == ".csv":
        edges = _excel_unwrapped(pd.read_csv(
            path,
            dtype={"source": str, "target": str, "arxiv_ids": str},
            keep_default_na=False,
            na_values=[],
            encoding="utf-8-sig",
        ), path)
        G = nx.from_pandas_edgelist(edges, "source", "target", edge_attr=True)
        nodes_path = _nodes_csv_path(path)
        if nodes_path.exists():
            nodes = _excel_unwrapped(pd.read_csv(
                nodes_path,
                dtype={"author": str, "label": str, "first_seen": str, "last_seen": str},
                keep_default_na=False,
                na_values=[],
                encoding="utf-8-sig",
            ), nodes_path)
            nodes = _numbers_read(nodes, text=("author", "label", "first_seen", "last_seen"))
            for row in nodes.to_dict("records"):
                name = row.pop("author")
                G.add_node(name, **{k: _plain(v) for k, v in row.items() if v != ""})
        for _, _, data in G.edges(data=True):
            for key, value in list(data.items()):
                data[key] = _plain(value)
    else:
        raise ValueError(f"unknown graph format {suffix!r}: use .graphml, .gexf or .csv")
    if suffix != ".csv":
        G = _unescaped(G)
    for _, _, data in G.edges(data=True):
        if "arxiv_ids" in data:
            data["arxiv_ids"] = _split_ids(data["arxiv_ids"])
    return G


def _numbers_read(frame: pd.DataFrame, text: Sequence[str]) -> pd.DataFrame:
    """Columns read as text only because some cells are empty (``total_votes`` of an author
    without votes) become numbers again: Python ints where every filled cell is an integer."""
    for col in frame.columns.difference(list(text)):
        if not pd.api.types.is_string_dtype(frame[col]):  # object, or pandas 3's str
            continue
        filled = frame[col] != ""
        numbers = pd.to_numeric(frame.loc[filled, col], errors="coerce")
        if not filled.any() or numbers.isna().any():
            continue  # truly text (or empty): leave it alone
        whole = (numbers % 1 == 0).all()
        values = [int(v) if whole else float(v) for v in numbers]
        column = pd.Series("", index=frame.index, dtype=object)
        column[filled] = values
        frame[col] = column
    return frame


def _excel_unwrapped(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Undo ``--excel``'s ``="0012"`` text wrapper (files written for Excel start with a BOM)."""
    with open(path, "rb") as handle:
        if handle.read(3) != b"\xef\xbb\xbf":
            return frame
    for col in ("source", "target", "author", "label", "arxiv_ids"):
        if col in frame:
            frame[col] = frame[col].str.replace(r'^="([^"]*)"$', r"\1", regex=True)
    return frame


def _unescaped(G: nx.Graph) -> nx.Graph:
    """Undo :func:`_xml_escape` on node names, attribute names and text values."""

    def fix(data: dict) -> None:
        for key, value in list(data.items()):
            if isinstance(value, str) and "\\" in value:
                data[key] = _xml_unescape(value)
            if "\\" in key:
                data[_xml_unescape(key)] = data.pop(key)

    fix(G.graph)
    for _, data in G.nodes(data=True):
        fix(data)
    for *_, data in G.edges(data=True):
        fix(data)
    mapping = {n: _xml_unescape(n) for n in G if isinstance(n, str) and "\\" in n}
    return nx.relabel_nodes(G, mapping, copy=False) if mapping else G


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
