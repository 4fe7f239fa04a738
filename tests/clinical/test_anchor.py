"""anchor_change: change of each case against a minimal important difference (MID).

Rule (clinicalsignificance 2.1.0.9000 ``calc_anchor.cs_anchor_individual_within``, Claus et
al. 2024, doi:10.18637/jss.v111.i01): improved if d change >= MID_improvement, deteriorated if
d change <= -MID_deterioration (inclusive), d = -1 when lower is better. Expected categories
are worked by hand; counts exact.
"""

from __future__ import annotations

import pandas as pd
import pytest

import casekit
from casekit.clinical import anchor_change


def test_mid_is_inclusive_in_both_directions():
    res = anchor_change([30, 30, 30, 30, 30], [25, 26, 35, 34, 30], mid_improvement=5,
                        improvement="decrease")
    assert res.summary["category"].tolist() == ["improved", "unchanged", "deteriorated",
                                                "unchanged", "unchanged"]
    assert res.summary["change"].tolist() == [-5.0, -4.0, 5.0, 4.0, 0.0]
    assert list(res.summary.columns) == ["id", "pre", "post", "change", "improved",
                                         "deteriorated", "unchanged", "category"]


def test_own_mid_for_deterioration_and_higher_is_better():
    res = anchor_change([10, 10, 10], [13, 8, 7], mid_improvement=3, mid_deterioration=2,
                        improvement="increase")
    assert res.summary["category"].tolist() == ["improved", "deteriorated", "deteriorated"]
    assert (res.mid_improvement, res.mid_deterioration) == (3.0, 2.0)
    same = anchor_change([10, 10], [13, 8], mid_improvement=3, improvement="increase")
    assert same.mid_deterioration == 3.0 and same.summary["category"].tolist() == [
        "improved", "unchanged"]


def test_direction_from_an_instrument_name():
    res = anchor_change([20, 20], [14, 26], mid_improvement=5, improvement="PHQ-9")
    assert res.improvement == "decrease"
    assert res.summary["category"].tolist() == ["improved", "deteriorated"]


def test_counts_per_group_with_percentages_within_each_group():
    data = pd.DataFrame({"case": list("abcdef"), "arm": ["T", "T", "T", "C", "C", "C"],
                         "pre": [30, 30, 30, 30, 30, 30], "post": [20, 22, 29, 31, 36, 30]})
    res = anchor_change(data=data, pre="pre", post="post", case_col="case", group_col="arm",
                        mid_improvement=5, improvement="decrease")
    c = res.counts
    assert list(c.columns) == ["group", "category", "n", "percent"]
    assert c.set_index(["group", "category"])["n"].to_dict() == {
        ("T", "improved"): 2, ("T", "unchanged"): 1, ("T", "deteriorated"): 0,
        ("C", "improved"): 0, ("C", "unchanged"): 2, ("C", "deteriorated"): 1}
    assert c.groupby("group")["percent"].sum().tolist() == pytest.approx([100.0, 100.0])
    assert res.summary["group"].tolist() == ["T", "T", "T", "C", "C", "C"]


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="mid_improvement"):
        anchor_change([1], [2], mid_improvement=0, improvement="decrease")
    with pytest.raises(ValueError, match="mid_deterioration"):
        anchor_change([1], [2], mid_improvement=2, mid_deterioration=-1, improvement="decrease")
    with pytest.raises(ValueError, match="improvement is required"):
        anchor_change([1], [2], mid_improvement=2)
    with pytest.raises(ValueError, match="group_col"):
        anchor_change([1], [2], mid_improvement=2, improvement="decrease", group_col="arm")


def test_a_case_in_two_groups_is_a_data_problem():
    long = pd.DataFrame({"case": ["a", "a", "b", "b"], "t": [1, 2, 1, 2],
                         "arm": ["T", "C", "T", "T"], "y": [30, 20, 30, 25]})
    with pytest.raises(casekit.CaseDataError, match="2 different group labels"):
        anchor_change(data=long, case_col="case", time_col="t", value_col="y", pre_time=1,
                      group_col="arm", mid_improvement=5, improvement="decrease")


def test_lazy_name():
    assert casekit.clinical.anchor_change is anchor_change
