"""alliance_symptoms: alliance above symptoms, shared session axis, identical phase bands;
the twin-axis variant. Conventions: domain/methods.md §9 (figure 2)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from casekit.plot import (
    alliance_symptoms,
)

from ._small import (
    EVENTS,
    PHASES,
    by_label,
    make_case,
)


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


def test_old_measure_names_still_work_with_a_future_warning():
    with pytest.warns(FutureWarning, match="'alliance' is now called 'alliance_measure'"):
        fig, (a1, a2) = alliance_symptoms(make_case(), alliance="WAI-SR", phases=PHASES)
    assert a1.get_ylabel().startswith("WAI-SR")
    with pytest.warns(FutureWarning, match="'symptoms' is now called 'symptom_measure'"):
        alliance_symptoms(make_case(), symptoms="PHQ-9", phases=PHASES)
    with pytest.raises(TypeError, match="got both 'alliance'"):
        alliance_symptoms(make_case(), alliance="WAI-SR", alliance_measure="WAI-SR")


def test_improvement_accepts_instrument_names():
    d = make_case().replace({"measure": {"WAI-SR": "A", "PHQ-9": "S"}})
    fig, (a1, a2) = alliance_symptoms(d, "A", "S", improvement=("WAI-SR", "PHQ-9"),
                                      cutoff=None)
    assert a1.get_ylabel() == "A\n(alliance; higher = better)"
    assert a2.get_ylabel() == "S\n(depression; lower = better)"


def test_stacked_y_labels_never_run_into_each_other():
    # long direction notes and a phase key that takes height: the two y labels (centred on
    # their panels) used to meet between the panels in the case-study figure
    import pandas as pd

    from casekit.plot._figure import layout

    d = make_case()
    phases = pd.DataFrame({"phase": ["A", "B", "C"], "start": [1, 5, 10], "end": [4, 9, 12],
                           "label": ["an intake phase with a long description"] * 3})
    fig, (a1, a2) = alliance_symptoms(d, phases=phases, events=EVENTS)
    renderer = layout(fig)
    b1 = a1.yaxis.label.get_window_extent(renderer)
    b2 = a2.yaxis.label.get_window_extent(renderer)
    assert not b1.overlaps(b2)


def test_contract_events_are_three_distinct_legend_entries():
    import pandas as pd

    d = make_case()
    events = pd.DataFrame({"session": [3, 5, 8],
                           "event": ["contract_drafted", "contract_agreed", "contract_revised"]})
    fig, (a1, a2) = alliance_symptoms(d, events=events)
    handles = [h for leg in fig.legends + [a.get_legend() for a in (a1, a2) if a.get_legend()]
               for h in leg.legend_handles if "contract" in h.get_label()]
    looks = {(h.get_marker(), h.get_markerfacecolor(), h.get_fillstyle()) for h in handles}
    assert len({h.get_label() for h in handles}) == 3
    assert len(looks) == 3
