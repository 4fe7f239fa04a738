"""Behaviour of ``casekit.piecewise_regression`` beyond the scan parity tests: input checks,
warnings, the AR(1) likelihood (cross-checked with statsmodels SARIMAX, an independent
Kalman-filter implementation of the same exact likelihood), the parametric bootstrap,
per-case fits, sessions of the phase change and the renamed arguments (the multilevel model
is in test_multilevel.py).

Johanna (scan ``exampleAB``; methods.md section 8, example 7) is typed in.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import casekit
from casekit.exceptions import (
    AutocorrelationWarning,
    CaseDataError,
    DataDrivenPhaseWarning,
    NotEnoughPointsError,
)
from casekit.its import (
    _ar1_fit,
    _ar1_ml_batch,
    _ar1_profile,
    _bootstrap_null_t,
    _plm_design,
    piecewise_regression,
)

JOHANNA = [54, 53, 56, 58, 52, 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]
PHASE = ["A"] * 5 + ["B"] * 15


def _ar1_series(seed, n=40, phi=0.6, shift=2.0, n_a=None):
    rng = np.random.default_rng(seed)
    e = np.empty(n)
    e[0] = rng.standard_normal() / math.sqrt(1 - phi**2)
    for t in range(1, n):
        e[t] = phi * e[t - 1] + rng.standard_normal()
    n_a = n // 2 if n_a is None else n_a
    return 10 + e + shift * (np.arange(n) >= n_a), ["A"] * n_a + ["B"] * (n - n_a)


def test_public_name_and_result_types():
    assert casekit.piecewise_regression is piecewise_regression
    res = piecewise_regression(values=JOHANNA, phases=PHASE, improvement="increase",
                               ar=0, inference="t")
    for name in ("level_change", "level_se", "level_p", "level_ci_lower", "level_ci_upper",
                 "slope_change", "slope_p", "F", "r2", "phi"):
        assert type(getattr(res, name)) is float, name
    assert list(res.summary.columns[:12]) == ["case", "term", "scan_term", "estimate", "se",
                                              "t", "df", "p", "ci_lower", "ci_upper",
                                              "ci_method", "estimate_improvement"]
    text = repr(res)
    assert "7.858" in text and "np.float64" not in text
    assert res.method_card["mirrors"].startswith("scan::plm(model = 'W', AR = 0)")
    # t interval: estimate +- qt(.975, 16) * se  (R: qt(0.975, 16) = 2.119905)
    lev = res.summary.set_index("term").loc["level"]
    assert lev["ci_upper"] - lev["estimate"] == pytest.approx(2.119905299 * lev["se"],
                                                              rel=1e-8)


def test_ar1_matches_statsmodels_sarimax_likelihood():
    y, ph = _ar1_series(3, n=30, phi=0.6, shift=1.0)
    X = _plm_design(np.arange(1, 31), np.array(ph) == "B", "W")
    fit = _ar1_fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sm.tsa.SARIMAX(y, exog=X, order=(1, 0, 0), trend="n",
                             concentrate_scale=True).fit(disp=0, maxiter=500)
    # same exact Gaussian likelihood; casekit's 1-D profile search reaches at least SARIMAX's
    # optimum (tolerance: SARIMAX's lbfgs stops at about 1e-3 in the parameters)
    assert fit["loglik"] >= ref.llf - 1e-7
    assert fit["loglik"] - ref.llf < 1e-4
    np.testing.assert_allclose(fit["beta"], ref.params[:4], atol=5e-3)
    assert fit["phi"] == pytest.approx(ref.params[4], abs=5e-3)


def test_ar1_profile_is_maximised():
    y, ph = _ar1_series(5)
    X = _plm_design(np.arange(1, 41), np.array(ph) == "B", "W")
    fit = _ar1_fit(X, y)
    for d in (-1e-4, 1e-4):
        assert _ar1_profile(np.array([fit["phi"] + d]), X, y[None, :])[0][0] < fit["loglik"]


def test_autocorrelation_warning_for_ols():
    y, ph = _ar1_series(11, n=40, phi=0.8, shift=0.0)
    with pytest.warns(AutocorrelationWarning, match="anti-conservative"):
        res = piecewise_regression(values=y, phases=ph, ar=0, inference="t")
    assert res.residual_autocorrelation >= 1.96 / math.sqrt(40)
    with warnings.catch_warnings():
        warnings.simplefilter("error", AutocorrelationWarning)
        piecewise_regression(values=y, phases=ph, ar=1, inference="t")  # no warning with AR(1)


def test_bootstrap_is_seeded_and_reproducible():
    y, ph = _ar1_series(2, n=24, phi=0.5, shift=0.0)
    a = piecewise_regression(values=y, phases=ph, ar=1, inference="bootstrap", n_boot=199,
                             seed=42)
    b = piecewise_regression(values=y, phases=ph, ar=1, inference="bootstrap", n_boot=199,
                             seed=a.seed)
    assert a.seed == 42 and a.level_p_bootstrap == b.level_p_bootstrap
    assert 1 / 200 <= a.level_p_bootstrap <= 1
    assert (a.level_p_bootstrap * 200) == pytest.approx(round(a.level_p_bootstrap * 200))
    # a clear effect is detected by the bootstrap too
    y2, ph2 = _ar1_series(2, n=40, phi=0.3, shift=6.0)
    c = piecewise_regression(values=y2, phases=ph2, ar=1, inference="bootstrap", n_boot=199,
                             seed=1)
    assert c.level_p_bootstrap <= 0.01
    assert "seed: 1" in repr(c)


def test_data_frame_input_by_case_and_errors():
    df = pd.DataFrame({"case": ["x"] * 20 + ["y"] * 20, "session": list(range(1, 21)) * 2,
                       "phase": PHASE * 2, "value": JOHANNA + JOHANNA[::-1]})
    with pytest.raises(ValueError, match="by='case'"):
        piecewise_regression(df)
    res = piecewise_regression(df, by="case", ar=0, inference="t")
    assert res.summary["case"].unique().tolist() == ["x", "y"]
    assert math.isnan(res.level_change)
    x = res.summary[res.summary.case == "x"].set_index("term")
    assert x.loc["level", "estimate"] == pytest.approx(7.858333333333, abs=1e-9)
    with pytest.raises(ValueError, match="model must be one of 'W', 'H-M', 'B&L-B'"):
        piecewise_regression(values=JOHANNA, phases=PHASE, model="JW")
    with pytest.raises(ValueError, match="ar must be one of 0, 1"):
        piecewise_regression(values=JOHANNA, phases=PHASE, ar=2)
    with pytest.raises(ValueError, match="improvement must be 'increase', 'decrease' or an "
                                         "instrument name"):
        piecewise_regression(values=JOHANNA, phases=PHASE, improvement="up")
    bad = df[df.case == "x"].assign(phase=["A"] * 5 + ["B"] * 10 + ["C"] * 5)
    with pytest.raises(CaseDataError) as err:
        piecewise_regression(bad)
    assert len(err.value.problems) == 5
    with pytest.raises(NotEnoughPointsError):
        piecewise_regression(values=JOHANNA[:5], phases=PHASE[:5])
    alt = ["A", "B"] * 10
    with pytest.raises(CaseDataError, match="alternate"):
        piecewise_regression(values=JOHANNA, phases=alt)


def test_missing_values_error_or_reported_drop():
    y = [float(v) for v in JOHANNA]
    y[7] = np.nan
    # arrays: the input layer's error names the position (1-based)
    with pytest.raises(ValueError, match="contains missing values at positions 8;"):
        piecewise_regression(values=y, phases=PHASE)
    # a table: one CaseDataError naming the row and the session
    df = pd.DataFrame({"session": np.arange(1, 21), "phase": PHASE, "value": y})
    with pytest.raises(CaseDataError, match="row 7, column 'value': missing value at session 8"):
        piecewise_regression(df)
    res = piecewise_regression(values=y, phases=PHASE, missing="drop", inference="t")
    assert res.n == 19
    assert any("1 missing value(s) dropped (missing='drop'): session(s) 8" in n
               for n in res.notes)


def test_data_driven_phase_warning():
    with pytest.warns(DataDrivenPhaseWarning):
        res = piecewise_regression(values=JOHANNA, phases=PHASE, phase_definition="data_driven",
                                   inference="t")
    assert any("descriptive" in n for n in res.notes)
    phases = pd.DataFrame({"case": ["case 1"], "phase": ["B"], "start": [6], "end": [20],
                           "role": ["intervention"], "definition": ["post_hoc"]})
    with pytest.warns(DataDrivenPhaseWarning):
        piecewise_regression(values=JOHANNA, phases=PHASE, phase_definition=phases, inference="t")
    with pytest.raises(ValueError, match="phase_definition must be one of"):
        piecewise_regression(values=JOHANNA, phases=PHASE, phase_definition="planned")


def test_bootstrap_null_phi_is_bias_corrected():
    # the ML phi of a short series with trend/level/slope regressors is biased towards 0;
    # the bootstrap simulates from a mean-bias-corrected phi, which is larger here
    y, ph = _ar1_series(4, n=20, phi=0.6, shift=0.0)
    X = _plm_design(np.arange(1, 21), np.array(ph) == "B", "W")
    naive = float(_ar1_ml_batch(np.delete(X, 2, axis=1), y[None, :])["phi"][0])
    tstar, phi0 = _bootstrap_null_t(X, y, 1, 2, 99, np.random.default_rng(0),
                                    return_phi=True)
    assert tstar.shape == (99,) and np.all(np.isfinite(tstar))
    assert phi0 > naive + 0.1
    assert -0.95 <= phi0 <= 0.95


def test_phase_change_reported_as_sessions():
    # sessions 3 and 4 missed: the last baseline observation (position 5) is session 7
    sess = [1, 2, 5, 6, 7] + list(range(8, 23))
    res = piecewise_regression(values=JOHANNA, phases=PHASE, sessions=sess, inference="t")
    assert (res.session, res.start_session) == (7, 8)
    fs = res.fit_statistics.iloc[0]
    assert (fs["n_a"], fs["session"], fs["start_session"]) == (5, 7, 8)
    # the trend is in sessions: W codes mt - mt_1 with the gap
    assert res.design["mt"].tolist() == [s - 1 for s in sess]
    by = piecewise_regression(pd.DataFrame({
        "case": ["x"] * 20 + ["y"] * 20, "session": sess + list(range(1, 21)),
        "phase": PHASE + ["A"] * 8 + ["B"] * 12, "value": JOHANNA * 2}), by="case",
        inference="t")
    assert math.isnan(by.session)
    assert by.fit_statistics[["case", "session", "start_session"]].values.tolist() == [
        ["x", 7, 8], ["y", 8, 9]]


def test_renamed_arguments_warn_and_agree():
    df = pd.DataFrame({"session": np.arange(1, 21), "cond": ["pre"] * 5 + ["post"] * 15,
                       "score": JOHANNA})
    new = piecewise_regression(df, value_col="score", phase_col="cond",
                               baseline_phase="pre", treatment_phase="post", ar=0, inference="t")
    with pytest.warns(FutureWarning) as caught:
        old = piecewise_regression(df, outcome="score", phase_col="cond", baseline="pre",
                                   treatment="post", ar=0, inference="t")
    assert {str(w.message).split("'")[1] for w in caught} == {"outcome", "baseline",
                                                             "treatment"}
    pd.testing.assert_frame_equal(new.summary, old.summary)
    with pytest.warns(FutureWarning) as caught:
        arr = piecewise_regression(values=JOHANNA, phase=PHASE, session=np.arange(1, 21), ar=0,
                                   inference="t")
    assert sorted(str(w.message).split("'")[3] for w in caught) == ["phases", "sessions"]
    assert arr.level_change == new.level_change
    assert new.options["baseline"] == "pre"  # the method card keeps its keys


def test_array_first_and_case_measure_selection():
    a = piecewise_regression(JOHANNA, phases=PHASE, ar=0, inference="t")
    assert a.level_change == pytest.approx(7.858333333333, abs=1e-9)
    df = pd.DataFrame({"case": ["x"] * 20 + ["y"] * 20, "measure": "PHQ-9",
                       "session": list(range(1, 21)) * 2, "phase": PHASE * 2,
                       "value": JOHANNA + JOHANNA[::-1]})
    wai = df.assign(measure="WAI-SR", value=df["value"] + 100)
    both = pd.concat([df, wai], ignore_index=True)
    with pytest.raises(ValueError, match="several values of 'measure'"):
        piecewise_regression(both, case="x")
    x = piecewise_regression(both, case="x", measure="PHQ-9", ar=0, inference="t")
    assert x.level_change == a.level_change and x.summary["case"].iloc[0] == "x"
    # an instrument gives the direction: PHQ-9, lower is better
    d = piecewise_regression(both, case="x", measure="PHQ-9", improvement="PHQ-9",
                             inference="t")
    assert d.level_improvement == -d.level_change and d.improvement == "decrease"


# --- issue 17 item 5: the calibrated bootstrap is the default, with its own intervals ---------
def test_default_is_ar1_bootstrap_with_bootstrap_t_intervals():
    y, ph = _ar1_series(8, n=24, phi=0.5, shift=2.0)
    res = piecewise_regression(values=y, phases=ph, n_boot=199, seed=3, improvement="decrease")
    assert res.options["inference"] == "bootstrap" and res.ar == 1
    tab = res.summary.set_index("term")
    assert tab.loc["level", "ci_method"] == "bootstrap-t"
    assert tab.loc["intercept", "ci_method"] == "t"
    assert math.isfinite(res.level_p_bootstrap)
    # the bootstrap-t interval is symmetric around the estimate and differs from the t one
    lev = tab.loc["level"]
    assert lev["estimate"] - lev["ci_lower"] == pytest.approx(lev["ci_upper"] - lev["estimate"])
    t_only = piecewise_regression(values=y, phases=ph, inference="t").summary.set_index("term")
    assert t_only.loc["level", "ci_method"] == "t"
    assert t_only.loc["level", "estimate"] == pytest.approx(lev["estimate"])
    assert t_only.loc["level", "ci_lower"] != pytest.approx(lev["ci_lower"])
    # oriented limits follow the bootstrap-t limits
    assert lev["ci_lower_improvement"] == pytest.approx(-lev["ci_upper"])
    assert res.level_ci_lower == pytest.approx(lev["ci_lower"])
    # the interval inverts the bootstrap test: it excludes 0 exactly when p_bootstrap <= alpha
    # (up to the discreteness of the two quantities)
    excl = lev["ci_lower"] > 0 or lev["ci_upper"] < 0
    if abs(res.level_p_bootstrap - 0.05) > 0.01:
        assert excl == (res.level_p_bootstrap <= 0.05)
    assert any("bootstrap-t" in n for n in res.notes)
    ols = piecewise_regression(values=y, phases=ph, ar=0, inference="t")
    assert any("type I error up to 27 %" in n for n in ols.notes)
