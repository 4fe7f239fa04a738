"""reliable_change: constants, published RCIs, direction, errors and the result's fields.

Formulas: Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12; the PHQ-9 published RCI of
6 points (NHS Talking Therapies; registry entry). Expected values are the formulas written out
by hand; closed-form arithmetic, 1e-12 relative unless stated.
"""

from __future__ import annotations

import math

import pytest

import casekit
from casekit.clinical import clinical_cutoffs, reliable_change


def test_phq9_published_rci_and_rule():
    res = reliable_change([20, 20, 20, 10], [14, 15, 26, 4], instrument="PHQ-9")
    assert "published RCI" in res.sd_source and "6" in res.sd_source
    # registry rule '>=': a change of exactly 6 is reliable
    assert res.summary["category"].tolist() == ["improved", "unchanged", "deteriorated",
                                                "improved"]
    assert res.threshold == 6.0
    assert res.rc == 6.0 and res.rule == ">="


def test_higher_is_better_direction():
    res = reliable_change([40, 40], [60, 20], sd=7.5, reliability=0.8, improvement="increase")
    assert res.summary["category"].tolist() == ["improved", "deteriorated"]


def test_improvement_accepts_an_instrument_name():
    # the direction only: PHQ-9 is lower-is-better; the RCI constants are the ones given
    res = reliable_change([20, 20], [8, 30], sd=5, reliability=0.8, improvement="PHQ-9")
    assert res.improvement == "decrease"
    assert res.summary["category"].tolist() == ["improved", "deteriorated"]
    with pytest.raises(ValueError, match="contradicts"):
        reliable_change(20, 8, instrument="PHQ-9", improvement="increase")


def test_single_case_without_sd_refused():
    with pytest.raises(ValueError, match="sd="):
        reliable_change(30, 18, reliability=0.8, improvement="decrease")


def test_reliable_change_refuses_reliability_it_would_not_use():
    # an explicit reliability= was silently ignored when the instrument's published raw RCI
    # (PHQ-9: 6 points) was used instead (house rule: never ignore an argument silently)
    with pytest.raises(ValueError, match="reliability=") as exc:
        reliable_change(20, 8, instrument="PHQ-9", reliability=0.5)
    assert "sd=" in str(exc.value)


def test_reliable_change_uses_reliability_with_sd():
    # sd= and reliability= together override the published RCI: S_diff = 5 sqrt(2 (1 - .5)) = 5
    res = reliable_change(20, 8, instrument="PHQ-9", sd=5.0, reliability=0.5)
    assert res.reliability == 0.5
    assert math.isclose(res.s_diff, 5.0, rel_tol=1e-12)


def test_reliable_change_published_rci_reports_no_reliability():
    res = reliable_change(20, 8, instrument="PHQ-9")
    assert math.isnan(res.reliability)


def test_errors_name_arguments():
    with pytest.raises(ValueError, match="method must be one of"):
        reliable_change(1, 2, sd=1, reliability=0.8, improvement="decrease", method="XX")
    with pytest.raises(ValueError, match="improvement"):
        reliable_change(1, 2, sd=1, reliability=0.8)
    with pytest.raises(ValueError, match="reliability"):
        reliable_change(1, 2, sd=1, reliability=1.2, improvement="decrease")
    with pytest.raises(ValueError, match="cutoff must be one of"):
        reliable_change(1, 2, sd=1, reliability=0.8, improvement="decrease", cutoff="d")


def test_result_attributes_are_python_scalars():
    res = reliable_change([20, 15, 24, 12], [8, 13, 10, 14], reliability=0.84,
                          improvement="decrease", method="HA")
    for name in ("s_diff", "se", "threshold", "sd_used", "reliability", "z", "m_pre",
                 "m_post", "r_dd"):
        assert type(getattr(res, name)) is float, name
    assert type(res.n) is int
    assert res.method_card["mirrors"].startswith("clinicalsignificance")


def test_result_fields_are_declared():
    res = reliable_change([20, 15, 24, 12], [8, 13, 10, 14], reliability=0.84,
                          improvement="decrease")
    assert set(res.to_dict()) == set(type(res).fields())
    assert res.method == "JT" and res.constant_band is True
    assert res.rc == res.threshold and res.rule == ">"
    assert "Jacobson & Truax" in res.method_card["variant"]
    hll = reliable_change([20, 15, 24, 12], [8, 13, 10, 14], reliability=0.84,
                          improvement="decrease", method="HLL")
    assert hll.rc is None and hll.rule is None and hll.constant_band is False
    with pytest.raises(AttributeError, match="not a declared field"):
        res.something_else = 1


def test_lazy_names():
    assert casekit.reliable_change is reliable_change
    assert casekit.clinical_cutoffs is clinical_cutoffs
