"""The third topic test set (topic_labels_test2.csv): its draw, format and disjointness.

Only the file is checked here, never the tagger's score on it: the lead engineer scores the
set once per change (tests/fixtures/README.md).
"""

from __future__ import annotations

import importlib.util
import random
import re
from pathlib import Path

import pandas as pd

from papertoolkit import topics

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]
DRAWN = FIXTURES / "topic_test2_draw.csv"
TEST2 = FIXTURES / "topic_labels_test2.csv"
HEAD = re.compile(r"^### \[.*\]\(https?://arxiv\.org/abs/([^)\s]+?)(?:v\d+)?\)\s*$")


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def other_label_files() -> list[Path]:
    """Every label file but the test2 one, including any added later."""
    return sorted(p for p in FIXTURES.glob("topic_labels*.csv")
                  if p.name != "topic_labels_test2.csv")


def day_ids(path: Path) -> set[str]:
    return {m[1] for line in path.read_text(encoding="utf-8").splitlines()
            if (m := HEAD.match(line))}


def test_draw_file_is_well_formed_and_disjoint_from_every_label_file():
    drawn = read(DRAWN)
    assert drawn.columns.tolist() == ["arxiv_id", "digest"]
    assert len(drawn) == 163 and drawn["arxiv_id"].is_unique
    assert drawn["arxiv_id"].tolist() == sorted(drawn["arxiv_id"])
    assert drawn["digest"].str.fullmatch(r"paper_logs__\d{4}__\d\d__\d\d\.md").all()
    # one paper per day, a second from some days: never more than two from one day
    per_day = drawn["digest"].value_counts()
    assert per_day.max() == 2 and len(per_day) == 139
    assert len(other_label_files()) >= 6
    for path in other_label_files():
        assert not set(drawn["arxiv_id"]) & set(read(path)["arxiv_id"]), path.name


def test_labels_are_well_formed_and_cover_exactly_the_draw():
    labels = read(TEST2)
    assert labels.columns.tolist() == ["arxiv_id", "topics"]
    assert len(labels) == 163 and labels["arxiv_id"].is_unique
    assert labels["arxiv_id"].tolist() == sorted(labels["arxiv_id"])
    assert labels["arxiv_id"].tolist() == read(DRAWN)["arxiv_id"].tolist()
    known = set(topics.builtin_taxonomy())
    cells = [cell.split(";") if cell else [] for cell in labels["topics"]]
    for cell in cells:
        assert set(cell) <= known and len(set(cell)) == len(cell)
    # ids and labels only: no free text can hide in a cell
    assert all(re.fullmatch(r"[a-z0-9_;]*", cell) for cell in labels["topics"])
    # the counts tests/fixtures/README.md documents
    per_topic = pd.Series([t for cell in cells for t in cell]).value_counts()
    assert per_topic.sum() == 291 and len(per_topic) == 20
    assert (per_topic["llm"], per_topic["multimodal"], per_topic["code"]) == (52, 30, 4)
    assert [len(cell) for cell in cells].count(0) == 3


def test_labels_are_disjoint_from_every_other_label_file():
    ids = set(read(TEST2)["arxiv_id"])
    for path in other_label_files():
        assert not ids & set(read(path)["arxiv_id"]), path.name


def load_draw_script():
    spec = importlib.util.spec_from_file_location(
        "draw_topic_test2", ROOT / "benchmarks" / "draw_topic_test2.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_draw_is_reproducible_and_avoids_tuning_days(real_corpus_dir):
    sample = load_draw_script().draw(real_corpus_dir)
    drawn = read(DRAWN)
    assert sorted(sample, key=lambda s: s[1]) == list(
        zip(drawn["digest"], drawn["arxiv_id"], strict=True))
    # the tuning days, re-drawn here with the first sample's seed (tests/fixtures/README.md)
    files = sorted(real_corpus_dir.glob("paper_logs__*.md"))
    random.seed(20261126)
    tuning = random.sample(files, 160)
    assert not set(drawn["digest"]) & {f.name for f in tuning}
    on_tuning_days = set().union(*(day_ids(f) for f in tuning))
    assert not set(drawn["arxiv_id"]) & on_tuning_days
    # each paper is listed on the day it was drawn from
    for digest, pid in sample:
        assert pid in day_ids(real_corpus_dir / digest)


def test_draw_check_passes(real_corpus_dir):
    assert load_draw_script().main(["--check", "--corpus", str(real_corpus_dir)]) == 0


def test_eval_topics_scores_test2_only_when_asked():
    spec = importlib.util.spec_from_file_location(
        "eval_topics", ROOT / "benchmarks" / "eval_topics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.SETS["test2"] == TEST2
    assert "test2" not in module.ALL and set(module.ALL) < set(module.SETS)
    assert set(read(TEST2)["arxiv_id"]) - set(module.MISMATCHED) == set(
        read(TEST2)["arxiv_id"]) - {"2406.08479", "2407.01392", "2407.20179", "2409.18957"}
