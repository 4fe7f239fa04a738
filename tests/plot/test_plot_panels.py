"""alliance_symptoms and multiple_baseline: shared session axis, identical phase bands, dog-leg.

Conventions: domain/methods.md §9 (figures 2 and 3). Synthetic tidy data built in the tests.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from casekit.exceptions import CaseDataError
from casekit.plot import alliance_symptoms, multiple_baseline

from .test_plot_series import EVENTS, PHASES, by_label, make_case


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _phase_lines(ax):
    return sorted(float(line.get_xdata()[0]) for line in by_label(ax.lines,
                                                                  "_casekit_phase_line"))


def _bands(ax):
    return sorted((p.get_x(), p.get_x() + p.get_width())
                  for p in by_label(ax.patches, "_casekit_phase_band"))


def test_stacked_panels_share_x_and_phase_bands():
    d = make_case()
    d = d[~((d.measure == "WAI-SR") & (d.session == 1))]   # alliance not rated at intake
    fig, (a1, a2) = alliance_symptoms(d, phases=PHASES, events=EVENTS, event_labels="type")
    assert a1.get_shared_x_axes().joined(a1, a2)
    assert _phase_lines(a1) == _phase_lines(a2) == [4.5, 9.5]
    assert _bands(a1) == _bands(a2) == [(0.5, 4.5), (9.5, 12.5)]
    # each panel has its own series and scale
    assert by_label(a1.lines, "WAI-SR") and by_label(a2.lines, "PHQ-9")
    assert a1.get_ylim() != a2.get_ylim()
    assert a1.get_ylabel().startswith("WAI-SR") and a2.get_ylabel().startswith("PHQ-9")
    # registry cutoff on the symptom panel only
    assert not by_label(a1.lines, "_casekit_cutoff")
    assert by_label(a2.lines, "_casekit_cutoff")[0].get_ydata()[0] == 10
    # events on both panels, labels and phase labels only on top
    assert by_label(a2.lines, "_casekit_event_rupture_noted")
    assert by_label(a1.texts, "_casekit_event_label") and not by_label(
        a2.texts, "_casekit_event_label")
    assert by_label(a1.texts, "_casekit_phase_label") and not by_label(
        a2.texts, "_casekit_phase_label")
    assert a2.get_xlabel() == "Session" and a1.get_xlabel() == ""
    # the WAI-SR line starts at session 2
    x = np.asarray(by_label(a1.lines, "WAI-SR")[0].get_xdata(), float)
    assert x[0] == 2


def test_twin_variant_labels_both_axes():
    fig, (ax, tw) = alliance_symptoms(make_case(), phases=PHASES, twin=True)
    assert ax.get_ylabel() == "WAI-SR\n(alliance; higher = better)"
    assert tw.get_ylabel() == "PHQ-9\n(depression; lower = better)"   # one pair of parentheses
    assert ax.yaxis.label.get_color() != tw.yaxis.label.get_color()
    l1, l2 = by_label(ax.lines, "WAI-SR")[0], by_label(tw.lines, "PHQ-9")[0]
    assert l1.get_marker() != l2.get_marker() and l1.get_linestyle() != l2.get_linestyle()
    assert _phase_lines(ax) == [4.5, 9.5] and _phase_lines(tw) == []
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["WAI-SR", "PHQ-9"]


def test_alliance_symptoms_validates_both_before_drawing():
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="measure='CALPAS' is not in column 'measure'"):
        alliance_symptoms(make_case(), alliance_measure="CALPAS", phases=PHASES)
    with pytest.raises(ValueError, match="a pair"):
        alliance_symptoms(make_case(), cutoff=(1, 2, 3))
    assert plt.get_fignums() == before


def _mb_data():
    rows = []
    starts = {"Ann": 4, "Ben": 6, "Cy": 9}
    for case, b in starts.items():
        for s in range(1, 13):
            rows.append({"case": case, "session": s, "measure": "PHQ-9",
                         "value": 18.0 if s < b else 9.0, "phase": "A" if s < b else "B"})
    return pd.DataFrame(rows), starts


def test_multiple_baseline_dogleg():
    d, starts = _mb_data()
    fig, axes = multiple_baseline(d, "PHQ-9", phases="phase")
    assert len(axes) == 3
    assert all(a.get_shared_x_axes().joined(axes[0], a) for a in axes)
    (dog,) = [a for a in fig.artists if a.get_label() == "_casekit_dogleg"]
    x = list(dog.get_xdata())
    y = list(dog.get_ydata())
    # boundaries midway between last A and first B session: 3.5, 5.5, 8.5
    assert x == [3.5, 3.5, 5.5, 5.5, 8.5, 8.5]
    pos = [a.get_position() for a in axes]
    assert y[0] == pytest.approx(pos[0].y1) and y[-1] == pytest.approx(pos[2].y0)
    # horizontal steps lie in the gaps between panels
    assert pos[1].y1 < y[1] == y[2] < pos[0].y0
    assert pos[2].y1 < y[3] == y[4] < pos[1].y0
    # the per-panel phase line at the first change is replaced by the dog-leg
    assert all(not by_label(a.lines, "_casekit_phase_line") for a in axes)
    labels = [by_label(a.texts, "_casekit_case_label")[0].get_text() for a in axes]
    assert labels == ["Ann", "Ben", "Cy"]


def test_multiple_baseline_case_order_and_table_phases():
    d, _ = _mb_data()
    ph = pd.DataFrame({"case": ["Ann", "Ann", "Cy", "Cy"], "phase": ["A", "B", "A", "B"],
                       "start": [1, 4, 1, 9], "end": [3, 12, 8, 12],
                       "role": ["baseline", "intervention"] * 2})
    fig, axes = multiple_baseline(d, "PHQ-9", cases=["Cy", "Ann"], phases=ph)
    (dog,) = [a for a in fig.artists if a.get_label() == "_casekit_dogleg"]
    assert list(dog.get_xdata()) == [8.5, 8.5, 3.5, 3.5]


def test_multiple_baseline_bad_input():
    d, _ = _mb_data()
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=r"cases \['Zed'\] not in data"):
        multiple_baseline(d, "PHQ-9", cases=["Ann", "Zed"], phases="phase")
    with pytest.raises(ValueError, match="needs phases="):
        multiple_baseline(d, "PHQ-9")
    one = d.assign(phase="A")
    with pytest.raises(ValueError, match="has 1 phase"):
        multiple_baseline(one, "PHQ-9", phases="phase")
    ph = pd.DataFrame({"case": "Ann", "phase": ["A", "B"], "start": [1, 20], "end": [3, 24]})
    with pytest.raises(CaseDataError, match="phase 'B'.*has no sessions"):
        multiple_baseline(d, "PHQ-9", cases=["Ann"], phases=ph)
    assert plt.get_fignums() == before


def test_panels_leave_rcparams_alone():
    before = dict(mpl.rcParams)
    d, _ = _mb_data()
    multiple_baseline(d, "PHQ-9", phases="phase")
    alliance_symptoms(make_case(), phases=PHASES, twin=True)
    assert dict(mpl.rcParams) == before


def test_baseline_last_phase_is_rejected_before_drawing():
    d, _ = _mb_data()
    ph = pd.DataFrame({"case": ["Ann", "Ann"], "phase": ["B", "A"], "start": [1, 4],
                       "end": [3, 12], "role": ["intervention", "baseline"]})
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="no phase follows the baseline phase 'A'"):
        multiple_baseline(d, "PHQ-9", cases=["Ann"], phases=ph)
    assert plt.get_fignums() == before


def test_multiple_baseline_cutoff_in_every_panel_labelled_once():
    d, _ = _mb_data()
    fig, axes = multiple_baseline(d, "PHQ-9", phases="phase", cutoff="instrument")
    assert all(by_label(a.lines, "_casekit_cutoff")[0].get_ydata()[0] == 10 for a in axes)
    assert [len(by_label(a.texts, "_casekit_cutoff_label")) for a in axes] == [1, 0, 0]
