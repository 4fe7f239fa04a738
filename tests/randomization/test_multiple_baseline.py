"""Multiple-baseline randomization tests: each case's own admissible set, starts keyed by case,
sessions of the start points.

Designs built by hand: scan's exampleAB-like cases of 20 points each, start rows given per
case (the scan parity of exampleAB is in test_scan_rand_test_reference.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.randomization import randomization_test

JOHANNA = [54, 53, 56, 58, 52, 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]
PHASE = ["A"] * 5 + ["B"] * 15


def _mbd(case_labels):
    rng = np.random.default_rng(3)
    rows = []
    for c, start in zip(case_labels, (6, 9, 12), strict=True):
        y = np.r_[rng.normal(10, 1, start - 1), rng.normal(14, 1, 21 - start)]
        rows.append(pd.DataFrame({"case": c, "session": np.arange(1, 21),
                                  "phase": ["A"] * (start - 1) + ["B"] * (21 - start),
                                  "value": y}))
    return pd.concat(rows, ignore_index=True)


def test_starts_mapping_keyed_by_integer_case_labels():
    starts = {1: range(5, 8), 2: range(8, 11), 3: range(11, 14)}
    res = randomization_test(_mbd([1, 2, 3]), design="multiple_baseline", starts=starts,
                             improvement="increase")
    res_str = randomization_test(_mbd(["1", "2", "3"]), design="multiple_baseline",
                                 starts={str(k): v for k, v in starts.items()},
                                 improvement="increase")
    assert res.n_admissible == 27
    assert res.p_value == res_str.p_value
    assert res.admissible_starts == res_str.admissible_starts


def test_starts_mapping_missing_case_still_named():
    with pytest.raises(ValueError, match="no entry for case '3'"):
        randomization_test(_mbd([1, 2, 3]), design="multiple_baseline",
                           starts={1: range(5, 8), 2: range(8, 11)}, improvement="increase")


def test_multiple_baseline_own_sets_and_display():
    two = pd.DataFrame({"case": ["a"] * 20 + ["b"] * 20, "session": list(range(1, 21)) * 2,
                        "phase": PHASE + ["A"] * 8 + ["B"] * 12, "value": JOHANNA * 2})
    res = randomization_test(two, improvement="increase", design="multiple_baseline",
                             starts={"a": [6, 7, 8], "b": [7, 9, 11]})
    assert res.n_admissible == 9 and len(res.distribution) == 9
    assert res.case_statistics["observed_start"].tolist() == [6, 9]
    exp = np.mean([np.mean(JOHANNA[5:]) - np.mean(JOHANNA[:5]),
                   np.mean(JOHANNA[8:]) - np.mean(JOHANNA[:8])])
    assert res.statistic == pytest.approx(exp)
    assert res.to_text().splitlines()[0].startswith("Randomization test (multiple-baseline")
    assert "<table" in res._repr_html_() and "\\toprule" in res.to_latex()
    assert casekit.randomization_test is randomization_test


def test_case_order_and_start_sessions():
    # cases keep the order in which they first appear (not sorted): the distribution columns
    # follow it, positions first, then sessions
    two = pd.DataFrame({"case": ["b"] * 20 + ["a"] * 20,
                        "session": list(range(1, 21)) + list(range(11, 31)),
                        "phase": PHASE + ["A"] * 8 + ["B"] * 12, "value": JOHANNA * 2})
    res = randomization_test(two, improvement="increase", design="multiple_baseline",
                             starts={"a": [7, 9], "b": [6, 7]})
    assert list(res.distribution.columns) == ["start_b", "start_a", "start_session_b",
                                              "start_session_a", "statistic"]
    assert (res.distribution["start_session_a"] == res.distribution["start_a"] + 10).all()
    assert res.case_statistics[["case", "start_session", "session"]].values.tolist() == [
        ["b", 6, 5], ["a", 19, 18]]
    assert res.admissible_start_sessions == {"b": [6, 7], "a": [17, 19]}
