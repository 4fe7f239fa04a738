"""Shared helpers of the effect-size tests: the reference AB series and JSON numbers.

The series come from ``data/ab_cases.csv`` of the ``reference_dir`` fixture: the 57 series of
``../shared/reference`` when present, else the eight simulated ones kept in
``tests/reference_values``.
"""

from __future__ import annotations

import math

import pytest

from tests._reference import N_SERIES, load_data, load_values


def ab_series(reference_dir, values_file: str):
    """``(entry, a, b, table)`` for every case of a reference JSON, in its order.

    ``a`` and ``b`` are the phase-A and phase-B values in session order, ``table`` the rows of
    the series (columns ``dataset, case, session, phase, value, improvement``).
    """
    values = load_values(reference_dir, values_file)
    data = load_data(reference_dir, "ab_cases.csv")
    out = []
    for c in values["cases"]:
        s = data[(data.dataset == c["dataset"]) & (data.case == c["case"])]
        s = s.sort_values("session", kind="stable")
        a = s.loc[s.phase == "A", "value"].to_numpy(float)
        b = s.loc[s.phase == "B", "value"].to_numpy(float)
        out.append((c, a, b, s))
    assert len(out) == N_SERIES
    return out


def num(value) -> float:
    """A number of the reference JSON: null is NaN, "Inf"/"-Inf" are infinite."""
    if value is None:
        return math.nan
    if value == "Inf":
        return math.inf
    if value == "-Inf":
        return -math.inf
    return float(value)


def assert_close(got, expected, tol: float, what: str, rel: float = 0.0) -> None:
    """``got`` equals the reference value within ``tol`` (NA and infinities exactly)."""
    exp = num(expected)
    got = float(got)
    if math.isnan(exp):
        assert math.isnan(got), f"{what}: expected NA, got {got}"
    elif math.isinf(exp):
        assert got == exp, f"{what}: expected {exp}, got {got}"
    else:
        assert got == pytest.approx(exp, abs=tol, rel=rel), f"{what}: {got} vs {exp}"


def flip(improvement: str) -> str:
    return "increase" if improvement == "decrease" else "decrease"


__all__ = ["ab_series", "num", "assert_close", "flip"]
