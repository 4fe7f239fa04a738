"""One formatter of numbers for tables and running text (``casekit.tables.apa``).

APA 7 (Publication Manual, 7th ed., 2020): 6.36 decimals, 6.39 commas in numbers, 6.40-6.44
statistics (no leading zero for values that cannot exceed 1; exact p to 3 decimals, < .001).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit.tables import (
    MINUS,
    format_ci,
    format_estimate,
    format_integer,
    format_p,
    format_prob,
    format_sessions,
)


@pytest.mark.parametrize("p,text", [
    (0.0312, "= .031"), (0.31, "= .310"), (0.049999, "= .050"), (0.001, "= .001"),
    (0.0004999, "< .001"), (0.0, "< .001"), (0.9994, "= .999"), (0.9996, "> .999"),
    (1.0, "> .999"), (np.float64(0.5), "= .500"),
])
def test_format_p(p, text):
    assert format_p(p) == text


def test_format_p_in_tables_and_with_two_decimals():
    assert format_p(0.0312, equals=False) == ".031"
    assert format_p(0.0002, equals=False) == "< .001"
    assert format_p(0.046, 2) == "= .05"
    assert format_p(0.004, 2) == "< .01"


@pytest.mark.parametrize("bad", [-0.01, 1.0001, math.nan])
def test_format_p_refuses_impossible_values(bad):
    with pytest.raises(ValueError, match="p"):
        format_p(bad)


def test_format_p_refuses_text_and_bools():
    with pytest.raises(TypeError, match="p must be a real number"):
        format_p("0.03")
    with pytest.raises(TypeError):
        format_p(True)


@pytest.mark.parametrize("x,text", [
    (1.0, "> .99"), (0.996, "> .99"), (0.994, ".99"), (0.5, ".50"), (0.004, "< .01"),
    (0.0, "< .01"), (0.05, ".05"),
])
def test_format_prob(x, text):
    assert format_prob(x) == text


def test_format_prob_relation_and_decimals():
    assert format_prob(0.97, equals=True) == "= .97"
    assert format_prob(0.9996, 3) == "> .999"
    with pytest.raises(ValueError, match="probability"):
        format_prob(1.2)


def test_format_ci_uses_true_minus_signs():
    assert format_ci(0.8, 1.0) == "[0.80, 1.00]"
    assert format_ci(-12.176, -1.33) == f"[{MINUS}12.18, {MINUS}1.33]"
    assert "-" not in format_ci(-1, 1)
    assert format_ci(-0.12, 0.4, bounded=True) == f"[{MINUS}.12, .40]"
    assert format_ci(1, 1, 0) == "[1, 1]"
    with pytest.raises(ValueError, match="above upper"):
        format_ci(2, 1)
    with pytest.raises(ValueError, match="lower is missing"):
        format_ci(math.nan, 1)


@pytest.mark.parametrize("a,b,text", [
    (14, 15, "between sessions 14 and 15"), (23, 23, "at session 23"),
    (23.0, 23.0, "at session 23"), (7, None, "at session 7"),
    (np.int64(3), np.float64(9.0), "between sessions 3 and 9"),
    (14.5, 15, "between sessions 14.5 and 15"),
])
def test_format_sessions(a, b, text):
    assert format_sessions(a, b) == text


def test_format_sessions_refuses_a_reversed_interval():
    with pytest.raises(ValueError, match="before first"):
        format_sessions(15, 14)


@pytest.mark.parametrize("x,kw,text", [
    (0.5, {}, "0.50"), (-0.5, {}, f"{MINUS}0.50"), (-0.0001, {}, "0.00"),
    (0.0001, {"bounded": True}, ".00"), (-0.831, {"bounded": True}, f"{MINUS}.83"),
    (1.0, {"bounded": True}, "1.00"), (-1.0, {"bounded": True}, f"{MINUS}1.00"),
    (0.9999, {"bounded": True}, "1.00"), (1234.5, {"decimals": 1}, "1,234.5"),
    (1234.5, {"decimals": 1, "thousands": False}, "1234.5"), (999.996, {}, "1,000.00"),
    (17.0, {"decimals": 0}, "17"), (math.inf, {}, "∞"), (-math.inf, {}, f"{MINUS}∞"),
    (3.95e13, {}, "3.95 × 10¹³"), (-2.5e10, {"decimals": 1}, f"{MINUS}2.5 × 10¹⁰"),
])
def test_format_estimate(x, kw, text):
    assert format_estimate(x, **kw) == text


def test_format_estimate_bounded_refuses_values_beyond_one():
    with pytest.raises(ValueError, match="outside"):
        format_estimate(1.08, bounded=True)


def test_format_integer_never_drops_a_fraction():
    assert format_integer(17.0) == "17"
    assert format_integer(np.int64(-12000)) == f"{MINUS}12,000"
    assert format_integer(2024, thousands=False) == "2024"
    with pytest.raises(ValueError, match="not a whole number"):
        format_integer(17.5)


def test_no_formatter_writes_a_hyphen_minus_for_a_number():
    for text in (format_estimate(-3.2), format_ci(-3, -1), format_integer(-4),
                 format_estimate(-2e12)):
        assert "-" not in text and MINUS in text
