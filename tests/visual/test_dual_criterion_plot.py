"""dual_criterion_plot: the artists (criterion lines, points beyond both, annotation)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from casekit.plot import dual_criterion_plot
from casekit.visual import dual_criterion

A = [19.0, 24.0, 17.0, 17.0, 15.0, 22.0]
B = [11.0, 11.0, 12.0, 13.0, 11.0, 18.0]
S = [1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14]      # missed sessions 5 and 10


@pytest.fixture
def res():
    return dual_criterion(A + B, sessions=S, phases=["A"] * 6 + ["B"] * 6,
                          improvement="decrease")


def _by_gid(ax, gid):
    return [a for a in ax.lines if a.get_gid() == gid]


def test_criterion_lines_over_the_treatment_phase(res):
    fig, ax = dual_criterion_plot(res)
    (mean,) = _by_gid(ax, "casekit-dc-mean-line")
    (trend,) = _by_gid(ax, "casekit-dc-trend-line")
    x = mean.get_xdata()
    assert x[0] == pytest.approx(7.5) and list(x[1:]) == [8, 9, 11, 12, 13, 14]
    np.testing.assert_allclose(mean.get_ydata(), res.mean_line)
    np.testing.assert_allclose(trend.get_ydata()[1:],
                               res.points.loc[res.points["role"] == "treatment",
                                              "trend_line"])
    (change,) = _by_gid(ax, "casekit-dc-phase-change")
    assert change.get_xdata()[0] == pytest.approx(7.5)
    plt.close(fig)


def test_points_beyond_both_lines_are_marked(res):
    fig, ax = dual_criterion_plot(res)
    (hit,) = _by_gid(ax, "casekit-dc-beyond")
    assert list(hit.get_xdata()) == res.sessions_beyond == [8, 9, 11, 12, 13]
    assert len(_by_gid(ax, "casekit-dc-series")) == 2
    (text,) = [t for t in ax.texts if t.get_gid() == "casekit-dc-annotation"]
    assert text.get_text().startswith("5 of 6 beyond both lines")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "baseline mean (shifted 0.25 SD)" and labels[-1] == "beyond both lines"
    plt.close(fig)


def test_options_and_given_axes(res):
    fig, ax = plt.subplots()
    out_fig, out_ax = dual_criterion_plot(res, ax=ax, annotate=False, legend=False,
                                          baseline_lines=False, title="CDC")
    assert out_ax is ax and out_fig is fig
    assert not [t for t in ax.texts if t.get_gid() == "casekit-dc-annotation"]
    assert ax.get_legend() is None and "CDC" in (ax.get_title("left"), ax.get_title())
    assert len(ax.lines) == 6          # 2 series, phase change, 2 criterion lines, beyond
    plt.close(fig)


def test_refuses_other_input(res):
    with pytest.raises(TypeError, match="DualCriterionResult"):
        dual_criterion_plot(res.points)
    with pytest.raises(TypeError, match="annotate must be True or False"):
        dual_criterion_plot(res, annotate="yes")
