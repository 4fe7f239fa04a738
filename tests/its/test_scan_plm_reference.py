"""Piecewise regression against scan 0.67.1 ``plm`` (57 series x 4 models) and the typed-in
Johanna example.

Johanna (scan ``exampleAB``; scan ``data-raw/scan-Data.R``; methods.md section 8, example 7):
54, 53, 56, 58, 52 | 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87.

R calls (reference/README.md, ``values/scan_plm.json``), with
``sd1 <- scdf(values = value, phase = phase, mt = session, name = case)``:

* ``plm(sd1, model = "W", AR = 0)``, ``plm(sd1, model = "B&L-B", AR = 0)``,
  ``plm(sd1, model = "H-M", AR = 0)``: OLS (``glm``), compared to 1e-8 (closed form; observed
  agreement about 1e-13).
* ``plm(sd1, model = "W", AR = 1)``: ``nlme::gls(corARMA(p = 1), method = "ML")``; compared
  with a relative tolerance of 2e-5 on estimates, SEs, t and p (nlme's optimiser stops earlier
  than casekit's profile-likelihood search; observed worst case 4e-6).
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from casekit.its import piecewise_regression
from tests._reference import N_SERIES

JOHANNA = [54, 53, 56, 58, 52, 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]
PHASE = ["A"] * 5 + ["B"] * 15

pytestmark = pytest.mark.reference

MODELS = [("W", "W", 0), ("BL_B", "B&L-B", 0), ("H_M", "H-M", 0), ("W_AR1", "W", 1)]
TOL = {0: 1e-8, 1: 2e-5}


def _est(res):
    return res.summary["estimate"].to_numpy()


#: scan's default plm (OLS, t-tests): a named variant since casekit's default became the
#: calibrated AR(1) bootstrap (issue 17)
SCAN_OLS = {"ar": 0, "inference": "t"}


def test_johanna_w_ols():
    # R: plm(exampleAB$Johanna, model = "W", AR = 0); scan tests/testthat/test-plm.R
    res = piecewise_regression(values=JOHANNA, phases=PHASE, improvement="increase", **SCAN_OLS)
    np.testing.assert_allclose(_est(res), [54.4, 0.1, 7.858333333333, 1.525], rtol=0, atol=1e-9)
    # sum of the coefficient matrix (estimate, se, t, p) used in scan's own test
    sm = res.summary
    assert abs(sm[["estimate", "se", "t", "p"]].to_numpy().sum() - 94.64233) < 5e-6
    assert res.level_change == pytest.approx(7.858333333333, abs=1e-9)
    assert isinstance(res.level_change, float) and isinstance(res.slope_p, float)
    assert res.slope_change == pytest.approx(1.525, abs=1e-12)
    assert res.level_improvement == res.level_change
    assert np.isnan(res.phi)


def test_johanna_hm_and_blb():
    hm = piecewise_regression(values=JOHANNA, phases=PHASE, model="H-M", **SCAN_OLS)
    np.testing.assert_allclose(_est(hm), [54.3, 0.1, 7.858333333333, 1.525], atol=1e-9)
    blb = piecewise_regression(values=JOHANNA, phases=PHASE, model="B&L-B", **SCAN_OLS)
    np.testing.assert_allclose(_est(blb), [54.3, 0.1, 6.333333333333, 1.525], atol=1e-9)
    # B&L-B measures the level one session earlier: level_BLB = level_W - slope
    assert blb.level_change == pytest.approx(hm.level_change - hm.slope_change, abs=1e-10)


def test_johanna_ar1():
    # R: plm(exampleAB$Johanna, model = "W", AR = 1): 54.298 / 0.181 / 7.556 / 1.438 (rounded
    # to 3 decimals in methods.md section 6.6)
    res = piecewise_regression(values=JOHANNA, phases=PHASE, ar=1, inference="t")
    np.testing.assert_allclose(_est(res), [54.298, 0.181, 7.556, 1.438], atol=5e-4)
    assert -1 < res.phi < 0  # Johanna's residuals are negatively autocorrelated
    assert any("biased" in n for n in res.notes)


def test_decrease_orients_effects():
    y = [20, 21, 19, 22, 20, 14, 13, 12, 13, 12, 11, 12, 10, 11, 10]
    ph = ["A"] * 5 + ["B"] * 10
    res = piecewise_regression(values=y, phases=ph, improvement="decrease", **SCAN_OLS)
    assert res.level_change < 0 and res.level_improvement == -res.level_change
    lev = res.summary.set_index("term").loc["level"]
    assert lev["ci_lower_improvement"] == pytest.approx(-lev["ci_upper"])
    assert lev["ci_upper_improvement"] == pytest.approx(-lev["ci_lower"])


def _cases(reference_dir):
    ref = json.loads((reference_dir / "values" / "scan_plm.json").read_text())
    data = pd.read_csv(reference_dir / "data" / "ab_cases.csv")
    return ref["cases"], data


@pytest.mark.slow
def test_all_57_series_4_models(reference_dir):
    cases, data = _cases(reference_dir)
    assert len(cases) == N_SERIES
    checked = 0
    for c in cases:
        s = data[(data["dataset"] == c["dataset"]) & (data["case"] == c["case"])]
        for key, model, ar in MODELS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = piecewise_regression(s, model=model, ar=ar, inference="t",
                                           improvement=c["improvement"])
            R = c[key]
            sm = res.summary
            tol = TOL[ar]
            for col in ("estimate", "se", "t", "p"):
                want = np.array([row[col] for row in R["coefficients"]])
                np.testing.assert_allclose(sm[col].to_numpy(), want, rtol=tol, atol=tol,
                                           err_msg=f"{c['case']} {key} {col}")
            F = R["F_test"]
            assert res.F == pytest.approx(F["F"], rel=tol, abs=tol)
            assert res.F_p == pytest.approx(F["p"], rel=tol, abs=tol)
            assert res.r2 == pytest.approx(F["R2"], abs=tol)
            assert res.r2_adj == pytest.approx(F["R2.adj"], abs=tol)
            assert res.df_resid == F["df2"]
            for i, term in enumerate(("mt", "phaseB", "interB"), start=1):
                assert sm["r2_change"][i] == pytest.approx(R["r_squared_change"][term],
                                                           abs=tol)
            for term in ("mt", "phaseB", "interB"):
                np.testing.assert_allclose(res.design[term], R["design"][term], atol=1e-12)
            checked += 1
    assert checked == N_SERIES * 4
