"""papertoolkit: Hugging Face Daily Papers digests as tidy tables, networks and plots.

>>> import papertoolkit as ptk
>>> corpus = ptk.load("data/")            # doctest: +SKIP
>>> corpus.papers.nlargest(5, "votes")    # doctest: +SKIP
"""

from .corpus import Corpus, find_digest_files, load, loads
from .export import read_csv, read_parquet
from .parse import DigestParseError

__all__ = ["Corpus", "DigestParseError", "find_digest_files", "load", "loads", "read_csv",
           "read_parquet"]
__version__ = "0.1.0"
