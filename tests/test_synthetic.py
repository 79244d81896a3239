"""Tests for the synthetic digest generator (benchmarks/synthetic.py)."""

from __future__ import annotations

import ast
import datetime as dt
import importlib.util
import random
import re
from pathlib import Path

import pytest
from synthetic import (
    _has_batchim,
    _josa,
    generate_corpus,
    generate_digest,
    make_world,
    read_manifest,
)

ROOT = Path(__file__).resolve().parents[1]
HEADING = re.compile(r"^### \[.*\]\(https://arxiv\.org/abs/(\d{4}\.\d{4,5})\)$")


@pytest.fixture(scope="module")
def corpus20(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("syn20")
    generate_corpus(out, 20, seed=0)
    return out


def _authors(line: str) -> list[str]:
    text = line[len("Authors: "):].strip()
    return ast.literal_eval(text) if text.startswith("[") else text.split(", ")


def test_generate_digest_is_deterministic():
    a = generate_digest("2024-02-16", random.Random(5), n_papers=12)
    b = generate_digest("2024-02-16", random.Random(5), n_papers=12)
    c = generate_digest("2024-02-16", random.Random(6), n_papers=12)
    assert a == b
    assert a != c
    assert a.startswith("## Daily Papers (2024-02-16)\n\n### [")
    assert a.endswith("\n\n")
    assert sum(line.startswith("### ") for line in a.splitlines()) == 12


def test_generate_digest_accepts_date_objects():
    text = generate_digest(dt.date(2024, 3, 4), random.Random(0), n_papers=1)
    assert text.splitlines()[0] == "## Daily Papers (2024-03-04)"


def test_generate_corpus_same_seed_gives_identical_bytes(tmp_path):
    a = generate_corpus(tmp_path / "a", 8, seed=3)
    b = generate_corpus(tmp_path / "b", 8, seed=3)
    assert [p.name for p in a] == [p.name for p in b]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()
    assert (tmp_path / "a" / "manifest.json").read_bytes() == (
        tmp_path / "b" / "manifest.json").read_bytes()
    c = generate_corpus(tmp_path / "c", 8, seed=4)
    assert a[0].read_bytes() != c[0].read_bytes()


def test_headings_and_authorships_match_manifest(corpus20):
    m = read_manifest(corpus20)
    assert m["n_days"] == 20 and len(m["days"]) == 20
    total = total_auth = 0
    ids: list[str] = []
    for day in m["days"]:
        lines = (corpus20 / day["file"]).read_text(encoding="utf-8").splitlines()
        headings = [HEADING.match(line) for line in lines if line.startswith("### ")]
        assert all(headings), "every ### line is a well-formed paper heading"
        assert len(headings) == day["papers"]
        ids += [h.group(1) for h in headings]
        n_auth = sum(len(_authors(line)) for line in lines if line.startswith("Authors: "))
        assert n_auth == day["authorships"]
        assert sum(line.startswith("Vote: ") for line in lines) == (
            day["papers"] if day["has_votes"] else 0)
        total += len(headings)
        total_auth += n_auth
    assert total == m["papers"]
    assert total_auth == m["authorships"]
    assert len(set(ids)) == m["unique_papers"]
    # every duplicate id is a declared repeat from an earlier day
    assert len(ids) - len(set(ids)) == sum(d["repeats"] for d in m["days"])


def test_weekdays_only_and_file_names(tmp_path):
    files = generate_corpus(tmp_path, 12, seed=1, start="2024-01-06")  # a Saturday
    dates = [dt.date.fromisoformat(f.stem) for f in files]
    assert dates[0] == dt.date(2024, 1, 8)
    assert len(dates) == 12 and dates == sorted(dates)
    assert all(d.weekday() < 5 for d in dates)
    assert dates[-1] == dt.date(2024, 1, 23)  # 12 weekdays: Jan 8-12, 15-19, 22-23
    for f, d in zip(files, dates, strict=True):
        assert f.read_text(encoding="utf-8").splitlines()[0] == f"## Daily Papers ({d})"


def test_papers_per_day_bounds_and_arxiv_ids_follow_dates(corpus20):
    m = read_manifest(corpus20)
    for day in m["days"]:
        assert 10 <= day["papers"] <= 60
        date = dt.date.fromisoformat(day["date"])
        text = (corpus20 / day["file"]).read_text(encoding="utf-8")
        for aid in re.findall(r"arxiv\.org/abs/(\d{4})\.\d{5}\)", text):
            yy, mm = int(aid[:2]), int(aid[2:])
            months_before = (date.year % 100 - yy) * 12 + date.month - mm
            assert 0 <= months_before <= 1, (aid, date)


def test_custom_papers_per_day(tmp_path):
    generate_corpus(tmp_path, 5, seed=2, papers_per_day=(3, 4))
    assert {d["papers"] for d in read_manifest(tmp_path)["days"]} <= {3, 4}


def test_world_has_unique_names_and_labs():
    w = make_world(400, seed=9)
    assert len(w.authors) == len(set(w.authors)) == 400
    assert {a for lab in w.labs for a in lab.members} == set(range(400))
    assert make_world(400, seed=9) is w  # cached


def test_corpus_has_the_realistic_variety(tmp_path):
    generate_corpus(tmp_path, 60, seed=0)
    m = read_manifest(tmp_path)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.md")))
    labelled = sum(d["labelled"] for d in m["days"])
    assert 0 < labelled < 60
    assert "[Watch Video](" in text and "<div><video controls src=" in text
    assert "- **What's New**: " in text or "- ***What's New***: " in text
    assert "Authors: ['" in text  # Python-list author lines occur
    assert re.search(r"^  - \(1\) ", text, re.M)  # nested bullets occur
    assert "https://github.com/" in text
    assert m["distinct_authors"] < m["authorships"]  # authors recur across papers


def test_particles_follow_the_final_syllable():
    assert _has_batchim("모델") and not _has_batchim("데이터")
    assert _josa("모델", "은는") == "은"
    assert _josa("데이터", "을를") == "를"
    assert _josa("지식 증류(Knowledge Distillation)", "을를") == "를"  # Korean word decides
    assert _josa("강화 학습(RL)", "이가") == "이"
    assert _josa("GPT", "은는") == "는"
    assert _josa("Diffusion", "과와") == "과"
    assert _josa("LLM", "이가") == "이"


def test_invalid_arguments_give_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="papers_per_day"):
        generate_corpus(tmp_path, 2, papers_per_day=(5, 3))
    with pytest.raises(ValueError, match="n_days"):
        generate_corpus(tmp_path, -1)
    with pytest.raises(FileNotFoundError, match="manifest.json"):
        read_manifest(tmp_path / "nowhere")


def test_no_summary_sentence_copied_from_real_corpus(corpus20, real_corpus_files):
    real = set()
    for f in real_corpus_files:
        real.update(line.strip() for line in f.read_text(encoding="utf-8").splitlines()
                    if line.startswith(("- ", "  - ")))
    ours = {line.strip() for f in corpus20.glob("*.md")
            for line in f.read_text(encoding="utf-8").splitlines() if line.startswith("- ")}
    assert ours and not (ours & real)


def test_load_synthetic_corpus_has_no_errors(corpus20):
    try:
        from papertoolkit import load
    except ImportError as exc:  # pragma: no cover - depends on the parser being present
        pytest.skip(f"papertoolkit.load is not importable yet: {exc}")
    m = read_manifest(corpus20)
    corpus = load(corpus20)
    errors = corpus.problems[corpus.problems["severity"] == "error"]
    assert len(errors) == 0, errors.to_string()
    assert len(corpus.papers) == m["papers"]
    assert len(corpus.papers_unique) == m["unique_papers"]
    assert len(corpus.authorships) == m["authorships"]
    assert corpus.papers["date"].dt.day_of_week.max() < 5


def test_make_synthetic_cli(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location(
        "make_synthetic", ROOT / "benchmarks" / "make_synthetic.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main([str(tmp_path / "out"), "--days", "3", "--seed", "1"]) == 0
    assert "wrote 3 digests" in capsys.readouterr().out
    assert len(list((tmp_path / "out").glob("*.md"))) == 3
