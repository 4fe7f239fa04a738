"""describe_phases: the numbers of each phase, missing values, imputed values, input forms."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.describe import MAD_CONSTANT, DescriptivesResult, describe_phases
from casekit.exceptions import CaseDataError

A = [19.0, 24.0, 17.0, 17.0, 15.0]
B = [11.0, 11.0, 12.0, 13.0, 11.0]


def _table(**extra):
    d = pd.DataFrame({"case": "c1", "measure": "PHQ-9", "session": np.arange(1.0, 11.0),
                      "phase": ["A"] * 5 + ["B"] * 5, "value": A + B})
    return d.assign(**extra)


def test_hand_computed_phase_a():
    res = describe_phases(A + B, phases=["A"] * 5 + ["B"] * 5)
    a = res.summary.set_index("phase").loc["A"]
    assert a["n"] == 5 and a["missing"] == 0 and a["imputed"] == 0
    assert a["mean"] == pytest.approx(18.4, abs=1e-12)
    assert a["median"] == 17.0
    # SD: squared deviations 0.36 + 31.36 + 1.96 + 1.96 + 11.56 = 47.2; / 4 = 11.8
    assert a["sd"] == pytest.approx(math.sqrt(11.8), abs=1e-12)
    # MAD: |dev from 17| = 2, 7, 0, 0, 2 -> median 2 -> 2 x 1.4826
    assert a["mad"] == pytest.approx(2 * MAD_CONSTANT, abs=1e-12)
    assert (a["min"], a["max"]) == (15.0, 24.0)
    # slope: sessions 1..5, Sxy = -15, Sxx = 10
    assert a["slope"] == pytest.approx(-1.5, abs=1e-12)
    assert (a["first_session"], a["last_session"]) == (1, 5)


def test_slope_uses_the_session_numbers():
    # missed sessions are time: the same values spread over twice the sessions halve the slope
    packed = describe_phases([1.0, 2.0, 3.0], sessions=[1, 2, 3], phases=["A"] * 3)
    spread = describe_phases([1.0, 2.0, 3.0], sessions=[1, 3, 5], phases=["A"] * 3)
    assert packed.summary["slope"].iloc[0] == pytest.approx(1.0)
    assert spread.summary["slope"].iloc[0] == pytest.approx(0.5)
    assert spread.summary["last_session"].iloc[0] == 5


def test_one_value_phase_has_no_sd_or_slope():
    res = describe_phases([3.0, 4.0, 6.0], phases=["A", "A", "B"]).summary.set_index("phase")
    assert np.isnan(res.loc["B", "sd"]) and np.isnan(res.loc["B", "slope"])
    assert res.loc["B", "mad"] == 0.0 and res.loc["B", "n"] == 1


def test_missing_values_are_an_error_by_default_and_counted_per_phase_when_dropped():
    d = _table()
    d.loc[[1, 7, 8], "value"] = np.nan            # sessions 2 (A), 8 and 9 (B)
    with pytest.raises(CaseDataError, match="missing"):
        describe_phases(d)
    res = describe_phases(d, missing="drop")
    got = res.summary.set_index("phase")
    assert got.loc["A", "missing"] == 1 and got.loc["B", "missing"] == 2
    assert got.loc["A", "n"] == 4 and got.loc["B", "n"] == 3
    assert any("sessions 2, 8, 9" in n or "session(s) 2, 8, 9" in n for n in res.notes)


def test_imputed_values_are_refused_unless_included():
    d = _table(imputed=[False] * 8 + [True, False])
    with pytest.raises(CaseDataError, match="imputed"):
        describe_phases(d)
    dropped = describe_phases(d, missing="drop").summary.set_index("phase")
    assert dropped.loc["B", "n"] == 4 and dropped.loc["B", "missing"] == 1
    used = describe_phases(d, missing="include_imputed").summary.set_index("phase")
    assert used.loc["B", "n"] == 5 and used.loc["B", "imputed"] == 1
    assert used.loc["A", "imputed"] == 0


def test_phases_in_order_of_first_occurrence_and_without_phases():
    res = describe_phases([1.0, 2.0, 5.0, 6.0, 3.0], phases=["P0", "P0", "P1", "P1", "P2"])
    assert res.summary["phase"].tolist() == ["P0", "P1", "P2"] == res.phases
    whole = describe_phases([1.0, 2.0, 5.0])
    assert whole.summary["phase"].tolist() == ["all"] and whole.summary["n"].iloc[0] == 3


def test_table_selection_and_fields():
    two = pd.concat([_table(), _table(case="c2", value=np.arange(10.0))])
    res = ck.describe_phases(two, case="c2")
    assert isinstance(res, DescriptivesResult)
    assert (res.case, res.measure) == ("c2", "PHQ-9")
    assert res.summary.set_index("phase").loc["B", "mean"] == pytest.approx(7.0)
    with pytest.raises(ValueError, match="pass case="):
        describe_phases(two)
    assert res.method_card["mirrors"].startswith("scan::describe")


def test_summary_is_numeric_python_scalars_in_fields():
    res = describe_phases(_table())
    num = res.summary.drop(columns="phase")
    assert all(pd.api.types.is_numeric_dtype(num[c]) for c in num.columns)
    assert all(isinstance(p, str) for p in res.phases)
