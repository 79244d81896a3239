"""pytest plugin (pyproject: ``-p doctest_corpus``): the doctests of the package see
``corpus``, the sample in data/, as the README's examples do, and ``data_dir``, the path of
that folder (so examples that read files run from any working directory)."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session", autouse=True)
def _doctest_corpus(doctest_namespace):
    import papertoolkit as ptk

    doctest_namespace["corpus"] = ptk.load(DATA_DIR)
    doctest_namespace["data_dir"] = DATA_DIR
