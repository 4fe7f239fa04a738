"""flag_outliers: the four criteria by hand, reporting without removing, arguments."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.outliers import DEFAULT_CRITERIA, OutlierResult, flag_outliers

A = [19.0, 24.0, 17.0, 17.0, 15.0]
B = [11.0, 10.0, 12.0, 25.0, 13.0]
PH = ["A"] * 5 + ["B"] * 5


def test_mad_rule_by_hand():
    res = flag_outliers(A + B, phases=PH)
    assert isinstance(res, OutlierResult) and res.rule == "mad" and res.criterion == 3.5
    b = res.bounds.set_index("phase").loc["B"]
    # B: median 12, |dev| 1, 2, 0, 13, 1 -> MAD 1 -> scaled 1.4826
    assert (b["median"], b["mad"]) == (12.0, pytest.approx(1.4826))
    assert (b["lower"], b["upper"]) == pytest.approx((12 - 3.5 * 1.4826, 12 + 3.5 * 1.4826))
    assert res.sessions == [9] and b["n_outliers"] == 1
    assert res.summary.columns.tolist() == ["session", "phase", "value", "lower", "upper"]


def test_sd_and_ci_rules_by_hand():
    sd = flag_outliers(A + B, phases=PH, method="sd", criterion=1.5)
    m, s = np.mean(B), np.std(B, ddof=1)
    b = sd.bounds.set_index("phase").loc["B"]
    assert (b["mean"], b["sd"]) == pytest.approx((m, s))
    assert (b["lower"], b["upper"]) == pytest.approx((m - 1.5 * s, m + 1.5 * s))
    ci = flag_outliers(A + B, phases=PH, method="CI")          # scan's spelling works too
    z = NormalDist().inv_cdf(0.995)
    b = ci.bounds.set_index("phase").loc["B"]
    assert b["se"] == pytest.approx(s / math.sqrt(5))
    assert b["upper"] == pytest.approx(m + z * s / math.sqrt(5))
    # the CI of the mean narrows with n: on 30 ordinary values it flags most of them (why
    # the docs warn about it), the 2-SD rule few
    y = np.random.default_rng(1).normal(10.0, 2.0, 30)
    many = flag_outliers(y, phases=["A"] * 30, method="ci").sessions
    few = flag_outliers(y, phases=["A"] * 30, method="sd").sessions
    assert len(many) > 15 > 3 > len(few)


def test_cook_by_hand():
    y = np.array(A + B)
    s = np.arange(1.0, 11.0)
    x = np.column_stack([np.ones(10), s - 1, s > 5, np.where(s > 5, s - 6, 0.0)])
    hat = x @ np.linalg.solve(x.T @ x, x.T)
    e = y - hat @ y
    h = np.diag(hat)
    s2 = e @ e / (10 - 4)
    cook = e ** 2 * h / (4 * s2 * (1 - h) ** 2)
    res = flag_outliers(A + B, phases=PH, method="cook")
    np.testing.assert_allclose(res.points["cooks_distance"], cook, rtol=1e-10)
    assert res.cutoff == pytest.approx(0.4) and res.criterion == "4/n"
    assert res.sessions == [int(v) for v in s[cook >= 0.4]]
    assert res.bounds.empty and res.summary.columns.tolist()[-2:] == ["cooks_distance",
                                                                      "cutoff"]
    assert flag_outliers(A + B, phases=PH, method="cook", criterion=100.0).sessions == []


def test_nothing_is_removed_and_sessions_are_reported():
    d = pd.DataFrame({"case": "c", "measure": "PHQ-9", "session": [1, 2, 3, 5, 6, 7, 8, 9,
                                                                   11, 12],
                      "phase": PH, "value": A + B})
    res = ck.flag_outliers(d)
    assert res.sessions == [11]                  # the session number, not the position (9)
    assert len(res.points) == 10 and res.points["outlier"].sum() == 1
    assert any("reported, not removed" in n for n in res.notes)
    kept = d[~d["session"].isin(res.sessions)]   # removal is the caller's explicit step
    assert len(kept) == 9


def test_zero_spread_is_noted():
    res = flag_outliers([5.0, 5.0, 5.0, 6.0, 1.0, 2.0, 3.0], phases=["A"] * 4 + ["B"] * 3)
    assert res.sessions == [4]
    assert any("phase A: mad = 0" in n for n in res.notes)
    one = flag_outliers([5.0, 1.0, 2.0, 3.0], phases=["A"] + ["B"] * 3, method="sd")
    assert any("phase A: one value, no sd" in n for n in one.notes)


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(method="iqr"), ValueError, "method must be one of 'mad', 'sd', 'ci', 'cook'"),
    (dict(method="sd", criterion=-1.0), ValueError, "criterion must be >"),
    (dict(method="ci", criterion=95), ValueError, "confidence level"),
    (dict(method="mad", criterion="4/n"), TypeError, "criterion must be a number"),
    (dict(method="cook", criterion="3/n"), ValueError, "criterion must be one of '4/n'"),
])
def test_errors_name_the_argument(kwargs, err, match):
    with pytest.raises(err, match=match):
        flag_outliers(A + B, phases=PH, **kwargs)


def test_phases_are_required_and_defaults_are_documented():
    with pytest.raises(TypeError, match="phase labels are needed"):
        flag_outliers(A + B)
    assert DEFAULT_CRITERIA == {"mad": 3.5, "sd": 2.0, "ci": 0.99, "cook": "4/n"}
