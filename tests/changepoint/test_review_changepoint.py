"""Review regressions for casekit.changepoint (degenerate input, warnings on clean input).

No published example: the inputs are built so that the right behaviour is known (a constant
series has no break and undefined test statistics).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from casekit.changepoint import breakpoints


def test_breakpoints_constant_series_no_foreign_runtime_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = breakpoints(np.full(20, 3.0))
    assert res.breakpoints == []
    assert math.isnan(res.supF) and math.isnan(res.cusum)
    assert any("constant" in n for n in res.notes)


def test_bayes_factor_beyond_float_range_is_inf_not_clipped():
    # a long series with a large shift: log BF ~ 800, so exp() overflows; the old code
    # reported exp(700) ~ 1e304 as if it were the value
    from casekit.changepoint import bayes_changepoint

    rng = np.random.default_rng(5)
    y = np.r_[rng.normal(0, 1, 500), rng.normal(4, 1, 500)]
    res = bayes_changepoint(y)
    assert res.log_bayes_factor > 710
    assert res.bayes_factor == math.inf
    assert res.summary["bayes_factor"].iloc[0] == math.inf
    assert any("log_bayes_factor" in n for n in res.notes)


def test_bayes_factor_in_range_is_exact():
    from casekit.changepoint import bayes_changepoint

    y = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]
    res = bayes_changepoint(y)
    assert math.isclose(res.bayes_factor, math.exp(res.log_bayes_factor), rel_tol=1e-12)
    assert not any("log_bayes_factor" in n for n in res.notes)


def test_missing_session_rows_are_index_labels():
    import pandas as pd
    import pytest

    from casekit.changepoint import pettitt

    d = pd.DataFrame({"session": [1.0, 2.0, None, 4.0, 5.0, 6.0], "value": [1.0] * 3 + [5.0] * 3},
                     index=range(100, 106))
    with pytest.raises(ValueError, match=r"rows \[102\]"):
        pettitt(data=d)
