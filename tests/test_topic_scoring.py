"""Tag scores: the features of each candidate, the logistic score, thresholds, fitting."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from papertoolkit import topics
from papertoolkit.topics import scoring

TAX = {
    "cats": {"terms": ["cat", "고양이"], "title_terms": ["feline"], "rivals": ["dogs"]},
    "dogs": {"terms": ["dog", "개"]},
}


def papers(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["arxiv_id", "title", "summary"])


def test_candidate_features_count_matches_by_zone():
    df = papers([("1", "Feline cat study", "cat and dog here\n\ndog only\ncat, cat and dog")])
    got = scoring.candidates(df, TAX).set_index("topic")
    # title "Feline cat study": cats has 1 body match + 1 cue; bullets: 3 non-empty lines
    cats, dogs = got.loc["cats"], got.loc["dogs"]
    assert cats["matched_terms"] == "feline; cat" and cats["n_matches"] == 5  # feline + 4 cat
    assert (cats["title"], cats["title_cue"]) == (math.log1p(1), math.log1p(1))
    assert (cats["first"], cats["rest"]) == (math.log1p(1), math.log1p(2))
    assert cats["distinct"] == math.log1p(2)
    assert cats["bullet_share"] == pytest.approx(2 / 3)
    assert dogs["n_matches"] == 3 and dogs["title"] == 0 and dogs["rest"] == math.log1p(2)
    assert dogs["bullet_share"] == 1.0
    assert cats["dominance"] == 1.0 and dogs["dominance"] == pytest.approx(3 / 5)
    assert cats["rival"] == pytest.approx(3 / 5) and dogs["rival"] == 0.0  # dogs has no rivals
    assert cats["n_topics"] == dogs["n_topics"] == math.log(2)


def test_a_title_cue_over_a_body_term_counts_once():
    tax = {"gen": {"terms": ["diffusion"], "title_terms": ["diffusion", "generat*"]}}
    got = scoring.candidates(papers([("1", "Diffusion generator", "")]), tax).iloc[0]
    assert got["matched_terms"] == "generator; diffusion" and got["n_matches"] == 2
    assert got["title_cue"] == math.log1p(2)  # both cue words still count as cues


def test_score_is_the_logistic_of_the_weighted_features():
    df = papers([("1", "Cats", "고양이 연구\n개도 나옴"), ("2", "x", "dog")])
    scorer = topics.builtin_scorer()
    tags = topics.tag_topics(df, taxonomy=TAX, min_score=0)
    cands = scoring.candidates(df, TAX)
    for (_, cand), got in zip(cands.iterrows(), tags["score"], strict=True):
        logit = scorer["intercept"] + scorer["topic_bias"].get(cand["topic"], 0.0) + sum(
            w * cand[f] for f, w in scorer["weights"].items())
        assert got == pytest.approx(1 / (1 + math.exp(-logit)), abs=1e-4)


def test_where_a_term_occurs_changes_the_score():
    # robot papers that name image editing once: in the title, the first or the last bullet
    lines = ["로봇 조작 연구입니다.", "둘째 문장.", "셋째 문장.", "넷째 문장."]
    df = papers([
        ("title", "Robot manipulation for image editing", "\n".join(lines)),
        ("first", "Robot manipulation", "\n".join(["로봇 조작으로 이미지 편집을 합니다.",
                                                  *lines[1:]])),
        ("late", "Robot manipulation", "\n".join([*lines[:3], "이미지 편집도 언급."])),
    ])
    got = topics.tag_topics(df, min_score=0)
    score = got[got["topic"] == "image_generation"].set_index("arxiv_id")["score"]
    assert score["title"] > score["first"] > score["late"]
    kept = topics.tag_topics(df)
    assert "late" not in set(kept.loc[kept["topic"] == "image_generation", "arxiv_id"])


def test_diffusion_policy_is_not_evidence_for_image_generation():
    df = papers([("1", "Robot manipulation with diffusion policies",
                  "확산 정책(diffusion policy)으로 로봇 조작을 학습합니다.")])
    got = topics.tag_topics(df, min_score=0)
    assert got["topic"].astype(str).tolist() == ["robotics"]


def test_min_score_trades_tags_away_and_is_checked():
    df = papers([("1", "Cats", "고양이\n개"), ("2", "Dogs and cats", "개 개 고양이")])
    every = topics.tag_topics(df, taxonomy=TAX, min_score=0)
    assert len(every) == len(scoring.candidates(df, TAX)) == 4
    for threshold in (0.2, 0.5, 0.8):
        kept = topics.tag_topics(df, taxonomy=TAX, min_score=threshold)
        assert kept["score"].ge(threshold).all()
        assert len(kept) == int((every["score"] >= threshold).sum())
    default = topics.tag_topics(df, taxonomy=TAX)
    assert default["score"].ge(topics.builtin_scorer()["min_score"]).all()
    with pytest.raises(ValueError, match="min_score must be a number between 0 and 1, got 1.5"):
        topics.tag_topics(df, taxonomy=TAX, min_score=1.5)
    with pytest.raises(TypeError, match="min_score must be a number, got str 'high'"):
        topics.tag_topics(df, taxonomy=TAX, min_score="high")


def test_topic_min_score_is_a_threshold_per_topic():
    df = papers([("1", "Cats", "고양이\n개"), ("2", "Dogs and cats", "개 개 고양이"),
                 ("3", "Dogs", "개 개")])
    scorer = {**topics.builtin_scorer(), "min_score": 0.0}
    every = topics.tag_topics(df, taxonomy=TAX, scorer=scorer)
    dogs = sorted(every.loc[every["topic"] == "dogs", "score"])
    assert len(dogs) == 3 and dogs[0] < dogs[1]
    cut = (dogs[0] + dogs[1]) / 2  # keeps two of the three dogs tags
    per_topic = {**scorer, "topic_min_score": {"dogs": cut}}
    got = topics.tag_topics(df, taxonomy=TAX, scorer=per_topic)
    assert got["topic"].astype(str).value_counts().to_dict() == {
        "cats": int((every["topic"] == "cats").sum()), "dogs": 2}
    assert got["score"].ge([cut if t == "dogs" else 0.0 for t in got["topic"]]).all()
    # a number applies to every topic, as before
    pd.testing.assert_frame_equal(topics.tag_topics(df, taxonomy=TAX, scorer=per_topic,
                                                    min_score=0.0), every)
    with pytest.raises(ValueError, match=r"scorer\['topic_min_score'\]\['dogs'\] must be a "
                                         r"number between 0 and 1, got 2"):
        topics.tag_topics(df, taxonomy=TAX, scorer={**scorer, "topic_min_score": {"dogs": 2}})
    with pytest.raises(TypeError, match=r"scorer\['topic_min_score'\] must be"):
        topics.tag_topics(df, taxonomy=TAX, scorer={**scorer, "topic_min_score": 0.5})


def test_builtin_tags_meet_their_topic_thresholds(real_corpus):
    scorer = topics.builtin_scorer()
    per_topic = scorer["topic_min_score"]
    assert per_topic and all(v > scorer["min_score"] for v in per_topic.values())
    sample = real_corpus.papers_unique.head(400)
    tags = topics.tag_topics(sample)
    every = topics.tag_topics(sample, min_score=0)
    cut = every["topic"].astype(str).map(per_topic).astype(float).fillna(scorer["min_score"])
    expect = every[every["score"] >= cut.to_numpy() - 5e-5]
    assert len(tags) == len(expect) < len(topics.tag_topics(sample, min_score=scorer[
        "min_score"]))
    # explain_tags names the threshold each candidate needed; the tags are those reaching it
    why = topics.explain_tags(sample)
    assert why["min_score"].tolist() == [per_topic.get(t, scorer["min_score"])
                                         for t in why["topic"]]
    kept = why[why["score"] >= why["min_score"]]
    assert list(zip(kept["arxiv_id"], kept["topic"], strict=True)) == list(zip(
        tags["arxiv_id"], tags["topic"].astype(str), strict=True))


def test_evaluate_topics_curve_matches_thresholded_tags():
    df = papers([("1", "Cats", "고양이\n개"), ("2", "Dogs and cats", "개 개 고양이"),
                 ("3", "Dogs", "개")])
    labels = pd.DataFrame({"arxiv_id": ["1", "2", "3"], "topics": ["cats", "dogs", "dogs"]})
    every = topics.tag_topics(df, taxonomy=TAX, min_score=0)
    curve = topics.evaluate_topics(every, labels, min_scores=[0, 0.5, 0.9])
    assert curve.columns[0] == "min_score"
    assert curve["min_score"].unique().tolist() == [0, 0.5, 0.9]
    truth = {("1", "cats"), ("2", "dogs"), ("3", "dogs")}
    for threshold, rows in curve.groupby("min_score"):
        pred = {(a, str(t)) for a, t, s in zip(every["arxiv_id"], every["topic"], every["score"],
                                               strict=True) if s >= threshold}
        micro = rows.set_index("topic").loc["micro"]
        assert micro["tp"] == len(pred & truth) and micro["predicted"] == len(pred)
    with pytest.raises(ValueError, match="'score' column"):
        topics.evaluate_topics(every.drop(columns="score"), labels, min_scores=[0.5])


def test_fit_topic_scorer_learns_that_title_mentions_matter():
    # cats is a topic of a paper exactly when "cat" is in its title, not when it is mentioned
    rows, labels = [], []
    for i in range(30):
        about = i % 2 == 0
        title = "Cat behaviour" if about else "Dog behaviour"
        rows.append((str(i), title, "고양이와 개를 비교합니다.\n자세한 실험.\n결과."))
        labels.append((str(i), "cats" if about else "dogs"))
    df = papers(rows)
    lab = pd.DataFrame(labels, columns=["arxiv_id", "topics"])
    scorer = topics.fit_topic_scorer(df, lab, taxonomy=TAX, C=10)
    json.dumps(scorer)  # JSON-able
    assert set(scorer["weights"]) == set(scoring.FEATURES)
    assert set(scorer["topic_bias"]) == {"cats", "dogs"}
    assert scorer["fitted_on"]["papers"] == 30 and scorer["fitted_on"]["candidates"] == 60
    tags = topics.tag_topics(df, taxonomy=TAX, scorer=scorer, min_score=0.5)
    assert set(zip(tags["arxiv_id"], tags["topic"].astype(str), strict=True)) == set(labels)
    with pytest.raises(ValueError, match="some candidate tags right and some wrong"):
        topics.fit_topic_scorer(df, lab.assign(topics=""), taxonomy=TAX)
    with pytest.raises(ValueError, match="C must be a number > 0, got 0"):
        topics.fit_topic_scorer(df, lab, taxonomy=TAX, C=0)


def test_weak_terms_are_counted_apart_as_strong_matches():
    tax = {"gen": {"terms": ["diffusion", "text-to-image", "확산"],
                   "weak_terms": ["diffusion", "확산"]},
           "audio": {"terms": ["speech"]}}
    df = papers([("1", "Diffusion for speech", "확산 모델\ntext-to-image and diffusion"),
                 ("2", "Speech", "diffusion only")])
    got = scoring.candidates(df, tax).set_index(["arxiv_id", "topic"])
    # paper 1: diffusion x2 + 확산 (weak), text-to-image x1 (strong); paper 2: weak only
    assert got.loc[("1", "gen"), "n_matches"] == 4
    assert got.loc[("1", "gen"), "strong"] == math.log1p(1)
    assert got.loc[("2", "gen"), "strong"] == 0.0
    assert got.loc[("1", "audio"), "strong"] == math.log1p(1)  # no weak terms: all strong
    # a scorer without a weight for "strong" (older JSON) gives it 0
    old = topics.builtin_scorer()
    old["weights"].pop("strong")
    cands = scoring.candidates(df, tax)
    assert (scoring.logit_parts(cands, old)["strong"] == 0).all()
    with pytest.raises(ValueError, match=r"weak_terms \['GAN'\] are not among its terms"):
        topics.load_taxonomy({"gen": {"terms": ["diffusion"], "weak_terms": ["GAN"]}})


def test_bad_scorers_and_rivals_are_refused():
    df = papers([("1", "Cats", "고양이")])
    with pytest.raises(ValueError, match=r"scorer lacks the key\(s\) \['intercept'"):
        topics.tag_topics(df, taxonomy=TAX, scorer={"weights": {}})
    bad = dict(topics.builtin_scorer(), weights={"colour": 1.0})
    with pytest.raises(ValueError, match=r"unknown features \['colour'\]"):
        topics.tag_topics(df, taxonomy=TAX, scorer=bad)
    with pytest.raises(TypeError, match="scorer must be Mapping"):
        topics.tag_topics(df, taxonomy=TAX, scorer=[1, 2])
    with pytest.raises(ValueError, match=r"rivals \['birds'\] are not other topics"):
        topics.load_taxonomy({"cats": {"terms": ["cat"], "rivals": ["birds"]}})


def test_explain_tags_parts_add_up_to_the_score():
    df = papers([("1", "Feline cat study", "cat and dog\nmore dog")])
    why = topics.explain_tags(df, taxonomy=TAX)
    assert why.columns[:6].tolist() == ["arxiv_id", "topic", "matched_terms", "text_terms",
                                        "n_matches", "score"]
    logit = why.filter(like="logit_").sum(axis=1)
    assert ((1 / (1 + (-logit).map(math.exp))) - why["score"]).abs().max() < 1e-12
    scorer = topics.builtin_scorer()
    cats = why.set_index("topic").loc["cats"]
    assert cats["logit_title"] == pytest.approx(scorer["weights"]["title"] * cats["title"])


def _fit_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "fit_topic_scorer.py"
    spec = importlib.util.spec_from_file_location("fit_topic_scorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_threshold_rule_counts_precision_by_its_wilson_lower_bound():
    import numpy as np

    fit = _fit_script()
    # 7 of 10: p 0.7; Wilson, z=1: (0.7 + 1/20 - sqrt(0.021 + 1/400)) / (1 + 1/10)
    assert fit.wilson_low(np.array([7]), np.array([10]), 1.0)[0] == pytest.approx(0.542457,
                                                                                  abs=1e-6)
    assert fit.wilson_low(np.array([7, 0]), np.array([10, 0]), 0.0).tolist() == [0.7, 0.0]
    # topic 0: 20 right tags at 0.9; topic 1: 7 right and 3 wrong at 0.5 (precision 0.70)
    score = np.array([0.9] * 20 + [0.5] * 10)
    right = np.array([True] * 27 + [False] * 3)
    topic = np.array([0] * 20 + [1] * 10)
    n_labels = np.array([20, 7])
    t0, per = fit.choose_thresholds(score, right, topic, n_labels, recall_floor=0.9,
                                    precision=0.7)
    assert t0 == 0.1 and per.tolist() == [0.1, 0.1]  # recall 27/27 needs every tag
    _, per = fit.choose_thresholds(score, right, topic, n_labels, recall_floor=0.9,
                                   precision=0.7, z=1.0)
    assert per.tolist() == [0.1, fit.GRID[-1]]  # 0.54 < 0.70: no threshold keeps topic 1
    # joint: no t0 keeps recall >= 0.9 once topic 1 is dropped (20/27): the lowest is given
    t0, per = fit.choose_thresholds(score, right, topic, n_labels, recall_floor=0.9,
                                    precision=0.7, z=1.0, joint=True)
    assert t0 == 0.1 and per.tolist() == [0.1, fit.GRID[-1]]
    t0, _ = fit.choose_thresholds(score, right, topic, n_labels, recall_floor=0.7,
                                  precision=0.7, z=1.0, joint=True)
    assert t0 == 0.1  # 20/27 = 0.74 >= 0.7, and every t0 up to 0.8 gives the same tags


def test_threshold_rule_below_lets_a_precise_topic_go_under_min_score():
    import numpy as np

    fit = _fit_script()
    # topic 0: 10 right at 0.9, 4 right at 0.3; topic 1: 10 right at 0.9, 20 wrong at 0.3.
    # Micro-F1 is 40/44 above 0.3 and 48/68 at it, so min_score is 0.31 (recall floor 0).
    score = np.array([0.9] * 10 + [0.3] * 4 + [0.9] * 10 + [0.3] * 20)
    right = np.array([True] * 24 + [False] * 20)
    topic = np.array([0] * 14 + [1] * 30)
    n_labels = np.array([14, 10])
    t0, per = fit.choose_thresholds(score, right, topic, n_labels, recall_floor=0.0,
                                    precision=0.7)
    assert t0 == 0.31 and per.tolist() == [0.31, 0.31]
    # topic 0 keeps precision 14/14 at 0.26; topic 1 falls to 10/30 there and stays at 0.31
    t0, per = fit.choose_thresholds(score, right, topic, n_labels, recall_floor=0.0,
                                    precision=0.7, below=0.05)
    assert t0 == 0.31 and per.tolist() == [0.26, 0.31]
