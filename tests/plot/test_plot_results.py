"""Figures drawn from casekit results: sudden gains, rupture-repair episodes, change points.

Each figure is checked through its artists (spans, segments, markers, bars), with results both
as plain tables with the documented columns and as real casekit result objects computed on
small synthetic series built here.
"""

from __future__ import annotations

import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.exceptions import CaseDataError
from casekit.plot import (
    changepoint_posterior_plot,
    rupture_repair_plot,
    session_series,
    sudden_gain_plot,
)
from casekit.plot.posterior import credible_set
from casekit.tables.apa import format_prob

from .test_plot_series import by_label


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


PHQ = [19, 19, 18, 19, 18, 17, 18, 17, 9, 8, 8, 7, 8, 7, 6, 7.0]     # gain 8 -> 9 (17 -> 9)
WAI = [40, 41, 40, 41, 32, 38, 41, 42, 41, 42, 43, 35, 37, 36, 36, 37.0]


def _data():
    rows = [{"case": "c", "session": s, "measure": "PHQ-9", "value": v}
            for s, v in enumerate(PHQ, 1)]
    rows += [{"case": "c", "session": s, "measure": "WAI-SR", "value": v}
             for s, v in enumerate(WAI, 1)]
    return pd.DataFrame(rows)


def legend_title(ax):
    return ax.get_legend().get_title().get_text().replace("\n", " ")


def _span(p):
    return (p.get_x(), p.get_x() + p.get_width())


# -- sudden gains ------------------------------------------------------------------------------

def test_sudden_gain_from_table():
    g = pd.DataFrame({"case": ["c"], "measure": ["PHQ-9"], "pregain_session": [8],
                      "postgain_session": [9], "pregain_value": [17.0],
                      "postgain_value": [9.0], "reversal_value": [13.0]})
    fig, ax = sudden_gain_plot(_data(), g)
    (span,) = by_label(ax.patches, "_casekit_gain_interval")
    assert _span(span) == (8.0, 9.0)
    (seg,) = by_label(ax.lines, "_casekit_gain")
    assert list(seg.get_xdata()) == [8.0, 9.0] and list(seg.get_ydata()) == [17.0, 9.0]
    (rev,) = by_label(ax.lines, "_casekit_reversal")
    assert list(rev.get_ydata()) == [13.0, 13.0] and list(rev.get_xdata()) == [9.0, 16.0]
    assert by_label(ax.texts, "_casekit_gain_label")[0].get_text() == "\u0394 \u22128"
    assert by_label(ax.lines, "PHQ-9")


def test_sudden_gain_from_casekit_result():
    d = _data()
    res = casekit.sudden_gains(d[d.measure == "PHQ-9"], sg_crit1_cutoff=6)
    assert res.summary["pregain_session"].tolist() == [8]
    fig, ax = sudden_gain_plot(d, res)
    assert [_span(p) for p in by_label(ax.patches, "_casekit_gain_interval")] == [(8.0, 9.0)]


def test_sudden_gain_bad_input():
    before = plt.get_fignums()
    g = pd.DataFrame({"measure": ["PHQ-9", "PHQ-9"], "pregain_session": [8, 30],
                      "postgain_session": [9, 31], "pregain_value": [16.0, 1.0]})
    with pytest.raises(CaseDataError) as e:
        sudden_gain_plot(_data(), g)
    text = str(e.value)
    assert "pregain_value 16.0 differs from the data at session 8 (17)" in text
    assert "session 30 has no observed 'PHQ-9' value" in text
    with pytest.raises(ValueError, match="several measures"):
        sudden_gain_plot(_data(), pd.DataFrame({"measure": ["A", "B"],
                                                "pregain_session": [1, 2],
                                                "postgain_session": [2, 3]}))
    assert plt.get_fignums() == before


# -- rupture-repair ----------------------------------------------------------------------------

EPISODES = pd.DataFrame({"case": "c", "measure": "WAI-SR", "criterion": "stiles2sd",
                         "start": [5, 12], "nadir": [5, 12], "repair_session": [7, np.nan],
                         "status": ["repaired", "censored"]})
NOTED = pd.DataFrame({"session": [5, 6, 12], "event": ["rupture_noted", "repair_noted",
                                                       "rupture_noted"]})


def test_rupture_repair_spans_nadirs_and_noted_events():
    fig, ax = rupture_repair_plot(_data(), EPISODES, NOTED, improvement="increase")
    (rep,) = by_label(ax.patches, "_casekit_episode_repaired")
    assert _span(rep) == (4.0, 7.0)       # from the pre-rupture session to the repair
    (cen,) = by_label(ax.patches, "_casekit_episode_censored")
    assert _span(cen) == (11.0, 16.0)     # censored: to the end of the series
    nadirs = by_label(ax.lines, "_casekit_nadir")
    assert [(m.get_xdata()[0], m.get_ydata()[0]) for m in nadirs] == [(5, 32.0), (12, 35.0)]
    assert all(m.get_markerfacecolor() == "none" for m in nadirs)
    noted = by_label(ax.lines, "_casekit_event_rupture_noted")
    assert [m.get_xdata()[0] for m in noted] == [5, 12]
    assert noted[0].get_markerfacecolor() == "black"     # noted = filled, detected = open


def test_rupture_repair_from_casekit_result():
    d = _data()
    res = casekit.rupture_repair(d[d.measure == "WAI-SR"], improvement="increase",
                                 criterion="rci", rci=5.0)
    fig, ax = rupture_repair_plot(d, res, improvement="increase")
    starts = sorted(p.get_x() for p in ax.patches if p.get_label().startswith(
        "_casekit_episode_"))
    assert starts == sorted(float(s) - 1 for s in res.summary["start"])   # no missed sessions
    assert len(starts) >= 1


def test_rupture_repair_bad_input():
    before = plt.get_fignums()
    bad = EPISODES.assign(status=["repaired", "vanished"])
    with pytest.raises(CaseDataError, match="unknown status 'vanished'"):
        rupture_repair_plot(_data(), bad, improvement="increase")
    two = pd.concat([EPISODES, EPISODES.assign(criterion="strauss1sd")])
    with pytest.raises(ValueError, match="several criteria"):
        rupture_repair_plot(_data(), two, improvement="increase")
    fig, ax = rupture_repair_plot(_data(), two, improvement="increase",
                                  criterion="strauss1sd")
    assert len(by_label(ax.lines, "_casekit_nadir")) == 2
    plt.close(fig)
    with pytest.raises(CaseDataError, match="start 40 is not a session"):
        rupture_repair_plot(_data(), EPISODES.assign(start=[40, 12]), improvement="increase")
    with pytest.raises(CaseDataError, match="unknown event type 'fight'"):
        rupture_repair_plot(_data(), EPISODES, pd.DataFrame({"session": [3],
                                                             "event": ["fight"]}),
                            improvement="increase")
    assert plt.get_fignums() == before


# -- change points -----------------------------------------------------------------------------

def test_credible_set_highest_posterior():
    p = np.array([0.05, 0.5, 0.3, 0.1, 0.05])
    assert credible_set(p, 0.8).tolist() == [1, 2]
    assert credible_set(p, 0.85).tolist() == [1, 2, 3]
    assert credible_set(p, 0.999).tolist() == [0, 1, 2, 3, 4]


def test_posterior_plot_from_table():
    post = pd.DataFrame({"k": [1, 2, 3, 4, 5], "session": [2, 3, 4, 6, 7],
                         "probability": [0.05, 0.5, 0.3, 0.1, 0.05]})
    fig, ax = changepoint_posterior_plot(post, confidence=0.8, p_change=0.97)
    bars = [p for p in ax.patches if p.get_label() != "_casekit_credible_set"
            and hasattr(p, "get_height") and p.get_height() > 0]
    assert [round(b.get_x() + b.get_width() / 2, 9) for b in bars] == [2, 3, 4, 6, 7]
    assert [b.get_height() for b in bars] == [0.05, 0.5, 0.3, 0.1, 0.05]
    (cs,) = by_label(ax.patches, "_casekit_credible_set")
    assert _span(cs) == (2.5, 4.5)            # sessions 3 and 4
    (mode,) = by_label(ax.lines, "_casekit_mode")
    assert mode.get_xdata()[0] == 3
    # the numbers in words above the legend entries (APA probabilities, sessions)
    assert legend_title(ax) == ("P(change) = .97; mode: session 3; 80% credible set: "
                                "sessions 3\u20134 (mass .800)")
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["posterior", "80% credible set", "mode"]


def test_posterior_plot_from_bayes_result_and_series_changepoint():
    d = _data()
    phq = d[d.measure == "PHQ-9"]
    res = casekit.bayes_changepoint(data=phq)
    fig, ax = changepoint_posterior_plot(res)
    assert legend_title(ax).startswith(f"P(change) {format_prob(res.prob_change, equals=True)}")
    (cs,) = by_label(ax.patches, "_casekit_credible_set")
    lo_s, hi_s = res.credible_interval_sessions
    assert _span(cs) == (lo_s - 0.5, hi_s + 0.5)
    # the same result on the series: line midway between the mode session and the next
    fig, ax = session_series(d, "PHQ-9", changepoints=res)
    (line,) = by_label(ax.lines, "_casekit_changepoint")
    assert line.get_xdata()[0] == res.mode_session + 0.5


def test_series_changepoints_from_breakpoints_result_use_session_interval():
    d = _data()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = casekit.amoc(data=d[d.measure == "PHQ-9"])
    fig, ax = session_series(d, "PHQ-9", changepoints=res)
    s = res.summary.iloc[0]
    assert by_label(ax.lines, "_casekit_changepoint")[0].get_xdata()[0] == s["session"] + 0.5
    iv = by_label(ax.patches, "_casekit_changepoint_interval")
    if s["ci_lower_session"] < s["ci_upper_session"]:
        assert _span(iv[0]) == (s["ci_lower_session"] + 0.5, s["ci_upper_session"] + 0.5)


def test_posterior_bad_input():
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="sum to 1; they sum to 0.9"):
        changepoint_posterior_plot(pd.DataFrame({"session": [1, 2], "probability": [0.5,
                                                                                    0.4]}))
    with pytest.raises(ValueError, match="lacks columns"):
        changepoint_posterior_plot(pd.DataFrame({"loc": [1], "probability": [1.0]}))
    with pytest.raises(TypeError, match="must be a change-point result"):
        changepoint_posterior_plot([0.5, 0.5])
    with pytest.raises(ValueError, match="confidence must be"):
        changepoint_posterior_plot(pd.DataFrame({"session": [1], "probability": [1.0]}),
                                   confidence=1.5)
    assert plt.get_fignums() == before


def test_result_figures_leave_rcparams_alone():
    before = dict(mpl.rcParams)
    sudden_gain_plot(_data(), pd.DataFrame({"measure": ["PHQ-9"], "pregain_session": [8],
                                            "postgain_session": [9]}))
    rupture_repair_plot(_data(), EPISODES, NOTED, improvement="increase")
    changepoint_posterior_plot(pd.DataFrame({"session": [1, 2], "probability": [0.5, 0.5]}))
    assert dict(mpl.rcParams) == before


def test_sudden_gain_course_panel():
    d = _data()
    res = casekit.sudden_gains(d[d.measure == "PHQ-9"], sg_crit1_cutoff=6)
    fig, (ax, cax) = sudden_gain_plot(d, res, course=True)
    (one,) = by_label(cax.lines, "_casekit_course")
    # sessions 6..11 around the gain 8 -> 9 (PHQ values typed above)
    assert list(one.get_ydata()) == [17.0, 18.0, 17.0, 9.0, 8.0, 8.0]
    (mean,) = by_label(cax.lines, "mean course")
    assert list(mean.get_ydata()) == [17.0, 18.0, 17.0, 9.0, 8.0, 8.0]
    assert [t.get_text() for t in cax.get_xticklabels()] == ["n\u22122", "n\u22121", "n",
                                                             "n+1", "n+2", "n+3"]
    # from a plain table the course is read from the data by session number
    g = pd.DataFrame({"measure": ["PHQ-9", "PHQ-9"], "pregain_session": [8, 2],
                      "postgain_session": [9, 3]})
    fig, (ax, cax) = sudden_gain_plot(d, g, course=True)
    lines = by_label(cax.lines, "_casekit_course")
    assert np.isnan(lines[1].get_ydata()[0])            # session 0 does not exist
    mean = by_label(cax.lines, "mean course")[0].get_ydata()
    assert mean[0] == 17.0 and mean[2] == pytest.approx((17 + 19) / 2)
    with pytest.raises(ValueError, match="leave ax=None"):
        sudden_gain_plot(d, g, course=True, ax=ax)
