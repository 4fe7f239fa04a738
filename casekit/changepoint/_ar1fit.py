"""Lag-1 autocorrelation of change-point residuals and its bias-corrected AR(1) coefficient.

One role: estimate the AR(1) coefficient of the residuals of a change-point (or no-change)
regression. :func:`casekit.changepoint.amoc` studentizes its sup-F with it and
:func:`casekit.changepoint.pettitt` uses it for its autocorrelation check.

The estimator differs on purpose from the other AR(1) estimators of casekit: ``alliance``
corrects the lag-1 autocorrelation of one centred series with Kendall's closed form, and
``its`` uses AR(1) maximum likelihood with a simulated mean-bias correction. Here phi comes
from the residuals of a regression with ``n_par`` coefficients (Marriott & Pope 1954 for a
mean, plus the first-order term for further regressors).

References
----------
Marriott, F. H. C. & Pope, J. A. (1954). Bias in the estimation of autocorrelations.
Biometrika 41(3/4), 390-402. doi:10.1093/biomet/41.3-4.390
Huitema, B. E. & McKean, J. W. (1991). Autocorrelation estimation and inference with small
samples. Psychological Bulletin 110(2), 291-304. doi:10.1037/0033-2909.110.2.291
"""

from __future__ import annotations

import numpy as np

__all__ = ["PHI_CLIP", "lag1_autocorrelation", "lag1_autocorrelations", "phi_hat"]

#: Stationary range used for a fitted AR(1) coefficient, |phi| <= 0.9 (a documented choice:
#: beyond it 20-40 sessions cannot tell an AR(1) process from a trend).
PHI_CLIP = 0.9


def lag1_autocorrelation(resid: np.ndarray) -> float:
    """Lag-1 sample autocorrelation r1 = sum e_t e_(t-1) / sum e_t^2 of (centred) residuals."""
    e = np.asarray(resid, dtype=float)
    den = float(np.dot(e, e))
    if den <= 0:
        return 0.0
    return float(np.dot(e[1:], e[:-1]) / den)


def lag1_autocorrelations(E: np.ndarray) -> np.ndarray:
    """Lag-1 autocorrelation of each row of residuals (0 for a row of zeros)."""
    num = np.einsum("bn,bn->b", E[:, 1:], E[:, :-1])
    den = np.einsum("bn,bn->b", E, E)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(den > 0, num / den, 0.0)
    return r


def phi_hat(E: np.ndarray, n_par: int) -> np.ndarray:
    """Bias-corrected AR(1) coefficient of each row of regression residuals, |phi| <= 0.9.

    r1 (Yule-Walker) is biased towards -1/n; for residuals of a regression with ``n_par``
    coefficients the first-order bias is approximately -(1 + 3 phi)/n - (n_par - 1)(1 + phi)/n
    (Marriott & Pope 1954 for a mean; the extra term for further regressors is the usual
    first-order correction, cf. Huitema & McKean 1991). Solving r1 = phi - bias for phi gives
    phi = (n r1 + n_par) / (n - 2 - n_par).
    """
    n = E.shape[1]
    r = lag1_autocorrelations(E)
    phi = (n * r + 1.0 + (n_par - 1)) / (n - 3.0 - (n_par - 1))
    out: np.ndarray = np.clip(phi, -PHI_CLIP, PHI_CLIP)
    return out
