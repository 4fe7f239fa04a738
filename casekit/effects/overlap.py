"""Non-overlap indices: NAP, Tau, PND, PEM, PAND and IRD.

The numpy cores at the top take *oriented* (larger = better), NaN-padded 2-D arrays, one series
per row; :func:`casekit.effects.effect_sizes` calls them on every series at once, and the
single-series functions below on a batch of one. Proportions throughout (scan reports percent).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.special import ndtr

from .._deprecate import renamed_arguments
from .._validate import check_ci_level, check_option
from ._base import (
    RENAMED,
    SCAN,
    SCES,
    read_comparison,
    short_phase_note,
    with_input_doc,
    z_value,
)
from .result import EffectSizeResult, NapResult, PandResult

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["nap", "tau", "pnd", "pem", "pand", "ird"]

SE_OPTIONS = ("unbiased", "Hanley", "null", "none")
CI_METHODS = ("newcombe", "singlecasees")
PEM_TIES = (0.5, 0.0)
PAND_METHODS = ("minimum", "sort")

_NAP_REF = ("Parker, R. I., & Vannest, K. J. (2009). Behavior Therapy, 40(4), 357-367. "
            "doi:10.1016/j.beth.2008.10.006; Newcombe, R. G. (2006). Statistics in Medicine, "
            "25(4), 559-573. doi:10.1002/sim.2324")
_TAU_REF = ("Parker, R. I., Vannest, K. J., Davis, J. L., & Sauber, S. B. (2011). Behavior "
            "Therapy, 42(2), 284-299. doi:10.1016/j.beth.2010.08.006")


# ------------------------------------------------------------------------------------------
# numpy cores (rows are series; A, B oriented and NaN-padded)
# ------------------------------------------------------------------------------------------


def nap_core(A: np.ndarray, B: np.ndarray, se_method: str = "unbiased") -> dict[str, Any]:
    """NAP, its SE and the pair counts of each row (SingleCaseES 0.7.4 ``calc_NAP``).

    Q_ij = I(b_j > a_i) + 0.5 I(b_j = a_i); NAP = mean(Q). The variance uses the truncated
    NAP* = min(max(NAP, .5/mn), 1 - .5/mn); ``se`` is NaN where the formula divides by zero
    (unbiased SE with a one-point phase).
    """
    va, vb = ~np.isnan(A), ~np.isnan(B)
    m = va.sum(axis=1).astype(float)
    n = vb.sum(axis=1).astype(float)
    a3, b3 = A[:, :, None], B[:, None, :]
    gt, eq = b3 > a3, b3 == a3  # pads (NaN) compare False
    positives = gt.sum(axis=(1, 2)).astype(float)
    ties = eq.sum(axis=(1, 2)).astype(float)
    mn = m * n
    with np.errstate(divide="ignore", invalid="ignore"):  # a row without values: NaN
        nap = (positives + 0.5 * ties) / mn
        valid = va[:, :, None] & vb[:, None, :]
        dev = np.where(valid, gt + 0.5 * eq - nap[:, None, None], 0.0)
        q1 = np.sum(dev.sum(axis=2) ** 2, axis=1) / (m * n**2)
        q2 = np.sum(dev.sum(axis=1) ** 2, axis=1) / (m**2 * n)
        trunc = 0.5 / mn
        nap_t = np.minimum(np.maximum(nap, trunc), 1 - trunc)
        if se_method == "unbiased":
            x = np.sum(dev**2, axis=(1, 2)) / mn
            den = (m - 1) * (n - 1)
            v = np.where(den > 0, (nap_t * (1 - nap_t) + n * q1 + m * q2 - 2 * x) / den, np.nan)
        elif se_method == "Hanley":
            v = (nap_t * (1 - nap_t) + (n - 1) * q1 + (m - 1) * q2) / mn
        elif se_method == "null":
            v = (m + n + 1) / (12 * mn)
        else:  # "none"
            v = np.full_like(nap, np.nan)
        se = np.sqrt(np.where(v >= 0, v, np.nan))
    return {"nap": nap, "se": se, "m": m, "n": n, "positives": positives, "ties": ties}


def _score(x: np.ndarray, nap: np.ndarray, mn: np.ndarray, h: np.ndarray,
           z: float) -> tuple[np.ndarray, np.ndarray]:
    """Newcombe's method-5 score function f (factored form, accurate near its roots) and f'."""
    d = nap - x
    p, dp = (2 - x) * (1 + x), 1 - 2 * x
    q = x * (1 - x)
    r = 2 + h + (1 + 2 * h) * q
    val = mn * d**2 * p - z**2 * q * r
    der = mn * (-2 * d * p + d**2 * dp) - z**2 * (dp * r + q * (1 + 2 * h) * dp)
    return val, der


def newcombe_limits(nap: np.ndarray, m: np.ndarray, n: np.ndarray, z: float,
                    ci_method: str = "newcombe") -> tuple[np.ndarray, np.ndarray]:
    """Newcombe (2006) method-5 limits of each NAP: the roots of the score equation.

    f(x) = mn (NAP - x)^2 (2 - x)(1 + x) - z^2 x (1 - x) [2 + h + (1 + 2h) x (1 - x)],
    h = (m + n)/2 - 1; the interval is {x : f(x) <= 0}, so the lower limit is the largest root
    below NAP and the upper limit the smallest root above it. All roots of the quartic come
    from the eigenvalues of its companion matrix (every series at once), the chosen ones are
    polished by a Newton step. At NAP = 1 (0) the trivial root x = NAP is divided out first;
    ``ci_method="singlecasees"`` keeps it, as ``uniroot`` in SingleCaseES 0.7.4 does, and
    returns the degenerate limit 1 (0) there.
    """
    nap, m, n = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (nap, m, n))
    ok = np.isfinite(nap)
    if not ok.all():  # series without a NAP (e.g. no baseline trend for Tau-BC): NaN limits
        lower, upper = np.full(nap.size, np.nan), np.full(nap.size, np.nan)
        if ok.any():
            lower[ok], upper[ok] = newcombe_limits(nap[ok], m[ok], n[ok], z, ci_method)
        return lower, upper
    g = nap.size
    h = (m + n) / 2 - 1
    k = 1 + 2 * h
    mn = m * n
    z2 = z * z
    # f(x) = sum_i c_i x^i, expanded from the factored form above (leading c_4 < 0)
    c = np.stack((2 * mn * nap**2,
                  mn * (nap**2 - 4 * nap) - z2 * (2 + h),
                  mn * (2 - 2 * nap - nap**2) - z2 * (k - 2 - h),
                  mn * (2 * nap + 1) + 2 * z2 * k,
                  -mn - z2 * k), axis=1)
    bound = (nap == 0) | (nap == 1)
    if bound.any():  # divide out (x - NAP), multiply by (x - 2): a root outside [0, 1]
        r, cb = nap[bound], c[bound]
        q = np.zeros((r.size, 4))
        q[:, 3] = cb[:, 4]
        for i in range(2, -1, -1):
            q[:, i] = cb[:, i + 1] + r * q[:, i + 1]
        c[bound] = np.c_[-2 * q[:, 0], q[:, :3] - 2 * q[:, 1:], q[:, 3]]
    companion = np.zeros((g, 4, 4))
    companion[:, 1:, :3] = np.eye(3)
    companion[:, :, 3] = -c[:, :4] / c[:, 4:5]
    roots = np.linalg.eigvals(companion)
    real = np.abs(roots.imag) <= 1e-7 * np.maximum(1.0, np.abs(roots.real))
    x = np.where(real, roots.real, np.nan)
    with np.errstate(invalid="ignore"):
        below = np.where((x >= -1e-9) & (x < nap[:, None]), x, -np.inf).max(axis=1)
        above = np.where((x > nap[:, None]) & (x <= 1 + 1e-9), x, np.inf).min(axis=1)
    twice = np.concatenate
    both = _polish(twice((np.clip(below, 0.0, nap), np.clip(above, nap, 1.0))),
                   (twice((nap, nap)), twice((mn, mn)), twice((h, h)), z))
    lower = np.where(nap > 0, both[:g], 0.0)
    upper = np.where(nap < 1, both[g:], 1.0)
    if ci_method == "singlecasees":
        lower = np.where(nap == 1, 1.0, lower)
        upper = np.where(nap == 0, 0.0, upper)
    return lower, upper


def _polish(x: np.ndarray, args: tuple[Any, ...], steps: int = 1) -> np.ndarray:
    """Newton step(s) on the roots ``x`` of the score function (kept inside [0, 1])."""
    for _ in range(steps):
        val, der = _score(x, *args)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(der != 0, val / der, 0.0)
        new = x - step
        x = np.where(np.isfinite(new) & (new >= 0) & (new <= 1), new, x)
    return x


def wilcoxon_core(A: np.ndarray, B: np.ndarray, nap: np.ndarray, m: np.ndarray,
                  n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One-sided Wilcoxon rank-sum p towards improvement, and R's W (``wilcox.test(A, B)``).

    U = NAP mn; sigma^2 = mn/12 [(N + 1) - sum(t^3 - t) / (N (N - 1))] over the tie groups of
    the pooled sample (N = m + n); p = 1 - Phi((U - mn/2 - 1/2) / sigma) (continuity
    correction, ``exact = FALSE``). W counts a > b on the raw scale: mn - U for "increase",
    U for "decrease" (the caller picks).
    """
    pooled = np.concatenate((A, B), axis=1)
    same = (pooled[:, :, None] == pooled[:, None, :]).sum(axis=2).astype(float)
    ties = np.where(np.isnan(pooled), 0.0, same**2 - 1).sum(axis=1)  # sum_groups t^3 - t
    big = m + n
    mn = m * n
    u = nap * mn
    with np.errstate(divide="ignore", invalid="ignore"):
        sigma = np.sqrt((mn / 12) * ((big + 1) - ties / (big * (big - 1))))
        p = ndtr((mn / 2 + 0.5 - u) / sigma)
    return u, p


def pnd_core(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """PND: share of treatment values above the best baseline value."""
    n = (~np.isnan(B)).sum(axis=1)
    pnd: np.ndarray = (B > np.nanmax(A, axis=1)[:, None]).sum(axis=1) / n
    return pnd


def pem_core(A: np.ndarray, B: np.ndarray, ties: float = 0.5) -> np.ndarray:
    """PEM: share of treatment values above the baseline median (a tie weighs ``ties``)."""
    n = (~np.isnan(B)).sum(axis=1)
    med = np.nanmedian(A, axis=1)[:, None]
    pem: np.ndarray = ((B > med).sum(axis=1) + ties * (B == med).sum(axis=1)) / n
    return pem


def pand_core(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PAND "minimum" (Pustejovsky 2019): max_i (i + #{b > a_(i)}) / (m + n), a_(0) = -inf.

    Returns PAND, the points kept and m + n.
    """
    va = ~np.isnan(A)
    m = va.sum(axis=1)
    n = (~np.isnan(B)).sum(axis=1)
    a_sorted = np.sort(np.where(va, A, np.inf), axis=1)  # pads sort to the end
    thr = np.concatenate((np.full((A.shape[0], 1), -np.inf), a_sorted), axis=1)
    above = (B[:, None, :] > thr[:, :, None]).sum(axis=2)
    i = np.arange(thr.shape[1])[None, :]
    kept = np.where(i <= m[:, None], i + above, -1).max(axis=1)
    return kept / (m + n), kept, m + n


def ird_from_pand(pand: np.ndarray, m: ArrayLike, n: ArrayLike) -> np.ndarray:
    """Robust IRD = [(m + n)^2 PAND - m^2 - n^2] / (2 m n)."""
    m, n = np.asarray(m, dtype=float), np.asarray(n, dtype=float)
    ird: np.ndarray = ((m + n) ** 2 * pand - m**2 - n**2) / (2 * m * n)
    return ird


def pand_sort_core(raw_a: np.ndarray, raw_b: np.ndarray, decreasing: bool) -> dict[str, Any]:
    """scan 0.67.1 ``pand(method = "sort")`` on raw (not oriented) values of one series.

    Values are ordered by (value, phase) ascending, or both descending when ``decreasing``
    (R ``order(values, phase, decreasing = TRUE)``), the first m sorted phase labels are
    compared with the observed A block, and PAND = (AA + BB) / N; phi = sqrt(chi2 / N) of the
    2 x 2 table, which for this table equals |AA N - m^2| / (m n).
    """
    m, n = raw_a.size, raw_b.size
    vals = np.concatenate((raw_a, raw_b))
    ph = np.concatenate((np.zeros(m), np.ones(n)))
    order = np.lexsort((-ph, -vals)) if decreasing else np.lexsort((ph, vals))
    sorted_ph = ph[order]
    aa = int(np.sum(sorted_ph[:m] == 0))
    bb = int(np.sum(sorted_ph[m:] == 1))
    big_n = m + n
    phi = abs(aa * big_n - m * m) / (m * n)
    return {"pand": (aa + bb) / big_n, "phi": float(phi), "overlaps": big_n - aa - bb}


# ------------------------------------------------------------------------------------------
# NAP and Tau
# ------------------------------------------------------------------------------------------


def nap_parts(A: np.ndarray, B: np.ndarray, se: str, confidence: float,
              ci_method: str) -> dict[str, Any]:
    """NAP core and limits of a batch (shared by nap, tau and tau_bc)."""
    r = nap_core(A, B, se)
    r["lower"], r["upper"] = newcombe_limits(r["nap"], r["m"], r["n"], z_value(confidence),
                                             ci_method)
    return r


def bound_note(est: float, lower: float, upper: float, label: str, ci_method: str,
               scale: Callable[[float], float] = lambda v: v) -> str | None:
    """The note a NAP-based index gets at its bound (all pairs improve, or none does)."""
    if est not in (0.0, 1.0):
        return None
    top = est == 1.0
    what = ("every treatment value is better than every baseline value (the ceiling): a "
            "larger effect cannot raise it" if top else
            "no treatment value is better than any baseline value (the floor)")
    if ci_method == "singlecasees":
        limit = "upper" if not top else "lower"
        return (f"{label} is at its bound ({scale(est):g}): {what}. The interval is "
                f"SingleCaseES 0.7.4's degenerate [{scale(est):g}, {scale(est):g}] "
                f"(ci_method='singlecasees'); Newcombe's method-5 {limit} limit is not "
                "the bound (use ci_method='newcombe')")
    return (f"{label} is at its bound ({scale(est):g}): {what}. The interval is Newcombe's "
            f"method-5 [{lower:.4g}, {upper:.4g}]; SingleCaseES 0.7.4 reports the degenerate "
            f"[{scale(est):g}, {scale(est):g}] here (ci_method='singlecasees')")


def _nap_variant(se: str, ci_method: str) -> str:
    ci = ("Newcombe (2006) method-5 interval" if ci_method == "newcombe" else
          "Newcombe method-5 interval as SingleCaseES computes it (degenerate at NAP = 0 or 1)")
    return f"SE '{se}', {ci}"


def _nap_mirrors(fn: str, se: str, confidence: float, ci_method: str) -> str:
    call = f"{SCES} {fn}(SE = '{se}', confidence = {confidence})"
    if ci_method == "newcombe":
        call += " (equal except at NAP = 0 or 1: ci_method='singlecasees' mirrors it there)"
    return call


@renamed_arguments(**RENAMED)
@with_input_doc
def nap(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
        data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
        session_col: str = "session", baseline_phase: Hashable = "A",
        treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
        improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
        se: str = "unbiased", confidence: float = 0.95, ci_method: str = "newcombe",
        missing: str = "error") -> NapResult:
    r"""Non-overlap of all pairs (NAP; Parker & Vannest 2009), a proportion in [0, 1].

    Parameters
    ----------
    %(input)s
    se : {"unbiased", "Hanley", "null", "none"}
        Standard-error formula (default ``"unbiased"``, Sen 1967 / Mee 1990).
    confidence : float
        Level of the Newcombe (2006) method-5 interval (default 0.95).
    ci_method : {"newcombe", "singlecasees"}
        ``"newcombe"`` (default): the method-5 interval, also at NAP = 0 or 1.
        ``"singlecasees"``: as SingleCaseES 0.7.4, whose root finder returns the degenerate
        interval [1, 1] at NAP = 1 ([0, 0] at NAP = 0); identical elsewhere.

    Returns
    -------
    NapResult
        ``.summary`` columns ``es`` ("NAP"), ``est``, ``se``, ``ci_lower``, ``ci_upper``,
        ``n_baseline``, ``n_treatment``, ``improvement``, ``se_method``, ``confidence``,
        ``ci_method``. Fields: scan's output (``pairs``, ``positives``, ``ties``,
        ``non_overlaps``, ``nap_rescaled``, ``w``, ``p``, ``d``, ``r_squared``; ``.scan``
        prints them as scan does).

    See Also
    --------
    tau : 2 NAP - 1.
    effect_sizes : many series and indices at once.

    Notes
    -----
    With Q_ij = I(b_j > a_i) + 0.5 I(b_j = a_i), NAP = (1 / mn) sum_ij Q_ij (null 0.5).
    Let Q1 = sum_i (sum_j (Q_ij - NAP))^2 / (m n^2), Q2 = sum_j (sum_i (Q_ij - NAP))^2 /
    (m^2 n), X = sum_ij (Q_ij - NAP)^2 / (mn) and NAP* = min(max(NAP, .5/mn), 1 - .5/mn).

    * ``"unbiased"``: V = [NAP*(1 - NAP*) + n Q1 + m Q2 - 2X] / [(m - 1)(n - 1)]
      (NaN with a one-point phase, with a :class:`~casekit.ShortPhaseWarning`);
    * ``"Hanley"``: V = [NAP*(1 - NAP*) + (n - 1) Q1 + (m - 1) Q2] / (mn);
    * ``"null"``: V = (m + n + 1) / (12 mn).

    The interval is {x : f(x) <= 0} with the score function of Newcombe's method 5,
    f(x) = mn (NAP - x)^2 (2 - x)(1 + x) - z^2 x (1 - x) [2 + h + (1 + 2h) x (1 - x)],
    h = (m + n)/2 - 1: its limits are the roots of f nearest to NAP on either side. At
    NAP = 1, f(1) = 0 as well, and SingleCaseES's ``uniroot(f, c(0, NAP))`` stops at that
    trivial root, giving [1, 1]; casekit divides it out and returns the proper lower limit
    (issue example: A = 18, 20, 21, 19, 19, 21, 21, B = 13, ..., 7, improvement = "decrease":
    [0.797, 1]). The roots are found as companion-matrix eigenvalues polished by a Newton step
    (R's ``uniroot`` stops at its default tolerance, so the packages differ by up to ~3e-5).
    Unlike SingleCaseES, the interval is also reported with ``se="none"``.

    The scan fields are those of ``scan::nap()``: the Wilcoxon rank-sum test of R's
    ``wilcox.test(A, B, alternative = "less" | "greater", exact = FALSE)`` (normal
    approximation, tie-corrected variance, continuity correction), d = 3.464 (1 -
    sqrt((1 - NAP)/0.5)) and R^2 = d^2 / (d^2 + 4) (scan's conversions). Like the SE they
    assume independent sessions. Mirrors ``SingleCaseES::NAP`` (0.7.4) and ``scan::nap``
    (0.67.1, which reports percent).

    References
    ----------
    Parker, R. I., & Vannest, K. J. (2009). An improved effect size for single-case research:
    Nonoverlap of all pairs. Behavior Therapy, 40(4), 357-367. doi:10.1016/j.beth.2008.10.006

    Newcombe, R. G. (2006). Confidence intervals for an effect size measure based on the
    Mann-Whitney statistic. Part 2. Statistics in Medicine, 25(4), 559-573. doi:10.1002/sim.2324

    Mee, W. (1990). Confidence intervals for probabilities and tolerance regions based on a
    generalization of the Mann-Whitney statistic. JASA, 85(411), 793-800.
    doi:10.1080/01621459.1990.10474942

    Examples
    --------
    >>> from casekit.effects import nap
    >>> r = nap([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29], improvement="increase")
    >>> round(r.est, 6), r.positives, r.ties
    (0.916667, 38, 1)
    >>> r = nap([18, 20, 21, 19, 19, 21, 21], [13, 13, 17, 17, 16, 8, 6, 7, 5, 7, 5, 6, 5, 7, 6, 7],
    ...         improvement="decrease")
    >>> round(r.ci_lower, 3), r.ci_upper
    (0.797, 1.0)
    """
    se = check_option(se, "se", SE_OPTIONS)
    confidence = check_ci_level(confidence)
    ci_method = check_option(ci_method, "ci_method", CI_METHODS)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    A, B = c.rows()
    r = nap_parts(A, B, se, confidence, ci_method)
    est, lo, hi = float(r["nap"][0]), float(r["lower"][0]), float(r["upper"][0])
    if se == "unbiased":
        short_phase_note(c.m, c.n, "the unbiased NAP/Tau SE divides by (m - 1)(n - 1) and is "
                         "NaN", c.notes)
    note = bound_note(est, lo, hi, "NAP", ci_method)
    if note:
        c.notes.append(note)
    u, p = wilcoxon_core(A, B, r["nap"], r["m"], r["n"])
    mn = c.m * c.n
    d = 3.464 * (1 - math.sqrt((1 - est) / 0.5))  # scan 0.67.1 nap(): its constant 3.464
    return NapResult(
        es="NAP", est=est, se=r["se"][0], ci_lower=lo, ci_upper=hi, n_baseline=c.m,
        n_treatment=c.n, improvement=c.improvement, pairs=mn,
        positives=int(r["positives"][0]), ties=int(r["ties"][0]), non_overlaps=float(u[0]),
        nap_rescaled=2 * est - 1, w=float(u[0]) if c.improvement == "decrease" else mn - u[0],
        p=p[0], d=d, r_squared=(d / math.sqrt(d**2 + 4)) ** 2,
        options={"improvement": c.improvement, "se_method": se, "confidence": confidence,
                 "ci_method": ci_method},
        method="NAP (Parker & Vannest 2009)", variant=_nap_variant(se, ci_method),
        reference=_NAP_REF, mirrors=_nap_mirrors("NAP", se, confidence, ci_method)
        + f"; {SCAN} nap(decreasing = {str(c.improvement == 'decrease').upper()})",
        notes=c.notes)


@renamed_arguments(**RENAMED)
@with_input_doc
def tau(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
        data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
        session_col: str = "session", baseline_phase: Hashable = "A",
        treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
        improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
        se: str = "unbiased", confidence: float = 0.95, ci_method: str = "newcombe",
        missing: str = "error") -> EffectSizeResult:
    r"""Tau (non-overlap; Parker, Vannest, Davis & Sauber 2011) = 2 NAP - 1, in [-1, 1].

    Parameters
    ----------
    %(input)s
    se : {"unbiased", "Hanley", "null", "none"}
        NAP standard-error formula; SE_Tau = 2 SE_NAP.
    confidence : float
        Confidence level; CI_Tau = 2 CI_NAP - 1 (Newcombe method 5).
    ci_method : {"newcombe", "singlecasees"}
        As in :func:`nap` (they differ only at Tau = -1 or 1).

    Returns
    -------
    EffectSizeResult
        ``es`` = "Tau", ``est``, ``se``, ``ci_lower``, ``ci_upper`` + options.

    See Also
    --------
    nap, tau_u, tau_bc

    Notes
    -----
    Tau = (#{b_j > a_i} - #{b_j < a_i}) / (mn); ties count 0. Mirrors ``SingleCaseES::Tau``
    (0.7.4). This is *not* Kendall's tau-b between values and phase (see
    :func:`tau_u` with ``method="complete"``, row "A vs. B").

    References
    ----------
    Parker, R. I., Vannest, K. J., Davis, J. L., & Sauber, S. B. (2011). Combining nonoverlap
    and trend for single-case research: Tau-U. Behavior Therapy, 42(2), 284-299.
    doi:10.1016/j.beth.2010.08.006

    Examples
    --------
    >>> from casekit.effects import tau
    >>> round(tau([3, 3, 4, 5], [4, 5, 6, 7, 7], improvement="increase").est, 6)
    0.8
    """
    se = check_option(se, "se", SE_OPTIONS)
    confidence = check_ci_level(confidence)
    ci_method = check_option(ci_method, "ci_method", CI_METHODS)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    r = nap_parts(*c.rows(), se, confidence, ci_method)
    napv, lo, hi = float(r["nap"][0]), float(r["lower"][0]), float(r["upper"][0])
    if se == "unbiased":
        short_phase_note(c.m, c.n, "the unbiased NAP/Tau SE divides by (m - 1)(n - 1) and is "
                         "NaN", c.notes)
    note = bound_note(napv, 2 * lo - 1, 2 * hi - 1, "Tau", ci_method, lambda v: 2 * v - 1)
    if note:
        c.notes.append(note)
    return EffectSizeResult(
        es="Tau", est=2 * napv - 1, se=2 * r["se"][0], ci_lower=2 * lo - 1,
        ci_upper=2 * hi - 1, n_baseline=c.m, n_treatment=c.n, improvement=c.improvement,
        options={"improvement": c.improvement, "se_method": se, "confidence": confidence,
                 "ci_method": ci_method},
        method="Tau (non-overlap; Parker et al. 2011)",
        variant="Tau = 2 NAP - 1 (non-overlap Tau), " + _nap_variant(se, ci_method),
        reference=_TAU_REF, mirrors=_nap_mirrors("Tau", se, confidence, ci_method),
        notes=c.notes)


# ------------------------------------------------------------------------------------------
# PND, PEM, PAND, IRD
# ------------------------------------------------------------------------------------------


@renamed_arguments(**RENAMED)
@with_input_doc
def pnd(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
        data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
        session_col: str = "session", baseline_phase: Hashable = "A",
        treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
        improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
        missing: str = "error") -> EffectSizeResult:
    r"""Percentage of non-overlapping data (PND; Scruggs, Mastropieri & Casto 1987), as a
    proportion.

    Parameters
    ----------
    %(input)s

    Returns
    -------
    EffectSizeResult
        ``es`` = "PND", ``est`` in [0, 1]; ``se`` and CI are NaN (no sampling theory).

    See Also
    --------
    pem, pand, nap

    Notes
    -----
    PND = #{b_j > max(A)} / n ("decrease": #{b_j < min(A)} / n). Mirrors ``SingleCaseES::PND``;
    equals ``scan::pnd`` / 100. PND depends on the single most extreme baseline point.

    References
    ----------
    Scruggs, T. E., Mastropieri, M. A., & Casto, G. (1987). The quantitative synthesis of
    single-subject research. Remedial and Special Education, 8(2), 24-33.
    doi:10.1177/074193258700800206

    Examples
    --------
    >>> from casekit.effects import pnd
    >>> round(pnd([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
    ...           improvement="increase").est, 6)
    0.714286
    """
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    return EffectSizeResult(
        es="PND", est=pnd_core(*c.rows())[0], n_baseline=c.m, n_treatment=c.n,
        improvement=c.improvement, options={"improvement": c.improvement},
        method="PND (Scruggs et al. 1987), proportion",
        variant="share of treatment values beyond the most extreme baseline value",
        reference="Scruggs, Mastropieri & Casto (1987). doi:10.1177/074193258700800206",
        mirrors=f"{SCES} PND(); {SCAN} pnd() / 100", notes=c.notes)


@renamed_arguments(**RENAMED)
@with_input_doc
def pem(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
        data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
        session_col: str = "session", baseline_phase: Hashable = "A",
        treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
        improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
        ties: float = 0.5, missing: str = "error") -> EffectSizeResult:
    r"""Percentage exceeding the median (PEM; Ma 2006), as a proportion.

    Parameters
    ----------
    %(input)s
    ties : {0.5, 0}
        Weight of a treatment point equal to the baseline median: 0.5 (default,
        SingleCaseES) or 0 (scan ``pem``: ``mean(B > median(A))``).

    Returns
    -------
    EffectSizeResult
        ``es`` = "PEM", ``est`` in [0, 1]; no SE / CI.

    See Also
    --------
    pnd, nap

    Notes
    -----
    PEM = (1/n) sum_j [I(b_j > med(A)) + w I(b_j = med(A))] after orientation. The two tie
    rules differ in 3 of the 57 reference series (sim05: 0.475 vs 0.400). scan adds a
    binomial test, not provided here.

    References
    ----------
    Ma, H.-H. (2006). An alternative method for quantitative synthesis of single-subject
    researches: Percentage of data points exceeding the median. Behavior Modification, 30(5),
    598-617. doi:10.1177/0145445504272974

    Examples
    --------
    >>> from casekit.effects import pem
    >>> pem([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29], improvement="increase").est
    1.0
    """
    ties = check_pem_ties(ties)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    return EffectSizeResult(
        es="PEM", est=pem_core(*c.rows(), ties)[0], n_baseline=c.m, n_treatment=c.n,
        improvement=c.improvement, options={"improvement": c.improvement, "ties": ties},
        method="PEM (Ma 2006), proportion",
        variant=f"a treatment value at the baseline median counts {ties:g}",
        reference="Ma (2006). doi:10.1177/0145445504272974",
        mirrors=f"{SCES} PEM()" if ties == 0.5 else f"{SCAN} pem() / 100 (ties count 0)",
        notes=c.notes)


def check_pem_ties(ties: float, name: str = "ties") -> float:
    """PEM's tie weight: 0.5 (SingleCaseES) or 0 (scan)."""
    if isinstance(ties, bool) or ties not in PEM_TIES:
        raise ValueError(f"{name} must be one of 0.5, 0; got {ties!r}")
    return float(ties)


@renamed_arguments(**RENAMED)
@with_input_doc
def pand(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
         data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
         session_col: str = "session", baseline_phase: Hashable = "A",
         treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
         improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
         method: str = "minimum", missing: str = "error") -> PandResult:
    r"""Percentage of all non-overlapping data (PAND; Parker, Hagan-Burke & Vannest 2007), as
    a proportion.

    Parameters
    ----------
    %(input)s
    method : {"minimum", "sort"}
        ``"minimum"`` (default; SingleCaseES, scan ``method = "minimum"``): the largest share
        of points that can be kept, keeping the lowest A and the highest B points, with every
        kept A point strictly below every kept B point. ``"sort"`` (scan's default; the
        algorithm printed in Parker et al. 2007): sort all values (ties ordered by phase),
        cross-tabulate the sorted phase sequence against the observed one, PAND = diagonal
        share; also gives ``phi``.

    Returns
    -------
    PandResult
        ``es`` = "PAND", ``est`` in [0, 1], ``overlaps`` (number of points removed /
        off-diagonal), and for "sort" ``phi`` = sqrt(chi^2 / N) of the 2 x 2 table.

    See Also
    --------
    ird, nap

    Notes
    -----
    "minimum" (Pustejovsky 2019): with sorted a_(1..m), a_(0) = -inf, PAND = max_i (i +
    #{b_j > a_(i)}) / (m + n). "sort" follows scan 0.67.1 on the raw values:
    ``order(values, phase, decreasing = improvement == "decrease")``; then
    phi = |AA N - m^2| / (m n). The two differ in 28 of the 57 reference series (Parker 2009
    data: 100 vs 86.96 %).

    References
    ----------
    Parker, R. I., Hagan-Burke, S., & Vannest, K. (2007). Percentage of all non-overlapping
    data (PAND): An alternative to PND. Journal of Special Education, 40(4), 194-204.
    doi:10.1177/00224669070400040101

    Pustejovsky, J. E. (2019). Procedural sensitivities of effect sizes for single-case
    designs with directly observed behavioral outcome measures. Psychological Methods, 24(2),
    217-235. doi:10.1037/met0000179

    Examples
    --------
    >>> from casekit.effects import pand
    >>> round(pand([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
    ...            improvement="increase").est, 6)
    0.846154
    """
    method = check_option(method, "method", PAND_METHODS)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    columns: tuple[str, ...]
    if method == "minimum":
        p, kept, total = pand_core(*c.rows())
        est, fields, columns = p[0], {"overlaps": int(total[0] - kept[0])}, ("overlaps",)
        mirrors = f"{SCES} PAND(); {SCAN} pand(method = 'minimum')"
    else:
        r = pand_sort_core(c.a, c.b, c.improvement == "decrease")
        est, fields, columns = r["pand"], {"overlaps": r["overlaps"], "phi": r["phi"]}, (
            "overlaps", "phi")
        mirrors = f"{SCAN} pand(method = 'sort')"
    return PandResult(
        es="PAND", est=est, n_baseline=c.m, n_treatment=c.n, improvement=c.improvement,
        columns=columns, **fields, options={"improvement": c.improvement, "method": method},
        method=f"PAND ({method}; Parker et al. 2007), proportion",
        variant=("fewest points removed to leave no overlap (Pustejovsky 2019)"
                 if method == "minimum" else "scan's sort-and-cross-tabulate algorithm"),
        reference="Parker, Hagan-Burke & Vannest (2007). doi:10.1177/00224669070400040101",
        mirrors=mirrors, notes=c.notes)


@renamed_arguments(**RENAMED)
@with_input_doc
def ird(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
        data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
        session_col: str = "session", baseline_phase: Hashable = "A",
        treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
        improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
        missing: str = "error") -> EffectSizeResult:
    r"""Robust improvement rate difference (IRD; Parker, Vannest & Brown 2009).

    Parameters
    ----------
    %(input)s

    Returns
    -------
    EffectSizeResult
        ``es`` = "IRD", ``est``; no SE / CI.

    See Also
    --------
    pand

    Notes
    -----
    IRD = [(m + n)^2 PAND - m^2 - n^2] / (2 m n) = 1 - (m + n)^2 / (2mn) (1 - PAND), with the
    "minimum" PAND. Mirrors ``SingleCaseES::IRD``; equals ``scan::ird``.

    References
    ----------
    Parker, R. I., Vannest, K. J., & Brown, L. (2009). The improvement rate difference for
    single-case research. Exceptional Children, 75(2), 135-150.
    doi:10.1177/001440290907500201

    Examples
    --------
    >>> from casekit.effects import ird
    >>> round(ird([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
    ...           improvement="increase").est, 6)
    0.690476
    """
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    p, _, _ = pand_core(*c.rows())
    return EffectSizeResult(
        es="IRD", est=ird_from_pand(p, c.m, c.n)[0], n_baseline=c.m, n_treatment=c.n,
        improvement=c.improvement, options={"improvement": c.improvement},
        method="Robust IRD (Parker, Vannest & Brown 2009)",
        variant="robust IRD from the 'minimum' PAND",
        reference="Parker, Vannest & Brown (2009). doi:10.1177/001440290907500201",
        mirrors=f"{SCES} IRD(); {SCAN} ird()", notes=c.notes)
