"""The README's Python examples run unchanged on the bundled sample, without a deprecation
warning (issue 13: code moved between modules and options became keyword-only)."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"),
                    re.S)


def test_readme_examples_run_unchanged(tmp_path, monkeypatch):
    pytest.importorskip("ipysigma", reason="the README's interactive_network needs ipysigma")
    import matplotlib

    matplotlib.use("Agg")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)  # the examples read data/ and write out/, network.html
    namespace: dict = {}
    ran = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)  # no deprecated spelling in the README
        for i, code in enumerate(BLOCKS):
            if '"digests/"' in code:  # the Hub example names the reader's own folders
                continue
            exec(compile(code, f"README.md python block {i}", "exec"), namespace)
            ran.append(i)
    assert len(ran) == len(BLOCKS) - 1 >= 3
    # what the examples made, checked against the sample's known counts
    assert len(namespace["corpus"].papers) == 83
    assert set(namespace["tables"]) >= {"papers", "authors"}
    assert (tmp_path / "out" / "papers.csv").is_file() and (tmp_path / "network.html").is_file()
    recent = namespace["recent"].papers
    assert len(recent) > 0 and (recent["date"] >= "2024-02-19").all()
    assert (recent["votes"] >= 10).all()
