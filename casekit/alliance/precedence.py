"""Did the alliance change before the symptoms did? Two change-point posteriors combined."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._input import SessionSeries, as_series, session_label
from .._validate import check_float
from ..results import Result

if TYPE_CHECKING:  # imported lazily at run time: casekit.changepoint loads scipy
    from ..changepoint.bayes import BayesChangepointResult

__all__ = ["changepoint_precedence", "PrecedenceResult"]


class PrecedenceResult(Result):
    """Output of :func:`changepoint_precedence`.

    ``.summary`` has one row per series: ``series`` (``alliance`` / ``symptoms``),
    ``measure``, ``mode_session`` (session number of the most probable last observation
    before the change), ``ci_lower``, ``ci_upper`` (session numbers bounding the credible set)
    and ``prob_change``.

    Attributes
    ----------
    prob_precedes : float
        P(alliance change session < symptom change session | both changed).
    prob_same : float
        P(both change after the same session | both changed).
    prob_follows : float
        P(alliance change after the symptom change | both changed).
    prob_precedes_unconditional : float
        ``prob_precedes`` times the posterior probability of a change in each series.
    posterior : pandas.DataFrame
        The two location posteriors on the session axis: ``series``, ``k`` (1-based
        position), ``session`` (session number of the last observation before the change),
        ``probability``.
    alliance : BayesChangepointResult
        The :func:`casekit.bayes_changepoint` result of the alliance series.
    symptoms : BayesChangepointResult
        The :func:`casekit.bayes_changepoint` result of the symptom series.
    """

    prob_precedes: float
    prob_same: float
    prob_follows: float
    prob_precedes_unconditional: float
    posterior: pd.DataFrame
    alliance: BayesChangepointResult
    symptoms: BayesChangepointResult


def _one_series(given: Any, data: pd.DataFrame | None, sessions: ArrayLike | None, *, role: str,
                measure: str, case: Hashable, cols: dict[str, Any], missing: str) -> SessionSeries:
    """One series for ``role`` (alliance or symptoms) from an array, a table, or ``data``."""
    if isinstance(given, pd.DataFrame):
        if data is not None:
            raise TypeError(f"pass the {role} series once: as {role}= or in data=, not both")
        if sessions is not None:
            raise TypeError(f"{role}_sessions goes with an array; a table names its session "
                            "column (session_col=)")
        # a one-series table needs no measure label; a table of several measures is cut to one
        label = measure if cols["measure_col"] in given.columns else None
        return as_series(data=given, measure=label, case=case, phase_col=None, missing=missing,
                         **cols)
    if given is not None:
        if data is not None:
            raise TypeError(f"pass the {role} series once: as {role}= or in data=, not both")
        return as_series(given, sessions=sessions, missing=missing, name=role, measure=measure)
    if data is None:
        raise TypeError(f"pass {role}= (an array or a one-series table) or data= (a tidy table "
                        "holding both measures)")
    return as_series(data=data, measure=measure, case=case, phase_col=None, missing=missing,
                     **cols)


def _combine(pa: pd.DataFrame, ps: pd.DataFrame) -> tuple[float, float, float]:
    """P(before), P(same), P(after) of two independent location posteriors (by session)."""
    a_s = pa["session"].to_numpy(dtype=float)
    s_s = ps["session"].to_numpy(dtype=float)
    joint = np.outer(pa["probability"].to_numpy(), ps["probability"].to_numpy())
    before = float(joint[a_s[:, None] < s_s[None, :]].sum())
    same = float(joint[a_s[:, None] == s_s[None, :]].sum())
    return before, same, float(max(0.0, 1.0 - before - same))


def _posterior_table(ra: Any, rs: Any) -> pd.DataFrame:
    parts: list[pd.DataFrame] = []
    for label, r in (("alliance", ra), ("symptoms", rs)):
        p = r.posterior[["k", "session", "probability"]].copy()
        p.insert(0, "series", label)
        parts.append(p)
    return pd.concat(parts, ignore_index=True)


@renamed_arguments(value="value_col", session="session_col", credible="confidence")
def changepoint_precedence(alliance: ArrayLike | pd.DataFrame | None = None,
                           symptoms: ArrayLike | pd.DataFrame | None = None, *,
                           data: pd.DataFrame | None = None,
                           alliance_measure: str = "WAI-SR", symptom_measure: str = "PHQ-9",
                           alliance_sessions: ArrayLike | None = None,
                           symptom_sessions: ArrayLike | None = None, case: Hashable = None,
                           value_col: str = "value", session_col: str = "session",
                           case_col: str = "case", measure_col: str = "measure",
                           min_size: int = 2, confidence: float = 0.95,
                           errors: str = "ar1", missing: str = "error") -> PrecedenceResult:
    r"""Probability that the alliance changed before the symptoms did.

    Each series gets the exact posterior of a single change point
    (:func:`casekit.changepoint.bayes_changepoint`); the two posteriors are combined on the
    common session axis.

    Parameters
    ----------
    alliance, symptoms : array-like or DataFrame, optional
        The two series: arrays (with ``alliance_sessions`` / ``symptom_sessions``, default
        1..n) or one-series tidy tables (a table holding several measures is cut to
        ``alliance_measure`` / ``symptom_measure``). A table given alone is ``data``. Or
        leave them out and pass
    data : DataFrame, optional
        A tidy table holding both measures (``alliance_measure``, ``symptom_measure``).
    alliance_measure, symptom_measure : str
        Measure labels of the two series in a table (default ``"WAI-SR"``, ``"PHQ-9"``).
    alliance_sessions, symptom_sessions : array-like, optional
        Session numbers of array input.
    case : str, optional
        The case, when a table holds several.
    value_col, session_col, case_col, measure_col : str
        Column names of the tables (``value``, ``session`` were the old names).
    min_size : int
        Minimum segment size, passed to :func:`~casekit.changepoint.bayes_changepoint`.
    confidence : float
        Level of the credible sets (``credible`` was the old name), passed on likewise.
    errors : {"ar1", "independent"}
        Error model of each posterior, passed on likewise: AR(1) errors with φ integrated
        out (default) or independent errors (over-confident under autocorrelation; see
        ``docs/calibration_bayes.md``).
    missing : {"error", "drop", "include_imputed"}
        Missing values are an error unless ``"drop"`` (left out, stated in the notes).

    Returns
    -------
    PrecedenceResult
        ``.summary``: one row per series (``series``, ``measure``, ``mode_session``,
        ``ci_lower``, ``ci_upper``, ``prob_change``; locations are session numbers) and the
        fields ``prob_precedes`` (P(alliance change session < symptom change session | both
        changed)), ``prob_same`` (same session), ``prob_follows``,
        ``prob_precedes_unconditional`` (times P(change) of each series) and ``posterior``
        (both location posteriors on the session axis).

    See Also
    --------
    lagged_precedence : session-to-session (Granger-type) precedence.
    casekit.bayes_changepoint : the posterior of each series.

    Notes
    -----
    With :math:`p_A(a)` and :math:`p_S(s)` the posteriors of the session of the last
    observation before each change (conditional on one change),
    :math:`P(A \prec S) = \sum_a \sum_s p_A(a)\,p_S(s)\,[a < s]`. The product treats the two
    posteriors as independent, which ignores any dependence between the series' noise; the
    unconditional probability multiplies by each series' posterior probability of a change
    (so that "no change" in either series counts against precedence). Change points are
    located by session number, not by row, so the two series may have different schedules
    (e.g. alliance not rated at intake). No R package offers this combination (nothing is
    mirrored); each posterior is that of :func:`~casekit.changepoint.bayes_changepoint`.

    References
    ----------
    .. [1] Smith, A. F. M. (1975). A Bayesian approach to inference about a change-point in a
       sequence of random variables. Biometrika, 62(2), 407-416. doi:10.1093/biomet/62.2.407

    Examples
    --------
    >>> import numpy as np
    >>> import casekit as ck
    >>> rng = np.random.default_rng(1)
    >>> wai = np.r_[np.full(12, 30.0), np.full(20, 45.0)] + rng.normal(0, 1, 32)
    >>> phq = np.r_[np.full(18, 18.0), np.full(14, 8.0)] + rng.normal(0, 1, 32)
    >>> res = ck.changepoint_precedence(wai, phq)
    >>> res.summary["mode_session"].tolist(), round(res.prob_precedes, 3)
    ([12, 18], 1.0)
    """
    # lazy: changepoint loads scipy; importing casekit.alliance stays light for the other
    # analyses (rupture_repair)
    from ..changepoint import bayes_changepoint

    confidence = check_float(confidence, "confidence", minimum=0.0, maximum=1.0,
                             inclusive=False)
    if isinstance(alliance, pd.DataFrame) and symptoms is None and data is None:
        data, alliance = alliance, None  # a table alone is the tidy table of both measures
    cols = {"value_col": value_col, "session_col": session_col, "case_col": case_col,
            "measure_col": measure_col}
    sa = _one_series(alliance, data, alliance_sessions, role="alliance",
                     measure=alliance_measure, case=case, cols=cols, missing=missing)
    ss = _one_series(symptoms, data, symptom_sessions, role="symptoms",
                     measure=symptom_measure, case=case, cols=cols, missing=missing)
    ra = bayes_changepoint(sa.values, sessions=sa.sessions, min_size=min_size,
                           confidence=confidence, errors=errors)
    rs = bayes_changepoint(ss.values, sessions=ss.sessions, min_size=min_size,
                           confidence=confidence, errors=errors)
    before, same, after = _combine(ra.posterior, rs.posterior)
    uncond = before * float(ra.prob_change) * float(rs.prob_change)
    rows = []
    for label, meas, r in (("alliance", alliance_measure, ra), ("symptoms", symptom_measure, rs)):
        lo, hi = r.credible_interval_sessions
        rows.append({"series": label, "measure": meas,
                     "mode_session": session_label(r.mode_session), "ci_lower": session_label(lo),
                     "ci_upper": session_label(hi), "prob_change": float(r.prob_change)})
    notes = [f"P(alliance change before symptom change | both changed) = {before:.3f}; "
             f"same session = {same:.3f}; after = {after:.3f}",
             f"unconditional (x P(change) of each series) = {uncond:.3f}",
             "the two posteriors are combined as independent"]
    notes += [f"{role}: {n}" for role, ser in (("alliance", sa), ("symptoms", ss))
              for n in ser.notes if not n.startswith("no session numbers")]
    return PrecedenceResult(
        pd.DataFrame(rows), prob_precedes=before, prob_same=same, prob_follows=after,
        prob_precedes_unconditional=uncond, posterior=_posterior_table(ra, rs), alliance=ra,
        symptoms=rs, method="Change-point precedence (Bayesian single change point)",
        # the key "credible" is kept so that stored notebook outputs stay byte-identical
        options={"min_size": min_size, "credible": confidence, "errors": errors},
        variant="two exact single-change posteriors combined as independent",
        reference="Smith (1975), doi:10.1093/biomet/62.2.407", mirrors=None, notes=notes,
        title="Which changed first?")
