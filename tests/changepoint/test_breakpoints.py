"""breakpoints: degenerate input, sessions of the break dates and of their intervals.

The parity with strucchange is in test_strucchange_reference.py and the Nile example in
test_nile.py; here the inputs are built so that the right behaviour is known (a constant
series has no break and undefined test statistics; a shifted series has its break where the
shift is, reported as the session of that observation).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from casekit._input import as_series
from casekit.changepoint import breakpoints
from casekit.changepoint._base import limit_session

SHIFT = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]


def test_breakpoints_constant_series_no_foreign_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = breakpoints(np.full(20, 3.0))
    assert res.breakpoints == []
    assert math.isnan(res.supF) and math.isnan(res.cusum)
    assert any("constant" in n for n in res.notes)


def test_break_dates_and_intervals_as_sessions():
    # sessions 3 and 9 missed: positions and sessions differ
    sess = [1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18]
    res = breakpoints(SHIFT, sessions=sess, h=3)
    assert res.breakpoints == [8] and res.sessions == [10]
    row = res.summary.iloc[0]
    assert row["session"] == 10
    for pos, ses in (("ci_lower", "ci_lower_session"), ("ci_upper", "ci_upper_session")):
        if np.isfinite(row[pos]) and 1 <= row[pos] <= len(sess):
            assert row[ses] == sess[int(row[pos]) - 1]
    ci = res.confint.iloc[0]
    assert (ci["lower_session"], ci["session"], ci["upper_session"]) == (
        row["ci_lower_session"], row["session"], row["ci_upper_session"])
    assert res.supF_session == sess[res.supF_breakpoint - 1]
    tab = res.rss_table.set_index("m")
    assert tab.loc[1, "sessions"] == tuple(sess[k - 1] for k in tab.loc[1, "breakpoints"])


def test_confidence_limit_outside_the_series_has_no_session():
    # a limit strucchange places outside 1..n has no session when sessions are given, and
    # stays the position when the observations are only numbered 1..n
    given = as_series([1.0, 2.0, 3.0], sessions=[4, 5, 6])
    numbered = as_series([1.0, 2.0, 3.0])
    assert np.isnan(limit_session(given, 0)) and np.isnan(limit_session(given, 4))
    assert limit_session(given, 2) == 5 and limit_session(numbered, 4) == 4
    assert np.isnan(limit_session(given, float("nan")))


def test_confidence_level_option():
    df = pd.DataFrame({"session": np.arange(1, 17), "value": SHIFT})
    narrow = breakpoints(df, h=3, confidence=0.5)
    wide = breakpoints(df, h=3, confidence=0.99)
    assert narrow.confidence == 0.5 and narrow.options["ci_level"] == 0.5
    assert wide.confint["lower"].iloc[0] <= narrow.confint["lower"].iloc[0]
    assert narrow.confint["upper"].iloc[0] <= wide.confint["upper"].iloc[0]
