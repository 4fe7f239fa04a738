"""phase_trends: the models, the first-session convention, user models and their errors."""

from __future__ import annotations

import numpy as np
import pytest

from casekit.describe import TREND_MODELS, TrendResult, phase_trends

Y = [19.0, 24.0, 17.0, 17.0, 15.0, 11.0, 11.0, 12.0, 13.0, 11.0]
PH = ["A"] * 5 + ["B"] * 5
S = [1, 2, 4, 5, 6, 8, 9, 10, 12, 13]          # missed sessions 3, 7 and 11


def _row(res, model, phase):
    t = res.summary
    return t[(t["model"] == model) & (t["phase"] == phase)].iloc[0]


def test_rows_model_by_phase_all_first():
    res = phase_trends(Y, phases=PH)
    assert isinstance(res, TrendResult)
    assert res.summary[["model", "phase"]].values.tolist() == [
        ["linear", "all"], ["linear", "A"], ["linear", "B"],
        ["quadratic", "all"], ["quadratic", "A"], ["quadratic", "B"]]
    assert res.models == ["linear", "quadratic"] and res.first_session == 0.0


def test_linear_matches_least_squares_on_rebased_sessions():
    res = phase_trends(Y, sessions=S, phases=PH, models="linear", first_session=1)
    for phase, sl in (("A", slice(0, 5)), ("B", slice(5, 10)), ("all", slice(0, 10))):
        s = np.asarray(S[sl], float)
        t = s - s.min() + 1
        b, a = np.polyfit(t, np.asarray(Y[sl]), 1)
        row = _row(res, "linear", phase)
        assert row["b"] == pytest.approx(b, abs=1e-12)
        assert row["intercept"] == pytest.approx(a, abs=1e-12)
        beta = b * np.std(t, ddof=1) / np.std(Y[sl], ddof=1)
        assert row["beta"] == pytest.approx(beta, abs=1e-12)


def test_first_session_moves_the_intercept_not_the_slope():
    r0 = _row(phase_trends(Y, phases=PH, models="linear", first_session=0), "linear", "B")
    r1 = _row(phase_trends(Y, phases=PH, models="linear", first_session=1), "linear", "B")
    assert r0["b"] == pytest.approx(r1["b"], abs=1e-12)
    # intercept = fitted value at t = 0: the first session (0) or the one before it (1)
    assert r0["intercept"] == pytest.approx(r1["intercept"] + r1["b"], abs=1e-12)


def test_quadratic_has_no_linear_term():
    res = phase_trends(Y, phases=PH, models="quadratic")
    t2 = np.arange(10.0) ** 2
    b, a = np.polyfit(t2, Y, 1)
    row = _row(res, "quadratic", "all")
    assert row["b"] == pytest.approx(b, abs=1e-12) and row["intercept"] == pytest.approx(a)


def test_user_models_by_name_and_function():
    res = phase_trends(Y, phases=PH, models={"root": np.sqrt, "cube": "cubic"},
                       first_session=1)
    assert res.models == ["root", "cube"]
    b, _ = np.polyfit(np.sqrt(np.arange(1.0, 11.0)), Y, 1)
    assert _row(res, "root", "all")["b"] == pytest.approx(b, abs=1e-12)
    assert set(TREND_MODELS) == {"linear", "quadratic", "cubic", "log"}


def test_log_needs_a_positive_first_session():
    with pytest.raises(ValueError, match="first_session > 0"):
        phase_trends(Y, phases=PH, models="log")
    ok = phase_trends(Y, phases=PH, models="log", first_session=1)
    assert np.isfinite(ok.summary["b"]).all()


@pytest.mark.parametrize("models, err, match", [
    ("exponential", ValueError, "unknown model 'exponential'; built-in models: 'linear'"),
    ({"a": "linear", "b": 3}, TypeError, r"models\['b'\] must be a model name"),
    ({"x": lambda t: t[:2]}, ValueError, "one value per session"),
    ([], TypeError, "models must be"),
])
def test_model_errors_name_the_argument(models, err, match):
    with pytest.raises(err, match=match):
        phase_trends(Y, phases=PH, models=models)


def test_first_session_must_be_a_finite_number():
    with pytest.raises(ValueError, match="first_session must be finite"):
        phase_trends(Y, phases=PH, first_session=float("inf"))


def test_constant_phase_has_no_beta():
    res = phase_trends([1.0, 1.0, 1.0, 2.0, 3.0], phases=["A"] * 3 + ["B"] * 2,
                       models="linear")
    row = _row(res, "linear", "A")
    assert row["b"] == 0.0 and np.isnan(row["beta"])
