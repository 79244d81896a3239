"""Argument checks for public functions, one way everywhere (as scikit-learn does).

Each helper checks one argument and returns it (converted where that is the point, e.g. a
date string to a :class:`pandas.Timestamp`), or raises an error whose message names the
argument, repeats the value given and says what is allowed, so users never meet an error
from deep inside pandas or networkx. Wrong kind of value: :class:`TypeError`; right kind,
wrong value: :class:`ValueError`.

Examples
--------
>>> from papertoolkit._checks import check_choice, check_date, check_int
>>> check_int("n", 5, min=1)
5
>>> check_int("n", 0, min=1)
Traceback (most recent call last):
...
ValueError: n must be an integer >= 1, got 0
>>> check_choice("kind", "area", ("area", "heatmap"))
'area'
>>> check_choice("kind", "pie", ("area", "heatmap"))
Traceback (most recent call last):
...
ValueError: kind must be one of 'area', 'heatmap'; got 'pie'
>>> check_date("start", "2024-02-16")
Timestamp('2024-02-16 00:00:00')
>>> check_date("start", "16 Febuary")
Traceback (most recent call last):
...
ValueError: start must be a date such as '2024-02-16', got '16 Febuary'
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable
from typing import Any

import pandas as pd

__all__ = [
    "check_choice",
    "check_date",
    "check_freq",
    "check_int",
    "check_number",
    "check_type",
]

#: The period vocabulary: a name or its pandas alias (see :func:`check_freq`).
PERIODS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def _kinds(types: type | tuple[type, ...]) -> str:
    types = types if isinstance(types, tuple) else (types,)
    return " or ".join(t.__name__ for t in types)


def check_type(name: str, value: Any, types: type | tuple[type, ...], *,
               allow_none: bool = False) -> Any:
    """Return *value* if it is an instance of *types* (or None when *allow_none*).

    Raises
    ------
    TypeError
        ``"<name> must be <types>, got <type> <value>"``.

    Examples
    --------
    >>> check_type("taxonomy", {"llm": {}}, dict)
    {'llm': {}}
    >>> check_type("taxonomy", 3, (dict, str))
    Traceback (most recent call last):
    ...
    TypeError: taxonomy must be dict or str, got int 3
    """
    if value is None and allow_none:
        return value
    if not isinstance(value, types):
        raise TypeError(f"{name} must be {_kinds(types)}, got {type(value).__name__} {value!r}")
    return value


def check_int(name: str, value: Any, *, min: int | None = None, max: int | None = None,
              allow_none: bool = False) -> int | None:
    """Return *value* as an ``int`` if it is a whole number within ``[min, max]``.

    ``bool`` is refused (``True`` is not a count); NumPy integers are accepted.

    Raises
    ------
    TypeError
        When *value* is not an integer (``2.5``, ``"3"``, ``True``).
    ValueError
        When it is outside ``[min, max]``.

    Examples
    --------
    >>> check_int("max_nodes", None, allow_none=True) is None
    True
    >>> check_int("n", "3")
    Traceback (most recent call last):
    ...
    TypeError: n must be an integer, got str '3'
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    _check_range(name, value, min, max, "an integer")
    return int(value)


def check_number(name: str, value: Any, *, min: float | None = None, max: float | None = None,
                 allow_none: bool = False) -> float | None:
    """Return *value* as a ``float`` if it is a real number within ``[min, max]``.

    Examples
    --------
    >>> check_number("min_weight", 0.5, min=0)
    0.5
    >>> check_number("min_weight", -1, min=0)
    Traceback (most recent call last):
    ...
    ValueError: min_weight must be a number >= 0, got -1
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    if value != value:  # NaN
        raise ValueError(f"{name} must be a number, got {value!r}")
    _check_range(name, value, min, max, "a number")
    return float(value)


def _check_range(name: str, value: Any, lo: Any, hi: Any, what: str) -> None:
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        if lo is not None and hi is not None:
            allowed = f"between {lo} and {hi}"
        elif lo is not None:
            allowed = f">= {lo}"
        else:
            allowed = f"<= {hi}"
        raise ValueError(f"{name} must be {what} {allowed}, got {value!r}")


def check_choice(name: str, value: Any, allowed: Iterable[Any]) -> Any:
    """Return *value* if it is one of *allowed*.

    Raises
    ------
    ValueError
        ``"<name> must be one of 'a', 'b'; got 'c'"``.
    """
    allowed = list(allowed)
    try:
        ok = value in allowed
    except TypeError:  # an unhashable value compared with a dict's keys
        ok = False
    if not ok:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


def check_date(name: str, value: Any, *, allow_none: bool = False) -> pd.Timestamp | None:
    """Return *value* as a :class:`pandas.Timestamp` (anything pandas reads as one date).

    Only the conversion is checked: callers decide what a time of day means (the house rule
    is that ``start``/``end`` are whole digest days, see CONTRIBUTING.md).

    Raises
    ------
    ValueError
        When pandas cannot read *value* as a date (or it is missing and not allowed).

    Examples
    --------
    >>> check_date("end", pd.Timestamp("2024-02-16 09:00"))
    Timestamp('2024-02-16 09:00:00')
    """
    if value is None and allow_none:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError, OverflowError):
        ts = None
    if ts is None or ts is pd.NaT:
        raise ValueError(f"{name} must be a date such as '2024-02-16', got {value!r}")
    return ts


def check_freq(name: str, value: Any, allowed: Iterable[str] = ("D", "W", "M")) -> str:
    """Return the pandas alias (``"D"``, ``"W"``, ``"M"``, ...) of a period given as an
    alias or a name (``"day"``, ``"week"``, ``"month"``, ``"quarter"``, ``"year"``).

    Case does not matter; ``"ME"`` and ``"MS"`` (pandas' month end / start) mean ``"M"``.
    A week runs Monday to Sunday and is labelled by its Monday.

    Examples
    --------
    >>> check_freq("freq", "week"), check_freq("freq", "w"), check_freq("freq", "MS")
    ('W', 'W', 'M')
    >>> check_freq("freq", "fortnight")
    Traceback (most recent call last):
    ...
    ValueError: freq must be one of 'D', 'W', 'M' (or 'day', 'week', 'month'); got 'fortnight'
    """
    allowed = list(allowed)
    key = value.strip() if isinstance(value, str) else value
    if isinstance(key, str):
        key = PERIODS.get(key.lower(), key.upper())
        key = {"ME": "M", "MS": "M", "YE": "Y", "YS": "Y", "A": "Y", "QE": "Q", "QS": "Q"}.get(
            key, key
        )
    if key not in allowed:
        names = [n for n, a in PERIODS.items() if a in allowed]
        raise ValueError(
            f"{name} must be one of {', '.join(repr(a) for a in allowed)} "
            f"(or {', '.join(repr(n) for n in names)}); got {value!r}"
        )
    return key
