"""Sudden gains: direction, missed sessions, criteria, reversal and the result object.

The rules are those of suddengains 0.7.2 (Wiedemann et al. 2020, PLOS ONE 15(3):e0230276,
doi:10.1371/journal.pone.0230276); the series below are made up for the checks and their
expected values are worked out by hand in the comments. Exact comparisons (integer data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.sudden import SuddenGainsResult, sudden_gains

# id 1 of suddengains' sgdata (bdi_s1 ... bdi_s12): gains at 3 -> 4 and 7 -> 8
SERIES = [35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7]


def _long(values, case="A", start=1, measure=None):
    df = pd.DataFrame({"case": case, "session": np.arange(start, start + len(values)),
                       "value": np.asarray(values, dtype=float)})
    if measure is not None:
        df["measure"] = measure
    return df


def test_single_case_array_and_long_agree():
    a = sudden_gains(SERIES, sg_crit1_cutoff=7, improvement="decrease")
    b = sudden_gains(_long(SERIES), sg_crit1_cutoff=7, improvement="decrease")
    assert a.summary["pregain_session"].tolist() == [3, 7]
    assert b.summary["pregain_session"].tolist() == [3, 7]
    assert b.summary["case"].tolist() == ["A", "A"]
    # magnitudes 34 - 23 and 29 - 17
    assert b.summary["magnitude"].tolist() == [11.0, 12.0]
    assert a.n_gains == 2 and isinstance(a.n_gains, int)


def test_increase_direction_mirrors_decrease():
    # reflect the series: gains become rises of the same size; criterion 2 depends on the
    # level, so it is switched off for the comparison
    up = [63 - v for v in SERIES]
    dn = sudden_gains(SERIES, sg_crit1_cutoff=7, sg_crit2_pct=None, improvement="decrease")
    rs = sudden_gains(up, sg_crit1_cutoff=7, sg_crit2_pct=None, improvement="increase")
    assert rs.summary["pregain_session"].tolist() == dn.summary["pregain_session"].tolist()
    np.testing.assert_array_equal(rs.summary["magnitude"], dn.summary["magnitude"])
    np.testing.assert_array_equal(rs.summary["reversed"], dn.summary["reversed"])
    np.testing.assert_array_equal(rs.summary["reversal_value"],
                                  63 - dn.summary["reversal_value"])
    # a rise is not a gain on a lower-is-better measure
    assert sudden_gains(up, sg_crit1_cutoff=7, sg_crit2_pct=None,
                        improvement="decrease").n_gains == 0


def test_direction_from_registry_per_measure():
    phq = _long([20, 21, 20, 12, 11, 12, 11, 10], measure="PHQ-9")
    wai = _long([3.0, 3.1, 3.0, 5.5, 5.6, 5.5, 5.6, 5.4], measure="WAI-SR")
    res = sudden_gains(pd.concat([phq, wai]), sg_crit1_cutoff=1.5, sg_crit2_pct=0.25)
    s = res.summary
    assert sorted(s["measure"].tolist()) == ["PHQ-9", "WAI-SR"]
    assert set(s["pregain_session"]) == {3}
    assert (s["magnitude"] > 0).all()
    assert res.options["improvement"] == "decrease, increase"
    assert res.improvement_source == {"PHQ-9": "measure PHQ-9 (registry)",
                                      "WAI-SR": "measure WAI-SR (registry)"}
    only = sudden_gains(pd.concat([phq, wai]), sg_crit1_cutoff=1.5, measure="WAI-SR")
    assert only.summary["measure"].tolist() == ["WAI-SR"]


def test_improvement_accepts_an_instrument_name():
    by_name = sudden_gains(SERIES, sg_crit1_cutoff=7, improvement="BDI-II")
    assert by_name.summary["pregain_session"].tolist() == [3, 7]
    assert by_name.improvement_source == {None: "instrument BDI-II (registry)"}


def test_missed_session_kept_in_position():
    # session 5 missed: value NaN at its grid position, windows cut there
    df = _long(SERIES).query("session != 5")
    res = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease")
    iv = res.intervals.set_index("pregain_session")
    # interval 4 -> 5 and 5 -> 6 have a missing pre- or postgain score: NA, not False
    assert iv.loc[4, "sudden_gain"] is pd.NA and iv.loc[5, "sudden_gain"] is pd.NA
    assert iv.loc[4, "crit1"] is pd.NA
    # 3 -> 4 is still a gain: post window 23, NaN, 21 has 2 values (df 3, t = 3.182)
    # 7 -> 8 is not any more: pre window NaN, 21, 29 (mean 25, SD 5.657), post 17, 11, 11
    # (mean 13, SD 3.464): pooled SD sqrt((32 + 24) / 3) = 4.320, 3.182 * 4.320 = 13.75 > 12
    assert res.summary["pregain_session"].tolist() == [3]
    assert iv.loc[7, "crit1"] and iv.loc[7, "crit2"] and not iv.loc[7, "crit3"]
    assert iv.loc[7, "critical_value"] == pytest.approx(3.182, abs=1e-3)
    assert res.summary["crit3_critical_value"].iloc[0] == pytest.approx(3.182, abs=1e-3)
    assert np.isnan(res.summary["value_n_plus2"].iloc[0])
    assert iv.loc[3, "n_post"] == 2
    # "not a gain" is False
    assert iv.loc[2, "sudden_gain"] is False or iv.loc[2, "sudden_gain"] == False  # noqa: E712


def test_gains_are_reported_at_sessions_when_sessions_were_missed():
    # sessions 3 and 9 missed and the drop after session 14: the gain is 14 -> 15 (the 12th
    # and 13th ratings), never the positions
    sessions = [s for s in range(1, 23) if s not in (3, 9)]
    values = [20, 21, 20, 19, 21, 20, 20, 21, 19, 20, 20, 21, 8, 9, 8, 7, 8, 9, 8, 7]
    res = sudden_gains(pd.DataFrame({"case": "g", "session": sessions, "value": values}),
                       sg_crit1_cutoff=7, improvement="decrease")
    assert res.summary[["pregain_session", "postgain_session"]].values.tolist() == [[14, 15]]


def test_too_few_values_gives_na_crit3():
    # session 1 missed: the 2 -> 3 interval (30 -> 20) meets criteria 1 and 2 but its pre
    # window (sessions 1, 2) has one value, so criterion 3 and the interval are NA
    res = sudden_gains(pd.DataFrame({"case": 1, "session": [1, 2, 3, 4, 5, 6, 7],
                                     "value": [np.nan, 30, 20, 19, 18, 18, 17]}),
                       sg_crit1_cutoff=7, improvement="decrease", missing="drop")
    iv = res.intervals.set_index("pregain_session")
    assert iv.index.tolist() == [2, 3, 4, 5]  # 7 sessions: pregains 2 .. N - 2
    assert iv.loc[2, "crit1"] and iv.loc[2, "crit2"]
    assert iv.loc[2, "crit3"] is pd.NA and iv.loc[2, "sudden_gain"] is pd.NA
    assert iv.loc[2, "n_pre"] == 1
    assert res.n_gains == 0


def test_first_interval_excluded_unless_1to2():
    vals = [30, 30, 18, 17, 16, 16, 15]
    df = _long(vals, start=0)  # session 0 = baseline
    assert sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease").n_gains == 0
    res = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease", identify_sg_1to2=True)
    assert res.summary["pregain_session"].tolist() == [1]


def test_reversal_rules():
    # gain 30 -> 20 at 3 -> 4; reversal value 25; session 5 (n+2) = 26 goes back past it
    vals = [31, 30, 30, 20, 26, 21, 20, 19]
    a = sudden_gains(vals, sg_crit1_cutoff=7, improvement="decrease", sg_crit3=False)
    b = sudden_gains(vals, sg_crit1_cutoff=7, improvement="decrease", sg_crit3=False,
                     reversal="suddengains")
    assert a.summary["reversal_value"].tolist() == [25.0]
    assert a.summary["reversed"].tolist() == [True]
    # suddengains' scan starts at n+3 and misses session 5
    assert b.summary["reversed"].tolist() == [False]
    # a worsening that stays short of the reversal value is a setback, not a reversal
    c = sudden_gains([31, 30, 30, 20, 24, 21, 20, 19], sg_crit1_cutoff=7, sg_crit3=False,
                     improvement="decrease")
    assert c.summary["reversed"].tolist() == [False]


def test_phase_attached():
    df = _long(SERIES)
    df["phase"] = np.where(df["session"] <= 3, "A", "B")
    res = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease")
    assert res.summary["phase"].tolist() == ["B", "B"]
    other = df.rename(columns={"phase": "stage"})
    assert sudden_gains(other, sg_crit1_cutoff=7, improvement="decrease",
                        phase_col="stage").summary["phase"].tolist() == ["B", "B"]


def test_sudden_gains_named_phase_column_must_exist():
    # phase="Phase" (a column that is not there) was ignored; the default "phase" stays
    # optional
    df = pd.DataFrame({"case": "c1", "session": range(1, 9),
                       "value": [20.0, 21, 20, 10, 9, 10, 9, 8]})
    with pytest.raises(ValueError, match="Phase"):
        sudden_gains(df, sg_crit1_cutoff=5, improvement="decrease", phase_col="Phase")
    res = sudden_gains(df, sg_crit1_cutoff=5, improvement="decrease")
    assert res.n_gains == 1
    assert "phase" not in res.summary.columns


def test_criteria_switches():
    # criterion 1 only: every drop of >= 7 with both scores present
    res = sudden_gains(SERIES, sg_crit1_cutoff=7, sg_crit2_pct=None, sg_crit3=False,
                       improvement="decrease")
    assert res.summary["pregain_session"].tolist() == [3, 7]
    assert res.intervals["crit3"].isna().all()
    assert res.method_card["variant"] == "criteria 1, 2 (off), 3 (off); reversal after_postgain"
    with pytest.raises(ValueError, match="no criterion"):
        sudden_gains(SERIES, sg_crit1_cutoff=None, sg_crit2_pct=None, sg_crit3=False,
                     improvement="decrease")


def test_public_names_and_result_types():
    assert casekit.sudden_gains is sudden_gains
    res = sudden_gains(SERIES, sg_crit1_cutoff=7, improvement="decrease")
    assert isinstance(res, SuddenGainsResult)
    d = res.describe()
    assert all(isinstance(v, (int, float)) for v in d.values())
    assert "Sudden gains" in res.to_text()
    assert res.method_card["mirrors"].startswith("suddengains 0.7.2")
    fields = res.to_dict()
    assert {"kind", "n_gains", "n_cases", "n_cases_with_gain", "n_reversed",
            "reversal_offset", "dropped", "improvement_source", "case_col"} == set(fields)
    assert (fields["kind"], fields["n_gains"], fields["n_reversed"]) == ("gains", 2, 1)


def test_too_short_series_says_so():
    res = sudden_gains([20, 10, 9], sg_crit1_cutoff=7, improvement="decrease")
    assert res.n_gains == 0 and len(res.intervals) == 0
    assert any("no interval could be tested" in n for n in res.notes)
