"""The text layer of the tag score: TF-IDF words, per-topic regressions, explanations."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from papertoolkit import topics
from papertoolkit.topics import scoring, wording

DOCS = ["Cat behaviour\n고양이 연구입니다", "Dog behaviour\n강아지 연구입니다",
        "Cat and dog\n고양이와 강아지", "Bird song\n새 노래 연구", "cat cat dog\n고양이",
        "Dog training\n강아지 훈련 연구"]
LABELS = [{"cats"}, {"dogs"}, {"cats", "dogs"}, set(), {"cats"}, {"dogs"}]


def test_tfidf_is_the_one_scikit_learn_computes():
    layer = wording.fit_text_layer(DOCS, LABELS, ["cats", "dogs"], min_df=1, decimals=12)
    vec = TfidfVectorizer(token_pattern=wording.TOKEN_PATTERN, ngram_range=(1, 2),
                          sublinear_tf=True).fit(DOCS)
    assert layer["vocabulary"] == list(vec.get_feature_names_out())
    assert "cat dog" in layer["vocabulary"] and "고양이와" in layer["vocabulary"]
    new = ["A cat, a dog and 고양이 고양이", "nothing known here", ""]
    got = wording._tfidf(layer, new).toarray()
    assert np.abs(got - vec.transform(new).toarray()).max() < 1e-9
    assert got[1].sum() == 0 and got[2].sum() == 0  # unknown words: an empty row, no NaN


def test_text_logits_are_the_regressions_and_unknown_topics_get_zero():
    layer = wording.fit_text_layer(DOCS, LABELS, ["cats", "dogs", "birds"], min_df=1)
    assert set(layer["coef"]) == {"cats", "dogs"}  # birds: no positive paper, no model
    z = wording.text_logits(layer, ["Cat study\n고양이", "Dog study\n강아지"],
                            ["cats", "dogs", "birds", "fish"])
    assert z.shape == (2, 4)
    assert z[0, 0] > 0 > z[0, 1] and z[1, 1] > 0 > z[1, 0]
    assert (z[:, 2:] == 0).all()
    x = wording._tfidf(layer, ["Cat study\n고양이"]).toarray()[0]
    by_hand = x @ np.array(layer["coef"]["cats"]) + layer["intercept"]["cats"]
    assert z[0, 0] == pytest.approx(by_hand)
    json.dumps(layer)  # JSON-able


def test_text_terms_name_the_words_that_raise_the_logit():
    layer = wording.fit_text_layer(DOCS, LABELS, ["cats", "dogs"], min_df=1)
    got = wording.text_terms(layer, ["Cat study\n고양이", "Cat study\n고양이"], ["cats", "dogs"],
                             k=2)
    words = got[0].split("; ")
    assert len(words) == 2 and set(words) <= {"cat", "고양이", "cat study"}
    coef = dict(zip(layer["vocabulary"], layer["coef"]["dogs"], strict=True))
    assert all(coef[w] > 0 for w in got[1].split("; ") if w)  # only raising words


def test_text_terms_show_syllable_runs_as_the_words_that_hold_them_once():
    docs = ["피드백 연구\n피드백을 받다", "피드백 방법\n피드백이 좋다",
            "고양이 사진", "고양이 그림"]
    labels = [{"eval"}, {"eval"}, set(), set()]
    layer = wording.fit_text_layer(docs, labels, ["eval"], min_df=1, korean_chars=2)
    assert {"#피드", "#드백", "피드백"} <= set(layer["vocabulary"])
    (got,) = wording.text_terms(layer, ["새 연구\n피드백을 받다"], ["eval"], k=5)
    words = got.split("; ")
    # the runs #피드 and #드백 raise the logit: shown as the word holding them, once
    assert words.count("피드백을") == 1 and not any(w.startswith("#") for w in words)
    assert "피드" not in words and "드백" not in words
    assert len(words) == len(set(words)) <= 5


def test_text_terms_pass_over_function_words():
    # "and" raises the logit as much as "cat" (both only in the cat papers), yet is not shown
    docs = ["cat and mouse", "cat and bird", "dog park", "dog walk"]
    layer = wording.fit_text_layer(docs, [{"cats"}, {"cats"}, set(), set()], ["cats"],
                                   min_df=1)
    coef = dict(zip(layer["vocabulary"], layer["coef"]["cats"], strict=True))
    assert coef["and"] > 0 and coef["cat and"] > 0
    (got,) = wording.text_terms(layer, ["cat and mouse"], ["cats"], k=5)
    words = got.split("; ")
    assert "cat" in words and "and" not in words
    assert not any("and" in w.split() for w in words)


def test_out_of_fold_logits_come_from_layers_fitted_without_the_paper():
    docs = DOCS * 2
    labels = LABELS * 2
    oof = wording.out_of_fold_logits(docs, labels, ["cats", "dogs"], folds=3, seed=7)
    order = np.random.default_rng(7).permutation(len(docs))
    for k in range(3):
        test = np.sort(order[k::3])
        train = [i for i in range(len(docs)) if i not in set(test)]
        layer = wording.fit_text_layer([docs[i] for i in train], [labels[i] for i in train],
                                       ["cats", "dogs"])
        want = wording.text_logits(layer, [docs[i] for i in test], ["cats", "dogs"])
        assert oof[test] == pytest.approx(want)
    fitted = wording.fit_text_layer(docs, labels, ["cats", "dogs"])
    assert not np.allclose(oof, wording.text_logits(fitted, docs, ["cats", "dogs"]))


def test_a_layer_without_words_gives_zeros():
    layer = wording.fit_text_layer(["only", "words"], [{"a"}, set()], ["a"], min_df=2)
    assert layer["vocabulary"] == []
    assert (wording.text_logits(layer, ["only"], ["a"]) == 0).all()
    assert wording.text_terms(layer, ["only"], ["a"]) == [""]


def test_the_text_feature_enters_the_score_and_its_explanation():
    tax = {"cats": ["cat", "고양이"], "dogs": ["dog", "강아지"]}
    papers = pd.DataFrame({"arxiv_id": [str(i) for i in range(6)],
                           "title": [d.split("\n")[0] for d in DOCS],
                           "summary": [d.split("\n")[1] for d in DOCS]})
    labels = pd.DataFrame({"arxiv_id": papers["arxiv_id"],
                           "topics": [";".join(sorted(s)) for s in LABELS]})
    scorer = topics.fit_topic_scorer(papers, labels, taxonomy=tax, C=10)
    assert scorer["version"] == 2 and set(scorer["text_layer"]["coef"]) == {"cats", "dogs"}
    why = topics.explain_tags(papers, taxonomy=tax, scorer=scorer)
    docs = wording.documents(papers["title"], papers["summary"])
    z = wording.text_logits(scorer["text_layer"], docs, ["cats", "dogs"])
    row = {a: i for i, a in enumerate(papers["arxiv_id"])}
    for r in why.itertuples():
        assert r.text == pytest.approx(z[row[r.arxiv_id], ["cats", "dogs"].index(r.topic)])
        assert r.logit_text == pytest.approx(scorer["weights"]["text"] * r.text)
    logit = why.filter(like="logit_").sum(axis=1)
    assert ((1 / (1 + (-logit).map(math.exp))) - why["score"]).abs().max() < 1e-12
    tags = topics.tag_topics(papers, taxonomy=tax, scorer=scorer, min_score=0)
    assert tags["score"].to_numpy() == pytest.approx(why["score"].to_numpy(), abs=1e-4)
    plain = topics.fit_topic_scorer(papers, labels, taxonomy=tax, C=10, text=False)
    assert "text_layer" not in plain and plain["weights"]["text"] == 0
    with pytest.raises(ValueError, match="text_C must be a number > 0, got -1"):
        topics.fit_topic_scorer(papers, labels, taxonomy=tax, text_C=-1)


def test_the_builtin_scorer_carries_its_text_layer():
    scorer = topics.builtin_scorer()
    layer = scorer["text_layer"]
    assert set(layer["coef"]) == set(topics.builtin_taxonomy())
    assert len(layer["vocabulary"]) == len(layer["idf"]) == len(layer["coef"]["llm"])
    assert scoring.builtin_scorer() is not scoring.builtin_scorer()  # a copy each time


def test_korean_stem_cuts_particles_and_endings_only_when_two_syllables_remain():
    got = wording.grams("모델의 모델을 모델이 차이 평가 가속합니다 GPU의", korean_stem=True)
    assert got[:7] == ["모델", "모델", "모델", "차이", "평가", "가속", "gpu"]
    assert got[7:] == ["모델 모델", "모델 모델", "모델 차이", "차이 평가", "평가 가속", "가속 gpu"]
    assert wording.grams("모델의 차이", korean_stem=False) == ["모델의", "차이", "모델의 차이"]


def test_a_stemmed_layer_reads_every_form_of_a_word_alike():
    layer = wording.fit_text_layer(DOCS, LABELS, ["cats", "dogs"], min_df=1, korean_stem=True)
    assert layer["korean_stem"] is True
    assert "고양이" in layer["vocabulary"] and "고양이와" not in layer["vocabulary"]
    z = wording.text_logits(layer, ["x\n고양이를", "x\n고양이가", "x\n고양이와"], ["cats"])
    assert z[0, 0] == z[1, 0] == z[2, 0] > 0
    plain = wording.fit_text_layer(DOCS, LABELS, ["cats"], min_df=1)
    assert "고양이와" in plain["vocabulary"] and "korean_stem" in plain
    del plain["korean_stem"]  # a layer written before the option reads words unstemmed
    assert wording._counts(plain, ["고양이와"]).sum() == 1


def _toy_training() -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """DOCS as a papers table, LABELS as a label table, and a two-topic taxonomy."""
    papers = pd.DataFrame({"arxiv_id": [str(i) for i in range(len(DOCS))],
                           "title": [d.split("\n")[0] for d in DOCS],
                           "summary": [d.split("\n")[1] for d in DOCS]})
    labels = pd.DataFrame({"arxiv_id": papers["arxiv_id"],
                           "topics": [";".join(sorted(s)) for s in LABELS]})
    tax = {"cats": ["cat", "고양이"], "dogs": ["dog", "강아지"]}
    return papers, labels, tax


def test_fit_topic_scorer_passes_text_options_and_rejects_unknown_ones():
    papers, labels, tax = _toy_training()
    scorer = topics.fit_topic_scorer(papers, labels, taxonomy=tax, C=10,
                                     text_options={"korean_stem": True, "min_df": 1})
    assert scorer["text_layer"]["korean_stem"] is True
    assert scorer["text_layer"]["min_df"] == 1
    with pytest.raises(ValueError, match="text_options has unknown key.*'stem'"):
        topics.fit_topic_scorer(papers, labels, taxonomy=tax, text_options={"stem": True})


def test_korean_chars_add_syllable_runs_inside_korean_words_only():
    got = wording.grams("모델을 GPU 새", korean_chars=2)
    assert got == ["모델을", "gpu", "모델을 gpu", "#모델", "#델을"]
    assert wording.grams("모델을 GPU", korean_chars=3) == ["모델을", "gpu", "모델을 gpu",
                                                           "#모델을"]
    layer = wording.fit_text_layer(DOCS, LABELS, ["cats"], min_df=1, korean_chars=2)
    assert layer["korean_chars"] == 2 and "#고양" in layer["vocabulary"]
    # 고양이를 was never seen whole, but its syllables were
    assert wording.text_logits(layer, ["x\n고양이를"], ["cats"])[0, 0] > 0


def test_title_repeats_build_the_documents_the_layer_was_fitted_on():
    assert wording.documents(["T"], ["s"]) == ["T\nT\ns"]
    assert wording.documents(["T"], ["s"], 3) == ["T\nT\nT\ns"]
    assert wording.layer_documents({"title_repeats": 1}, ["T"], ["s"]) == ["T\ns"]
    assert wording.layer_documents({}, ["T"], ["s"]) == ["T\nT\ns"]  # written before
    papers, labels, tax = _toy_training()
    scorer = topics.fit_topic_scorer(papers, labels, taxonomy=tax, C=10,
                                     text_options={"title_repeats": 1, "min_df": 1})
    layer = scorer["text_layer"]
    assert layer["title_repeats"] == 1
    cands = scoring.candidates(papers, tax, text_layer=layer)
    docs = wording.documents(papers["title"], papers["summary"], 1)
    z = wording.text_logits(layer, docs, ["cats", "dogs"])
    row = {a: i for i, a in enumerate(papers["arxiv_id"])}
    expect = [z[row[a], ["cats", "dogs"].index(t)]
              for a, t in zip(cands["arxiv_id"], cands["topic"], strict=True)]
    assert np.allclose(cands["text"], expect)


def test_the_text_layer_proposes_a_topic_none_of_whose_terms_occur():
    layer = wording.fit_text_layer(DOCS, LABELS, ["cats", "dogs"], min_df=1)
    tax = {"cats": {"terms": ["cat"], "rivals": ["dogs"]}, "dogs": ["dog", "강아지"],
           "birds": ["bird"]}  # 고양이 is no cats term here; the layer has no birds model
    new = pd.DataFrame({"arxiv_id": ["a", "b"], "title": ["x", "y"],
                        "summary": ["고양이 고양이 강아지", "새 노래"]})
    z = wording.text_logits(layer, wording.documents(new["title"], new["summary"]),
                            ["cats", "dogs"])
    prob = 1 / (1 + np.exp(-z[0, 0]))
    assert prob > 0.5
    got = scoring.candidates(new, tax, text_layer=layer, text_min=prob - 1e-6)
    assert got[["arxiv_id", "topic", "no_term"]].values.tolist() == [
        ["a", "cats", 1.0], ["a", "dogs", 0.0]]  # b: no term, and no topic the layer trusts
    cats = got.iloc[0]
    assert (cats["matched_terms"], cats["n_matches"]) == ("", 0)
    assert (cats[list(scoring.FEATURES[:8])] == 0).all()  # every term feature
    assert cats["text"] == pytest.approx(z[0, 0])
    assert cats["rival"] == 1.0 and cats["n_topics"] == 0.0  # dogs, the one term candidate
    above = scoring.candidates(new, tax, text_layer=layer, text_min=prob + 1e-6)
    assert above["topic"].tolist() == ["dogs"]
    # with no text_min nothing is proposed; with no layer, text_min=0 proposes every pair
    assert scoring.candidates(new, tax, text_layer=layer)["topic"].tolist() == ["dogs"]
    every = scoring.candidates(new, tax, text_min=0)
    assert every[["arxiv_id", "topic"]].values.tolist() == [
        [a, t] for a in "ab" for t in tax]
    assert len(scoring.candidates(new, tax, text_min=0.5)) == 1


def test_a_proposed_tag_is_marked_and_explained_by_the_layers_words():
    papers, labels, _ = _toy_training()
    tax = {"cats": ["cat"], "dogs": ["dog", "강아지"]}
    scorer = topics.fit_topic_scorer(papers, labels, taxonomy=tax, C=10, text_min=0.5,
                                     text_options={"min_df": 1})
    assert scorer["text_min"] == 0.5
    new = pd.DataFrame({"arxiv_id": ["a"], "title": ["x"], "summary": ["고양이 고양이 연구"]})
    tags = topics.tag_topics(new, taxonomy=tax, scorer=scorer, min_score=0)
    assert tags[["topic", "n_matches"]].astype(str).values.tolist() == [["cats", "0"]]
    words = wording.text_terms(scorer["text_layer"], wording.documents(["x"], [
        "고양이 고양이 연구"]), ["cats"])[0]
    assert words and tags["matched_terms"].iloc[0] == "text: " + words
    why = topics.explain_tags(new, taxonomy=tax, scorer=scorer)
    assert why[["topic", "matched_terms", "text_terms", "no_term"]].values.tolist() == [
        ["cats", "", words, 1.0]]
    assert why["score"].iloc[0] == pytest.approx(tags["score"].iloc[0], abs=1e-4)
    # without text_min the scorer proposes nothing
    plain = {k: v for k, v in scorer.items() if k != "text_min"}
    assert topics.tag_topics(new, taxonomy=tax, scorer=plain, min_score=0).empty
    with pytest.raises(ValueError, match="text_min must be a number between 0 and 1, got 2"):
        topics.fit_topic_scorer(papers, labels, taxonomy=tax, text_min=2)
    with pytest.raises(ValueError, match=r"scorer\['text_min'\] must be a number between"):
        topics.tag_topics(new, taxonomy=tax, scorer={**scorer, "text_min": -1})


def test_the_builtin_scorer_proposes_confident_topics_on_real_papers(real_corpus):
    sample = real_corpus.papers_unique.sort_values("arxiv_id").head(800)
    scorer = topics.builtin_scorer()
    tags = topics.tag_topics(sample)
    why = topics.explain_tags(sample)
    proposals = why[why["no_term"] == 1]
    # every proposal is a topic the text layer is confident about, with no term matched
    assert len(proposals) and (proposals["matched_terms"] == "").all()
    prob = 1 / (1 + np.exp(-proposals["text"].to_numpy()))
    assert (prob >= scorer["text_min"] - 1e-4).all()
    kept = proposals[proposals["score"] >= proposals["min_score"]]
    got = tags[tags["n_matches"] == 0]
    def pairs(df: pd.DataFrame) -> list[tuple[str, str]]:
        return sorted(zip(df["arxiv_id"].astype(str), df["topic"].astype(str), strict=True))

    assert pairs(got) == pairs(kept)
    assert len(got) and got["matched_terms"].str.startswith("text: ").all()
    # the words after the mark are explain_tags' text_terms for the same tag
    words = kept.set_index(["arxiv_id", "topic"])["text_terms"]
    for a, t, m in zip(got["arxiv_id"], got["topic"].astype(str), got["matched_terms"],
                       strict=True):
        assert m == "text: " + words[(str(a), t)]
