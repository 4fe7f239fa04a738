"""dual_criterion: the lines, the count, the binomial test, direction, variants and refusals.

Fisher, Kelley & Lomas (2003), doi:10.1901/jaba.2003.36-387: the criterion is the number of
treatment points beyond both baseline lines, judged by a binomial test with p = 1/2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import casekit as ck
from casekit.exceptions import NotEnoughPointsError
from casekit.visual import CDC_SHIFT, DualCriterionResult, binomial_tail, dual_criterion

A = [19.0, 24.0, 17.0, 17.0, 15.0, 22.0, 21.0, 21.0, 16.0, 18.0]
B = [11.0, 11.0, 12.0, 13.0, 11.0, 13.0, 10.0, 19.0, 14.0, 12.0, 7.0, 11.0, 12.0, 12.0, 8.0]
PH = ["A"] * 10 + ["B"] * 15


def test_binomial_tail_is_exact():
    for n in range(0, 30):
        for k in range(0, n + 2):
            assert binomial_tail(k, n) == pytest.approx(stats.binom.sf(k - 1, n, 0.5),
                                                        rel=1e-12, abs=1e-300)
    assert binomial_tail(15, 15) == 2.0 ** -15


def test_required_points_are_the_smallest_significant_count():
    for n in range(1, 31):
        res = dual_criterion([0.0, 1.0] + [5.0] * n, phases=["A", "A"] + ["B"] * n,
                             improvement="increase")
        ks = [k for k in range(n + 1) if stats.binom.sf(k - 1, n, 0.5) < 0.05]
        assert res.required == (ks[0] if ks else None), n
    # fewer than 5 treatment points can never reach p < .05 (1/2^4 = .0625)
    assert res.required is not None


def test_lines_and_count_by_hand():
    res = dual_criterion(A + B, phases=PH, improvement="decrease")
    assert isinstance(res, DualCriterionResult)
    mean, sd = np.mean(A), np.std(A, ddof=1)
    slope, icpt = np.polyfit(np.arange(1.0, 11.0), A, 1)
    assert res.baseline_mean == pytest.approx(mean) and res.baseline_sd == pytest.approx(sd)
    assert res.shift == pytest.approx(-CDC_SHIFT * sd)          # towards improvement (down)
    assert res.mean_line == pytest.approx(mean - CDC_SHIFT * sd)
    assert (res.trend_intercept, res.trend_slope) == pytest.approx((icpt, slope))
    s_b = np.arange(11.0, 26.0)
    trend = icpt + slope * s_b - CDC_SHIFT * sd
    below = (np.asarray(B) < trend) & (np.asarray(B) < res.mean_line)
    assert res.beyond == int(below.sum()) == 14                 # session 18 (19.0) is not
    assert res.sessions_beyond == [int(s) for s in s_b[below]]
    assert res.p_value == pytest.approx(stats.binom.sf(13, 15, 0.5))
    assert res.systematic_change and res.decision == "systematic change"


def test_dc_counts_at_least_as_many_as_cdc():
    rng = np.random.default_rng(4)
    for _ in range(20):
        y = rng.normal(10, 2, 16)
        y[8:] += rng.normal(1.0, 1.0)
        kw = dict(phases=["A"] * 8 + ["B"] * 8, improvement="increase")
        assert dual_criterion(y, conservative=0, **kw).beyond >= \
            dual_criterion(y, **kw).beyond


def test_direction_mirrors():
    up = dual_criterion(A + B, phases=PH, improvement="decrease")
    down = dual_criterion([-v for v in A + B], phases=PH, improvement="increase")
    assert (up.beyond, up.p_value, up.sessions_beyond) == (down.beyond, down.p_value,
                                                            down.sessions_beyond)
    assert down.shift == pytest.approx(-up.shift)


def test_split_lines_by_hand():
    # bi-split of 7 points: parts 1..3 and 5..7 (the middle point 4 is dropped)
    a = [4.0, 2.0, 3.0, 100.0, 6.0, 8.0, 7.0]
    res = dual_criterion(a + [20.0] * 5, phases=["A"] * 7 + ["B"] * 5,
                         improvement="increase", trend_method="bisplit")
    assert res.split_points == [(2.0, 3.0), (6.0, 7.0)]
    assert (res.trend_intercept, res.trend_slope) == pytest.approx((1.0, 1.0))
    # tri-split of 7 points: parts 1..2 and ceiling(14/3 + 1) = 6..7
    tri = dual_criterion(a + [20.0] * 5, phases=["A"] * 7 + ["B"] * 5,
                         improvement="increase", trend_method="trisplit")
    assert tri.split_points == [(1.5, 3.0), (6.5, 7.5)]


def test_split_lines_refuse_short_phases_as_scan_does():
    y, ph = [1.0, 2.0, 3.0, 4.0] + [20.0] * 5, ["A"] * 4 + ["B"] * 5
    for method in ("bisplit", "trisplit"):
        with pytest.raises(NotEnoughPointsError, match="scan::cdc"):
            dual_criterion(y, phases=ph, improvement="increase", trend_method=method)
    assert dual_criterion(y, phases=ph, improvement="increase").beyond == 5   # OLS runs


def test_sessions_as_given_set_the_trend_line():
    # the same values with a four-session break before treatment: the trend line runs on
    y, ph = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], ["A"] * 4 + ["B"] * 2
    packed = dual_criterion(y, phases=ph, improvement="increase", conservative=0)
    gapped = dual_criterion(y, sessions=[1, 2, 3, 4, 9, 10], phases=ph,
                            improvement="increase", conservative=0)
    assert packed.beyond == 0 and gapped.beyond == 0
    t = gapped.points.set_index("session")
    assert t.loc[9, "trend_line"] == pytest.approx(9.0)


def test_table_input_registry_direction_and_other_phases():
    d = pd.DataFrame({"case": "c", "measure": "PHQ-9", "session": range(1, 21),
                      "phase": ["A"] * 6 + ["B"] * 7 + ["C"] * 7,
                      "value": [18.0, 19, 17, 20, 18, 19, 15, 14, 15, 13, 14, 12, 13,
                                9, 8, 7, 8, 6, 7, 6]})
    res = ck.dual_criterion(d, treatment_phase="C")
    assert res.improvement == "decrease" and res.n_treatment == 7 and res.beyond == 7
    assert any("PHQ-9 (registry)" in n for n in res.notes)
    assert (res.case, res.measure, res.treatment_phase) == ("c", "PHQ-9", "C")
    with pytest.raises(ValueError, match="improvement is required"):
        dual_criterion(d.assign(measure="my scale"))


@pytest.mark.parametrize("kwargs, err, match", [
    (dict(trend_method="median"), ValueError, "trend_method must be one of 'ols'"),
    (dict(conservative=1.5), ValueError, "conservative must be <= 1"),
    (dict(alpha=0.0), ValueError, "alpha must be >"),
    (dict(treatment_phase="C"), ValueError, "treatment_phase='C' does not occur"),
    (dict(improvement="up"), ValueError, "improvement must be 'increase', 'decrease'"),
])
def test_errors_name_the_argument(kwargs, err, match):
    kw = {"improvement": "decrease", **kwargs}
    with pytest.raises(err, match=match):
        dual_criterion(A + B, phases=PH, **kw)


def test_one_baseline_point_is_too_few():
    with pytest.raises(NotEnoughPointsError, match="at least 2"):
        dual_criterion([3.0, 1.0, 1.0], phases=["A", "B", "B"], improvement="decrease")


def test_missing_values_follow_the_input_rule():
    y = A + B
    y[12] = np.nan
    with pytest.raises(ValueError, match="missing values"):
        dual_criterion(y, phases=PH, improvement="decrease")
    res = dual_criterion(y, phases=PH, improvement="decrease", missing="drop")
    assert res.n_treatment == 14 and any("session(s) 13" in n for n in res.notes)
