"""Parity of casekit.effects with SingleCaseES 0.7.4 and scan 0.67.1 on 57 AB series.

Reference values: ``../shared/reference/values/effect_sizes.json`` (R 4.2.2), inputs
``data/ab_cases.csv`` (see that folder's README). The R calls are recorded in the JSON ``meta``
block, e.g. ``calc_ES(A_data = A, B_data = B, ES = "NAP", improvement = <improvement>,
SE = "unbiased", confidence = 0.95, format = "long")`` and
``scan::tau_u(sd1, method = "complete", tau_method = "b", meta_analyses = FALSE, ci = 0.95,
ci_method = "z", continuity_correction = FALSE)``.

Tolerances: closed-form values 1e-9 (they agree to ~1e-13); NAP / Tau / Tau-BC confidence
limits 1e-4 absolute, because R's ``uniroot`` stops at its default tolerance (~3e-5) while
casekit uses ``brentq`` to machine precision (README, "Tolerances").
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from casekit import effects as E

TOL = 1e-9
CI_TOL = 1e-4


@pytest.fixture(scope="module")
def ref(reference_dir):
    values = json.loads((reference_dir / "values" / "effect_sizes.json").read_text())
    data = pd.read_csv(reference_dir / "data" / "ab_cases.csv")
    series = []
    for c in values["cases"]:
        s = data[(data.dataset == c["dataset"]) & (data.case == c["case"])]
        s = s.sort_values("session", kind="stable")
        a = s.loc[s.phase == "A", "value"].to_numpy(float)
        b = s.loc[s.phase == "B", "value"].to_numpy(float)
        series.append((c, a, b, s))
    assert len(series) == 57
    return series


def _close(x, y, tol, what):
    if y is None:
        assert math.isnan(x), f"{what}: expected NA, got {x}"
    else:
        assert x == pytest.approx(y, abs=tol), what


def _check(res, expect, what, ci_tol=TOL):
    _close(res.est, expect["est"], TOL, what + " est")
    if "se" in expect:
        _close(res.se, expect["se"], TOL, what + " se")
    if "ci_lower" in expect:
        _close(res.ci_lower, expect["ci_lower"], ci_tol, what + " ci_lower")
        _close(res.ci_upper, expect["ci_upper"], ci_tol, what + " ci_upper")


def test_nap_tau_all_se_variants(ref):
    for c, a, b, _ in ref:
        R, imp = c["SingleCaseES"], c["improvement"]
        for key, se in (("NAP", "unbiased"), ("NAP_SE_null", "null"),
                        ("NAP_SE_Hanley", "Hanley")):
            _check(E.nap(a, b, improvement=imp, se=se), R[key], f"{c['case']} {key}", CI_TOL)
        _check(E.tau(a, b, improvement=imp), R["Tau"], f"{c['case']} Tau", CI_TOL)


def test_tau_u_singlecasees(ref):
    for c, a, b, _ in ref:
        r = E.tau_u(a, b, improvement=c["improvement"])
        _check(r, c["SingleCaseES"]["Tau_U"], c["case"])
        assert math.isnan(r.se)


def test_tau_bc_both_versions(ref):
    for c, a, b, _ in ref:
        R = c["SingleCaseES"]
        r = E.tau_bc(a, b, improvement=c["improvement"])
        _check(r, R["Tau_BC"], f"{c['case']} Tau_BC", CI_TOL)
        assert r.slope == pytest.approx(R["Tau_BC"]["slope"], abs=TOL)
        assert r.intercept == pytest.approx(R["Tau_BC"]["intercept"], abs=TOL)
        # Kendall = TRUE: Kendall package works in single precision; casekit emulates it, so
        # the match is exact (1e-9); the Wald CI is closed-form.
        _check(E.tau_bc(a, b, improvement=c["improvement"], kendall=True),
               R["Tau_BC_Kendall"], f"{c['case']} Tau_BC_Kendall")


def test_pnd_pem_pand_ird(ref):
    for c, a, b, _ in ref:
        R, imp = c["SingleCaseES"], c["improvement"]
        _check(E.pnd(a, b, improvement=imp), R["PND"], c["case"])
        _check(E.pem(a, b, improvement=imp), R["PEM"], c["case"])
        _check(E.pand(a, b, improvement=imp), R["PAND"], c["case"])
        _check(E.ird(a, b, improvement=imp), R["IRD"], c["case"])


def test_smd_variants(ref):
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
    for c, a, b, _ in ref:
        R, imp = c["SingleCaseES"], c["improvement"]
        _check(E.lrr_d(a, b, improvement=imp), R["LRRd"], c["case"])
        _check(E.lrr_d(a, b, improvement=imp, bias_correct=False), R["LRRd_nobc"], c["case"])
        _check(E.lrr_i(a, b, improvement=imp), R["LRRi"], c["case"])


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


def test_tidy_input_matches_arrays(ref):
    for c, a, b, s in ref[:12]:
        r1 = E.nap(a, b, improvement=c["improvement"])
        r2 = E.nap(data=s, improvement=c["improvement"])
        assert r1.est == r2.est and r1.se == r2.se
        r3 = E.tau_bc(data=s.sample(frac=1, random_state=1), improvement=c["improvement"])
        assert r3.est == pytest.approx(E.tau_bc(a, b, improvement=c["improvement"]).est,
                                       abs=TOL)
    assert np.isfinite(r1.est)
