"""Session-by-session reliable change (casekit's own method; domain/methods.md section 3.3).

No anchor package computes this, so the expected numbers are the Jacobson & Truax (1991)
formulas written out by hand (doi:10.1037/0022-006X.59.1.12): S_diff = sqrt(2) SEM against a
single score, SEM sqrt(1 + 1/k) against a k-session baseline mean. Tolerance 1e-12.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.clinical import session_reliable_change
from casekit.exceptions import CaseDataError

SERIES = [22, 21, 23, 18, 15, 12, 10, 9]
SHORT = [20, 19, 15, 12, 9, 8]


def test_against_first_session():
    res = session_reliable_change(SERIES, sd=6.0, reliability=0.85, improvement="decrease")
    sem = 6.0 * math.sqrt(0.15)
    s_diff = math.sqrt(2) * sem
    s = res.summary
    assert list(s.columns) == ["session", "value", "reference", "change", "rci", "band_lower",
                               "band_upper", "category", "clinical"]
    np.testing.assert_allclose(s["rci"], (np.array(SERIES) - 22) / s_diff, rtol=1e-12)
    np.testing.assert_allclose(s["band_lower"], 22 - 1.96 * s_diff, rtol=1e-12)
    np.testing.assert_allclose(s["band_upper"], 22 + 1.96 * s_diff, rtol=1e-12)
    expected = ["improved" if (v - 22) / s_diff < -1.96 else "unchanged" for v in SERIES]
    assert s["category"].tolist() == expected
    assert res.s_diff == pytest.approx(s_diff, rel=1e-12)
    assert s["clinical"].isna().all()


def test_baseline_mean_uses_smaller_se():
    res = session_reliable_change(SERIES, sd=6.0, reliability=0.85, improvement="decrease",
                                  reference="baseline_mean", baseline_sessions=3)
    sem = 6.0 * math.sqrt(0.15)
    assert res.reference_value == pytest.approx(22.0, rel=1e-12)
    assert res.s_diff == pytest.approx(sem * math.sqrt(1 + 1 / 3), rel=1e-12)
    assert res.k_baseline == 3
    assert any("sqrt(1 + 1/k)" in n for n in res.notes)
    # the same baseline given as session numbers
    res2 = session_reliable_change(SERIES, sd=6.0, reliability=0.85, improvement="decrease",
                                   reference="baseline_mean", baseline_sessions=[1, 2, 3])
    np.testing.assert_allclose(res2.summary["rci"], res.summary["rci"], rtol=1e-12)


def test_stated_reference_and_cutoff():
    res = session_reliable_change(SERIES, sd=6.0, reliability=0.85, improvement="decrease",
                                  reference=25.0, cutoff=14.0)
    s = res.summary
    assert (s["reference"] == 25.0).all()
    # recovered needs reliable improvement and a post score strictly below the cutoff
    assert s.loc[s["value"] == 12, "category"].item() == "recovered"
    assert s.loc[s["value"] == 15, "category"].item() == "improved"
    assert s["clinical"].tolist() == [v > 14 for v in SERIES]


def test_reliable_improvement_from():
    res = session_reliable_change([22, 21, 12, 20, 12, 11, 10], sd=6.0, reliability=0.85,
                                  improvement="decrease")
    # session 3 is improved, 4 is not, so the stable run starts at session 5
    assert res.summary["category"].tolist()[2:5] == ["improved", "unchanged", "improved"]
    assert res.reliable_improvement_from() == 5
    assert res.first_improved_session == 3
    none = session_reliable_change([22, 21, 22], sd=6.0, reliability=0.85,
                                   improvement="decrease")
    assert none.reliable_improvement_from() is None and none.first_improved_session is None


def test_phq9_published_band_and_long_data():
    df = pd.DataFrame({"case": "A", "session": [1, 2, 3, 4], "value": [18, 15, 12, 8]})
    res = session_reliable_change(df, instrument="PHQ-9", cutoff="instrument")
    s = res.summary
    assert s["band_lower"].iloc[0] == 12.0 and s["band_upper"].iloc[0] == 24.0
    # a change of exactly 6 meets the registry rule '>='
    assert s["category"].tolist() == ["unchanged", "unchanged", "improved", "recovered"]
    assert s["clinical"].tolist() == [True, True, True, False]
    assert "published RCI" in res.sd_source


def test_alliance_increase():
    res = session_reliable_change([4.0, 4.1, 4.9, 5.6], sd=0.8, reliability=0.9,
                                  improvement="increase")
    s_diff = math.sqrt(2) * 0.8 * math.sqrt(0.1)
    assert res.summary["category"].tolist() == [
        "improved" if (v - 4.0) / s_diff > 1.96 else "unchanged" for v in [4.0, 4.1, 4.9, 5.6]]
    assert res.summary["category"].iloc[-1] == "improved"


def test_errors():
    with pytest.raises(ValueError, match="sd="):
        session_reliable_change(SERIES, improvement="decrease")
    with pytest.raises(ValueError, match="baseline_sessions"):
        session_reliable_change(SERIES, sd=6, reliability=0.8, improvement="decrease",
                                reference="baseline_mean")
    with pytest.raises(ValueError, match="reference must be one of"):
        session_reliable_change(SERIES, sd=6, reliability=0.8, improvement="decrease",
                                reference="mean")
    with pytest.raises(ValueError, match="missing values"):
        session_reliable_change([1, np.nan, 3], sd=6, reliability=0.8, improvement="decrease")
    two = pd.DataFrame({"case": ["A", "B"], "session": [1, 1], "value": [3, 4]})
    # the shared input layer's error (casekit._input.as_series): one series at a time
    with pytest.raises(ValueError, match="several values of 'case'"):
        session_reliable_change(two, sd=6, reliability=0.8, improvement="decrease")
    dup = pd.DataFrame({"session": [1, 1], "value": [3, 4]})
    with pytest.raises(CaseDataError):
        session_reliable_change(dup, sd=6, reliability=0.8, improvement="decrease")


def test_one_series_is_selected_from_a_tidy_table():
    table = pd.DataFrame({"case": ["A"] * 4 + ["B"] * 4, "measure": "PHQ-9",
                          "session": [1, 2, 3, 4] * 2, "value": [18, 15, 12, 8, 20, 20, 19, 21]})
    res = session_reliable_change(table, case="A", instrument="PHQ-9")
    assert res.summary["value"].tolist() == [18, 15, 12, 8]
    # the registry knows the measure: the direction may be omitted (the source is stated)
    own = session_reliable_change(table, case="B", sd=5, reliability=0.8)
    assert own.improvement == "decrease" and "measure PHQ-9" in own.improvement_source


def test_missing_values_are_dropped_only_when_asked_and_noted():
    df = pd.DataFrame({"session": [1, 2, 4, 5], "value": [20.0, np.nan, 12.0, 8.0]})
    with pytest.raises(CaseDataError, match="missing value at session 2"):
        session_reliable_change(df, instrument="PHQ-9")
    res = session_reliable_change(df, instrument="PHQ-9", missing="drop")
    assert res.summary["session"].tolist() == [1, 4, 5]
    assert any("dropped" in n and "2" in n for n in res.notes)


def test_old_column_names_still_work_with_a_future_warning():
    df = pd.DataFrame({"week": [1, 2, 3], "score": [20.0, 15.0, 9.0]})
    expected = session_reliable_change(df, session_col="week", value_col="score",
                                       instrument="PHQ-9")
    with pytest.warns(FutureWarning, match="'session' is now called 'session_col'"):
        res = session_reliable_change(df, session="week", value_col="score",
                                      instrument="PHQ-9")
    pd.testing.assert_frame_equal(res.summary, expected.summary)
    with pytest.warns(FutureWarning, match="'value' is now called 'value_col'"):
        session_reliable_change(df, session_col="week", value="score", instrument="PHQ-9")


def test_session_rc_method_card_keeps_the_citation():
    # the reference label ("first session (1)") was stored in Result.reference, so
    # method_card["reference"] lost the Jacobson & Truax (1991) citation
    res = session_reliable_change(SHORT, instrument="PHQ-9")
    assert "10.1037/0022-006X.59.1.12" in res.method_card["reference"]
    # the documented attribute keeps the label of the reference score
    assert res.reference == "first session (1)"


def test_session_rc_refuses_reliability_it_would_not_use():
    with pytest.raises(ValueError, match="reliability="):
        session_reliable_change(SHORT, instrument="PHQ-9", reliability=0.5)


def test_session_rc_sessions_refused_with_frame():
    # the shared input layer's error: sessions= goes with array input (a TypeError there)
    df = pd.DataFrame({"session": [1, 2, 3], "value": [20.0, 15.0, 9.0]})
    with pytest.raises(TypeError, match="sessions="):
        session_reliable_change(df, sessions=[4, 5, 6], sd=6.0, reliability=0.85,
                                improvement="decrease")


def test_session_rc_baseline_sessions_need_baseline_mean():
    with pytest.raises(ValueError, match="baseline_sessions"):
        session_reliable_change(SHORT, baseline_sessions=3, sd=6.0, reliability=0.85,
                                improvement="decrease")


def test_session_rc_array_sessions_must_increase():
    # a DataFrame is sorted by session and duplicates are refused; array input took any order,
    # so reference="first" silently meant "first listed", and duplicates passed
    for bad in ([3, 1, 2, 4, 5, 6], [1, 2, 2, 3, 4, 5]):
        with pytest.raises(ValueError, match="sessions"):
            session_reliable_change(SHORT, sessions=bad, sd=6.0, reliability=0.85,
                                    improvement="decrease")
    ok = session_reliable_change(SHORT, sessions=[2, 3, 5, 6, 8, 9], sd=6.0,
                                 reliability=0.85, improvement="decrease")
    assert ok.summary["session"].tolist() == [2, 3, 5, 6, 8, 9]


def test_session_rc_frame_sessions_must_be_numbers():
    # a missing session was sorted to the end and kept; text sessions were sorted as text
    # ("10" before "2")
    df = pd.DataFrame({"session": [1, np.nan, 3], "value": [20.0, 15.0, 9.0]})
    with pytest.raises(CaseDataError) as exc:
        session_reliable_change(df, sd=6.0, reliability=0.85, improvement="decrease")
    assert exc.value.problems["row"].tolist() == [1]
    assert exc.value.problems["column"].tolist() == ["session"]
    text = pd.DataFrame({"session": ["1", "2", "x"], "value": [20.0, 15.0, 9.0]})
    with pytest.raises(CaseDataError) as exc:
        session_reliable_change(text, sd=6.0, reliability=0.85, improvement="decrease")
    assert exc.value.problems["row"].tolist() == [2]


def test_lazy_name():
    assert casekit.session_reliable_change is session_reliable_change
