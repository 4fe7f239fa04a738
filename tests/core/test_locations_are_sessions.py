"""Every location a result reports is a session number, also when sessions were missed.

Each case below runs a location-reporting function on a series whose session numbers have gaps
(missed sessions) and a known answer, and checks that the reported locations are the right
*sessions* (never positions). Modules add their functions to ``CASES``: one entry per function,
``name -> callable`` returning ``(reported, expected)`` (two lists of session numbers).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

import casekit as ck

#: A series with an obvious drop after session 14 and sessions 3 and 9 missed (not rated):
#: 20 observations over sessions 1..22. Positions and sessions differ from session 3 on, so a
#: position reported as a session is off by one or two.
SESSIONS = np.array([s for s in range(1, 23) if s not in (3, 9)], dtype=float)
LEVEL = np.where(SESSIONS <= 14, 20.0, 8.0)
NOISE = np.array([0.4, -0.3, 0.2, -0.5, 0.1, 0.3, -0.2, 0.0, 0.5, -0.4,
                  0.2, -0.1, 0.3, -0.3, 0.1, 0.4, -0.2, 0.0, 0.2, -0.1])
VALUES = LEVEL + NOISE
CHANGE_AFTER = 14.0  # last session before the change


def gapped_table(measure: str = "PHQ-9") -> pd.DataFrame:
    """The gapped series as a tidy table (case, measure, session, phase, value)."""
    return pd.DataFrame({"case": "gaps", "measure": measure, "session": SESSIONS,
                         "phase": np.where(SESSIONS <= CHANGE_AFTER, "A", "B"),
                         "value": VALUES})


CASES: dict[str, Callable[[], tuple[list, list]]] = {}

# changepoint / its / randomization ---------------------------------------------------------------


def _at(positions) -> list:
    """The sessions of 1-based positions of the gapped series."""
    return [SESSIONS[int(k) - 1] for k in positions]


def _amoc():
    res = ck.amoc(gapped_table(), n_boot=199, seed=1)
    return ([res.session, res.ci_lower_session, res.ci_upper_session],
            [CHANGE_AFTER] * 3)


def _pettitt():
    return [ck.pettitt(gapped_table()).session], [CHANGE_AFTER]


def _cpt_mean():
    res = ck.cpt_mean(gapped_table())
    seg = res.segments
    return ([*res.sessions, *res.summary["session"], seg["last_session"].iloc[0],
             seg["first_session"].iloc[1], seg["last_session"].iloc[1]],
            [CHANGE_AFTER, CHANGE_AFTER, CHANGE_AFTER, 15.0, 22.0])


def _bayes_changepoint():
    res = ck.bayes_changepoint(gapped_table())
    post = res.posterior
    return ([res.mode_session, *res.credible_interval_sessions, *res.credible_set_sessions,
             *post["session"]],
            [CHANGE_AFTER] * 4 + _at(post["k"]))


def _breakpoints():
    res = ck.breakpoints(gapped_table())
    ci = res.confint.iloc[0]
    return ([*res.sessions, ci["session"], ci["lower_session"], ci["upper_session"],
             res.supF_session],
            [CHANGE_AFTER, CHANGE_AFTER, *_at([ci["lower"], ci["upper"]]), CHANGE_AFTER])


def _piecewise_regression():
    res = ck.piecewise_regression(gapped_table())
    fs = res.fit_statistics.iloc[0]
    return ([res.session, res.start_session, fs["session"], fs["start_session"]],
            [CHANGE_AFTER, 15.0, CHANGE_AFTER, 15.0])


def _multilevel_piecewise_regression():
    two = pd.concat([gapped_table(), gapped_table().assign(case="gaps2",
                                                          value=VALUES + 1.0)])
    res = ck.multilevel_piecewise_regression(two)
    return (res.phase_changes[["session", "start_session"]].to_numpy().ravel().tolist(),
            [CHANGE_AFTER, 15.0] * 2)


def _randomization_test():
    res = ck.randomization_test(gapped_table(), improvement="decrease", limit=3)
    cs = res.case_statistics.iloc[0]
    dist = res.distribution
    return ([cs["session"], cs["start_session"], *dist["start_session"],
             *res.admissible_start_sessions["gaps"]],
            [CHANGE_AFTER, 15.0, *_at(dist["start"]), *_at(res.admissible_starts["gaps"])])


CASES.update({
    "amoc": _amoc, "pettitt": _pettitt, "cpt_mean": _cpt_mean,
    "bayes_changepoint": _bayes_changepoint, "breakpoints": _breakpoints,
    "piecewise_regression": _piecewise_regression,
    "multilevel_piecewise_regression": _multilevel_piecewise_regression,
    "randomization_test": _randomization_test,
})

# alliance ---------------------------------------------------------------------------------------
def _rupture_repair():
    from casekit.alliance import rupture_repair

    # a V-shaped dip at session 10 (the 8th rating: session 9 was missed), repaired at 11
    x = np.where(SESSIONS == 10, 37.0, 45.0)
    res = rupture_repair(values=x, sessions=SESSIONS, improvement="increase",
                         criterion="points", points=5)
    rec = res.summary.iloc[0]
    return [rec["start"], rec["nadir"], rec["repair_session"]], [10, 10, 11]


def _two_measures(case="gaps", shift=0.0):
    phq = gapped_table("PHQ-9").assign(case=case, value=VALUES + shift)
    wai = gapped_table("WAI-SR").assign(case=case, value=40.0 + 3.0 * NOISE[::-1]
                                        + 6.0 * (SESSIONS > CHANGE_AFTER))
    return pd.concat([wai, phq], ignore_index=True)


def _changepoint_precedence():
    from casekit.alliance import changepoint_precedence

    res = changepoint_precedence(data=_two_measures())
    post = res.posterior
    top = post.loc[post.groupby("series")["probability"].idxmax(), "session"].tolist()
    return res.summary["mode_session"].tolist() + top, [CHANGE_AFTER] * 4


def _lagged_precedence():
    from casekit.alliance import lagged_precedence

    res = lagged_precedence(_two_measures(), n_surrogates=99, seed=1)
    # the lag is one session: the pairs spanning the missed sessions 3 and 9 are left out
    return [s for pair in res.pairs_left_out for s in pair], [2, 4, 8, 10]


def _lagged_precedence_multilevel():
    from casekit.alliance import lagged_precedence_multilevel

    data = pd.concat([_two_measures("a"), _two_measures("b", shift=0.5)], ignore_index=True)
    res = lagged_precedence_multilevel(data, n_surrogates=99, seed=1)
    return [s for case in ("a", "b") for pair in res.pairs_left_out[case] for s in pair], \
        [2, 4, 8, 10] * 2


CASES["rupture_repair"] = _rupture_repair
CASES["changepoint_precedence"] = _changepoint_precedence
CASES["lagged_precedence"] = _lagged_precedence
CASES["lagged_precedence_multilevel"] = _lagged_precedence_multilevel

# sudden -----------------------------------------------------------------------------------------
def _sudden_gains():
    from casekit.sudden import sudden_gains

    res = sudden_gains(gapped_table(), sg_crit1_cutoff=7)   # PHQ-9: lower is better
    return res.summary[["pregain_session", "postgain_session"]].values.ravel().tolist(), \
        [CHANGE_AFTER, 15]


def _sudden_losses():
    from casekit.sudden import sudden_losses

    res = sudden_losses(gapped_table().assign(value=28.0 - VALUES), sg_crit1_cutoff=-7)
    iv = res.intervals
    return res.summary[["pregain_session", "postgain_session"]].values.ravel().tolist() + \
        iv["pregain_session"].iloc[[0, -1]].tolist(), [CHANGE_AFTER, 15, 2, 20]


def _sudden_gains_by_person():
    from casekit.sudden import sudden_gains_by_person

    res = sudden_gains_by_person(gapped_table(), sg_crit1_cutoff=7)
    row = res.summary.iloc[0]
    return [row["sg_session_n"], int(row["id_sg"].rsplit("_", 1)[1])], [CHANGE_AFTER] * 2


CASES["sudden_gains"] = _sudden_gains
CASES["sudden_gains_by_person"] = _sudden_gains_by_person
CASES["sudden_losses"] = _sudden_losses

# clinical ---------------------------------------------------------------------------------------
def _session_rc():
    import casekit as ck

    return ck.session_reliable_change(gapped_table(), instrument="PHQ-9")


# PHQ-9 published RCI of 6 points against the first session (20.4): reliably improved from the
# first session after the drop on
CASES["session_reliable_change.first_improved_session"] = lambda: (
    [_session_rc().first_improved_session], [CHANGE_AFTER + 1])
CASES["session_reliable_change.reliable_improvement_from"] = lambda: (
    [_session_rc().reliable_improvement_from()], [CHANGE_AFTER + 1])
CASES["session_reliable_change.summary.session"] = lambda: (
    _session_rc().summary["session"].tolist(), SESSIONS.tolist())


# plot -------------------------------------------------------------------------------------------
# Figures place everything at session numbers: the points, a change-point line midway between
# the last session before the change and the next observed one, a gain interval, the posterior
# bars, a rupture episode from the pre-rupture session (session 8: 9 was missed) to the repair.

def _figure_artists(ax, label):
    import matplotlib.pyplot as plt

    found = [a for a in list(ax.lines) + list(ax.patches) if a.get_label() == label]
    plt.close(ax.figure)
    return found


def _plot_series():
    import casekit as ck
    from casekit.plot import session_series

    fig, ax = session_series(gapped_table(), "PHQ-9",
                             changepoints=ck.bayes_changepoint(data=gapped_table()))
    (line,) = _figure_artists(ax, "PHQ-9")
    x = np.asarray(line.get_xdata(), float)
    (cp,) = _figure_artists(ax, "_casekit_changepoint")
    return x[np.isfinite(x)].tolist() + [cp.get_xdata()[0]], SESSIONS.tolist() + [14.5]


def _plot_sudden_gain():
    from casekit.plot import sudden_gain_plot
    from casekit.sudden import sudden_gains

    gains = sudden_gains(gapped_table(), sg_crit1_cutoff=7)
    fig, ax = sudden_gain_plot(gapped_table(), gains)
    (span,) = _figure_artists(ax, "_casekit_gain_interval")
    return [span.get_x(), span.get_x() + span.get_width()], [CHANGE_AFTER, 15]


def _plot_posterior():
    import casekit as ck
    from casekit.plot import changepoint_posterior_plot

    res = ck.bayes_changepoint(data=gapped_table())
    fig, ax = changepoint_posterior_plot(res)
    bars = [p for p in ax.patches if p.get_label() != "_casekit_credible_set"
            and p.get_height() > 0]
    (mode,) = _figure_artists(ax, "_casekit_mode")
    return ([round(b.get_x() + b.get_width() / 2, 9) for b in bars] + [mode.get_xdata()[0]],
            res.posterior["session"].tolist() + [CHANGE_AFTER])


def _plot_rupture_repair():
    from casekit.alliance import rupture_repair
    from casekit.plot import rupture_repair_plot

    wai = gapped_table("WAI-SR").assign(value=np.where(SESSIONS == 10, 37.0, 45.0))
    res = rupture_repair(wai, improvement="increase", criterion="points", points=5)
    fig, ax = rupture_repair_plot(wai, res)
    (span,) = _figure_artists(ax, "_casekit_episode_repaired")
    return [span.get_x(), span.get_x() + span.get_width()], [8, 11]


CASES["plot.session_series"] = _plot_series
CASES["plot.sudden_gain_plot"] = _plot_sudden_gain
CASES["plot.changepoint_posterior_plot"] = _plot_posterior
CASES["plot.rupture_repair_plot"] = _plot_rupture_repair


# visual, outliers, missing ---------------------------------------------------------------------


def _dual_criterion():
    from casekit.visual import dual_criterion
    res = dual_criterion(gapped_table(), improvement="decrease")
    return res.sessions_beyond, SESSIONS[SESSIONS > CHANGE_AFTER].tolist()


CASES["dual_criterion"] = _dual_criterion


def _flag_outliers():
    from casekit.outliers import flag_outliers
    table = gapped_table()
    table.loc[table["session"] == 17, "value"] = 30.0          # an obvious outlier in phase B
    return flag_outliers(table).sessions, [17]


CASES["flag_outliers"] = _flag_outliers


def _fill_missing():
    from casekit.missing import fill_missing
    return fill_missing(gapped_table()).filled_sessions, [3, 9]


CASES["fill_missing"] = _fill_missing


# case pipeline -------------------------------------------------------------------------------
def _analyze_case():
    a = ck.analyze_case(gapped_table(), alliance_measure=None, seed=1)
    cp = a.tables["change_points"].summary
    pw = a.tables["piecewise_regression"]
    reported = [*cp["session"], pw.session, a.comparison.baseline_sessions[1],
                a.comparison.treatment_sessions[0]]
    return reported, [CHANGE_AFTER] * (len(cp) + 2) + [15.0]


CASES["analyze_case"] = _analyze_case


def test_the_fixture_has_gaps():
    assert len(SESSIONS) == 20 and SESSIONS[2] == 4 and SESSIONS[-1] == 22


@pytest.mark.parametrize("name", sorted(CASES))
def test_locations_are_sessions(name):
    reported, expected = CASES[name]()
    assert list(map(float, reported)) == list(map(float, expected)), name
