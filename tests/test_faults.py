"""Crash-safe exports: kill, interrupt or fail an export at every step and at random instants.

Each case makes a complete export A, then runs export B in a forked child that is killed
(SIGKILL), interrupted (SIGINT) or fails (ENOSPC) at one point. Afterwards ``read_csv`` must
return exactly A's tables or exactly B's (never a mix, never a partial table), say which when
the folder holds leftovers, and the next export C must succeed and leave only its own files.
``benchmarks/fault_injection.py`` runs many more random cases with the same helpers.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

import papertoolkit as ptk
from papertoolkit import _atomic
from papertoolkit.export import write_export

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch):
    """fsync guards against power loss, not against a killed process (the page cache stays):
    skipped here to keep these tests fast; ``test_fsync_is_called`` checks it is made."""
    monkeypatch.setattr(os, "fsync", lambda fd: None)


def digest(n: int, date: str = "2024-02-16") -> str:
    """A digest with papers 1..n; every version differs in rows, so A and B are told apart."""
    blocks = [f"## Daily Papers ({date})\n"]
    for i in range(1, n + 1):
        blocks.append(f"### [Paper {i}](https://arxiv.org/abs/2402.{10000 + i})\n\nVote: {i}\n\n"
                      f"Authors: Ann Lee, Author {i % 3}, 김 {i}\n\n- 요약 {i}\n")
    return "\n".join(blocks) + "### [Broken]\n"


A = ptk.loads(digest(3), source="a.md")
B = ptk.loads(digest(7, "2024-02-19"), source="b.md")
C = ptk.loads(digest(5, "2024-02-20"), source="c.md")
OPTIONS_A = {"graph": True}   # A writes graph files that B (no graph) must remove as stale
OPTIONS_B = {"graph": False}


def export_steps(corpus, options) -> list[str]:
    """The checkpoints an export passes, in order (from a run into a scratch folder)."""
    seen: list[str] = []
    original = _atomic._checkpoint
    _atomic._checkpoint = seen.append
    try:
        scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"ptk-steps-{os.getpid()}"
        write_export(A, scratch, **OPTIONS_A)
        seen.clear()
        write_export(corpus, scratch, **options)
    finally:
        _atomic._checkpoint = original
    return seen


def run_child(folder: Path, corpus, options, *, fault: str | None = None, at: int = -1,
              kill_after: float | None = None, fsize: int | None = None) -> int:
    """Export *corpus* in a forked child; return its exit status (negative: killed by signal).

    ``fault`` at the ``at``-th checkpoint: "kill" (SIGKILL), "sigint" (SIGINT), "enospc" (an
    OSError ENOSPC raised there). ``kill_after`` SIGKILLs the child after that many seconds.
    ``fsize`` limits the size of files the child may write (a real failing write: EFBIG).
    """
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        code = 0
        try:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            if fsize is not None:
                import resource

                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            count = iter(range(10**6))

            def checkpoint(step: str) -> None:
                if next(count) != at:
                    return
                if fault == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                elif fault == "sigint":
                    os.kill(os.getpid(), signal.SIGINT)
                    time.sleep(1)  # the KeyboardInterrupt arrives here
                elif fault == "enospc":
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(folder))

            _atomic._checkpoint = checkpoint
            write_export(corpus, folder, **options)
        except KeyboardInterrupt:
            code = 130
        except OSError:
            code = 2
        except BaseException:  # noqa: BLE001 - report any other failure as its own code
            code = 3
        finally:
            os._exit(code)
    if kill_after is not None:
        time.sleep(kill_after)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def same_tables(got: dict, corpus) -> bool:
    try:
        for name, expected in corpus.tables().items():
            pd.testing.assert_frame_equal(got[name], expected.reset_index(drop=True))
    except AssertionError:
        return False
    return set(got) == set(corpus.tables())


def read_outcome(folder: Path) -> tuple[str, list[str]]:
    """("A" or "B", warning messages) of what ``read_csv`` returns; raises on anything else."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tables = ptk.read_csv(folder)
    messages = [str(w.message) for w in caught]
    if same_tables(tables, A):
        return "A", messages
    if same_tables(tables, B):
        return "B", messages
    raise AssertionError(f"{folder}: read_csv returned neither export A nor B")


def own_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} - {_atomic.LOCK}


def check_case(folder: Path, **child) -> tuple[str, int]:
    """Export A, fault export B, check the outcome, then export C; returns (outcome, status)."""
    write_export(A, folder, **OPTIONS_A)
    manifest_a = (folder / _atomic.MANIFEST).read_text()
    status = run_child(folder, B, OPTIONS_B, **child)
    outcome, messages = read_outcome(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # read_outcome has checked the warning
        run_a = ptk.export.read_manifest(folder)["run"] if outcome == "A" else None
    leftovers = {p for p in own_files(folder) if p.startswith(_atomic.STAGING)}
    if outcome == "A":
        assert (folder / _atomic.MANIFEST).read_text() == manifest_a
        if leftovers:  # a killed run left staging files: read_csv says it read A
            assert any("interrupted" in m and run_a in m for m in messages), messages
        else:
            assert messages == []
    if status == 0:
        assert outcome == "B" and messages == [] and not leftovers
    pending = bool(leftovers) or (folder / _atomic.COMMIT).exists()
    notes: list[str] = []
    write_export(C, folder, graph=True, notes=notes)
    assert same_tables(ptk.read_csv(folder), C)
    manifest = ptk.export.read_manifest(folder)
    assert own_files(folder) == {e["name"] for e in manifest["files"]} | {_atomic.MANIFEST}
    assert bool(notes) == pending, notes  # the next export says what it finished or removed
    return outcome, status


STEPS = export_steps(B, OPTIONS_B)
COMMITTED = STEPS.index("committed")


def test_steps_cover_staging_commit_renames_stale_removal_and_manifest():
    n = len(ptk.Corpus.TABLE_NAMES)
    assert STEPS[:n] == [f"staged {t}.csv" for t in ptk.Corpus.TABLE_NAMES]
    assert STEPS[n:n + 2] == ["commit staged", "committed"]
    assert [s for s in STEPS if s.startswith("removed stale")] == [
        "removed stale coauthors.graphml", "removed stale coauthor_edges.csv",
        "removed stale coauthor_nodes.csv"]
    assert STEPS[-3:] == ["manifest staged", "manifest in place", "done"]


@pytest.mark.parametrize("at", range(len(STEPS)))
def test_sigkill_at_every_step_leaves_a_or_b(tmp_path, at):
    outcome, status = check_case(tmp_path / "out", fault="kill", at=at)
    assert status == -signal.SIGKILL
    assert outcome == ("A" if at < COMMITTED else "B")


@pytest.mark.parametrize("at", [0, 5, COMMITTED - 1, COMMITTED, COMMITTED + 3, len(STEPS) - 2])
def test_sigint_leaves_a_or_b_and_cleans_up_before_the_commit(tmp_path, at):
    folder = tmp_path / "out"
    write_export(A, folder, **OPTIONS_A)
    assert run_child(folder, B, OPTIONS_B, fault="sigint", at=at) == 130
    outcome, messages = read_outcome(folder)
    assert outcome == ("A" if at < COMMITTED else "B")
    if at < COMMITTED:  # the interrupted run removed what it had staged
        assert messages == []
        assert not any(n.startswith(_atomic.STAGING) for n in own_files(folder))


@pytest.mark.parametrize("at", [0, 3, COMMITTED - 1])
def test_enospc_before_the_commit_keeps_a_and_leaves_nothing(tmp_path, at):
    folder = tmp_path / "out"
    write_export(A, folder, **OPTIONS_A)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert run_child(folder, B, OPTIONS_B, fault="enospc", at=at) == 2
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if k != _atomic.LOCK} == {
        k: v for k, v in before.items() if k != _atomic.LOCK}
    assert read_outcome(folder) == ("A", [])


@pytest.mark.parametrize("limit", [1, 200, 1000])
def test_a_real_failing_write_keeps_a(tmp_path, limit):
    """RLIMIT_FSIZE makes the child's writes fail (EFBIG) part way, as a full disk would."""
    folder = tmp_path / "out"
    outcome, status = check_case(folder, fsize=limit)
    assert (outcome, status) == ("A", 2)
    assert not any(n.startswith(_atomic.STAGING) for n in own_files(folder))


def test_sigkill_at_random_instants(tmp_path):
    start = time.perf_counter()
    run_child(tmp_path / "timing", B, OPTIONS_B)
    duration = time.perf_counter() - start
    rng = random.Random(8)
    outcomes = []
    for i in range(6):
        outcome, status = check_case(tmp_path / f"out{i}", kill_after=rng.uniform(0, duration))
        outcomes.append(outcome)
        assert status in (0, -signal.SIGKILL)
    assert set(outcomes) <= {"A", "B"}


def test_kills_while_finishing_an_interrupted_export(tmp_path):
    """B dies after its commit; C dies while finishing B; D then reads and writes cleanly."""
    folder = tmp_path / "out"
    write_export(A, folder, **OPTIONS_A)
    assert run_child(folder, B, OPTIONS_B, fault="kill", at=COMMITTED + 2) == -signal.SIGKILL
    for at in range(4):  # C's first checkpoints are those of finishing B
        assert run_child(folder, C, {"graph": True}, fault="kill", at=at) == -signal.SIGKILL
        assert read_outcome(folder)[0] == "B"
    write_export(C, folder, graph=True)
    assert same_tables(ptk.read_csv(folder), C)


def test_a_tiny_full_disk(tmp_path):
    """A real ENOSPC on a small tmpfs (needs root and mount; skipped otherwise)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    folder = mount / "out"
    write_export(A, tmp_path / "size", **OPTIONS_A)
    pages = sum(-(-p.stat().st_size // 4096) for p in (tmp_path / "size").iterdir())
    pages = pages * 3 // 2 + 4  # room for A and half of A again (tmpfs counts whole pages)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={pages * 4096}", "tmpfs",
                             str(mount)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {result.stderr.strip()}")
    try:
        write_export(A, folder, **OPTIONS_A)
        big = ptk.loads(digest(400), source="big.md")
        with pytest.raises(OSError) as failure:
            write_export(big, folder, graph=True)
        assert failure.value.errno == errno.ENOSPC
        assert read_outcome(folder) == ("A", [])
        assert not any(n.startswith(_atomic.STAGING) for n in own_files(folder))
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_fsync_is_called_for_every_file_and_the_folder(tmp_path, monkeypatch):
    synced: list[str] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")))
    write_export(B, tmp_path, **OPTIONS_B)
    names = [Path(p).name for p in synced]
    for table in ptk.Corpus.TABLE_NAMES:
        assert any(n.endswith(f"-{table}.csv") for n in names), table
    assert any(n.endswith("-commit.json") for n in names)
    assert any(n.endswith("-manifest.json") for n in names)
    assert names.count(tmp_path.name) >= 3  # the folder, after staging, commit and renames


@pytest.mark.parametrize("sig, delay", [(signal.SIGINT, 0.3), (signal.SIGKILL, 0.6),
                                        (signal.SIGINT, 1.2)])
def test_killing_the_export_command(tmp_path, sig, delay):
    """The real command in a real subprocess: a signal at some instant leaves A or B."""
    import sys

    folder = tmp_path / "out"
    write_export(A, folder, **OPTIONS_A)
    digests = tmp_path / "b"
    digests.mkdir()
    (digests / "b.md").write_text(digest(7, "2024-02-19"), encoding="utf-8")
    run = subprocess.Popen([sys.executable, "-m", "papertoolkit.cli", "export", str(digests),
                            "--out", str(folder), "--no-graph"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    run.send_signal(sig)
    code = run.wait(timeout=120)
    err = run.stderr.read()
    run.stderr.close()
    # Ctrl-C while Python is still importing pandas ends with Python's own traceback (before
    # papertoolkit's main runs), as "KeyboardInterrupt" or, inside importlib's module-lock
    # callback, "Exception ignored in ... KeyboardInterrupt: "; once the command runs, it is
    # one line
    last = err.rstrip().splitlines()[-1] if err.strip() else ""
    assert "Traceback" not in err or last.startswith("KeyboardInterrupt"), err
    assert code in (0, 130, -sig), (code, err)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = ptk.read_csv(folder)
    ids = tables["papers"]["arxiv_id"].tolist()
    assert ids in ([f"2402.{10000 + i}" for i in range(1, 4)],
                   [f"2402.{10000 + i}" for i in range(1, 8)])
    if code == 0:
        assert len(ids) == 7


def test_a_full_disk_from_the_command_line(tmp_path, capsys):
    """`papertoolkit export` onto a full tmpfs: one line, exit 2, the earlier export kept."""
    from papertoolkit.cli import main

    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {result.stderr.strip()}")
    try:
        folder = mount / "out"
        write_export(A, folder)
        digests = tmp_path / "big"
        digests.mkdir()
        (digests / "big.md").write_text(digest(600), encoding="utf-8")
        capsys.readouterr()
        assert main(["export", str(digests), "--out", str(folder)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "No space left on device; nothing was changed" in err
        assert read_outcome(folder) == ("A", [])
        assert not any(n.startswith(_atomic.STAGING) for n in own_files(folder))
    finally:
        subprocess.run(["umount", str(mount)], check=False)
