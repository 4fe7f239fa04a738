"""fill_missing: interpolation, the imputed flag, phase boundaries, table rows, analyses."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.exceptions import CaseDataError
from casekit.missing import FilledSeries, fill_missing


def _table():
    return pd.DataFrame({
        "case": "c1", "measure": "PHQ-9", "rater": "client",
        "session": [1, 2, 3, 5, 6, 7, 8, 10, 11],
        "date": [f"2024-01-{d:02d}" for d in (1, 8, 15, 29, 5, 12, 19, 4, 11)],
        "phase": ["A", "A", "A", "A", "B", "B", "B", "B", "B"],
        "value": [20.0, np.nan, 18.0, 17.0, 12.0, 11.0, 10.0, 9.0, 8.0],
        "missing_code": [None, "not_administered", None, None, None, None, None, None, None],
    })


def test_hand_example_with_gaps_and_nan_rows():
    res = fill_missing(_table())
    assert isinstance(res, FilledSeries)
    d = res.data.set_index("session")
    assert res.filled_sessions == [2, 4, 9] and res.unfilled_sessions == []
    assert d.loc[2, "value"] == 19.0 and d.loc[4, "value"] == 17.5 and d.loc[9, "value"] == 9.5
    assert d["imputed"].sum() == 3 and d.loc[[2, 4, 9], "imputed"].all()
    assert not d.loc[[1, 3, 5, 6, 7, 8, 10, 11], "imputed"].any()
    # the row that was there keeps its columns; an added row copies only who it is
    assert d.loc[2, "missing_code"] == "not_administered" and d.loc[2, "date"] == "2024-01-08"
    assert (d.loc[4, "case"], d.loc[4, "measure"], d.loc[4, "rater"]) == ("c1", "PHQ-9",
                                                                          "client")
    assert pd.isna(d.loc[4, "date"]) and d.loc[4, "phase"] == "A" and d.loc[9, "phase"] == "B"
    s = res.summary.set_index("session")
    assert (s.loc[4, "previous_session"], s.loc[4, "next_session"]) == (3, 5)


def test_gap_across_the_phase_change():
    v, s, p = [20.0, 18.0, 12.0, 10.0], [1, 2, 5, 6], ["A", "A", "B", "B"]
    left = fill_missing(v, sessions=s, phases=p)
    assert left.filled_sessions == [] and left.unfilled_sessions == [3, 4]
    assert len(left.data) == 4 and not left.data["imputed"].any()
    assert "phase change (A -> B" in left.summary["note"].iloc[0]
    scan = fill_missing(v, sessions=s, phases=p, boundary="previous")
    d = scan.data.set_index("session")
    assert d.loc[[3, 4], "phase"].tolist() == ["A", "A"]          # scan's rule
    assert d.loc[[3, 4], "value"].tolist() == pytest.approx([16.0, 14.0])


def test_a_labelled_row_keeps_its_phase_across_the_change():
    d = pd.DataFrame({"session": [1, 2, 3, 4], "phase": ["A", "A", "B", "B"],
                      "value": [20.0, np.nan, np.nan, 10.0]})
    res = fill_missing(d, boundary="previous").data
    assert res["phase"].tolist() == ["A", "A", "B", "B"]
    assert res["value"].tolist() == pytest.approx([20.0, 50 / 3, 40 / 3, 10.0])


def test_no_extrapolation_at_the_ends():
    res = fill_missing([np.nan, 4.0, 5.0, np.nan])
    assert res.filled_sessions == [] and res.unfilled_sessions == [1, 4]
    assert res.data["value"].isna().tolist() == [True, False, False, True]
    notes = res.summary["note"].tolist()
    assert notes == ["left missing: no observed value before it",
                     "left missing: no observed value after it"]


def test_filled_values_are_refused_unless_included():
    filled = fill_missing(_table()).data
    with pytest.raises(CaseDataError, match="imputed value at session 4"):
        ck.describe_phases(filled)
    used = ck.describe_phases(filled, missing="include_imputed").summary.set_index("phase")
    assert used.loc["A", "n"] == 5 and used.loc["A", "imputed"] == 2
    left_out = ck.describe_phases(filled, missing="drop").summary.set_index("phase")
    assert left_out.loc["A", "n"] == 3 and left_out.loc["A", "missing"] == 2


def test_filling_twice_gives_the_same_table():
    once = fill_missing(_table()).data
    twice = fill_missing(once).data
    pd.testing.assert_frame_equal(once, twice)


def test_selects_one_series_of_a_table():
    two = pd.concat([_table(), _table().assign(case="c2", value=np.arange(9.0))])
    res = ck.fill_missing(two, case="c2")
    assert (res.case, res.measure) == ("c2", "PHQ-9")
    # c2 has a value at session 2; the two tables share row labels 0..8
    assert set(res.data["case"]) == {"c2"} and res.filled_sessions == [4, 9]
    assert res.data["value"].tolist()[:4] == [0.0, 1.0, 2.0, 2.5]
    with pytest.raises(ValueError, match="pass case="):
        fill_missing(two)


def test_nothing_to_fill():
    res = fill_missing([1.0, 2.0, 3.0], phases=["A", "A", "B"])
    assert res.filled_sessions == [] and len(res.summary) == 0
    assert res.data.columns.tolist() == ["session", "phase", "value", "imputed"]


def test_fractional_sessions_and_options_are_refused():
    with pytest.raises(ValueError, match="whole-number sessions"):
        fill_missing([1.0, 2.0], sessions=[1.0, 2.5])
    with pytest.raises(ValueError, match="boundary must be one of 'leave', 'previous'"):
        fill_missing([1.0, 2.0], boundary="next")
