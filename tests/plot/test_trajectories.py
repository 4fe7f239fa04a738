"""The course around sudden gains (``plot_sg_trajectories``): means and intervals by position.

Checked through the artists (lines, error-bar segments, spans), against means and t intervals
computed here by hand from the scores of each gain.
"""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import stats

import casekit as ck
from casekit.plot import plot_sg_trajectories

POSITIONS = ["value_n_minus2", "value_n_minus1", "value_n", "value_n_plus1", "value_n_plus2",
             "value_n_plus3"]


def by_label(artists, label):
    return [a for a in artists if a.get_label() == label]


def cohort():
    """Four simulated cases, one gain each; case d misses the session after its gain + 1."""
    rows = []
    series = {"a": [20, 21, 20, 12, 11, 12, 11, 10], "b": [18, 19, 18, 18, 9, 10, 9, 9],
              "c": [22, 22, 23, 22, 14, 13, 13, 12], "d": [19, 20, 19, 11, 10, 11, 10, 11]}
    for case, values in series.items():
        for s, v in enumerate(values, 1):
            if case == "d" and s == 5:
                continue
            rows.append({"case": case, "session": s, "measure": "PHQ-9", "value": float(v),
                         "phase": "early" if case in ("a", "b") else "late"})
    return pd.DataFrame(rows)


def expected(table, confidence=0.95, quantile="t"):
    x = table[POSITIONS].to_numpy(dtype=float)
    n = (~np.isnan(x)).sum(axis=0)
    mean = np.nanmean(x, axis=0)
    with warnings.catch_warnings():  # a position with one score has no SD (NaN, no interval)
        warnings.simplefilter("ignore", RuntimeWarning)
        sd = np.nanstd(x, axis=0, ddof=1)
    q = stats.t.ppf((1 + confidence) / 2, n - 1) if quantile == "t" else \
        np.full(6, stats.norm.ppf((1 + confidence) / 2))
    return mean, mean - q * sd / np.sqrt(n), mean + q * sd / np.sqrt(n)


def segments(ax):
    (bars,) = by_label(ax.collections, "_casekit_ci")
    return np.array([[s[0][0], s[0][1], s[1][1]] for s in bars.get_segments()])


def test_means_and_t_intervals_of_every_position():
    gains = ck.sudden_gains(cohort(), sg_crit1_cutoff=6)
    assert gains.n_gains == 4
    fig, ax = plot_sg_trajectories(gains)
    (line,) = by_label(ax.lines, "all")
    mean, lo, hi = expected(gains.summary)
    np.testing.assert_allclose(line.get_xdata(), np.arange(6.0))
    np.testing.assert_allclose(line.get_ydata(), mean, rtol=1e-12)
    seg = segments(ax)
    np.testing.assert_allclose(seg[:, 0], np.arange(6.0))
    np.testing.assert_allclose(np.sort(seg[:, 1:], axis=1), np.c_[lo, hi], rtol=1e-12)
    # the missed session of case d leaves 3 scores at its position (N+2 for d)
    assert np.isnan(gains.summary[POSITIONS].to_numpy(float)).sum() == 1
    (span,) = by_label(ax.patches, "_casekit_gain_interval")
    assert (span.get_x(), span.get_x() + span.get_width()) == (2, 3)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["N\u22122", "N\u22121", "N", "N+1",
                                                           "N+2", "N+3"]
    assert ax.get_ylabel() == "PHQ-9"


def test_groups_are_dodged_and_named():
    gains = ck.sudden_gains(cohort(), sg_crit1_cutoff=6)
    fig, ax = plot_sg_trajectories(gains, group="phase", interval="normal", confidence=0.9)
    for name, shift in (("early", -0.05), ("late", 0.05)):
        (line,) = by_label(ax.lines, name)
        part = gains.summary[gains.summary["phase"] == name]
        mean, _, _ = expected(part)
        np.testing.assert_allclose(line.get_xdata(), np.arange(6.0) + shift)
        np.testing.assert_allclose(line.get_ydata(), mean, rtol=1e-12)
    bars = by_label(ax.collections, "_casekit_ci")
    assert len(bars) == 2
    early = gains.summary[gains.summary["phase"] == "early"]
    _, lo, hi = expected(early, confidence=0.9, quantile="normal")
    got = np.array([[s[0][1], s[1][1]] for s in bars[0].get_segments()])
    np.testing.assert_allclose(np.sort(got, axis=1), np.c_[lo, hi], rtol=1e-12)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["early", "late"]


def test_group_from_a_mapping_and_nothing_left_out():
    gains = ck.sudden_gains(cohort(), sg_crit1_cutoff=6)
    arms = {"a": "CBT", "b": "CBT", "c": "IPT", "d": "IPT"}
    fig, ax = plot_sg_trajectories(gains, group=arms)
    assert {ln.get_label() for ln in ax.lines} >= {"CBT", "IPT"}
    with pytest.raises(ValueError, match=r"1 gain\(s\) have no group \(cases d\)"):
        plot_sg_trajectories(gains, group={"a": "CBT", "b": "CBT", "c": "IPT"})
    with pytest.raises(ValueError, match="group='arm' is not a column"):
        plot_sg_trajectories(gains, group="arm")


def test_by_person_result_and_suddengains_columns():
    wide = cohort().pivot(index="case", columns="session", values="value")
    wide.columns = [f"s{c}" for c in wide.columns]
    wide = wide.reset_index().assign(arm=["x", "x", "y", "y"])
    res = ck.sudden_gains_by_person(wide, sg_crit1_cutoff=6, case_col="case",
                                    sg_var_list=[f"s{i}" for i in range(1, 9)],
                                    improvement="decrease", measure="PHQ-9")
    fig, ax = plot_sg_trajectories(res, group="arm", show_tx=True, show_individual=True)
    (x_line,) = by_label(ax.lines, "x")
    mean, _, _ = expected(res.gains.summary[res.gains.summary["case"].isin(["a", "b"])])
    np.testing.assert_allclose(x_line.get_ydata(), mean, rtol=1e-12)
    assert len(by_label(ax.lines, "_casekit_trajectory")) == 4
    assert len(by_label(ax.lines, "_casekit_tx")) == 4        # start and end, two groups
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert (ticks[0], ticks[-1], len(ticks)) == ("Start", "End", 8)
    # the suddengains-named table draws the same means
    fig2, ax2 = plot_sg_trajectories(res.summary, group="arm")
    np.testing.assert_allclose(by_label(ax2.lines, "x")[0].get_ydata(), mean, rtol=1e-12)


def test_given_axes_and_bad_input():
    gains = ck.sudden_gains(cohort(), sg_crit1_cutoff=6)
    fig, ax = plt.subplots()
    f2, a2 = plot_sg_trajectories(gains, ax=ax, title="Around the gains", style=None)
    assert (f2, a2) == (fig, ax) and ax.get_title() == "Around the gains"
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="interval must be one of"):
        plot_sg_trajectories(gains, interval="z")
    with pytest.raises(ValueError, match="holds no gain"):
        plot_sg_trajectories(ck.sudden_gains([20.0] * 8, sg_crit1_cutoff=6,
                                             improvement="decrease"))
    with pytest.raises(TypeError, match="gains must be"):
        plot_sg_trajectories([1, 2, 3])
    with pytest.raises(ValueError, match="scores around each gain"):
        plot_sg_trajectories(pd.DataFrame({"x": [1.0]}))
    assert plt.get_fignums() == before
