"""Parity of casekit.effects with SingleCaseES 0.7.4 on the 57 reference AB series.

Reference values: ``../shared/reference/values/effect_sizes.json`` (R 4.2.2), inputs
``data/ab_cases.csv`` (see that folder's README). The R calls are recorded in the JSON ``meta``
block, e.g. ``calc_ES(A_data = A, B_data = B, ES = "NAP", improvement = <improvement>,
SE = "unbiased", confidence = 0.95, format = "long")``.

Tolerances: closed-form values 1e-9 (they agree to ~1e-13); NAP / Tau / Tau-BC confidence
limits 1e-4 absolute, because R's ``uniroot`` stops at its default tolerance (~3e-5) while
casekit solves to machine precision (README, "Tolerances"). At NAP = 0 or 1 SingleCaseES's
root finder stops at the trivial root; ``ci_method="singlecasees"`` mirrors that, the
default gives the proper Newcombe limit (tests/effects/test_nap.py).
"""

from __future__ import annotations

import math

import pytest

from casekit import effects as E

from ._ab import ab_series, assert_close

pytestmark = pytest.mark.reference

TOL = 1e-9
CI_TOL = 1e-4
SCES = {"ci_method": "singlecasees"}


@pytest.fixture(scope="module")
def ref(reference_dir):
    return ab_series(reference_dir, "effect_sizes.json")


def _check(res, expect, what, ci_tol=TOL):
    assert_close(res.est, expect["est"], TOL, what + " est")
    if "se" in expect:
        assert_close(res.se, expect["se"], TOL, what + " se")
    if "ci_lower" in expect:
        assert_close(res.ci_lower, expect["ci_lower"], ci_tol, what + " ci_lower")
        assert_close(res.ci_upper, expect["ci_upper"], ci_tol, what + " ci_upper")


def test_nap_tau_all_se_variants(ref):
    # R: calc_ES(A, B, ES = "NAP", SE = "unbiased" | "null" | "Hanley"), ES = "Tau"
    for c, a, b, _ in ref:
        R, imp = c["SingleCaseES"], c["improvement"]
        for key, se in (("NAP", "unbiased"), ("NAP_SE_null", "null"),
                        ("NAP_SE_Hanley", "Hanley")):
            _check(E.nap(a, b, improvement=imp, se=se, **SCES), R[key], f"{c['case']} {key}",
                   CI_TOL)
        _check(E.tau(a, b, improvement=imp, **SCES), R["Tau"], f"{c['case']} Tau", CI_TOL)


def test_default_interval_differs_from_singlecasees_only_at_the_bound(ref):
    n_bound = 0
    for c, a, b, _ in ref:
        R, imp = c["SingleCaseES"]["NAP"], c["improvement"]
        r = E.nap(a, b, improvement=imp)
        if r.est in (0.0, 1.0):
            n_bound += 1
            inside = r.ci_lower if r.est == 1.0 else r.ci_upper
            assert 0.0 < inside < 1.0, c["case"]
            assert R["ci_lower"] == R["ci_upper"] == r.est  # SingleCaseES: degenerate
        else:
            _check(r, R, c["case"], CI_TOL)
    assert n_bound > 0


def test_tau_u_singlecasees(ref):
    # R: calc_ES(A, B, ES = "Tau_U")
    for c, a, b, _ in ref:
        r = E.tau_u(a, b, improvement=c["improvement"])
        _check(r, c["SingleCaseES"]["Tau_U"], c["case"])
        assert math.isnan(r.se)


def test_tau_bc_both_versions(ref):
    # R: calc_ES(A, B, ES = "Tau_BC", Kendall = FALSE | TRUE, pretest_trend = FALSE,
    #            report_correction = TRUE)
    for c, a, b, _ in ref:
        R = c["SingleCaseES"]
        r = E.tau_bc(a, b, improvement=c["improvement"], **SCES)
        _check(r, R["Tau_BC"], f"{c['case']} Tau_BC", CI_TOL)
        assert r.slope == pytest.approx(R["Tau_BC"]["slope"], abs=TOL)
        assert r.intercept == pytest.approx(R["Tau_BC"]["intercept"], abs=TOL)
        # Kendall = TRUE: Kendall package works in single precision; casekit emulates it, so
        # the match is exact (1e-9); the Wald CI is closed-form.
        _check(E.tau_bc(a, b, improvement=c["improvement"], kendall=True),
               R["Tau_BC_Kendall"], f"{c['case']} Tau_BC_Kendall")


def test_pnd_pem_pand_ird(ref):
    # R: calc_ES(A, B, ES = c("PND", "PEM", "PAND", "IRD"))
    for c, a, b, _ in ref:
        R, imp = c["SingleCaseES"], c["improvement"]
        _check(E.pnd(a, b, improvement=imp), R["PND"], c["case"])
        _check(E.pem(a, b, improvement=imp), R["PEM"], c["case"])
        _check(E.pand(a, b, improvement=imp), R["PAND"], c["case"])
        _check(E.ird(a, b, improvement=imp), R["IRD"], c["case"])


def test_smd_variants(ref):
    # R: calc_ES(A, B, ES = "SMD", std_dev = "baseline" | "pool", bias_correct = TRUE | FALSE)
    for c, a, b, _ in ref:
        R, imp = c["SingleCaseES"], c["improvement"]
        r = E.smd(a, b, improvement=imp)
        _check(r, R["SMD_baseline_g"], c["case"])
        assert r.sd == pytest.approx(R["SMD_baseline_g"]["baseline_SD"], abs=TOL)
        _check(E.smd(a, b, improvement=imp, bias_correct=False), R["SMD_baseline_d"], c["case"])
        r = E.smd(a, b, improvement=imp, std_dev="pool")
        _check(r, R["SMD_pool_g"], c["case"])
        assert r.sd == pytest.approx(R["SMD_pool_g"]["pooled_SD"], abs=TOL)


def test_lrr(ref):
    # R: calc_ES(A, B, ES = "LRRd" | "LRRi", scale = "other", bias_correct = TRUE | FALSE)
    for c, a, b, _ in ref:
        R, imp = c["SingleCaseES"], c["improvement"]
        _check(E.lrr_d(a, b, improvement=imp), R["LRRd"], c["case"])
        _check(E.lrr_d(a, b, improvement=imp, bias_correct=False), R["LRRd_nobc"], c["case"])
        _check(E.lrr_i(a, b, improvement=imp), R["LRRi"], c["case"])
