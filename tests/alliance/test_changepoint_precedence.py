"""Change-point precedence on series built so that the answer is known by design."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.alliance import PrecedenceResult, changepoint_precedence


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
    s, a, y = two_series(alliance_change=18, symptom_change=24)
    res = changepoint_precedence(data=tidy(s, a, y))
    assert isinstance(res, PrecedenceResult)
    assert res.prob_precedes > 0.95
    assert res.prob_precedes_unconditional <= res.prob_precedes
    modes = res.summary.set_index("series")["mode_session"]
    assert modes["alliance"] == 18 and modes["symptoms"] == 24


def test_order_reversed_gives_low_precedence():
    s, a, y = two_series(alliance_change=26, symptom_change=18)
    res = changepoint_precedence(alliance=a, symptoms=y, alliance_sessions=s,
                                 symptom_sessions=s)
    assert res.prob_precedes < 0.05
    assert res.prob_follows > 0.95


def test_different_schedules_use_session_numbers():
    s, a, y = two_series(alliance_change=18, symptom_change=24)
    # alliance not rated at intake: drop its first session
    res = changepoint_precedence(alliance=a[1:], symptoms=y, alliance_sessions=s[1:],
                                 symptom_sessions=s)
    assert res.summary.set_index("series").loc["alliance", "mode_session"] == 18


def test_one_series_tables_as_positional_arguments():
    # changepoint_precedence(df, df) used to fail: "values must be numeric ... 'npd01'"
    s, a, y = two_series()
    table = tidy(s, a, y, case="npd01")
    both = changepoint_precedence(table, table)
    pd.testing.assert_frame_equal(both.summary, changepoint_precedence(data=table).summary)
    wai, phq = table[table.measure == "WAI-SR"], table[table.measure == "PHQ-9"]
    split = changepoint_precedence(wai.drop(columns="measure"), phq.drop(columns="measure"))
    pd.testing.assert_frame_equal(split.summary, both.summary)
    mixed = changepoint_precedence(wai, y, symptom_sessions=s)
    assert mixed.prob_precedes == both.prob_precedes
    # a table given alone is the tidy table of both measures (data=)
    pd.testing.assert_frame_equal(changepoint_precedence(table).summary, both.summary)


def test_posterior_axis_is_sessions_when_sessions_were_missed():
    s, a, y = two_series(alliance_change=18, symptom_change=24)
    keep = ~np.isin(s, [3, 9])  # two missed sessions
    res = changepoint_precedence(a[keep], y[keep], alliance_sessions=s[keep],
                                 symptom_sessions=s[keep])
    post = res.posterior
    assert set(post["series"]) == {"alliance", "symptoms"}
    assert not set(post["session"]) & {3, 9}
    assert post.groupby("series")["probability"].sum().round(12).tolist() == [1.0, 1.0]
    top = post.loc[post.groupby("series")["probability"].idxmax()]
    assert top["session"].tolist() == [18, 24]
    assert res.summary["mode_session"].tolist() == [18, 24]


def test_confidence_and_the_old_names():
    s, a, y = two_series()
    table = tidy(s, a, y).rename(columns={"value": "score", "session": "week"})
    res = changepoint_precedence(data=table, value_col="score", session_col="week",
                                 confidence=0.9)
    assert res.options["credible"] == 0.9
    with pytest.warns(FutureWarning, match="'credible' is now called 'confidence'"):
        old = changepoint_precedence(data=table, value_col="score", session_col="week",
                                     credible=0.9)
    pd.testing.assert_frame_equal(old.summary, res.summary)


def test_bad_input():
    s, a, y = two_series()
    with pytest.raises(TypeError, match="pass alliance="):
        changepoint_precedence(symptoms=y)
    with pytest.raises(TypeError, match="not both"):
        changepoint_precedence(a, y, data=tidy(s, a, y))
    with pytest.raises(ValueError, match="missing values"):
        changepoint_precedence(np.r_[np.nan, a[1:]], y)
    res = changepoint_precedence(np.r_[np.nan, a[1:]], y, missing="drop")
    assert any(n.startswith("alliance: 1 missing value(s) dropped") for n in res.notes)
