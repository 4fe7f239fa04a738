"""Worked examples of Parker, Vannest & Davis (2011) and Parker et al. (2011).

Parker, R. I., Vannest, K. J., & Davis, J. L. (2011). Effect size in single-case research: A
review of nine nonoverlap techniques. Behavior Modification, 35(4), 303-322.
doi:10.1177/0145445511399147 -- the data A = 20, 20, 26, 25, 22, 23; B = 28, 25, 24, 27, 30,
30, 29 (typed in with their citation, as SingleCaseES
``tests/testthat/test-parker-vannest-davis-2011.R`` does).

domain/methods.md section 8, examples 1-4. Expected values are exact fractions; tolerance 1e-12.
"""

from __future__ import annotations

import pytest

from casekit import effects as E

pytestmark = pytest.mark.paper

A = [20, 20, 26, 25, 22, 23]
B = [28, 25, 24, 27, 30, 30, 29]
EXACT = 1e-12


def test_example1_nonoverlap_indices():
    # R: SingleCaseES::calc_ES(A, B, ES = c("NAP", "Tau", "PND", "PEM", "PAND", "IRD"))
    assert E.nap(A, B, improvement="increase").est == pytest.approx(38.5 / 42, abs=EXACT)
    assert E.tau(A, B, improvement="increase").est == pytest.approx(35 / 42, abs=EXACT)
    assert E.pnd(A, B, improvement="increase").est == pytest.approx(5 / 7, abs=EXACT)
    assert E.pem(A, B, improvement="increase").est == pytest.approx(1.0, abs=EXACT)
    assert E.pand(A, B, improvement="increase").est == pytest.approx(11 / 13, abs=EXACT)
    assert E.ird(A, B, improvement="increase").est == pytest.approx(6 / 7 - 1 / 6, abs=EXACT)


def test_example1_decrease_is_mirror_image():
    neg = dict(improvement="decrease")
    a2, b2 = [-x for x in A], [-x for x in B]
    for f in (E.nap, E.tau, E.pnd, E.pem, E.pand, E.ird, E.tau_u):
        assert f(a2, b2, **neg).est == pytest.approx(f(A, B, improvement="increase").est,
                                                     abs=EXACT)


def test_example2_scan_pand_sort_and_phi():
    # R: scan::pand(scdf(c(A = ..., B = ...)), method = "sort") -> PAND 84.61538 %, phi 0.6905
    r = E.pand(A, B, improvement="increase", method="sort")
    assert r.est * 100 == pytest.approx(84.61538, abs=1e-5)
    assert r.phi == pytest.approx(29 / 42, abs=EXACT)  # 0.690476...
    assert r.phi == pytest.approx(0.6905, abs=5e-5)


def test_example3_pogo():
    # R: SingleCaseES::PoGO(A, B, goal = 25) (tests/testthat/test-PoGO.R) -> 210.2041
    assert E.pogo(A, B, goal=25, improvement="increase").est == pytest.approx(210.2041,
                                                                            abs=1e-4)


def test_example4_tau_and_tau_u():
    # Parker et al. (2011) Tau-U example; R: SingleCaseES Tau(A, B) = 0.80, Tau_U(A, B) = 11/20
    a, b = [3, 3, 4, 5], [4, 5, 6, 7, 7]
    assert E.tau(a, b, improvement="increase").est == pytest.approx(0.80, abs=EXACT)
    r = E.tau_u(a, b, improvement="increase")
    assert r.est == pytest.approx(11 / 20, abs=EXACT)
    # S_AB = 16, S_A = 5: (16 - 5) / 20
    assert (r.S_AB, r.S_A) == (16.0, 5.0)
    # scan's "parker" row 'A vs. B - Trend A' is the same number
    assert E.tau_u(a, b, improvement="increase", method="parker").est == pytest.approx(
        11 / 20, abs=EXACT)
