"""Doctest namespace: ``corpus`` is the sample in data/, as in the README's examples."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _doctest_corpus(doctest_namespace):
    import papertoolkit as ptk

    doctest_namespace["corpus"] = ptk.load(DATA_DIR)
