"""assign_phases: a phase table -> a phase column.

Phase boundaries follow the SIM-NPD-01 design table of the case-narrative proposal (§3: P0 1-3,
P1 4-10, P2 11-18, ...). Review regressions kept here: start/end were read with
errors="coerce", so a text start ("x") became NaN and was reported as ratings "in no phase"
(the phase row itself never named), a start of 2.5 was accepted although validate() calls it
an error, and the problem value printed as np.int64(3).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError, schema
from casekit.schema import assign_phases


def ratings(sessions, case="c1"):
    return pd.DataFrame({"case": case, "session": sessions, "measure": "PHQ-9",
                         "value": np.arange(len(sessions), dtype=float)})


PHASES = pd.DataFrame({"case": "c1", "phase": ["P0", "P1", "P2"], "start": [1, 4, 11],
                       "end": [3, 10, 18], "role": ["baseline", "intervention", "intervention"],
                       "definition": "post_hoc"})


def test_assign_phases_by_session_ranges():
    r = ratings([1, 3, 4, 10, 11, 18])
    out = schema.assign_phases(r, PHASES)
    assert out["phase"].tolist() == ["P0", "P0", "P1", "P1", "P2", "P2"]
    assert list(out.columns[:3]) == ["case", "session", "phase"]
    assert "phase" not in r.columns  # input untouched


def test_assign_phases_per_case():
    r = pd.concat([ratings([1, 5], "c1"), ratings([1, 5], "c2")], ignore_index=True)
    ph = pd.concat([PHASES, PHASES.assign(case="c2", start=[1, 2, 11], end=[1, 10, 18])],
                   ignore_index=True)
    assert schema.assign_phases(r, ph)["phase"].tolist() == ["P0", "P1", "P0", "P1"]


def test_assign_phases_reports_uncovered_and_overlapping_rows():
    r = ratings([1, 19, 20, 2])
    ph = pd.concat([PHASES, PHASES.iloc[[0]].assign(phase="X", start=2, end=2)],
                   ignore_index=True)
    with pytest.raises(CaseDataError) as exc:
        schema.assign_phases(r, ph)
    p = exc.value.problems
    assert p["row"].tolist() == [1, 2, 3]
    assert p["problem"].tolist()[:2] == ["session of case 'c1' falls in no phase"] * 2
    assert p["problem"].iloc[2] == "session of case 'c1' falls in 2 overlapping phases"


def test_assign_phases_will_not_overwrite_silently():
    r = schema.assign_phases(ratings([1, 4]), PHASES)
    with pytest.raises(ValueError, match="overwrite=True"):
        schema.assign_phases(r, PHASES)
    assert schema.assign_phases(r, PHASES, overwrite=True)["phase"].tolist() == ["P0", "P1"]


def test_assign_phases_missing_columns():
    with pytest.raises(CaseDataError, match="required column 'start' is missing from phases"):
        schema.assign_phases(ratings([1]), PHASES.drop(columns="start"))
    with pytest.raises(TypeError, match="ratings must be a pandas DataFrame"):
        schema.assign_phases([1, 2], PHASES)


# assign_phases read start/end with errors="coerce": a text start ("x") became NaN and was
# reported as ratings "in no phase" (the phase row itself never named), a start of 2.5 was
# accepted although validate() calls it an error, and the problem value printed as
# np.int64(3).
_R = pd.DataFrame({"case": "c1", "session": [1, 2, 3], "measure": "PHQ-9",
                   "value": [20.0, 18.0, 9.0]})


@pytest.mark.parametrize("start", ["x", 2.5, None])
def test_assign_phases_reports_bad_phase_bounds(start):
    p = pd.DataFrame({"case": "c1", "phase": ["A", "B"], "start": [1, start], "end": [2, 3]})
    with pytest.raises(CaseDataError, match="phases") as exc:
        assign_phases(_R, p)
    probs = exc.value.problems
    assert probs["row"].tolist() == [1]
    assert probs["column"].tolist() == ["start"]


def test_assign_phases_problem_values_are_plain():
    p = pd.DataFrame({"case": "c1", "phase": ["A"], "start": [1], "end": [2]})
    with pytest.raises(CaseDataError) as exc:
        assign_phases(_R, p)
    value = exc.value.problems["value"].iloc[0]
    assert type(value) is int and value == 3
    assert "np.int64" not in str(exc.value)
