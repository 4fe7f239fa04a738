"""changepoint_posterior_plot: bars at the sessions, the credible set or interval, the mode,
APA probabilities; from tables, bayes_changepoint and changepoint_precedence results."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.plot import (
    changepoint_posterior_plot,
    session_series,
)
from casekit.plot.posterior import credible_set
from casekit.tables.apa import format_prob

from ._small import (
    by_label,
    legend_title,
    result_data,
    span,
)


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
    assert span(cs) == (2.5, 4.5)            # sessions 3 and 4
    (mode,) = by_label(ax.lines, "_casekit_mode")
    assert mode.get_xdata()[0] == 3
    # the numbers in words above the legend entries (APA probabilities, sessions)
    assert legend_title(ax) == ("P(change) = .97; mode: session 3; 80% credible set: "
                                "sessions 3\u20134 (mass .800)")
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["posterior", "80% credible set", "mode"]


def test_posterior_plot_from_bayes_result_and_series_changepoint():
    d = result_data()
    phq = d[d.measure == "PHQ-9"]
    res = casekit.bayes_changepoint(data=phq)
    fig, ax = changepoint_posterior_plot(res)
    assert legend_title(ax).startswith(f"P(change) {format_prob(res.prob_change, equals=True)}")
    (cs,) = by_label(ax.patches, "_casekit_credible_set")
    lo_s, hi_s = res.credible_interval_sessions
    assert span(cs) == (lo_s - 0.5, hi_s + 0.5)
    # the same result on the series: line midway between the mode session and the next
    fig, ax = session_series(d, "PHQ-9", changepoints=res)
    (line,) = by_label(ax.lines, "_casekit_changepoint")
    assert line.get_xdata()[0] == res.mode_session + 0.5


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


def test_level_is_now_confidence():
    post = pd.DataFrame({"session": [1, 2, 3], "probability": [0.1, 0.8, 0.1]})
    with pytest.warns(FutureWarning, match="'level' is now called 'confidence'"):
        fig, ax = changepoint_posterior_plot(post, level=0.8)
    assert legend_title(ax).endswith("80% credible set: session 2 (mass .800)")


def test_precedence_result_draws_alliance_above_symptoms_on_one_axis():
    import numpy as np

    s = np.arange(1, 21)
    d = pd.concat([pd.DataFrame({"case": "c", "session": s, "measure": "WAI-SR",
                                 "value": np.where(s <= 8, 30.0, 45.0) + s % 2}),
                   pd.DataFrame({"case": "c", "session": s, "measure": "PHQ-9",
                                 "value": np.where(s <= 12, 18.0, 8.0) + s % 3})])
    prec = casekit.changepoint_precedence(data=d, alliance_measure="WAI-SR",
                                          symptom_measure="PHQ-9")
    fig, (top, bottom) = changepoint_posterior_plot(prec)
    assert top.get_shared_x_axes().joined(top, bottom)
    assert top.get_title(loc="left").splitlines()[0] == "WAI-SR (alliance)"
    # the bars are the alliance result's posterior, at its sessions
    bars = [p for p in top.patches if p.get_label() != "_casekit_credible_set"
            and p.get_height() > 0]
    post = prec.alliance.posterior
    assert [round(b.get_x() + b.get_width() / 2, 9) for b in bars] == \
        post.loc[post["probability"] > 0, "session"].tolist()
    with pytest.raises(ValueError, match="leave ax=None"):
        changepoint_posterior_plot(prec, ax=top)
