"""Responses in the schema of the Hub's ``/api/daily_papers``, built from the bundled ``data/``.

The shape follows the API's published schema (entry: ``paper``, ``publishedAt``, ``title``,
``summary``, ``thumbnail``, ``numComments``, ``submittedBy``, ``isAuthorParticipating``,
``mediaUrls``; paper: ``id``, ``authors`` with ``name``/``hidden``/``user``, ``publishedAt``,
``submittedOnDailyAt``, ``title``, ``summary``, ``upvotes``, ``discussionId``, ``githubRepo``,
``githubStars``, ``projectPage``, ``ai_summary``, ``ai_keywords``). Facts (ids, titles,
authors, days, digest votes) come from ``data/``; the later counts are derived from them by a
fixed rule, so tests can compute every expected value independently.
"""

from __future__ import annotations

import hashlib

import pandas as pd
from conftest import DATA_DIR

import papertoolkit as ptk


def settled(votes, arxiv_id: str) -> int:
    """The made-up "later" upvote count of a paper: its digest votes plus 1..20 (id-seeded)."""
    bump = int(hashlib.sha256(arxiv_id.encode()).hexdigest(), 16) % 20 + 1
    return (0 if pd.isna(votes) else int(votes)) + bump


def hf_user(name: str) -> str:
    """A stand-in Hub account for an author name (lower case, no spaces)."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _user(name: str) -> dict:
    return {"_id": hashlib.md5(name.encode()).hexdigest()[:24], "avatarUrl": "/avatars/x.svg",
            "fullname": name, "name": hf_user(name), "type": "user", "isPro": False,
            "user": hf_user(name)}


def sample_corpus():
    return ptk.load(sorted(DATA_DIR.glob("*.md")))


def api_entries(corpus, day: str, *, claim_first_author: bool = True) -> list[dict]:
    """Every paper of *day* in *corpus* as an API entry (first authors claim their paper)."""
    papers = corpus.papers[corpus.papers["date"] == pd.Timestamp(day)]
    ships = corpus.authorships
    out = []
    for row in papers.itertuples():
        names = ships[(ships["arxiv_id"] == row.arxiv_id) & (ships["date"] == row.date)]
        names = names.sort_values("position")["author_raw"].tolist()
        authors = []
        for i, name in enumerate(names):
            author = {"_id": f"a{i}", "name": name, "hidden": False}
            if i == 0 and claim_first_author:
                author["user"] = _user(name)
                author["status"] = "claimed_verified"
            authors.append(author)
        stamp = f"{day}T13:0{row.rank % 10}:00.000Z"
        paper = {
            "id": row.arxiv_id, "authors": authors, "publishedAt": f"{day}T00:00:00.000Z",
            "submittedOnDailyAt": stamp, "title": row.title,
            "summary": f"Abstract of {row.arxiv_id}.", "upvotes": settled(row.votes, row.arxiv_id),
            "discussionId": f"d{row.arxiv_id}", "ai_keywords": [f"kw-{row.arxiv_id[-1]}", "llm"],
        }
        if row.rank % 2:
            paper["githubRepo"] = f"https://github.com/example/{row.arxiv_id}"
            paper["githubStars"] = int(row.rank) * 10
        media = [] if row.media_kind != "video" else [str(row.media_url)]
        out.append({
            "paper": paper, "publishedAt": stamp, "title": row.title,
            "summary": paper["summary"],
            "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/"
                         f"{row.arxiv_id}.png",
            "mediaUrls": media, "numComments": int(row.rank), "submittedBy": _user("AK"),
            "isAuthorParticipating": claim_first_author,
        })
    return out
