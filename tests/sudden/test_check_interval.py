"""Checking one pre/post triple (suddengains ``check_interval``), with the core of sudden_gains.

Review regressions kept here: ``check_interval`` says its criteria are "as in sudden_gains" but
accepted a negative ``sg_crit2_pct`` and a negative or non-numeric ``sg_crit3_critical_value``
that ``sudden_gains`` refuses (a negative critical value made criterion 3 trivially true), and
non-numeric ``pre_values`` / ``post_values`` failed with numpy's message, without naming the
argument.
"""

from __future__ import annotations

import pytest

from casekit.sudden import CheckIntervalResult, check_interval

PRE, POST = [32, 31, 33], [5, 6, 7]


def test_check_interval_matches_core():
    r = check_interval([34, 35, 34], [23, 24, 21], sg_crit1_cutoff=7)
    assert r.result is True and r.n_pre == 3 and r.n_post == 3
    r = check_interval([34, None, None], [23, 24, 21], sg_crit1_cutoff=7)
    assert r.crit3 is None and r.result is None


def test_check_interval_refuses_negative_crit2_pct():
    with pytest.raises(ValueError, match="sg_crit2_pct"):
        check_interval(PRE, POST, sg_crit1_cutoff=7, sg_crit2_pct=-0.5)


@pytest.mark.parametrize("bad, exc", [(-3.0, ValueError), ("x", TypeError)])
def test_check_interval_validates_critical_value(bad, exc):
    with pytest.raises(exc, match="sg_crit3_critical_value"):
        check_interval(PRE, POST, sg_crit1_cutoff=7, sg_crit3_adjust=False,
                       sg_crit3_critical_value=bad)


def test_check_interval_records_the_fixed_critical_value():
    r = check_interval(PRE, POST, sg_crit1_cutoff=7, sg_crit3_adjust=False,
                       sg_crit3_critical_value=3.0)
    assert r.critical_value == 3.0
    assert r.options["sg_crit3_critical_value"] == 3.0


def test_check_interval_names_non_numeric_argument():
    with pytest.raises(TypeError, match="pre_values"):
        check_interval(["a", 31, 33], POST, sg_crit1_cutoff=7)
    with pytest.raises(TypeError, match="post_values"):
        check_interval(PRE, [5, "b", 7], sg_crit1_cutoff=7)


def test_improvement_accepts_an_instrument_and_fields_are_declared():
    by_name = check_interval(PRE, POST, sg_crit1_cutoff=7, improvement="PHQ-9")
    assert isinstance(by_name, CheckIntervalResult)
    assert by_name.to_dict() == check_interval(PRE, POST, sg_crit1_cutoff=7).to_dict()
    # a rise on a higher-is-better measure
    up = check_interval(POST, PRE, sg_crit1_cutoff=7, improvement="WAI-SR")
    assert up.result is True
    assert set(up.to_dict()) == {"crit1", "crit2", "crit3", "result", "critical_value",
                                 "n_pre", "n_post", "mean_pre", "mean_post", "sd_pre",
                                 "sd_post"}
    with pytest.raises(ValueError, match="improvement must be 'increase', 'decrease' or an "
                                         "instrument name"):
        check_interval(PRE, POST, sg_crit1_cutoff=7, improvement="down")
