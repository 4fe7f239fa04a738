"""Ratio effect sizes: log response ratios (truncation, complements, undefined means), the log
odds ratio (range, symmetry, truncation), the log ratio of medians and PoGO."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy.special import bdtr, ndtri

from casekit import effects as E

INC = {"improvement": "increase"}


def test_lrr_zero_or_negative_mean():
    with pytest.raises(ValueError, match="baseline mean = 0"):
        E.lrr_d([0, 0, 0], [1, 2, 1], improvement="decrease")
    with pytest.raises(ValueError, match="treatment mean = -1"):
        E.lrr_i([1, 2, 3], [-1, -1], **INC)
    # counts: Pustejovsky (2018) truncation M >= 1/(2n) makes it finite
    r = E.lrr_d([0, 0, 0], [1, 2, 1], improvement="decrease", scale="count")
    assert np.isfinite(r.est) and r.mean_baseline == pytest.approx(1 / 6)
    with pytest.raises(ValueError, match="scale must be one of"):
        E.lrr_d([1, 2], [3, 4], improvement="decrease", scale="counts")
    with pytest.raises(ValueError, match=r"values in \[0, 100\]"):
        E.lrr_d([1, 200], [3, 4], improvement="decrease", scale="percentage")


def test_percentage_scale_complements_mean():
    a, b = [20, 30, 25], [50, 60, 55]
    d = E.lrr_d(a, b, **INC, scale="percentage")  # LRRd on 100 - M for an increase
    assert d.mean_baseline == pytest.approx(75) and d.mean_treatment == pytest.approx(45)
    i = E.lrr_i(a, b, **INC, scale="percentage")
    assert i.mean_baseline == pytest.approx(25)
    assert d.est < 0 < i.est and d.est != pytest.approx(-i.est)


def test_lor_values_outside_the_scale_are_named():
    with pytest.raises(ValueError, match=r"LOR with scale='percentage' needs values in "
                                         r"\[0, 100\]; got 100.66 at position 5"):
        E.lor([20, 30, 40], [50, 100.66], **INC)
    d = pd.DataFrame({"session": [2, 4, 6, 8], "phase": list("AABB"),
                      "value": [0.2, 0.3, 1.5, 0.9]})
    with pytest.raises(ValueError, match="needs values in \\[0, 1\\]; got 1.5 at session 6"):
        E.lor(d, scale="proportion", **INC)
    with pytest.raises(ValueError, match="scale must be one of 'percentage', 'proportion'"):
        E.lor([20, 30], [40, 50], scale="count", **INC)


def test_lor_is_symmetric_in_valence_and_scale_free():
    a, b = [20, 20, 25, 25, 20, 25], [30, 25, 25, 25, 35, 30, 25]
    up = E.lor(a, b, **INC)
    assert E.lor(a, b, improvement="decrease").est == pytest.approx(-up.est, abs=1e-15)
    # complementing the scale reverses the valence: the same LOR with the other direction
    comp = E.lor([100 - x for x in a], [100 - x for x in b], improvement="decrease")
    assert comp.est == pytest.approx(up.est, abs=1e-12)
    prop = E.lor(np.array(a) / 100, np.array(b) / 100, scale="proportion", **INC)
    assert prop.est == pytest.approx(up.est, abs=1e-14)
    # by hand, without bias correction
    ma, mb = np.mean(a) / 100, np.mean(b) / 100
    plain = math.log(mb / (1 - mb)) - math.log(ma / (1 - ma))
    assert E.lor(a, b, bias_correct=False, **INC).est == pytest.approx(plain, abs=1e-14)


def test_lor_truncation_keeps_a_zero_phase_finite():
    a, b = [0, 0, 0, 0], [10, 20, 15]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        free = E.lor(a, b, **INC)
    assert math.isinf(free.est) or math.isnan(free.est)
    assert any("not finite" in n for n in free.notes)
    cut = E.lor(a, b, intervals=20, **INC)
    assert np.isfinite(cut.est) and cut.mean_baseline == pytest.approx(1 / (2 * 20 * 4))
    assert E.lor(a, b, d_const=0.2, **INC).est == cut.est  # SingleCaseES: D_const = 20/100


def test_lrm_by_hand_and_delta_method():
    a, b = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]
    r = E.lrm(a, b, **INC)
    assert r.est == pytest.approx(math.log(28 / 22.5), abs=1e-15)
    assert (r.median_baseline, r.median_treatment) == (22.5, 28.0)

    def var(y, delta):
        y = np.sort(np.asarray(y, float))
        n = y.size
        o1 = max(round(n / 2 - math.sqrt(n)), 1)
        z0 = ndtri(1 - bdtr(o1 - 1, n, 0.5))
        lo, hi = y[o1 - 1], y[n - o1]
        return ((hi - lo) / (2 * z0)) ** 2 / np.median(y) ** 2 if delta else (
            (math.log(hi) - math.log(lo)) / (2 * z0)) ** 2

    for delta in (False, True):
        got = E.lrm(a, b, delta_method=delta, **INC).se
        assert got == pytest.approx(math.sqrt(var(a, delta) + var(b, delta)), abs=1e-14)
    assert E.lrm(a, b, improvement="decrease").est == -r.est


def test_lrm_zero_median_and_one_point_phase():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = E.lrm([0, 0, 1], [2, 3, 4], **INC)
    assert math.isinf(r.est) and any("median is 0" in n for n in r.notes)
    r = E.lrm([5], [2, 3, 4], improvement="decrease")
    assert np.isfinite(r.est) and math.isnan(r.se)
    assert any("1 point" in n for n in r.notes)


def test_pogo_goal_must_lie_beyond_the_baseline():
    a, b = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]
    with pytest.raises(ValueError, match="wrong side of the baseline mean"):
        E.pogo(a, b, goal=10, **INC)
    with pytest.raises(ValueError, match="goal equals the baseline mean"):
        E.pogo([2, 4], [5, 6], goal=3, **INC)
    r = E.pogo(a, b, goal=30, **INC)
    assert r.est == pytest.approx(100 * (193 / 7 - 136 / 6) / (30 - 136 / 6), abs=1e-12)
