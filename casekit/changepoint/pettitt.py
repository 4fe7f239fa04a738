"""Pettitt's (1979) rank test for one change in location."""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Hashable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._validate import check_int, check_option, make_rng
from ..exceptions import AutocorrelationWarning
from ..results import Result
from ._ar1fit import lag1_autocorrelation, phi_hat
from ._base import changepoint_series, input_notes

__all__ = ["pettitt", "PettittResult"]

METHODS = ("approx", "permutation", "exact")
EXACT_MAX_N = 9  # 9! = 362,880 orderings: the largest n enumerated completely
# Autocorrelation check: one-sided 5% normal quantile (z_.95 = 1.645) against the SE 1/sqrt(n)
# of phi-hat under independence (Bartlett 1946, doi:10.2307/2983611); false-alarm rate measured
# on independent series, with and without a real shift, by
# benchmarks/calibration_changepoint.py --pettitt-warning (3.7-7.1% at n = 20 and 40,
# 6.5-8.3% at n = 12; docs/calibration_changepoint.md). Below CHECK_MIN_N it grows (about
# 10% at n = 8-10, 23% at n = 6 in a 4,000-series check), so shorter series are not checked.
Z_WARN = 1.645
CHECK_MIN_N = 12


def _u_stats(Y: np.ndarray) -> np.ndarray:
    """U_t for t = 1..n-1 of every row: U_t = sum_{i<=t} sum_{j>t} sign(x_j - x_i).

    The within-segment pairs cancel (sign is antisymmetric), so with
    V_i = sum_{j=1}^n sign(x_j - x_i), U_t = sum_{i<=t} V_i (Pettitt 1979, section 2).
    """
    S = np.sign(Y[:, None, :] - Y[:, :, None])  # S[b, i, j] = sign(x_j - x_i)
    V = S.sum(axis=2)  # sum_j sign(x_j - x_i)
    return np.cumsum(V, axis=1)[:, :-1]


class PettittResult(Result):
    """Result of :func:`pettitt`.

    Attributes
    ----------
    k : int
        Estimated change: index of the last observation before it (1-based), the first t
        attaining K.
    session : int or float
        Session number of observation ``k``, the last session before the change.
    statistic : float
        Pettitt's K = max_t |U_t|.
    u : float
        U at ``k`` (positive when the level rises after the change).
    p_value : float
        The p-value of ``method``.
    p_approx : float
        Pettitt's approximation 2 exp(−6K²/(n³ + n²)).
    p_permutation : float
        Monte Carlo or exact permutation p (NaN with ``method='approx'``).
    r1 : float
        Lag-1 autocorrelation of the two-segment residuals.
    phi : float
        Its bias-corrected version used by the autocorrelation check (NaN when n < 12).
    autocorrelated : bool
        Whether the autocorrelation check fired.
    n : int
        Number of observations.
    """

    k: int
    session: int | float
    statistic: float
    u: float
    p_value: float
    p_approx: float
    p_permutation: float
    r1: float
    phi: float
    autocorrelated: bool
    n: int

    @property
    def location(self) -> int:
        """The same as :attr:`k`."""
        return self.k


@renamed_arguments(y="values", value="value_col", session="session_col")
def pettitt(values: ArrayLike | pd.DataFrame | None = None, *,
            data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
            value_col: str = "value", session_col: str = "session", case: Hashable = None,
            case_col: str = "case", measure: str | None = None, measure_col: str = "measure",
            method: str = "approx", n_perm: int = 9999,
            seed: int | np.random.Generator | None = None,
            missing: str = "error") -> PettittResult:
    r"""Pettitt's nonparametric test for one change in location.

    Parameters
    ----------
    values : array-like or pandas.DataFrame, optional
        The series in session order; a DataFrame given here is taken as ``data``.
    data : pandas.DataFrame, optional
        Tidy long table holding one series, or several from which ``case=`` and ``measure=``
        pick one (rows put in session order).
    sessions : array-like, optional
        Session numbers of ``values`` (default 1..n); locations are reported as sessions.
    value_col, session_col, case_col, measure_col : str
        Column names in ``data``.
    case, measure : optional
        Which series of ``data`` to test (labels).
    method : {'approx', 'permutation', 'exact'}
        p-value reported as ``p_value``: Pettitt's approximation
        :math:`2\exp(-6K^2/(n^3+n^2))` (default, as R ``trend::pettitt.test``), a Monte Carlo
        permutation p with ``n_perm`` random orderings, or the exact permutation p over all
        n! orderings (n ≤ 9). The approximation is always reported as ``p_approx``.
    n_perm : int
        Number of random permutations for ``'permutation'``.
    seed : int, numpy Generator or None
        Seed of the permutations (stored in the result).
    missing : {'error', 'drop', 'include_imputed'}
        Missing values are an error naming their rows and sessions, or dropped (listed in the
        notes).

    Returns
    -------
    PettittResult
        ``.summary`` (one row): ``k, session, statistic, u, p_value, p_approx,
        p_permutation, method, n, r1, phi``. ``u`` is U at k (positive when the level rises
        after the change); ``r1`` is the lag-1 autocorrelation of the two-segment residuals
        (each segment minus its mean) and ``phi`` its bias-corrected version
        :math:`\hat\phi` used by the autocorrelation check (NaN when n < 12). The attribute
        ``autocorrelated`` (bool) says whether the check fired.

    See Also
    --------
    amoc : parametric test valid under AR(1) errors.

    Notes
    -----
    :math:`U_t = \sum_{i \le t}\sum_{j > t} \operatorname{sign}(x_j - x_i)`, t = 1 … n − 1;
    :math:`K = \max_t |U_t|`; k = the first t attaining the maximum (the size of the first
    segment, casekit's index convention). Ties count 0 in ``sign``.

    **Validity.** The test assumes exchangeable (independent, identically distributed)
    observations under the null: both the approximation and the permutation p are invalid for
    autocorrelated series, where they reject far too often (see
    ``docs/calibration_changepoint.md``: with φ = 0.6 the type I error is several times α).
    Permuting destroys the serial dependence, so the permutation p does not repair this.

    **Autocorrelation check.** A :class:`~casekit.AutocorrelationWarning` is issued when
    autocorrelation is evident: :math:`\hat\phi > 1.645/\sqrt{n}` (one-sided, 5%), where
    :math:`\hat\phi = (n r_1 + 2)/(n - 4)` is the lag-1 autocorrelation :math:`r_1` of the
    residuals of the two-segment model (each segment minus its mean, split at k) corrected for
    its first-order bias (Marriott & Pope 1954 for a mean, plus one further regressor; the
    correction :func:`amoc` uses, with two coefficients). The residuals of a split chosen by
    the test itself look less autocorrelated than the noise (under AR(1) noise the spurious
    split absorbs part of the wandering, and even under independence the selected split
    pushes :math:`r_1` below :math:`-1/n`), so the uncorrected rule
    :math:`r_1 > 1.96/\sqrt{n}` that casekit used before stayed silent on most false
    positives. Residuals, not the raw series, are used because a real shift makes the raw
    series look autocorrelated. Measured
    (``docs/calibration_changepoint.md``, 20,000 series per cell): the check fires on 4-7% of
    independent series with or without a real shift (n = 20, 40), and on 54% (n = 20) and 91%
    (n = 40) of Pettitt's false positives at :math:`\phi = 0.6`, but only on 23% (n = 20) and
    44% (n = 40) of them at :math:`\phi = 0.3`: no warning is no proof of independence. Series shorter than 12 are not
    checked (the false-alarm rate grows there). Use :func:`amoc` for autocorrelated series.
    The approximation is also conservative for small p and loose for n < 20, hence the
    permutation options.

    Mirrors R ``trend::pettitt.test`` (K, location and the approximate p); the permutation and
    exact p-values have no R equivalent there.

    References
    ----------
    Pettitt, A. N. (1979). A non-parametric approach to the change-point problem. Journal of
    the Royal Statistical Society C (Applied Statistics) 28(2), 126–135. doi:10.2307/2346729

    Marriott, F. H. C., & Pope, J. A. (1954). Bias in the estimation of autocorrelations.
    Biometrika 41(3/4), 390–402. doi:10.1093/biomet/41.3-4.390

    Examples
    --------
    >>> from casekit.changepoint import pettitt
    >>> res = pettitt([5, 6, 5, 7, 6, 5, 12, 13, 12, 14, 13, 12])
    >>> res.k, res.statistic
    (6, 36.0)
    """
    method = check_option(method, "method", METHODS)
    n_perm = check_int(n_perm, "n_perm", minimum=99)
    ser = changepoint_series(values, data=data, sessions=sessions, value_col=value_col,
                             session_col=session_col, case=case, case_col=case_col,
                             measure=measure, measure_col=measure_col, missing=missing,
                             min_size=3)
    x, n = ser.values, ser.n
    U = _u_stats(x[None, :])[0]
    absU = np.abs(U)
    K = float(absU.max())
    t_idx = int(np.argmax(absU))
    k = t_idx + 1
    p_approx = float(min(1.0, 2.0 * math.exp(-6.0 * K * K / (n ** 3 + n ** 2))))
    seed_used = None
    p_perm = float("nan")
    if method == "permutation":
        rng, seed_used = make_rng(seed)
        p_perm = _permutation_p(x, K, n_perm, rng)
    elif method == "exact":
        p_perm = _exact_p(x, K)
    p_value = p_approx if method == "approx" else p_perm
    # autocorrelation check on the residuals of the two-segment model (see Notes)
    resid = np.concatenate([x[:k] - x[:k].mean(), x[k:] - x[k:].mean()])
    r1 = lag1_autocorrelation(resid)
    notes = ["valid only for independent observations (see Notes of casekit.pettitt)"]
    phi, autocorrelated = _autocorrelation_check(resid, n, notes)
    session, u = ser.session_at(k), float(U[t_idx])
    fields = {"k": k, "session": session, "statistic": K, "u": u,
              "p_value": float(p_value), "p_approx": p_approx, "p_permutation": p_perm}
    summary = pd.DataFrame([{**fields, "method": method, "n": n, "r1": r1, "phi": phi}])
    return PettittResult(
        summary, method=f"Pettitt test ({method} p-value)",
        variant={"approx": "Pettitt's approximate p-value 2 exp(-6K^2/(n^3 + n^2))",
                 "permutation": f"Monte Carlo permutation p-value ({n_perm} permutations)",
                 "exact": "exact permutation p-value over all n! orderings"}[method],
        options={"method": method, "n_perm": n_perm if method == "permutation" else None},
        reference="Pettitt 1979 (doi:10.2307/2346729)",
        mirrors="trend::pettitt.test (K, location, approximate p)", seed=seed_used,
        notes=notes + input_notes(ser), title=f"Pettitt test: change after observation {k}",
        r1=r1, phi=phi, autocorrelated=bool(autocorrelated), n=n, k=k, session=session,
        statistic=K, u=u, p_value=float(p_value), p_approx=p_approx, p_permutation=p_perm)


def _permutation_p(x: np.ndarray, K: float, n_perm: int, rng: np.random.Generator) -> float:
    """Monte Carlo permutation p, (1 + #{K* >= K}) / (n_perm + 1), in chunks."""
    n = x.size
    Ks = np.empty(n_perm)
    chunk = max(1, 200_000 // (n * n))
    for start in range(0, n_perm, chunk):
        m = min(chunk, n_perm - start)
        P = rng.permuted(np.broadcast_to(x, (m, n)), axis=1)
        Ks[start:start + m] = np.abs(_u_stats(P)).max(axis=1)
    return float((1 + np.count_nonzero(Ks >= K - 1e-9)) / (n_perm + 1))


def _exact_p(x: np.ndarray, K: float) -> float:
    """Exact permutation p over all n! orderings (n <= EXACT_MAX_N)."""
    n = x.size
    if n > EXACT_MAX_N:
        raise ValueError(f"method='exact' enumerates all n! orderings and is limited to "
                         f"n <= {EXACT_MAX_N}; got n = {n}: use method='permutation'")
    perms = np.array(list(itertools.permutations(range(n))))
    Ks = np.abs(_u_stats(x[perms])).max(axis=1)
    return float(np.count_nonzero(Ks >= K - 1e-9) / Ks.size)


def _autocorrelation_check(resid: np.ndarray, n: int, notes: list[str]) -> tuple[float, bool]:
    """Bias-corrected phi-hat of the two-segment residuals; warn when it is evident."""
    if n < CHECK_MIN_N:
        notes.append(f"n = {n} < {CHECK_MIN_N}: autocorrelation not checked (too short to "
                     "tell); the p-values assume independence")
        return float("nan"), False
    phi = float(phi_hat(resid[None, :], 2)[0])
    threshold = Z_WARN / math.sqrt(n)
    autocorrelated = phi > threshold
    if autocorrelated:
        warnings.warn(
            f"bias-corrected lag-1 autocorrelation of the series after removing the shift "
            f"is {phi:.2f} (> 1.645/sqrt(n) = {threshold:.2f}); Pettitt's p-values assume "
            "independent observations and are too small here: use casekit.amoc (AR(1))",
            AutocorrelationWarning, stacklevel=4)
        notes.append(f"autocorrelation evident (phi-hat {phi:.2f}): p-values too small "
                     "(use amoc)")
    return phi, autocorrelated
