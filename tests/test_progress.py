"""Progress of long loads: tqdm on a terminal or in Jupyter, nothing elsewhere."""

from __future__ import annotations

import io

from papertoolkit import progress
from papertoolkit.progress import ProgressBar


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_draws_on_a_terminal_and_ends_with_a_newline():
    stream = FakeTerminal()
    bar = ProgressBar(4, stream=stream)
    for done in range(1, 5):
        bar(done, 4, f"{done}.md")
    bar.close()
    text = stream.getvalue()
    assert text.endswith("\n")
    assert "files: 100%" in text and "4/4" in text  # the final state is always drawn


def test_silent_when_not_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar(3, stream=stream)
    bar(3, 3, "x.md")
    bar.close()
    assert stream.getvalue() == ""


def test_shown_in_jupyter_even_without_a_terminal(monkeypatch):
    monkeypatch.setattr(progress, "_in_jupyter", lambda: True)
    created = []

    class FakeTqdm:
        def __init__(self, total, **kwargs):
            self.total, self.n, self.closed = total, 0, False
            created.append(self)

        def update(self, k):
            self.n += k

        def close(self):
            self.closed = True

    import tqdm.auto

    monkeypatch.setattr(tqdm.auto, "tqdm", FakeTqdm)
    bar = ProgressBar(5, stream=io.StringIO())
    bar(2, 5, "a.md")
    bar(5, 5, "b.md")
    bar.close()
    assert len(created) == 1 and created[0].n == 5 and created[0].closed


def test_not_in_jupyter_in_a_plain_python_process():
    assert progress._in_jupyter() is False


def test_load_reports_progress_to_a_callable(tmp_path):
    import papertoolkit as ptk

    for day in ("2024-01-02", "2024-01-03"):
        (tmp_path / f"{day}.md").write_text(f"## Daily Papers ({day})\n", encoding="utf-8")
    calls = []
    ptk.load(tmp_path, progress=lambda done, total, path: calls.append((done, total, path.name)))
    assert calls == [(1, 2, "2024-01-02.md"), (2, 2, "2024-01-03.md")]
