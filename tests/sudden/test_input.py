"""Sudden gains read long data with the rules and messages of casekit's one input layer.

A missing column, a value that is not a number, a session given twice, a missing value
(``missing=``) and imputed values read as in every other analysis (``casekit._input``); whole
session numbers and a case label on every row are the session grid's own rules. Wide data keep
suddengains' layout (an empty cell is a missed session).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.exceptions import CaseDataError
from casekit.sudden import sudden_gains

SERIES = [35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7]


def _long(values, case="A", measure=None):
    df = pd.DataFrame({"case": case, "session": np.arange(1, len(values) + 1),
                       "value": np.asarray(values, dtype=float)})
    if measure is not None:
        df["measure"] = measure
    return df


def test_input_errors():
    with pytest.raises(ValueError, match="improvement is required"):
        sudden_gains(_long(SERIES), sg_crit1_cutoff=7)
    with pytest.raises(ValueError, match="reversal must be one of"):
        sudden_gains(SERIES, sg_crit1_cutoff=7, improvement="decrease", reversal="any")
    dup = pd.concat([_long(SERIES), _long(SERIES).iloc[[2]]], ignore_index=True)
    with pytest.raises(CaseDataError) as info:
        sudden_gains(dup, sg_crit1_cutoff=7, improvement="decrease")
    assert set(info.value.problems["row"]) == {2, 12}
    frac = _long(SERIES)
    frac["session"] = frac["session"] + 0.5
    with pytest.raises(CaseDataError, match="whole numbers"):
        sudden_gains(frac, sg_crit1_cutoff=7, improvement="decrease")
    bad = _long(SERIES).astype({"value": object})
    bad.loc[4, "value"] = "n/a"
    with pytest.raises(CaseDataError, match="row 4, column 'value': not a number"):
        sudden_gains(bad, sg_crit1_cutoff=7, improvement="decrease")
    with pytest.raises(ValueError, match="measure='GAD-7' is not in column 'measure'"):
        sudden_gains(_long(SERIES, measure="PHQ-9"), sg_crit1_cutoff=7, measure="GAD-7")
    with pytest.raises(ValueError, match="column 'session'"):
        sudden_gains(pd.DataFrame({"case": [1], "value": [1.0]}), sg_crit1_cutoff=7,
                     improvement="decrease")


def test_duplicates_read_as_in_the_input_layer():
    two = pd.concat([_long(SERIES, case="A"), _long(SERIES, case="B")], ignore_index=True)
    dup = pd.concat([two, two.iloc[[14]]], ignore_index=True)
    with pytest.raises(CaseDataError) as info:
        sudden_gains(dup, sg_crit1_cutoff=7, improvement="decrease")
    prob = info.value.problems
    assert prob["row"].tolist() == [14, 24]
    assert prob["problem"].str.contains("session 3 appears more than once for column "
                                        "'value' \\(case B\\)").all()


def test_every_problem_at_once():
    df = _long(SERIES).astype({"value": object, "session": float})
    df.loc[2, "value"] = "x"
    df.loc[6, "session"] = 6.5
    df.loc[8, "case"] = None
    with pytest.raises(CaseDataError) as info:
        sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease")
    assert sorted(info.value.problems["row"]) == [2, 6, 8]


def test_missing_values_are_an_error_unless_dropped():
    df = _long(SERIES)
    df.loc[4, "value"] = np.nan   # session 5
    with pytest.raises(CaseDataError, match=r"row 4, column 'value': missing value at "
                                            r"session 5 \(pass missing='drop'"):
        sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease")
    res = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease", missing="drop")
    absent = sudden_gains(df.dropna(), sg_crit1_cutoff=7, improvement="decrease")
    # a dropped row is a missed session, in position: the same as a session without a row
    pd.testing.assert_frame_equal(res.summary, absent.summary)
    pd.testing.assert_frame_equal(res.intervals, absent.intervals)
    assert res.dropped.to_dict("records") == [{"case": "A", "measure": None, "session": 5.0}]
    assert any("1 missing value(s) dropped" in n for n in res.notes)
    with pytest.raises(CaseDataError, match="missing value at session 5"):
        sudden_gains(df["value"].to_numpy(), sg_crit1_cutoff=7, improvement="decrease")


def test_imputed_values_need_consent():
    df = _long(SERIES)
    df["imputed"] = False
    df.loc[4, "imputed"] = True
    with pytest.raises(CaseDataError, match="imputed value at session 5"):
        sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease")
    used = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease",
                        missing="include_imputed")
    left = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease", missing="drop")
    assert used.summary["pregain_session"].tolist() == [3, 7]
    assert left.dropped["session"].tolist() == [5.0]


def test_item_and_subscale_rows_are_set_aside():
    totals = _long(SERIES, measure="BDI-II").assign(scale="total")
    items = totals.assign(item=1, scale=None, value=2.0)
    sub = totals.assign(scale="somatic", value=5.0)
    res = sudden_gains(pd.concat([totals, items, sub], ignore_index=True), sg_crit1_cutoff=7)
    assert res.summary["pregain_session"].tolist() == [3, 7]


def test_column_names_and_the_old_names():
    df = _long(SERIES).rename(columns={"case": "client", "session": "week", "value": "bdi"})
    new = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease", case_col="client",
                       session_col="week", value_col="bdi")
    with pytest.warns(FutureWarning) as record:
        old = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease", id="client",
                           session="week", value="bdi")
    said = " ".join(str(w.message) for w in record)
    for old_name, new_name in (("id", "case_col"), ("session", "session_col"),
                               ("value", "value_col")):
        assert f"'{old_name}' is now called '{new_name}'" in said
    pd.testing.assert_frame_equal(old.summary, new.summary)
    with pytest.raises(CaseDataError, match=r"no column 'case' \(set case_col="):
        sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease", session_col="week",
                     value_col="bdi")


def test_wide_data_keep_the_suddengains_layout():
    wide = pd.DataFrame({"id": ["A"], **{f"s{i}": [v] for i, v in enumerate(SERIES, 1)}})
    wide.loc[0, "s5"] = np.nan
    res = sudden_gains(wide, sg_crit1_cutoff=7, improvement="decrease", case_col="id",
                       sg_var_list=[f"s{i}" for i in range(1, 13)])
    assert res.summary["pregain_session"].tolist() == [3]
    with pytest.raises(CaseDataError, match="data has no column 's13' \\(named by sg_var_list="):
        sudden_gains(wide, sg_crit1_cutoff=7, improvement="decrease", case_col="id",
                     sg_var_list=[f"s{i}" for i in range(1, 14)])


def _messy_table():
    """Two measures, three cases and every kind of row problem the input layer reports."""
    rows = []
    for case in ("A", "B", 7):
        for measure in ("PHQ-9", "GAD-7"):
            for s in range(1, 9):
                rows.append({"case": case, "measure": measure, "session": float(s),
                             "value": float(10 + s), "imputed": False})
    df = pd.DataFrame(rows).astype({"value": object, "session": object})
    df.loc[2, "value"] = "n/a"             # not a number
    df.loc[5, "value"] = np.inf            # infinite
    df.loc[9, "session"] = None            # missing session number
    df.loc[12, "session"] = "x"            # not a finite number
    df.loc[20, "session"] = 3.0            # duplicate of row 18 (case A, GAD-7, session 3)
    df.loc[27, "value"] = None             # missing value
    df.loc[33, "imputed"] = True           # imputed value
    df.loc[41, "value"] = None
    df.loc[44, "imputed"] = True
    return df


@pytest.mark.parametrize("missing", ["error", "include_imputed", "drop"])
def test_problem_rows_are_those_of_the_input_layer(missing):
    # the vectorised grid check must say exactly what casekit._input says, row by row
    from casekit._input import iter_series

    df = _messy_table()
    with pytest.raises(CaseDataError) as ours:
        sudden_gains(df, sg_crit1_cutoff=3, improvement="decrease", missing=missing)
    with pytest.raises(CaseDataError) as layer:
        list(iter_series(df, by=("case", "measure"), phase_col=None, missing=missing))
    key = ["row", "column", "problem"]
    got = ours.value.problems.sort_values(key).reset_index(drop=True)
    expected = layer.value.problems.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.astype(str), expected.astype(str))
    assert len(got) == {"error": 10, "include_imputed": 8, "drop": 6}[missing]
