"""Starter notebooks bound to a user's own digest folder (``papertoolkit notebook DIR``).

:func:`write_starter_notebook` writes, with nbformat, a short notebook that loads the given
folder and walks through the tables, the problems found, votes, topics, the co-author network
(its figure) and the four interactive explorers (votes, topics, authors, network). It is a
starting point to edit, not a report: outputs are empty until the user runs it
(``run=True``, ``--run``: run once and saved with outputs and widget state).

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "2024-02-16.md").write_text("## Daily Papers (2024-02-16)\\n", encoding="utf-8")
>>> path = write_starter_notebook(folder, folder / "my_analysis.ipynb")
>>> path.name
'my_analysis.ipynb'
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Any

from ._compat import positional_options

__all__ = ["starter_notebook", "write_starter_notebook"]

_KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _folder_literal(folder: Path, out_dir: Path) -> str:
    """The ``Path(...)`` expression the notebook uses for *folder*.

    A relative *folder* (as typed on the command line, relative to the current directory) is
    rewritten relative to the notebook's own folder, because Jupyter runs a notebook with its
    folder as the working directory; an absolute one stays absolute.
    """
    if folder.is_absolute():
        return f"Path({str(folder)!r})"
    try:
        rel = os.path.relpath(folder.resolve(), out_dir.resolve())
    except ValueError:  # another drive on Windows: no relative path exists
        return f"Path({str(folder.resolve())!r})"
    return f"Path({Path(rel).as_posix()!r})"


# long: the starter notebook's text, cell by cell (data read top to bottom, no branching)
def _cells(digests: str, shown_name: str) -> list[tuple[str, str]]:
    def md(text: str) -> tuple[str, str]:
        return "md", textwrap.dedent(text).strip("\n")

    def code(text: str) -> tuple[str, str]:
        return "code", textwrap.dedent(text).strip("\n")

    return [
        md(f"""
        # My analysis of `{shown_name}`

        **What this answers:** what is in my folder of Hugging Face *Daily Papers* digests:
        its papers, votes, topics and co-authors. Written by `papertoolkit notebook`; edit it
        freely. Run all cells to fill it in.

        > Votes are snapshots taken on the day each digest was written, not final counts.
        """),
        code(f"""
        from pathlib import Path

        import papertoolkit as ptk

        DIGESTS = {digests}  # the digest folder this notebook was made for
        corpus = ptk.load(DIGESTS)
        corpus
        """),
        md("""
        ## Problems found while reading the digests

        Each row names a file and line. An empty table means every paper was read.
        """),
        code("""
        corpus.problems
        """),
        md("""
        ## Papers and authors

        `corpus.papers` has one row per paper per digest day; `corpus.papers_unique` one row
        per arXiv paper with its largest vote snapshot.
        """),
        code("""
        top = corpus.papers_unique.sort_values("max_votes", ascending=False)
        top[["arxiv_id", "title", "first_seen", "appearances", "max_votes"]].head(10)
        """),
        code("""
        corpus.authors.sort_values(["papers", "total_votes"], ascending=False).head(10)
        """),
        md("""
        ## Votes over time
        """),
        code("""
        from papertoolkit import votes

        ax = votes.plot_votes_over_time(corpus, freq="W")
        """),
        md("""
        ## Topics
        """),
        code("""
        from papertoolkit import topics, votes

        tags = topics.tag_topics(corpus)
        votes.votes_by_topic(corpus, tags)
        """),
        md("""
        ## Co-author network

        One node per author, one link per pair of authors who share a paper. The figure
        draws the best-connected authors, coloured by community.
        """),
        code("""
        from papertoolkit import network

        G = network.coauthor_graph(corpus)
        network.collaboration_summary(G)
        """),
        code("""
        ax = network.plot_network(G, label_top=15)
        """),
        md("""
        ## Explore interactively

        Each explorer is a widget: tables sort on a click on a header, filter by column and
        download as CSV or Excel; select a paper to read its summary. Widgets need a live
        kernel: run the cells. (To keep them visible in the saved notebook, turn on
        *Settings → Save Widget State Automatically* in JupyterLab.)
        """),
        code("""
        from papertoolkit.widgets import (explore_authors, explore_network, explore_topics,
                                          explore_votes)

        explore_votes(corpus, tags=tags)
        """),
        code("""
        explore_topics(corpus, tags=tags)
        """),
        code("""
        explore_authors(corpus, graph=G)
        """),
        code("""
        explore_network(corpus)
        """),
        md("""
        ## Share

        `papertoolkit report` writes the same analyses as one HTML page that opens in any
        browser, offline: `papertoolkit report DIGESTS --out report.html`.
        """),
        md("""
        ## Export

        Write every table as CSV into a folder of your choice (`excel=True` for Excel), or
        use `corpus.to_parquet(...)`.
        """),
        code("""
        # corpus.to_csv("papertoolkit_tables")
        """),
    ]


@positional_options
def starter_notebook(folder: str | os.PathLike, *, out_dir: str | os.PathLike = "."):
    """Build (without writing) the starter notebook for *folder*.

    Parameters
    ----------
    folder : path
        The digest folder (or file, or glob) the notebook loads.
    out_dir : path, default "."
        Folder the notebook will be saved in; a relative *folder* is written relative to it.

    Returns
    -------
    nbformat.NotebookNode
        A valid nbformat v4 notebook with no outputs.

    Examples
    --------
    >>> nb = starter_notebook("/data/digests")
    >>> "DIGESTS = Path('/data/digests')" in nb.cells[1].source
    True
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from ._checks import check_type

    check_type("folder", folder, (str, os.PathLike))
    folder = Path(os.fspath(folder)).expanduser()
    literal = _folder_literal(folder, Path(out_dir))
    nb = new_notebook()
    nb.metadata["kernelspec"] = dict(_KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for i, (kind, source) in enumerate(_cells(literal, folder.name or str(folder))):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"starter-{i:02d}"
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def write_starter_notebook(folder: str | os.PathLike, out_path: str | os.PathLike,
                           *, overwrite: bool = False, run: bool = False) -> Path:
    """Write a starter notebook bound to the digest folder *folder*; return its path.

    Parameters
    ----------
    folder : path
        A folder of digests (searched recursively for ``*.md``), a digest file or a glob.
        It must exist and hold at least one digest.
    out_path : path
        Where to write the notebook (``.ipynb``); missing parent folders are created.
    overwrite : bool, default False
        Replace an existing file at *out_path* (by default an existing notebook is kept and
        :class:`FileExistsError` is raised, so no work is lost).
    run : bool, default False
        Run the notebook first (nbclient and ipykernel, a ``python3`` kernel) and save it
        with its outputs and the widgets' state, so that JupyterLab shows the explorers
        when it is opened, before anything is run again (``--run``). A cell that fails
        raises nbclient's ``CellExecutionError`` and nothing is written.

    Returns
    -------
    Path
        The notebook written.

    Raises
    ------
    FileNotFoundError
        *folder* does not exist or holds no ``*.md`` file.
    FileExistsError
        *out_path* exists and *overwrite* is false.

    Examples
    --------
    ``papertoolkit notebook ~/digests --out my_analysis.ipynb`` calls
    ``write_starter_notebook("~/digests", "my_analysis.ipynb")``. On the sample:

    >>> import nbformat, tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> path = write_starter_notebook(data_dir, f"{tmp.name}/sample.ipynb")
    >>> nb = nbformat.read(path, as_version=4)
    >>> nb.cells[0].source.splitlines()[0]
    '# My analysis of `data`'
    >>> write_starter_notebook(data_dir, path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    FileExistsError: ... already exists; choose another --out, delete it, or overwrite it ...
    >>> tmp.cleanup()
    """
    import nbformat

    from ._atomic import write_file_atomic
    from ._checks import check_type
    from .corpus import find_digest_files

    check_type("folder", folder, (str, os.PathLike))
    check_type("out_path", out_path, (str, os.PathLike))
    check_type("overwrite", overwrite, bool)
    check_type("run", run, bool)
    folder = Path(os.fspath(folder)).expanduser()
    if not find_digest_files(folder):
        raise FileNotFoundError(f"no digest files (*.md) found in {folder}")
    out = Path(os.fspath(out_path)).expanduser()
    if out.is_dir():
        raise IsADirectoryError(f"{out} is a folder: give a notebook file name such as "
                                f"{out / 'my_analysis.ipynb'}")
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} already exists; choose another --out, delete it, "
                              "or overwrite it (overwrite=True; --force on the command line)")
    out.parent.mkdir(parents=True, exist_ok=True)
    nb = starter_notebook(folder, out_dir=out.parent)
    if run:
        _run(nb, out.parent)
    text = nbformat.writes(nb)  # as nbformat.write: one final newline
    write_file_atomic(out, text if text.endswith("\n") else text + "\n")  # never half-written
    return out


def _run(nb: Any, cwd: Path) -> None:
    """Execute *nb* in a fresh ``python3`` kernel in *cwd*, keeping the widgets' state in
    its metadata (what JupyterLab's "Save Widget State Automatically" would save)."""
    try:
        from nbclient import NotebookClient
    except ImportError as exc:
        raise ImportError("running the notebook needs nbclient and ipykernel "
                          "(pip install nbclient ipykernel)") from exc
    NotebookClient(nb, timeout=1800, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(cwd)}}).execute()
