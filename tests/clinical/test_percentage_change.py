"""percentage_change: change as a proportion of the pre score.

Rule (clinicalsignificance 2.1.0.9000 ``calc_percentage``, Claus et al. 2024,
doi:10.18637/jss.v111.i01): pct = (post - pre) / pre; improved if d pct >= pct_improvement,
deteriorated if d pct <= -pct_deterioration (inclusive); pre = post unchanged. A pre score of
0 follows the direction in casekit (R counts any increase from 0 as improved). Hand-worked
values, 1e-12.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit.clinical import percentage_change


def test_proportions_and_inclusive_thresholds():
    res = percentage_change([20, 20, 20, 20, 10], [10, 11, 30, 29, 10], pct_improvement=0.5,
                            improvement="decrease")
    np.testing.assert_allclose(res.summary["pct_change"], [-0.5, -0.45, 0.5, 0.45, 0.0],
                               rtol=1e-12)
    assert res.summary["category"].tolist() == ["improved", "unchanged", "deteriorated",
                                                "unchanged", "unchanged"]


def test_own_threshold_for_deterioration_may_exceed_one():
    res = percentage_change([10, 10, 10], [5, 25, 31], pct_improvement=0.5,
                            pct_deterioration=2.0, improvement="decrease")
    assert res.summary["category"].tolist() == ["improved", "unchanged", "deteriorated"]
    with pytest.raises(ValueError, match="pct_improvement"):
        percentage_change([10], [5], pct_improvement=1.5, improvement="decrease")
    with pytest.raises(ValueError, match="pct_improvement must be > 0"):
        percentage_change([10], [5], pct_improvement=0, improvement="decrease")


def test_pre_score_zero_follows_the_direction():
    up = percentage_change([0, 0, 0], [3, 0, 1], pct_improvement=0.3, improvement="increase")
    assert up.summary["category"].tolist() == ["improved", "unchanged", "improved"]
    assert math.isinf(up.summary["pct_change"].iloc[0]) and math.isnan(
        up.summary["pct_change"].iloc[1])
    down = percentage_change([0, 0], [3, 0], pct_improvement=0.3, improvement="decrease")
    # an increase from 0 on a lower-is-better scale is a deterioration (R says "improved")
    assert down.summary["category"].tolist() == ["deteriorated", "unchanged"]


def test_negative_pre_scores_are_refused():
    with pytest.raises(ValueError, match="non-negative pre scores"):
        percentage_change([-2, 10], [1, 5], pct_improvement=0.3, improvement="increase")


def test_counts_and_fields():
    res = percentage_change([20, 20, 20, 20], [10, 10, 20, 30], pct_improvement=0.3,
                            improvement="decrease")
    assert res.counts["n"].tolist() == [2, 1, 1]
    assert res.counts["percent"].tolist() == [50.0, 25.0, 25.0]
    assert (res.pct_improvement, res.pct_deterioration) == (0.3, 0.3)
    assert res.n == res.n_original == 4
