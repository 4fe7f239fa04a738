"""Imported totals against the items they were computed from (registry scoring, reverse keys).

CORE-10 items 2 and 3 are reverse keyed (0-4; registry entry); PHQ-9 totals are sums.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataWarning

from ._helpers import phq_items


def test_imported_total_disagreeing_with_items_warns():
    items = phq_items(values=(3, 2, 1, 0, 1, 2, 3, 0, 0))           # sum 12
    good = pd.DataFrame({"case": "c1", "session": [1], "measure": "PHQ-9", "scale": "total",
                         "value": [12.0]})
    df = pd.concat([items, good], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert casekit.validate(df).n_warnings == 0
    bad = good.assign(value=13.0)
    df = pd.concat([items, bad], ignore_index=True)
    with pytest.warns(CaseDataWarning, match=r"imported PHQ-9 total 13 .* disagrees with the "
                                             r"sum of its items \(12\)"):
        rep = casekit.validate(df)
    assert rep.ok and rep.warnings["row"].tolist() == [9]


def test_totals_not_checked_when_items_incomplete():
    items = phq_items(values=(3, 2, 1, 0, 1, 2, 3, 0, np.nan))
    bad = pd.DataFrame({"case": "c1", "session": [1], "measure": "PHQ-9", "scale": "total",
                        "value": [20.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert casekit.validate(pd.concat([items, bad], ignore_index=True)).n_warnings == 0


def test_totals_use_reverse_keys_and_raters():
    # CORE-10 items 2 and 3 are reverse keyed (0-4): raw 0 counts as 4 (registry entry)
    raw = [2, 0, 0, 2, 2, 2, 2, 2, 2, 2]                 # raw sum 16, keyed sum 24
    rows = []
    for rater, total in (("client", 24.0), ("therapist", 16.0)):
        rows += [{"case": "c1", "session": 1, "measure": "CORE-10", "rater": rater,
                  "item": k + 1, "value": float(v)} for k, v in enumerate(raw)]
        rows.append({"case": "c1", "session": 1, "measure": "CORE-10", "rater": rater,
                     "scale": "total", "value": total})
    df = pd.DataFrame(rows)
    with pytest.warns(CaseDataWarning, match=r"imported CORE-10 total 16 .* \(24\)"):
        rep = casekit.validate(df)
    assert rep.warnings["row"].tolist() == [21]
