"""Worked examples for baseline-corrected Tau (Tarlow 2017) and Kendall's tau-b.

Tarlow, K. R. (2017). An improved rank correlation effect size statistic for single-case
designs: Baseline corrected Tau. Behavior Modification, 41(4), 427-467.
doi:10.1177/0145445516676750. Examples as in SingleCaseES ``tests/testthat/test-tarlow-2017.R``
(domain/methods.md section 8, examples 5 and 6).

Kendall, M. G. (1970). Rank correlation methods (4th ed.), example 3.1: tau-b with ties.
Tolerances: exact fractions 1e-12; the three-decimal published tau-b 5e-4.
"""

from __future__ import annotations

import math

import pytest

from casekit import effects as E
from casekit.effects import _kendall as core

pytestmark = pytest.mark.paper

A = [1, 2, 3, 4, 5]
B = [6, 7, 8, 9, 10]


def test_example5_tau_tau_u_tau_bc():
    # R: calc_ES(A, B, ES = c("Tau", "Tau_U", "Tau_BC"), SE = "none", confidence = NULL)
    assert E.tau(A, B, improvement="increase").est == 1.0
    assert E.tau_u(A, B, improvement="increase").est == pytest.approx(0.6, abs=1e-12)
    r = E.tau_bc(A, B, improvement="increase")
    assert r.est == pytest.approx(0.0, abs=1e-12)
    assert (r.slope, r.intercept) == (1.0, 0.0)
    # Kendall version: all detrended values equal -> tau defined as 0 (SingleCaseES)
    assert E.tau_bc(A, B, improvement="increase", kendall=True).est == 0.0


def test_example5_pretest_trend():
    # test-tarlow-2017.R: with pretest_trend = .05 and a non-significant baseline trend,
    # Tau-BC equals Tau (no correction); without the pretest it differs.
    a = [20, 20, 26, 25, 22, 23]
    b = [28, 25, 24, 27, 30, 30, 29]
    r = E.tau_bc(a, b, improvement="increase", pretest_trend=0.05)
    assert not r.corrected
    assert r.est == pytest.approx(E.tau(a, b, improvement="increase").est, abs=1e-12)
    assert any("not significant" in n for n in r.notes)
    assert r.est != pytest.approx(E.tau_bc(a, b, improvement="increase").est, abs=1e-6)
    # a steep baseline trend is significant and is corrected
    a2 = [1, 2, 3, 4, 5, 6, 7, 8]
    r2 = E.tau_bc(a2, [9, 10, 11, 12], improvement="increase", pretest_trend=0.05)
    assert r2.corrected and r2.p_trend < 0.05


def test_example6_kendall_1970_tau_b():
    # Kendall (1970) example 3.1: S = 33, denominator sqrt(41 * 36), tau_b = 0.859
    x = [1, 2.5, 2.5, 4.5, 4.5, 6.5, 6.5, 8, 9.5, 9.5]
    y = [1, 2, 4.5, 4.5, 4.5, 4.5, 8, 8, 8, 10]
    k = core.scan_kendall(x, y, "b")
    assert k["S"] == 33
    assert k["D"] == pytest.approx(math.sqrt(41 * 36), abs=1e-12)
    assert k["S"] / k["D"] == pytest.approx(0.859, abs=5e-4)
    # the Kendall-package (single precision) route gives the same tau to float32 precision
    ks = core.kendall_single_precision(x, y)
    assert ks["S"] == 33
    assert ks["tau"] == pytest.approx(33 / math.sqrt(41 * 36), rel=1e-6)
