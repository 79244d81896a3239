"""The untouched topic test sets (topic_labels_test2.csv to _test5.csv): their draws, format and
disjointness, and the second annotators of test4 and test5.

Only the files are checked here, never the tagger's score on them: the lead engineer scores
each set once per change (tests/fixtures/README.md).
"""

from __future__ import annotations

import importlib.util
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from papertoolkit import topics

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]
HEAD = re.compile(r"^### \[.*\]\(https?://arxiv\.org/abs/([^)\s]+?)(?:v\d+)?\)\s*$")


@dataclass(frozen=True)
class LabelledSet:
    """What tests/fixtures/README.md documents about one test set."""

    name: str  # "test2": topic_labels_test2.csv, topic_test2_draw.csv, draw_topic_test2.py
    papers: int
    days: int
    labels: int
    llm_multimodal_code: tuple[int, int, int]
    empty: int
    mismatched: frozenset[str]  # summaries that describe another paper

    def path(self, kind: str) -> Path:
        return {"labels": FIXTURES / f"topic_labels_{self.name}.csv",
                "drawn": FIXTURES / f"topic_{self.name}_draw.csv",
                "script": ROOT / "benchmarks" / f"draw_topic_{self.name}.py"}[kind]


SETS = [
    LabelledSet("test2", 163, 139, 291, (52, 30, 4), 3,
            frozenset({"2406.08479", "2407.01392", "2407.20179", "2409.18957"})),
    LabelledSet("test3", 204, 133, 365, (86, 24, 6), 2,
            frozenset({"2407.17398", "2408.02718", "2409.17545", "2409.18313", "2409.18786",
                       "2409.20566"})),
    LabelledSet("test4", 200, 131, 393, (75, 26, 7), 0,
            frozenset({"2407.13481", "2407.19548", "2407.20020", "2408.03209", "2409.16686",
                       "2409.18747", "2409.19951", "2410.01999"})),
    LabelledSet("test5", 197, 127, 397, (83, 28, 7), 1,
            frozenset({"2407.12327", "2407.19593", "2408.14906", "2409.18869", "2409.19808"})),
]
by_name = pytest.mark.parametrize("test_set", SETS, ids=lambda s: s.name)


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def other_label_files(test_set: LabelledSet) -> list[Path]:
    """Every label file but this set's own, including any added later."""
    return sorted(p for p in FIXTURES.glob("topic_labels*.csv")
                  if p != test_set.path("labels"))


def day_ids(path: Path) -> set[str]:
    return {m[1] for line in path.read_text(encoding="utf-8").splitlines()
            if (m := HEAD.match(line))}


@by_name
def test_draw_file_is_well_formed_and_disjoint_from_every_label_file(test_set):
    drawn = read(test_set.path("drawn"))
    assert drawn.columns.tolist() == ["arxiv_id", "digest"]
    assert len(drawn) == test_set.papers and drawn["arxiv_id"].is_unique
    assert drawn["arxiv_id"].tolist() == sorted(drawn["arxiv_id"])
    assert drawn["digest"].str.fullmatch(r"paper_logs__\d{4}__\d\d__\d\d\.md").all()
    # one paper per day, a second from some days: never more than two from one day
    per_day = drawn["digest"].value_counts()
    assert per_day.max() == 2 and len(per_day) == test_set.days
    assert len(other_label_files(test_set)) >= 7
    for path in other_label_files(test_set):
        assert not set(drawn["arxiv_id"]) & set(read(path)["arxiv_id"]), path.name


@by_name
def test_labels_are_well_formed_and_cover_exactly_the_draw(test_set):
    labels = read(test_set.path("labels"))
    assert labels.columns.tolist() == ["arxiv_id", "topics"]
    assert len(labels) == test_set.papers and labels["arxiv_id"].is_unique
    assert labels["arxiv_id"].tolist() == sorted(labels["arxiv_id"])
    assert labels["arxiv_id"].tolist() == read(test_set.path("drawn"))["arxiv_id"].tolist()
    known = set(topics.builtin_taxonomy())
    cells = [cell.split(";") if cell else [] for cell in labels["topics"]]
    for cell in cells:
        assert set(cell) <= known and len(set(cell)) == len(cell)
    # ids and labels only: no free text can hide in a cell
    assert all(re.fullmatch(r"[a-z0-9_;]*", cell) for cell in labels["topics"])
    # the counts tests/fixtures/README.md documents
    per_topic = pd.Series([t for cell in cells for t in cell]).value_counts()
    assert per_topic.sum() == test_set.labels and len(per_topic) == 20
    assert (per_topic["llm"], per_topic["multimodal"], per_topic["code"]) == (
        test_set.llm_multimodal_code)
    assert [len(cell) for cell in cells].count(0) == test_set.empty


def test_the_test_sets_are_disjoint_from_each_other():
    ids = [set(read(s.path("labels"))["arxiv_id"]) for s in SETS]
    for i, first in enumerate(ids):
        for second in ids[i + 1:]:
            assert not first & second


@pytest.mark.parametrize(("name", "counts", "identical"), [
    # the figures tests/fixtures/README.md reports: labels of the first and second annotator,
    # labels both gave, papers labelled alike
    ("test4", (393, 386, 382), 187),
    ("test5", (397, 392, 383), 176),
])
def test_second_annotator_labelled_the_same_papers_and_mostly_agrees(name, counts, identical):
    first = read(FIXTURES / f"topic_labels_{name}.csv")
    second = read(FIXTURES / f"topic_{name}_second_annotator.csv")
    assert second["arxiv_id"].tolist() == first["arxiv_id"].tolist()
    assert set(second.columns) == {"arxiv_id", "topics"}
    a = [set(cell.split(";")) - {""} for cell in first["topics"]]
    b = [set(cell.split(";")) - {""} for cell in second["topics"]]
    both = sum(len(x & y) for x, y in zip(a, b, strict=True))
    assert (sum(map(len, a)), sum(map(len, b)), both) == counts
    assert sum(x == y for x, y in zip(a, b, strict=True)) == identical
    assert set().union(*b) <= set(topics.builtin_taxonomy())


def load_script(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@by_name
def test_draw_is_reproducible_and_avoids_tuning_days(real_corpus_dir, test_set):
    sample = load_script(test_set.path("script")).draw(real_corpus_dir)
    drawn = read(test_set.path("drawn"))
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


@by_name
def test_draw_check_passes(real_corpus_dir, test_set):
    script = load_script(test_set.path("script"))
    assert script.main(["--check", "--corpus", str(real_corpus_dir)]) == 0


@by_name
def test_eval_topics_scores_a_test_set_only_when_asked(test_set):
    module = load_script(ROOT / "benchmarks" / "eval_topics.py")
    assert module.SETS[test_set.name] == test_set.path("labels")
    assert test_set.name not in module.ALL and set(module.ALL) < set(module.SETS)
    ids = set(read(test_set.path("labels"))["arxiv_id"])
    assert ids & set(module.MISMATCHED) == test_set.mismatched


def test_label_agreement_script_counts_labels_and_kappa_by_hand(tmp_path):
    module = load_script(ROOT / "benchmarks" / "label_agreement.py")
    # a topic both sides give on 2 of 4 papers against 1 of 4: observed agreement 3/4,
    # chance 1/2 * 1/4 + 1/2 * 3/4 = 1/2, so kappa (3/4 - 1/2) / (1 - 1/2) = 1/2
    assert module.kappa([True, True, False, False], [True, False, False, False]) == 0.5
    first = tmp_path / "a.csv"
    second = tmp_path / "b.csv"
    first.write_text("arxiv_id,topics\n1,llm;code\n2,llm\n3,\n4,video\n")
    second.write_text("arxiv_id,topics\n4,video;3d\n3,\n2,code\n1,llm\n")
    table = module.agreement(module.read_labels([first]), module.read_labels([second]))
    micro = table.set_index("topic").loc["micro"]
    # first: 4 labels, second: 4, shared: llm (1), video (4)
    assert (micro["first"], micro["second"], micro["both"]) == (4, 4, 2)
    assert micro["f1"] == 0.5
    assert table.set_index("topic").loc["3d", ["first", "second", "both"]].tolist() == [0, 1, 0]
