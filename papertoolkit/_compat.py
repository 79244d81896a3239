"""Deprecation shims: old names and old calling styles keep working, with a warning.

Renamed public functions and arguments stay usable for at least one release and emit a
:class:`FutureWarning` (shown by default, in scripts and in Jupyter) that names the new
spelling, as pandas does. See CONTRIBUTING.md.

Examples
--------
>>> import warnings
>>> @renamed_arguments(by="freq")
... @positional_options
... def keywords(data, *, freq="week"):
...     return freq
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     keywords(None, by="month"), keywords(None, "day")
('month', 'day')
>>> for w in caught:
...     print(w.category.__name__, w.message)
FutureWarning keywords(by=...) is deprecated; use freq=... instead
FutureWarning keywords: pass freq as a keyword (freq='day'); positional options are deprecated
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["deprecated_alias", "positional_options", "renamed_arguments"]


def _warn(message: str) -> None:
    # stacklevel 3: the user's call, above this helper and the wrapper
    warnings.warn(message, FutureWarning, stacklevel=3)


def positional_options(func: F) -> F:
    """Accept, with a warning, options passed by position to a function whose options are
    now keyword-only (``f(data, *, ...)``); they bind to the keyword-only parameters in
    the order they are declared."""
    params = inspect.signature(func).parameters.values()
    n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
    keyword_only = [p.name for p in params if p.kind is p.KEYWORD_ONLY]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        extra = args[n_positional:]
        if extra:
            if len(extra) > len(keyword_only):
                raise TypeError(
                    f"{func.__name__}() takes {n_positional} positional argument(s) but "
                    f"{len(args)} were given"
                )
            for name, value in zip(keyword_only, extra, strict=False):
                if name in kwargs:
                    raise TypeError(f"{func.__name__}() got multiple values for {name!r}")
                kwargs[name] = value
            shown = ", ".join(f"{n}={v!r}" for n, v in zip(keyword_only, extra, strict=False))
            _warn(
                f"{func.__name__}: pass {', '.join(keyword_only[: len(extra)])} as a keyword "
                f"({shown}); positional options are deprecated"
            )
        return func(*args[:n_positional], **kwargs)

    return wrapper  # type: ignore[return-value]


def renamed_arguments(**renames: str) -> Callable[[F], F]:
    """Accept old argument names (``old="new"``) with a warning naming the new one."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in renames.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(
                            f"{func.__name__}() got both {old}= (deprecated) and {new}="
                        )
                    _warn(f"{func.__name__}({old}=...) is deprecated; use {new}=... instead")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def deprecated_alias(func: F, old_name: str) -> F:
    """*func* under its old public name: same behaviour, plus a warning naming the new one."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _warn(f"{old_name} is deprecated; use {func.__module__}.{func.__name__} instead")
        return func(*args, **kwargs)

    wrapper.__name__ = wrapper.__qualname__ = old_name
    wrapper.__doc__ = (
        f"Deprecated alias of :func:`{func.__module__}.{func.__name__}`.\n\n"
        f"Warns with :class:`FutureWarning`; use the new name."
    )
    return wrapper  # type: ignore[return-value]
