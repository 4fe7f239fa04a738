"""Review regressions for casekit.randomization (multiple-baseline starts keyed by case).

Design built by hand: scan's exampleAB-like three cases of 20 points each, start rows given
per case; only the lookup of the admissible sets is under test here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.randomization import randomization_test


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
