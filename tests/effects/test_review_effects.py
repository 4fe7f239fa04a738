"""Review regressions for casekit.effects (input handling of the batch and single paths).

House rule (CONTRIBUTING.md): nothing is dropped silently, and the batch calculator equals the
single-series functions. Series built by hand (values from Parker, Vannest & Davis 2011:
A = 20, 20, 26, 25, 22, 23; B = 28, 25, 24, 27, 30, 30, 29).
"""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.effects import effect_sizes, nap, tau_u
from casekit.exceptions import CaseDataError

A = [20, 20, 26, 25, 22, 23]
B = [28, 25, 24, 27, 30, 30, 29]


def _series(case="c1"):
    return pd.DataFrame({"case": case, "session": range(1, 14), "phase": ["A"] * 6 + ["B"] * 7,
                         "value": [float(v) for v in A + B]})


def test_batch_rejects_duplicate_sessions_like_the_single_function():
    d = pd.concat([_series("c1"), _series("c2")], ignore_index=True)
    d.loc[16, "session"] = 3  # c2: session 3 twice (rows 15 and 16)
    with pytest.raises(CaseDataError):
        nap(data=d[d["case"] == "c2"], improvement="increase")
    with pytest.raises(CaseDataError) as err:
        effect_sizes(d, es=["NAP", "Tau-U"], improvement="increase")
    assert set(err.value.problems["row"]) == {15, 16}
    assert (err.value.problems["column"] == "session").all()


def test_batch_same_session_in_two_cases_is_fine():
    d = pd.concat([_series("c1"), _series("c2")], ignore_index=True)
    res = effect_sizes(d, es=["NAP"], improvement="increase")
    assert res.summary["est"].tolist() == pytest.approx([nap(A, B, improvement="increase").est] * 2,
                                                        abs=1e-12)


def test_missing_phase_label_is_an_error_not_a_dropped_row():
    d = _series()
    d["phase"] = d["phase"].astype(object)
    d.loc[2, "phase"] = None
    with pytest.raises(CaseDataError) as err:
        tau_u(data=d, improvement="increase")
    assert err.value.problems["row"].tolist() == [2]
    with pytest.raises(CaseDataError) as err:
        effect_sizes(d, es=["NAP"], improvement="increase")
    assert err.value.problems["row"].tolist() == [2]


def test_other_phases_are_still_ignored():
    d = _series()
    extra = pd.DataFrame({"case": "c1", "session": [14, 15], "phase": ["C", "C"],
                          "value": [1.0, 2.0]})
    d = pd.concat([d, extra], ignore_index=True)
    assert nap(data=d, improvement="increase").est == pytest.approx(
        nap(A, B, improvement="increase").est, abs=1e-12)
    assert effect_sizes(d, es=["NAP"], improvement="increase").summary["est"].iloc[0] == \
        pytest.approx(nap(A, B, improvement="increase").est, abs=1e-12)


def test_missing_session_is_reported_by_index_label_like_every_other_problem():
    # a filtered tidy table keeps its index; "row" in CaseDataError.problems is that label
    d = _series()
    d.index = d.index + 100
    d["session"] = d["session"].astype(float)
    d.loc[102, "session"] = float("nan")
    with pytest.raises(CaseDataError) as err:
        nap(data=d, improvement="increase")
    assert err.value.problems["row"].tolist() == [102]
