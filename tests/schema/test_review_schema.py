"""Review regressions for casekit.schema.phases_from_column.

Session numbers went through ``int()``: 2.5 became 2 silently (a phase starting at 2.5 then
overlapped the previous one) and a missing session failed with numpy's "cannot convert float
NaN to integer". House rule: never coerce silently; report every bad row at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.exceptions import CaseDataError
from casekit.schema import assign_phases, phases_from_column


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
