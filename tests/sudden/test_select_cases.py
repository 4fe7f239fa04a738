"""Selecting cases with enough data for sudden gains (suddengains ``select_cases``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.exceptions import CaseDataError
from casekit.sudden import select_cases

SERIES = [35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7]
WIDE = pd.DataFrame({"id": [1, 2], "s1": [1, 1], "s2": [2, None], "s3": [3, 3],
                     "s4": [4, None], "s5": [5, 5]})
COLS = ["s1", "s2", "s3", "s4", "s5"]


def _long(values, case="A"):
    return pd.DataFrame({"case": case, "session": np.arange(1, len(values) + 1),
                         "value": np.asarray(values, dtype=float)})


def test_select_cases_long():
    df = pd.concat([_long(SERIES, case="A"),
                    _long([10, np.nan, 12, np.nan, 14, np.nan], case="B")])
    sel = select_cases(df, method="pattern", missing="drop")
    assert sel["selected"].tolist() == [True, False]
    sel = select_cases(df, method="min_sess", min_sess_num=4, missing="drop")
    assert sel["n_available"].tolist() == [12, 3]
    with pytest.raises(ValueError, match="min_sess_num"):
        select_cases(df, method="min_sess")
    # a missing value is an error unless the caller says it is a missed session
    with pytest.raises(CaseDataError, match="missing value at session 2"):
        select_cases(df)


def test_select_cases_refuses_min_sess_num_with_pattern():
    # min_sess_num was dropped silently under the default method="pattern"
    with pytest.raises(ValueError, match="min_sess_num"):
        select_cases(WIDE, case_col="id", sg_var_list=COLS, min_sess_num=3)
    out = select_cases(WIDE, case_col="id", sg_var_list=COLS, method="min_sess", min_sess_num=4)
    assert out["selected"].tolist() == [True, False]


def test_old_id_name_warns():
    with pytest.warns(FutureWarning, match="'id' is now called 'case_col'"):
        out = select_cases(WIDE, id="id", sg_var_list=COLS)
    assert out["case"].tolist() == [1, 2]
