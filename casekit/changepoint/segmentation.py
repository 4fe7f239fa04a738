"""Multiple changes in mean (or mean and variance): PELT, optimal partitioning, BinSeg, AMOC.

This module mirrors R changepoint 2.3 ``cpt.mean(test.stat = "Normal")`` /
``cpt.meanvar(test.stat = "Normal")`` exactly (same costs, penalties, pruning rule, binary
segmentation quirks and tie-breaking), with one deliberate difference in the *default*: casekit
divides the series by a robust noise scale before the search (the unit-variance trap, see
``domain/methods.md`` §6.3), while R uses the raw data. ``raw=True`` reproduces R's unscaled
behaviour.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._validate import check_float, check_int, check_option
from ..exceptions import NotEnoughPointsError
from ..results import Result, deferred
from ._base import changepoint_series, input_notes

if TYPE_CHECKING:
    from .._input import SessionSeries

__all__ = ["cpt_mean", "CptMeanResult", "pelt_batch", "penalty_value", "robust_sigma",
           "search_changes", "noise_scale", "penalty_name", "METHODS"]

METHODS = ("pelt", "op", "binseg", "amoc")
PENALTIES = ("MBIC", "BIC", "SIC", "AIC", "HQ")
COSTS = ("mean", "meanvar")
_VAR_FLOOR = 1e-11  # changepoint src/cost_general_functions.c: sigsq floor 0.00000000001


def penalty_value(penalty: str | float, n: int, cost: str = "mean") -> float:
    """Penalty per change point as R changepoint 2.3 ``penalty_decision`` computes it.

    ``diffparam`` is 1 for a change in mean and 2 for a change in mean and variance;
    BIC/SIC = (diffparam + 1) log n, MBIC = (diffparam + 2) log n, AIC = 2 (diffparam + 1),
    Hannan-Quinn = 2 (diffparam + 1) log log n (changepoint ``R/penalty_decision.R``). A number
    is used as given (R ``penalty = "Manual"``).
    """
    diffparam = 1 if cost == "mean" else 2
    if isinstance(penalty, str):
        penalty = check_option(penalty, "penalty", PENALTIES + ("Hannan-Quinn",),
                               case_sensitive=False)
        if penalty in ("BIC", "SIC"):
            return (diffparam + 1) * math.log(n)
        if penalty == "MBIC":
            return (diffparam + 2) * math.log(n)
        if penalty == "AIC":
            return 2.0 * (diffparam + 1)
        return 2.0 * (diffparam + 1) * math.log(math.log(n))
    return check_float(penalty, "penalty", minimum=0.0)


# --------------------------------------------------------------------------------------------
# numpy cores (2-D: one series per row)
# --------------------------------------------------------------------------------------------
def _sumstats(Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    B = Y.shape[0]
    z = np.zeros((B, 1))
    return np.hstack([z, np.cumsum(Y, axis=1)]), np.hstack([z, np.cumsum(Y * Y, axis=1)])


def _cost_to(S1: np.ndarray, S2: np.ndarray, t: int, s: np.ndarray, cost: str, mbic: bool) -> np.ndarray:
    """Cost of the segments (s, t] for every candidate s (columns) and every series (rows)."""
    x = S1[:, t:t + 1] - S1[:, s]
    x2 = S2[:, t:t + 1] - S2[:, s]
    m = (t - s).astype(float)
    c: np.ndarray
    if cost == "mean":
        c = x2 - (x * x) / m
        if mbic:
            c = c + np.log(m)
    else:
        sigsq = (x2 - (x * x) / m) / m
        sigsq = np.where(sigsq <= 0, _VAR_FLOOR, sigsq)
        c = m * (math.log(2 * math.pi) + np.log(sigsq) + 1.0)
        if mbic:
            c = c + np.log(m)
    return c


@renamed_arguments(min_seg_len="min_size")
def pelt_batch(Y: ArrayLike, pen: float, *, cost: str = "mean", mbic: bool = True, min_size: int = 1,
               prune: bool = True) -> list[list[int]]:
    """PELT (``prune=True``) or optimal partitioning (``prune=False``) on many series at once.

    ``Y`` is a 2-D array (one series per row, already scaled). The recursion, the pruning rule
    (keep s while F(s) + C(s, t) + pen <= F(t) + pen) and the tie-breaking (first minimum in
    increasing s) are those of changepoint 2.3 ``src/PELT_one_func_minseglen.c``; the loop over
    t is shared by all series, so 10,000 series of 40 sessions take a few tens of milliseconds.
    ``min_size`` is the minimum segment length (R ``minseglen``). Returns, for each row, the
    sorted change points k (1-based last index before a change).
    """
    return _pelt(np.atleast_2d(np.asarray(Y, dtype=float)), pen, cost, mbic, int(min_size),
                 prune)


def _pelt(Y: np.ndarray, pen: float, cost: str, mbic: bool, m: int,
          prune: bool) -> list[list[int]]:
    B, n = Y.shape
    S1, S2 = _sumstats(Y)
    F = np.zeros((B, n + 1))
    F[:, 0] = -pen
    last = np.zeros((B, n + 1), dtype=np.int64)
    for t in range(m, min(2 * m, n + 1)):
        F[:, t] = _cost_to(S1, S2, t, np.array([0]), cost, mbic)[:, 0]
    alive = np.zeros((B, n + 1), dtype=bool)
    alive[:, 0] = True
    if m <= n:
        alive[:, m] = True
    rows = np.arange(B)
    for t in range(2 * m, n + 1):
        s = np.arange(0, t - m + 1)
        like = F[:, s] + _cost_to(S1, S2, t, s, cost, mbic) + pen
        if prune:
            like = np.where(alive[:, s], like, np.inf)
        j = np.argmin(like, axis=1)
        best = like[rows, j]
        F[:, t] = best
        last[:, t] = s[j]
        if prune:
            alive[:, s] &= like <= (best + pen)[:, None]
        alive[:, t - m + 1] = True
    out: list[list[int]] = []
    for b in range(B):
        cp: list[int] = []
        k = int(last[b, n])
        while k > 0:
            cp.append(k)
            k = int(last[b, k])
        out.append(sorted(cp))
    return out


def _pelt_one(y: np.ndarray, pen: float, mbic: bool, m: int, prune: bool) -> list[int]:
    """:func:`_pelt` for one series and the ``'mean'`` cost, in plain Python floats.

    The same recursion, pruning rule and tie-breaking (first minimum in increasing s) and the
    same floating-point operations in the same order (cumulative sums and log terms come from
    the same numpy calls), so the change points are identical to ``_pelt(y[None, :], ...)``;
    for one short series it avoids the per-step cost of numpy calls on tiny arrays (a
    40-session series: about 0.2 ms instead of 2 ms).
    """
    n = int(y.size)
    z = np.zeros(1)
    S1 = np.concatenate([z, np.cumsum(y)]).tolist()
    S2 = np.concatenate([z, np.cumsum(y * y)]).tolist()
    # with MBIC every segment's cost adds log(length); without it nothing is added (a
    # separate branch, so that no 0.0 is added and the arithmetic stays that of _pelt)
    logs = [0.0, *np.log(np.arange(1, n + 1, dtype=float)).tolist()] if mbic else []
    F = [0.0] * (n + 1)
    F[0] = -pen
    last = [0] * (n + 1)
    for t in range(m, min(2 * m, n + 1)):
        x = S1[t]
        c = S2[t] - (x * x) / t  # float / int: the int converts exactly, as float(t)
        F[t] = c + logs[t] if mbic else c
    # Candidates s of step t. With pruning every s still alive is <= t - m (the newest one
    # is added after each step), so the alive list is the candidate list, kept in order.
    # The loop is written for CPython's speed (one pass, locals only): it runs ~300 times
    # for a 40-session series.
    inf = math.inf
    alive = [0] if m > n else [0, m]
    for t in range(2 * m, n + 1):
        s1t, s2t = S1[t], S2[t]
        cands = alive if prune else range(0, t - m + 1)
        likes: list[float] = []
        push = likes.append
        best, arg = inf, cands[0]
        if mbic:
            for s in cands:
                x = s1t - S1[s]
                v = F[s] + (((s2t - S2[s]) - (x * x) / (t - s)) + logs[t - s]) + pen
                push(v)
                if v < best:  # the first minimum in increasing s, as numpy's argmin
                    best, arg = v, s
        else:
            for s in cands:
                x = s1t - S1[s]
                v = F[s] + ((s2t - S2[s]) - (x * x) / (t - s)) + pen
                push(v)
                if v < best:
                    best, arg = v, s
        F[t] = best
        last[t] = arg
        if prune:
            limit = best + pen
            alive = [s for s, v in zip(cands, likes) if v <= limit]  # noqa: B905 (same length)
            alive.append(t - m + 1)
    cp: list[int] = []
    k = last[n]
    while k > 0:
        cp.append(k)
        k = last[k]
    return sorted(cp)


def _binseg(y: np.ndarray, pen: float, Q: int, cost: str, mbic: bool,
            min_size: int) -> tuple[list[int], list[float]]:
    """Binary segmentation exactly as changepoint 2.3 ``src/BinSeg_one_func_minseglen.c``.

    Quirks kept for parity (all needed to reproduce R on the 58 reference series): candidate
    splits j run over 2 <= j <= n - 3 only; the part before a split needs at least
    ``min_size + 1`` observations, the part after it ``min_size``; the gain of each step
    is capped by the previous step's gain (monotone sequence); change points are accepted
    while 2 * gain >= pen, in the order found; a step without an admissible split picks
    position 0 with gain 0, as C does (so a short series with ``Q`` larger than its number of
    possible splits is no error).
    """
    n = y.size
    S1 = np.concatenate([[0.0], np.cumsum(y)])
    S2 = np.concatenate([[0.0], np.cumsum(y * y)])

    def c(s: int, t: int) -> float:
        x = S1[t] - S1[s]
        x2 = S2[t] - S2[s]
        L = t - s
        v: float
        if cost == "mean":
            v = x2 - (x * x) / L
        else:
            sig = (x2 - (x * x) / L) / L
            if sig <= 0:
                sig = _VAR_FLOOR
            v = L * (math.log(2 * math.pi) + math.log(sig) + 1.0)
        if mbic:
            v += math.log(L)
        return v

    tau = [0, n]
    cpts: list[int] = []
    likes: list[float] = []
    oldmax = 1.7e308
    for _q in range(Q):
        # C resets lambda to 0 (not -inf) before each step: when no split is admissible the
        # step picks position 0 with gain 0. Position 0 then sits in tau, so the first
        # segment is empty and C finds no split in any later step either (its costs of empty
        # segments are NaN there; here they are never computed).
        lam = np.zeros(n)
        if tau[1] == 0:
            cpts.append(0)
            likes.append(oldmax if oldmax <= 0.0 else 0.0)
            oldmax = likes[-1]
            continue
        i = 1
        start, end = tau[0], tau[1]
        null = -0.5 * c(start, end)
        for j in range(2, n - 2):
            if j == end:
                start = end
                i += 1
                end = tau[i]
                null = -0.5 * c(start, end)
            elif (j - (start + 1)) >= min_size and (end - j) >= min_size:
                lam[j] = -0.5 * c(start, j) - 0.5 * c(j, end) - null
        maxid = int(np.argmax(lam))  # first maximum, as max_which (strict >)
        maxval = float(lam[maxid])
        like = oldmax if oldmax <= maxval else maxval
        oldmax = like
        cpts.append(maxid)
        likes.append(like)
        tau = sorted(tau + [maxid])
    op = 0
    while op < Q and 2 * likes[op] >= pen:
        op += 1
    # position 0 is "no split" (only accepted with a penalty of 0; R would list it)
    return sorted(k for k in cpts[:op] if k > 0), likes


def _amoc_changepoint(y: np.ndarray, pen: float, cost: str, mbic: bool,
                      min_size: int) -> tuple[list[int], float, int]:
    """changepoint 2.3 ``single.mean.norm`` / ``single.meanvar.norm`` (AMOC) decision."""
    n = y.size
    S1 = np.concatenate([[0.0], np.cumsum(y)])
    S2 = np.concatenate([[0.0], np.cumsum(y * y)])
    taus = np.arange(min_size, n - min_size + 1)
    if cost == "mean":
        null = S2[n] - S1[n] ** 2 / n
        alt = (S2[taus] - S1[taus] ** 2 / taus + (S2[n] - S2[taus])
               - ((S1[n] - S1[taus]) ** 2) / (n - taus))
    else:
        def ll(x: np.ndarray | float, x2: np.ndarray | float,
               L: np.ndarray | int) -> np.ndarray:
            sig = (x2 - x * x / L) / L
            sig = np.where(sig <= 0, _VAR_FLOOR, sig)
            out: np.ndarray = L * (np.log(2 * np.pi) + np.log(sig) + 1.0)
            return out
        null = float(ll(S1[n], S2[n], n))
        alt = ll(S1[taus], S2[taus], taus) + ll(S1[n] - S1[taus], S2[n] - S2[taus], n - taus)
    j = int(np.argmin(alt))
    tau = int(taus[j])
    a = float(alt[j])
    if mbic:
        a = a + math.log(tau) + math.log(n - tau + 1)
    stat = float(null - a)
    return ([tau] if stat >= pen else []), stat, tau


# --------------------------------------------------------------------------------------------
# public function
# --------------------------------------------------------------------------------------------
class CptMeanResult(Result):
    """Result of :func:`cpt_mean`.

    Attributes
    ----------
    cpts : list of int
        Change points k (1-based index of the last observation before each change).
    sessions : list of int or float
        The same as session numbers: the last session before each change.
    n_cpts : int
        Number of change points.
    penalty_value : float
        Penalty per change, on the scale of the analysed (scaled) series.
    sigma : float
        Noise scale the series was divided by (1.0 with ``raw=True``).
    sigma_method : str
        How ``sigma`` was obtained: ``'mad_diff'``, ``'sd'``, ``'none'`` (robust estimate and
        its fallbacks), ``'given'``, ``'raw (unscaled)'`` or ``'not used (meanvar)'``.
    segments : pandas.DataFrame
        ``segment, first, last, first_session, last_session, n, mean, sd`` in data units
        (``first``/``last`` are 1-based positions, ``first_session``/``last_session`` their
        session numbers).
    n : int
        Number of observations.
    """

    cpts: list[int]
    sessions: list[int | float]
    n_cpts: int
    penalty_value: float
    sigma: float
    sigma_method: str
    segments: pd.DataFrame
    n: int


@renamed_arguments(y="values", value="value_col", session="session_col",
                   min_seg_len="min_size")
def cpt_mean(values: ArrayLike | pd.DataFrame | None = None, *,
             data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
             value_col: str = "value", session_col: str = "session", case: Hashable = None,
             case_col: str = "case", measure: str | None = None,
             measure_col: str = "measure", method: str = "pelt", penalty: str | float = "MBIC",
             sigma: float | None = None, raw: bool = False, min_size: int = 1,
             max_cpts: int = 5, cost: str = "mean", missing: str = "error") -> CptMeanResult:
    r"""Changes in mean (or mean and variance) by PELT, optimal partitioning, BinSeg or AMOC.

    Parameters
    ----------
    values : array-like or pandas.DataFrame, optional
        The series in session order; a DataFrame given here is taken as ``data``.
    data : pandas.DataFrame, optional
        Tidy long table holding one series, or several from which ``case=`` and ``measure=``
        pick one (rows put in session order).
    sessions : array-like, optional
        Session numbers of ``values`` (default 1..n); change points are reported as sessions.
    value_col, session_col, case_col, measure_col : str
        Column names in ``data``.
    case, measure : optional
        Which series of ``data`` to analyse (labels).
    method : {'pelt', 'op', 'binseg', 'amoc'}
        ``'pelt'`` (Killick et al. 2012; exact with the plain costs, and R's pruning rule is
        kept with MBIC), ``'op'`` (optimal partitioning, Jackson et al. 2005: the same
        recursion without pruning, always the exact minimiser), ``'binseg'`` (greedy binary
        segmentation, at most ``max_cpts`` changes, R's ``Q``), ``'amoc'`` (at most one change).
    penalty : {'MBIC', 'BIC', 'SIC', 'AIC', 'HQ'} or float
        Penalty per change as changepoint 2.3 computes it for ``n`` observations (see
        :func:`penalty_value`); MBIC (default, as R) also adds log(segment length) to every
        segment's cost (Zhang & Siegmund 2007). A float is a manual penalty in units of the
        analysed (scaled) series.
    sigma : float, optional
        Noise SD to divide by (cost ``'mean'`` only). Default: estimated robustly as
        MAD(diff(y))·1.4826/√2, falling back to SD(y) if that is 0; reported as ``.sigma``.
    raw : bool
        ``True`` analyses the data as given (σ = 1), reproducing R ``cpt.mean`` on unscaled
        data, including its over-segmentation when SD ≫ 1 (the unit-variance trap).
    min_size : int
        Minimum segment length (R ``minseglen``; 1 for means, at least 2 for ``'meanvar'``).
        Every session is a candidate (there is no ``jump`` thinning as in ruptures).
    max_cpts : int
        Maximum number of changes for ``'binseg'`` (R ``Q``).
    cost : {'mean', 'meanvar'}
        Normal change in mean (RSS, variance fixed at 1 after scaling) or in mean and variance
        (n·(log 2π + log σ̂² + 1), σ̂² floored at 1e-11 as in R).
    missing : {'error', 'drop', 'include_imputed'}
        Missing values are an error naming their rows and sessions, or dropped (listed in the
        notes).

    Returns
    -------
    CptMeanResult
        ``.summary`` has one row per change: ``k`` (last observation before the change, a
        1-based position), ``session`` (its session number), ``mean_before``, ``mean_after``,
        ``shift`` (after − before, data units). Fields ``cpts``, ``sessions``, ``n_cpts``,
        ``penalty_value``, ``sigma``, ``sigma_method`` and ``segments`` (``segment, first,
        last, first_session, last_session, n, mean, sd``).

    See Also
    --------
    amoc : one change with an autocorrelation-aware p-value and interval.
    breakpoints : Bai–Perron breaks (strucchange) with confidence intervals.

    Notes
    -----
    The minimised criterion is :math:`\sum_{s} C(y_{(s)}) + \beta m`, with
    :math:`C = \sum (y-\bar y_s)^2` for ``cost='mean'`` (Normal likelihood with variance 1),
    plus :math:`\log n_s` per segment with MBIC; β is the penalty per change. PELT's pruning
    drops a candidate s when :math:`F(s) + C(s,t) > F(t)`; with the MBIC log term the cost is
    not guaranteed to satisfy PELT's pruning condition, so ``'pelt'`` (R's algorithm) and
    ``'op'`` (exact) can in principle differ; ``'op'`` is the exact optimum.

    Mirrors changepoint 2.3 ``cpt.mean(y / sigma, method, penalty, Q = max_cpts,
    test.stat = "Normal", minseglen = min_size)`` (``cpt.meanvar`` for ``cost='meanvar'``).
    Differences: casekit scales by a robust σ̂ by default (R does not); ``'op'`` is offered;
    BinSeg keeps R's quirks (candidates 2 ≤ k ≤ n − 3 only; the part before a split needs
    ``min_size`` + 1 observations). Parity with R on the 58 reference series
    (AMOC, PELT and BinSeg × MBIC and BIC, scaled) is tested.

    References
    ----------
    Killick, R., Fearnhead, P. & Eckley, I. A. (2012). Optimal detection of changepoints with a
    linear computational cost. JASA 107(500), 1590–1598. doi:10.1080/01621459.2012.737745
    Jackson, B. et al. (2005). An algorithm for optimal partitioning of data on an interval.
    IEEE Signal Processing Letters 12(2), 105–108. doi:10.1109/LSP.2001.838216
    Zhang, N. R. & Siegmund, D. O. (2007). A modified Bayes information criterion with
    applications to the analysis of comparative genomic hybridization data. Biometrics 63(1),
    22–32. doi:10.1111/j.1541-0420.2006.00662.x
    Killick, R. & Eckley, I. A. (2014). changepoint: an R package for changepoint analysis.
    J Stat Softw 58(3). doi:10.18637/jss.v058.i03

    Examples
    --------
    >>> from casekit.changepoint import cpt_mean
    >>> y = [10, 11, 10, 12, 11, 10, 11, 18, 19, 18, 20, 19, 18, 19, 20]
    >>> cpt_mean(y).cpts
    [7]
    >>> cpt_mean(y, sessions=[1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17]).sessions
    [8]
    """
    method = check_option(method, "method", METHODS, case_sensitive=False)
    cost = check_option(cost, "cost", COSTS)
    min_size = check_int(min_size, "min_size", minimum=1)
    max_cpts = check_int(max_cpts, "max_cpts", minimum=1)
    if cost == "meanvar" and min_size < 2:
        raise ValueError("min_size must be >= 2 for cost='meanvar' (a variance needs two "
                         "points); got 1")
    ser = changepoint_series(values, data=data, sessions=sessions, value_col=value_col,
                             session_col=session_col, case=case, case_col=case_col,
                             measure=measure, measure_col=measure_col, missing=missing,
                             min_size=4)
    x, n = ser.values, ser.n
    if 2 * min_size > n:
        raise NotEnoughPointsError(
            f"{ser.name} has {n} observations; min_size={min_size} needs at least "
            f"{2 * min_size} to allow one change")
    sig, how = noise_scale(x, cost, raw, sigma)
    z = x / sig if sig != 1.0 else x.copy()
    pen_name = penalty_name(penalty)
    pen = penalty_value(penalty, n, cost)
    mbic = pen_name == "MBIC"
    cpts = search_changes(z, pen, method=method, cost=cost, mbic=mbic, min_size=min_size,
                          max_cpts=max_cpts)
    return _cpt_result(ser, cpts, {"method": method, "penalty": pen_name, "penalty_value": pen,
                                   "sigma": sig, "sigma_method": how, "min_seg_len": min_size,
                                   "max_cpts": max_cpts, "cost": cost, "n": n}, raw)


def search_changes(z: np.ndarray, pen: float, *, method: str, cost: str, mbic: bool,
                   min_size: int, max_cpts: int) -> list[int]:
    """The change points k of one (scaled) series: the search :func:`cpt_mean` runs.

    No checks: ``method`` in :data:`METHODS`, ``pen`` from :func:`penalty_value`. Shared with
    :func:`casekit.batch_changepoints`.
    """
    if method in ("pelt", "op") and cost == "mean":
        cpts = _pelt_one(z, pen, mbic, min_size, method == "pelt")
    elif method in ("pelt", "op"):
        cpts = _pelt(z[None, :], pen, cost, mbic, min_size, method == "pelt")[0]
    elif method == "binseg":
        cpts, _ = _binseg(z, pen, max_cpts, cost, mbic, min_size)
    else:
        cpts, _, _ = _amoc_changepoint(z, pen, cost, mbic, min_size)
    return [int(c) for c in cpts]


def robust_sigma(x: np.ndarray) -> tuple[float, str]:
    """Noise scale sigma = MAD(diff(x)) * 1.4826 / sqrt(2); fallback SD(x) if that is 0.

    The constant 1.4826 is R's ``mad()`` default (consistency for the Normal SD, 1/qnorm(3/4));
    dividing by sqrt(2) turns the scale of first differences into the scale of the series
    (Fryzlewicz 2014, Ann Stat 42(6):2243-2281, doi:10.1214/14-AOS1245, uses the same estimator).
    Returns (sigma, how) with how in {'mad_diff', 'sd', 'none'}.
    """
    d = np.diff(x)
    if d.size:
        if d.size <= _SMALL:
            dl = d.tolist()
            med = _median_list(dl)
            s = 1.4826 * _median_list([abs(v - med) for v in dl]) / math.sqrt(2.0)
        else:
            med = float(np.median(d))
            s = 1.4826 * float(np.median(np.abs(d - med))) / math.sqrt(2.0)
        if s > 0:
            return s, "mad_diff"
    sd = float(np.std(x, ddof=1)) if x.size > 1 else 0.0
    if sd > 0:
        return sd, "sd"
    return 1.0, "none"


#: series up to this length take the median in plain Python (faster than numpy's call
#: overhead for a short series, and the same number: the middle value, or the mean of the two
#: middle values computed as numpy does, (a + b) / 2)
_SMALL = 256


def _median_list(v: list[float]) -> float:
    v = sorted(v)
    h = len(v) // 2
    return v[h] if len(v) % 2 else (v[h - 1] + v[h]) / 2


def noise_scale(x: np.ndarray, cost: str, raw: bool,
                sigma: float | None) -> tuple[float, str]:
    """The scale the series is divided by before the search, and how it was obtained."""
    if raw and sigma is not None:
        raise ValueError("give either raw=True or sigma=, not both")
    if cost == "meanvar":
        if sigma is not None:
            raise ValueError("sigma= applies to cost='mean' only (the mean-and-variance cost "
                             "estimates the variance of every segment)")
        return 1.0, "not used (meanvar)"
    if raw:
        return 1.0, "raw (unscaled)"
    if sigma is not None:
        return check_float(sigma, "sigma", minimum=0.0, inclusive=False), "given"
    return robust_sigma(x)


def penalty_name(penalty: str | float) -> str:
    """The penalty's name as results report it (``'SIC'`` is ``'BIC'``, a number ``'Manual'``)."""
    name = penalty.upper() if isinstance(penalty, str) else "Manual"
    return {"SIC": "BIC", "HANNAN-QUINN": "HQ"}.get(name, name)


def _cpt_result(ser: SessionSeries, cpts: list[int], options: dict[str, Any],
                raw: bool) -> CptMeanResult:
    # The two tables are built on first access (a loop over many series that reads only
    # .cpts does not pay for them; issue #16); they read only arrays the series owns.
    x, n, sess = ser.values, ser.n, ser.sessions

    @functools.cache
    def segment_stats() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        bounds = np.array([0, *cpts, n], dtype=np.int64)
        first, last = bounds[:-1], bounds[1:]
        # segment means and SDs as float(seg.mean()) / float(seg.std(ddof=1)) compute them
        means = np.array([float(x[a:b].mean()) for a, b in zip(first, last, strict=True)])
        sds = np.array([float(x[a:b].std(ddof=1)) if b - a > 1 else float("nan")
                        for a, b in zip(first, last, strict=True)])
        return first, last, means, sds

    def session_column() -> np.ndarray:
        # session numbers as session_label gives them: whole numbers as int64, else float
        return sess.astype(np.int64) if np.all(np.mod(sess, 1) == 0) else sess

    def segments() -> pd.DataFrame:
        first, last, means, sds = segment_stats()
        sess_col = session_column()
        return pd.DataFrame({"segment": np.arange(1, first.size + 1, dtype=np.int64),
                             "first": first + 1, "last": last.copy(),
                             "first_session": sess_col[first],
                             "last_session": sess_col[last - 1],
                             "n": last - first, "mean": means, "sd": sds})

    def summary() -> pd.DataFrame:
        cols = ["k", "session", "mean_before", "mean_after", "shift"]
        if not cpts:  # the frame pd.DataFrame([], columns=cols) gives, built twice as fast
            return pd.DataFrame({c: np.array([], dtype=object) for c in cols})
        means = segment_stats()[2]
        k = np.asarray(cpts, dtype=np.int64)
        return pd.DataFrame({"k": k, "session": session_column()[k - 1],
                             "mean_before": means[:-1], "mean_after": means[1:],
                             "shift": means[1:] - means[:-1]})

    sessions = ser.sessions_at(cpts)
    method, pen_name, cost = options["method"], options["penalty"], options["cost"]
    sig = options["sigma"]
    r_method = {"pelt": "PELT", "op": "PELT (no pruning)", "binseg": "BinSeg",
                "amoc": "AMOC"}[method]
    notes = []
    if raw:
        notes.append("raw=True: the Normal cost assumes unit variance; with SD far from 1 the "
                     "number of changes is driven by the scale of the data")
    what = "mean" if cost == "mean" else "mean and variance"
    return CptMeanResult(
        summary, method=f"change in {what} ({r_method}, {pen_name} penalty)",
        variant=f"{r_method} search for changes in {what}, {pen_name} penalty, "
                + ("series as given" if sig == 1.0 else f"series divided by sigma "
                   f"({options['sigma_method']})"),
        options=options,
        reference="Killick, Fearnhead & Eckley 2012 (doi:10.1080/01621459.2012.737745); "
                  "Killick & Eckley 2014 (doi:10.18637/jss.v058.i03)",
        mirrors=(f"changepoint 2.3 cpt.{'mean' if cost == 'mean' else 'meanvar'}"
                 f"(y{'' if sig == 1.0 else ' / sigma'}, method='{r_method.split()[0]}', "
                 f"penalty='{pen_name if pen_name != 'HQ' else 'Hannan-Quinn'}', "
                 f"Q={options['max_cpts']}, test.stat='Normal', "
                 f"minseglen={options['min_seg_len']})"),
        notes=notes + input_notes(ser),
        title=f"cpt_mean: {len(cpts)} change(s), {r_method}, {pen_name}",
        cpts=cpts, sessions=sessions, n_cpts=len(cpts),
        penalty_value=float(options["penalty_value"]),
        sigma=float(sig), sigma_method=options["sigma_method"],
        segments=deferred(segments), n=n)
