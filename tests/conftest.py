"""Shared fixtures: the bundled sample data and the real corpus beside the checkout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")
# Property tests check what is computed, never how fast: no per-example deadline and no
# too-slow health check, so a busy CI machine cannot turn a correct run red.
settings.register_profile("papertoolkit", deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("papertoolkit")
os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
REAL_CORPUS = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"

# The synthetic-corpus generator is a developer tool in benchmarks/, not part of the package.
sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA_DIR


@pytest.fixture(scope="session")
def real_corpus_dir() -> Path:
    if not REAL_CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {REAL_CORPUS}")
    return REAL_CORPUS


@pytest.fixture(scope="session")
def real_corpus_files(real_corpus_dir) -> list[Path]:
    return sorted(real_corpus_dir.glob("*.md"))


@pytest.fixture(scope="session")
def real_corpus(real_corpus_files):
    import papertoolkit as ptk

    return ptk.load(real_corpus_files)
