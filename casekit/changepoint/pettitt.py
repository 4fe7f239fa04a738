"""Pettitt's (1979) rank test for one change in location."""

from __future__ import annotations

import itertools
import math
import warnings

import numpy as np
import pandas as pd

from .._validate import check_int, check_option, make_rng
from ..exceptions import AutocorrelationWarning
from ..results import Result
from ._base import lag1_autocorrelation, prepare_series, session_of
from .amoc import _phi_hat

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
    """Result of :func:`pettitt` (attributes ``k``, ``session``, ``statistic`` (K), ``u``,
    ``p_value``, ``p_approx``, ``p_permutation``, ``r1``, ``phi``, ``autocorrelated``,
    ``seed``)."""


def pettitt(y=None, *, data=None, value: str = "value", session: str = "session",
            method: str = "approx", n_perm: int = 9999, seed=None) -> PettittResult:
    r"""Pettitt's nonparametric test for one change in location.

    Parameters
    ----------
    y : array-like, optional
        The series in session order (or ``data=`` with ``value=`` and ``session=``).
    method : {'approx', 'permutation', 'exact'}
        p-value reported as ``p_value``: Pettitt's approximation
        :math:`2\exp(-6K^2/(n^3+n^2))` (default, as R ``trend::pettitt.test``), a Monte Carlo
        permutation p with ``n_perm`` random orderings, or the exact permutation p over all
        n! orderings (n ≤ 9). The approximation is always reported as ``p_approx``.
    n_perm : int
        Number of random permutations for ``'permutation'``.
    seed : int, numpy Generator or None
        Seed of the permutations (stored in the result).

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
    ser = prepare_series(y, data=data, value=value, session=session, min_size=3)
    x = ser.values
    n = ser.n
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
        Ks = np.empty(n_perm)
        chunk = max(1, 200_000 // (n * n))
        for start in range(0, n_perm, chunk):
            m = min(chunk, n_perm - start)
            P = rng.permuted(np.broadcast_to(x, (m, n)), axis=1)
            Ks[start:start + m] = np.abs(_u_stats(P)).max(axis=1)
        p_perm = float((1 + np.count_nonzero(Ks >= K - 1e-9)) / (n_perm + 1))
    elif method == "exact":
        if n > EXACT_MAX_N:
            raise ValueError(f"method='exact' enumerates all n! orderings and is limited to "
                             f"n <= {EXACT_MAX_N}; got n = {n}: use method='permutation'")
        perms = np.array(list(itertools.permutations(range(n))))
        Ks = np.abs(_u_stats(x[perms])).max(axis=1)
        p_perm = float(np.count_nonzero(Ks >= K - 1e-9) / Ks.size)
    p_value = p_approx if method == "approx" else p_perm

    # autocorrelation check on the residuals of the two-segment model (see Notes)
    resid = np.concatenate([x[:k] - x[:k].mean(), x[k:] - x[k:].mean()])
    r1 = lag1_autocorrelation(resid)
    notes = ["valid only for independent observations (see Notes of casekit.pettitt)"]
    autocorrelated = False
    phi = float("nan")
    if n < CHECK_MIN_N:
        notes.append(f"n = {n} < {CHECK_MIN_N}: autocorrelation not checked (too short to "
                     "tell); the p-values assume independence")
    else:
        phi = float(_phi_hat(resid[None, :], 2)[0])
        threshold = Z_WARN / math.sqrt(n)
        autocorrelated = phi > threshold
        if autocorrelated:
            warnings.warn(
                f"bias-corrected lag-1 autocorrelation of the series after removing the shift "
                f"is {phi:.2f} (> 1.645/sqrt(n) = {threshold:.2f}); Pettitt's p-values assume "
                "independent observations and are too small here: use casekit.amoc (AR(1))",
                AutocorrelationWarning, stacklevel=2)
            notes.append(f"autocorrelation evident (phi-hat {phi:.2f}): p-values too small "
                         "(use amoc)")
    summary = pd.DataFrame([{
        "k": k, "session": session_of(k, ser.sessions), "statistic": K, "u": float(U[t_idx]),
        "p_value": p_value, "p_approx": p_approx, "p_permutation": p_perm, "method": method,
        "n": n, "r1": r1, "phi": phi}])
    res = PettittResult(
        summary, method=f"Pettitt test ({method} p-value)",
        options={"method": method, "n_perm": n_perm if method == "permutation" else None},
        reference="Pettitt 1979 (doi:10.2307/2346729)",
        mirrors="trend::pettitt.test (K, location, approximate p)", seed=seed_used,
        notes=notes, title=f"Pettitt test: change after observation {k}")
    res.k = k
    res.location = k
    res.session = session_of(k, ser.sessions)
    res.statistic = K
    res.u = float(U[t_idx])
    res.p_value = float(p_value)
    res.p_approx = p_approx
    res.p_permutation = p_perm
    res.r1 = r1
    res.phi = phi
    res.autocorrelated = bool(autocorrelated)
    res.n = n
    return res
