"""Sudden losses (sudden worsening), mirroring suddengains ``identify_sl``.

Series made up for the checks (suddengains 0.7.2 rules, Wiedemann et al. 2020,
doi:10.1371/journal.pone.0230276); expected values worked out by hand in the comments.
"""

from __future__ import annotations

import pytest

import casekit
from casekit.sudden import sudden_gains, sudden_losses

SERIES = [35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7]


def test_losses_and_crit2_choice():
    vals = [10, 9, 10, 20, 21, 20, 19, 20]
    res = sudden_losses(vals, sg_crit1_cutoff=-7, improvement="decrease")
    assert res.summary["pregain_session"].tolist() == [3]
    assert res.summary["magnitude"].tolist() == [-10.0]
    # mirrored criterion 2: worsening of 1 point from 40 is < 25 %, not a loss; suddengains'
    # literal form accepts any worsening
    small = [40, 40, 40, 41, 41, 41, 41]
    m = sudden_losses(small, sg_crit1_cutoff=-0.5, sg_crit3=False, improvement="decrease")
    s = sudden_losses(small, sg_crit1_cutoff=-0.5, sg_crit3=False, improvement="decrease",
                      loss_crit2="suddengains")
    assert m.n_gains == 0 and s.n_gains == 1
    assert res.options["loss_crit2"] == "mirrored"


def test_the_cutoff_sign_follows_suddengains():
    with pytest.raises(ValueError, match="negative sg_crit1_cutoff"):
        sudden_losses(SERIES, sg_crit1_cutoff=7, improvement="decrease")
    with pytest.raises(ValueError, match="positive sg_crit1_cutoff"):
        sudden_gains(SERIES, sg_crit1_cutoff=-7, improvement="decrease")


def test_a_loss_is_reversed_when_a_later_score_comes_back():
    # loss 10 -> 20 at 3 -> 4; reversal value 15; session 6 (n+3) = 14 is back past it
    res = sudden_losses([10, 9, 10, 20, 21, 14, 19, 20], sg_crit1_cutoff=-7, sg_crit3=False,
                        improvement="decrease")
    assert res.kind == "losses"
    assert res.summary["reversal_value"].tolist() == [15.0]
    assert res.summary["reversed"].tolist() == [True]
    assert "sudden_loss" in res.intervals.columns


def test_public_name():
    assert casekit.sudden_losses is sudden_losses
