"""multilevel_piecewise_regression: several cases in one mixed model (simulated MBD).

The data are simulated with known fixed effects (level change -5 in every case, staggered
phase changes), so the fixed level change must be recovered; no published example.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.exceptions import NotEnoughPointsError
from casekit.its import multilevel_piecewise_regression


def _mbd():
    rng = np.random.default_rng(8)
    rows = []
    for i, n_a in enumerate((6, 9, 12, 15)):
        n = 30
        y = 20 + rng.normal(0, 2) + 0.1 * np.arange(n) - 5.0 * (np.arange(n) >= n_a) \
            + rng.normal(0, 1, n)
        rows.append(pd.DataFrame({"case": f"c{i}", "session": np.arange(1, n + 1),
                                  "phase": ["A"] * n_a + ["B"] * (n - n_a), "value": y}))
    return pd.concat(rows, ignore_index=True)


def test_multilevel_recovers_fixed_effects():
    df = _mbd()
    res = multilevel_piecewise_regression(df, improvement="decrease")
    assert res.n_cases == 4 and res.n == 120
    assert res.level_change == pytest.approx(-5.0, abs=1.0)
    assert res.level_improvement == -res.level_change
    assert res.level_ci_lower < -5.0 < res.level_ci_upper
    assert set(res.random_effects["component"]) >= {"intercept", "residual"}
    assert type(res.level_p) is float
    with pytest.raises(NotEnoughPointsError):
        multilevel_piecewise_regression(df[df.case == "c0"])


def test_phase_changes_in_sessions_and_renamed_arguments():
    df = _mbd()
    df = df[df["session"] != 3]  # a missed session in every case
    res = multilevel_piecewise_regression(df)
    pc = res.phase_changes.set_index("case")
    # c0: baseline sessions 1, 2, 4, 5, 6 -> last baseline session 6, first treatment 7
    assert (pc.loc["c0", "session"], pc.loc["c0", "start_session"]) == (6, 7)
    assert pc["n_a"].tolist() == [5, 8, 11, 14]
    with pytest.warns(FutureWarning, match="'outcome' is now called 'value_col'"):
        old = multilevel_piecewise_regression(df, outcome="value")
    pd.testing.assert_frame_equal(old.summary, res.summary)
