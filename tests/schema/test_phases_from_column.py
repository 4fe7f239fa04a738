"""phases_from_column: a phase column -> a phase table (runs, default roles, problems).

Review regression kept here: session numbers went through ``int()``: 2.5 became 2 silently (a
phase starting at 2.5 then overlapped the previous one) and a missing session failed with
numpy's "cannot convert float NaN to integer". House rule: never coerce silently; report every
bad row at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError, schema
from casekit.schema import phases_from_column

from .test_assign_phases import PHASES, ratings


def test_phases_from_column_round_trip():
    r = schema.assign_phases(ratings(list(range(1, 19))), PHASES)
    table = schema.phases_from_column(r, roles={"P0": "baseline", "P1": "intervention",
                                                "P2": "intervention"}, definition="post_hoc")
    pd.testing.assert_frame_equal(table, PHASES.astype({"case": "str", "phase": "str",
                                                        "role": "str", "definition": "str"}))
    back = schema.assign_phases(r.drop(columns="phase"), table)
    assert back["phase"].tolist() == r["phase"].tolist()


def test_phases_from_column_runs_default_roles_and_gaps():
    r = ratings([1, 2, 3, 5, 6, 7])
    r["phase"] = ["A", "A", "B", "B", "A", "A"]
    t = schema.phases_from_column(r)
    assert t[["phase", "start", "end", "role"]].values.tolist() == [
        ["A", 1, 2, "baseline"], ["B", 3, 5, "intervention"],
        ["A", 6, 7, "baseline"]]
    assert (t["definition"] == "a_priori").all()


def test_phases_from_column_errors():
    r = ratings([1, 2, 2])
    r["phase"] = ["A", "A", "B"]
    with pytest.raises(CaseDataError, match="session 2 of case 'c1' has more than one phase"):
        schema.phases_from_column(r)
    r["phase"] = ["A", None, "Z"]
    with pytest.raises(CaseDataError) as exc:
        schema.phases_from_column(r.iloc[[0, 1]])
    assert exc.value.problems["row"].tolist() == [1]
    with pytest.raises(ValueError, match="roles must give a role for the phase labels 'Z'"):
        schema.phases_from_column(r.iloc[[0, 2]])
    with pytest.raises(ValueError, match="definition must be one of 'a_priori'"):
        schema.phases_from_column(r.iloc[[0]], definition="planned")
    with pytest.raises(ValueError, match=r"roles\['Z'\] must be one of"):
        schema.phases_from_column(r.iloc[[0, 2]], roles={"Z": "treatment"})


def _ratings(sessions):
    return pd.DataFrame({"case": "c1", "session": sessions, "measure": "PHQ-9",
                         "value": [1.0, 2.0, 3.0, 4.0], "phase": ["A", "A", "B", "B"]})


def test_non_whole_session_is_reported_not_truncated():
    with pytest.raises(CaseDataError) as exc:
        phases_from_column(_ratings([1, 2, 2.5, 4]))
    probs = exc.value.problems
    assert probs["row"].tolist() == [2]
    assert probs["column"].tolist() == ["session"]
    assert "whole" in probs["problem"].iloc[0]


def test_missing_and_text_sessions_are_reported_together():
    with pytest.raises(CaseDataError) as exc:
        phases_from_column(_ratings(pd.Series([1, np.nan, "x", 4], dtype=object)))
    assert exc.value.problems["row"].tolist() == [1, 2]


def test_whole_float_sessions_still_work():
    out = phases_from_column(_ratings([1.0, 2.0, 3.0, 4.0]))
    assert out["start"].tolist() == [1, 3]
    assert out["end"].tolist() == [2, 4]
