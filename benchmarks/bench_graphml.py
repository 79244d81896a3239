"""GraphML: papertoolkit's streaming writer against igraph's C writer and networkx's.

Usage::

    python benchmarks/bench_graphml.py            # real corpus (../shared/corpus)
    python benchmarks/bench_graphml.py --repeat 3

Writes the real corpus's co-author graph (every author and link) three ways and prints the
median seconds of each, in the same run:

* ``papertoolkit``: ``network.write_graph(G, "x.graphml")`` (streams the XML);
* ``igraph``: the graph converted to igraph with its attributes (from papertoolkit's arrays,
  the cheapest conversion there is; lists as ';'-joined text) plus ``Graph.write_graphml``;
* ``networkx``: ``nx.write_graphml`` (builds the whole XML tree first).

and what each file gives back through ``network.read_graph``: whether node ids are the
author names and whether integer attributes (``papers``, ``n_papers``) come back as integers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
REAL = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    import networkx as nx
    from bench_graph_paths import median_seconds

    import papertoolkit as ptk
    from papertoolkit.network import _arrays, coauthor_graph, read_graph, write_graph
    from papertoolkit.network.io import _exportable, _xml_escape

    if not REAL.is_dir():
        sys.exit(f"real corpus not found at {REAL}")
    G = coauthor_graph(ptk.load(sorted(REAL.glob("*.md"))))
    arrays = _arrays.arrays_of(G)
    list(G.edges(data=True))  # every writer reads networkx's dicts: build them once, not timed
    out = Path(tempfile.mkdtemp())

    def ours() -> None:
        write_graph(G, out / "ours.graphml")

    def with_igraph() -> None:
        g = arrays.to_igraph(attributes=True)
        g.es["arxiv_ids"] = [";".join(arrays.edge_ids(k)) for k in range(arrays.n_edges)]
        g.write_graphml(str(out / "igraph.graphml"))

    def with_networkx() -> None:
        nx.write_graphml(_exportable(G, escape=_xml_escape), out / "networkx.graphml")

    print(f"real corpus: {G.number_of_nodes():,} authors, {G.number_of_edges():,} links")
    times = {name: median_seconds(step, args.repeat)
             for name, step in (("papertoolkit", ours), ("igraph", with_igraph),
                                ("networkx", with_networkx))}
    name = max(G.nodes, key=lambda n: G.nodes[n]["papers"])
    for label, seconds in times.items():
        path = out / f"{'ours' if label == 'papertoolkit' else label}.graphml"
        H = read_graph(path)
        by_name = {d.get("name", n): n for n, d in H.nodes(data=True)}
        node = by_name.get(name, name)
        papers = H.nodes[node].get("papers") if node in H else None
        print(f"  {label:<12} {seconds:7.2f} s  {path.stat().st_size / 1e6:6.1f} MB  "
              f"ratio {seconds / times['papertoolkit']:4.2f}  node ids are names: "
              f"{name in H}  papers read back as {type(papers).__name__} ({papers!r})")


if __name__ == "__main__":
    main()
