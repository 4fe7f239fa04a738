"""One row per person (suddengains ``create_byperson``): which gain is kept for each person."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.sudden import sudden_gains

SERIES = [35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7]


def _long(values, case="A"):
    return pd.DataFrame({"case": case, "session": np.arange(1, len(values) + 1),
                         "value": np.asarray(values, dtype=float)})


def test_by_person_selection():
    df = pd.concat([_long(SERIES, case="A"), _long([20, 20, 20, 20, 20, 20, 20], case="B")])
    res = sudden_gains(df, sg_crit1_cutoff=7, improvement="decrease")
    first = res.by_person("first").set_index("case")
    last = res.by_person("last").set_index("case")
    largest = res.by_person("largest").set_index("case")
    smallest = res.by_person("smallest").set_index("case")
    assert first.loc["A", "pregain_session"] == 3 and last.loc["A", "pregain_session"] == 7
    assert largest.loc["A", "magnitude"] == 12 and smallest.loc["A", "magnitude"] == 11
    assert not first.loc["B", "has_gain"] and first.loc["B", "n_gains"] == 0
    assert pd.isna(first.loc["B", "magnitude"])
    with pytest.raises(ValueError, match="multiple_sg_select must be one of"):
        res.by_person("biggest")
