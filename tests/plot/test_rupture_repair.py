"""rupture_repair_plot: episode spans, nadirs and noted ruptures, from plain tables and from
casekit.rupture_repair results."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import casekit
from casekit.exceptions import CaseDataError
from casekit.plot import (
    rupture_repair_plot,
)

from ._small import (
    EPISODES,
    NOTED,
    by_label,
    result_data,
    span,
)


def test_rupture_repair_spans_nadirs_and_noted_events():
    fig, ax = rupture_repair_plot(result_data(), EPISODES, NOTED, improvement="increase")
    (rep,) = by_label(ax.patches, "_casekit_episode_repaired")
    assert span(rep) == (4.0, 7.0)       # from the pre-rupture session to the repair
    (cen,) = by_label(ax.patches, "_casekit_episode_censored")
    assert span(cen) == (11.0, 16.0)     # censored: to the end of the series
    nadirs = by_label(ax.lines, "_casekit_nadir")
    assert [(m.get_xdata()[0], m.get_ydata()[0]) for m in nadirs] == [(5, 32.0), (12, 35.0)]
    assert all(m.get_markerfacecolor() == "none" for m in nadirs)
    noted = by_label(ax.lines, "_casekit_event_rupture_noted")
    assert [m.get_xdata()[0] for m in noted] == [5, 12]
    assert noted[0].get_markerfacecolor() == "black"     # noted = filled, detected = open


def test_rupture_repair_from_casekit_result():
    d = result_data()
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
        rupture_repair_plot(result_data(), bad, improvement="increase")
    two = pd.concat([EPISODES, EPISODES.assign(criterion="strauss1sd")])
    with pytest.raises(ValueError, match="several criteria"):
        rupture_repair_plot(result_data(), two, improvement="increase")
    fig, ax = rupture_repair_plot(result_data(), two, improvement="increase",
                                  criterion="strauss1sd")
    assert len(by_label(ax.lines, "_casekit_nadir")) == 2
    plt.close(fig)
    with pytest.raises(CaseDataError, match="start 40 is not a session"):
        rupture_repair_plot(result_data(), EPISODES.assign(start=[40, 12]), improvement="increase")
    with pytest.raises(CaseDataError, match="unknown event type 'fight'"):
        rupture_repair_plot(result_data(), EPISODES, pd.DataFrame({"session": [3],
                                                             "event": ["fight"]}),
                            improvement="increase")
    assert plt.get_fignums() == before


def test_a_criterion_that_found_nothing_is_an_empty_panel_and_the_legend_serves_all():
    # the case report draws every criterion it computed; one that found no episode used to
    # be refused ("not in episodes"), and drawing panels one by one lost the legend entries
    # of the upper panels
    d = result_data()
    res = casekit.rupture_repair(d[d.measure == "WAI-SR"], improvement="increase",
                                 criterion=["stiles2sd", "rci"], rci=500.0)
    assert set(res.summary["criterion"]) == {"stiles2sd"}     # the RCI of 500 finds nothing
    fig, axes = rupture_repair_plot(d, res, measure="WAI-SR", improvement="increase",
                                    criterion=["stiles2sd", "rci"])
    assert len(axes) == 2
    assert by_label(axes[0].patches, "_casekit_episode_repaired") or by_label(
        axes[0].patches, "_casekit_episode_censored")
    assert not [p for p in axes[1].patches if p.get_label().startswith("_casekit_episode_")]
    assert "500 points" in axes[1].get_title("left")   # the criterion in words above it
    entries = {t.get_text() for leg in fig.legends for t in leg.get_texts()}
    assert any("episode" in e for e in entries)  # the upper panel's shading is in the legend
    with pytest.raises(ValueError, match="not in episodes"):    # a typo is still refused
        rupture_repair_plot(d, res, measure="WAI-SR", improvement="increase",
                            criterion=["stiles2sd", "rcj"])
    plt.close("all")


def test_adjacent_episodes_stay_two_bands():
    # note_dog: two repaired episodes, the second starting where the first was repaired
    # (shaded 8-11 and 11-14), read as one band; a thin dark line now marks where each
    # episode begins and ends (one line where they meet), in the legend patch too
    wai = [40, 41, 40, 41, 42, 41, 42, 41, 36, 39, 42, 37, 39, 42, 42, 43.0]
    d = pd.DataFrame({"case": "c", "session": range(1, 17), "measure": "WAI-SR",
                      "value": wai})
    ep = pd.DataFrame({"case": "c", "measure": "WAI-SR", "criterion": "strauss1sd",
                       "start": [9, 12], "nadir": [9, 12], "repair_session": [11, 14],
                       "status": ["repaired", "repaired"]})
    fig, ax = rupture_repair_plot(d, ep, measure="WAI-SR", improvement="increase")
    spans = sorted(span(p) for p in by_label(ax.patches, "_casekit_episode_repaired"))
    assert spans == [(8.0, 11.0), (11.0, 14.0)]
    edges = by_label(ax.lines, "_casekit_episode_edge")
    assert sorted(line.get_xdata()[0] for line in edges) == [8.0, 11.0, 14.0]
    assert all(line.get_zorder() > 0.6 and line.get_linewidth() > 0 for line in edges)
    grey = [mpl.colors.to_rgb(line.get_color()) for line in edges]
    assert all(max(c) < 0.5 and max(c) - min(c) < 1e-9 for c in grey)   # dark, greyscale-safe
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts.count("repaired episode") == 1
    plt.close(fig)
