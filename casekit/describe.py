r"""Phase descriptives, trend models and autocorrelation of one session series.

The first look at a single-case series, phase by phase, as scan's ``describe``, ``trend`` and
``autocorr`` give it (Wilbert & Lueke, scan 0.67.1), each as one tidy table:

describe_phases
    n, missing values, mean, median, SD, MAD, minimum, maximum and OLS slope per phase.
phase_trends
    Linear, quadratic, cubic, logarithmic (or your own) trend models per phase and over the
    whole series, with intercept, unstandardised B and standardised Beta.
autocorrelation
    Lag-1 ... lag-k autocorrelation per phase and over the whole series (R's ``acf``).

Phases are grouped by their label, in the order in which they first occur. scan describes each
run of a repeated label separately (``A(1)``, ``A(2)`` in an ABAB design); give the runs
distinct labels (``A1``, ``B1``, ``A2``, ``B2``, as casekit's phase table does) to get one row
per run. A series without phase labels is described as a whole (phase ``"all"``).

References
----------
Wilbert, J., & Lueke, T. (2023). scan: Single-Case Data Analyses for Single and Multiple
Baseline Designs (R package version 0.67.1). https://CRAN.R-project.org/package=scan

Hampel, F. R. (1974). The influence curve and its role in robust estimation. Journal of the
American Statistical Association, 69(346), 383-393. https://doi.org/10.1080/01621459.1974.10482962

Box, G. E. P., Jenkins, G. M., Reinsel, G. C., & Ljung, G. M. (2015). Time series analysis:
Forecasting and control (5th ed.). Wiley. (the sample autocorrelation function, section 2.1.5)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._input import SessionSeries, as_series, session_label
from ._series_doc import series_doc
from ._validate import check_float, check_int
from .results import Result

__all__ = [
    "describe_phases",
    "phase_trends",
    "autocorrelation",
    "DescriptivesResult",
    "TrendResult",
    "AutocorrelationResult",
    "MAD_CONSTANT",
    "TREND_MODELS",
]

#: Consistency constant of the MAD for normal data, 1/qnorm(3/4) rounded as R's ``mad()``
#: default (Hampel 1974, doi:10.1080/01621459.1974.10482962).
MAD_CONSTANT = 1.4826

#: Built-in trend models: the predictor as a function of the re-based session number t.
#: "quadratic" has no linear term and "cubic" no lower terms, as scan's ``trend()``.
TREND_MODELS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda t: t,
    "quadratic": lambda t: t ** 2,
    "cubic": lambda t: t ** 3,
    "log": np.log,
}

_SCAN = "scan 0.67.1 (Wilbert & Lueke)"
_ALL = "all"


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------
class DescriptivesResult(Result):
    """Phase descriptives of one series (:func:`describe_phases`).

    ``.summary`` has one row per phase: ``phase``, ``n``, ``missing``, ``imputed``,
    ``first_session``, ``last_session``, ``mean``, ``median``, ``sd``, ``mad``, ``min``,
    ``max``, ``slope``.

    Attributes
    ----------
    case : str or None
        Case of the series, when known.
    measure : str or None
        Measure of the series, when known.
    phases : list of str
        Phase labels in the order of the rows.
    """

    case: str | None = None
    measure: str | None = None
    phases: list[str] = []


class TrendResult(Result):
    """Trend models per phase and over the whole series (:func:`phase_trends`).

    ``.summary`` has one row per model and phase (``"all"`` first): ``model``, ``phase``,
    ``n``, ``intercept``, ``b``, ``beta``.

    Attributes
    ----------
    case : str or None
        Case of the series, when known.
    measure : str or None
        Measure of the series, when known.
    models : list of str
        Model labels in the order of the rows.
    first_session : float
        The value the first session of each phase (and of the whole series) was shifted to.
    """

    case: str | None = None
    measure: str | None = None
    models: list[str] = []
    first_session: float = 0.0


class AutocorrelationResult(Result):
    """Autocorrelations per phase and over the whole series (:func:`autocorrelation`).

    ``.summary`` has one row per phase and a last row ``"all"``: ``phase``, ``n``, ``lag_1``
    ... ``lag_<max_lag>`` (NaN where a phase has too few values for the lag).

    Attributes
    ----------
    case : str or None
        Case of the series, when known.
    measure : str or None
        Measure of the series, when known.
    max_lag : int
        Largest lag reported.
    """

    case: str | None = None
    measure: str | None = None
    max_lag: int = 3


# ---------------------------------------------------------------------------------------------
# numpy cores
# ---------------------------------------------------------------------------------------------
def _sd(y: np.ndarray) -> float:
    return float(np.std(y, ddof=1)) if y.size > 1 else math.nan


def _mad(y: np.ndarray) -> float:
    """R ``mad(y)``: ``MAD_CONSTANT * median(|y - median(y)|)``."""
    return MAD_CONSTANT * float(np.median(np.abs(y - np.median(y))))


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Intercept and slope of the least-squares line of ``y`` on ``x`` (NaN if undefined)."""
    if x.size < 2:
        return math.nan, math.nan
    xc = x - x.mean()
    sxx = float(xc @ xc)
    if sxx == 0.0:
        return math.nan, math.nan
    b = float(xc @ (y - y.mean())) / sxx
    return float(y.mean() - b * x.mean()), b


def _describe_core(y: np.ndarray, s: np.ndarray) -> dict[str, float]:
    return {"mean": float(y.mean()), "median": float(np.median(y)), "sd": _sd(y),
            "mad": _mad(y), "min": float(y.min()), "max": float(y.max()),
            "slope": _ols(s, y)[1]}


def _beta(b: float, x: np.ndarray, y: np.ndarray) -> float:
    sx, sy = _sd(x), _sd(y)
    if math.isnan(b) or math.isnan(sy):
        return math.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.float64(b) * sx / np.float64(sy))


def _acf_core(y: np.ndarray, max_lag: int) -> np.ndarray:
    """R ``acf(y, lag.max = min(max_lag, n - 1))$acf[-1]``; NaN beyond n - 1.

    r_k = sum_{t=1}^{n-k} (y_t - ybar)(y_{t+k} - ybar) / sum_t (y_t - ybar)^2.
    """
    out = np.full(max_lag, np.nan)
    d = y - y.mean()
    denom = float(d @ d)
    for k in range(1, min(max_lag, y.size - 1) + 1):
        with np.errstate(divide="ignore", invalid="ignore"):
            out[k - 1] = float(np.float64(d[:-k] @ d[k:]) / denom)
    return out


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _groups(series: SessionSeries) -> list[tuple[str, SessionSeries]]:
    """``(label, part)`` per phase label in order of first occurrence (or one ``"all"``)."""
    if series.phases is None:
        return [(_ALL, series)]
    labels = list(dict.fromkeys(series.phases.tolist()))
    return [(str(lab), series.phase(lab)) for lab in labels]


def _input(**kw: Any) -> tuple[SessionSeries, dict[str, Any]]:
    """The series (``as_series``) and the keywords that gave it (to select one phase)."""
    return as_series(**kw), kw


def _count_in(sessions: Sequence[float], part: SessionSeries) -> int:
    return int(np.isin(np.asarray(sessions, dtype=float), part.sessions).sum())


# ---------------------------------------------------------------------------------------------
# describe_phases
# ---------------------------------------------------------------------------------------------
@series_doc
def describe_phases(values: ArrayLike | pd.DataFrame | None = None, *,
                    data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                    phases: ArrayLike | None = None, value_col: str = "value",
                    session_col: str = "session", phase_col: str = "phase", case: Hashable = None,
                    case_col: str = "case", measure: str | None = None,
                    measure_col: str = "measure", scale: str | None = "total",
                    rater: str | None = None, rater_col: str = "rater", missing: str = "error") -> DescriptivesResult:
    r"""Descriptive statistics of each phase: n, missing, mean, median, SD, MAD, range, slope.

    Parameters
    ----------
    %(series_input)s
    missing : {"error", "drop", "include_imputed"}
        Missing values are an error (default) or dropped and counted per phase (``missing``
        column, sessions in the notes); values filled in by :func:`casekit.fill_missing` are
        analysed only with ``"include_imputed"`` (counted in ``imputed``).

    Returns
    -------
    DescriptivesResult
        ``.summary``: one row per phase (order of first occurrence), columns ``phase``;
        ``n`` (values analysed); ``missing`` (values dropped); ``imputed`` (imputed values
        analysed); ``first_session``, ``last_session``; ``mean``; ``median``; ``sd``
        (n - 1 denominator; NaN for one value); ``mad`` (scaled, see Notes); ``min``;
        ``max``; ``slope`` (OLS slope per session; NaN for one value).

    See Also
    --------
    phase_trends : linear, quadratic and other trend models per phase.
    autocorrelation : lag-1 to lag-k autocorrelation per phase.

    Notes
    -----
    With the values :math:`y_1 .. y_n` of a phase and their session numbers :math:`s_i`:
    :math:`\mathrm{SD} = \sqrt{\sum (y_i - \bar y)^2 / (n - 1)}`,
    :math:`\mathrm{MAD} = 1.4826 \cdot \operatorname{median}_i |y_i -
    \operatorname{median}(y)|` (R's ``mad()`` with its default constant, which makes it
    consistent with the SD for normal data; Hampel 1974) and
    :math:`\text{slope} = \sum (s_i - \bar s)(y_i - \bar y) / \sum (s_i - \bar s)^2`
    (the session numbers as given: a missed session counts as time).

    Mirrors ``scan::describe(scdf)$descriptives`` (scan 0.67.1), columns ``n, mis, m, md, sd,
    mad, min, max, trend``. Known difference: scan's ``n`` counts the rows of a phase
    including missing values; casekit's ``n`` counts the values analysed (scan's n = ``n`` +
    ``missing``). scan's ``trend`` regresses on ``mt - mt[1] + 1``, which has the same slope.

    References
    ----------
    Hampel, F. R. (1974). The influence curve and its role in robust estimation. Journal of
    the American Statistical Association, 69(346), 383-393.
    https://doi.org/10.1080/01621459.1974.10482962

    Wilbert, J., & Lueke, T. (2023). scan: Single-Case Data Analyses for Single and Multiple
    Baseline Designs (R package version 0.67.1). https://CRAN.R-project.org/package=scan

    Examples
    --------
    >>> import casekit as ck
    >>> res = ck.describe_phases([19, 24, 17, 17, 15, 11, 11, 12, 13, 11],
    ...                          phases=["A"] * 5 + ["B"] * 5)
    >>> res.summary[["phase", "n", "mean", "median", "sd", "mad", "slope"]].round(3)
      phase  n  mean  median     sd    mad  slope
    0     A  5  18.4    17.0  3.435  2.965   -1.5
    1     B  5  11.6    11.0  0.894  0.000    0.2
    """
    series, kw = _input(values=values, data=data, sessions=sessions, phases=phases,
                        value_col=value_col, session_col=session_col, phase_col=phase_col,
                        case=case, case_col=case_col, measure=measure,
                        measure_col=measure_col, scale=scale, rater=rater,
                        rater_col=rater_col, missing=missing)
    rows = []
    for label, part in _groups(series):
        dropped = series.dropped
        if series.phases is not None and series.dropped:
            # the phase of a dropped value is only known from its own row: select the phase
            assert part.phases is not None  # a part of a series with phases has them
            dropped = as_series(**kw, phase_values=[part.phases[0]]).dropped
        rows.append({"phase": label, "n": part.n, "missing": len(dropped),
                     "imputed": _count_in(series.imputed, part),
                     "first_session": session_label(part.sessions[0]),
                     "last_session": session_label(part.sessions[-1]),
                     **_describe_core(part.values, part.sessions)})
    table = pd.DataFrame(rows)
    return DescriptivesResult(
        table, method="phase descriptives", variant="per phase",
        mirrors="scan::describe(scdf)$descriptives (scan 0.67.1)",
        reference=_SCAN, notes=series.notes, options={"missing": missing},
        title=f"Phase descriptives: {series.name}", case=series.case,
        measure=series.measure, phases=table["phase"].tolist())


# ---------------------------------------------------------------------------------------------
# phase_trends
# ---------------------------------------------------------------------------------------------
def _check_models(models: Any) -> dict[str, Callable[[np.ndarray], ArrayLike]]:
    if isinstance(models, str) or callable(models):
        models = [models]
    if isinstance(models, Mapping):
        items = list(models.items())
    elif isinstance(models, Sequence) and len(models):
        items = [(m if isinstance(m, str) else getattr(m, "__name__", "model"), m)
                 for m in models]
    else:
        raise TypeError("models must be a model name, a list of names, or a mapping "
                        f"{{label: name or function}}; got {models!r}")
    out: dict[str, Callable[[np.ndarray], ArrayLike]] = {}
    for label, m in items:
        if isinstance(m, str):
            if m not in TREND_MODELS:
                raise ValueError(f"models: unknown model {m!r}; built-in models: "
                                 f"{', '.join(map(repr, TREND_MODELS))}, or pass a function "
                                 "of the session number")
            m = TREND_MODELS[m]
        elif not callable(m):
            raise TypeError(f"models[{label!r}] must be a model name or a function of the "
                            f"session number; got {m!r}")
        if str(label) in out:
            raise ValueError(f"models: the label {label!r} is given twice")
        out[str(label)] = m
    return out


def _predictor(f: Callable[[np.ndarray], ArrayLike], t: np.ndarray, label: str,
               first_session: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.asarray(f(t), dtype=float)
    if x.shape != t.shape:
        raise ValueError(f"models[{label!r}] must return one value per session; got shape "
                         f"{x.shape} for {t.size} sessions")
    if not np.isfinite(x).all():
        hint = (" (the log model needs first_session > 0: scan's ?trend example uses "
                "first_mt = 1)" if first_session <= 0 else "")
        raise ValueError(f"models[{label!r}] gives non-finite values at re-based sessions "
                         f"{t[~np.isfinite(x)].tolist()} with first_session={first_session:g}"
                         + hint)
    return x


@series_doc
def phase_trends(values: ArrayLike | pd.DataFrame | None = None, *,
                 data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                 phases: ArrayLike | None = None, value_col: str = "value",
                 session_col: str = "session", phase_col: str = "phase", case: Hashable = None,
                 case_col: str = "case", measure: str | None = None, measure_col: str = "measure",
                 scale: str | None = "total", rater: str | None = None, rater_col: str = "rater",
                 models: Any = ("linear", "quadratic"), first_session: float = 0.0,
                 missing: str = "error") -> TrendResult:
    r"""Trend models per phase and over the whole series: intercept, B and Beta.

    Parameters
    ----------
    %(series_input)s
    models : str, sequence or mapping
        Trend models: names of built-in models (``"linear"``: t, ``"quadratic"``: t²,
        ``"cubic"``: t³, ``"log"``: log t; see :data:`TREND_MODELS`) or a mapping
        ``{label: name or function}`` whose functions take the re-based session numbers t
        (an array) and return the predictor, e.g. ``{"square root": np.sqrt}``. Default
        ``("linear", "quadratic")``, scan's two default models.
    first_session : float
        The value the first session of each phase (and of the whole series) is shifted to
        before fitting (scan's ``first_mt``, default 0). Use 1 with ``"log"``.
    missing : {"error", "drop", "include_imputed"}
        As in :func:`describe_phases`.

    Returns
    -------
    TrendResult
        ``.summary``: one row per model and phase, the whole series first (``phase =
        "all"``), then each phase; columns ``model``, ``phase``, ``n``, ``intercept``, ``b``
        (change in value per unit of the predictor), ``beta`` (standardised B).

    See Also
    --------
    describe_phases : the OLS slope per phase among other descriptives.
    casekit.its.piecewise_regression : level and slope changes in one model.

    Notes
    -----
    For each model f and each group of sessions :math:`s_i` (a phase, or all), the sessions
    are re-based to :math:`t_i = s_i - \min_j s_j + \text{first\_session}` and
    :math:`y_i = a + B\,f(t_i) + e_i` is fitted by least squares;
    :math:`\text{Beta} = B \cdot \mathrm{SD}(f(t)) / \mathrm{SD}(y)`. The quadratic and cubic
    models have no lower-order terms, as in scan. B of the linear model does not depend on
    ``first_session``; the intercept is the fitted value at ``t = 0``.

    Mirrors ``scan::trend(scdf, first_mt = first_session, model = ...)$trend`` (scan
    0.67.1; rows ``Linear.ALL``, ``Linear.A`` ..., columns ``Intercept, B, Beta``). Known
    difference: in an R formula ``values ~ mt^3`` means ``values ~ mt`` (the model in
    ``?trend`` labelled "Cubic" is the linear model); casekit's ``"cubic"`` is t³, scan's
    ``values ~ I(mt^3)``.

    References
    ----------
    Wilbert, J., & Lueke, T. (2023). scan: Single-Case Data Analyses for Single and Multiple
    Baseline Designs (R package version 0.67.1). https://CRAN.R-project.org/package=scan

    Examples
    --------
    >>> import casekit as ck
    >>> res = ck.phase_trends([19, 24, 17, 17, 15, 11, 11, 12, 13, 11],
    ...                       phases=["A"] * 5 + ["B"] * 5, models=["linear"])
    >>> res.summary.round(3)
        model phase   n  intercept      b   beta
    0  linear   all  10     20.345 -1.188 -0.837
    1  linear     A   5     21.400 -1.500 -0.690
    2  linear     B   5     11.200  0.200  0.354
    """
    fs = check_float(first_session, "first_session", finite=True)
    funcs = _check_models(models)
    series, _ = _input(values=values, data=data, sessions=sessions, phases=phases,
                       value_col=value_col, session_col=session_col, phase_col=phase_col,
                       case=case, case_col=case_col, measure=measure, measure_col=measure_col,
                       scale=scale, rater=rater, rater_col=rater_col, missing=missing)
    groups = [(_ALL, series)] + (_groups(series) if series.phases is not None else [])
    rows = []
    for label, f in funcs.items():
        for phase, part in groups:
            t = part.sessions - part.sessions.min() + fs
            x = _predictor(f, t, label, fs)
            a, b = _ols(x, part.values)
            rows.append({"model": label, "phase": phase, "n": part.n, "intercept": a, "b": b,
                         "beta": _beta(b, x, part.values)})
    return TrendResult(
        pd.DataFrame(rows), method="trend models per phase", variant=", ".join(funcs),
        mirrors=f"scan::trend(scdf, first_mt = {fs:g})$trend (scan 0.67.1)",
        reference=_SCAN, notes=series.notes,
        options={"first_session": fs, "missing": missing},
        title=f"Trend models: {series.name}", case=series.case, measure=series.measure,
        models=list(funcs), first_session=fs)


# ---------------------------------------------------------------------------------------------
# autocorrelation
# ---------------------------------------------------------------------------------------------
@series_doc
def autocorrelation(values: ArrayLike | pd.DataFrame | None = None, *,
                    data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                    phases: ArrayLike | None = None, value_col: str = "value",
                    session_col: str = "session", phase_col: str = "phase", case: Hashable = None,
                    case_col: str = "case", measure: str | None = None,
                    measure_col: str = "measure", scale: str | None = "total",
                    rater: str | None = None, rater_col: str = "rater", max_lag: int = 3,
                    missing: str = "error") -> AutocorrelationResult:
    r"""Autocorrelation at lags 1 ... ``max_lag`` per phase and over the whole series.

    Parameters
    ----------
    %(series_input)s
    max_lag : int
        Largest lag (default 3, scan's ``lag_max``).
    missing : {"error", "drop", "include_imputed"}
        As in :func:`describe_phases`. Dropped values close the gap (the next value counts
        as the next lag), as R's ``acf`` does with a shortened vector; a note says so.

    Returns
    -------
    AutocorrelationResult
        ``.summary``: one row per phase and a last row ``"all"`` (the whole series); columns
        ``phase``, ``n``, ``lag_1`` ... ``lag_<max_lag>``; a lag of n or more is NaN, as is
        every lag of a constant phase (0/0).

    See Also
    --------
    describe_phases : phase descriptives.

    Notes
    -----
    The sample autocorrelation of :math:`y_1 .. y_n` at lag k is

    .. math::

        r_k = \frac{\sum_{t=1}^{n-k} (y_t - \bar y)(y_{t+k} - \bar y)}
                   {\sum_{t=1}^{n} (y_t - \bar y)^2},

    with the mean of the phase (or of the whole series for ``"all"``) and the n-denominator
    of both sums, so that :math:`|r_k| \le 1` (Box et al. 2015). It is biased towards 0 in
    short series (a phase of 5-10 sessions gives a rough estimate only); the lags follow the
    observations, not the calendar.

    Mirrors ``scan::autocorr(scdf, lag_max = max_lag)$autocorr`` (scan 0.67.1), which calls
    ``acf(y, lag.max = min(lag_max, n - 1))``.

    References
    ----------
    Box, G. E. P., Jenkins, G. M., Reinsel, G. C., & Ljung, G. M. (2015). Time series
    analysis: Forecasting and control (5th ed.). Wiley.

    Huitema, B. E., & McKean, J. W. (1991). Autocorrelation estimation and inference with
    small samples. Psychological Bulletin, 110(2), 291-304.
    https://doi.org/10.1037/0033-2909.110.2.291

    Examples
    --------
    >>> import casekit as ck
    >>> res = ck.autocorrelation([19, 24, 17, 17, 15, 11, 11, 12, 13, 11],
    ...                          phases=["A"] * 5 + ["B"] * 5, max_lag=2)
    >>> res.summary.round(3)
      phase   n  lag_1  lag_2
    0     A   5  0.047 -0.083
    1     B   5 -0.050 -0.412
    2   all  10  0.602  0.301
    """
    k = check_int(max_lag, "max_lag", minimum=1)
    series, _ = _input(values=values, data=data, sessions=sessions, phases=phases,
                       value_col=value_col, session_col=session_col, phase_col=phase_col,
                       case=case, case_col=case_col, measure=measure, measure_col=measure_col,
                       scale=scale, rater=rater, rater_col=rater_col, missing=missing)
    groups = (_groups(series) if series.phases is not None else []) + [(_ALL, series)]
    rows = []
    for phase, part in groups:
        r = _acf_core(part.values, k)
        rows.append({"phase": phase, "n": part.n,
                     **{f"lag_{i + 1}": float(r[i]) for i in range(k)}})
    notes = list(series.notes)
    if series.has_gaps or series.dropped:
        notes.append("sessions were missed or dropped: lags count observations, not sessions")
    return AutocorrelationResult(
        pd.DataFrame(rows), method="autocorrelation per phase", variant=f"lags 1-{k}",
        mirrors=f"scan::autocorr(scdf, lag_max = {k})$autocorr (scan 0.67.1; stats::acf)",
        reference=_SCAN + "; Box et al. (2015)", notes=notes,
        options={"max_lag": k, "missing": missing},
        title=f"Autocorrelation: {series.name}", case=series.case, measure=series.measure,
        max_lag=k)
