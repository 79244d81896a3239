"""Tests for papertoolkit._checks: the argument-check helpers shared by public functions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from papertoolkit._checks import check_choice, check_date, check_int, check_number, check_type


def test_check_int_accepts_numpy_integers_and_returns_int():
    value = check_int("n", np.int64(4), min=1, max=4)
    assert value == 4 and type(value) is int


@pytest.mark.parametrize("value", [True, 2.0, "3", None])
def test_check_int_refuses_non_integers_with_type_error(value):
    with pytest.raises(TypeError, match=rf"^n must be an integer, got {type(value).__name__} "):
        check_int("n", value)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"min": 1}, "n must be an integer >= 1, got 0"),
    ({"max": -1}, "n must be an integer <= -1, got 0"),
    ({"min": 1, "max": 5}, "n must be an integer between 1 and 5, got 0"),
])
def test_check_int_range_message_names_argument_value_and_bounds(kwargs, message):
    with pytest.raises(ValueError) as err:
        check_int("n", 0, **kwargs)
    assert str(err.value) == message


def test_check_number():
    assert check_number("w", 1) == 1.0 and check_number("w", None, allow_none=True) is None
    with pytest.raises(ValueError, match="^w must be a number, got nan$"):
        check_number("w", float("nan"))
    with pytest.raises(TypeError, match="^w must be a number, got str '1'$"):
        check_number("w", "1")
    with pytest.raises(ValueError, match=r"^w must be a number <= 1, got 1\.5$"):
        check_number("w", 1.5, max=1)


def test_check_choice_lists_the_allowed_values():
    assert check_choice("freq", "W", ["D", "W"]) == "W"
    with pytest.raises(ValueError) as err:
        check_choice("freq", "fortnight", ["D", "W"])
    assert str(err.value) == "freq must be one of 'D', 'W'; got 'fortnight'"
    with pytest.raises(ValueError, match="got \\['D'\\]"):
        check_choice("freq", ["D"], {"D": 1})  # unhashable: still a clear ValueError


def test_check_type():
    assert check_type("ax", None, int, allow_none=True) is None
    with pytest.raises(TypeError) as err:
        check_type("tags", [1], (pd.DataFrame, dict))
    assert str(err.value) == "tags must be DataFrame or dict, got list [1]"


@pytest.mark.parametrize("value", ["not a date", "", None, [2024]])
def test_check_date_refuses_what_pandas_cannot_read(value):
    with pytest.raises(ValueError, match="^start must be a date such as '2024-02-16', got "):
        check_date("start", value)


def test_check_date_converts():
    assert check_date("end", "2024-02-16") == pd.Timestamp("2024-02-16")
    assert check_date("end", None, allow_none=True) is None
