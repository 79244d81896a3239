"""The papertoolkit command line: summary, validate, export, clear errors."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from papertoolkit.cli import main

DAY1 = """## Daily Papers (2024-02-16)

### [Chain-of-Thought Reasoning Without Prompting](https://arxiv.org/abs/2402.10200)

Vote: 33

Authors: Xuezhi Wang, Denny Zhou

- 요약 하나

### [Generative Representational Instruction Tuning](https://arxiv.org/abs/2402.09906)

Vote: 19

Authors: Nan Yang, Denny Zhou
"""
DAY2 = """## Daily Papers (2024-02-19)

### [A Human-Inspired Reading Agent](https://arxiv.org/abs/2402.09727)

Vote: 14

Authors: Denny Zhou, Ian Fischer

### [Broken heading]
"""


@pytest.fixture()
def digests(tmp_path):
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-02-16.md").write_text(DAY1, encoding="utf-8")
    (folder / "2024-02-19.md").write_text(DAY2, encoding="utf-8")
    return folder


def test_summary_prints_counts_top_papers_and_authors(digests, capsys):
    assert main(["summary", str(digests), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "paper rows       3" in out and "days             2" in out
    assert "from             2024-02-16" in out and "to               2024-02-19" in out
    top = out.split("Top 2 papers")[1].split("\n")[2:4]
    assert top[0].split()[:3] == ["33", "2024-02-16", "2402.10200"]
    assert top[1].split()[:3] == ["19", "2024-02-16", "2402.09906"]
    authors = out.split("Most prolific authors")[1].split("\n")[2]
    assert authors.split() == ["3", "66", "3", "Denny", "Zhou"]
    assert "Problems: 1" in out


def test_validate_lists_problems_with_file_and_line_and_fails(digests, capsys):
    assert main(["validate", str(digests)]) == 1
    out = capsys.readouterr().out
    assert f"{digests / '2024-02-19.md'}:9: error: paper heading has no [title](url) link" in out
    assert "4 paper headings, 3 paper rows, 1 problems (1 errors)" in out


def test_validate_clean_folder_exits_zero(tmp_path, capsys):
    (tmp_path / "a.md").write_text(DAY1, encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 0


def test_export_writes_tables(digests, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["export", str(digests), "--out", str(out_dir), "--no-graph"]) == 0
    papers = pd.read_csv(out_dir / "papers.csv", dtype={"arxiv_id": str})
    assert papers["arxiv_id"].tolist() == ["2402.10200", "2402.09906", "2402.09727"]
    assert (out_dir / "problems.csv").exists()
    assert main(["export", str(digests), "--out", str(tmp_path / "x"), "--excel",
                 "--no-graph"]) == 0
    assert (tmp_path / "x" / "papers.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_missing_and_empty_folders_give_one_line_errors(tmp_path, capsys):
    assert main(["summary", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err == f"papertoolkit: error: no such file or folder: {tmp_path / 'nope'}\n"
    assert main(["validate", str(tmp_path)]) == 2
    assert "no digest files (*.md) in folder" in capsys.readouterr().err


def test_console_script_runs(digests):
    result = subprocess.run([sys.executable, "-m", "papertoolkit.cli", "summary", str(digests)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Top 3 papers by votes" in result.stdout
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_summary_dates_are_those_of_the_highest_snapshot(tmp_path, capsys):
    (tmp_path / "a.md").write_text(DAY1, encoding="utf-8")
    (tmp_path / "b.md").write_text(DAY1.replace("2024-02-16", "2024-02-19")
                                   .replace("Vote: 33", "Vote: 41"), encoding="utf-8")
    assert main(["summary", str(tmp_path / "a.md"), str(tmp_path / "b.md"), "--top", "1"]) == 0
    top = capsys.readouterr().out.split("Top 1 papers")[1].split("\n")[2]
    assert top.split()[:3] == ["41", "2024-02-19", "2402.10200"]


def test_summary_without_digests_is_an_error(tmp_path, capsys):
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    assert main(["summary", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"papertoolkit: error: no digests found in {tmp_path}")


def test_excel_export_keeps_ids_as_text_and_graph_csv_for_excel(digests, tmp_path):
    import papertoolkit as ptk

    out_dir = tmp_path / "xl"
    assert main(["export", str(digests), "--out", str(out_dir), "--excel"]) == 0
    papers = (out_dir / "papers.csv").read_text(encoding="utf-8-sig")
    assert '"=""2402.10200"""' in papers  # ="2402.10200" in CSV quoting
    assert ptk.read_csv(out_dir)["papers"]["arxiv_id"].tolist() == [
        "2402.10200", "2402.09906", "2402.09727"]
    for name in ("coauthor_edges.csv", "coauthor_nodes.csv"):
        assert (out_dir / name).read_bytes().startswith(b"\xef\xbb\xbf")


def test_output_piped_into_head_has_no_traceback(digests):
    result = subprocess.run(
        f"{sys.executable} -m papertoolkit.cli validate {digests} {digests} {digests} | head -1",
        shell=True, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.stdout.count("\n") == 1


# ------------------------------------------------------- export errors (issue 8, items 10-12)
@pytest.fixture()
def readonly_dir(tmp_path):
    """A folder nobody may write into: chmod for a normal user, a read-only tmpfs for root."""
    import os

    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot make a read-only folder as root: {result.stderr.strip()}")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.err.startswith("papertoolkit: error: ")
    assert "Traceback" not in captured.err and "--force" not in captured.err
    return captured.err


def test_export_into_a_file_or_an_unwritable_folder_is_one_line(digests, tmp_path, capsys,
                                                                 readonly_dir):
    afile = tmp_path / "out.csv"
    afile.write_text("keep", encoding="utf-8")
    assert main(["export", str(digests), "--out", str(afile)]) == 2
    assert one_error_line(capsys) == f"papertoolkit: error: --out {afile} is a file: give a " \
                                     "folder\n"
    assert afile.read_text(encoding="utf-8") == "keep"
    assert main(["export", str(digests), "--out", str(afile / "sub")]) == 2
    one_error_line(capsys)
    assert main(["export", str(digests), "--out", str(readonly_dir / "out")]) == 2
    assert "nothing was changed" in one_error_line(capsys)
    assert list(readonly_dir.iterdir()) == []


def test_export_of_an_input_without_digests_keeps_the_earlier_export(digests, tmp_path, capsys):
    import papertoolkit as ptk

    out_dir = tmp_path / "out"
    assert main(["export", str(digests), "--out", str(out_dir)]) == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.md").write_text("# my notes\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["export", str(notes), "--out", str(out_dir)]) == 2
    assert "no digests found" in one_error_line(capsys)
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before
    assert len(ptk.read_csv(out_dir)["papers"]) == 3


def test_a_locked_export_folder_gives_one_line(digests, tmp_path, capsys):
    import fcntl

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with open(out_dir / ".papertoolkit.lock", "w") as held:
        held.write("pid 4242, started 2026-12-01T17:00:00Z")
        held.flush()
        fcntl.flock(held, fcntl.LOCK_EX)
        assert main(["export", str(digests), "--out", str(out_dir)]) == 2
    assert one_error_line(capsys) == (
        f"papertoolkit: error: another export into {out_dir} is running (pid 4242, started "
        "2026-12-01T17:00:00Z); run this one when it has finished\n")


def test_two_exports_at_once_never_mix(digests, tmp_path):
    """Two processes export different inputs into one folder: the result is one of them."""
    import papertoolkit as ptk

    out_dir = tmp_path / "out"
    command = [sys.executable, "-m", "papertoolkit.cli", "export", "--out", str(out_dir)]
    runs = [subprocess.Popen(command + [str(path)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for path in (digests, digests / "2024-02-16.md")]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    assert any(code == 0 for code, _ in results)
    for code, err in results:
        assert code == 0 or (code == 2 and "another export into" in err and
                             err.count("\n") == 1), (code, err)
    papers = ptk.read_csv(out_dir)["papers"]["arxiv_id"].tolist()
    assert papers in (["2402.10200", "2402.09906", "2402.09727"], ["2402.10200", "2402.09906"])


def test_notebook_out_a_folder_or_unwritable_is_one_line(digests, tmp_path, capsys,
                                                         readonly_dir):
    assert main(["notebook", str(digests), "--out", str(tmp_path)]) == 2
    assert "is a folder: give a notebook file name" in one_error_line(capsys)
    target = readonly_dir / "analysis.ipynb"
    assert main(["notebook", str(digests), "--out", str(target)]) == 2
    assert "nothing was changed" in one_error_line(capsys)
    assert list(readonly_dir.iterdir()) == []
    made = tmp_path / "a.ipynb"
    assert main(["notebook", str(digests), "--out", str(made)]) == 0
    assert main(["notebook", str(digests), "--out", str(made)]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and err.count("\n") == 1  # notebook has --force
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ipynb", "digests", "ro"]

