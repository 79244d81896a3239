"""A paper's detail as HTML: its Korean summary bullets, links, authors and topics.

:class:`PaperIndex` gathers, once per corpus, what the explorers show when a paper is
selected: the summary bullets with their labels (*What's New*, *Technical Details*, ...), the
links found in the summary (GitHub, project page, Hugging Face; see ``corpus.links``), the
authors in digest order and the topics with their matched terms. :meth:`PaperIndex.html`
renders one paper; :func:`snippet` shows why a paper matched a search. Every text is
escaped; matched terms are wrapped in ``<mark>``.

Examples
--------
>>> snippet("Diffusion models make images; 확산 모델은 잡음을 걷어냅니다.", "확산", width=10)
'…images; <mark>확산</mark> 모델은 잡음을…'
>>> highlight("A <b>LLM</b> agent", ["llm", "agent"])
'A &lt;b&gt;<mark>LLM</mark>&lt;/b&gt; <mark>agent</mark>'
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ._compat import positional_options
from .datatable import FONT_STACK, MUTED, arxiv_url, esc, fmt_int, hf_url, link

__all__ = ["PaperIndex", "highlight", "snippet"]

LINK_KINDS = {"github": "GitHub", "project": "Project page", "huggingface": "Hugging Face",
              "arxiv": "arXiv", "other": "Link"}


def _mark(text: str) -> str:
    return f"<mark>{html.escape(text, quote=True)}</mark>"


def highlight(text: str, terms: Iterable[str]) -> str:
    """Escaped *text* with every case-insensitive occurrence of *terms* in ``<mark>``.

    Parameters
    ----------
    text : str
        Plain text.
    terms : iterable of str
        Terms to mark (longest first where they overlap).

    Returns
    -------
    str
        HTML.

    Examples
    --------
    >>> highlight("Chain-of-Thought: CoT <without> prompting", ["cot", "prompting"])
    'Chain-of-Thought: <mark>CoT</mark> &lt;without&gt; <mark>prompting</mark>'
    """
    terms = sorted({t for t in terms if t and t.strip()}, key=len, reverse=True)
    if not terms:
        return html.escape(text, quote=True)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last:m.start()], quote=True))
        out.append(_mark(m.group()))
        last = m.end()
    out.append(html.escape(text[last:], quote=True))
    return "".join(out)


@positional_options
def snippet(text: str, needle: str, *, width: int = 60) -> str:
    """The part of *text* around the first case-insensitive match of *needle*, escaped.

    The match is in ``<mark>`` and cut ends are marked with an ellipsis; "" when it does not
    match.

    Parameters
    ----------
    text : str
        Plain text.
    needle : str
        What to find (case-insensitive; surrounding spaces ignored).
    width : int, default 60
        Characters kept on each side of the match (cuts move to a nearby space).

    Returns
    -------
    str
        HTML, or ``""``.

    Examples
    --------
    >>> snippet("Mixture of experts on a laptop GPU", "EXPERTS", width=8)
    '…of <mark>experts</mark> on a…'
    >>> snippet("no match here", "diffusion")
    ''
    """
    needle = needle.strip()
    if not needle:
        return ""
    found = re.search(re.escape(needle), text, re.IGNORECASE)
    if found is None:
        return ""
    at, end = found.span()
    lo, hi = max(at - width, 0), min(end + width, len(text))
    if lo > 0:  # start and end on a space where one is near
        space = text.find(" ", lo, at)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return ("…" if lo > 0 else "") + html.escape(text[lo:at], quote=True) + \
        _mark(text[at:end]) + html.escape(text[end:hi], quote=True) + \
        ("…" if hi < len(text) else "")


def _authors_by_paper(authorships: pd.DataFrame) -> dict[str, list[str]]:
    """Author names of each paper, in digest order, from its first appearance."""
    if authorships.empty:
        return {}
    ships = authorships[["arxiv_id", "date", "position", "author"]].dropna(
        subset=["arxiv_id", "author"])
    first = ships.groupby("arxiv_id", sort=False)["date"].transform("min")
    ships = ships[(ships["date"] == first) | first.isna()]
    ships = ships.sort_values(["arxiv_id", "position"], kind="stable")
    keep = ~ships.duplicated(["arxiv_id", "author"]).to_numpy()  # a name once per paper
    ids = ships["arxiv_id"].astype(str).to_numpy(dtype=object)[keep]
    names = ships["author"].astype(str).to_numpy(dtype=object)[keep].tolist()
    if not len(ids):
        return {}
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    ends = np.r_[starts[1:], len(ids)].tolist()
    return {i: names[lo:hi] for i, lo, hi in zip(ids[starts].tolist(), starts.tolist(), ends,
                                                 strict=True)}


class _Slices:
    """Rows of a table grouped by arXiv id, in the order of *by*, read per paper.

    Only the key columns are sorted up front; a paper's values are taken from the table's
    own columns when it is looked up (no copy of the texts).
    """

    def __init__(self, table: pd.DataFrame, by: list[str], columns: tuple[str, ...],
                 keep: np.ndarray | None = None):
        keys = table[by].reset_index(drop=True)
        if keep is not None:
            keys = keys[keep]
        keys = keys.sort_values(by, kind="stable") if len(keys) else keys
        self._order = keys.index.to_numpy()
        self._columns = [table[c] for c in columns]
        ids = keys["arxiv_id"].astype(str).to_numpy(dtype=object)
        self._where: dict[str, tuple[int, int]] = {}
        if len(ids):
            starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
            ends = np.r_[starts[1:], len(ids)]
            self._where = dict(zip(ids[starts].tolist(),
                                   zip(starts.tolist(), ends.tolist(), strict=True),
                                   strict=True))

    def rows(self, arxiv_id: str) -> list[tuple]:
        lo, hi = self._where.get(arxiv_id, (0, 0))
        at = self._order[lo:hi]
        return list(zip(*(c.iloc[at].astype(object).tolist() for c in self._columns),
                        strict=True))


class PaperIndex:
    """What the explorers show about each paper of a corpus, gathered once.

    Parameters
    ----------
    corpus : Corpus
        The digests.
    tags : DataFrame, optional
        :func:`papertoolkit.topics.tag_topics` of *corpus* (topics are left out without it).
    labels : dict, optional
        Topic id -> label shown (ids are shown where a label is missing).

    Examples
    --------
    >>> import papertoolkit as ptk
    >>> c = ptk.loads("## Daily Papers (2024-06-12)\\n\\n### [T](https://arxiv.org/abs/2406.00001)"
    ...               "\\n\\nAuthors: Ann Lee\\n\\n- **What's New**: 새 방법 "
    ...               "(https://github.com/a/b)\\n")
    >>> index = PaperIndex(c)
    >>> index.bullets("2406.00001")
    [("What's New", '새 방법 (https://github.com/a/b)')]
    >>> index.links("2406.00001")
    [('github', 'https://github.com/a/b')]

    On the sample, with topics:

    >>> from papertoolkit.topics import tag_topics
    >>> index = PaperIndex(corpus, tags=tag_topics(corpus))
    >>> index.authors["2402.10200"]
    ['Xuezhi Wang', 'Denny Zhou']
    >>> index.topics("2402.10200")
    [('llm', ['prompting', 'LLM']), ('reasoning', ['chain-of-thought', 'reasoning', 'CoT'])]
    """

    def __init__(self, corpus: Any, tags: pd.DataFrame | None = None,
                 labels: dict[str, str] | None = None):
        self.corpus = corpus
        unique = corpus.papers_unique
        self._papers = unique.set_index(unique["arxiv_id"].astype(str).to_numpy())
        self.authors = _authors_by_paper(corpus.authorships)
        # a paper's bullets and links are read from sorted columns when it is shown (no
        # dict of every paper's lists built up front: 0.1 s per 1,000 papers)
        bullets = corpus.bullets
        keep = None
        if len(bullets):
            first = bullets.groupby("arxiv_id", sort=False)["date"].transform("min")
            keep = ((bullets["date"] == first) | first.isna()).to_numpy()
        self._bullets = _Slices(bullets, ["arxiv_id", "position"], ("label", "text"), keep)
        self._links = _Slices(corpus.links, ["arxiv_id"], ("kind", "url"))
        self._topics: dict[str, list[tuple[str, list[str]]]] = {}
        self.set_topics(tags, labels)

    def set_topics(self, tags: pd.DataFrame | None, labels: dict[str, str] | None = None
                   ) -> None:
        """Use *tags* for the papers' topics, replacing those given before.

        Parameters
        ----------
        tags : DataFrame or None
            A :func:`papertoolkit.topics.tag_topics` table (``arxiv_id``, ``topic``,
            ``matched_terms``); ``None`` or an empty table: no topics.
        labels : dict, optional
            Topic id -> label shown (ids are shown where a label is missing).

        Examples
        --------
        >>> import pandas as pd
        >>> import papertoolkit as ptk
        >>> c = ptk.loads("## Daily Papers (2024-06-12)\\n\\n### [T](https://arxiv.org/abs/2406.00001)")
        >>> index = PaperIndex(c)
        >>> index.topics("2406.00001")
        []
        >>> tags = pd.DataFrame({"arxiv_id": ["2406.00001"], "topic": ["llm"],
        ...                      "matched_terms": ["LLM; GPT"]})
        >>> index.set_topics(tags, {"llm": "Large language models"})
        >>> index.topics("2406.00001")
        [('Large language models', ['LLM', 'GPT'])]
        """
        labels = labels or {}
        self._topics = {}
        if tags is not None and len(tags):
            terms = (tags["matched_terms"].astype(object) if "matched_terms" in tags
                     else pd.Series("", index=tags.index))
            for i, topic, matched in zip(tags["arxiv_id"].astype(str).tolist(),
                                         tags["topic"].astype(str).tolist(),
                                         terms.tolist(), strict=True):
                words = [w.strip() for w in str(matched or "").split(";") if w.strip()]
                self._topics.setdefault(i, []).append((labels.get(topic, topic), words))

    @property
    def papers(self) -> pd.DataFrame:
        """``corpus.papers_unique`` indexed by arXiv id (as text)."""
        return self._papers

    def __contains__(self, arxiv_id: object) -> bool:
        return str(arxiv_id) in self._papers.index

    def bullets(self, arxiv_id: str) -> list[tuple[str, str]]:
        """``(label, text)`` of each summary bullet (label "" when the bullet has none).

        Parameters
        ----------
        arxiv_id : str
            The paper.

        Returns
        -------
        list of (str, str)
            Empty for a paper without bullets or not in the corpus.

        Examples
        --------
        >>> index = PaperIndex(corpus)
        >>> [label for label, text in index.bullets("2402.10200")]
        ['', '', '']
        """
        return [("" if label is None or label is pd.NA else str(label),
                 "" if text is None or text is pd.NA else str(text))
                for label, text in self._bullets.rows(str(arxiv_id))]

    def links(self, arxiv_id: str) -> list[tuple[str, str]]:
        """``(kind, url)`` of each link found in the summary, in order, without repeats.

        Parameters
        ----------
        arxiv_id : str
            The paper.

        Returns
        -------
        list of (str, str)
            Kinds are those of :func:`papertoolkit.parse.classify_link`.

        Examples
        --------
        >>> PaperIndex(corpus).links("2402.14658")  # doctest: +NORMALIZE_WHITESPACE
        [('github', 'https://github.com/OpenCodeInterpreter/OpenCodeInterpreter'),
         ('project', 'https://opencodeinterpreter.github.io/'),
         ('huggingface', 'https://huggingface.co/m-a-p')]
        """
        seen: list[tuple[str, str]] = []
        for kind, url in self._links.rows(str(arxiv_id)):
            if (str(kind), str(url)) not in seen:
                seen.append((str(kind), str(url)))
        return seen

    def topics(self, arxiv_id: str) -> list[tuple[str, list[str]]]:
        """``(topic label, matched terms)`` of each topic of the paper.

        Parameters
        ----------
        arxiv_id : str
            The paper.

        Returns
        -------
        list of (str, list of str)
            Empty when the index was built without *tags*.

        Examples
        --------
        >>> PaperIndex(corpus).topics("2402.10200")
        []
        """
        return list(self._topics.get(str(arxiv_id), []))

    def html(self, arxiv_id: str, *, search: str = "", show_authors: bool = True) -> str:
        """The paper's detail as an HTML fragment (everything escaped).

        Topic terms are highlighted in the title and bullets; *search*, when given, is
        highlighted too. A tag the text layer proposed without any term match lists the
        words that raised it as "its wording: ...".

        Parameters
        ----------
        arxiv_id : str
            The paper; one not in the corpus gives a short message.
        search : str, default ""
            Text to highlight as well.
        show_authors : bool, default True
            List the authors.

        Returns
        -------
        str
            HTML: title with its arXiv and Hugging Face links, links, bullets, authors, topics.

        Examples
        --------
        >>> index = PaperIndex(corpus)
        >>> page = index.html("2402.10200", search="CoT")
        >>> page.startswith('<div class="ptk-paper"'), page.count("<mark>CoT</mark>")
        (True, 3)
        >>> index.html("1234.5678")
        '<p style="color:#555"><em>No paper 1234.5678 in these digests.</em></p>'
        """
        arxiv_id = str(arxiv_id)
        if arxiv_id not in self._papers.index:
            return f'<p style="{MUTED}"><em>No paper {esc(arxiv_id)} in these digests.</em></p>'
        from .topics.scoring import TEXT_MARK  # a tag's words from the text layer: "text: ..."

        row = self._papers.loc[arxiv_id]
        topics = [(label, [w.removeprefix(TEXT_MARK) for w in words],
                   bool(words) and words[0].startswith(TEXT_MARK))
                  for label, words in self.topics(arxiv_id)]
        terms = [t for _, words, _ in topics for t in words] + (
            [search] if search.strip() else [])
        title = highlight(str(row["title"]), terms)
        links = [link(arxiv_url(arxiv_id), "arXiv"), link(hf_url(arxiv_id), "Hugging Face page")]
        links += [link(url, LINK_KINDS.get(kind, "Link"), title=url)
                  for kind, url in self.links(arxiv_id)]
        first = row.get("first_seen")
        seen = "" if first is None or pd.isna(first) else pd.Timestamp(first).date().isoformat()
        facts = (f"{fmt_int(row.get('max_votes'))} votes (largest snapshot) · first listed "
                 f"{esc(seen)} · listed on {fmt_int(row.get('appearances'))} day(s)")
        bullets = "".join(
            "<li>" + (f"<b>{esc(label)}</b>: " if label else "") + highlight(text, terms)
            + "</li>" for label, text in self.bullets(arxiv_id))
        topic_html = "; ".join(
            f"<b>{esc(label)}</b>" + (f" ({'its wording: ' if proposed else ''}"
                                      f"{', '.join(_mark(w) for w in words)})" if words else "")
            for label, words, proposed in topics) or f'<span style="{MUTED}">none</span>'
        authors = ""
        if show_authors:
            names = self.authors.get(arxiv_id, [])
            authors = (f"<p><b>Authors</b> ({len(names):,}): {esc(', '.join(names))}</p>"
                       if names else "")
        return (
            f'<div class="ptk-paper" style="font-family:{FONT_STACK};line-height:1.5">'
            f'<h4 style="margin:4px 0">{title}</h4>'
            f'<p style="{MUTED};margin:2px 0">{facts}</p>'
            f'<p style="margin:2px 0">{" · ".join(links)}</p>'
            + (f'<ul style="margin:6px 0;padding-left:1.4em">{bullets}</ul>' if bullets else
               f'<p style="{MUTED}"><em>No summary in the digest.</em></p>')
            + f'<p style="margin:2px 0"><b>Topics</b>: {topic_html}</p>{authors}</div>'
        )
