"""Bai-Perron breakpoints in the mean, as R strucchange ``breakpoints(y ~ 1)``."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.optimize import brentq
from scipy.special import log_ndtr
from scipy.stats import chi2
from scipy.stats import f as fdist
from statsmodels.stats.diagnostic import breaks_cusumolsresid

from .._deprecate import renamed_arguments
from .._input import SessionSeries
from .._validate import check_ci_level, check_float, check_int
from ..exceptions import ApproximationWarning, NotEnoughPointsError
from ..results import Result
from ._base import changepoint_series, input_notes, limit_session

__all__ = ["breakpoints", "BreakpointsResult", "supf_pvalue", "supf_test"]

# Hansen (1997) response-surface coefficients for the supF p-value with k = 1 regressor,
# as tabulated in strucchange 1.5-3 (object ``sc.beta.sup``, rows 1-25, file
# R/pvalue.Fstats.R). Row i corresponds to the trimming tau = 0.51 - i/50 (0.49 ... 0.01);
# columns: intercept, slope (on the statistic), degrees of freedom of the chi-square.
# Source: Hansen, B. E. (1997). Approximate asymptotic p values for structural-change tests.
# Journal of Business & Economic Statistics 15(1), 60-67. doi:10.1080/07350015.1997.10524687
_SUPF_BETA_K1 = np.array([
    [-0.0648467, 0.99671156, 1.2573241],
    [-0.15305667, 0.96757645, 1.43651315],
    [-0.23071675, 0.95825013, 1.56531261],
    [-0.29247661, 0.95715782, 1.68851898],
    [-0.35706588, 0.95237505, 1.77889686],
    [-0.40514715, 0.96055795, 1.89761322],
    [-0.45248386, 0.95810999, 1.98370422],
    [-0.50458517, 0.96149538, 2.07086519],
    [-0.55009159, 0.96684273, 2.17244338],
    [-0.60241623, 0.96518399, 2.23509053],
    [-0.64308746, 0.97354902, 2.33722161],
    [-0.68833676, 0.97829106, 2.42776524],
    [-0.73136161, 0.9820687, 2.50833918],
    [-0.78078198, 0.99475319, 2.6209551],
    [-0.82894221, 1.00023473, 2.70286643],
    [-0.88430133, 1.00162529, 2.77835798],
    [-0.9499265, 1.00384268, 2.84325795],
    [-0.98828874, 1.01604712, 2.96752918],
    [-1.04892713, 1.02570939, 3.08442682],
    [-1.11527783, 1.03526033, 3.19770394],
    [-1.14992644, 1.06643436, 3.44739573],
    [-1.24010871, 1.06929468, 3.54993605],
    [-1.38522113, 1.06808543, 3.61667211],
    [-1.48296473, 1.1283969, 4.07202473],
    [-1.78738608, 1.17220925, 4.4726701],
])


def supf_pvalue(stat: float, tau: float, k: int = 1) -> float:
    """Hansen (1997) approximate p-value of supF, exactly as strucchange ``pvalue.Fstats``.

    ``tau`` is the trimming fraction (from/n, strucchange's 1/(1 + sqrt(lambda))). Only
    ``k = 1`` regressor (a change in mean) is tabulated here. The p-value is computed as
    ``1 - pchisq(...)`` like R, so it bottoms out at about 2.2e-16.
    """
    if k != 1:
        raise ValueError("supf_pvalue is tabulated for k = 1 regressor only")
    beta = _SUPF_BETA_K1
    dummy = beta[:, 0] + beta[:, 1] * stat
    dummy = dummy * (dummy > 0)
    pp = 1.0 - np.asarray(chi2.cdf(dummy, beta[:, 2]))
    if tau == 0.5:
        p = 1.0 - chi2.cdf(stat, k)
    elif tau <= 0.01:
        p = pp[24]
    elif tau >= 0.49:
        p = ((0.5 - tau) * pp[0] + (tau - 0.49) * (1.0 - chi2.cdf(stat, k))) * 100.0
    else:
        taua = (0.51 - tau) * 50.0
        tau1 = int(math.floor(taua))
        p = (tau1 + 1 - taua) * pp[tau1 - 1] + (taua - tau1) * pp[tau1]
    return float(p)


def supf_test(x: np.ndarray, h_obs: int) -> tuple[float, float, int]:
    """sup-F test of one break in the mean, as strucchange ``sctest(Fstats(y ~ 1, from))``.

    ``F_i = (RSS_0 - RSS_i) / (RSS_i / (n - 2))`` for i = from ... n - from (from = ``h_obs``,
    at least 2); p-value by Hansen (1997) via :func:`supf_pvalue`, or the Chow F test when
    the window is a single point in the middle (strucchange's ``lambda == 1`` case). Returns
    (statistic, p-value, first argmax i).
    """
    x = np.asarray(x, dtype=float)
    n = x.size
    frm = max(int(h_obs), 2)
    to = min(n - frm, n - 2)
    if frm > to:
        raise NotEnoughPointsError(f"supF: 'from' ({frm}) is larger than 'to' ({to}) for n = {n}")
    xc = x - x.mean()
    c1 = np.cumsum(xc)
    c2 = np.cumsum(xc * xc)
    i = np.arange(frm, to + 1)
    rss_i = (c2[i - 1] - c1[i - 1] ** 2 / i) + ((c2[-1] - c2[i - 1])
                                                 - (c1[-1] - c1[i - 1]) ** 2 / (n - i))
    rss_i = np.maximum(rss_i, 0.0)
    sume2 = float(c2[-1])
    with np.errstate(divide="ignore", invalid="ignore"):
        Fs = (sume2 - rss_i) / (rss_i / (n - 2))
    supF = float(np.max(Fs))
    supF_k = int(i[int(np.argmax(Fs))])
    lam = ((n - frm) * to) / (frm * (n - to))
    if lam == 1:
        p = float(1 - fdist.cdf(supF, 1, n - 2))
    else:
        p = supf_pvalue(supF, 1 / (1 + math.sqrt(lam)), 1)
    return supF, p, supF_k


def _pargmaxV(x: float, xi: float = 1.0, phi1: float = 1.0, phi2: float = 1.0) -> float:
    """CDF of the argmax of a two-sided Brownian motion with drift (Bai 1997), strucchange's
    ``pargmaxV``."""
    phi = xi * (phi2 / phi1) ** 2
    if x < 0:
        x = abs(x)
        frac = xi / phi
        return float(
            -math.exp(math.log(x) / 2 - x / 8 - math.log(2 * math.pi) / 2)
            - (phi / xi * (phi + 2 * xi) / (phi + xi))
            * math.exp((frac * (1 + frac) * x / 2) + log_ndtr(-(0.5 + frac) * math.sqrt(x)))
            + math.exp(math.log(x / 2 - 2 + ((phi + 2 * xi) ** 2) / ((phi + xi) * xi))
                       + log_ndtr(-math.sqrt(x) / 2)))
    x = abs(x)
    frac = xi ** 2 / phi
    lx = math.log(x) if x > 0 else -math.inf
    return float(
        1 + math.sqrt(frac) * math.exp(lx / 2 - (frac * x) / 8 - math.log(2 * math.pi) / 2)
        + (xi / phi * (2 * phi + xi) / (phi + xi))
        * math.exp(((phi + xi) * x / 2) + log_ndtr(-(phi + xi / 2) / math.sqrt(phi) * math.sqrt(x)))
        - math.exp(math.log(((2 * phi + xi) ** 2) / ((phi + xi) * phi) - 2 + frac * x / 2)
                   + log_ndtr(-math.sqrt(frac) * math.sqrt(x) / 2)))


def _bai_interval(bp: list[int], x: np.ndarray, level: float) -> list[tuple[float, float]]:
    """Bai (1997) intervals as strucchange ``confint.breakpointsfull`` (het.reg, het.err)."""
    n = x.size
    a2 = (1 - level) / 2
    bounds = [0, *bp, n]
    out: list[tuple[float, float]] = []
    seg2 = x[bounds[0]:bounds[1]]
    beta2 = seg2.mean()
    sigma2 = float(np.sum((seg2 - beta2) ** 2) / seg2.size)
    for i in range(1, len(bp) + 1):
        beta1, sigma1 = beta2, sigma2
        seg2 = x[bounds[i]:bounds[i + 1]]
        beta2 = seg2.mean()
        sigma2 = float(np.sum((seg2 - beta2) ** 2) / seg2.size)
        delta = beta2 - beta1
        qprod1 = delta * delta
        phi1, phi2 = math.sqrt(sigma1), math.sqrt(sigma2)
        try:
            with np.errstate(all="ignore"):
                p0 = _pargmaxV(0.0, 1.0, phi1, phi2)
        except (ZeroDivisionError, ValueError, OverflowError):
            p0 = float("nan")
        if not np.isfinite(p0) or p0 < a2 or p0 > 1 - a2 or qprod1 == 0:
            warnings.warn(f"confidence interval {i} cannot be computed: P(argmax V <= 0) = "
                          f"{p0:.4f} (as strucchange, the interval is NA)",
                          ApproximationWarning, stacklevel=4)
            out.append((float("nan"), float("nan")))
            continue

        def f(v: float, lev: float, p1: float = phi1, p2: float = phi2) -> float:
            return _pargmaxV(v, 1.0, p1, p2) - lev

        ub = lb = 0.0
        while _pargmaxV(ub, 1.0, phi1, phi2) < 1 - a2:
            ub += 1000.0
        while _pargmaxV(lb, 1.0, phi1, phi2) > a2:
            lb -= 1000.0
        upper = brentq(f, 0.0, ub, args=(1 - a2,), xtol=1e-12) * phi1 ** 2 / qprod1
        lower = brentq(f, lb, 0.0, args=(a2,), xtol=1e-12) * phi1 ** 2 / qprod1
        out.append((bp[i - 1] - math.ceil(upper), bp[i - 1] - math.floor(lower)))
    return out


def _rss_dp(x: np.ndarray, h: int, breaks: int
            ) -> tuple[Callable[[int], tuple[list[int], float]], float]:
    """strucchange's dynamic programme for y ~ 1: optimal breaks for m = 1..breaks."""
    n = x.size
    xc = x - x.mean()
    S1 = np.concatenate([[0.0], np.cumsum(xc)])
    S2 = np.concatenate([[0.0], np.cumsum(xc * xc)])

    # observations i..j, 1-based inclusive (vectorised in i or j)
    def rss(i: int | np.integer | np.ndarray,
            j: int | np.integer | np.ndarray) -> np.ndarray | np.float64:
        m = j - i + 1
        s = S1[j] - S1[i - 1]
        out: np.ndarray | np.float64 = S2[j] - S2[i - 1] - s * s / m
        return out

    index = np.arange(h, n - h + 1)
    tab_rss = {1: {int(i): float(rss(1, i)) for i in index}}
    tab_brk: dict[int, dict[int, int | None]] = {1: {int(i): None for i in index}}
    for m in range(2, breaks + 1):
        tab_rss[m], tab_brk[m] = {}, {}
        for i in range(m * h, n - h + 1):
            pot = np.arange((m - 1) * h, i - h + 1)
            vals = np.array([tab_rss[m - 1][int(j)] for j in pot]) + rss(pot + 1, i)
            o = int(np.argmin(vals))
            tab_rss[m][i] = float(vals[o])
            tab_brk[m][i] = int(pot[o])

    def extract(m: int) -> tuple[list[int], float]:
        cands = [int(i) for i in index if i in tab_rss[m]]
        vals = np.array([tab_rss[m][i] + rss(i + 1, n) for i in cands])
        o = int(np.argmin(vals))
        opt = [int(cands[o])]
        for mm in range(m, 1, -1):
            previous = tab_brk[mm][opt[0]]
            assert previous is not None  # only the m = 1 entries have no previous break
            opt.insert(0, previous)
        return opt, float(vals[o])

    return extract, float(rss(1, n))


class BreakpointsResult(Result):
    """Result of :func:`breakpoints`.

    Attributes
    ----------
    breakpoints : list of int
        Break dates k selected by BIC (1-based index of the last observation before each
        break; empty when none).
    sessions : list of int or float
        The same as session numbers (the last session before each break).
    bic_breaks : int
        Number of breaks selected by BIC.
    rss_table : pandas.DataFrame
        ``m, breakpoints, RSS, BIC, sessions`` for m = 0 … max_breaks (``breakpoints`` and
        ``sessions`` as tuples).
    confint : pandas.DataFrame
        ``lower, breakpoint, upper, lower_session, session, upper_session``: Bai (1997)
        intervals in positions and in sessions (a limit outside the observed series has no
        session: NaN).
    supF : float
        sup-F statistic (trimming ``h``).
    supF_p_value : float
        Hansen's (1997) approximate p-value of sup-F.
    supF_breakpoint : int
        The k where sup-F is attained.
    supF_session : int or float
        Its session number.
    statistic : float
        The same as ``supF``.
    p_value : float
        The same as ``supF_p_value``.
    cusum : float
        OLS-CUSUM statistic.
    cusum_p_value : float
        Its Brownian-bridge p-value.
    h : int
        Minimum segment length in observations.
    confidence : float
        Level of the intervals.
    n : int
        Number of observations.
    """

    breakpoints: list[int]
    sessions: list[int | float]
    bic_breaks: int
    rss_table: pd.DataFrame
    confint: pd.DataFrame
    supF: float
    supF_p_value: float
    supF_breakpoint: int
    supF_session: int | float
    statistic: float
    p_value: float
    cusum: float
    cusum_p_value: float
    h: int
    confidence: float
    n: int


@renamed_arguments(y="values", value="value_col", session="session_col",
                   ci_level="confidence")
def breakpoints(values: ArrayLike | pd.DataFrame | None = None, *,
                data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                value_col: str = "value", session_col: str = "session", case: Hashable = None,
                case_col: str = "case", measure: str | None = None,
                measure_col: str = "measure", h: float = 0.15,
                max_breaks: int = 5, confidence: float = 0.95,
                missing: str = "error") -> BreakpointsResult:
    r"""Bai–Perron breaks in the mean with BIC selection, Bai (1997) intervals and tests.

    Parameters
    ----------
    values : array-like or pandas.DataFrame, optional
        The series in session order; a DataFrame given here is taken as ``data``.
    data : pandas.DataFrame, optional
        Tidy long table holding one series, or several from which ``case=`` and ``measure=``
        pick one (rows put in session order).
    sessions : array-like, optional
        Session numbers of ``values`` (default 1..n); break dates are reported as sessions.
    value_col, session_col, case_col, measure_col : str
        Column names in ``data``.
    case, measure : optional
        Which series of ``data`` to analyse (labels).
    h : float or int
        Minimum segment length: a fraction of n (< 1, floor(h·n) observations, strucchange's
        default 0.15) or a number of observations (≥ 2). Also the trimming of the supF test.
    max_breaks : int
        Largest number of breaks considered (capped at ceil(n/h) − 2 as in strucchange).
    confidence : float
        Level of the confidence intervals for the break dates.
    missing : {'error', 'drop', 'include_imputed'}
        Missing values are an error naming their rows and sessions, or dropped (listed in the
        notes).

    Returns
    -------
    BreakpointsResult
        ``.summary``: one row per selected break, ``break, k, session, ci_lower, ci_upper,
        ci_lower_session, ci_upper_session`` (empty when BIC selects no break); ``session``
        is the last session before the break, ``k`` its 1-based position. Fields
        ``breakpoints``, ``sessions``, ``rss_table``, ``confint``, ``supF``,
        ``supF_p_value``, ``supF_breakpoint``, ``supF_session``, ``cusum``,
        ``cusum_p_value``, ``bic_breaks``, ``h``.

    Raises
    ------
    NotEnoughPointsError
        When floor(h·n) ≤ 1 (the number of regressors), e.g. n ≤ 13 with h = 0.15, as
        strucchange ("minimum segment size must be greater than the number of regressors").
        Pass an integer ``h`` (e.g. ``h=2``) for shorter series.

    See Also
    --------
    cpt_mean : penalised PELT / BinSeg (changepoint semantics).
    amoc : one change with an AR(1)-valid p-value.

    Notes
    -----
    Exact dynamic programming over break dates (Bai & Perron 2003) for m = 1 … M breaks with
    segments of at least h observations; BIC(m) = n[log 2π + log(RSS_m/n) + 1] + k log n with
    k = (m + 1)p + m + 1 (p = 1 regressor per segment, m break dates, 1 variance); the number
    of breaks minimises BIC. Intervals for each break date follow Bai (1997) with
    heterogeneous segment variances (strucchange's defaults ``het.reg = TRUE,
    het.err = TRUE``): the quantiles of the argmax of a two-sided Brownian motion with drift,
    scaled by σ₁²/δ², give [k − ⌈upper⌉, k − ⌊lower⌋]. The supF test is strucchange's
    ``Fstats(y ~ 1, from = h)`` with :math:`F_i = (RSS_0 - RSS_i)/(RSS_i/(n-2))` for
    i = from … n − from and Hansen's (1997) response-surface p-value; the OLS-CUSUM test is
    :math:`\max_k |\sum_{t\le k} e_t| / (\hat\sigma\sqrt n)` with a Brownian-bridge p-value
    (statsmodels ``breaks_cusumolsresid``, ddof = 1). All of these assume independent errors:
    on autocorrelated session data the tests reject too often (supF: see
    ``docs/calibration_changepoint.md``) and the intervals are too narrow.

    Mirrors strucchange 1.5-3: ``breakpoints(ts(y) ~ 1, h = h)``, ``summary(bp)$RSS``,
    ``confint(bp, level = confidence)``, ``sctest(Fstats(ts(y) ~ 1, from = h), type =
    "supF")`` and ``sctest(efp(ts(y) ~ 1, type = "OLS-CUSUM"))``. Differences: strucchange
    considers up to ceil(n/h) − 2 breaks by default, casekit up to ``max_breaks``; R's
    ``uniroot`` (tolerance ≈ 1e-4) is replaced by a precise root finder.

    References
    ----------
    Bai, J. & Perron, P. (2003). Computation and analysis of multiple structural change
    models. Journal of Applied Econometrics 18(1), 1–22. doi:10.1002/jae.659
    Bai, J. (1997). Estimation of a change point in multiple regression models. Review of
    Economics and Statistics 79(4), 551–563. doi:10.1162/003465397557132
    Hansen, B. E. (1997). Approximate asymptotic p values for structural-change tests. Journal
    of Business & Economic Statistics 15(1), 60–67. doi:10.1080/07350015.1997.10524687
    Zeileis, A., Kleiber, C., Krämer, W. & Hornik, K. (2003). Testing and dating of structural
    changes in practice. Computational Statistics & Data Analysis 44, 109–123.
    doi:10.1016/S0167-9473(03)00030-6

    Examples
    --------
    >>> from casekit.changepoint import breakpoints
    >>> y = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]
    >>> breakpoints(y).breakpoints
    [8]
    >>> breakpoints(y, sessions=range(101, 117)).sessions
    [108]
    """
    max_breaks = check_int(max_breaks, "max_breaks", minimum=1)
    confidence = check_ci_level(confidence, "confidence")
    ser = changepoint_series(values, data=data, sessions=sessions, value_col=value_col,
                             session_col=session_col, case=case, case_col=case_col,
                             measure=measure, measure_col=measure_col, missing=missing,
                             min_size=3)
    x, n = ser.values, ser.n
    h_obs, n_brk = _segment_size(h, n, max_breaks)
    rss_table = _rss_table(x, h_obs, n_brk, ser)
    m_best = int(np.argmin(rss_table["BIC"].to_numpy()))
    bps = [int(b) for b in rss_table["breakpoints"].iloc[m_best]]
    ci = _bai_interval(bps, x, confidence) if bps else []
    supF, supF_p, supF_k = supf_test(x, h_obs)
    xc = x - x.mean()
    constant = not np.any(xc)
    with np.errstate(divide="ignore", invalid="ignore"):
        # a constant series has residual variance 0: statsmodels then divides 0 by 0 (NaN,
        # reported in the notes below instead of a numpy RuntimeWarning)
        cus_stat, cus_p, _ = breaks_cusumolsresid(xc, ddof=1)
    notes = [f"supF = {supF:.2f} (p = {supF_p:.3g}); OLS-CUSUM = {float(cus_stat):.3f} "
             f"(p = {float(cus_p):.3g}); tests and intervals assume independent errors"]
    if constant:
        notes.append("the series is constant: no break, and the supF and OLS-CUSUM tests are "
                     "undefined (NaN)")
    if any(np.isfinite(v) and not 1 <= v <= n for lim in ci for v in lim):
        notes.append("a confidence limit lies outside the observed series (as strucchange "
                     "reports it)")
    tests = {"supF": supF, "supF_p_value": supF_p, "supF_breakpoint": supF_k,
             "supF_session": ser.session_at(supF_k), "statistic": supF, "p_value": supF_p,
             "cusum": float(cus_stat), "cusum_p_value": float(cus_p)}
    return _result(ser, bps, ci, rss_table, tests, notes + input_notes(ser),
                   {"h": h, "h_obs": h_obs, "max_breaks": n_brk, "ci_level": confidence})


def _segment_size(h: float, n: int, max_breaks: int) -> tuple[int, int]:
    """Minimum segment size in observations and the number of breaks considered."""
    h = check_float(h, "h", minimum=0.0, inclusive=False)
    h_obs = int(math.floor(h * n)) if h < 1 else int(h)
    if h >= 1 and h != int(h):
        raise ValueError(f"h must be a fraction (< 1) or a whole number of observations; got {h}")
    if h_obs <= 1:
        raise NotEnoughPointsError(
            f"minimum segment size must be greater than the number of regressors (1): "
            f"floor(h*n) = floor({h}*{n}) = {h_obs}; strucchange fails here too. Use a longer "
            "series or an integer h >= 2")
    if h_obs > n // 2:
        raise NotEnoughPointsError(f"minimum segment size h = {h_obs} must be at most half "
                                   f"the number of observations ({n})")
    n_brk = min(max_breaks, int(math.ceil(n / h_obs)) - 2)
    if n_brk < 1:
        raise NotEnoughPointsError(f"no break possible with n = {n} and h = {h_obs}")
    return h_obs, n_brk


def _rss_table(x: np.ndarray, h_obs: int, n_brk: int, ser: SessionSeries) -> pd.DataFrame:
    """RSS and BIC of the optimal partition with m = 0 … n_brk breaks."""
    n = x.size
    extract, rss0 = _rss_dp(x, h_obs, n_brk)

    def bic(rss: float, m: int) -> float:
        df = (m + 1) * 1 + m + 1
        with np.errstate(divide="ignore"):
            return n * (math.log(2 * math.pi) + (math.log(rss / n) if rss > 0 else -math.inf)
                        + 1) + df * math.log(n)

    rows = [{"m": 0, "breakpoints": (), "RSS": rss0, "BIC": bic(rss0, 0), "sessions": ()}]
    for m in range(1, n_brk + 1):
        bp_m, _ = extract(m)
        b = [0, *bp_m, n]
        rss_m = float(sum(np.sum((x[b[i]:b[i + 1]] - x[b[i]:b[i + 1]].mean()) ** 2)
                          for i in range(m + 1)))
        rows.append({"m": m, "breakpoints": tuple(bp_m), "RSS": rss_m, "BIC": bic(rss_m, m),
                     "sessions": tuple(ser.sessions_at(bp_m))})
    return pd.DataFrame(rows)


def _result(ser: SessionSeries, bps: list[int], ci: list[tuple[float, float]],
            rss_table: pd.DataFrame, tests: dict[str, Any], notes: list[str],
            options: dict[str, float]) -> BreakpointsResult:
    rows: list[dict[str, float | None]] = []
    for j, (k, (lo, hi)) in enumerate(zip(bps, ci, strict=True)):
        rows.append({"break": j + 1, "k": k, "session": ser.session_at(k),
                     "ci_lower": lo, "ci_upper": hi,
                     "ci_lower_session": limit_session(ser, lo),
                     "ci_upper_session": limit_session(ser, hi)})
    summary = pd.DataFrame(rows, columns=["break", "k", "session", "ci_lower", "ci_upper",
                                          "ci_lower_session", "ci_upper_session"])
    confint = pd.DataFrame(
        [{"lower": r["ci_lower"], "breakpoint": r["k"], "upper": r["ci_upper"],
          "lower_session": r["ci_lower_session"], "session": r["session"],
          "upper_session": r["ci_upper_session"]} for r in rows],
        columns=["lower", "breakpoint", "upper", "lower_session", "session", "upper_session"])
    h, level = options["h"], options["ci_level"]
    return BreakpointsResult(
        summary, method="Bai-Perron breakpoints in the mean (BIC)",
        variant="breaks in the mean (y ~ 1), number of breaks by BIC, Bai (1997) intervals "
                "with heterogeneous segment variances",
        options=options,
        reference="Bai & Perron 2003 (doi:10.1002/jae.659); Bai 1997 "
                  "(doi:10.1162/003465397557132); Hansen 1997 "
                  "(doi:10.1080/07350015.1997.10524687)",
        mirrors=f"strucchange 1.5-3 breakpoints(ts(y) ~ 1, h = {h}); confint(bp, level = "
                f"{level}); sctest(Fstats(ts(y) ~ 1, from = {h}), type = 'supF'); "
                "sctest(efp(ts(y) ~ 1, type = 'OLS-CUSUM'))",
        notes=notes, title=f"Bai-Perron: {len(bps)} break(s) selected by BIC",
        breakpoints=bps, sessions=ser.sessions_at(bps), bic_breaks=len(bps),
        rss_table=rss_table, confint=confint, h=options["h_obs"], confidence=level, n=ser.n,
        **tests)
