"""Build a co-author graph's arrays from an authorships table: :func:`build_arrays`.

The steps, each a small function: the usable rows (:class:`_Rows`), integer codes for
authors and papers with one pair per (paper, author) (:class:`_Codes`), papers with too many
authors left out, then each author's votes, days and label, and the links with their
weights (:func:`_edges`). :mod:`._arrays` holds the result (:class:`GraphArrays`) and turns
it into a networkx graph.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import Any

import numpy as np

from .._author_ids import observed, sorted_codes
from ..authors import normalize_authors
from ._arrays import GraphArrays


def date_mask(dates: Any, since: Any, until: Any) -> np.ndarray:
    import pandas as pd

    mask = np.ones(len(dates), dtype=bool)
    if since is not None:
        mask &= (dates >= pd.Timestamp(since)).to_numpy(dtype=bool, na_value=False)
    if until is not None:
        mask &= (dates <= pd.Timestamp(until)).to_numpy(dtype=bool, na_value=False)
    return mask


def pair_arrays(
    paper_of_row: np.ndarray, author_of_row: np.ndarray, paper_sizes: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All co-author pairs of all papers, column-wise.

    Rows must be sorted by (paper, author) and unique. Returns ``(u, v, paper, n)`` with
    ``u < v`` author codes, the paper code of each pair and that paper's author count: the
    rows' own count, or ``paper_sizes[paper]`` when given (rows of some authors only).
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(paper_of_row) == 0:
        return empty, empty, empty, empty
    starts = np.flatnonzero(np.r_[True, paper_of_row[1:] != paper_of_row[:-1]])
    sizes = np.diff(np.r_[starts, len(paper_of_row)])
    us, vs, ps, ns = [], [], [], []
    for n in np.unique(sizes):
        if n < 2:
            continue
        first = starts[sizes == n]
        block = author_of_row[first[:, None] + np.arange(n)]  # papers x authors
        i, j = np.triu_indices(n, 1)
        us.append(block[:, i].ravel())
        vs.append(block[:, j].ravel())
        ps.append(np.repeat(paper_of_row[first], len(i)))
        ns.append(np.full(len(first) * len(i), n, dtype=np.int64) if paper_sizes is None
                  else np.repeat(paper_sizes[paper_of_row[first]].astype(np.int64), len(i)))
    if not us:
        return empty, empty, empty, empty
    return np.concatenate(us), np.concatenate(vs), np.concatenate(ps), np.concatenate(ns)


def build_arrays(
    authorships: Any,
    paper_votes: Any,
    weighting: str,
    max_authors: int | None,
    since: Any,
    until: Any,
    info: dict[str, Any],
) -> GraphArrays:
    """The whole co-author graph (every author, every link) of an authorships table.

    *paper_votes* is each paper's largest vote snapshot (a Series indexed by arxiv_id, from
    ``papers_unique``) or None. *info* becomes ``G.graph``; ``papers``, ``left_out_papers``
    and ``left_out_ids`` are filled in here.
    """
    return graph_parts(authorships, paper_votes, weighting, max_authors, since, until,
                       info).whole()


def graph_parts(
    authorships: Any,
    paper_votes: Any,
    weighting: str,
    max_authors: int | None,
    since: Any,
    until: Any,
    info: dict[str, Any],
) -> GraphParts:
    """The authors of the co-author graph now, its links on demand (:class:`GraphParts`);
    arguments as in :func:`build_arrays`."""
    info = dict(info)
    rows = _Rows.of(authorships, since, until)
    if len(rows.author) == 0:
        return GraphParts(_empty_arrays(info, weighting), weighting)
    codes = _Codes.of(rows)
    if max_authors is not None:
        codes = codes.without_papers_over(max_authors, info)
    info["papers"] = int(np.count_nonzero(np.bincount(codes.u_paper, minlength=codes.n_pap)))
    total_votes, has_votes = _author_votes(codes, paper_votes)
    first_seen, last_seen = _author_days(codes)
    names = np.array(codes.author_names, dtype=object)  # a copy: GraphArrays freezes it
    nodes = dataclasses.replace(
        _empty_arrays(info, weighting),
        names=names,
        label=_labels(names, codes),
        papers=np.bincount(codes.u_author, minlength=codes.n_auth).astype(np.int64),
        total_votes=total_votes,
        has_votes=has_votes,
        first_seen=first_seen,
        last_seen=last_seen,
        paper_names=codes.paper_names,
    )
    return GraphParts(nodes, weighting, codes.u_paper, codes.u_author)


class GraphParts:
    """A co-author graph in two steps: every author at once (:attr:`nodes`: node columns,
    no links), the links when asked for. :meth:`whole` computes all of them (once);
    :meth:`among` only those among the authors with at least *min_papers* papers, which is
    exactly ``whole().filtered(min_papers)`` at a fraction of the cost (the pairs of the
    prolific authors only). Thread-safe: a worker thread may compute :meth:`whole` while
    the caller draws a first map from :meth:`among`."""

    def __init__(self, nodes: GraphArrays, weighting: str,
                 u_paper: np.ndarray | None = None, u_author: np.ndarray | None = None):
        self.nodes = nodes
        self.weighting = weighting
        empty = np.zeros(0, dtype=np.int64)
        # one row per distinct (paper, author), sorted by (paper, author)
        self._u_paper = empty if u_paper is None else u_paper
        self._u_author = empty if u_author is None else u_author
        self._lock = threading.Lock()
        self._whole: GraphArrays | None = None if u_paper is not None else nodes

    @property
    def whole_ready(self) -> bool:
        """Whether :meth:`whole` is computed (then it returns at once)."""
        return self._whole is not None

    def whole(self) -> GraphArrays:
        """Every author and every link (computed on the first call, then kept)."""
        with self._lock:
            if self._whole is None:
                links = _edges(self._u_paper, self._u_author, self.nodes.n_nodes,
                               len(self.nodes.paper_names), self.weighting)
                self._whole = _with_links(self.nodes, self.nodes.info, *links)
        return self._whole

    def among(self, min_papers: int) -> GraphArrays:
        """``whole().filtered(min_papers)``, from the pairs of the kept authors only when
        :meth:`whole` is not computed yet."""
        if self._whole is not None or min_papers <= 1:
            return self.whole().filtered(min_papers)
        keep = self.nodes.papers >= int(min_papers)
        rows = keep[self._u_author]
        n_pap = len(self.nodes.paper_names)
        sizes = np.bincount(self._u_paper, minlength=n_pap)  # every author of each paper
        source, target, *rest = _edges(self._u_paper[rows], self._u_author[rows],
                                       self.nodes.n_nodes, n_pap, self.weighting, sizes)
        position = (np.cumsum(keep) - 1).astype(np.int32)
        nodes = self.nodes
        kept = dataclasses.replace(
            nodes, names=nodes.names[keep], label=nodes.label[keep],
            papers=nodes.papers[keep], total_votes=nodes.total_votes[keep],
            has_votes=nodes.has_votes[keep], first_seen=nodes.first_seen[keep],
            last_seen=nodes.last_seen[keep], whole=self._coauthors(keep),
        )
        info = {**nodes.info, "min_papers": min_papers, "min_weight": None}
        return _with_links(kept, info, position[source], position[target], *rest)

    def _coauthors(self, keep: np.ndarray) -> np.ndarray:
        """Distinct co-authors in the whole graph (its degree) of each kept author: the
        authors of a single paper are distinct across the papers that hold them and are
        added up; those of several papers are united by a sparse incidence product
        (kept authors x papers x authors of several papers)."""
        from scipy import sparse

        author, paper = self._u_author, self._u_paper
        n_auth, n_pap = self.nodes.n_nodes, len(self.nodes.paper_names)
        per_author = np.bincount(author, minlength=n_auth)
        single = per_author[author] == 1
        singles_in = np.bincount(paper[single], minlength=n_pap)
        rows = keep[author]
        at = (np.cumsum(keep) - 1)[author[rows]]
        n_kept = int(np.count_nonzero(keep))
        others = np.bincount(at, weights=singles_in[paper[rows]], minlength=n_kept)
        several = per_author >= 2
        many = ~single
        kept_papers = sparse.csr_matrix(
            (np.ones(len(at), dtype=np.int32), (at, paper[rows])), shape=(n_kept, n_pap))
        their_authors = sparse.csr_matrix(
            (np.ones(int(np.count_nonzero(many)), dtype=np.int32),
             ((np.cumsum(several) - 1)[author[many]], paper[many])),
            shape=(int(np.count_nonzero(several)), n_pap))
        union = (kept_papers @ their_authors.T).getnnz(axis=1)  # self included if several
        return others.astype(np.int64) + union - 1


def _with_links(nodes: GraphArrays, info: dict[str, Any], source: np.ndarray,
                target: np.ndarray, weight: np.ndarray, n_papers: np.ndarray,
                starts: np.ndarray, pair_papers: np.ndarray) -> GraphArrays:
    return dataclasses.replace(nodes, info=info, source=source, target=target, weight=weight,
                               n_papers=n_papers, starts=starts, pair_papers=pair_papers,
                               derived={})


@dataclasses.dataclass(frozen=True)
class _Rows:
    """The usable authorship rows (author and paper known, inside the period) as plain
    NumPy arrays: authors (and their raw spellings) as codes into sorted names, the codes
    of ``authorships.author``'s categories (see :mod:`papertoolkit._author_ids`)."""

    author: np.ndarray  # codes into names
    names: Any  # sorted distinct names (a pandas Index), some perhaps unused here
    paper: np.ndarray
    raw: np.ndarray | None  # codes into raw_names: the spelling as written, if known
    raw_names: Any
    day: np.ndarray  # datetime64[D], NaT without a date

    @classmethod
    def of(cls, rows: Any, since: Any, until: Any) -> _Rows:
        import pandas as pd

        dates = pd.to_datetime(rows["date"]) if "date" in rows.columns else None
        codes, names = sorted_codes(rows["author"])
        valid = (codes >= 0) & rows["arxiv_id"].notna().to_numpy(dtype=bool)
        if dates is not None and (since is not None or until is not None):
            valid = valid & date_mask(dates, since, until)
        if dates is not None:
            day = dates.to_numpy(dtype="datetime64[ns]")[valid].astype("datetime64[D]")
        else:
            day = np.full(int(valid.sum()), np.datetime64("NaT"), dtype="datetime64[D]")
        raw, raw_names = None, None
        if "author_raw" in rows:
            raw, raw_names = sorted_codes(rows["author_raw"])
            raw = raw[valid]
        return cls(codes[valid], names, rows["arxiv_id"].to_numpy(dtype=object)[valid], raw,
                   raw_names, day)


_BIG_DAY = np.iinfo(np.int64).max


@dataclasses.dataclass(frozen=True)
class _Codes:
    """Integer codes of the rows: authors in name order, papers in first-seen order; and
    one (paper, author) pair per authorship (a paper seen on several days counts once)."""

    a_code: np.ndarray  # per row
    p_code: np.ndarray  # per row
    day_int: np.ndarray  # per row; NaT is the smallest int64
    known: np.ndarray  # per row: has a date
    raw: np.ndarray | None  # per row: codes into raw_names
    raw_names: Any
    author_names: Any
    paper_names: np.ndarray
    u_paper: np.ndarray  # per distinct (paper, author) pair, sorted by (paper, author)
    u_author: np.ndarray

    @property
    def n_auth(self) -> int:
        return len(self.author_names)

    @property
    def n_pap(self) -> int:
        return len(self.paper_names)

    @classmethod
    def of(cls, rows: _Rows) -> _Codes:
        import pandas as pd

        a_code, author_names = observed(rows.author, rows.names)
        p_code, paper_names = pd.factorize(rows.paper)
        n_auth, n_pap = len(author_names), len(paper_names)
        day_int = rows.day.astype(np.int64)
        known = ~np.isnat(rows.day)
        first_day = np.full(n_pap, _BIG_DAY)
        np.minimum.at(first_day, p_code, np.where(known, day_int, _BIG_DAY))
        rank = np.lexsort((np.asarray(paper_names, dtype=object).astype(str), first_day))
        new_code = np.empty(n_pap, dtype=np.int64)
        new_code[rank] = np.arange(n_pap)
        p_code = new_code[p_code]
        _, first_row = np.unique(p_code * n_auth + a_code, return_index=True)
        return cls(a_code, p_code, day_int, known, rows.raw, rows.raw_names, author_names,
                   np.asarray(paper_names, dtype=object)[rank], p_code[first_row],
                   a_code[first_row])

    def without_papers_over(self, max_authors: int, info: dict[str, Any]) -> _Codes:
        """The codes without the papers of more than *max_authors* authors (noted in
        *info*: ``left_out_papers``, ``left_out_ids``)."""
        big = np.bincount(self.u_paper, minlength=self.n_pap) > max_authors
        if not big.any():
            return self
        left_out = sorted(str(x) for x in self.paper_names[big])
        info.update(left_out_papers=len(left_out), left_out_ids=left_out)
        keep, keep_u = ~big[self.p_code], ~big[self.u_paper]
        return dataclasses.replace(
            self, a_code=self.a_code[keep], p_code=self.p_code[keep],
            day_int=self.day_int[keep], known=self.known[keep],
            raw=self.raw[keep] if self.raw is not None else None,
            u_paper=self.u_paper[keep_u], u_author=self.u_author[keep_u],
        )


def _empty_arrays(info: dict[str, Any], weighting: str) -> GraphArrays:
    empty_i = np.zeros(0, dtype=np.int64)
    empty_o = np.zeros(0, dtype=object)
    return GraphArrays(
        info=info, names=empty_o, label=empty_o, papers=empty_i, total_votes=empty_i,
        has_votes=np.zeros(0, dtype=bool), first_seen=empty_o, last_seen=empty_o,
        source=empty_i.astype(np.int32), target=empty_i.astype(np.int32),
        weight=empty_i if weighting == "count" else empty_i.astype(float),
        n_papers=empty_i.astype(np.int32), starts=empty_i,
        pair_papers=empty_i.astype(np.int32), paper_names=empty_o,
    )


def _author_votes(codes: _Codes, paper_votes: Any) -> tuple[np.ndarray, np.ndarray]:
    """Each author's total of their papers' largest snapshots, and whether any of their
    papers has a vote count (else total_votes is None, shown as <NA>)."""
    import pandas as pd

    votes_of_paper = np.zeros(codes.n_pap)
    votes_known = np.zeros(codes.n_pap)
    if paper_votes is not None and len(paper_votes):
        best = paper_votes.reindex(pd.Index(codes.paper_names, dtype=object).astype(str))
        votes_known = best.notna().to_numpy(dtype=float)
        votes_of_paper = best.astype("Float64").fillna(0).to_numpy(dtype=float)
    total = np.bincount(codes.u_author, weights=votes_of_paper[codes.u_paper],
                        minlength=codes.n_auth)
    has = np.bincount(codes.u_author, weights=votes_known[codes.u_paper],
                      minlength=codes.n_auth) > 0
    return np.rint(total).astype(np.int64), has


def _author_days(codes: _Codes) -> tuple[np.ndarray, np.ndarray]:
    """Each author's first and last day as ISO text ("" without any date)."""
    first = np.full(codes.n_auth, _BIG_DAY)
    last = np.full(codes.n_auth, np.iinfo(np.int64).min)
    np.minimum.at(first, codes.a_code, np.where(codes.known, codes.day_int, _BIG_DAY))
    np.maximum.at(last, codes.a_code, codes.day_int)  # NaT is the smallest int64: never wins
    seen = first != _BIG_DAY

    def iso(days: np.ndarray) -> np.ndarray:
        text = np.datetime_as_string(np.where(seen, days, 0).astype("datetime64[D]"), unit="D")
        return np.where(seen, text, "").astype(object)

    return iso(first), iso(last)


def _labels(names: np.ndarray, codes: _Codes) -> np.ndarray:
    """Each author's most frequent raw spelling (ties: the first seen), less what
    normalisation strips ("et al.", "and ", ...); the name itself without raw spellings."""
    labels = names.copy()
    if codes.raw is None:
        return labels
    spelt = codes.raw >= 0
    width = len(codes.raw_names)
    combos, first_at, counts = np.unique(codes.a_code[spelt] * width + codes.raw[spelt],
                                         return_index=True, return_counts=True)
    chosen = combos[np.lexsort((first_at, -counts, combos // width))]
    chosen = chosen[np.r_[True, (chosen // width)[1:] != (chosen // width)[:-1]]]
    spelled = normalize_authors(codes.raw_names.take(chosen % width).astype(object).tolist())
    picked = np.asarray(spelled, dtype=object)
    labels[chosen // width] = np.where(picked != "", picked, labels[chosen // width])
    return labels


def _edges(u_paper: np.ndarray, u_author: np.ndarray, n_auth: int, n_pap: int,
           weighting: str, paper_sizes: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """Links column-wise: all pairs of every paper, grouped by pair. Returns source, target,
    weight, n_papers, starts and pair_papers (see :class:`GraphArrays`). *paper_sizes*:
    each paper's author count when the rows hold only some of its authors."""
    u, v, p, n = pair_arrays(u_paper, u_author, paper_sizes)  # sorted by (paper, author)
    key = u.astype(np.int64) * n_auth + v
    del u, v  # each as large as key: freed before the sort (the graph's peak memory)
    if weighting == "count":
        n = None  # weights are counts: the papers' sizes are not needed
    if n_auth * n_auth * max(n_pap, 1) < 2**62:  # one sort by (pair, paper): keys distinct
        order = np.argsort(key * n_pap + p, kind="stable")
    else:
        order = np.lexsort((p, key))
    key, p = key[order], p[order]
    if n is not None:
        n = n[order]
    del order
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else key
    n_papers = np.diff(np.r_[starts, len(key)]) if len(key) else key
    if weighting == "count":
        weight: np.ndarray = n_papers.astype(np.int64)
    elif weighting == "newman":
        weight = np.add.reduceat(1.0 / (n - 1), starts) if len(key) else np.zeros(0)
    else:
        weight = np.add.reduceat(2.0 / (n * (n - 1)), starts) if len(key) else np.zeros(0)
    return ((key[starts] // n_auth).astype(np.int32), (key[starts] % n_auth).astype(np.int32),
            weight, n_papers.astype(np.int32), starts.astype(np.int64), p.astype(np.int32))
