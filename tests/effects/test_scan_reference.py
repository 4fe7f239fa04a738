"""Parity of casekit.effects with scan 0.67.1 on the 57 reference AB series.

Reference values: ``../shared/reference/values/effect_sizes.json`` (``scan`` block), inputs
``data/ab_cases.csv``; with ``sd1 <- scdf(values = value, phase = phase, mt = session)`` the
calls are e.g. ``scan::nap(sd1, decreasing = dec)``, ``scan::pand(sd1, decreasing = dec,
method = "sort")``, ``scan::smd(sd1)`` and ``scan::tau_u(sd1, method = "complete",
tau_method = "b", meta_analyses = FALSE, ci = 0.95, ci_method = "z",
continuity_correction = FALSE)``. scan reports percentages (casekit proportions) and has no
direction argument for ``tau_u``, ``smd`` and ``corrected_tau`` (compare with "increase").
Tolerances: 1e-9 (percentages 1e-7, i.e. 1e-9 on the proportion scale).
"""

from __future__ import annotations

import math

import pytest

from casekit import effects as E
from tests._reference import count

from ._ab import ab_series, assert_close

pytestmark = pytest.mark.reference

TOL = 1e-9


@pytest.fixture(scope="module")
def ref(reference_dir):
    return ab_series(reference_dir, "effect_sizes.json")


def test_scan_overlap_indices(ref):
    """scan reports percentages and PEM ties as 0; casekit returns proportions."""
    n_pem_differ = 0
    for c, a, b, _ in ref:
        S, imp = c["scan"], c["improvement"]
        assert E.nap(a, b, improvement=imp).est * 100 == pytest.approx(S["nap"]["NAP"], abs=1e-7)
        assert E.pnd(a, b, improvement=imp).est * 100 == pytest.approx(S["pnd"]["PND"], abs=1e-7)
        assert E.pem(a, b, improvement=imp, ties=0).est * 100 == pytest.approx(
            S["pem"]["PEM"], abs=1e-7)
        n_pem_differ += not math.isclose(E.pem(a, b, improvement=imp).est * 100,
                                         S["pem"]["PEM"], abs_tol=1e-7)
        assert E.ird(a, b, improvement=imp).est == pytest.approx(S["ird"]["IRD"], abs=TOL)
        r = E.pand(a, b, improvement=imp, method="sort")
        assert r.est * 100 == pytest.approx(S["pand"]["PAND"], abs=1e-7)
        assert r.phi == pytest.approx(S["pand"]["phi"], abs=TOL)
        assert E.pand(a, b, improvement=imp).est * 100 == pytest.approx(
            S["pand_minimum"]["PAND"], abs=1e-7)
    assert n_pem_differ == 3  # README: the tie rules differ in sim03, sim05, sim07


def test_scan_smd_columns(ref):
    """scan::smd is B - A with no direction: compare with improvement='increase'."""
    names = ("Glass' delta", "Hedges' g", "Hedges' g correction",
             "Hedges' g durlak correction", "Cohen's d")
    for c, a, b, _ in ref:
        S = c["scan"]["smd"]
        for v in names:
            assert E.smd(a, b, improvement="increase", variant=v).est == pytest.approx(
                S[v], abs=TOL), (c["case"], v)


@pytest.mark.parametrize("key,method,tau_method", [
    ("tau_u_complete_tau_b", "complete", "b"),
    ("tau_u_complete_tau_a", "complete", "a"),
    ("tau_u_parker", "parker", "b"),
    ("tau_u_tarlow", "tarlow", "b"),
])
def test_scan_tau_u_tables(ref, key, method, tau_method):
    cols = ["pairs", "pos", "neg", "ties", "S", "D", "Tau", "CI lower", "CI upper", "SD_S",
            "VAR_S", "SE_Tau", "Z", "p", "n"]
    for c, a, b, _ in ref:
        # scan has no direction argument: B - A, i.e. improvement = "increase"
        r = E.tau_u(a, b, improvement="increase", method=method, tau_method=tau_method)
        table = r.table
        assert list(table["row"]) == [x["row"] for x in c["scan"][key]]
        for i, expect in enumerate(c["scan"][key]):
            for col in cols:
                got = float(table[col].iloc[i])
                exp = expect[col]
                if exp is None:
                    assert math.isnan(got), (c["case"], expect["row"], col)
                else:
                    # VAR_S is a square of values ~30; 1e-9 relative
                    assert got == pytest.approx(exp, rel=1e-9, abs=TOL), (
                        c["case"], expect["row"], col, got, exp)
        head = c["scan"][key][3]
        assert r.est == pytest.approx(head["Tau"], abs=TOL)


def test_parker_row_equals_singlecasees_tau_u(ref):
    """README difference 1: scan 'parker' row 4 == SingleCaseES Tau_U after orientation."""
    for c, a, b, _ in ref:
        imp = c["improvement"]
        p = E.tau_u(a, b, improvement=imp, method="parker").est
        assert p == pytest.approx(E.tau_u(a, b, improvement=imp).est, abs=TOL)


def test_scan_corrected_tau_default(ref):
    # R: corrected_tau(sd1, alpha = 0.05, continuity = FALSE, repeated = FALSE,
    #                  tau_method = "b"); scan has no direction: improvement = "increase"
    n_corrected = 0
    for c, _, _, s in ref:
        S = c["scan"]["corrected_tau"]
        r = E.tau_bc(s, improvement="increase", variant="scan")
        assert_close(r.est, S["tau_reported"], TOL, c["case"])
        assert_close(r.tau_corrected, S["tau_corrected"], TOL, c["case"])
        assert_close(r.tau_uncorrected, S["tau_uncorrected"], TOL, c["case"])
        assert_close(r.auto_tau, S["auto_tau"], TOL, c["case"])
        assert_close(r.p, S["p"], TOL, c["case"], rel=1e-9)
        assert r.corrected == S["correction_applied"]
        n_corrected += r.corrected
    assert n_corrected == count(4, 1)  # README difference 4: scan corrects in 4 of the 57 series
