"""Review regressions for casekit.sudden.

- ``check_interval`` says its criteria are "as in sudden_gains" but accepted a negative
  ``sg_crit2_pct`` and a negative or non-numeric ``sg_crit3_critical_value`` that
  ``sudden_gains`` refuses (a negative critical value made criterion 3 trivially true).
- Non-numeric ``pre_values`` / ``post_values`` failed with numpy's message, without naming the
  argument.
- ``crit1_cutoff_from_rci(data_sd=...)`` with an infinite value emitted a numpy RuntimeWarning
  and then blamed ``sd`` ("sd must not be NaN"), an argument the caller did not pass.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from casekit.sudden import check_interval, crit1_cutoff_from_rci

PRE, POST = [32, 31, 33], [5, 6, 7]


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


def test_crit1_cutoff_names_infinite_data_sd_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="data_sd"):
            crit1_cutoff_from_rci(data_sd=[1.0, 2.0, np.inf], reliability=0.8)


def test_crit1_cutoff_data_sd_still_counts_missing():
    # sd(c(1, 2, 4), na.rm = TRUE) = 1.527525; 1.96 * sqrt(2 * (1.527525^2 * (1 - .8)))
    res = crit1_cutoff_from_rci(data_sd=[1.0, np.nan, 2.0, 4.0], reliability=0.8)
    assert res.n_missing == 1
    assert res.value == pytest.approx(1.96 * np.sqrt(2 * 0.2) * np.std([1, 2, 4], ddof=1),
                                      rel=1e-12)


def test_select_cases_refuses_min_sess_num_with_pattern():
    # min_sess_num was dropped silently under the default method="pattern"
    import pandas as pd

    from casekit.sudden import select_cases

    wide = pd.DataFrame({"id": [1, 2], "s1": [1, 1], "s2": [2, None], "s3": [3, 3],
                         "s4": [4, None], "s5": [5, 5]})
    cols = ["s1", "s2", "s3", "s4", "s5"]
    with pytest.raises(ValueError, match="min_sess_num"):
        select_cases(wide, id="id", sg_var_list=cols, min_sess_num=3)
    out = select_cases(wide, id="id", sg_var_list=cols, method="min_sess", min_sess_num=4)
    assert out["selected"].tolist() == [True, False]


def test_sudden_gains_named_phase_column_must_exist():
    # phase="Phase" (a column that is not there) was ignored; the default "phase" stays
    # optional
    import pandas as pd

    from casekit.sudden import sudden_gains

    df = pd.DataFrame({"case": "c1", "session": range(1, 9),
                       "value": [20.0, 21, 20, 10, 9, 10, 9, 8]})
    with pytest.raises(ValueError, match="Phase"):
        sudden_gains(df, sg_crit1_cutoff=5, improvement="decrease", phase="Phase")
    res = sudden_gains(df, sg_crit1_cutoff=5, improvement="decrease")
    assert res.n_gains == 1
    assert "phase" not in res.summary.columns
