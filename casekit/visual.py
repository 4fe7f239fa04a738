r"""Structured visual analysis: the dual-criterion and conservative dual-criterion methods.

Fisher, Kelley & Lomas (2003) made visual inspection of AB data checkable: the baseline mean
line and the baseline trend line are extended into the treatment phase, and a treatment effect
is called when more treatment points fall beyond *both* lines (in the direction of
improvement) than chance would put there. The conservative version (CDC) first shifts both
lines by 0.25 baseline standard deviations in the direction of improvement, which keeps the
type I error near its nominal level in autocorrelated series.

dual_criterion
    DC (``conservative=0``) and CDC (``conservative=0.25``, default) with an OLS, bi-split or
    tri-split baseline trend line; the figure is :func:`casekit.plot.dual_criterion_plot`.

References
----------
Fisher, W. W., Kelley, M. E., & Lomas, J. E. (2003). Visual aids and structured criteria for
improving visual inspection and interpretation of single-case designs. Journal of Applied
Behavior Analysis, 36(3), 387-406. https://doi.org/10.1901/jaba.2003.36-387
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._input import SessionSeries, as_series, resolve_improvement, session_label, two_phases
from ._series_doc import series_doc
from ._validate import check_float, check_option, check_probability
from .exceptions import NotEnoughPointsError
from .results import Result

__all__ = ["dual_criterion", "DualCriterionResult", "CDC_SHIFT", "TREND_METHODS",
           "binomial_tail"]

#: Shift of both criterion lines in baseline SDs for the conservative dual criterion
#: (Fisher, Kelley & Lomas 2003, doi:10.1901/jaba.2003.36-387).
CDC_SHIFT = 0.25

#: Baseline trend lines: least squares, Koenig's bi-split (split-middle) and Tukey's tri-split
#: (resistant line), as scan::cdc(trend_method = ...) computes them.
TREND_METHODS = ("ols", "bisplit", "trisplit")

#: scan refuses the bi-split and tri-split lines with fewer points than this in either phase.
SPLIT_MIN_POINTS = 5

_REFERENCE = ("Fisher, W. W., Kelley, M. E., & Lomas, J. E. (2003). J Appl Behav Anal, 36(3), "
              "387-406. https://doi.org/10.1901/jaba.2003.36-387")


class DualCriterionResult(Result):
    """The (conservative) dual-criterion analysis of one AB comparison.

    ``.summary`` is one row: ``beyond``, ``n_treatment``, ``p_value``, ``required``,
    ``systematic_change``, ``conservative``, ``shift``, ``baseline_mean``, ``baseline_sd``,
    ``mean_line``, ``trend_intercept``, ``trend_slope``.

    Attributes
    ----------
    beyond : int
        Treatment points beyond both criterion lines in the direction of improvement.
    n_treatment : int
        Treatment points compared.
    p_value : float
        One-sided binomial probability of ``beyond`` or more points out of ``n_treatment``
        when each falls beyond both lines with probability 1/2.
    required : int or None
        Fewest points beyond both lines for ``p_value < alpha`` (None: unreachable with
        ``n_treatment`` points).
    systematic_change : bool
        ``p_value < alpha``.
    decision : str
        ``"systematic change"`` or ``"no change"`` (scan's wording).
    alpha : float
        Level of the binomial test.
    improvement : str
        ``"increase"`` or ``"decrease"``.
    conservative : float
        Shift of both lines in baseline SDs (0.25: CDC; 0: DC).
    trend_method : str
        ``"ols"``, ``"bisplit"`` or ``"trisplit"``.
    baseline_mean : float
        Mean of the baseline values.
    baseline_sd : float
        SD (n - 1) of the baseline values.
    shift : float
        ``conservative * baseline_sd``, signed in the direction of improvement.
    mean_line : float
        The (shifted) baseline mean line.
    trend_intercept : float
        Intercept of the baseline trend line before the shift, on the session numbers as
        given (value = intercept + slope * session).
    trend_slope : float
        Slope of the baseline trend line (change per session).
    split_points : list of tuple
        For ``"bisplit"``/``"trisplit"``: the two (median session, median value) points the
        trend line goes through; empty for ``"ols"``.
    sessions_beyond : list
        Session numbers of the treatment points beyond both lines.
    points : pandas.DataFrame
        Every baseline and treatment point: ``session``, ``phase``, ``value``, ``role``
        (``"baseline"``/``"treatment"``), ``mean_line``, ``trend_line`` (both shifted; the
        trend line evaluated at the session) and ``beyond`` (always False for baseline
        points).
    baseline_phase : str
        Label of the baseline phase.
    treatment_phase : str
        Label of the treatment phase.
    case : str or None
        Case of the series, when known.
    measure : str or None
        Measure of the series, when known (figure label).
    """

    beyond: int
    n_treatment: int
    p_value: float
    required: int | None
    systematic_change: bool
    decision: str
    alpha: float
    improvement: str
    conservative: float
    trend_method: str
    baseline_mean: float
    baseline_sd: float
    shift: float
    mean_line: float
    trend_intercept: float
    trend_slope: float
    split_points: list[tuple[float, float]]
    sessions_beyond: list[int | float]
    points: pd.DataFrame
    baseline_phase: str
    treatment_phase: str
    case: str | None = None
    measure: str | None = None


# ---------------------------------------------------------------------------------------------
# numpy cores
# ---------------------------------------------------------------------------------------------
def binomial_tail(k: int, n: int) -> float:
    r"""P(X >= k) for X ~ Binomial(n, 1/2): the p-value of the dual criterion.

    Parameters
    ----------
    k : int
        Points beyond both criterion lines.
    n : int
        Treatment points.

    Returns
    -------
    float
        :math:`\sum_{j=k}^{n} \binom{n}{j} / 2^n` (1 for k <= 0), summed exactly in integers
        and divided once, so it is correctly rounded.

    See Also
    --------
    dual_criterion : uses it for ``p_value`` and ``required``.

    Notes
    -----
    Mirrors ``binom.test(k, n, p = 0.5, alternative = "greater")$p.value`` in R, which
    scan::cdc reports as ``cdc_p`` (Fisher, Kelley & Lomas 2003,
    doi:10.1901/jaba.2003.36-387).

    Examples
    --------
    >>> binomial_tail(12, 15)
    0.017578125
    """
    if k <= 0:
        return 1.0
    # exact integer sum, one correctly rounded division
    return float(sum(math.comb(n, j) for j in range(k, n + 1)) / 2 ** n)


def _required(n: int, alpha: float) -> int | None:
    for k in range(n + 1):
        if binomial_tail(k, n) < alpha:
            return k
    return None


def _ols_line(s: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    sc = s - s.mean()
    slope = float(sc @ (y - y.mean())) / float(sc @ sc)
    return float(y.mean() - slope * s.mean()), slope


def _split_line(s: np.ndarray, y: np.ndarray, parts: int) -> Any:
    """Line through the (median session, median value) of the first and last split part.

    scan::cdc: bi-split parts 1..floor(n/2) and ceiling(n/2 + 1)..n (an odd n drops the
    middle point); tri-split parts 1..floor(n/3) and ceiling(2n/3 + 1)..n.
    """
    n = s.size
    first = np.arange(n // parts)
    last = np.arange(-(-(parts - 1) * n // parts), n)   # 0-based start of the last part
    p1 = (float(np.median(s[first])), float(np.median(y[first])))
    p2 = (float(np.median(s[last])), float(np.median(y[last])))
    slope = (p2[1] - p1[1]) / (p2[0] - p1[0])
    return (p1[1] - slope * p1[0], slope), [p1, p2]


def _dc_core(sa: np.ndarray, ya: np.ndarray, sb: np.ndarray, yb: np.ndarray, sign: float,
             conservative: float, trend_method: str) -> dict[str, Any]:
    """Criterion lines and the points beyond both (``sign`` +1 increase, -1 decrease)."""
    if trend_method == "ols":
        (a, b), splits = _ols_line(sa, ya), []
    else:
        (a, b), splits = _split_line(sa, ya, 2 if trend_method == "bisplit" else 3)
    mean, sd = float(ya.mean()), float(np.std(ya, ddof=1))
    shift = sign * conservative * sd
    mean_line = mean + shift
    trend_b = a + b * sb + shift
    if sign > 0:
        beyond = (yb > trend_b) & (yb > mean_line)
    else:
        beyond = (yb < trend_b) & (yb < mean_line)
    return {"trend_intercept": a, "trend_slope": b, "split_points": splits,
            "baseline_mean": mean, "baseline_sd": sd, "shift": shift, "mean_line": mean_line,
            "trend_b": trend_b, "beyond_b": beyond}


# ---------------------------------------------------------------------------------------------
# dual_criterion
# ---------------------------------------------------------------------------------------------
def _check_lengths(a: SessionSeries, b: SessionSeries, trend_method: str) -> None:
    if a.n < 2:
        raise NotEnoughPointsError(f"the baseline phase of {a.name} has {a.n} value; the "
                                   "dual criterion needs at least 2 (a mean, an SD and a "
                                   "trend line)")
    if trend_method != "ols" and min(a.n, b.n) < SPLIT_MIN_POINTS:
        raise NotEnoughPointsError(
            f"trend_method={trend_method!r} needs at least {SPLIT_MIN_POINTS} points in "
            f"each phase (baseline {a.n}, treatment {b.n}), as scan::cdc requires; use "
            "trend_method='ols'")


def _points(a: SessionSeries, b: SessionSeries, core: dict[str, Any]) -> pd.DataFrame:
    s = np.r_[a.sessions, b.sessions]
    trend = core["trend_intercept"] + core["trend_slope"] * s + core["shift"]
    return pd.DataFrame({
        "session": [session_label(x) for x in s],
        "phase": pd.Series(np.r_[a.phases, b.phases], dtype=object),
        "value": np.r_[a.values, b.values],
        "role": pd.Series(["baseline"] * a.n + ["treatment"] * b.n, dtype=object),
        "mean_line": np.full(s.size, core["mean_line"]),
        "trend_line": np.r_[trend[:a.n], core["trend_b"]],
        "beyond": np.r_[np.zeros(a.n, dtype=bool), core["beyond_b"]]})


@series_doc
def dual_criterion(values: ArrayLike | pd.DataFrame | None = None, *,
                   data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                   phases: ArrayLike | None = None, value_col: str = "value",
                   session_col: str = "session", phase_col: str = "phase",
                   case: Hashable = None, case_col: str = "case", measure: str | None = None,
                   measure_col: str = "measure", scale: str | None = "total",
                   rater: str | None = None, rater_col: str = "rater",
                   baseline_phase: Hashable = "A", treatment_phase: Hashable = "B",
                   improvement: Any = None, conservative: float = CDC_SHIFT,
                   trend_method: str = "ols", alpha: float = 0.05,
                   missing: str = "error") -> DualCriterionResult:
    r"""Dual-criterion (DC) and conservative dual-criterion (CDC) analysis of an AB series.

    Parameters
    ----------
    %(series_input)s
    baseline_phase, treatment_phase : str
        Labels of the phases compared (defaults ``"A"`` and ``"B"``); other phases are left
        out.
    improvement : {"increase", "decrease"}, instrument name or Instrument
        Direction of improvement; with a table whose measure the instrument registry knows it
        may be left out.
    conservative : float
        Shift of both lines in baseline SDs towards improvement: 0.25 (default) is the CDC of
        Fisher et al. (2003), 0 the plain DC. Between 0 and 1, as scan allows.
    trend_method : {"ols", "bisplit", "trisplit"}
        Baseline trend line: least squares on the session numbers (default, Fisher et al.
        2003), Koenig's bi-split (split-middle) or Tukey's tri-split line. The split lines
        need at least 5 points in each phase (refused otherwise, as scan refuses them).
    alpha : float
        Level of the one-sided binomial test (default 0.05).
    missing : {"error", "drop", "include_imputed"}
        Missing values are an error (default) or dropped (sessions in the notes); imputed
        values are analysed only with ``"include_imputed"``.

    Returns
    -------
    DualCriterionResult
        ``.summary``: one row ``beyond`` (treatment points beyond both lines),
        ``n_treatment``, ``p_value``, ``required`` (points needed for p < alpha),
        ``systematic_change``, ``conservative``, ``shift``, ``baseline_mean``, ``baseline_sd``,
        ``mean_line``, ``trend_intercept``, ``trend_slope``. ``.sessions_beyond`` lists the
        sessions beyond both lines; ``.points`` the lines at every session (for the figure).

    Raises
    ------
    NotEnoughPointsError
        Fewer than 2 baseline points, or fewer than 5 points in a phase with ``"bisplit"``
        or ``"trisplit"``.

    See Also
    --------
    casekit.plot.dual_criterion_plot : the two criterion lines over the treatment phase.
    casekit.effects.pnd, casekit.effects.nap : non-overlap indices of the same comparison.

    Notes
    -----
    With baseline values :math:`a_i` at sessions :math:`s_i` (mean :math:`\bar a`, SD
    :math:`\mathrm{SD}_A`, n - 1) and the direction :math:`d = +1` (increase) or :math:`-1`
    (decrease), the criterion lines are

    .. math::

        M = \bar a + d\,C\,\mathrm{SD}_A, \qquad
        T(s) = \alpha + \beta s + d\,C\,\mathrm{SD}_A,

    with :math:`(\alpha, \beta)` the baseline trend line on the session numbers as given
    (least squares; or the line through the (median session, median value) points of the
    first and last half/third of the baseline) and C = ``conservative``. A treatment point
    :math:`b_j` is beyond both lines when :math:`d\,(b_j - M) > 0` and
    :math:`d\,(b_j - T(s_j)) > 0`. With k such points out of n,

    .. math::

        p = P(X \ge k), \quad X \sim \mathrm{Binomial}(n, 1/2),

    and "systematic change" is called when p < alpha; ``required`` is the smallest k with
    p < alpha, which reproduces the criterion table of Fisher et al. (2003).

    Mirrors ``scan::cdc(scdf, decreasing = (improvement == "decrease"), trend_method = M,
    conservative = C)`` (scan 0.67.1; ``cdc``, ``cdc_be``, ``cdc_b``, ``cdc_p``), including
    its refusal of the split lines with fewer than 5 points per phase. scan's trend line is
    fitted on its ``mt`` variable, the session numbers, as here. Beyond scan: ``required``,
    the lines and the sessions beyond them. scan's ``cdc_all`` (several cases) is not
    computed here.

    References
    ----------
    Fisher, W. W., Kelley, M. E., & Lomas, J. E. (2003). Visual aids and structured criteria
    for improving visual inspection and interpretation of single-case designs. Journal of
    Applied Behavior Analysis, 36(3), 387-406. https://doi.org/10.1901/jaba.2003.36-387

    Swoboda, C. M., Kratochwill, T. R., & Levin, J. R. (2010). Conservative dual-criterion
    method for single-case research: A guide for visual analysis of AB, ABAB, and
    multiple-baseline designs (WCER Working Paper No. 2010-13). Wisconsin Center for
    Education Research.

    Examples
    --------
    >>> import casekit as ck
    >>> a = [19, 24, 17, 17, 15, 22, 21, 21, 16, 18]
    >>> b = [11, 11, 12, 13, 11, 13, 10, 10, 14, 12, 7, 11, 12, 12, 8]
    >>> res = ck.dual_criterion(a + b, phases=["A"] * 10 + ["B"] * 15,
    ...                         improvement="decrease")
    >>> res.beyond, res.n_treatment, res.required, res.decision
    (15, 15, 12, 'systematic change')
    >>> round(res.p_value, 6)
    3.1e-05
    """
    conservative = check_float(conservative, "conservative", minimum=0.0, maximum=1.0)
    trend_method = check_option(trend_method, "trend_method", TREND_METHODS,
                                case_sensitive=False)
    alpha = check_probability(alpha, "alpha")
    series = as_series(values, data=data, sessions=sessions, phases=phases,
                       value_col=value_col, session_col=session_col, phase_col=phase_col,
                       case=case, case_col=case_col, measure=measure, measure_col=measure_col,
                       scale=scale, rater=rater, rater_col=rater_col, missing=missing,
                       need_phases=True)
    direction = resolve_improvement(improvement, measure=series.measure)
    a, b = two_phases(series, baseline_phase, treatment_phase, min_size=1)
    _check_lengths(a, b, trend_method)
    core = _dc_core(a.sessions, a.values, b.sessions, b.values, direction.sign, conservative,
                    trend_method)
    k, n = int(core["beyond_b"].sum()), b.n
    p = binomial_tail(k, n)
    required = _required(n, alpha)
    change = p < alpha
    fields = {k_: core[k_] for k_ in ("trend_intercept", "trend_slope", "baseline_mean",
                                      "baseline_sd", "shift", "mean_line")}
    summary = pd.DataFrame([{"beyond": k, "n_treatment": n, "p_value": p,
                             "required": np.nan if required is None else required,
                             "systematic_change": change, "conservative": conservative,
                             **fields}])
    label = "CDC" if conservative > 0 else "DC"
    notes = list(series.notes)
    if direction.source != "stated":
        notes.append(f"direction of improvement ({direction.improvement}) from "
                     f"{direction.source}")
    return DualCriterionResult(
        summary, method=f"{'conservative ' if conservative > 0 else ''}dual criterion",
        variant=f"{label}, {trend_method} trend line, shift {conservative:g} SD",
        mirrors=(f"scan::cdc(scdf, decreasing = {direction.improvement == 'decrease'}, "
                 f"trend_method = '{ {'ols': 'OLS'}.get(trend_method, trend_method)}', "
                 f"conservative = {conservative:g}) (scan 0.67.1)"),
        reference=_REFERENCE, notes=notes,
        options={"improvement": direction.improvement, "conservative": conservative,
                 "trend_method": trend_method, "alpha": alpha, "missing": missing},
        title=f"{label} ({trend_method} trend): {series.name}", beyond=k, n_treatment=n,
        p_value=p, required=required, systematic_change=bool(change),
        decision="systematic change" if change else "no change", alpha=alpha,
        improvement=direction.improvement, conservative=conservative,
        trend_method=trend_method, split_points=core["split_points"],
        sessions_beyond=b.sessions_at(np.flatnonzero(core["beyond_b"]) + 1),
        points=_points(a, b, core), baseline_phase=str(baseline_phase),
        treatment_phase=str(treatment_phase), case=series.case, measure=series.measure,
        **fields)
