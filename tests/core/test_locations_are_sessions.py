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

# alliance ---------------------------------------------------------------------------------------

# sudden -----------------------------------------------------------------------------------------

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


def test_the_fixture_has_gaps():
    assert len(SESSIONS) == 20 and SESSIONS[2] == 4 and SESSIONS[-1] == 22


@pytest.mark.parametrize("name", sorted(CASES))
def test_locations_are_sessions(name):
    reported, expected = CASES[name]()
    assert list(map(float, reported)) == list(map(float, expected)), name
