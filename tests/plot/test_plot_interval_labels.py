"""Change-point intervals are named for what they are: credible (Bayesian) or confidence."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import casekit as ck  # noqa: E402
from casekit import plot as ckplot  # noqa: E402


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
