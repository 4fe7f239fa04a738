"""The paper style and the global matplotlib state: figures are drawn in the casekit style
(sizes, fonts, ticks kept after the style context) and never change the caller's rcParams;
``import casekit.plot`` does not import matplotlib."""

from __future__ import annotations

import subprocess
import sys

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from casekit.plot import (
    alliance_symptoms,
    changepoint_posterior_plot,
    figsize,
    multiple_baseline,
    paper_style,
    rupture_repair_plot,
    session_series,
    subplots,
    sudden_gain_plot,
)

from ._small import (
    EPISODES,
    EVENTS,
    NOTED,
    PHASES,
    make_case,
    mb_data,
    result_data,
)


def test_rcparams_unchanged():
    before = dict(mpl.rcParams)
    session_series(make_case(), "PHQ-9", phases=PHASES, events=EVENTS, cutoff="instrument",
                   rci_band=6, phase_stats="median", baseline_trend=True, changepoints=4)
    after = dict(mpl.rcParams)
    assert before == after


def test_style_is_applied_to_new_figures():
    fig, ax = session_series(make_case(), "PHQ-9")
    assert fig.get_size_inches()[0] == pytest.approx(3.5)
    assert ax.yaxis.label.get_fontsize() == 8.0
    fig.canvas.draw()   # ticks created after the style context ended keep the style
    assert ax.get_xticklabels()[0].get_fontsize() == 8.0


def test_import_plot_does_not_import_matplotlib():
    code = ("import sys, casekit.plot; "
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_style_none_keeps_callers_rcparams():
    with mpl.rc_context({"font.size": 13.0, "axes.labelsize": 13.0}):
        fig, ax = session_series(make_case(), "PHQ-9", style=None)
        assert ax.yaxis.label.get_fontsize() == 13.0
    with pytest.raises(TypeError, match="style must be"):
        session_series(make_case(), "PHQ-9", style=3)


def test_figsize():
    assert figsize("single") == (3.5, pytest.approx(3.5 * 0.68))
    assert figsize("double", 0.5) == (7.2, 3.6)
    assert figsize(5.0, 1.0) == (5.0, 5.0)
    with pytest.raises(ValueError, match="width must be one of 'single', 'double'"):
        figsize("triple")
    with pytest.raises(ValueError, match="aspect must be >"):
        figsize("single", 0)


def test_paper_style_context_restores_rcparams():
    before = dict(mpl.rcParams)
    with paper_style():
        assert mpl.rcParams["pdf.fonttype"] == 42
        assert mpl.rcParams["ps.fonttype"] == 42
        assert mpl.rcParams["svg.fonttype"] == "none"
        assert mpl.rcParams["svg.hashsalt"] == "casekit"
        assert 8 <= mpl.rcParams["font.size"] <= 9
        assert mpl.rcParams["axes.prop_cycle"].by_key()["marker"][:3] == ["o", "s", "^"]
    assert dict(mpl.rcParams) == before


def test_dotted_style_name_loads():
    with plt.style.context("casekit.styles.paper"):
        assert mpl.rcParams["svg.hashsalt"] == "casekit"


def test_panels_leave_rcparams_alone():
    before = dict(mpl.rcParams)
    d, _ = mb_data()
    multiple_baseline(d, "PHQ-9", phases="phase")
    alliance_symptoms(make_case(), phases=PHASES, twin=True)
    assert dict(mpl.rcParams) == before


def test_result_figures_leave_rcparams_alone():
    before = dict(mpl.rcParams)
    sudden_gain_plot(result_data(), pd.DataFrame({"measure": ["PHQ-9"], "pregain_session": [8],
                                            "postgain_session": [9]}))
    rupture_repair_plot(result_data(), EPISODES, NOTED, improvement="increase")
    changepoint_posterior_plot(pd.DataFrame({"session": [1, 2], "probability": [0.5, 0.5]}))
    assert dict(mpl.rcParams) == before


def test_subplots_are_styled_and_given_axes_are_restyled():
    fig, axes = subplots(2, 1, sharex=True)
    assert fig.get_size_inches()[0] == pytest.approx(3.5)
    assert not axes[0].spines["top"].get_visible()
    fig.canvas.draw()
    assert axes[1].get_xticklabels()[0].get_fontsize() == 8.0
    # an axes made outside the style looks like casekit's own once a figure is drawn on it
    with mpl.rc_context({"axes.spines.top": True, "axes.spines.right": True}):
        fig, ax = plt.subplots()
    session_series(make_case(), "PHQ-9", ax=ax)
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    fig.canvas.draw()
    assert ax.get_yticklabels()[0].get_fontsize() == 8.0


def test_session_and_integer_score_axes_have_whole_number_ticks():
    d = make_case()
    fig, ax = session_series(d[d.session <= 3], "PHQ-9")      # three sessions, 17-19
    fig.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_xticks())
    assert all(float(t).is_integer() for t in ax.get_yticks())
