"""Robust straight lines through a series: Theil-Sen and Siegel's repeated medians.

Effect sizes (Tau-BC, corrected Tau: :mod:`casekit.effects`) and figures (the baseline trend of
:mod:`casekit.plot`) draw the same lines, so they live here, in one place, rather than in
either module.

* **Theil-Sen** (Theil 1950; Sen 1968): slope = median of the pairwise slopes
  (y_k - y_i) / (t_k - t_i), i < k; intercept = median(y - slope t). This is
  ``mblm::mblm(repeated = FALSE)`` and the line of SingleCaseES ``Tau_BC``.
* **Siegel repeated medians** (Siegel 1982): slope = median_i median_{j != i}
  (y_j - y_i) / (t_j - t_i); intercept = median_i median_{j != i}
  (t_j y_i - t_i y_j) / (t_j - t_i). This is ``mblm::mblm(repeated = TRUE)`` (mblm 0.12.1).

References
----------
Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau. Journal of
the American Statistical Association, 63(324), 1379-1389. doi:10.1080/01621459.1968.10480934

Siegel, A. F. (1982). Robust regression using repeated medians. Biometrika, 69(1), 242-244.
doi:10.1093/biomet/69.1.242
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["theil_sen", "theil_sen_rows", "repeated_medians"]


def theil_sen_rows(y: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Theil-Sen slope and intercept of each row of ``y`` against ``t``.

    ``y`` and ``t`` are 2-D float arrays of the same shape, one series per row, padded at the
    end with NaN (a pad in ``y`` leaves the pair out). Rows with fewer than two points get NaN.
    Pairs with equal ``t`` are left out, as in ``mblm``.
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    rows, width = y.shape
    slope = np.full(rows, np.nan)
    intercept = np.full(rows, np.nan)
    ok = np.count_nonzero(~np.isnan(y), axis=1) >= 2
    if width < 2 or not ok.any():
        return slope, intercept
    i, k = np.triu_indices(width, 1)
    yo, to = y[ok], t[ok]
    with np.errstate(invalid="ignore", divide="ignore"):
        dt = to[:, k] - to[:, i]
        pairs = np.where(dt != 0, (yo[:, k] - yo[:, i]) / dt, np.nan)
    slope[ok] = np.nanmedian(pairs, axis=1)
    intercept[ok] = np.nanmedian(yo - slope[ok, None] * to, axis=1)
    return slope, intercept


def theil_sen(y: npt.ArrayLike, t: npt.ArrayLike | None = None) -> tuple[float, float]:
    """Theil-Sen line of one series: ``(slope, intercept)`` as Python floats.

    ``t`` defaults to 1, 2, ..., n.
    """
    y = np.asarray(y, dtype=float)
    t = np.arange(1.0, y.size + 1.0) if t is None else np.asarray(t, dtype=float)
    slope, intercept = theil_sen_rows(y[None, :], t[None, :])
    return float(slope[0]), float(intercept[0])


def repeated_medians(y: npt.ArrayLike, t: npt.ArrayLike) -> tuple[float, float]:
    """Siegel's repeated-medians line of one series: ``(slope, intercept)``, as mblm 0.12.1.

    For each point i the median of the slopes and of the pairwise intercepts
    (t_j y_i - t_i y_j) / (t_j - t_i) to every other point j with t_j != t_i; then the median of
    those medians.
    """
    y = np.asarray(y, dtype=float)
    t = np.asarray(t, dtype=float)
    n = y.size
    if n < 2:
        return float("nan"), float("nan")
    dt = t[None, :] - t[:, None]  # row i: t_j - t_i
    use = dt != 0
    with np.errstate(invalid="ignore", divide="ignore"):
        slopes = np.where(use, (y[None, :] - y[:, None]) / dt, np.nan)
        icepts = np.where(use, (t[None, :] * y[:, None] - t[:, None] * y[None, :]) / dt, np.nan)
    return (float(np.median(np.nanmedian(slopes, axis=1))),
            float(np.median(np.nanmedian(icepts, axis=1))))
