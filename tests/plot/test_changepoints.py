"""Change points drawn on a series: the line midway to the next observation, the interval
named for what it is (credible for Bayesian results, confidence for bootstrap and Bai)."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import casekit
import casekit as ck
from casekit import plot as ckplot
from casekit.plot import (
    session_series,
)

from ._small import (
    by_label,
    make_case,
    result_data,
    span,
)


def test_changepoint_line_and_interval():
    # observed PHQ-9 sessions: 1..6, 8, 9, 11, 12 (7 missing, 10 NaN)
    fig, ax = session_series(make_case(), "PHQ-9", changepoints={"k": 6, "lower": 5,
                                                                 "upper": 7})
    (cp,) = by_label(ax.lines, "_casekit_changepoint")
    assert cp.get_xdata()[0] == 7.0          # midway between session 6 (k) and 8
    (iv,) = by_label(ax.patches, "_casekit_changepoint_interval")
    assert (iv.get_x(), iv.get_x() + iv.get_width()) == (5.5, 8.5)
    fig, ax = session_series(make_case(), "PHQ-9", changepoints=[{"session": 9}])
    assert by_label(ax.lines, "_casekit_changepoint")[0].get_xdata()[0] == 10.0  # 9 -> 11


def test_series_changepoints_from_breakpoints_result_use_session_interval():
    d = result_data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = casekit.amoc(data=d[d.measure == "PHQ-9"])
    fig, ax = session_series(d, "PHQ-9", changepoints=res)
    s = res.summary.iloc[0]
    assert by_label(ax.lines, "_casekit_changepoint")[0].get_xdata()[0] == s["session"] + 0.5
    iv = by_label(ax.patches, "_casekit_changepoint_interval")
    if s["ci_lower_session"] < s["ci_upper_session"]:
        assert span(iv[0]) == (s["ci_lower_session"] + 0.5, s["ci_upper_session"] + 0.5)


@pytest.fixture
def series():
    rng = np.random.default_rng(4)
    y = np.r_[np.full(15, 18.0), np.full(15, 9.0)] + rng.normal(0, 3.5, 30)
    return pd.DataFrame({"case": "C", "session": np.arange(1, 31), "measure": "PHQ-9",
                         "value": y.round()})


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_bayesian_interval_is_credible(series):
    res = ck.bayes_changepoint(data=series)
    fig, ax = ckplot.session_series(series, "PHQ-9", changepoints=res, cutoff=None)
    labels = legend_texts(ax)
    assert res.credible_interval[1] > res.credible_interval[0]
    assert "credible interval" in labels
    assert "confidence interval" not in labels
    plt.close(fig)


def test_bootstrap_interval_is_confidence(series):
    res = ck.amoc(data=series, seed=1, n_boot=199)
    fig, ax = ckplot.session_series(series, "PHQ-9", changepoints=res, cutoff=None)
    labels = legend_texts(ax)
    assert "credible interval" not in labels
    assert res.ci_upper > res.ci_lower
    assert "confidence interval" in labels
    plt.close(fig)


def test_changepoint_figure_rows_columns_and_intervals():
    import numpy as np
    import pandas as pd

    s = np.arange(1, 21)
    d = pd.concat([pd.DataFrame({"case": "c", "session": s, "measure": "PHQ-9",
                                 "value": np.where(s <= 10, 18.0, 9.0) + s % 3}),
                   pd.DataFrame({"case": "c", "session": s, "measure": "WAI-SR",
                                 "value": np.where(s <= 8, 30.0, 45.0) + s % 2})])
    res = {m: ck.bayes_changepoint(data=d[d.measure == m]) for m in ("PHQ-9", "WAI-SR")}
    amoc = ck.amoc(data=d[d.measure == "PHQ-9"], seed=1, n_boot=99)
    fig, axes = ckplot.changepoint_figure(d, res, changepoints={"PHQ-9": amoc})
    assert axes.shape == (2, 2)
    assert [a.get_ylabel().split("\n")[0] for a in axes[:, 0]] == ["WAI-SR", "PHQ-9"]
    # left: the series with its change line; right: the posterior of the same measure
    (cp,) = by_label(axes[0, 0].lines, "_casekit_changepoint")
    assert cp.get_xdata()[0] == res["WAI-SR"].mode_session + 0.5
    (cp,) = by_label(axes[1, 0].lines, "_casekit_changepoint")
    assert cp.get_xdata()[0] == amoc.session + 0.5
    (mode,) = by_label(axes[1, 1].lines, "_casekit_mode")
    assert mode.get_xdata()[0] == res["PHQ-9"].mode_session
    assert all(a.get_shared_x_axes().joined(axes[0, 0], a) for a in axes.ravel())
    with pytest.raises(TypeError, match="mapping measure"):
        ckplot.changepoint_figure(d, [res["PHQ-9"]])
