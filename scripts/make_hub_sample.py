"""Write ``data/hub/``: a small sample of saved Hub ``/api/daily_papers`` JSON for three days.

Facts come from the bundled digests (``data/*.md``): arXiv ids, titles, author names, the day
each paper was featured, thumbnails, videos and GitHub links. Everything the digests do not
say is **made up for the sample** and documented as such in ``data/README.md``: the later
upvote counts (derived from the digest's snapshot by a fixed rule), comment counts, the fetch
time, the keywords (words of the title) and the one-sentence AI summaries (our own words).

Run from the repository root: ``python scripts/make_hub_sample.py``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import papertoolkit as ptk

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "hub"
FETCHED_AT = "2024-03-04T09:00:00Z"  # two weeks after the last sample day (made up)

#: one-sentence summaries written for this sample (the Hub's ai_summary field)
SUMMARIES = {
    "2402.10644": "Linear-attention models with a learnable kernel close much of the gap to "
                  "full attention on in-context learning tasks.",
    "2402.10790": "A recurrent memory added to a small transformer finds facts spread over "
                  "millions of tokens that long-context LLMs miss.",
    "2402.10379": "An open-source Python library for generating synthetic data and keeping "
                  "LLM workflows reproducible.",
    "2402.10259": "Reconstructs a detailed 3D object from only four photos by steering "
                  "Gaussian splatting with structural priors.",
    "2402.10524": "An interactive tool for comparing the answers of two language models side "
                  "by side and finding where they differ.",
    "2402.10466": "Casts dialogue state tracking as function calling so that general chat "
                  "models track states without task-specific tuning.",
    "2402.10200": "Reasoning paths already appear among the top decoding alternatives, "
                  "without any chain-of-thought prompt.",
    "2402.10555": "A recommender that reads long engagement histories with sparse attention "
                  "to personalise content.",
    "2402.10893": "Learns from a one-line verbal correction while keeping its effect to the "
                  "situations it was meant for.",
}
_STOP = {"with", "without", "from", "through", "models", "model", "language", "large",
         "towards", "using", "learning", "better"}


def _h(arxiv_id: str) -> int:
    return int(hashlib.sha256(arxiv_id.encode()).hexdigest(), 16)


def settled(votes, arxiv_id: str) -> int:
    """Made-up later count: the snapshot times 1.3-1.9, plus 0-4 (fixed per paper)."""
    h = _h(arxiv_id)
    base = 0 if votes is None else int(votes)
    return round(base * (1.3 + (h % 60) / 100)) + h % 5


def keywords(title: str) -> list[str]:
    words = [w.strip(":,.()!?\"'").lower() for w in title.split()]
    return [w for w in dict.fromkeys(words) if len(w) > 5 and w not in _STOP][:3]


def build(corpus, day: str) -> list[dict]:
    papers = corpus.papers[corpus.papers["date"] == day]
    ships, links = corpus.authorships, corpus.links
    out = []
    for row in papers.itertuples():
        names = ships[(ships["arxiv_id"] == row.arxiv_id) & (ships["date"] == row.date)]
        repos = links[(links["arxiv_id"] == row.arxiv_id) & (links["kind"] == "github")]
        votes = None if row.votes is None or str(row.votes) == "<NA>" else int(row.votes)
        paper = {
            "id": row.arxiv_id,
            "authors": [{"name": n, "hidden": False} for n in names.sort_values("position")[
                "author_raw"]],
            "submittedOnDailyAt": f"{day}T13:00:00.000Z",
            "title": row.title,
            "upvotes": settled(votes, row.arxiv_id),
            "ai_keywords": keywords(row.title),
        }
        if row.arxiv_id in SUMMARIES:
            paper["ai_summary"] = SUMMARIES[row.arxiv_id]
        if len(repos):
            paper["githubRepo"] = str(repos["url"].iloc[0])
        entry = {"paper": paper, "publishedAt": f"{day}T13:00:00.000Z", "title": row.title,
                 "numComments": _h(row.arxiv_id) % 4, "isAuthorParticipating": False}
        if row.media_kind == "video":
            entry["mediaUrls"] = [str(row.media_url)]
        elif row.media_kind == "image":
            entry["thumbnail"] = str(row.media_url)
        out.append(entry)
    return out


def as_hf_cli(entry: dict) -> dict:
    """An entry as ``hf papers ls --format json`` prints it (PaperInfo fields, flat)."""
    paper = entry["paper"]
    item = {"id": paper["id"], "authors": [{"name": a["name"], "hidden": a["hidden"]}
                                          for a in paper["authors"]],
            "title": paper["title"], "upvotes": paper["upvotes"],
            "comments": entry["numComments"], "submitted_at": "2024-02-21T13:00:00+00:00",
            "ai_keywords": paper["ai_keywords"], "submitted_by_name": ""}
    if "githubRepo" in paper:
        item["github_repo"] = paper["githubRepo"]
    return item


def main() -> None:
    corpus = ptk.load(sorted((ROOT / "data").glob("*.md")))
    OUT.mkdir(exist_ok=True)
    day19, day20, day21 = (build(corpus, d) for d in ("2024-02-19", "2024-02-20", "2024-02-21"))
    (OUT / "2024-02-19.json").write_text(json.dumps(day19, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    (OUT / "2024-02-20.jsonl").write_text(
        "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in day20), encoding="utf-8")
    (OUT / "hf-papers-ls-2024-02-21.json").write_text(
        json.dumps([as_hf_cli(e) for e in day21], ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    log = {"papertoolkit_fetch": 1, "endpoint": "https://huggingface.co", "days": {
        "2024-02-19": {"file": "2024-02-19.json", "fetched_at": FETCHED_AT, "pages": 1,
                       "entries": len(day19), "limit": 50},
        "2024-02-20": {"file": "2024-02-20.jsonl", "fetched_at": FETCHED_AT, "pages": 1,
                       "entries": len(day20), "limit": 50}}}
    (OUT / "papertoolkit-fetch.json").write_text(json.dumps(log, indent=1, sort_keys=True)
                                                 + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
