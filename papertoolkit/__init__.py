"""papertoolkit: Hugging Face Daily Papers digests as tidy tables, networks and plots.

>>> import papertoolkit as ptk
>>> corpus = ptk.load(data_dir)           # the sample folder, data/
>>> corpus.papers.nlargest(3, "votes")[["arxiv_id", "votes"]].values.tolist()
[['2402.13144', 63], ['2402.13144', 56], ['2402.13753', 50]]
"""

from .corpus import Corpus, find_digest_files, load, loads
from .export import read_csv, read_parquet
from .parse import DigestParseError

__all__ = ["Corpus", "DigestParseError", "fetch", "find_digest_files", "load", "loads",
           "read_csv", "read_parquet"]


def _version() -> str:
    """The installed distribution's version: pyproject.toml is the one place it is written."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("papertoolkit")
    except PackageNotFoundError:  # imported from a source tree that was never installed
        return "0+unknown"


_SUBMODULES = ("network", "notebook", "plots", "schema", "topics", "votes",
               "widgets", "growth", "sources")


def __getattr__(name: str):
    """Import analysis modules on first use (``ptk.votes``, ``ptk.widgets``, ...).

    They pull in matplotlib, networkx, igraph or ipywidgets, which ``import papertoolkit``
    alone should not pay for.
    """
    if name == "__version__":  # read on first use: importlib.metadata costs start-up time
        return _version()
    if name == "fetch":  # ptk.fetch(start, end, out): needs the optional huggingface_hub
        from .fetching import fetch

        return fetch
    if name in _SUBMODULES:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'papertoolkit' has no attribute {name!r}")
