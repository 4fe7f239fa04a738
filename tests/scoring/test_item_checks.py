"""score: problems in the item rows are reported all at once with their rows, never clipped.
"""

from __future__ import annotations

import pytest

from casekit import CaseDataError
from casekit.scoring import score
from tests.scoring._helpers import form, one


def test_out_of_range_values_are_reported_not_clipped():
    items = form("PHQ-9", [1, 1, -9, 1, 1, 4, 1, 1, 1])
    with pytest.raises(CaseDataError) as err:
        score(items)
    probs = err.value.problems
    assert probs["row"].tolist() == [2, 5]
    assert probs["value"].tolist() == [-9.0, 4.0]
    assert "never clipped" in probs["problem"].iloc[0]


def test_all_item_problems_at_once():
    items = form("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 1], missing_code=None)
    items["item"] = items["item"].astype(float)
    items.loc[9] = ["A", 1, "PHQ-9", 10, 1.0, None]              # item 10 does not exist
    items.loc[10] = ["A", 1, "PHQ-9", 3, 1.0, None]              # duplicate of item 3
    items.loc[11] = ["A", 2, "PHQ-9", 1, 1.0, "not_answered"]    # value and missing code
    items.loc[12] = ["A", 2, "PHQ-9", 2.5, 1.0, None]            # not a whole item number
    with pytest.raises(CaseDataError) as err:
        score(items)
    text = str(err.value)
    assert "item outside 1..9 of PHQ-9" in text and "duplicated item row" in text
    assert "both a value" in text and "whole number" in text
    assert sorted(set(err.value.problems["row"])) == [2, 9, 10, 11, 12]


def test_non_numeric_values_are_reported():
    items = form("GAD-7", [1] * 7)
    items["value"] = items["value"].astype(object)
    items.loc[3, "value"] = "."
    with pytest.raises(CaseDataError, match="value is not a number"):
        score(items)


def test_unknown_measure_lists_registered_instruments():
    with pytest.raises(CaseDataError, match=r"unknown measure 'PQ'.*registered instruments: "
                                            r"BDI-II, CORE-10"):
        score(form("PQ", [1, 2, 3]))


def test_instrument_argument_and_conflicting_labels():
    items = form("phq", [1] * 9)  # user label not in the registry
    out = score(items, instrument="PHQ-9")
    assert out["measure"].iloc[0] == "phq" and one(out)["value"] == 9.0
    no_measure = items.drop(columns="measure")
    assert score(no_measure, instrument="PHQ-9")["measure"].iloc[0] == "PHQ-9"
    with pytest.raises(CaseDataError, match="is the registry instrument 'GAD-7'"):
        score(form("GAD-7", [1] * 7), instrument="PHQ-9")
