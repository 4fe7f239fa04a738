r"""Outlying sessions in a single-case series: SD, MAD, confidence-interval and Cook criteria.

An outlying session (a crisis week, a misread item, a typing error) can decide an effect size
or a change point. casekit *reports* outliers and never removes them: :func:`flag_outliers` returns
the flagged sessions and the bounds that flagged them; leaving them out is the analyst's
explicit, reported step (``data[~data["session"].isin(res.sessions)]``).

flag_outliers
    Per-phase bounds from the mean and SD, the median and MAD, or the confidence interval of
    the phase mean, or Cook's distance in the piecewise regression of the whole series, with
    the definitions of scan's ``outlier()``.

References
----------
Iglewicz, B., & Hoaglin, D. C. (1993). How to detect and handle outliers. ASQC Quality
Press.

Leys, C., Ley, C., Klein, O., Bernard, P., & Licata, L. (2013). Detecting outliers: Do not use
standard deviation around the mean, use absolute deviation around the median. Journal of
Experimental Social Psychology, 49(4), 764-766. https://doi.org/10.1016/j.jesp.2013.03.013

Cook, R. D. (1977). Detection of influential observation in linear regression. Technometrics,
19(1), 15-18. https://doi.org/10.1080/00401706.1977.10489493
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable
from statistics import NormalDist

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._input import SessionSeries, as_series
from ._series_doc import series_doc
from ._validate import check_float, check_option, check_probability
from .results import Result

__all__ = ["flag_outliers", "OutlierResult", "OUTLIER_METHODS", "DEFAULT_CRITERIA", "MAD_CONSTANT"]

OUTLIER_METHODS = ("mad", "sd", "ci", "cook")

#: Default criterion per method:
#: "mad" 3.5 scaled MADs (Iglewicz & Hoaglin 1993: |modified z| > 3.5; scan's default);
#: "sd" 2 SDs and "ci" the 99% interval (the examples of scan's ?outlier);
#: "cook" 4/n (Bollen & Jackman 1990, in Fox & Long (Eds.), Modern methods of data analysis,
#: pp. 257-291, Sage; scan's ?outlier).
DEFAULT_CRITERIA: dict[str, float | str] = {"mad": 3.5, "sd": 2.0, "ci": 0.99, "cook": "4/n"}

#: R's ``mad()`` constant (Hampel 1974, doi:10.1080/01621459.1974.10482962).
MAD_CONSTANT = 1.4826

_SCAN_NAME = {"mad": "MAD", "sd": "SD", "ci": "CI", "cook": "Cook"}


class OutlierResult(Result):
    """Sessions flagged as outliers, and the bounds or distances that flagged them.

    ``.summary`` lists the flagged sessions only (empty when there is none): ``session``,
    ``phase``, ``value`` and, for ``"sd"``/``"mad"``/``"ci"``, ``lower``, ``upper`` (the
    bounds of the point's phase), for ``"cook"``, ``cooks_distance`` and ``cutoff``.

    Attributes
    ----------
    rule : str
        ``"mad"``, ``"sd"``, ``"ci"`` or ``"cook"``.
    criterion : float or str
        As given or defaulted: multiplier (``"sd"``, ``"mad"``), confidence level
        (``"ci"``) or Cook cut-off (a number or ``"4/n"``).
    cutoff : float
        Cook's-distance cut-off used (``"4/n"`` evaluated); NaN for the other methods.
    sessions : list
        Session numbers of the flagged points (in session order).
    points : pandas.DataFrame
        Every point: ``session``, ``phase``, ``value``, the method's columns (``lower``,
        ``upper`` or ``cooks_distance``) and ``outlier`` (bool).
    bounds : pandas.DataFrame
        Per phase (``"sd"``, ``"mad"``, ``"ci"``): ``phase``, ``n``, the centre (``mean``
        or ``median``), the spread (``sd``, ``mad`` (scaled) or ``se``), ``lower``,
        ``upper``, ``n_outliers``; empty for ``"cook"``.
    case : str or None
        Case of the series, when known.
    measure : str or None
        Measure of the series, when known.
    """

    rule: str
    criterion: float | str
    cutoff: float = math.nan
    sessions: list[int | float] = []
    points: pd.DataFrame
    bounds: pd.DataFrame
    case: str | None = None
    measure: str | None = None


# ---------------------------------------------------------------------------------------------
# numpy cores
# ---------------------------------------------------------------------------------------------
def _phase_bounds(y: np.ndarray, rule: str, c: float) -> tuple[float, float, float, float]:
    """(centre, spread, lower, upper) of one phase, as scan::outlier computes them."""
    sd = float(np.std(y, ddof=1)) if y.size > 1 else math.nan
    if rule == "sd":
        centre, spread, half = float(y.mean()), sd, c * sd
    elif rule == "mad":
        centre = float(np.median(y))
        spread = MAD_CONSTANT * float(np.median(np.abs(y - centre)))
        half = c * spread
    else:  # ci: the confidence interval of the phase mean
        centre, spread = float(y.mean()), sd / math.sqrt(y.size)
        half = NormalDist().inv_cdf((1.0 + c) / 2.0) * spread
    return centre, spread, centre - half, centre + half


def _plm_design(s: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Intercept, session, and a level dummy and slope term for every phase after the first.

    The column space of scan's ``plm`` full model (model "W"; "H-M" and "B&L-B" span the same
    space), on which the hat matrix and so Cook's distance depend.
    """
    cols = [np.ones(s.size), s - s[0]]
    for j in range(1, int(codes.max()) + 1):
        d = (codes == j).astype(float)
        cols += [d, (s - s[codes == j][0]) * d]
    return np.column_stack(cols)


def _cooks_distance(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """D_i = e_i^2 h_ii / (p s^2 (1 - h_ii)^2), p = rank of x, s^2 = RSS / (n - p)."""
    u, sv, _ = np.linalg.svd(x, full_matrices=False)
    p = int(np.sum(sv > sv[0] * max(x.shape) * np.finfo(float).eps))
    q = u[:, :p]
    h = np.einsum("ij,ij->i", q, q)
    e = y - q @ (q.T @ y)
    s2 = float(e @ e) / (y.size - p)
    with np.errstate(divide="ignore", invalid="ignore"):
        cooks: np.ndarray = e ** 2 * h / (p * s2 * (1.0 - h) ** 2)
    return cooks


# ---------------------------------------------------------------------------------------------
# outliers
# ---------------------------------------------------------------------------------------------
def _check_criterion(rule: str, criterion: float | str | None,
                     n: int) -> tuple[float | str, float]:
    """The criterion as given (or defaulted) and its numeric value."""
    c = DEFAULT_CRITERIA[rule] if criterion is None else criterion
    if rule == "cook":
        if isinstance(c, str):
            check_option(c, "criterion", ("4/n",))
            return c, 4.0 / n
        return c, check_float(c, "criterion", minimum=0.0, inclusive=False, finite=True)
    if isinstance(c, str) or not isinstance(c, numbers.Real):
        raise TypeError(f"criterion must be a number for method={rule!r}; got {c!r}")
    if rule == "ci":
        return c, check_probability(c, "criterion (the confidence level of method='ci')")
    return c, check_float(c, "criterion", minimum=0.0, inclusive=False, finite=True)


def _flag_by_phase(series: SessionSeries, rule: str,
                   c: float) -> tuple[dict[str, np.ndarray], np.ndarray, pd.DataFrame]:
    assert series.phases is not None  # as_series(need_phases=True)
    labels = list(dict.fromkeys(series.phases.tolist()))
    lower, upper = np.empty(series.n), np.empty(series.n)
    rows = []
    for lab in labels:
        mask = series.phases == lab
        centre, spread, lo, hi = _phase_bounds(series.values[mask], rule, c)
        lower[mask], upper[mask] = lo, hi
        y = series.values[mask]
        rows.append({"phase": str(lab), "n": int(mask.sum()),
                     {"sd": "mean", "mad": "median", "ci": "mean"}[rule]: centre,
                     {"sd": "sd", "mad": "mad", "ci": "se"}[rule]: spread,
                     "lower": lo, "upper": hi, "n_outliers": int(((y < lo) | (y > hi)).sum())})
    flag = (series.values < lower) | (series.values > upper)
    return {"lower": lower, "upper": upper}, flag, pd.DataFrame(rows)


def _flag_by_cook(series: SessionSeries,
                  cutoff: float) -> tuple[dict[str, np.ndarray], np.ndarray, pd.DataFrame]:
    codes = pd.factorize(pd.Series(series.phases, dtype=object))[0]
    d = _cooks_distance(series.values, _plm_design(series.sessions, codes))
    with np.errstate(invalid="ignore"):
        flag = d >= cutoff
    return {"cooks_distance": d, "cutoff": np.full(series.n, cutoff)}, flag, pd.DataFrame(
        columns=["phase", "n"])


def _spread_notes(bounds: pd.DataFrame, rule: str) -> list[str]:
    """Say where a phase has no spread (every value off its centre is flagged, or none)."""
    spread = {"sd": "sd", "mad": "mad", "ci": "se"}.get(rule)
    if spread is None or not len(bounds):
        return []
    out = []
    for _, row in bounds.iterrows():
        if row[spread] == 0:
            out.append(f"phase {row['phase']}: {spread} = 0, so every value that differs from "
                       "the phase's centre is flagged")
        elif np.isnan(row[spread]):
            out.append(f"phase {row['phase']}: one value, no {spread}: nothing in it can be "
                       "flagged")
    return out


@series_doc
def flag_outliers(values: ArrayLike | pd.DataFrame | None = None, *,
                  data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                  phases: ArrayLike | None = None, value_col: str = "value",
                  session_col: str = "session", phase_col: str = "phase", case: Hashable = None,
                  case_col: str = "case", measure: str | None = None,
                  measure_col: str = "measure", scale: str | None = "total",
                  rater: str | None = None, rater_col: str = "rater", method: str = "mad",
                  criterion: float | str | None = None,
                  missing: str = "error") -> OutlierResult:
    r"""Flag outlying sessions by phase bounds (SD, MAD, CI) or by Cook's distance.

    Parameters
    ----------
    %(series_input)s
    method : {"mad", "sd", "ci", "cook"}
        ``"mad"`` (default): outside median ± criterion x MAD of its phase; ``"sd"``: outside
        mean ± criterion x SD; ``"ci"``: outside the ``criterion`` confidence interval of the
        phase *mean* (see Notes); ``"cook"``: Cook's distance in the piecewise regression of
        the whole series at least ``criterion``.
    criterion : float or "4/n", optional
        Defaults (:data:`DEFAULT_CRITERIA`): 3.5 (``"mad"``), 2 (``"sd"``), 0.99
        (``"ci"``, a confidence level), ``"4/n"`` (``"cook"``, n = number of sessions).
    missing : {"error", "drop", "include_imputed"}
        Missing values are an error (default) or dropped (sessions in the notes); imputed
        values are screened only with ``"include_imputed"``.

    Returns
    -------
    OutlierResult
        ``.summary``: the flagged sessions (``session``, ``phase``, ``value`` and ``lower``/
        ``upper`` or ``cooks_distance``/``cutoff``). ``.sessions``: their session numbers.
        ``.points``: every session with its bounds or distance and ``outlier``.
        ``.bounds``: per phase ``n``, centre, spread, ``lower``, ``upper``, ``n_outliers``.

    See Also
    --------
    describe_phases : mean, SD, median and MAD per phase.
    casekit.its.piecewise_regression : the regression model behind ``"cook"``.

    Notes
    -----
    For the values :math:`y` of one phase, a point is flagged when it lies strictly outside
    :math:`[L, U]`:

    * ``"sd"``: :math:`\bar y \mp c\,\mathrm{SD}(y)` (n - 1 SD);
    * ``"mad"``: :math:`\operatorname{median}(y) \mp c \cdot 1.4826\,
      \operatorname{median}|y - \operatorname{median}(y)|` (the modified z-score rule of
      Iglewicz & Hoaglin 1993, recommended over the SD rule by Leys et al. 2013);
    * ``"ci"``: :math:`\bar y \mp z_{(1+c)/2}\,\mathrm{SD}(y)/\sqrt{n}`. This is the
      confidence interval of the phase *mean*, not a band for single values: it narrows with
      n, so many ordinary points fall outside. It is offered because scan offers it.

    ``"cook"``: with the design X of the piecewise regression on all sessions (intercept,
    session, and a level and slope term for each phase after the first; scan's ``plm`` full
    model), hat values :math:`h_i`, residuals :math:`e_i`, p = rank(X) and
    :math:`s^2 = \sum e_i^2 / (n - p)`, Cook's (1977) distance is
    :math:`D_i = e_i^2 h_i / (p\,s^2 (1 - h_i)^2)`; flagged when :math:`D_i \ge` the
    cut-off (4/n by default).

    Mirrors ``scan::outlier(scdf, criteria = c(M, c))`` (scan 0.67.1, M = "MAD", "SD",
    "CI", "Cook"): the same bounds and flags (``dropped.mt``). Known differences: scan
    prints ``mad(x, constant = 1)`` in its MAD table but uses the scaled MAD for the bounds;
    casekit reports the scaled MAD it uses. scan drops the flagged points from its returned
    data; casekit drops nothing. scan's default criterion (3.5) applies to every method;
    casekit's defaults are per method (:data:`DEFAULT_CRITERIA`). A phase with one value has
    no SD: nothing in it is flagged by ``"sd"`` or ``"ci"``.

    References
    ----------
    Bollen, K. A., & Jackman, R. W. (1990). Regression diagnostics: An expository treatment
    of outliers and influential cases. In J. Fox & J. S. Long (Eds.), Modern methods of data
    analysis (pp. 257-291). Sage.

    Cook, R. D. (1977). Detection of influential observation in linear regression.
    Technometrics, 19(1), 15-18. https://doi.org/10.1080/00401706.1977.10489493

    Iglewicz, B., & Hoaglin, D. C. (1993). How to detect and handle outliers. ASQC Quality
    Press.

    Leys, C., Ley, C., Klein, O., Bernard, P., & Licata, L. (2013). Detecting outliers: Do
    not use standard deviation around the mean, use absolute deviation around the median.
    Journal of Experimental Social Psychology, 49(4), 764-766.
    https://doi.org/10.1016/j.jesp.2013.03.013

    Examples
    --------
    >>> import casekit as ck
    >>> res = ck.flag_outliers([19, 24, 17, 17, 15, 11, 10, 12, 25, 13],
    ...                        phases=["A"] * 5 + ["B"] * 5)
    >>> res.sessions
    [9]
    >>> res.summary
       session phase  value   lower    upper
    0        9     B   25.0  6.8109  17.1891
    """
    rule = check_option(method, "method", OUTLIER_METHODS, case_sensitive=False)
    series = as_series(values, data=data, sessions=sessions, phases=phases,
                       value_col=value_col, session_col=session_col, phase_col=phase_col,
                       case=case, case_col=case_col, measure=measure, measure_col=measure_col,
                       scale=scale, rater=rater, rater_col=rater_col, missing=missing,
                       need_phases=True)
    given, c = _check_criterion(rule, criterion, series.n)
    if rule == "cook":
        cols, flag, bounds = _flag_by_cook(series, c)
    else:
        cols, flag, bounds = _flag_by_phase(series, rule, c)
    points = pd.DataFrame({"session": series.session_list(),
                           "phase": pd.Series(series.phases, dtype=object).astype(str),
                           "value": series.values, **cols, "outlier": flag})
    flagged = [s for s, f in zip(series.session_list(), flag, strict=True) if f]
    return OutlierResult(
        points[points["outlier"]].drop(columns="outlier"),
        method="outlier screening", variant=f"{rule}, criterion {given}",
        mirrors=f"scan::outlier(scdf, criteria = c('{_SCAN_NAME[rule]}', '{given}')) "
                "(scan 0.67.1)",
        reference="Iglewicz & Hoaglin (1993); Leys et al. (2013), "
                  "https://doi.org/10.1016/j.jesp.2013.03.013; Cook (1977), "
                  "https://doi.org/10.1080/00401706.1977.10489493",
        notes=series.notes + _spread_notes(bounds, rule) + [
            "outliers are reported, not removed: leave them out explicitly if you decide to"],
        options={"method": rule, "criterion": given, "missing": missing},
        title=f"Outliers ({rule}, {given}): {series.name}", rule=rule, criterion=given,
        cutoff=c if rule == "cook" else math.nan, sessions=flagged, points=points,
        bounds=bounds, case=series.case, measure=series.measure)
