"""What papers are about: taxonomy tagging, unsupervised topics, keywords and trends.

Three ways to look at topics:

* :func:`tag_topics` — multi-label tagging with a taxonomy of hand-written English and Korean
  terms (a built-in one of 20 topics, or your own dict / JSON / YAML file);
* :func:`discover_topics` — unsupervised TF-IDF + NMF topics over title + summary, with a
  tokeniser (:func:`tokenize`) that handles the mixed Korean/English summaries;
* :func:`keywords` — the distinctive terms of each week or month.

Trends over time build on the tags: :func:`topic_share`, :func:`rising_topics`,
:func:`topic_votes`, and the plots :func:`plot_topic_share` and :func:`plot_top_terms`.

Every function takes a Corpus (anything with ``.papers_unique`` or ``.papers``) or a papers
DataFrame (columns ``arxiv_id, title, summary, date, votes``; a ``papers_unique``-style table
with ``first_seen`` / ``max_votes`` works too) and returns new DataFrames. A paper counts once,
on the day it first appeared, with the highest vote count it was shown with (votes are a
snapshot taken when each digest was written).

Examples
--------
>>> import pandas as pd
>>> from papertoolkit import topics
>>> papers = pd.DataFrame({
...     "arxiv_id": ["1", "2"], "date": pd.to_datetime(["2024-01-01", "2024-01-08"]),
...     "title": ["Fast LLM inference", "A robot that draws"],
...     "summary": ["KV 캐시를 양자화합니다.", "확산 모델이 이미지 생성을 돕는 로봇."],
...     "votes": [10, 3]})
>>> tags = topics.tag_topics(papers)
>>> tags[["arxiv_id", "topic"]].values.tolist()
[['1', 'llm'], ['1', 'efficiency'], ['2', 'image_generation'], ['2', 'robotics']]

Modules, by job: :mod:`~papertoolkit.topics.taxonomy` (topics and their terms),
:mod:`~.tagging` (tag papers), :mod:`~.scoring` (the score of each tag), :mod:`~.wording`
(its per-topic text model), :mod:`~.tokens`
(tokeniser), :mod:`~.discover` (NMF topics, keywords), :mod:`~.trends` (over time) and
:mod:`~.plots`. Every public name is importable from ``papertoolkit.topics`` itself.
"""

from .discover import discover_topics, keywords
from .plots import plot_top_terms, plot_topic_share
from .scoring import builtin_scorer, explain_tags, fit_topic_scorer
from .tagging import evaluate_topics, tag_topics, with_topics
from .taxonomy import TAXONOMY_PATH as TAXONOMY_PATH
from .taxonomy import builtin_taxonomy, load_taxonomy, topic_labels
from .tokens import SPACED_COMPOUNDS_KO as SPACED_COMPOUNDS_KO
from .tokens import STOPWORDS_EN as STOPWORDS_EN
from .tokens import STOPWORDS_KO as STOPWORDS_KO
from .tokens import tokenize
from .trends import rising_topics, topic_share, topic_votes

__all__ = [
    "builtin_taxonomy",
    "load_taxonomy",
    "topic_labels",
    "tag_topics",
    "with_topics",
    "evaluate_topics",
    "builtin_scorer",
    "explain_tags",
    "fit_topic_scorer",
    "tokenize",
    "discover_topics",
    "keywords",
    "topic_share",
    "rising_topics",
    "topic_votes",
    "plot_topic_share",
    "plot_top_terms",
]
