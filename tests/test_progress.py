"""The command-line progress bar: drawn on a terminal only."""

from __future__ import annotations

import io

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
    assert "\r[" + "#" * 30 + "] 4/4 files" in text  # the last update is always drawn


def test_silent_when_not_a_terminal():
    stream = io.StringIO()
    bar = ProgressBar(3, stream=stream)
    bar(3, 3, "x.md")
    bar.close()
    assert stream.getvalue() == ""


def test_load_reports_progress_to_a_callable(tmp_path):
    import papertoolkit as ptk

    for day in ("2024-01-02", "2024-01-03"):
        (tmp_path / f"{day}.md").write_text(f"## Daily Papers ({day})\n", encoding="utf-8")
    calls = []
    ptk.load(tmp_path, progress=lambda done, total, path: calls.append((done, total, path.name)))
    assert calls == [(1, 2, "2024-01-02.md"), (2, 2, "2024-01-03.md")]
