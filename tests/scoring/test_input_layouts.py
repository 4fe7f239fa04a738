"""score: wide item tables and instruments of the user's own (a Personal Questionnaire).

Personal Questionnaire: Elliott et al. (2016), doi:10.1080/10503307.2014.947396 (client-
generated items; a mean score, one missing item prorated).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.registry import Instrument, instruments
from casekit.scoring import score
from tests.scoring._helpers import TOL, form, one

PQ = {"name": "PQ-A", "n_items": 3, "item_min": 1, "item_max": 7, "higher_is_better": False,
      "citation": "client-generated Personal Questionnaire (Elliott et al. 2016)",
      "scales": {"total": {"items": [1, 2, 3], "score_type": "mean", "min": 1, "max": 7,
                           "max_missing": 1, "missing_method": "prorate_mean"}}}


def test_personal_questionnaire_through_a_registry():
    reg = instruments.with_instrument(PQ)
    items = pd.concat([form("PQ-A", [5, 6, 4], session=1), form("PQ-A", [3, np.nan, 2],
                                                                session=2)])
    out = score(items, registry=reg)
    assert out["value"].tolist() == pytest.approx([5.0, 2.5], rel=TOL)
    assert out["prorated"].tolist() == [False, True]
    assert one(score(form("x", [1, 2, 3]), instrument=Instrument.from_dict(PQ)))["value"] == 2.0


def test_wide_input_with_item_columns():
    wide = pd.DataFrame({"case": ["A", "A"], "session": [1, 2],
                         **{f"PHQ9_{i}": [1, 2] for i in range(1, 10)}})
    wide.loc[1, "PHQ9_9"] = np.nan
    out = score(wide, instrument="PHQ-9", item_columns=[f"PHQ9_{i}" for i in range(1, 10)])
    assert out["value"].tolist() == pytest.approx([9.0, 18.0], rel=TOL)
    assert out["risk_flag"].tolist() == [True, pd.NA] or (
        bool(out["risk_flag"].iloc[0]) and pd.isna(out["risk_flag"].iloc[1]))
    with pytest.raises(ValueError, match="neither item columns nor keys"):
        score(wide.assign(PHQ9_tot=1), instrument="PHQ-9",
              item_columns=[f"PHQ9_{i}" for i in range(1, 10)])


def test_item_columns_list_with_a_repeated_column_raises():
    # {c: i + 1 for i, c in enumerate(cols)} let the later position win: ["q1", "q2", "q2",
    # ...] scored q2 as item 3 and left item 2 unanswered, silently
    cols = ["q1", "q2", "q2", "q4", "q5", "q6", "q7", "q8", "q9"]
    wide = pd.DataFrame({"case": ["A"], "session": [1],
                         **{f"q{i}": [1.0] for i in range(1, 10)}})
    with pytest.raises(ValueError, match="q2"):
        score(wide.drop(columns="q3"), instrument="PHQ-9", item_columns=cols)
