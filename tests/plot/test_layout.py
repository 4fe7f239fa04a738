"""Figure layout: titles clear of the phase labels, event labels that never collide, no
collapsed constrained layout, and the baseline trend line of ``session_series``.

Checked on the artists after ``fig.draw_without_rendering()`` (window extents in display
pixels), on the bundled simulated case SIM-NPD-01 (21 therapist-noted events in 44 sessions,
``casekit.datasets.load_case``) and on small synthetic tables built here. The Theil-Sen line is
checked against a hand computation and against ``casekit.tau_bc`` (whose Theil-Sen line is
tested against SingleCaseES::Tau_BC elsewhere).
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import casekit as ck  # noqa: E402
from casekit import plot as ckp  # noqa: E402


@pytest.fixture(scope="module")
def bundled():
    case = ck.datasets.load_case("SIM-NPD-01")
    scores = ck.score(case.ratings[case.ratings["item"].notna()])
    totals = scores[scores["scale"] == "total"]
    phq = totals[totals["measure"] == "PHQ-9"].reset_index(drop=True)
    wai = totals[totals["measure"] == "WAI-SR"].reset_index(drop=True)
    return {"case": case, "totals": totals, "phq": phq, "wai": wai,
            "gains": ck.sudden_gains(phq, sg_crit1_cutoff=6, improvement="decrease"),
            "episodes": ck.rupture_repair(wai, instrument="WAI-SR")}


def by_label(artists, label):
    return [a for a in artists if a.get_label() == label]


def title_text(ax):
    """The drawn title (the paper style puts it on the left)."""
    shown = [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text()]
    assert len(shown) == 1
    return shown[0]


def assert_title_clear(fig, ax):
    fig.draw_without_rendering()
    title = title_text(ax).get_window_extent()
    labels = by_label(ax.texts, "_casekit_phase_label")
    assert labels, "no phase labels drawn"
    for lab in labels:
        box = lab.get_window_extent()
        assert not title.overlaps(box), (lab.get_text(), title, box)
        assert title.y0 >= box.y1          # above them, not beside them


# -- titles ----------------------------------------------------------------------------------

def test_title_clear_of_phase_labels_in_every_figure(bundled):
    b, ph = bundled, bundled["case"].phases
    fig, ax = ckp.session_series(b["phq"], "PHQ-9", phases=ph, title="PHQ-9 by session")
    assert_title_clear(fig, ax)
    fig, ax = ckp.sudden_gain_plot(b["phq"], b["gains"], phases=ph, title="Sudden gains")
    assert_title_clear(fig, ax)
    fig, ax = ckp.rupture_repair_plot(b["wai"], b["episodes"], phases=ph, title="Ruptures")
    assert_title_clear(fig, ax)
    fig, axes = ckp.alliance_symptoms(b["totals"], phases=ph, title="Alliance and symptoms")
    assert_title_clear(fig, axes[0])
    fig, axes = ckp.alliance_symptoms(b["totals"], phases=ph, twin=True, title="Twin")
    assert_title_clear(fig, axes[0])
    fig, axes = ckp.multiple_baseline(b["phq"], "PHQ-9", phases=ph, title="Staggered")
    assert_title_clear(fig, axes[0])
    # the title stays inside the figure
    assert title_text(axes[0]).get_window_extent().y1 <= fig.bbox.y1


def test_title_clear_of_two_line_phase_labels_on_short_and_tall_axes():
    d = pd.DataFrame({"case": "c", "session": range(1, 11), "measure": "M",
                      "value": np.r_[np.full(5, 10.0), np.full(5, 4.0)]})
    ph = pd.DataFrame({"phase": ["A", "B"], "start": [1, 6], "end": [5, 10],
                       "label": ["Base-\nline", "Treat-\nment"]})
    for size in [(3.5, 1.6), (3.5, 4.0), (7.2, 2.5)]:
        fig, ax = ckp.session_series(d, "M", phases=ph, improvement="decrease",
                                     title="Title", figsize=size)
        assert_title_clear(fig, ax)


def test_title_without_phase_labels_keeps_the_default_pad():
    d = pd.DataFrame({"case": "c", "session": range(1, 6), "measure": "M",
                      "value": [3, 4, 5, 4, 3.0]})
    fig, ax = ckp.session_series(d, "M", improvement="increase", title="T")
    ref = plt.figure().add_subplot()
    with ckp.paper_style():
        ref.set_title("T")
    assert title_text(ax).get_position() == title_text(ref).get_position()


def test_stacked_y_labels_do_not_run_into_each_other(bundled):
    # with the events legend under the panels, "WAI-SR (alliance; higher = better)" is longer
    # than a panel of a single-column figure of the default size given explicitly (casekit's
    # own default figure grows with its legend instead)
    case = bundled["case"]
    for size in (ckp.figsize("single", 1.25), ckp.figsize("double", 0.6), None):
        fig, (a1, a2) = ckp.alliance_symptoms(bundled["totals"], phases=case.phases,
                                              events=case.events, figsize=size)
        fig.draw_without_rendering()
        b1, b2 = a1.yaxis.label.get_window_extent(), a2.yaxis.label.get_window_extent()
        assert not b1.overlaps(b2)
        for a in (a1, a2):    # no label taller than its panel
            assert a.yaxis.label.get_window_extent().height <= a.get_window_extent().height
        if size == ckp.figsize("single", 1.25):    # wrapped at the note, once or twice
            assert a1.get_ylabel() in ("WAI-SR\n(alliance;\nhigher = better)",
                                       "WAI-SR\n(alliance;\nhigher =\nbetter)")
    # labels that fit are left alone (phase codes: no key under the panels)
    fig, (a1, a2) = ckp.alliance_symptoms(bundled["totals"], phases=case.phases,
                                          figsize=ckp.figsize("double", 0.6),
                                          phase_label="phase")
    assert a1.get_ylabel() == "WAI-SR\n(alliance; higher = better)"


# -- event labels ----------------------------------------------------------------------------

SPARSE = pd.DataFrame({"case": "c", "session": [2, 6, 11],
                       "event": ["rupture_noted", "repair_noted", "life_event"]})


def small_case():
    s = np.arange(1, 13)
    return pd.DataFrame({"case": "c", "session": s, "measure": "PHQ-9",
                         "value": 20.0 - s})


def test_auto_labels_dropped_when_dense_and_legend_names_the_markers(bundled):
    b = bundled
    fig, ax = ckp.session_series(b["phq"], "PHQ-9", phases=b["case"].phases,
                                 events=b["case"].events)
    assert not by_label(ax.texts, "_casekit_event_label")
    assert len(by_label(ax.lines, "_casekit_event_rupture_noted")) == 5
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"rupture noted", "repair noted", "contract agreed", "life event"} <= set(legend)


def test_auto_labels_kept_when_they_fit_above_the_data():
    fig, ax = ckp.session_series(small_case(), "PHQ-9", events=SPARSE)
    texts = by_label(ax.texts, "_casekit_event_label")
    assert [t.get_text() for t in texts] == ["rupture", "repair", "life event"]
    fig.draw_without_rendering()
    boxes = [t.get_window_extent() for t in texts]
    assert not any(a.overlaps(c) for i, a in enumerate(boxes) for c in boxes[i + 1:])
    # every label ends above the highest data point and inside the axes
    top = ax.transData.transform((0.0, 19.0))[1]
    frame = ax.get_window_extent()
    assert all(bx.y0 > top and bx.y1 <= frame.y1 for bx in boxes)
    # and the data keep at least half the axes height
    assert (top - frame.y0) / frame.height >= 0.5 - 1e-9


def test_fitting_the_labels_leaves_the_figure_dpi_alone():
    # the paper style saves as PDF; a PDF renderer would set fig.dpi to 72 for good
    fig, ax = ckp.session_series(small_case(), "PHQ-9", events=SPARSE)
    assert by_label(ax.texts, "_casekit_event_label")
    assert fig.dpi == 150.0
    fig, ax = ckp.session_series(small_case(), "PHQ-9", events=SPARSE, style=None)
    assert fig.dpi == plt.rcParams["figure.dpi"]


def test_auto_labels_all_or_none_when_two_collide():
    ev = pd.DataFrame({"case": "c", "session": [2, 3, 9],
                       "event": ["rupture_noted", "repair_noted", "life_event"]})
    fig, ax = ckp.session_series(small_case(), "PHQ-9", events=ev, figsize=(2.0, 2.0))
    assert not by_label(ax.texts, "_casekit_event_label")


def test_explicit_labels_are_kept_clipped_and_out_of_the_layout(bundled):
    b = bundled
    fig, ax = ckp.session_series(b["phq"], "PHQ-9", events=b["case"].events,
                                 event_labels="note")
    texts = by_label(ax.texts, "_casekit_event_label")
    assert len(texts) == 19          # 21 events on 19 sessions; one text per session
    assert all(t.get_clip_on() and not t.get_in_layout() for t in texts)


def test_sudden_gain_plot_event_labels():
    d = pd.DataFrame({"case": "c", "session": range(1, 11), "measure": "PHQ-9",
                      "value": [18, 18, 17, 17, 9, 8, 8, 7, 7, 6.0]})
    g = pd.DataFrame({"pregain_session": [4], "postgain_session": [5]})
    ev = pd.DataFrame({"session": [2, 8], "event": ["life_event", "rupture_noted"],
                       "note": ["move", "late"]})
    fig, ax = ckp.sudden_gain_plot(d, g, measure="PHQ-9", events=ev, event_labels="note")
    assert [t.get_text() for t in by_label(ax.texts, "_casekit_event_label")] == ["move",
                                                                                  "late"]
    fig, ax = ckp.sudden_gain_plot(d, g, measure="PHQ-9", events=ev, event_labels=None)
    assert not by_label(ax.texts, "_casekit_event_label")
    assert by_label(ax.lines, "_casekit_event_life_event")
    fig, ax = ckp.sudden_gain_plot(d, g, measure="PHQ-9", events=ev,
                                   event_styles={"life_event": ("h", True, "LE")},
                                   event_labels="type")
    assert by_label(ax.lines, "_casekit_event_life_event")[0].get_marker() == "h"
    assert "LE" in [t.get_text() for t in by_label(ax.texts, "_casekit_event_label")]
    with pytest.raises(ValueError, match="event_labels must be one of 'auto', 'type'"):
        ckp.sudden_gain_plot(d, g, measure="PHQ-9", events=ev, event_labels="short")


def _all_figures(b, event_labels):
    ph, ev = b["case"].phases, b["case"].events
    yield ckp.session_series(b["totals"], "PHQ-9", phases=ph, events=ev, cutoff="instrument",
                             rci_band="instrument", event_labels=event_labels, title="T")
    yield ckp.alliance_symptoms(b["totals"], phases=ph, events=ev, event_labels=event_labels,
                                title="T")
    yield ckp.alliance_symptoms(b["totals"], phases=ph, events=ev, event_labels=event_labels,
                                twin=True, title="T")
    yield ckp.sudden_gain_plot(b["phq"], b["gains"], phases=ph, events=ev,
                               event_labels=event_labels, title="T")
    yield ckp.sudden_gain_plot(b["phq"], b["gains"], phases=ph, events=ev,
                               event_labels=event_labels, course=True, title="T")
    yield ckp.rupture_repair_plot(b["wai"], b["episodes"], ev, phases=ph,
                                  event_labels=event_labels, title="T")
    yield ckp.multiple_baseline(b["phq"], "PHQ-9", phases=ph, events=ev,
                                event_labels=event_labels, title="T")
    if event_labels == "auto":
        pre, post = b["phq"]["value"].iloc[0], b["phq"]["value"].iloc[-1]
        yield ckp.jacobson_plot(ck.reliable_change(pre, post, instrument="PHQ-9", cutoff=10))
        yield ckp.changepoint_posterior_plot(ck.bayes_changepoint(data=b["phq"]))


@pytest.mark.slow     # nine figures of the bundled case per mode (about 15 s each)
@pytest.mark.parametrize("event_labels", ["auto", "type", "note", None])
def test_no_layout_warning_with_the_bundled_case(bundled, event_labels):
    # "constrained_layout not applied because axes sizes collapsed to zero" came from long
    # note labels taking part in the layout; any warning fails here
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fig, _ in _all_figures(bundled, event_labels):
            fig.draw_without_rendering()
            plt.close(fig)


# -- baseline trend --------------------------------------------------------------------------

def trend_case():
    # baseline 10, 11, 12, 30 (outlier), 14; treatment 8 sessions
    y = [10, 11, 12, 30, 14] + [9, 8, 8, 7, 7, 6, 6, 5]
    return pd.DataFrame({"case": "c", "session": range(1, 14), "measure": "M",
                         "value": np.asarray(y, float),
                         "phase": ["A"] * 5 + ["B"] * 8})


def trend_line(ax):
    (line,) = by_label(ax.lines, "_casekit_baseline_trend")
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


def test_theil_sen_baseline_trend():
    d = trend_case()
    fig, ax = ckp.session_series(d, "M", phases="phase", baseline_trend=True,
                                 trend_method="theil_sen", improvement="decrease")
    x, y = trend_line(ax)
    # pairwise slopes 1, 1, 20/3, 1, 1, 9.5, 1, 18, 1, -16 -> median 1;
    # intercept median(y - t) = median(9, 9, 9, 26, 9) = 9
    np.testing.assert_allclose(x, [1.0, 13.0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(y, [10.0, 22.0], rtol=0, atol=1e-12)
    # the line Tau-BC detrends with (row positions = sessions here: no gaps)
    res = ck.tau_bc(data=d, value_col="value", improvement="decrease")
    np.testing.assert_allclose(y, res.intercept + res.slope * x, rtol=0, atol=1e-12)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "baseline Theil-Sen trend (extrapolated)" in legend


def test_ols_baseline_trend_is_the_default():
    d = trend_case()
    fig, ax = ckp.session_series(d, "M", phases="phase", baseline_trend=True,
                                 improvement="decrease")
    x, y = trend_line(ax)
    # OLS on t = 1..5: slope 27/10 = 2.7, intercept 15.4 - 2.7 * 3 = 7.3
    np.testing.assert_allclose(y, [7.3 + 2.7, 7.3 + 2.7 * 13], rtol=0, atol=1e-9)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "baseline trend (extrapolated)" in legend


def test_trend_method_is_checked():
    with pytest.raises(ValueError, match="trend_method must be one of 'ols', 'theil_sen'"):
        ckp.session_series(trend_case(), "M", phases="phase", baseline_trend=True,
                           trend_method="sen", improvement="decrease")
