"""PND, PEM, PAND and IRD: hand counts, tie rules, scan's PAND "sort", and the numpy cores on
padded batches (one formula for one series and for many)."""

from __future__ import annotations

import numpy as np
import pytest

from casekit import effects as E
from casekit.effects import overlap

INC = {"improvement": "increase"}


def test_pem_tie_rules():
    # A median 5; B = 5, 5, 8, 9, 6: two ties (seminar 1, part 4)
    a, b = [3, 5, 7, 4, 6], [5, 5, 8, 9, 6]
    assert E.pem(a, b, **INC).est == pytest.approx(0.8, abs=1e-15)
    r = E.pem(a, b, ties=0, **INC)
    assert r.est == pytest.approx(0.6, abs=1e-15)
    assert "scan" in r.mirrors and "counts 0" in r.variant


def test_pand_minimum_and_sort():
    # A = 6, 5, 1, 2 and B = 3, 7, 8, 9, 4 (seminar 1, part 4): keep 7 of 9 vs 5 of 9
    a, b = [6, 5, 1, 2], [3, 7, 8, 9, 4]
    r = E.pand(a, b, **INC)
    assert (r.est, r.overlaps) == (pytest.approx(7 / 9, abs=1e-15), 2)
    assert np.isnan(r.phi)
    s = E.pand(a, b, method="sort", **INC)
    assert (s.est, s.overlaps) == (pytest.approx(5 / 9, abs=1e-15), 4)
    # phi = |AA N - m^2| / (m n) with AA = 2 of the first m sorted labels being A
    assert s.phi == pytest.approx(abs(2 * 9 - 16) / 20, abs=1e-15)


def test_ird_is_a_function_of_pand():
    rng = np.random.default_rng(5)
    for _ in range(20):
        a = rng.integers(0, 10, rng.integers(2, 9)).astype(float)
        b = rng.integers(0, 12, rng.integers(2, 9)).astype(float)
        m, n = a.size, b.size
        p = E.pand(a, b, **INC).est
        assert E.ird(a, b, **INC).est == pytest.approx(
            1 - (m + n) ** 2 / (2 * m * n) * (1 - p), abs=1e-12)


def test_pnd_uses_the_most_extreme_baseline_value():
    assert E.pnd([1, 5, 2], [4, 6, 7], **INC).est == pytest.approx(2 / 3, abs=1e-15)
    assert E.pnd([1, 5, 2], [4, 0, -1], improvement="decrease").est == pytest.approx(
        2 / 3, abs=1e-15)


def test_cores_ignore_the_padding_of_a_batch():
    rng = np.random.default_rng(11)
    series = [(rng.integers(0, 6, rng.integers(1, 9)).astype(float),
               rng.integers(0, 8, rng.integers(1, 12)).astype(float)) for _ in range(25)]
    width_a = max(a.size for a, _ in series)
    width_b = max(b.size for _, b in series)
    A = np.full((25, width_a), np.nan)
    B = np.full((25, width_b), np.nan)
    for i, (a, b) in enumerate(series):
        A[i, :a.size], B[i, :b.size] = a, b
    batch = {"pnd": overlap.pnd_core(A, B), "pem": overlap.pem_core(A, B),
             "pand": overlap.pand_core(A, B)[0], "nap": overlap.nap_core(A, B, "Hanley")["se"]}
    for i, (a, b) in enumerate(series):
        one = {"pnd": overlap.pnd_core(a[None], b[None]), "pem": overlap.pem_core(a[None], b[None]),
               "pand": overlap.pand_core(a[None], b[None])[0],
               "nap": overlap.nap_core(a[None], b[None], "Hanley")["se"]}
        for key in batch:
            assert batch[key][i] == pytest.approx(one[key][0], abs=1e-14), (i, key)
