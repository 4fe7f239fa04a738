"""Ratio effect sizes: log response ratios (LRRd, LRRi), log odds ratio (LOR), log ratio of
medians (LRM) and percent of goal obtained (PoGO).

Each numpy core takes *raw* NaN-padded 2-D arrays (one series per row) and per-row direction
flags; the single-series functions call it on a batch of one, :func:`effect_sizes` on every
series at once.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.special import bdtr, ndtri

from .._deprecate import renamed_arguments
from .._validate import check_ci_level, check_float, check_option
from ._base import (
    RENAMED,
    SCES,
    Comparison,
    check_bool,
    moments,
    read_comparison,
    with_input_doc,
    z_value,
)
from .result import EffectSizeResult, LrmResult, RatioResult

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["lrr_d", "lrr_i", "lor", "lrm", "pogo"]

SCALES = ("other", "count", "rate", "proportion", "percentage")
LOR_SCALES = ("percentage", "proportion")
_PUSTEJOVSKY_2018 = ("Pustejovsky, J. E. (2018). Using response ratios for meta-analyzing "
                     "single-case designs with behavioral outcomes. Journal of School "
                     "Psychology, 68, 99-112. doi:10.1016/j.jsp.2018.02.003")
_PUSTEJOVSKY_2015 = ("Pustejovsky, J. E. (2015). Measurement-comparable effect sizes for "
                     "single-case studies of free-operant behavior. Psychological Methods, "
                     "20(3), 342-359. doi:10.1037/met0000019")
_BONETT_PRICE = ("Bonett, D. G., & Price, R. M. (2020). Confidence intervals for ratios of "
                 "means and medians. Journal of Educational and Behavioral Statistics, 45(6), "
                 "750-770. doi:10.3102/1076998620934125")


# ------------------------------------------------------------------------------------------
# numpy cores
# ------------------------------------------------------------------------------------------


def trunc_constant(scale: str, observation_length: float | None = None,
                   intervals: int | None = None) -> float:
    """Truncation constant D of Pustejovsky (2018), as SingleCaseES ``trunc_constant()``.

    count 1; rate: the session length in minutes; proportion: the number of intervals;
    percentage: intervals / 100; other (or the input missing): none (infinite).
    """
    if scale == "count":
        return 1.0
    if scale == "rate":
        return math.inf if observation_length is None else float(observation_length)
    if scale == "proportion":
        return math.inf if intervals is None else float(intervals)
    if scale == "percentage":
        return math.inf if intervals is None else float(intervals) / 100
    return math.inf


def lrr_core(A: np.ndarray, B: np.ndarray, flip: np.ndarray, *, scale: str,
             bias_correct: bool, d_const: float) -> dict[str, Any]:
    """Log response ratio of each row: l_B - l_A, l = ln M + S^2 / (2 n M^2) (bias-corrected).

    ``flip`` marks the rows whose direction opposes the version computed (LRRd of an
    increasing outcome, LRRi of a decreasing one): their percentage / proportion means are
    complemented (100 - M, 1 - M), other scales change sign. Means are truncated at
    1 / (2 D n) and variances at 1 / (D^2 n^3) for a finite D (Pustejovsky 2018).
    SE = sqrt(S_A^2 / (m M_A^2) + S_B^2 / (n M_B^2)).
    """
    (na, ma, va), (nb, mb, vb) = moments(A), moments(B)
    n, mean, var = np.c_[na, nb], np.c_[ma, mb], np.c_[va, vb]
    if scale in ("proportion", "percentage"):
        top = 1.0 if scale == "proportion" else 100.0
        mean = np.where(flip[:, None], top - mean, mean)
    if d_const > 0 and math.isfinite(d_const):
        mean = np.maximum(1 / (2 * d_const * n), mean)
        var = np.maximum(1 / (d_const**2 * n**3), var)
    with np.errstate(divide="ignore", invalid="ignore"):
        ell = np.log(mean) + var / (2 * n * mean**2) if bias_correct else np.log(mean)
        lrr = ell[:, 1] - ell[:, 0]
        se = np.sqrt(var[:, 0] / (n[:, 0] * mean[:, 0] ** 2)
                     + var[:, 1] / (n[:, 1] * mean[:, 1] ** 2))
    if scale not in ("proportion", "percentage"):
        lrr = np.where(flip, -lrr, lrr)
    return {"lrr": lrr, "se": se, "mean_a": mean[:, 0], "mean_b": mean[:, 1]}


def lor_core(A: np.ndarray, B: np.ndarray, decrease: np.ndarray, *, d_const: float,
             bias_correct: bool) -> dict[str, Any]:
    """Log odds ratio of each row of proportions (SingleCaseES 0.7.4 ``calc_LOR``).

    Means truncated to [1/(2Dn), 1 - 1/(2Dn)] and variances at 1/(D^2 n^3) (D on the
    proportion scale; infinite D: no truncation); logit(M) - (2M - 1) S^2 /
    (2 n M^2 (1 - M)^2) with the bias correction; LOR = B - A, negated for "decrease";
    SE = sqrt(sum S^2 / (n M^2 (1 - M)^2)).
    """
    (na, ma, va), (nb, mb, vb) = moments(A), moments(B)
    n, mean, var = np.c_[na, nb], np.c_[ma, mb], np.c_[va, vb]
    if d_const > 0:
        low = 1 / (2 * d_const * n)
        mean = np.minimum(1 - low, np.maximum(low, mean))
        var = np.maximum(1 / (d_const**2 * n**3), var)
    with np.errstate(divide="ignore", invalid="ignore"):
        logit = np.log(mean) - np.log(1 - mean)
        denom = n * mean**2 * (1 - mean) ** 2
        if bias_correct:
            logit = logit - (2 * mean - 1) * var / (2 * denom)
        lor = logit[:, 1] - logit[:, 0]
        se = np.sqrt(var[:, 0] / denom[:, 0] + var[:, 1] / denom[:, 1])
    return {"lor": np.where(decrease, -lor, lor), "se": se, "mean_a": mean[:, 0],
            "mean_b": mean[:, 1]}


def _log_median_stats(x: np.ndarray, delta_method: bool) -> tuple[np.ndarray, np.ndarray]:
    """Median and the variance of its logarithm for each row (SingleCaseES ``stats_LRM``).

    Bonett & Price (2020): order statistics o1 = max(round(n/2 - sqrt(n)), 1) and
    o2 = n - o1 + 1, z0 = Phi^-1(1 - P(Bin(n, 1/2) <= o1 - 1)); Var ln(median) =
    ((ln y_(o2) - ln y_(o1)) / (2 z0))^2, or with the delta method
    ((y_(o2) - y_(o1)) / (2 z0))^2 / median^2.
    """
    n = (~np.isnan(x)).sum(axis=1)
    y = np.sort(x, axis=1)  # NaN pads last
    med = np.nanmedian(x, axis=1)
    o1 = np.maximum(np.round(n / 2 - np.sqrt(n)), 1).astype(int)  # round half to even, as R
    o2 = n - o1 + 1
    z0 = ndtri(1 - bdtr(o1 - 1, n, 0.5))
    lo = np.take_along_axis(y, (o1 - 1)[:, None], axis=1)[:, 0]
    hi = np.take_along_axis(y, (o2 - 1)[:, None], axis=1)[:, 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        if delta_method:
            var = ((hi - lo) / (2 * z0)) ** 2 / med**2
        else:
            var = ((np.log(hi) - np.log(lo)) / (2 * z0)) ** 2
    return med, var


def lrm_core(A: np.ndarray, B: np.ndarray, decrease: np.ndarray, *,
             delta_method: bool = False) -> dict[str, Any]:
    """Log ratio of medians ln(med B) - ln(med A) of each row, negated for "decrease"."""
    med_a, var_a = _log_median_stats(A, delta_method)
    med_b, var_b = _log_median_stats(B, delta_method)
    with np.errstate(divide="ignore", invalid="ignore"):
        lrm = np.log(med_b) - np.log(med_a)
    return {"lrm": np.where(decrease, -lrm, lrm), "se": np.sqrt(var_a + var_b),
            "median_a": med_a, "median_b": med_b}


def pogo_core(A: np.ndarray, B: np.ndarray, goal: float) -> tuple[np.ndarray, np.ndarray]:
    """PoGO = 100 (M_B - M_A) / (goal - M_A) of each row and its SE (Dunlap & Silver 1986).

    SE = 100 sqrt[(S_A^2/m + S_B^2/n + (PoGO/100)^2 S_A^2/m) / (goal - M_A)^2], as coded in
    SingleCaseES 0.7.4 ``calc_PoGO``.
    """
    (m, ma, va), (n, mb, vb) = moments(A), moments(B)
    with np.errstate(divide="ignore", invalid="ignore"):
        est = 100 * (mb - ma) / (goal - ma)
        var = (va / m + vb / n + (est / 100) ** 2 * va / m) / (goal - ma) ** 2
        return est, 100 * np.sqrt(var)


def check_range(c: Comparison, scale: str, what: str) -> None:
    """Values of a percentage (0-100) or proportion (0-1) scale must lie in that range."""
    top = 1.0 if scale == "proportion" else 100.0
    values = np.concatenate((c.a, c.b))
    sessions = np.concatenate((c.sessions_a, c.sessions_b))
    bad = np.flatnonzero((values < 0) | (values > top))
    if bad.size:
        where = ", ".join(f"{values[i]:g} at {'position' if c.numbered else 'session'} "
                          f"{sessions[i]:g}" for i in bad[:10])
        raise ValueError(f"{what} with scale='{scale}' needs values in [0, {top:g}]; got "
                         f"{where}" + (" ..." if bad.size > 10 else ""))


# ------------------------------------------------------------------------------------------
# LRRd and LRRi
# ------------------------------------------------------------------------------------------


def _lrr(which: str, c: Comparison, scale: str, bias_correct: bool, confidence: float,
         observation_length: float | None, intervals: int | None,
         d_const: float | None) -> RatioResult:
    label = "LRRd" if which == "d" else "LRRi"
    if scale in ("proportion", "percentage"):
        check_range(c, scale, label)
    dc = trunc_constant(scale, observation_length, intervals) if d_const is None else \
        check_float(d_const, "d_const", minimum=0.0, inclusive=False)
    flip = (c.improvement == "increase") if which == "d" else (c.improvement == "decrease")
    A, B = c.rows(oriented=False)
    r = {k: float(v[0]) for k, v in lrr_core(A, B, np.array([flip]), scale=scale,
                                              bias_correct=bias_correct, d_const=dc).items()}
    if not (math.isfinite(dc) and dc > 0):
        bad = [(p, mu) for p, mu in (("baseline", r["mean_a"]), ("treatment", r["mean_b"]))
               if mu <= 0]
        if bad:
            desc = "; ".join(f"{p} mean = {mu:g}" for p, mu in bad)
            raise ValueError(
                f"log response ratio undefined: {desc} (the logarithm needs a positive mean). "
                "For counts use scale='count' (Pustejovsky 2018 truncation), otherwise choose "
                "another effect size (NAP, Tau, SMD)")
    if c.m < 2 or c.n < 2:
        c.notes.append("a phase has 1 point: its variance is unknown, so the bias correction "
                       "and SE are NaN")
    z = z_value(confidence)
    return RatioResult(
        es=label, est=r["lrr"], se=r["se"], ci_lower=r["lrr"] - z * r["se"],
        ci_upper=r["lrr"] + z * r["se"], n_baseline=c.m, n_treatment=c.n,
        improvement=c.improvement, mean_baseline=r["mean_a"], mean_treatment=r["mean_b"],
        columns=("mean_baseline", "mean_treatment"),
        options={"improvement": c.improvement, "scale": scale, "bias_correct": bias_correct,
                 "confidence": confidence},
        method=f"{label} (log response ratio, {'decreasing' if which == 'd' else 'increasing'}; "
               "Pustejovsky 2018)",
        variant=(f"scale '{scale}', " + ("bias-corrected" if bias_correct else
                                         "not bias-corrected")
                 + ("" if not math.isfinite(dc) else f", truncation constant {dc:g}")),
        reference=_PUSTEJOVSKY_2018, notes=c.notes,
        mirrors=(f"{SCES} {label}(scale = '{scale}', bias_correct = "
                 f"{str(bias_correct).upper()})"))


_LRR_PARAMS = """scale : {"other", "count", "rate", "proportion", "percentage"}
        Outcome scale. ``"other"`` (casekit's default; no truncation) suits any ratio-scale
        outcome with positive means and raises an error for a zero mean. ``"count"`` (the
        SingleCaseES default, meant for behaviour counts) truncates M >= 1/(2n) and
        S^2 >= 1/n^3; ``"rate"`` needs ``observation_length``, ``"proportion"`` /
        ``"percentage"`` need ``intervals`` for truncation, and their means are complemented
        (1 - M or 100 - M) depending on the direction.
    bias_correct : bool
        Delta-method bias correction (default True).
    confidence : float
        Level of the Wald interval.
    observation_length, intervals, d_const : float, optional
        Truncation inputs (Pustejovsky 2018); ``d_const`` overrides the computed constant."""


def _lrr_args(scale: str, bias_correct: bool, confidence: float) -> tuple[str, bool, float]:
    return (check_option(scale, "scale", SCALES), check_bool(bias_correct, "bias_correct"),
            check_ci_level(confidence))


@renamed_arguments(**RENAMED)
@with_input_doc
def lrr_d(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
          data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
          session_col: str = "session", baseline_phase: Hashable = "A",
          treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
          improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
          scale: str = "other", bias_correct: bool = True, confidence: float = 0.95,
          observation_length: float | None = None, intervals: int | None = None,
          d_const: float | None = None, missing: str = "error") -> RatioResult:
    r"""Log response ratio, decreasing version (LRRd; Pustejovsky 2018): **negative =
    improvement**.

    Parameters
    ----------
    %(input)s
    %(lrr)s

    Returns
    -------
    RatioResult
        ``es`` = "LRRd", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``mean_baseline``,
        ``mean_treatment`` (after complement / truncation) + options.

    Raises
    ------
    ValueError
        A phase mean <= 0 without truncation (the logarithm is undefined).

    See Also
    --------
    lrr_i, lor, smd

    Notes
    -----
    l_P = ln M_P + S_P^2 / (2 n_P M_P^2) (bias-corrected) or ln M_P; LRR = l_B - l_A;
    SE = sqrt(S_A^2 / (m M_A^2) + S_B^2 / (n M_B^2)); CI = LRR +/- z SE. For "count",
    "rate" and "other", LRRd and LRRi differ only in sign (LRRd = l_B - l_A when improvement is
    "decrease"; its negative when "increase"). Mirrors ``SingleCaseES::LRRd`` (0.7.4), whose
    default scale is "count"; casekit's default is "other" because psychotherapy outcomes are
    rarely counts (for bounded rating scales prefer NAP, Tau or SMD).

    References
    ----------
    Pustejovsky, J. E. (2018). Using response ratios for meta-analyzing single-case designs
    with behavioral outcomes. Journal of School Psychology, 68, 99-112.
    doi:10.1016/j.jsp.2018.02.003

    Examples
    --------
    >>> from casekit.effects import lrr_d
    >>> r = lrr_d([10, 12, 11], [6, 5, 7, 6], improvement="decrease")
    >>> r.est < 0
    True
    """
    scale, bias_correct, confidence = _lrr_args(scale, bias_correct, confidence)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    return _lrr("d", c, scale, bias_correct, confidence, observation_length, intervals,
                d_const)


@renamed_arguments(**RENAMED)
@with_input_doc
def lrr_i(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
          data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
          session_col: str = "session", baseline_phase: Hashable = "A",
          treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
          improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
          scale: str = "other", bias_correct: bool = True, confidence: float = 0.95,
          observation_length: float | None = None, intervals: int | None = None,
          d_const: float | None = None, missing: str = "error") -> RatioResult:
    r"""Log response ratio, increasing version (LRRi; Pustejovsky 2018): **positive =
    improvement**.

    Parameters
    ----------
    %(input)s
    %(lrr)s

    Returns
    -------
    RatioResult
        ``es`` = "LRRi", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``mean_baseline``,
        ``mean_treatment`` + options.

    See Also
    --------
    lrr_d, lor

    Notes
    -----
    Same formulas as :func:`lrr_d`; LRRi = l_B - l_A when improvement is "increase" and its
    negative when "decrease" (for counts / other scales). Mirrors ``SingleCaseES::LRRi``.

    References
    ----------
    Pustejovsky, J. E. (2018). Journal of School Psychology, 68, 99-112.
    doi:10.1016/j.jsp.2018.02.003

    Examples
    --------
    >>> from casekit.effects import lrr_i
    >>> lrr_i([10, 12, 11], [16, 15, 17, 16], improvement="increase").est > 0
    True
    """
    scale, bias_correct, confidence = _lrr_args(scale, bias_correct, confidence)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    return _lrr("i", c, scale, bias_correct, confidence, observation_length, intervals,
                d_const)


lrr_d.__doc__ = (lrr_d.__doc__ or "").replace("%(lrr)s", _LRR_PARAMS)
lrr_i.__doc__ = (lrr_i.__doc__ or "").replace("%(lrr)s", _LRR_PARAMS)


# ------------------------------------------------------------------------------------------
# LOR and LRM
# ------------------------------------------------------------------------------------------


def lor_d_const(scale: str, intervals: int | None, d_const: float | None) -> float:
    """D of :func:`lor_core` on the proportion scale (SingleCaseES multiplies a percentage
    scale's constant, intervals / 100, by 100)."""
    if d_const is None:
        dc = trunc_constant(scale, None, intervals)
    else:
        dc = check_float(d_const, "d_const", minimum=0.0, inclusive=False)
    return 100 * dc if scale == "percentage" else dc


@renamed_arguments(**RENAMED)
@with_input_doc
def lor(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
        data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
        session_col: str = "session", baseline_phase: Hashable = "A",
        treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
        improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
        scale: str = "percentage", intervals: int | None = None, d_const: float | None = None,
        bias_correct: bool = True, confidence: float = 0.95, missing: str = "error") -> RatioResult:
    r"""Log odds ratio (LOR; Pustejovsky 2015) for percentage or proportion outcomes.

    Parameters
    ----------
    %(input)s
    scale : {"percentage", "proportion"}
        Values in 0..100 (default) or 0..1. Values outside the range are an error naming
        them (SingleCaseES: "Percentages must be between 0 and 100!").
    intervals : float, optional
        Intervals (or items) per session: the truncation constant D. Without it the means
        are not truncated, and a phase mean of 0 or 100 % gives an infinite LOR.
    d_const : float, optional
        Truncation constant as SingleCaseES takes it (for percentages: intervals / 100);
        overrides ``intervals``.
    bias_correct : bool
        Delta-method bias correction (default True).
    confidence : float
        Level of the Wald interval.

    Returns
    -------
    RatioResult
        ``es`` = "LOR", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``mean_baseline``,
        ``mean_treatment`` (proportions, after truncation) + options.

    Raises
    ------
    ValueError
        Values outside 0..100 (0..1).

    See Also
    --------
    lrr_i, lrr_d

    Notes
    -----
    On the proportion scale (percentages / 100), with phase means M_P, variances S_P^2 and
    sizes n_P: M_P is truncated to [1/(2 D n_P), 1 - 1/(2 D n_P)] and S_P^2 to at least
    1/(D^2 n_P^3) (no truncation without D);
    l_P = ln(M_P / (1 - M_P)) - (2 M_P - 1) S_P^2 / (2 n_P M_P^2 (1 - M_P)^2)
    (bias-corrected) or the plain logit; LOR = l_B - l_A, negated for "decrease" (the LOR is
    symmetric in valence); SE = sqrt(sum_P S_P^2 / (n_P M_P^2 (1 - M_P)^2)); CI = LOR +/- z
    SE. Mirrors ``SingleCaseES::LOR`` (0.7.4), including its ``D_const`` convention for
    percentages; unlike SingleCaseES (which returns NA with a warning) another scale is an
    error. The SE assumes independent sessions.

    References
    ----------
    Pustejovsky, J. E. (2015). Measurement-comparable effect sizes for single-case studies of
    free-operant behavior. Psychological Methods, 20(3), 342-359. doi:10.1037/met0000019

    Examples
    --------
    >>> from casekit.effects import lor
    >>> A = [20, 20, 25, 25, 20, 25]
    >>> B = [30, 25, 25, 25, 35, 30, 25]
    >>> r = lor(A, B, improvement="increase", intervals=20)
    >>> round(r.est, 6), round(r.se, 6)
    (0.285285, 0.097903)
    """
    scale = check_option(scale, "scale", LOR_SCALES)
    bias_correct = check_bool(bias_correct, "bias_correct")
    confidence = check_ci_level(confidence)
    dc = lor_d_const(scale, intervals, d_const)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    check_range(c, scale, "LOR")
    top = 100.0 if scale == "percentage" else 1.0
    A, B = (x / top for x in c.rows(oriented=False))
    r = {k: float(v[0]) for k, v in lor_core(A, B, np.array([c.improvement == "decrease"]),
                                              d_const=dc, bias_correct=bias_correct).items()}
    if not math.isfinite(r["lor"]):
        c.notes.append("a phase mean is 0 or 1 without truncation: the LOR is not finite "
                       "(pass intervals= to truncate the means, Pustejovsky 2015)")
    if c.m < 2 or c.n < 2:
        c.notes.append("a phase has 1 point: its variance is unknown, so the bias correction "
                       "and SE are NaN")
    z = z_value(confidence)
    return RatioResult(
        es="LOR", est=r["lor"], se=r["se"], ci_lower=r["lor"] - z * r["se"],
        ci_upper=r["lor"] + z * r["se"], n_baseline=c.m, n_treatment=c.n,
        improvement=c.improvement, mean_baseline=r["mean_a"], mean_treatment=r["mean_b"],
        columns=("mean_baseline", "mean_treatment"),
        options={"improvement": c.improvement, "scale": scale, "intervals": intervals,
                 "bias_correct": bias_correct, "confidence": confidence},
        method="LOR (log odds ratio; Pustejovsky 2015)",
        variant=(f"{scale} scale, " + ("bias-corrected" if bias_correct else
                                       "not bias-corrected")
                 + (f", truncation constant D = {dc:g}" if math.isfinite(dc) else
                    ", no truncation")),
        reference=_PUSTEJOVSKY_2015, notes=c.notes,
        mirrors=(f"{SCES} LOR(scale = '{scale}', intervals = "
                 f"{'NULL' if intervals is None else intervals}, bias_correct = "
                 f"{str(bias_correct).upper()})"))


@renamed_arguments(**RENAMED)
@with_input_doc
def lrm(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
        data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
        session_col: str = "session", baseline_phase: Hashable = "A",
        treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
        improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
        delta_method: bool = False, confidence: float = 0.95, missing: str = "error") -> LrmResult:
    r"""Log ratio of medians (LRM; Bonett & Price 2020): ln(median B / median A), positive =
    improvement.

    Parameters
    ----------
    %(input)s
    delta_method : bool
        False (default): the variance of ln(median) from the log order statistics; True: by
        the delta method from the raw order statistics.
    confidence : float
        Level of the Wald interval.

    Returns
    -------
    LrmResult
        ``es`` = "LRM", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``median_baseline``,
        ``median_treatment`` + options. A median of 0 gives an infinite or undefined LRM
        (NaN/inf, as SingleCaseES) and a note.

    See Also
    --------
    lrr_i, smd

    Notes
    -----
    For a phase with n values y_(1) <= ... <= y_(n): o1 = max(round(n/2 - sqrt(n)), 1),
    o2 = n - o1 + 1, z0 = Phi^-1(1 - P(Bin(n, 1/2) <= o1 - 1)) and
    Var ln(median) = ((ln y_(o2) - ln y_(o1)) / (2 z0))^2, or with the delta method
    ((y_(o2) - y_(o1)) / (2 z0))^2 / median^2. LRM = ln med_B - ln med_A (negated for
    "decrease"), SE = sqrt(Var_A + Var_B), CI = LRM +/- z SE. For ratio-scale outcomes that
    are skewed or have outliers. Mirrors ``SingleCaseES::LRM`` (0.7.4); the SE assumes
    independent sessions, and a one-point phase gives NaN.

    References
    ----------
    Bonett, D. G., & Price, R. M. (2020). Confidence intervals for ratios of means and
    medians. Journal of Educational and Behavioral Statistics, 45(6), 750-770.
    doi:10.3102/1076998620934125

    Examples
    --------
    >>> from casekit.effects import lrm
    >>> r = lrm([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29], improvement="increase")
    >>> round(r.est, 6)
    0.218689
    """
    delta_method = check_bool(delta_method, "delta_method")
    confidence = check_ci_level(confidence)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    A, B = c.rows(oriented=False)
    r = {k: float(v[0]) for k, v in lrm_core(A, B, np.array([c.improvement == "decrease"]),
                                              delta_method=delta_method).items()}
    if r["median_a"] <= 0 or r["median_b"] <= 0:
        c.notes.append("a phase median is 0 or negative: the log ratio of medians is not "
                       "defined (inf/NaN, as SingleCaseES)")
    if c.m < 2 or c.n < 2:
        c.notes.append("a phase has 1 point: the SE of its median is undefined (NaN)")
    z = z_value(confidence)
    return LrmResult(
        es="LRM", est=r["lrm"], se=r["se"], ci_lower=r["lrm"] - z * r["se"],
        ci_upper=r["lrm"] + z * r["se"], n_baseline=c.m, n_treatment=c.n,
        improvement=c.improvement, median_baseline=r["median_a"],
        median_treatment=r["median_b"], columns=("median_baseline", "median_treatment"),
        options={"improvement": c.improvement, "delta_method": delta_method,
                 "confidence": confidence},
        method="LRM (log ratio of medians; Bonett & Price 2020)",
        variant=("SE by the delta method" if delta_method else
                 "SE from the log order statistics"),
        reference=_BONETT_PRICE, notes=c.notes,
        mirrors=f"{SCES} LRM(delta_method = {str(delta_method).upper()})")


# ------------------------------------------------------------------------------------------
# PoGO
# ------------------------------------------------------------------------------------------


def pogo_side_problem(goal: float, mean_a: float, improvement: str) -> str | None:
    """Why a goal cannot be used with this baseline mean and direction (None if it can)."""
    if goal == mean_a:
        return "goal equals the baseline mean: PoGO is undefined"
    if (goal > mean_a) != (improvement == "increase"):
        return (f"goal={goal:g} lies on the wrong side of the baseline mean ({mean_a:g}) for "
                f"improvement={improvement!r}")
    return None


@renamed_arguments(**RENAMED)
@with_input_doc
def pogo(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
         goal: float, data: pd.DataFrame | None = None, value_col: str = "value",
         phase_col: str = "phase", session_col: str = "session", baseline_phase: Hashable = "A",
         treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
         improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
         confidence: float = 0.95, missing: str = "error") -> EffectSizeResult:
    r"""Percent of goal obtained (PoGO; Ferron et al. 2020).

    Parameters
    ----------
    %(input)s
    goal : float
        The goal level of the outcome (required).
    confidence : float
        Level of the Wald interval.

    Returns
    -------
    EffectSizeResult
        ``es`` = "PoGO", ``est`` (percent), ``se``, ``ci_lower``, ``ci_upper``.

    Raises
    ------
    ValueError
        A goal equal to the baseline mean, or on the wrong side of it for ``improvement``.

    Notes
    -----
    PoGO = 100 (M_B - M_A) / (goal - M_A); the direction is carried by the goal, so
    ``improvement`` is only checked against it (a goal on the wrong side of the baseline mean
    raises an error). SE (Dunlap & Silver 1986 ratio approximation, as coded in SingleCaseES):
    100 sqrt[(S_A^2/m + S_B^2/n + (PoGO/100)^2 S_A^2/m) / (goal - M_A)^2].

    References
    ----------
    Ferron, J., Goldstein, H., Olszewski, A., & Rohrer, L. (2020). Indexing effects in
    single-case experimental designs by estimating the percent of goal obtained.
    Evidence-Based Communication Assessment and Intervention, 14(1-2), 6-27.
    doi:10.1080/17489539.2020.1732024

    Dunlap, W. P., & Silver, N. C. (1986). Confidence intervals and standard error for ratios
    of normal variables. Behavior Research Methods, Instruments, & Computers, 18, 469-471.
    doi:10.3758/BF03201412

    Examples
    --------
    >>> from casekit.effects import pogo
    >>> round(pogo([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29], goal=25,
    ...            improvement="increase").est, 4)
    210.2041
    """
    goal = check_float(goal, "goal")
    confidence = check_ci_level(confidence)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    problem = pogo_side_problem(goal, float(c.a.mean()), c.improvement)
    if problem:
        raise ValueError(problem)
    est, sev = (float(v[0]) for v in pogo_core(*c.rows(oriented=False), goal))
    z = z_value(confidence)
    return EffectSizeResult(
        es="PoGO", est=est, se=sev, ci_lower=est - z * sev, ci_upper=est + z * sev,
        n_baseline=c.m, n_treatment=c.n, improvement=c.improvement,
        options={"improvement": c.improvement, "goal": goal, "confidence": confidence},
        method="Percent of goal obtained (Ferron et al. 2020)",
        variant="PoGO in percent, Dunlap-Silver SE",
        reference="Ferron et al. (2020). doi:10.1080/17489539.2020.1732024",
        mirrors=f"{SCES} PoGO(goal = {goal})", notes=c.notes)
