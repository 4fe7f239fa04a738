"""multiple_baseline: one panel per case, the staggered (dog-leg) phase-change line.
Conventions: domain/methods.md §9 (figure 3)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from casekit.exceptions import CaseDataError
from casekit.plot import (
    multiple_baseline,
)

from ._small import (
    by_label,
    mb_data,
)


def test_multiple_baseline_dogleg():
    d, starts = mb_data()
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
    d, _ = mb_data()
    ph = pd.DataFrame({"case": ["Ann", "Ann", "Cy", "Cy"], "phase": ["A", "B", "A", "B"],
                       "start": [1, 4, 1, 9], "end": [3, 12, 8, 12],
                       "role": ["baseline", "intervention"] * 2})
    fig, axes = multiple_baseline(d, "PHQ-9", cases=["Cy", "Ann"], phases=ph)
    (dog,) = [a for a in fig.artists if a.get_label() == "_casekit_dogleg"]
    assert list(dog.get_xdata()) == [8.5, 8.5, 3.5, 3.5]


def test_multiple_baseline_bad_input():
    d, _ = mb_data()
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


def test_baseline_last_phase_is_rejected_before_drawing():
    d, _ = mb_data()
    ph = pd.DataFrame({"case": ["Ann", "Ann"], "phase": ["B", "A"], "start": [1, 4],
                       "end": [3, 12], "role": ["intervention", "baseline"]})
    before = plt.get_fignums()
    with pytest.raises(ValueError, match="no phase follows the baseline phase 'A'"):
        multiple_baseline(d, "PHQ-9", cases=["Ann"], phases=ph)
    assert plt.get_fignums() == before


def test_multiple_baseline_cutoff_in_every_panel_labelled_once():
    d, _ = mb_data()
    fig, axes = multiple_baseline(d, "PHQ-9", phases="phase", cutoff="instrument")
    assert all(by_label(a.lines, "_casekit_cutoff")[0].get_ydata()[0] == 10 for a in axes)
    assert [len(by_label(a.texts, "_casekit_cutoff_label")) for a in axes] == [1, 0, 0]
