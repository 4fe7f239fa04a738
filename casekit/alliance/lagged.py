"""Does the alliance predict the next session's symptom change (and vice versa)?

Lagged regressions on detrended series of one case (:func:`lagged_precedence`) or of a case
series with within-person centring (:func:`lagged_precedence_multilevel`), with a surrogate null
that keeps the predictor's autocorrelation.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from .._ar1 import ar1_recursion
from .._deprecate import renamed_arguments
from .._input import (
    MISSING_OPTIONS,
    as_series,
    require_columns,
    select_rows,
    session_label,
)
from .._validate import check_float, check_int, check_option, make_rng
from ..exceptions import CaseDataError, NotEnoughPointsError
from ..results import Result

__all__ = ["lagged_precedence", "lagged_precedence_multilevel", "LaggedPrecedenceResult"]

_REFERENCE = ("Granger & Newbold (1974), doi:10.1016/0304-4076(74)90034-7; Theiler et al. "
              "(1992), doi:10.1016/0167-2789(92)90102-S; Kendall (1954), "
              "doi:10.1093/biomet/41.3-4.403")


class LaggedPrecedenceResult(Result):
    """Output of :func:`lagged_precedence` and :func:`lagged_precedence_multilevel`.

    ``.summary`` has one row per direction (and, for the multilevel version, per model); see
    the functions' Returns.

    Attributes
    ----------
    sessions_dropped : list or dict
        Session numbers left out because one of the two measures is missing there: a list
        (one case) or a dict ``case -> list`` (case series). Also listed in the notes.
    pairs_left_out : list or dict
        The consecutive rated sessions ``(session, next_session)`` further apart than
        ``max_gap`` session numbers, left out of the regressions: a list of pairs (one case)
        or a dict ``case -> list of pairs`` (case series).
    """

    sessions_dropped: list[int | float] | dict[Any, list[int | float]]
    pairs_left_out: (list[tuple[int | float, int | float]]
                     | dict[Any, list[tuple[int | float, int | float]]])


# ----------------------------------------------------------------------------------------
# numerical core
# ----------------------------------------------------------------------------------------
def _design(t: np.ndarray, how: str | None, phase: np.ndarray | None) -> np.ndarray:
    """Columns of the trend model removed before the lagged regressions: the mean
    (``how=None``), mean and linear session trend (``"linear"``) or phase means (``"phase"``)."""
    one = np.ones((t.size, 1))
    if how is None:
        return one
    if how == "linear":
        return np.column_stack([one, t.astype(float)])
    assert phase is not None  # how == "phase": the caller reads the phases
    return np.column_stack([(phase == p).astype(float) for p in pd.unique(phase)])


def _residual_maker(X: np.ndarray) -> np.ndarray:
    """M = I - X (X'X)^+ X': ``M @ y`` are the residuals of y on the trend model."""
    M: np.ndarray = np.eye(X.shape[0]) - X @ np.linalg.pinv(X)
    return M


def _detrend(y: np.ndarray, t: np.ndarray, how: str | None,
             phase: np.ndarray | None) -> np.ndarray:
    resid: np.ndarray = _residual_maker(_design(t, how, phase)) @ np.asarray(y, float)
    return resid


def _lag1(x: np.ndarray, step1: np.ndarray) -> np.ndarray:
    """Lag-1 autocorrelation of residual series (rows of ``x``) from the pairs of sessions one
    session apart (``step1``): mean lag-1 product over mean square."""
    x = np.atleast_2d(x)
    m1 = int(step1.sum())
    if m1 < 2:
        return np.zeros(x.shape[0])
    num = np.einsum("ij,ij->i", x[:, :-1][:, step1], x[:, 1:][:, step1]) / m1
    den = np.einsum("ij,ij->i", x, x) / x.shape[1]
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


#: grid of AR(1) coefficients for the indirect-inference bias correction, and simulations
#: per grid point (the mean of 400 estimates has SD below .01 at n = 12)
_PHI_GRID = np.round(np.arange(-0.5, 0.951, 0.05), 2)
_PHI_REPS = 400


def _ar1_on_sessions(phi: float, t: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
    """``b`` stationary unit-innovation AR(1) series on the session grid t_min..t_max, read at
    the rated sessions ``t`` (a missed session is a step of the process, as in the data)."""
    grid = np.arange(int(t.min()), int(t.max()) + 1)
    e = rng.standard_normal((b, grid.size))
    x = ar1_recursion(e[:, 0] / math.sqrt(1.0 - phi * phi), e, phi)
    return x[:, np.searchsorted(grid, t.astype(int))]


def _ar1_fit(x: np.ndarray, t: np.ndarray, M: np.ndarray,
             rng: np.random.Generator) -> tuple[float, float, float]:
    """AR(1) coefficient of the predictor, bias-corrected for the trend model it was
    detrended by, and its raw estimate.

    ``x`` are the residuals ``M @ predictor``. The raw estimate is the lag-1 autocorrelation
    of ``x`` over sessions one apart (:func:`_lag1`). Its bias depends on the regressors
    removed: about -(1 + 3 phi)/n after removing a mean (Kendall 1954; Marriott & Pope 1954)
    and about -(2 + 4 phi)/n after removing a mean and a linear trend (Tanaka 1984; Roy &
    Fuller 2001), plus the effect of missed sessions and of phase means. Rather than one
    formula per case, the correction is computed for the design at hand (indirect inference;
    Gourieroux, Monfort & Renault 1993): AR(1) series with coefficients on ``_PHI_GRID`` are
    simulated on the same sessions, treated by the same ``M`` and estimated the same way, and
    the coefficient whose mean estimate equals the observed one is returned (clipped to the
    grid, -0.5..0.95). The surrogates are then generated from that coefficient and treated by
    ``M`` too, so data and surrogates share one model.
    """
    step1 = np.diff(t) == 1
    raw = float(_lag1(x, step1)[0])
    grid_t = np.arange(int(t.min()), int(t.max()) + 1)
    idx = np.searchsorted(grid_t, t.astype(int))
    e = rng.standard_normal((_PHI_REPS, grid_t.size))  # common random numbers over the grid
    means = np.empty(_PHI_GRID.size)
    for k, ph in enumerate(_PHI_GRID):
        z = ar1_recursion(e[:, 0] / math.sqrt(1.0 - ph * ph), e, ph)[:, idx]
        means[k] = _lag1(z @ M.T, step1).mean()
    # the mean estimate rises with phi; make it monotone against simulation noise
    means = np.maximum.accumulate(means)
    phi = float(np.interp(raw, means, _PHI_GRID))
    sd = float(np.std(x, ddof=1))
    return phi, raw, sd


def _lag_stat(pred: np.ndarray, own: np.ndarray,
              dy: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Slope and t of ``pred`` in dy ~ 1 + pred + own, for one or many ``pred`` rows."""
    n = dy.size
    Z = np.column_stack([np.ones(n), own])
    H = Z @ np.linalg.pinv(Z)
    rdy = dy - H @ dy
    P = np.atleast_2d(pred)
    rp = P - P @ H.T
    sxx = np.einsum("ij,ij->i", rp, rp)
    b = (rp @ rdy) / sxx
    resid = rdy[None, :] - b[:, None] * rp
    df = n - 3
    s2 = np.einsum("ij,ij->i", resid, resid) / df
    se = np.sqrt(s2 / sxx)
    return b, b / se, se


def _lag_pairs(sessions: np.ndarray, max_gap: int | None) -> np.ndarray:
    """Mask of the consecutive-row pairs (t, t+1) whose session numbers differ by at most
    ``max_gap`` (all pairs when ``max_gap`` is None)."""
    gaps = np.diff(sessions)
    if max_gap is None:
        return np.ones(gaps.size, dtype=bool)
    return gaps <= max_gap


def _pairs_out(t: np.ndarray, keep: np.ndarray) -> list[tuple[int | float, int | float]]:
    return [(session_label(a), session_label(b))
            for a, b, k in zip(t[:-1], t[1:], keep, strict=True) if not k]


# ----------------------------------------------------------------------------------------
# input: the sessions rated on both measures
# ----------------------------------------------------------------------------------------
class _Cols(TypedDict):
    """The column names of the ratings table (arguments of the input layer)."""

    value_col: str
    session_col: str
    case_col: str
    measure_col: str


@dataclass(frozen=True)
class _Pair:
    """The two series of one case on the sessions rated on both measures."""

    sessions: np.ndarray
    alliance: np.ndarray
    symptoms: np.ndarray
    dropped: list[int | float]


def _both_measures(df: pd.DataFrame, alliance_measure: str, symptom_measure: str, *,
                   cols: _Cols, missing: str, label: str = "") -> _Pair:
    """The sessions where both measures were rated (the input layer reads each measure).

    A session rated twice on one measure is a ``CaseDataError`` naming the rows (never
    collapsed to its first value); missing values follow ``missing``; the sessions left out
    because one of the two measures is missing there are returned for the notes.
    """
    mcol = cols["measure_col"]
    if mcol in df.columns:  # (without the column, the input layer says so)
        have = sorted(set(df[mcol].dropna().astype(str)))
        for m in (alliance_measure, symptom_measure):
            if str(m) not in have:
                raise ValueError(f"{label}measure={m!r} is not in column {mcol!r}; present: "
                                 f"{', '.join(have)}")
    series, problems = [], []
    for m in (alliance_measure, symptom_measure):
        try:
            series.append(as_series(data=df, measure=m, phase_col=None, missing=missing,
                                    **cols))
        except CaseDataError as exc:
            problems.append(exc.problems)
    if problems:
        table = pd.concat(problems, ignore_index=True)
        raise CaseDataError(table, title=f"{label}lagged precedence needs one value per "
                                         f"session and measure: {len(table)} problem(s)")
    a, s = series
    both, ia, is_ = np.intersect1d(a.sessions, s.sessions, return_indices=True)
    rated = np.union1d(np.union1d(a.sessions, s.sessions),
                       np.r_[np.asarray(a.dropped, float), np.asarray(s.dropped, float)])
    dropped = [session_label(v) for v in np.setdiff1d(rated, both)]
    return _Pair(both, a.values[ia], s.values[is_], dropped)


def _one_case(data: pd.DataFrame, case: Hashable, case_col: str) -> pd.DataFrame:
    df = select_rows(data, case=case, case_col=case_col)
    if case is None and case_col in df.columns and df[case_col].nunique() > 1:
        cases = sorted(map(str, df[case_col].dropna().unique()))
        raise ValueError(f"data hold {len(cases)} cases; pass case= (one of {cases})")
    return df


def _phases(df: pd.DataFrame, pair: _Pair, session_col: str, phase_col: str) -> np.ndarray:
    """One phase label per analysed session (detrend='phase')."""
    if phase_col not in df.columns:
        raise ValueError(f"detrend='phase' needs a phase column ({phase_col!r}; set "
                         "phase_col=)")
    ph = (df.drop_duplicates(session_col).set_index(session_col)[phase_col]
          .reindex(pair.sessions).to_numpy())
    no_phase = pd.isna(ph)
    if no_phase.any():
        # a session without a phase would stay uncentred (NaN matches no phase)
        raise ValueError("detrend='phase' needs a phase for every session; missing at "
                         f"sessions {[session_label(v) for v in pair.sessions[no_phase]]}")
    return ph


# ----------------------------------------------------------------------------------------
# single case
# ----------------------------------------------------------------------------------------
def _surrogate_test(pred: np.ndarray, own: np.ndarray, keep: np.ndarray, t: np.ndarray,
                    M: np.ndarray, n_surrogates: int, rng: np.random.Generator,
                    alpha: float) -> dict[str, float]:
    """Estimate, SE, t, surrogate p and calibrated CI of the lagged predictor (one case).

    ``pred`` and ``own`` are already detrended by ``M``; each surrogate predictor is an AR(1)
    series with the bias-corrected coefficient of ``pred``, read at the rated sessions ``t``
    and detrended by the same ``M`` before it enters the same regression.
    """
    from scipy import stats  # lazy: scipy is needed for the naive p only

    dy = np.diff(own)[keep]
    p_t, o_t = pred[:-1][keep], own[:-1][keep]
    b, tval, se = _lag_stat(p_t, o_t, dy)
    phi, raw, _ = _ar1_fit(pred, t, M, rng)
    sur = (_ar1_on_sessions(phi, t, n_surrogates, rng) @ M.T)[:, :-1][:, keep]
    _, t_star, _ = _lag_stat(sur, o_t, dy)
    p = (1 + int(np.sum(np.abs(t_star) >= abs(tval[0])))) / (1 + n_surrogates)
    q = float(np.quantile(np.abs(t_star), 1.0 - alpha))
    p_ols = float(2 * stats.t.sf(abs(tval[0]), dy.size - 3))
    return {"estimate": float(b[0]), "se": float(se[0]), "t": float(tval[0]),
            "ci_lower": float(b[0] - q * se[0]), "ci_upper": float(b[0] + q * se[0]),
            "p_value": float(p), "p_ols": p_ols, "n": int(dy.size), "phi_predictor": phi,
            "phi_raw": raw}


#: multiplicity rules over the two directions
_ADJUST = ("holm", "bonferroni", "none")


def _adjust(p: np.ndarray, how: str) -> np.ndarray:
    """Adjusted p-values over the directions: Holm (1979) step-down, Bonferroni, or none."""
    p = np.asarray(p, float)
    if how == "none":
        return p.copy()
    m = p.size
    if how == "bonferroni":
        bonferroni: np.ndarray = np.minimum(1.0, m * p)
        return bonferroni
    order = np.argsort(p)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, (m - rank) * p[i])
        adj[i] = min(1.0, running)
    return adj


def _adjust_note(how: str, alpha: float) -> str:
    if how == "none":
        return ("p_adjusted: no multiplicity adjustment (adjust='none'); with two directions "
                f"tested, one of them reaches p < {alpha:g} under the null in up to about "
                f"{2 * alpha:.0%} of series")
    rule = {"holm": "Holm (1979) step-down", "bonferroni": "Bonferroni"}[how]
    return (f"p_adjusted: {rule} adjustment over the two directions (family-wise error "
            f"rate at most alpha); call a direction significant only if p_adjusted <= alpha")


def _with_adjusted(table: pd.DataFrame, adjust: str, alpha: float) -> pd.DataFrame:
    """Insert ``p_adjusted`` and ``significant`` after ``p_value`` (one case: two rows; case
    series: adjusted within each model over its two directions)."""
    table = table.copy()
    adj = np.empty(len(table))
    groups = table.groupby("model").indices if "model" in table else {None: np.arange(len(table))}
    for idx in groups.values():
        adj[idx] = _adjust(table["p_value"].to_numpy()[idx], adjust)
    loc = table.columns.get_loc("p_value")
    assert isinstance(loc, int)  # the column names are unique
    at = loc + 1
    table.insert(at, "p_adjusted", adj)
    table.insert(at + 1, "significant", adj <= alpha)
    return table


def _check_common(n_surrogates: int, detrend: str | None, detrends: tuple[str, ...],
                  confidence: float, max_gap: int | None, missing: str,
                  adjust: str) -> tuple[int, str | None, float, int | None]:
    check_option(adjust, "adjust", _ADJUST)
    n_surrogates = check_int(n_surrogates, "n_surrogates", minimum=99)
    if detrend is not None:
        detrend = check_option(detrend, "detrend", detrends)
    alpha = 1.0 - check_float(confidence, "confidence", minimum=0, maximum=1, inclusive=False)
    if max_gap is not None:
        max_gap = check_int(max_gap, "max_gap", minimum=1)
    check_option(missing, "missing", MISSING_OPTIONS)
    return n_surrogates, detrend, alpha, max_gap


@renamed_arguments(alliance="alliance_measure", symptoms="symptom_measure", value="value_col",
                   session="session_col", phase="phase_col")
def lagged_precedence(data: pd.DataFrame, *, alliance_measure: str = "WAI-SR",
                      symptom_measure: str = "PHQ-9", case: Hashable = None,
                      detrend: str | None = "linear", n_surrogates: int = 999,
                      seed: int | np.random.Generator | None = None, value_col: str = "value",
                      session_col: str = "session", phase_col: str = "phase",
                      case_col: str = "case", measure_col: str = "measure",
                      max_gap: int | None = 1, confidence: float = 0.95,
                      missing: str = "error", adjust: str = "holm") -> LaggedPrecedenceResult:
    r"""Does the alliance predict the next symptom change, and vice versa?

    Two lagged regressions on the detrended series of one case, on consecutive rated
    sessions where both measures exist:

    * alliance -> symptoms: :math:`\Delta S_{t+1} = a + b\,A_t + c\,S_t + e`;
    * symptoms -> alliance: :math:`\Delta A_{t+1} = a + b\,S_t + c\,A_t + e`.

    The p-value of b comes from a surrogate null that keeps the predictor's autocorrelation:
    the predictor is replaced by ``n_surrogates`` AR(1) series independent of the outcome,
    generated and treated by the same model as the data: their coefficient is the predictor's
    lag-1 autocorrelation corrected for the bias of the trend model it was detrended by
    (indirect inference on the same sessions, see Notes), they are read at the rated sessions
    (a missed session is a step of the process) and detrended like the data, and
    :math:`p = (1 + \#\{|t^*| \ge |t|\}) / (1 + B)`. The confidence interval is the Wald
    interval with the surrogate 1 - alpha quantile of :math:`|t^*|` in place of the normal
    quantile (a calibrated interval).

    Both directions are always tested; ``p_adjusted`` applies the multiplicity rule
    ``adjust`` over the two (Holm by default), and a direction is called significant only when
    its ``p_adjusted`` is below alpha (column ``significant``).

    Parameters
    ----------
    data : DataFrame
        Tidy ratings of one case with both measures (totals: item rows are set aside, and with
        a ``scale`` column only total scores are used).
    alliance_measure, symptom_measure : str
        Measure labels (``alliance``, ``symptoms`` were the old names).
    case : str, optional
        The case, when ``data`` holds several.
    detrend : {"linear", "phase", None}
        Remove a linear trend in session (default), phase means (``phase_col``), or only the
        mean. Shared trends make any two series look related; detrending removes that.
    n_surrogates : int
        Number of AR(1) surrogates (default 999).
    seed : int, optional
        Seed of the surrogates (stored in the result).
    value_col, session_col, phase_col, case_col, measure_col : str
        Column names (``value``, ``session``, ``phase`` were the old names).
    max_gap : int or None
        Largest difference in session numbers between a session and the next one for the pair
        to enter the regression (default 1: the lag is one session; a pair spanning a missed
        session is left out, counted in the notes and listed by session in
        ``.pairs_left_out``). ``None`` uses every pair of consecutive rows.
    confidence : float
        Level of the calibrated interval (default 0.95); alpha = 1 - confidence is also the
        level of ``significant``.
    missing : {"error", "drop", "include_imputed"}
        A missing value is an error unless ``"drop"``; then its session is left out like a
        session rated on one measure only.
    adjust : {"holm", "bonferroni", "none"}
        Multiplicity rule over the two directions (default Holm 1979, which keeps the
        family-wise type I error at alpha; ``"none"`` reports the per-direction p-values
        unadjusted, under which one of the two directions is "significant" under the null
        in up to 2 alpha of series).

    Returns
    -------
    LaggedPrecedenceResult
        ``.summary``: ``direction``, ``estimate`` (b), ``se`` (OLS), ``t``, ``ci_lower``,
        ``ci_upper`` (per direction, unadjusted), ``p_value`` (surrogate), ``p_adjusted``
        (``adjust`` over the two directions), ``significant`` (``p_adjusted <= alpha``, the exact level of a Monte Carlo p),
        ``p_ols`` (naive t-test, for comparison only), ``n``, ``phi_predictor`` (the
        bias-corrected coefficient the surrogates use), ``phi_raw`` (the lag-1
        autocorrelation of the detrended predictor). ``sessions_dropped``: the sessions left out because one
        of the two measures is missing there (also listed in the notes); ``pairs_left_out``:
        the ``(session, next_session)`` pairs left out by ``max_gap``.

    Raises
    ------
    CaseDataError
        A session is rated more than once on one measure (rows named; filter to one rater
        or scale first).

    See Also
    --------
    lagged_precedence_multilevel : the same for a case series.
    changepoint_precedence : which series changed first.

    Notes
    -----
    Why surrogates: with 30-50 sessions, both series are autocorrelated, and the ordinary
    t-test of a lagged predictor rejects too often (spurious regression; Granger & Newbold
    1974). An AR(1) surrogate of the predictor has the same serial dependence but no relation
    to the outcome, so the null distribution of t includes the inflation caused by
    autocorrelation.

    One model for data and surrogates: the lag-1 autocorrelation of a detrended series is
    biased towards zero, by about (1 + 3 phi)/n after removing a mean (Kendall 1954) and
    about (2 + 4 phi)/n after removing a mean and a linear trend (Tanaka 1984; Roy & Fuller
    2001), more with missed sessions or phase means. Before issue 17 the predictor was
    detrended but corrected as if only its mean had been removed, and the surrogates were not
    detrended: the surrogates were less autocorrelated than the predictor and the test was
    liberal (7-10 % at alpha = .05 for phi = .6-.8). Now the coefficient is found by indirect
    inference (Gourieroux et al. 1993): AR(1) series on a grid of coefficients are simulated
    on the same sessions, detrended by the same model and estimated the same way, and the
    coefficient whose mean estimate matches the observed one is used; every surrogate is
    detrended by the same model before the regression. The type I error on the calibration
    grid (n = 12-40, phi = 0-.8, Gaussian and t(3), missed sessions, shared trends and
    steps) is in ``docs/calibration.md``. This is a within-case, descriptive test of temporal
    precedence (Granger-type), not of causation; no R package offers it (nothing mirrored).

    References
    ----------
    .. [1] Granger, C. W. J., & Newbold, P. (1974). Spurious regressions in econometrics.
       J Econometrics, 2(2), 111-120. doi:10.1016/0304-4076(74)90034-7
    .. [2] Theiler, J., Eubank, S., Longtin, A., Galdrikian, B., & Farmer, J. D. (1992).
       Testing for nonlinearity in time series: the method of surrogate data. Physica D,
       58, 77-94. doi:10.1016/0167-2789(92)90102-S
    .. [3] Kendall, M. G. (1954). Note on bias in the estimation of autocorrelation.
       Biometrika, 41, 403-404. doi:10.1093/biomet/41.3-4.403
    .. [4] Tanaka, K. (1984). An asymptotic expansion associated with the maximum likelihood
       estimators in ARMA models. JRSS B, 46(1), 58-67.
       doi:10.1111/j.2517-6161.1984.tb01279.x
    .. [5] Roy, A., & Fuller, W. A. (2001). Estimation for autoregressive time series with a
       root near 1. J Business & Economic Statistics, 19(4), 482-493.
       doi:10.1198/07350010152596736
    .. [6] Gourieroux, C., Monfort, A., & Renault, E. (1993). Indirect inference. J Applied
       Econometrics, 8(S1), S85-S118. doi:10.1002/jae.3950080507
    .. [7] Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scand J
       Statistics, 6(2), 65-70.
    """
    n_surrogates, detrend, alpha, max_gap = _check_common(
        n_surrogates, detrend, ("linear", "phase"), confidence, max_gap, missing, adjust)
    rng, seed_used = make_rng(seed)
    cols: _Cols = {"value_col": value_col, "session_col": session_col, "case_col": case_col,
                   "measure_col": measure_col}
    df = _one_case(data, case, case_col)
    pair = _both_measures(df, alliance_measure, symptom_measure, cols=cols, missing=missing)
    ph = _phases(df, pair, session_col, phase_col) if detrend == "phase" else None
    t = pair.sessions
    M = _residual_maker(_design(t, detrend, ph))
    a = M @ np.asarray(pair.alliance, float)
    s = M @ np.asarray(pair.symptoms, float)
    if a.size < 10:
        raise NotEnoughPointsError(f"lagged precedence needs at least 10 sessions with both "
                                   f"measures; got {a.size}")
    keep = _lag_pairs(t, max_gap)
    if keep.sum() < 8:
        raise NotEnoughPointsError(f"lagged precedence needs at least 8 lagged pairs within "
                                   f"max_gap={max_gap}; got {int(keep.sum())}")
    rows = [{"direction": label,
             **_surrogate_test(pred, own, keep, t, M, n_surrogates, rng, alpha)}
            for label, pred, own in ((f"{alliance_measure} -> {symptom_measure}", a, s),
                                     (f"{symptom_measure} -> {alliance_measure}", s, a))]
    table = _with_adjusted(pd.DataFrame(rows), adjust, alpha)
    notes = ["p_value: AR(1) surrogates of the predictor (bias-corrected autocorrelation, "
             f"detrended like the data: detrend={detrend!r}); p_ols: naive t-test, shown for "
             "comparison only", _adjust_note(adjust, alpha)]
    if pair.dropped:
        notes.append("sessions without both measures were left out: "
                     + ", ".join(map(str, pair.dropped)))
    if (~keep).any():
        notes.append(f"{int((~keep).sum())} pair(s) spanning more than {max_gap} session(s) "
                     "left out (max_gap)")
    return LaggedPrecedenceResult(
        table, sessions_dropped=pair.dropped, pairs_left_out=_pairs_out(t, keep),
        method="Lagged precedence with AR(1) surrogate null",
        options={"detrend": detrend, "n_surrogates": n_surrogates, "max_gap": max_gap,
                 "confidence": confidence, "adjust": adjust},
        variant=(f"detrend {detrend} (data and surrogates); lag of one rated session within "
                 f"max_gap={max_gap}; {adjust} over the two directions"),
        reference=_REFERENCE, mirrors=None, seed=seed_used, notes=notes,
        title="Lagged precedence (within case)")


# ----------------------------------------------------------------------------------------
# case series
# ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _CaseSeries:
    case: object
    alliance: np.ndarray
    symptoms: np.ndarray
    keep: np.ndarray
    sessions: np.ndarray
    M: np.ndarray


def _per_case(data: pd.DataFrame, alliance_measure: str, symptom_measure: str, *,
              case_col: str, cols: _Cols, detrend: str | None, max_gap: int | None,
              missing: str) -> tuple[list[_CaseSeries], dict[Any, list[int | float]]]:
    """Detrended series of every case (all problems of all cases raised together)."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    require_columns(data, {"case_col": case_col})
    out, dropped, problems = [], {}, []
    for cid, g in data.groupby(case_col, sort=True):
        try:
            pair = _both_measures(g, alliance_measure, symptom_measure, cols=cols,
                                  missing=missing, label=f"case {cid!r}: ")
        except CaseDataError as exc:
            problems.append(exc.problems)
            continue
        dropped[session_label(cid)] = pair.dropped
        if pair.sessions.size < 8:
            raise NotEnoughPointsError(f"case {cid!r}: {pair.sessions.size} sessions with both "
                                       "measures; at least 8 are needed")
        keep = _lag_pairs(pair.sessions, max_gap)
        if keep.sum() < 5:
            raise NotEnoughPointsError(f"case {cid!r}: {int(keep.sum())} lagged pairs within "
                                       f"max_gap={max_gap}; at least 5 are needed")
        M = _residual_maker(_design(pair.sessions, detrend, None))
        out.append(_CaseSeries(cid, M @ np.asarray(pair.alliance, float),
                               M @ np.asarray(pair.symptoms, float), keep, pair.sessions, M))
    if problems:
        table = pd.concat(problems, ignore_index=True)
        raise CaseDataError(table, title=f"lagged precedence needs one value per session and "
                                         f"measure: {len(table)} problem(s)")
    if len(out) < 2:
        raise ValueError("a multilevel analysis needs at least 2 cases; use lagged_precedence")
    return out, dropped


def _pooled_within(per_case: list[_CaseSeries], first: bool, n_surrogates: int,
                   rng: np.random.Generator, alpha: float
                   ) -> tuple[dict[str, float], pd.DataFrame]:
    """Pooled within-person slope with its surrogate p and interval, and the MixedLM frame."""
    dys, preds, owns, ids, fits = [], [], [], [], []
    for cs in per_case:
        pred, own = (cs.alliance, cs.symptoms) if first else (cs.symptoms, cs.alliance)
        p_k, o_k = pred[:-1][cs.keep], own[:-1][cs.keep]
        dys.append(np.diff(own)[cs.keep])
        preds.append(p_k - p_k.mean())
        owns.append(o_k - o_k.mean())
        ids.append(np.full(p_k.size, str(cs.case), dtype=object))
        fits.append((_ar1_fit(pred, cs.sessions, cs.M, rng)[0], cs))
    # demean the outcome within person too (case intercepts, Frisch-Waugh)
    dy_c = np.concatenate([d - d.mean() for d in dys])
    own_c, pred_c = np.concatenate(owns), np.concatenate(preds)
    b, tval, se = _lag_stat(pred_c, own_c, dy_c)
    sur = []
    for phi, cs in fits:
        z = (_ar1_on_sessions(phi, cs.sessions, n_surrogates, rng) @ cs.M.T)[:, :-1][:, cs.keep]
        sur.append(z - z.mean(axis=1, keepdims=True))
    _, t_star, _ = _lag_stat(np.concatenate(sur, axis=1), own_c, dy_c)
    p = (1 + int(np.sum(np.abs(t_star) >= abs(tval[0])))) / (1 + n_surrogates)
    q = float(np.quantile(np.abs(t_star), 1.0 - alpha))
    row = {"estimate": float(b[0]), "se": float(se[0]), "ci_lower": float(b[0] - q * se[0]),
           "ci_upper": float(b[0] + q * se[0]), "p_value": float(p)}
    frame = pd.DataFrame({"dy": np.concatenate(dys), "pred": pred_c, "own": own_c,
                          "case": np.concatenate(ids)})
    return row, frame


def _mixed(frame: pd.DataFrame, alpha: float) -> dict[str, float]:
    """Random-intercept MixedLM (REML) of the same regression, Wald p and interval."""
    # lazy: statsmodels takes about a second to import; only this model needs it
    import statsmodels.formula.api as smf
    from scipy import stats

    with warnings.catch_warnings():
        # convergence chatter from statsmodels is reported through the note of the caller
        warnings.simplefilter("ignore")
        fit = smf.mixedlm("dy ~ pred + own", frame, groups=frame["case"]).fit(reml=True)
    est, err = float(fit.params["pred"]), float(fit.bse["pred"])
    zq = float(stats.norm.ppf(1 - alpha / 2))
    return {"estimate": est, "se": err, "ci_lower": est - zq * err, "ci_upper": est + zq * err,
            "p_value": float(fit.pvalues["pred"])}


@renamed_arguments(alliance="alliance_measure", symptoms="symptom_measure", case="case_col",
                   value="value_col", session="session_col")
def lagged_precedence_multilevel(data: pd.DataFrame, *, alliance_measure: str = "WAI-SR",
                                 symptom_measure: str = "PHQ-9", case_col: str = "case",
                                 detrend: str | None = "linear", n_surrogates: int = 999,
                                 seed: int | np.random.Generator | None = None,
                                 value_col: str = "value", session_col: str = "session",
                                 measure_col: str = "measure", max_gap: int | None = 1,
                                 confidence: float = 0.95, missing: str = "error",
                                 adjust: str = "holm") -> LaggedPrecedenceResult:
    r"""Lagged precedence for a case series, with within-person centring.

    For each case the series are detrended as in :func:`lagged_precedence` and the predictor
    is centred on the person's mean (so only within-person fluctuations enter). Two estimates
    per direction:

    * ``pooled_within``: the pooled within-person slope of
      :math:`\Delta Y_{i,t+1} = a_i + b\,X^{c}_{i,t} + c\,Y^{c}_{i,t} + e`, with a surrogate
      p-value (each person's predictor replaced by an AR(1) surrogate with that person's
      bias-corrected autocorrelation; ``n_surrogates`` replicates);
    * ``mixed``: a linear mixed model (statsmodels ``MixedLM``, random intercept per case,
      REML) of the same regression; its Wald p-value assumes independent residuals within a
      person and is shown for comparison.

    Parameters
    ----------
    data : DataFrame
        Tidy ratings of several cases with both measures.
    alliance_measure, symptom_measure : str
        Measure labels (``alliance``, ``symptoms`` were the old names).
    case_col : str
        The column identifying the case (``case`` was the old name).
    detrend : {"linear", None}
        As in :func:`lagged_precedence` (phase means are not offered here).
    n_surrogates, seed, value_col, session_col, measure_col, confidence, missing, adjust
        As in :func:`lagged_precedence` (``p_adjusted`` is adjusted over the two directions
        within each model).
    max_gap : int or None
        As in :func:`lagged_precedence`: pairs of sessions further apart than ``max_gap``
        session numbers are left out (default 1) and listed by case in ``.pairs_left_out``.

    Returns
    -------
    LaggedPrecedenceResult
        ``.summary``: ``direction``, ``model``, ``estimate``, ``se``, ``ci_lower``,
        ``ci_upper``, ``p_value``, ``p_adjusted``, ``significant``, ``n_cases``, ``n``. ``sessions_dropped``: a dict case ->
        sessions left out because one of the two measures is missing there (also in the
        notes); ``pairs_left_out``: a dict case -> ``(session, next_session)`` pairs left out
        by ``max_gap``. A session rated twice on one measure raises ``CaseDataError`` (the
        problems of every case at once).

    See Also
    --------
    lagged_precedence : one case.

    Notes
    -----
    The surrogate null is that of :func:`lagged_precedence`, applied to every person's
    predictor with that person's AR(1) fit; the pooled t is computed on the within-person
    centred data (Frisch-Waugh: equivalent to case intercepts).

    References
    ----------
    .. [1] Theiler, J., Eubank, S., Longtin, A., Galdrikian, B., & Farmer, J. D. (1992).
       Testing for nonlinearity in time series: the method of surrogate data. Physica D,
       58, 77-94. doi:10.1016/0167-2789(92)90102-S
    """
    n_surrogates, detrend, alpha, max_gap = _check_common(
        n_surrogates, detrend, ("linear",), confidence, max_gap, missing, adjust)
    rng, seed_used = make_rng(seed)
    cols: _Cols = {"value_col": value_col, "session_col": session_col, "case_col": case_col,
                   "measure_col": measure_col}
    per_case, dropped = _per_case(data, alliance_measure, symptom_measure, case_col=case_col,
                                  cols=cols, detrend=detrend, max_gap=max_gap, missing=missing)
    rows = []
    for label, first in ((f"{alliance_measure} -> {symptom_measure}", True),
                         (f"{symptom_measure} -> {alliance_measure}", False)):
        pooled, frame = _pooled_within(per_case, first, n_surrogates, rng, alpha)
        counts = {"n_cases": len(per_case), "n": len(frame)}
        rows.append({"direction": label, "model": "pooled_within", **pooled, **counts})
        rows.append({"direction": label, "model": "mixed", **_mixed(frame, alpha), **counts})
    table = _with_adjusted(pd.DataFrame(rows), adjust, alpha)
    notes = ["pooled_within: surrogate p (AR(1) surrogates per person, bias-corrected and "
             "detrended like the data); mixed: MixedLM Wald p assuming independent residuals "
             "(comparison only)", _adjust_note(adjust, alpha)]
    notes.extend(f"case {c!r}: sessions without both measures were left out: "
                 + ", ".join(map(str, d)) for c, d in dropped.items() if d)
    notes.extend(f"case {cs.case!r}: {int((~cs.keep).sum())} pair(s) spanning more than "
                 f"{max_gap} session(s) left out (max_gap)"
                 for cs in per_case if (~cs.keep).any())
    return LaggedPrecedenceResult(
        table, sessions_dropped=dropped,
        pairs_left_out={session_label(cs.case): _pairs_out(cs.sessions, cs.keep)
                        for cs in per_case},
        method="Multilevel lagged precedence (within-person centred)",
        options={"detrend": detrend, "n_surrogates": n_surrogates, "max_gap": max_gap,
                 "confidence": confidence, "adjust": adjust},
        variant=f"pooled within-person slope (surrogate p) and MixedLM; detrend {detrend}",
        reference=_REFERENCE, mirrors=None, seed=seed_used, notes=notes,
        title="Lagged precedence (case series)")
