"""Legends, annotations and labels never lie over the data (issue 12, item 4).

Every figure type is drawn with realistic data (the bundled case: a long series with 21
events; a messy gapped case: missed sessions, a missing value, scores at the top of the scale
under the event strip and on the cutoff, three events on one session) and checked by display
extents after ``fig.canvas.draw()`` (``tests.plot._clearance``). One style for every figure:
open axes and whole-number ticks on session and integer score axes.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import casekit as ck  # noqa: E402
from casekit import plot as ckp  # noqa: E402

from ._cases import bundled, cohort, messy, multiple_baseline_data  # noqa: E402
from ._clearance import assert_clear_of_data, overlaps  # noqa: E402


def _series(b):
    return ckp.session_series(b["phq"], "PHQ-9", phases=b["phases"], events=b["events"],
                              cutoff="instrument", rci_band="instrument",
                              changepoints=ck.bayes_changepoint(data=b["phq"]))


def _messy_series(m, **kw):
    return ckp.session_series(m["phq"], "PHQ-9", phases=m["phases"], events=m["events"],
                              cutoff="instrument", **kw)


def _gains(d):
    return ck.sudden_gains(d, sg_crit1_cutoff=6, improvement="decrease", missing="drop")


FIGURES = {
    "series, bundled": lambda: _series(bundled()),
    "series, messy": lambda: _messy_series(messy()),
    # explicit labels: the y range makes room for them (as long as the data keep a third of
    # the axes; a figure this size holds them)
    "series, messy, type labels": lambda: _messy_series(messy(), event_labels="type",
                                                        figsize=ckp.figsize("double", 0.55)),
    "series, messy, weeks": lambda: _messy_series(messy(), x="week", phase_stats="mean",
                                                  baseline_trend=True),
    "alliance/symptoms, bundled": lambda: ckp.alliance_symptoms(
        bundled()["totals"], phases=bundled()["phases"], events=bundled()["events"]),
    "alliance/symptoms, messy": lambda: ckp.alliance_symptoms(
        messy()["data"], phases=messy()["phases"], events=messy()["events"]),
    "alliance/symptoms, twin": lambda: ckp.alliance_symptoms(
        messy()["data"], phases=messy()["phases"], events=messy()["events"], twin=True),
    "multiple baseline": lambda: ckp.multiple_baseline(
        multiple_baseline_data(), "PHQ-9", phases="phase", cutoff="instrument"),
    "jacobson, 80 points": lambda: ckp.jacobson_plot(
        ck.reliable_change(*cohort(), instrument="PHQ-9", cutoff=10)),
    "sudden gain, bundled": lambda: ckp.sudden_gain_plot(
        bundled()["phq"], _gains(bundled()["phq"]), phases=bundled()["phases"], course=True),
    "sudden gain, messy": lambda: ckp.sudden_gain_plot(
        messy()["phq"], _gains(messy()["phq"]), measure="PHQ-9", phases=messy()["phases"],
        events=messy()["events"], cutoff="instrument"),
    "rupture repair, bundled": lambda: ckp.rupture_repair_plot(
        bundled()["wai"], ck.rupture_repair(bundled()["wai"], instrument="WAI-SR"),
        bundled()["events"], phases=bundled()["phases"]),
    "rupture repair, two criteria": lambda: ckp.rupture_repair_plot(
        messy()["wai"], ck.rupture_repair(messy()["wai"], improvement="increase",
                                          criterion=["stiles2sd", "strauss1sd"]),
        messy()["events"], criterion=["stiles2sd", "strauss1sd"], phases=messy()["phases"]),
    "posterior": lambda: ckp.changepoint_posterior_plot(
        ck.bayes_changepoint(data=bundled()["wai"])),
    "posterior, precedence": lambda: ckp.changepoint_posterior_plot(
        ck.changepoint_precedence(data=bundled()["totals"], alliance_measure="WAI-SR",
                                  symptom_measure="PHQ-9")),
    "change points": lambda: ckp.changepoint_figure(
        bundled()["totals"], {m: ck.bayes_changepoint(data=bundled()["totals"].query(
            "measure == @m")) for m in ("PHQ-9", "WAI-SR")}, phases=bundled()["phases"]),
    "dual criterion": lambda: ckp.dual_criterion_plot(ck.dual_criterion(
        [19, 24, 17, 17, 15, 22, 11, 11, 12, 13, 11, 13],
        sessions=[1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14], phases=["A"] * 6 + ["B"] * 6,
        improvement="decrease")),
    "trajectories": lambda: ckp.plot_sg_trajectories(
        _gains(bundled()["phq"]), show_individual=True),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_no_text_over_the_data(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # no collapsed layout either
        fig, _ = FIGURES[name]()
        assert_clear_of_data(fig)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_one_look(name):
    """Open axes (no top spine; a right spine only on a twin axis) and whole-number ticks on
    every session axis and every axis of integer scores."""
    fig, _ = FIGURES[name]()
    fig.canvas.draw()
    for ax in fig.axes:
        assert not ax.spines["top"].get_visible()
        twin = any(other is not ax and other.bbox.bounds == ax.bbox.bounds
                   for other in fig.axes)
        assert ax.spines["right"].get_visible() == (twin and ax.yaxis.get_label_position()
                                                    == "right")
        if ax.get_xlabel() in ("Session", "Week", "Last session before the change",
                               "Pre-treatment score"):
            ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
            assert all(float(t).is_integer() for t in ticks), (name, ticks)


def test_the_helper_sees_a_legend_over_bars():
    # the blemish of issue 12: a legend inside the axes, over the bars and the mode line
    post = ck.bayes_changepoint(data=bundled()["wai"])
    fig, ax = ckp.changepoint_posterior_plot(post)
    ax.legend(handles=ax.get_legend().legend_handles, loc="upper left")
    assert any("over bar" in p or "over line '_casekit_mode'" in p for p in overlaps(fig))


def test_the_helper_sees_a_label_on_a_point():
    fig, ax = ckp.session_series(messy()["phq"], "PHQ-9", cutoff=10)
    x, y = messy()["phq"][["session", "value"]].dropna().iloc[3]
    ax.text(x, y, "cutoff 10", ha="center", va="center")
    assert any("text 'cutoff 10' over marker" in p for p in overlaps(fig))


def test_integer_scores_get_integer_ticks_and_fractions_do_not():
    d = messy()["phq"]
    fig, ax = ckp.session_series(d, "PHQ-9")
    fig.canvas.draw()
    assert all(float(t).is_integer() for t in ax.get_yticks())
    means = d.assign(value=d["value"] / 9.0, measure="item mean")     # 0-3 item means
    fig, ax = ckp.session_series(means, "item mean", improvement="decrease")
    fig.canvas.draw()
    assert not all(float(t).is_integer() for t in ax.get_yticks())


def test_event_markers_keep_off_the_data_and_the_top_edge():
    fig, ax = _messy_series(messy(), event_labels=None)
    fig.canvas.draw()
    frame = ax.get_window_extent()
    top = ax.transData.transform((0.0, 27.0))[1]           # the highest score
    for line in [ln for ln in ax.lines if ln.get_label().startswith("_casekit_event_")]:
        y = line.get_transform().transform((line.get_xdata()[0], 1.0))[1]
        r = line.get_markersize() * fig.dpi / 72.0 / 2.0
        assert y + r <= frame.y1 - 2.0 * fig.dpi / 72.0        # clear of the top edge
        assert y - r > top                                      # and above every score


def test_phase_codes_get_a_key_when_the_labels_do_not_fit():
    b = bundled()
    fig, ax = ckp.session_series(b["phq"], "PHQ-9", phases=b["phases"])
    labels = [t.get_text() for t in ax.texts if t.get_label() == "_casekit_phase_label"]
    assert labels == ["P0", "P1", "P2", "P3", "P4"]
    (key,) = [t for t in ax.texts if t.get_label() == "_casekit_phase_key"]
    text = key.get_text().replace("\n      ", " ")
    assert text.splitlines()[0] == "P0: Intake / assessment"
    assert "P3: Working within the contract: behavioural steps, tolerating guilt and shame" \
        in text.splitlines()
    # labels that fit are used as they are; a phase without a label shows its code
    fig, ax = ckp.session_series(messy()["phq"], "PHQ-9", phases=messy()["phases"],
                                 figsize=ckp.figsize("double", 0.4))
    labels = [t.get_text() for t in ax.texts if t.get_label() == "_casekit_phase_label"]
    assert labels[:2] == ["Assessment", "B"]
    # the figure casekit makes grows by the key instead of squeezing the data
    fig, ax = ckp.session_series(b["phq"], "PHQ-9", phases=b["phases"])
    assert fig.get_figheight() > ckp.figsize("single", 0.75)[1]


def test_rupture_criteria_are_named_in_words_with_their_threshold():
    m = messy()
    res = ck.rupture_repair(m["wai"], improvement="increase",
                            criterion=["stiles2sd", "strauss1sd"])
    fig, axes = ckp.rupture_repair_plot(m["wai"], res, criterion=["stiles2sd", "strauss1sd"])
    titles = [a.get_title(loc="left") for a in axes]
    thr = res.thresholds.set_index("criterion")["threshold"]
    head, _, shown = titles[0].replace("\n", " ").partition(": drop \u2265 ")
    assert head == "2 SD (Stiles et al., 2004)" and shown.endswith(" points")
    # rounded up to 0.01: a drop of the number shown meets the criterion
    assert 0 <= float(shown.split()[0]) - thr["stiles2sd"] < 0.01
    assert titles[1].startswith("1 SD (Strauss et al., 2006)")
    fig, ax = ckp.rupture_repair_plot(m["wai"], res, criterion="stiles2sd")
    legend = ax.get_legend()
    title = legend.get_title().get_text().replace("\n", " ")
    assert title.startswith("Criterion: 2 SD (Stiles et al., 2004): drop \u2265")
    assert "stiles2sd" not in " ".join(t.get_text() for t in legend.get_texts()) + title


def test_every_shaded_episode_has_a_legend_entry():
    import pandas as pd

    d = messy()["wai"]
    ep = pd.DataFrame({"start": [5, 20, 29], "nadir": [5, 20, 29],
                       "repair_session": [6, np.nan, np.nan],
                       "status": ["repaired", "unrepaired", "censored"]})
    fig, ax = ckp.rupture_repair_plot(d, ep, measure="WAI-SR")
    legend = [t.get_text().replace("\n", " ") for t in ax.get_legend().get_texts()]
    assert "repaired episode" in legend and "unrepaired episode" in legend
    assert "censored (series ended)" in legend
    spans = {p.get_label() for p in ax.patches if p.get_label().startswith("_casekit_episode")}
    assert spans == {"_casekit_episode_repaired", "_casekit_episode_unrepaired",
                     "_casekit_episode_censored"}


def test_alliance_above_symptoms():
    b = bundled()
    fig, axes = ckp.changepoint_figure(b["totals"], {m: ck.bayes_changepoint(
        data=b["totals"].query("measure == @m")) for m in ("PHQ-9", "WAI-SR")})
    assert [a.get_ylabel().split("\n")[0] for a in axes[:, 0]] == ["WAI-SR", "PHQ-9"]
    prec = ck.changepoint_precedence(data=b["totals"], alliance_measure="WAI-SR",
                                     symptom_measure="PHQ-9")
    fig, (top, bottom) = ckp.changepoint_posterior_plot(prec)
    assert top.get_title(loc="left").startswith("WAI-SR (alliance)")
    assert bottom.get_title(loc="left").startswith("PHQ-9 (symptoms)")
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"P(alliance changed first) {ck.tables.apa.format_prob(prec.prob_precedes, equals=True)}" \
        in legend


def test_a_criterion_threshold_is_rounded_up_not_to_the_nearest():
    # 1-SD criterion of 1.048 points was titled "drop >= 1 point": a drop of 1 does not meet it
    from casekit.plot._labels import criterion_text
    assert criterion_text("strauss1sd", 1.0483580825075305).endswith("drop \u2265 1.05 points")
    assert criterion_text("stiles2sd", 2.096716165015061).endswith("drop \u2265 2.1 points")
    assert criterion_text("stiles2sd", 7.1).endswith("drop \u2265 7.1 points")
    assert criterion_text("stiles2sd", 1.0).endswith("drop \u2265 1 point")
    assert criterion_text("stiles2sd", 3.0, "decrease").endswith("rise \u2265 3 points")
