"""reliable_change input: arrays, wide and long tables, the renamed arguments, missing scores.

Expected values: the same pairs read three ways must give the same table (exact); errors name
the argument that sets the column or the labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.clinical import reliable_change
from casekit.exceptions import CaseDataError

WIDE = pd.DataFrame({"pid": ["a", "b", "c", "d"], "t0": [20, 15, 24, 12], "t1": [8, 13, 10, 14]})


def test_wide_and_long_layouts_agree():
    long = WIDE.melt(id_vars="pid", var_name="when", value_name="score")
    a = reliable_change(data=WIDE, pre="t0", post="t1", case_col="pid", reliability=0.84,
                        improvement="decrease")
    b = reliable_change(data=long, case_col="pid", time_col="when", value_col="score",
                        pre_time="t0", reliability=0.84, improvement="decrease")
    c = reliable_change(WIDE["t0"], WIDE["t1"], cases=WIDE["pid"], reliability=0.84,
                        improvement="decrease")
    for other in (b, c):
        pd.testing.assert_frame_equal(a.summary, other.summary, check_dtype=False)
    assert a.s_diff == b.s_diff == c.s_diff
    assert a.layout == "wide" and c.layout == "arrays" and b.layout.startswith("long")


@pytest.mark.parametrize("old, new, value", [
    ("id", "case_col", "pid"), ("time", "time_col", "when"), ("outcome", "value_col", "score")])
def test_old_argument_names_still_work_with_a_future_warning(old, new, value):
    long = WIDE.melt(id_vars="pid", var_name="when", value_name="score")
    kw = {"case_col": "pid", "time_col": "when", "value_col": "score"}
    expected = reliable_change(data=long, pre_time="t0", reliability=0.84,
                               improvement="decrease", **kw)
    kw.pop(new)
    with pytest.warns(FutureWarning, match=f"'{old}' is now called '{new}'"):
        res = reliable_change(data=long, pre_time="t0", reliability=0.84,
                              improvement="decrease", **{old: value}, **kw)
    pd.testing.assert_frame_equal(res.summary, expected.summary)


def test_old_ids_name_still_works_with_a_future_warning():
    with pytest.warns(FutureWarning, match="'ids' is now called 'cases'"):
        res = reliable_change(WIDE["t0"], WIDE["t1"], ids=WIDE["pid"], reliability=0.84,
                              improvement="decrease")
    assert res.summary["id"].tolist() == ["a", "b", "c", "d"]
    with pytest.raises(TypeError, match="both"):
        reliable_change(WIDE["t0"], WIDE["t1"], ids=WIDE["pid"], cases=WIDE["pid"],
                        reliability=0.84, improvement="decrease")


def test_layout_errors():
    long = pd.DataFrame({"id": [1, 1, 2, 2, 3, 3], "t": [1, 2, 1, 2, 1, 3],
                         "y": [5, 3, 6, 2, 7, 1]})
    kw = dict(data=long, case_col="id", time_col="t", value_col="y", reliability=0.8,
              improvement="decrease")
    with pytest.raises(ValueError, match="post_time= is required"):
        reliable_change(pre_time=1, **kw)
    with pytest.raises(ValueError, match="pre_time 9 not found"):
        reliable_change(pre_time=9, **kw)
    dup = pd.concat([long, long.iloc[[0]]])
    with pytest.raises(CaseDataError, match="more than one row"):
        reliable_change(pre_time=1, post_time=2, missing="drop", **{**kw, "data": dup})
    with pytest.raises(ValueError, match="must name a column"):
        reliable_change(data=long, pre="before", post="y", reliability=0.8,
                        improvement="decrease")
    with pytest.raises(ValueError, match="equal length"):
        reliable_change([1, 2], [1, 2, 3], sd=1, reliability=0.8, improvement="decrease")
    with pytest.raises(ValueError, match="infinite"):
        reliable_change([1, np.inf], [1, 2], sd=1, reliability=0.8, improvement="decrease")
    with pytest.raises(ValueError, match="long format needs pre_time"):
        reliable_change(**kw)


def test_pre_and_post_column_names_are_refused_with_long_data():
    long = WIDE.melt(id_vars="pid", var_name="when", value_name="score")
    with pytest.raises(ValueError, match="pre_time="):
        reliable_change("t0", "t1", data=long, case_col="pid", time_col="when",
                        value_col="score", reliability=0.84, improvement="decrease")


def test_categorical_time_gives_the_pre_time_as_an_r_factor_does():
    long = WIDE.melt(id_vars="pid", var_name="when", value_name="score")
    long["when"] = pd.Categorical(long["when"], categories=["t0", "t1"])
    res = reliable_change(data=long, case_col="pid", time_col="when", value_col="score",
                          reliability=0.84, improvement="decrease")
    assert res.summary["pre"].tolist() == [20.0, 15.0, 24.0, 12.0]
    assert any("first category" in n for n in res.notes)


def test_cases_refused_with_data():
    with pytest.raises(ValueError, match="cases="):
        reliable_change(data=WIDE, pre="t0", post="t1", cases=["x", "y", "z", "w"], sd=5,
                        reliability=0.8, improvement="decrease")


def test_long_format_names_refused_without_data():
    with pytest.raises(ValueError, match="data="):
        reliable_change([20, 18], [8, 15], case_col="pid", sd=5, reliability=0.8,
                        improvement="decrease")


def test_non_numeric_array_input_names_the_argument():
    # numpy's "could not convert string to float" did not say which argument
    with pytest.raises(TypeError, match="post"):
        reliable_change([20, 18], [8, "x"], sd=5, reliability=0.8, improvement="decrease")
    with pytest.raises(TypeError, match="pre"):
        reliable_change(["a", 18], [8, 9], sd=5, reliability=0.8, improvement="decrease")


def test_missing_scores_error_then_drop():
    with pytest.raises(CaseDataError) as info:
        reliable_change([20, np.nan, 18], [10, 12, np.nan], reliability=0.8, sd=5,
                        improvement="decrease")
    assert len(info.value.problems) == 2
    res = reliable_change([20, np.nan, 18], [10, 12, np.nan], reliability=0.8, sd=5,
                          improvement="decrease", missing="drop")
    assert res.n == 1 and len(res.dropped) == 2
    assert any("left out" in n for n in res.notes)
