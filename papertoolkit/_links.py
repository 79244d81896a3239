"""Links in digests: arXiv ids from URLs, and what kind of link a URL is.

Examples
--------
>>> parse_arxiv_url("https://arxiv.org/abs/2402.10200v2")
('2402.10200', 2)
>>> classify_link("https://github.com/a/b")
'github'
"""

from __future__ import annotations

import re
from functools import lru_cache

_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v(\d+))?(?![\d])")
_ARXIV_ABS = re.compile(r"https://arxiv\.org/abs/([0-9]{4}\.[0-9]{4,5})(?:v([0-9]+))?")
_ARXIV_OLD = re.compile(r"\b([a-z][a-z\-]{0,24}(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?\b")
#: hosts whose links count as arXiv links: arxiv.org and its own mirrors (any subdomain:
#: www., export., lanl. ...), and the Hugging Face paper pages (``/papers/<id>``)
PAPER_PAGE_HOSTS = frozenset({"huggingface.co", "www.huggingface.co", "hf.co"})


# ---------------------------------------------------------------------------- links
def _host_path(url: str) -> tuple[str | None, str]:
    """Lower-cased host and the path (with query) of an http(s) or scheme-less URL."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
        if not parts.scheme and not parts.netloc:
            parts = urlsplit("//" + url.strip())
        if parts.scheme not in ("", "http", "https"):
            return None, ""
        host = parts.hostname
    except ValueError:
        return None, ""
    path = parts.path + ("?" + parts.query if parts.query else "")
    return (host.rstrip(".") if host else None), path


def is_arxiv_host(host: str | None) -> bool:
    """Whether *host* is arxiv.org or one of its own mirrors (a subdomain of arxiv.org).

    >>> is_arxiv_host("export.arxiv.org"), is_arxiv_host("evilarxiv.org")
    (True, False)
    """
    return host is not None and (host == "arxiv.org" or host.endswith(".arxiv.org"))


def parse_arxiv_url(url: str) -> tuple[str | None, int | None]:
    """The ``(arxiv_id, version)`` of an arXiv (or Hugging Face papers) URL, else Nones.

    Only links to arxiv.org or its mirrors (any subdomain, e.g. export.arxiv.org) and to the
    Hugging Face paper pages (``huggingface.co/papers/<id>``) count; another host whose path
    merely contains ``arxiv.org/abs/...`` does not.

    Parameters
    ----------
    url : str
        A link.

    Returns
    -------
    arxiv_id : str or None
        Without version, e.g. ``"2402.10200"`` or ``"hep-th/9901001"``.
    version : int or None
        The ``vN`` suffix, if any.

    Examples
    --------
    >>> parse_arxiv_url("https://arxiv.org/abs/2402.10200v2")
    ('2402.10200', 2)
    >>> parse_arxiv_url("https://arxiv.org/abs/hep-th/9901001")
    ('hep-th/9901001', None)
    >>> parse_arxiv_url("https://evil.com/arxiv.org/abs/2402.10200")
    (None, None)
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, got {type(url).__name__}: {url!r}")
    match = _ARXIV_ABS.fullmatch(url)
    if match is None:
        host, path = _host_path(url)
        if not is_arxiv_host(host) and not (host in PAPER_PAGE_HOSTS
                                            and path.startswith("/papers/")):
            return None, None
        match = _ARXIV_NEW.search(path) or _ARXIV_OLD.search(path)
    if match is None:
        return None, None
    version = match.group(2)
    return match.group(1), int(version) if version else None


def classify_link(url: str, context: str = "") -> str:
    """Kind of a link found in a summary: github, huggingface, arxiv, project or other.

    Parameters
    ----------
    url : str
        The link.
    context : str, default ""
        The bullet's text around it: a link on another host is a "project" page when the
        context says so (e.g. "project page", "프로젝트").

    Returns
    -------
    str
        One of :data:`papertoolkit.schema.LINK_KINDS`.

    Examples
    --------
    >>> classify_link("https://github.com/ContextualAI/gritlm")
    'github'
    >>> classify_link("https://ziplora.github.io")
    'project'
    """
    return _host_kind(url) or ("project" if _project_context(context) else "other")


def _host_kind(url: str) -> str | None:
    """The kind of a link told by its host alone, else None."""
    return _kind_of_host(url.split("://", 1)[-1].split("/", 1)[0])


@lru_cache(maxsize=4096)
def _kind_of_host(netloc: str) -> str | None:
    host = netloc.lower().split(":")[0].rsplit("@", 1)[-1]
    if host in ("github.com", "www.github.com", "gist.github.com"):
        return "github"
    if host in ("huggingface.co", "hf.co") or host.endswith((".huggingface.co", ".hf.co")):
        return "huggingface"
    if is_arxiv_host(host):
        return "arxiv"
    if host.endswith((".github.io", ".gitlab.io", ".pages.dev", ".netlify.app", ".vercel.app")):
        return "project"
    return None


def _project_context(context: str) -> bool:
    """Whether the text around a link calls it a project page."""
    lowered = context.lower()
    return "project page" in lowered or "프로젝트 페이지" in context or "project website" in lowered
