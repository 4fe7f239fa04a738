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
from casekit.schema import phases_from_column


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
