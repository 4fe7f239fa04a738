"""casekit.plot.session_series: tested through the drawn artists, not pixels.

Conventions checked: domain/methods.md §9 (figure 1) — missed sessions and NaN values break
the line, phase lines midway between phases, shaded bands, cutoff line, RCI band around the
baseline mean, event markers by type, change points at k (last observation before the change,
§1.3). Bad input raises the input layer's errors (casekit._input) before anything is drawn.
The data are small synthetic tidy tables (tests/plot/_small.py).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from casekit.exceptions import CaseDataError
from casekit.plot import (
    session_series,
)

from ._small import (
    EVENTS,
    PHASES,
    by_label,
    make_case,
    series_line,
)


def test_line_breaks_at_missing_session_and_nan():
    fig, ax = session_series(make_case(), "PHQ-9")
    x = np.asarray(series_line(ax).get_xdata(), float)
    y = np.asarray(series_line(ax).get_ydata(), float)
    # session 7 missing -> NaN inserted between 6 and 8; session 10 NaN -> stays NaN
    expected_x = [1, 2, 3, 4, 5, 6, np.nan, 8, 9, 10, 11, 12]
    np.testing.assert_array_equal(x, expected_x)
    assert np.isnan(y[6]) and np.isnan(y[9])
    assert y[0] == 19.0 and y[-1] == 8.0
    # nothing is interpolated: finite points are exactly the observed ones
    assert np.isfinite(y).sum() == 10   # 12 sessions - 1 missed - 1 NaN


def test_week_axis_shows_breaks_as_gaps():
    fig, ax = session_series(make_case(), "PHQ-9", x="week")
    x = np.asarray(series_line(ax).get_xdata(), float)
    # weeks 1..5, then a 2-week break: session 6 is week 8 -> line broken between 5 and 8
    np.testing.assert_array_equal(x[:7], [1, 2, 3, 4, 5, np.nan, 8])
    assert ax.get_xlabel() == "Week"


def test_date_axis_and_gap(tmp_path):
    d = make_case()
    d["date"] = pd.Timestamp("2024-01-08") + pd.to_timedelta((d["week"] - 1) * 7, unit="D")
    fig, ax = session_series(d, "WAI-SR", x="date")
    x = np.asarray(series_line(ax, "WAI-SR").get_xdata(), float)
    assert np.isnan(x).sum() == 2     # the holiday (21 days) and the missed session (14 days)
    import matplotlib.dates as mdates

    assert x[0] == mdates.date2num(pd.Timestamp("2024-01-08").to_pydatetime())


def test_phase_lines_midway_bands_and_labels():
    fig, ax = session_series(make_case(), "PHQ-9", phases=PHASES)
    lines = by_label(ax.lines, "_casekit_phase_line")
    # last session of A = 4, first of B = 5 -> 4.5; last of B = 9 (7 missing), first of C = 10
    assert sorted(line.get_xdata()[0] for line in lines) == [4.5, 9.5]
    assert all(line.get_linestyle() == "--" for line in lines)
    bands = by_label(ax.patches, "_casekit_phase_band")
    # every other phase shaded, starting with the first: A and C
    extents = sorted((b.get_x(), b.get_x() + b.get_width()) for b in bands)
    assert extents == [(0.5, 4.5), (9.5, 12.5)]
    labels = [t.get_text() for t in by_label(ax.texts, "_casekit_phase_label")]
    assert labels == ["Baseline", "Treatment", "Follow-up"]


def test_phase_lines_with_gap_between_phases_on_week_axis():
    ph = PHASES.copy()
    ph.loc[1, "start"] = 6   # session 5 belongs to no phase
    d = make_case()
    fig, ax = session_series(d, "PHQ-9", phases=ph, x="week")
    lines = by_label(ax.lines, "_casekit_phase_line")
    # A ends at session 4 (week 4), B starts at session 6 (week 8) -> 6.0
    assert sorted(line.get_xdata()[0] for line in lines)[0] == 6.0


def test_phases_from_column():
    fig, ax = session_series(make_case(), "PHQ-9", phases="phase")
    xs = sorted(line.get_xdata()[0] for line in by_label(ax.lines, "_casekit_phase_line"))
    assert xs == [4.5, 9.5]
    assert [t.get_text() for t in by_label(ax.texts, "_casekit_phase_label")] == list("ABC")


def test_phase_lines_off():
    fig, ax = session_series(make_case(), "PHQ-9", phases=PHASES, phase_lines=False)
    assert not by_label(ax.lines, "_casekit_phase_line")
    assert not by_label(ax.patches, "_casekit_phase_band")


def test_cutoff_from_registry_and_number():
    fig, ax = session_series(make_case(), "PHQ-9", cutoff="instrument")
    (cut,) = by_label(ax.lines, "_casekit_cutoff")
    assert list(cut.get_ydata()) == [10.0, 10.0]     # PHQ-9 caseness >= 10 (Kroenke 2001)
    assert by_label(ax.texts, "_casekit_cutoff_label")[0].get_text() == "cutoff 10"
    fig, ax = session_series(make_case(), "PHQ-9", cutoff=12.5)
    assert list(by_label(ax.lines, "_casekit_cutoff")[0].get_ydata()) == [12.5, 12.5]


def _span_y(patch):
    ys = patch.get_xy()[:, 1] if hasattr(patch, "get_xy") and not hasattr(patch, "get_y") else (
        [patch.get_y(), patch.get_y() + patch.get_height()])
    return min(ys), max(ys)


def test_rci_band_around_baseline_mean():
    fig, ax = session_series(make_case(), "PHQ-9", phases=PHASES, rci_band=6)
    (band,) = by_label(ax.patches, "_casekit_rci_band")
    base_mean = np.mean([19, 18, 17, 16])
    lo, hi = _span_y(band)
    assert lo == pytest.approx(base_mean - 6, abs=1e-12)
    assert hi == pytest.approx(base_mean + 6, abs=1e-12)
    (center,) = by_label(ax.lines, "_casekit_rci_center")
    assert center.get_ydata()[0] == pytest.approx(base_mean, abs=1e-12)


def test_rci_band_improvement_side_and_registry():
    # PHQ-9: lower is better, registry RC = 6 points (IAPT)
    fig, ax = session_series(make_case(), "PHQ-9", phases=PHASES,
                             rci_band={"rc": 6, "side": "improvement"})
    lo, hi = _span_y(by_label(ax.patches, "_casekit_rci_band")[0])
    assert (lo, hi) == pytest.approx((17.5 - 6, 17.5), abs=1e-12)
    fig, ax = session_series(make_case(), "PHQ-9", phases=PHASES, rci_band="instrument")
    lo, hi = _span_y(by_label(ax.patches, "_casekit_rci_band")[0])
    assert hi - lo == pytest.approx(12.0, abs=1e-12)


def test_rci_band_from_session_reliable_change_table():
    tab = pd.DataFrame({"session": [1, 2, 3], "value": [19, 18, 17.0], "reference": 19.0,
                        "change": [0, -1, -2.0], "rci": [0, -0.2, -0.4],
                        "band_lower": 13.0, "band_upper": 25.0,
                        "category": "unchanged"})
    fig, ax = session_series(make_case(), "PHQ-9", rci_band=tab)
    assert _span_y(by_label(ax.patches, "_casekit_rci_band")[0]) == (13.0, 25.0)


def test_event_markers_positions_and_labels():
    fig, ax = session_series(make_case(), "PHQ-9", events=EVENTS, event_labels="type")
    rup = by_label(ax.lines, "_casekit_event_rupture_noted")
    rep = by_label(ax.lines, "_casekit_event_repair_noted")
    con = by_label(ax.lines, "_casekit_event_contract_agreed")
    life = by_label(ax.lines, "_casekit_event_life_event")
    assert [m.get_marker() for m in rup + rep + con + life] == ["v", "^", "*", "D"]
    assert [m.get_xdata()[0] for m in rup + rep + con + life] == [2, 6, 6, 11]
    # two events at session 6 are stacked, not drawn on top of each other
    fig.draw_without_rendering()
    y_rep, y_con = (m.get_transform().transform((6.0, 1.0))[1] for m in rep + con)
    assert abs(y_rep - y_con) >= 5.0 * fig.dpi / 72.0      # rows 7.5 points apart
    texts = [t.get_text() for t in by_label(ax.texts, "_casekit_event_label")]
    assert texts == ["rupture", "repair, contract agreed", "life event"]
    fig, ax = session_series(make_case(), "PHQ-9", events=EVENTS, event_labels="note")
    assert "sister ill" in [t.get_text() for t in by_label(ax.texts, "_casekit_event_label")]


def test_event_styles_extend_vocabulary():
    ev = pd.DataFrame({"session": [3], "event": ["dream_reported"]})
    fig, ax = session_series(make_case(), "PHQ-9", events=ev,
                             event_styles={"dream_reported": ("h", True, "dream")})
    assert by_label(ax.lines, "_casekit_event_dream_reported")[0].get_marker() == "h"


def test_phase_stats_and_baseline_trend():
    fig, ax = session_series(make_case(), "PHQ-9", phases=PHASES, phase_stats="mean")
    means = by_label(ax.lines, "_casekit_phase_mean")
    assert [m.get_ydata()[0] for m in means] == pytest.approx([17.5, 13.0, 8.5])
    fig, ax = session_series(make_case(), "PHQ-9", phases=PHASES, phase_stats="trend",
                             baseline_trend=True)
    (bt,) = by_label(ax.lines, "_casekit_baseline_trend")
    # baseline 19, 18, 17, 16 on sessions 1..4: slope -1 extrapolated to session 12
    assert list(bt.get_xdata()) == [1.0, 12.0]
    assert list(bt.get_ydata()) == pytest.approx([19.0, 8.0], abs=1e-9)


def test_direction_note_and_labels():
    fig, ax = session_series(make_case(), "WAI-SR")
    assert ax.get_ylabel() == "WAI-SR\n(alliance; higher = better)"
    fig, ax = session_series(make_case(), "PHQ-9", direction_note=False)
    assert ax.get_ylabel() == "PHQ-9"
    assert ax.get_xlabel() == "Session"
    lo, hi = ax.get_xlim()
    assert lo < 1 and hi > 12


def test_subscale_and_item_rows_are_selected():
    d = make_case()
    items = d[d.measure == "PHQ-9"].assign(item=1, value=3.0)
    d = pd.concat([d.assign(item=np.nan, scale="total"), items.assign(scale=None),
                   d[d.measure == "WAI-SR"].assign(item=np.nan, scale="Bond", value=9.0)])
    fig, ax = session_series(d, "WAI-SR", scale="Bond")
    y = np.asarray(series_line(ax, "WAI-SR Bond").get_ydata(), float)
    assert set(y[np.isfinite(y)]) == {9.0}
    fig, ax = session_series(d, "PHQ-9")
    assert np.nanmax(np.asarray(series_line(ax).get_ydata(), float)) == 19.0


def test_draws_on_given_axes():
    fig0, ax0 = plt.subplots()
    fig, ax = session_series(make_case(), "PHQ-9", ax=ax0)
    assert fig is fig0 and ax is ax0


def _raises_without_figure(exc, match, **kw):
    before = plt.get_fignums()
    with pytest.raises(exc, match=match):
        session_series(**kw)
    assert plt.get_fignums() == before


def test_unknown_measure():
    # the input layer's message, as in every analysis
    _raises_without_figure(ValueError, r"measure='BDI-II' is not in column 'measure'; "
                           r"present: PHQ-9, WAI-SR", data=make_case(), measure="BDI-II")


def test_unknown_event_type_lists_valid_types():
    ev = pd.DataFrame({"session": [2, 3], "event": ["rupture_noted", "tantrum"]})
    before = plt.get_fignums()
    with pytest.raises(CaseDataError, match=r"unknown event type 'tantrum'.*'rupture_noted'") as e:
        session_series(make_case(), "PHQ-9", events=ev)
    assert e.value.problems["row"].tolist() == [1]
    assert plt.get_fignums() == before


def test_phase_without_sessions():
    ph = pd.concat([PHASES, pd.DataFrame({"case": ["c1"], "phase": ["D"], "start": [20],
                                          "end": [24]})], ignore_index=True)
    _raises_without_figure(CaseDataError, r"phase 'D' \(sessions 20-24\) has no sessions",
                           data=make_case(), measure="PHQ-9", phases=ph)


def test_overlapping_and_reversed_phases():
    ph = PHASES.copy()
    ph.loc[1, "start"] = 3
    _raises_without_figure(CaseDataError, "overlaps", data=make_case(), measure="PHQ-9",
                           phases=ph)
    ph = PHASES.copy()
    ph.loc[0, "end"] = 0
    _raises_without_figure(CaseDataError, "ends", data=make_case(), measure="PHQ-9",
                           phases=ph)


def test_several_cases_need_case():
    d = pd.concat([make_case("c1"), make_case("c2")])
    _raises_without_figure(ValueError, r"several values of 'case' \(c1, c2\).*pass case= to "
                           "choose one", data=d, measure="PHQ-9")
    _raises_without_figure(ValueError, r"case='c9' is not in column 'case'; present: c1, c2",
                           data=d, measure="PHQ-9", case="c9")


def test_bad_values_and_duplicates_reported_together():
    d = make_case()
    d["value"] = d["value"].astype(object)
    d.loc[0, "value"] = "n/a"
    d = pd.concat([d, d.iloc[[2]]], ignore_index=True)
    with pytest.raises(CaseDataError) as e:
        session_series(d, "PHQ-9")
    probs = e.value.problems
    assert "not a number" in probs["problem"].tolist()
    assert probs.loc[probs["problem"] == "not a number", "column"].tolist() == ["value"]
    assert "appears more than once" in " ".join(probs["problem"])


def test_bad_options():
    _raises_without_figure(ValueError, "x must be one of 'session', 'week', 'date'",
                           data=make_case(), measure="PHQ-9", x="month")
    _raises_without_figure(ValueError, "phase_stats must be one of", data=make_case(),
                           measure="PHQ-9", phases=PHASES, phase_stats="mode")
    _raises_without_figure(ValueError, "scale 'Bond' not found|no 'scale' column",
                           data=make_case(), measure="PHQ-9", scale="Bond")
    _raises_without_figure(ValueError, "needs phases", data=make_case(), measure="PHQ-9",
                           rci_band=6)
    _raises_without_figure(ValueError, "needs a 'week' column",
                           data=make_case().drop(columns="week"), measure="PHQ-9", x="week")
    _raises_without_figure(CaseDataError, "k must be a whole number from 1 to 9",
                           data=make_case(), measure="PHQ-9", changepoints=10)
    _raises_without_figure(ValueError, "no clinical cutoff", data=make_case(),
                           measure="WAI-SR", cutoff="instrument")


def test_event_at_session_without_week():
    ev = pd.DataFrame({"session": [7], "event": ["missed_session"]})
    # session 7 has no rows, so it has no week: cannot be placed on a week axis
    _raises_without_figure(CaseDataError, "session 7 has no week", data=make_case(),
                           measure="PHQ-9", x="week", events=ev)
    fig, ax = session_series(make_case(), "PHQ-9", events=ev)   # fine on a session axis
    assert by_label(ax.lines, "_casekit_event_missed_session")[0].get_xdata()[0] == 7


def test_missing_column_reads_as_in_every_analysis():
    _raises_without_figure(CaseDataError, r"data has no column 'value' \(set value_col=",
                           data=make_case().drop(columns="value"), measure="PHQ-9")


def test_direction_from_an_instrument_name():
    d = make_case().replace({"measure": {"PHQ-9": "my scale"}})
    fig, ax = session_series(d, "my scale", improvement="PHQ-9")
    assert ax.get_ylabel() == "my scale\n(depression; lower = better)"
    _raises_without_figure(ValueError, "improvement must be 'increase', 'decrease' or an "
                           "instrument name", data=d, measure="my scale", improvement="up")
