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


# --- sudden_gains_by_person (suddengains create_byperson) --------------------------------------
from casekit.sudden import (  # noqa: E402
    SuddenGainsByPersonResult,
    sudden_gains_by_person,
    sudden_losses,
)

# two losses of person L (10 -> 20 at 3 -> 4, 12 points, and 19 -> 27 at 8 -> 9, 8 points)
LOSSES = [10, 9, 8, 20, 21, 20, 19, 19, 27, 28, 27, 28, 27]


def test_one_row_per_person_with_suddengains_columns():
    df = pd.concat([_long(SERIES, case="A"), _long([20, 20, 20, 20, 20, 20, 20], case="B")])
    res = sudden_gains_by_person(df, sg_crit1_cutoff=7, improvement="decrease",
                                 multiple_sg_select="last")
    assert isinstance(res, SuddenGainsByPersonResult)
    t = res.summary
    assert list(t.columns) == ["case", "id_sg", "sg_crit123", "sg_session_n",
                               "sg_freq_byperson", "sg_value_2n", "sg_value_1n", "sg_value_n",
                               "sg_value_n1", "sg_value_n2", "sg_value_n3", "sg_magnitude",
                               "sg_value_tx_change", "sg_change_proportion",
                               "sg_reversal_value", "sg_reversal"]
    a, b = t.iloc[0], t.iloc[1]
    # A: gains at 3 and 7 (magnitudes 11, 12); "last" keeps 7 -> 8 (29 -> 17)
    assert (a["case"], a["id_sg"], a["sg_crit123"], a["sg_session_n"]) == ("A", "A_sg_7", 1, 7)
    assert (a["sg_freq_byperson"], a["sg_value_n"], a["sg_value_n1"]) == (2, 29.0, 17.0)
    assert a["sg_value_tx_change"] == 28.0 and a["sg_change_proportion"] == 12 / 28
    # B: kept, with 0 / missing
    assert (b["case"], b["sg_crit123"], b["sg_freq_byperson"]) == ("B", 0, 0)
    assert pd.isna(b["id_sg"]) and pd.isna(b["sg_session_n"]) and np.isnan(b["sg_magnitude"])
    assert (res.n_cases, res.n_with_gain, res.measure_name) == (2, 1, "value")
    assert res.gains.n_gains == 2
    assert res.method_card["mirrors"] == "suddengains 0.7.2 create_byperson"


def test_loss_selection_by_size_or_as_suddengains_does():
    df = _long(LOSSES, case="L")
    all_losses = sudden_losses(df, sg_crit1_cutoff=-7, improvement="decrease", sg_crit3=False)
    assert all_losses.summary["magnitude"].tolist() == [-12.0, -8.0]

    def chosen(sel, magnitude):
        res = sudden_gains_by_person(df, sg_crit1_cutoff=-7, identify="sl", sg_crit3=False,
                                     improvement="decrease", multiple_sg_select=sel,
                                     magnitude=magnitude)
        return int(res.summary["sg_session_n"].iloc[0])

    # by size: the smallest loss is the 8-point one, the largest the 12-point one
    assert (chosen("smallest", "absolute"), chosen("largest", "absolute")) == (8, 3)
    # suddengains compares the signed magnitude: -12 < -8, so "smallest" is the largest loss
    assert (chosen("smallest", "signed"), chosen("largest", "signed")) == (3, 8)


def test_ties_go_to_the_earliest_session():
    # two gains of 10 points (at 3 and at 8)
    values = [30, 30, 30, 20, 20, 20, 20, 20, 10, 10, 10, 10]
    for sel in ("smallest", "largest"):
        res = sudden_gains_by_person(values, sg_crit1_cutoff=7, improvement="decrease",
                                     multiple_sg_select=sel, sg_crit3=False)
        assert res.summary["sg_session_n"].tolist() == [3]


def test_several_measures_need_a_choice():
    df = pd.concat([_long(SERIES).assign(measure="BDI-II"), _long(SERIES).assign(measure="PHQ-9")])
    with pytest.raises(ValueError, match="several measures .* pass measure="):
        sudden_gains_by_person(df, sg_crit1_cutoff=7)
    res = sudden_gains_by_person(df, sg_crit1_cutoff=7, measure="PHQ-9")
    assert "sg_PHQ_9_n" in res.summary.columns and res.measure_name == "PHQ_9"


def test_wide_data_columns_follow_and_old_names_warn():
    wide = pd.DataFrame({"id": [2, 1], "group": ["b", "a"],
                         **{f"s{i}": [v, v] for i, v in enumerate(SERIES, 1)}})
    cols = [f"s{i}" for i in range(1, 13)]
    res = sudden_gains_by_person(wide, sg_crit1_cutoff=7, case_col="id", sg_var_list=cols,
                                 improvement="decrease", measure="bdi")
    t = res.summary
    assert t["id"].tolist() == [1, 2]                      # sorted by id, as R
    assert list(t.columns[16:]) == ["group", *cols]       # every other column of the data
    assert t["group"].tolist() == ["a", "b"]
    with pytest.warns(FutureWarning, match="'id' is now called 'case_col'"):
        old = sudden_gains_by_person(wide, sg_crit1_cutoff=7, id="id", sg_var_list=cols,
                                     improvement="decrease", measure="bdi")
    pd.testing.assert_frame_equal(old.summary, t)


def test_bad_options():
    with pytest.raises(ValueError, match="multiple_sg_select must be one of"):
        sudden_gains_by_person(SERIES, sg_crit1_cutoff=7, improvement="decrease",
                               multiple_sg_select="biggest")
    with pytest.raises(ValueError, match="identify must be one of"):
        sudden_gains_by_person(SERIES, sg_crit1_cutoff=7, improvement="decrease",
                               identify="gains")
    with pytest.raises(ValueError, match="magnitude must be one of"):
        sudden_gains_by_person(SERIES, sg_crit1_cutoff=7, improvement="decrease",
                               magnitude="abs")
