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


def _totals(measure, values, scale="total"):
    return pd.DataFrame({"case": "c1", "session": np.arange(1, len(values) + 1),
                         "measure": measure, "scale": scale, "value": values})


def test_non_whole_total_that_no_scoring_rule_gives_warns():
    # note_dog: a PHQ-9 total of 9.5 was accepted. PHQ-9 items are whole and the total is
    # their sum, prorated with at most 2 of 9 items missing (registry): 9.5 is neither a sum
    # nor a prorated sum (9 * s / 8 or 9 * s / 7), rounded or not
    with pytest.warns(CaseDataWarning, match=r"PHQ-9 total 9\.5 \(session 2\) is not a whole "
                                             r"number"):
        rep = casekit.validate(_totals("PHQ-9", [12.0, 9.5, 11.0]))
    assert rep.ok and rep.warnings["row"].tolist() == [1]
    assert rep.warnings["problem"].iloc[0] == (
        "PHQ-9 total 9.5 (session 2) is not a whole number, and neither the sum of 9 "
        "whole-number PHQ-9 items nor a prorated one (at most 2 of 9 items missing) gives it "
        "(registry); check the value (it is analysed as given)")
    # WAI-SR total: a sum of 12 whole items, not prorated (registry): any fraction is odd
    with pytest.warns(CaseDataWarning, match=r"WAI-SR total 47\.5 \(session 1\) is not a "
                                             r"whole number, but it is the sum of 12 whole-number WAI-SR items, not prorated"):
        rep = casekit.validate(_totals("WAI-SR", [47.5, 48.0]))
    assert rep.warnings["row"].tolist() == [0]


def test_prorated_and_mean_scores_may_be_fractions():
    # PHQ-9 with 1 item missing: 9 * 11 / 8 = 12.375, exported as 12.375, 12.38, 12.4 or
    # 12.3 (cut off); 2 missing: 9 * 10 / 7 = 12.857...; SCL-90-R GSI and CORE-OM are means,
    # SRS a sum of visual-analogue marks in cm
    df = pd.concat([_totals("PHQ-9", [12.375, 12.38, 12.4, 12.3, 12.857142857, 12.86, 12.0]),
                    _totals("SCL-90-R", [1.37, 0.5]), _totals("CORE-OM", [12.35, 20.6]),
                    _totals("SRS", [36.4, 38.7])], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert casekit.validate(df).n_warnings == 0
