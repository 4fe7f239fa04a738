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

# sudden -----------------------------------------------------------------------------------------

# clinical ---------------------------------------------------------------------------------------

# plot -------------------------------------------------------------------------------------------


def test_the_fixture_has_gaps():
    assert len(SESSIONS) == 20 and SESSIONS[2] == 4 and SESSIONS[-1] == 22


@pytest.mark.parametrize("name", sorted(CASES))
def test_locations_are_sessions(name):
    reported, expected = CASES[name]()
    assert list(map(float, reported)) == list(map(float, expected)), name
