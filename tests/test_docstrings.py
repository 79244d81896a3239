"""Every public function, class and method has a numpydoc docstring with a runnable example.

The rule (CONTRIBUTING.md, "Documentation and tests"):

* **Public modules** are ``papertoolkit``, its modules and its subpackages (``network``,
  ``topics``, ``widgets``, ``sources``) whose names do not start with ``_``, except ``cli``
  (a command line, documented by ``--help``). The modules inside a subpackage are reached
  through it: a name meant for users is in the subpackage's ``__all__``.
* **Public names** of a module are its ``__all__``; a module without one falls back to its
  names without a leading ``_`` defined in it. Only functions and classes are checked
  (constants are described in the module docstring). A name is checked once, under the
  module that defines it (a private module's names under the public one that exports them).
* **Public members** of a public class are the methods and class/static methods its own body
  defines whose names do not start with ``_``; its properties need a one-line summary only
  (numpydoc documents them as attributes; the class's example shows them).
* Each docstring has a one-line summary (its first paragraph is one line); a ``Parameters``
  section naming every parameter when the callable takes any (a class may name its fields
  under ``Attributes``); a ``Returns`` (or ``Yields``)
  section unless it returns ``None`` (classes, properties and exceptions have none); and an
  ``Examples`` section with at least one example run by the doctests (not ``+SKIP``).
  Exceptions need only the summary and an example.
* ``+SKIP``-only examples are allowed (listed in ``SKIP_ALLOWED``) for what draws a figure,
  needs the network, or opens a widget or a browser.
* Deprecated aliases (made by ``_compat.deprecated_alias``) are exempt: their docstring says
  what to use instead.

The sections are read with a small parser below (numpydoc's own would bring Sphinx into the
test dependencies).
"""

from __future__ import annotations

import doctest
import functools
import importlib
import inspect
import pkgutil
import re
from typing import Any

import pytest

import papertoolkit

EXCLUDED_MODULES = {"papertoolkit.cli"}

# Examples may all be +SKIP here: each draws a figure (needing the network or opening a
# browser would also do; a widget's example still builds it on the sample).
SKIP_ALLOWED = {
    "papertoolkit.growth.plot_vote_growth",
    "papertoolkit.topics.plots.plot_top_terms",
    "papertoolkit.topics.plots.plot_topic_share",
    "papertoolkit.votes.plots.plot_vote_distribution",
    "papertoolkit.votes.plots.plot_votes_over_time",
    "papertoolkit.votes.plots.plot_votes_vs_authors",
}

_SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]+)\n-{3,}$", re.M)
_ENTRY = re.compile(r"^(?P<names>\*{0,2}[A-Za-z_][\w, *]*?)(?:\s:\s.*)?$")


def public_modules() -> list[str]:
    names = ["papertoolkit"]
    for info in pkgutil.iter_modules(papertoolkit.__path__, "papertoolkit."):
        if not info.name.split(".")[-1].startswith("_") and info.name not in EXCLUDED_MODULES:
            names.append(info.name)
    return sorted(names)


def _module_names(module) -> list[str]:
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [n for n, v in vars(module).items()
            if not n.startswith("_") and getattr(v, "__module__", None) == module.__name__]


def _is_deprecated_alias(obj: Any) -> bool:
    return (obj.__doc__ or "").startswith("Deprecated alias")


def _defining_module(obj: Any) -> str:
    target = inspect.unwrap(obj) if callable(obj) else obj
    return getattr(target, "__module__", "") or ""


def public_api() -> dict[str, tuple[str, Any]]:
    """``qualified name -> (kind, object)`` for every public function, class and member."""
    api: dict[str, tuple[str, Any]] = {}
    for modname in public_modules():
        module = importlib.import_module(modname)
        for name in _module_names(module):
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue  # a constant, or a re-exported instance
            home = _defining_module(obj)
            private_home = any(p.startswith("_") for p in home.split(".")[1:])
            if home != modname and not home.startswith(modname + ".") and not private_home:
                continue  # imported from elsewhere: checked in the module that defines it
            if _is_deprecated_alias(obj):
                continue
            qualname = f"{modname if private_home else home}.{obj.__qualname__}"
            if inspect.isclass(obj):
                kind = "exception" if issubclass(obj, BaseException) else "class"
                api[qualname] = (kind, obj)
                if kind == "class":
                    api.update(_members(obj, qualname))
            else:
                api[qualname] = ("function", obj)
    return api


def _members(cls: type, qualname: str) -> dict[str, tuple[str, Any]]:
    members = {}
    for name, raw in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(raw, property | functools.cached_property):
            members[f"{qualname}.{name}"] = ("property", raw)
        elif isinstance(raw, classmethod | staticmethod) or inspect.isfunction(raw):
            func = raw.__func__ if isinstance(raw, classmethod | staticmethod) else raw
            if not _is_deprecated_alias(func):
                members[f"{qualname}.{name}"] = ("method", func)
    return members


def sections(doc: str) -> dict[str, str]:
    """``title -> body`` of a numpydoc docstring; the text before the first is ``""``."""
    doc = inspect.cleandoc(doc)
    found = {}
    matches = list(_SECTION.finditer(doc))
    found[""] = doc[: matches[0].start()] if matches else doc
    ends = [m.start() for m in matches[1:]] + [len(doc)] if matches else []
    for match, end in zip(matches, ends, strict=True):
        found[match["title"]] = doc[match.end(): end]
    return found


def documented_parameters(body: str) -> set[str]:
    names: set[str] = set()
    for line in body.splitlines():
        if not line or line[0].isspace():
            continue
        match = _ENTRY.match(line.strip())
        if match:
            for name in match["names"].split(","):
                names.add(name.strip())
    return names


def _signature_parameters(kind: str, obj: Any) -> list[str]:
    if kind == "property":
        return []
    target = obj.__init__ if kind in ("class", "exception") else obj
    if target is object.__init__:
        return []
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return []
    names = []
    for i, p in enumerate(signature.parameters.values()):
        if i == 0 and p.name in ("self", "cls"):
            continue
        prefix = {p.VAR_POSITIONAL: "*", p.VAR_KEYWORD: "**"}.get(p.kind, "")
        names.append(prefix + p.name)
    return names


def _returns_nothing(kind: str, obj: Any) -> bool:
    if kind in ("class", "exception", "property"):
        return True
    annotation = inspect.signature(obj).return_annotation
    return annotation in (None, "None")


def run_examples(name: str, doc: str) -> list[doctest.Example]:
    examples = doctest.DocTestParser().get_examples(doc)
    return [e for e in examples if not e.options.get(doctest.SKIP)]


def problems(name: str, kind: str, obj: Any) -> list[str]:
    doc = obj.__doc__ or ""
    if not doc.strip():
        return ["no docstring"]
    found = sections(doc)
    out = []
    summary = found[""].strip().split("\n\n")[0]
    if not summary or "\n" in summary:
        out.append("summary is not one line")
    if kind == "exception":
        needed_params: list[str] = []
    else:
        needed_params = _signature_parameters(kind, obj)
    if needed_params:
        # a class (a dataclass in particular) may document its fields as Attributes
        listed = [found[t] for t in ("Parameters", "Attributes")
                  if t in found and (t == "Parameters" or kind == "class")]
        if not listed:
            out.append("no Parameters section")
        else:
            documented = documented_parameters("\n".join(listed))
            bare = {n.lstrip("*") for n in documented}
            missing = [p for p in needed_params
                       if p not in documented and p.lstrip("*") not in bare]
            if missing:
                out.append(f"Parameters misses {missing}")
        if re.search(r"\n[ \t]*\n(?=\S)", found.get("Parameters", "").strip()):
            # a blank line before an entry: numpydoc renders it as a break (a blank line
            # inside one entry's description, before a list, is fine)
            out.append("blank line inside Parameters")
    if kind in ("function", "method") and not _returns_nothing(kind, obj):
        if "Returns" not in found and "Yields" not in found:
            out.append("no Returns section")
    if kind == "property":
        return out
    if "Examples" not in found:
        out.append("no Examples section")
    elif not run_examples(name, found["Examples"]) and name not in SKIP_ALLOWED:
        out.append("every example is +SKIP")
    return out


API = public_api()


def test_the_rule_finds_the_public_api():
    # independent spot checks: names a user reaches from the README
    for name in ["papertoolkit.corpus.load", "papertoolkit.corpus.Corpus",
                 "papertoolkit.corpus.Corpus.filter", "papertoolkit.corpus.Corpus.authors",
                 "papertoolkit.votes.papers.top_papers",
                 "papertoolkit.network.build.coauthor_graph",
                 "papertoolkit.widgets.votes.explore_votes", "papertoolkit.parse.DigestParseError"]:
        assert name in API, name
    assert not any(part.startswith("_") for name in API for part in name.split("."))
    assert "papertoolkit.cli.main" not in API


def test_the_checker_flags_what_it_should():
    def good(data, *, n=3, **kwargs):
        """Do a thing.

        Parameters
        ----------
        data : DataFrame
            Data.
        n : int, default 3
            Count.
        **kwargs
            Passed on.

        Returns
        -------
        int

        Examples
        --------
        >>> 1 + 1
        2
        """

    def bad(data, n=3):
        """Do a thing
        over two lines.

        Parameters
        ----------
        data : DataFrame

        Examples
        --------
        >>> 1 + 1  # doctest: +SKIP
        2
        """

    assert problems("good", "function", good) == []

    def gap(data, n=3) -> None:
        """Do a thing.

        Parameters
        ----------
        data : DataFrame
            Data.

        n : int, default 3
            Count.

        Examples
        --------
        >>> 1 + 1
        2
        """

    assert problems("gap", "function", gap) == ["blank line inside Parameters"]
    assert problems("bad", "function", bad) == [
        "summary is not one line",
        "Parameters misses ['n']",
        "no Returns section",
        "every example is +SKIP",
    ]


@pytest.mark.parametrize("name", sorted(API))
def test_numpydoc_docstring(name):
    kind, obj = API[name]
    assert problems(name, kind, obj) == []


def test_skip_allowed_lists_only_skipped_examples():
    # the exemption list stays exact: a name whose examples now run leaves it
    for name in SKIP_ALLOWED:
        kind, obj = API[name]
        assert run_examples(name, sections(obj.__doc__)["Examples"]) == [], name
