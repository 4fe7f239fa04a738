"""Cronbach's alpha with the Feldt interval.

Cronbach 1951 (doi:10.1007/BF02310555), Feldt 1965 interval (doi:10.1007/BF02289703), checked
by hand and against independent formulas (average covariance; F quantiles). 1e-10/1e-12.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.scoring import cronbach_alpha
from tests.scoring._helpers import TOL


def test_alpha_hand_example():
    # item variances 2.5 + 1.2 + 1.3 = 5.0; variance of the sums (5, 7, 10, 13, 13) = 12.8
    # alpha = 3/2 * (1 - 5 / 12.8) = 0.9140625
    x = np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5], [5, 4, 4]])
    res = cronbach_alpha(x)
    assert res.alpha == pytest.approx(0.9140625, rel=TOL)
    assert isinstance(res.alpha, float) and isinstance(res.n_obs, int)
    assert float(res) == res.alpha and res.ci_lower < res.alpha < res.ci_upper
    assert list(res.summary.columns) == ["alpha", "ci_lower", "ci_upper", "n_obs", "n_items",
                                         "n_dropped"]


def test_alpha_equals_average_covariance_formula_and_feldt_interval():
    from scipy import stats
    rng = np.random.default_rng(7)
    true = rng.normal(size=(60, 1))
    x = true + rng.normal(scale=0.8, size=(60, 6))
    c = np.cov(x, rowvar=False)
    k = 6
    cbar = (c.sum() - np.trace(c)) / (k * (k - 1))
    vbar = np.trace(c) / k
    expected = k * cbar / (vbar + (k - 1) * cbar)
    res = cronbach_alpha(pd.DataFrame(x), confidence=0.90)
    assert res.alpha == pytest.approx(expected, rel=1e-10)
    # Feldt (1965): 1 - (1 - alpha) F, F on (n - 1, (n - 1)(k - 1)) df
    f_hi = stats.f.ppf(0.95, 59, 59 * 5)
    f_lo = stats.f.ppf(0.05, 59, 59 * 5)
    assert res.ci_lower == pytest.approx(1 - (1 - expected) * f_hi, rel=1e-10)
    assert res.ci_upper == pytest.approx(1 - (1 - expected) * f_lo, rel=1e-10)


def test_alpha_missing_rows():
    x = pd.DataFrame({"i1": [1, 2, 3, 4, np.nan], "i2": [2, 2, 4, 4, 4],
                      "i3": [2, 3, 3, 5, 4]})
    with pytest.raises(ValueError, match=r"missing values in rows \[4\]"):
        cronbach_alpha(x)
    res = cronbach_alpha(x, missing="listwise")
    assert res.n_dropped == 1 and res.n_obs == 4 and "dropped" in repr(res)
    with pytest.raises(ValueError, match="missing must be one of 'error', 'listwise'"):
        cronbach_alpha(x, missing="pairwise")
    with pytest.raises(ValueError, match="at least 2 item columns"):
        cronbach_alpha(x[["i2"]])
