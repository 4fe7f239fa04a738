"""Alliance -> symptom precedence on series built so that the answer is known by design."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.alliance import changepoint_precedence, lagged_precedence


def two_series(n=44, alliance_change=18, symptom_change=24, sigma=1.0, seed=11):
    rng = np.random.default_rng(seed)
    s = np.arange(1, n + 1)
    alliance = np.where(s <= alliance_change, 32.0, 46.0) + rng.normal(0, sigma * 1.5, n)
    symptoms = np.where(s <= symptom_change, 18.0, 7.0) + rng.normal(0, sigma * 1.5, n)
    return s, alliance, symptoms


def tidy(s, a, y, case="C1"):
    return pd.concat([
        pd.DataFrame({"case": case, "session": s, "measure": "WAI-SR", "value": a}),
        pd.DataFrame({"case": case, "session": s, "measure": "PHQ-9", "value": y}),
    ], ignore_index=True)


def test_alliance_leading_symptoms_gives_high_precedence():
    pytest.importorskip("casekit.changepoint")
    s, a, y = two_series(alliance_change=18, symptom_change=24)
    res = changepoint_precedence(data=tidy(s, a, y))
    assert res.prob_precedes > 0.95
    assert res.prob_precedes_unconditional <= res.prob_precedes
    modes = res.summary.set_index("series")["mode_session"]
    assert modes["alliance"] == 18 and modes["symptoms"] == 24


def test_order_reversed_gives_low_precedence():
    pytest.importorskip("casekit.changepoint")
    s, a, y = two_series(alliance_change=26, symptom_change=18)
    res = changepoint_precedence(alliance=a, symptoms=y, alliance_sessions=s,
                                 symptom_sessions=s)
    assert res.prob_precedes < 0.05
    assert res.prob_follows > 0.95


def test_different_schedules_use_session_numbers():
    pytest.importorskip("casekit.changepoint")
    s, a, y = two_series(alliance_change=18, symptom_change=24)
    # alliance not rated at intake: drop its first session
    res = changepoint_precedence(alliance=a[1:], symptoms=y, alliance_sessions=s[1:],
                                 symptom_sessions=s)
    assert res.summary.set_index("series").loc["alliance", "mode_session"] == 18


def lagged_pair(n=45, b=0.6, phi=0.3, seed=5):
    """Symptom change driven by the previous alliance (b), plus AR(1) alliance."""
    rng = np.random.default_rng(seed)
    a = np.zeros(n)
    for t in range(1, n):
        a[t] = phi * a[t - 1] + rng.normal()
    y = np.zeros(n)
    for t in range(1, n):
        y[t] = 0.5 * y[t - 1] - b * a[t - 1] + rng.normal(0, 0.5)
    return np.arange(1, n + 1), 40 + 3 * a, 12 + 3 * y


def test_lagged_effect_is_detected_in_the_right_direction():
    s, a, y = lagged_pair(b=0.8)
    res = lagged_precedence(tidy(s, a, y), seed=1)
    fwd, rev = res.summary.iloc[0], res.summary.iloc[1]
    assert fwd["direction"] == "WAI-SR -> PHQ-9"
    assert fwd["estimate"] < 0 and fwd["p_value"] < 0.01
    assert fwd["ci_upper"] < 0
    assert rev["p_value"] > 0.05
    assert res.seed == 1


def test_lagged_precedence_is_reproducible_with_seed():
    s, a, y = lagged_pair(b=0.0)
    r1 = lagged_precedence(tidy(s, a, y), seed=3)
    r2 = lagged_precedence(tidy(s, a, y), seed=3)
    pd.testing.assert_frame_equal(r1.summary, r2.summary)


def test_lagged_precedence_bad_input():
    s, a, y = lagged_pair()
    with pytest.raises(ValueError, match="measure 'SRS' is not in the data"):
        lagged_precedence(tidy(s, a, y), alliance="SRS")
    with pytest.raises(ValueError, match="detrend must be one of"):
        lagged_precedence(tidy(s, a, y), detrend="quadratic")
    two = pd.concat([tidy(s, a, y, "C1"), tidy(s, a, y, "C2")])
    with pytest.raises(ValueError, match="pass case="):
        lagged_precedence(two)


def test_multilevel_version_pools_within_person_effects():
    from casekit.alliance import lagged_precedence_multilevel
    frames = []
    for i in range(4):
        s, a, y = lagged_pair(n=35, b=0.7, seed=20 + i)
        frames.append(tidy(s, a + 5 * i, y - 2 * i, case=f"C{i}"))
    res = lagged_precedence_multilevel(pd.concat(frames), seed=2, n_surrogates=199)
    fwd = res.summary[(res.summary["direction"] == "WAI-SR -> PHQ-9")]
    assert set(fwd["model"]) == {"pooled_within", "mixed"}
    assert (fwd["estimate"] < 0).all()
    assert fwd.set_index("model").loc["pooled_within", "p_value"] < 0.01
    assert fwd["n_cases"].iloc[0] == 4
