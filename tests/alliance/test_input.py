"""The alliance functions read their input through casekit's one input layer.

The same table problem reads the same in every function (``casekit._input``): a column that is
not there, a missing value (``missing=``), a session rated twice, imputed values; the column
names are ``value_col``, ``session_col``, ``case_col``, ``measure_col`` and the old names still
work for one release with a FutureWarning.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.alliance import changepoint_precedence, lagged_precedence, rupture_repair
from casekit.exceptions import CaseDataError


def table(n=30, seed=4):
    rng = np.random.default_rng(seed)
    s = np.arange(1, n + 1)
    wai = np.round(40 + rng.normal(0, 1.5, n))
    wai[11] -= 8
    return pd.concat([
        pd.DataFrame({"case": "C1", "session": s, "measure": "WAI-SR", "value": wai}),
        pd.DataFrame({"case": "C1", "session": s, "measure": "PHQ-9",
                      "value": np.where(s <= 15, 18.0, 8.0) + rng.normal(0, 1, n)}),
    ], ignore_index=True)


CALLS = {
    "rupture_repair": lambda d, **kw: rupture_repair(d, measure="WAI-SR", **kw),
    "changepoint_precedence": lambda d, **kw: changepoint_precedence(data=d, **kw),
    "lagged_precedence": lambda d, **kw: lagged_precedence(d, seed=1, n_surrogates=99, **kw),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_missing_column_reads_the_same_everywhere(name):
    d = table().rename(columns={"value": "score"})
    with pytest.raises(CaseDataError, match=r"has no column 'value' \(set value_col= to the "
                                            r"column that holds it\)"):
        CALLS[name](d)
    CALLS[name](d, value_col="score")


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_session_rated_twice_is_an_error_naming_the_rows(name):
    d = table()
    d = pd.concat([d, d.iloc[[3]]], ignore_index=True)   # WAI-SR session 4 twice
    with pytest.raises(CaseDataError) as err:
        CALLS[name](d)
    prob = err.value.problems
    assert set(prob["row"]) == {3, 60}
    assert prob["problem"].str.contains("session 4 appears more than once").all()


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_missing_value_is_an_error_unless_dropped(name):
    d = table()
    d.loc[5, "value"] = np.nan   # WAI-SR session 6
    with pytest.raises(CaseDataError, match=r"row 5, column 'value': missing value at "
                                            r"session 6 \(pass missing='drop'"):
        CALLS[name](d)
    res = CALLS[name](d, missing="drop")
    assert any("6" in n and ("drop" in n or "left out" in n) for n in res.notes)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_imputed_values_are_analysed_only_when_asked(name):
    d = table()
    d["imputed"] = False
    d.loc[5, "imputed"] = True
    with pytest.raises(CaseDataError, match="imputed value at session 6"):
        CALLS[name](d)
    CALLS[name](d, missing="include_imputed")


def test_item_and_subscale_rows_are_set_aside():
    d = table()
    items = d[d.measure == "WAI-SR"].assign(item=1, value=3.0)
    sub = d[d.measure == "WAI-SR"].assign(scale="bond", value=12.0)
    full = pd.concat([d.assign(scale="total"), items, sub], ignore_index=True)
    got = rupture_repair(full, measure="WAI-SR")
    pd.testing.assert_frame_equal(got.summary, rupture_repair(d, measure="WAI-SR").summary)


def test_old_column_names_warn_and_still_work():
    d = table().rename(columns={"value": "score", "session": "week"})
    with pytest.warns(FutureWarning) as record:
        old = rupture_repair(d, measure="WAI-SR", value="score", session="week")
    said = " ".join(str(w.message) for w in record)
    assert "'value' is now called 'value_col'" in said
    assert "'session' is now called 'session_col'" in said
    new = rupture_repair(d, measure="WAI-SR", value_col="score", session_col="week")
    pd.testing.assert_frame_equal(old.summary, new.summary)
    with pytest.raises(TypeError, match="got both 'value' .* and 'value_col'"):
        rupture_repair(d, measure="WAI-SR", value="score", value_col="score")


def test_renamed_case_and_measure_columns():
    d = table().rename(columns={"case": "client", "measure": "scale_name"})
    res = rupture_repair(d, measure="WAI-SR", case_col="client", measure_col="scale_name")
    assert set(res.summary["case"]) == {"C1"} and set(res.summary["measure"]) == {"WAI-SR"}
    assert 12 in res.summary["start"].tolist()


def test_arrays_and_tables_do_not_mix():
    with pytest.raises(TypeError, match="not both"):
        rupture_repair(table(), values=[1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="one series as an array goes in values="):
        rupture_repair([40.0, 41.0, 33.0, 40.0], improvement="increase")
