r"""Missing sessions: filling gaps by linear interpolation, flagged and never mixed silently.

Some single-case analyses (overlap indices on equally spaced series, randomization tests on a
regular schedule) are sometimes run on a series whose missed sessions were filled in.
casekit fills them only on request, marks every filled value in an ``imputed`` column, and
every analysis refuses imputed values unless it is called with ``missing="include_imputed"``
(``missing="drop"`` leaves them out again), so an interpolated value is never taken for an
observed one.

fill_missing
    Linear interpolation between the observed neighbours of each missed session (scan's
    ``fill_missing``), within a phase by default.

References
----------
Wilbert, J., & Lueke, T. (2023). scan: Single-Case Data Analyses for Single and Multiple
Baseline Designs (R package version 0.67.1). https://CRAN.R-project.org/package=scan

Little, R. J. A., & Rubin, D. B. (2019). Statistical analysis with missing data (3rd ed.).
Wiley. https://doi.org/10.1002/9781119482260
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._input import IMPUTED_COL, SessionSeries, as_series, is_integral, session_label
from ._series_doc import series_doc
from ._validate import check_option
from .results import Result

__all__ = ["fill_missing", "FilledSeries", "BOUNDARY_OPTIONS"]

#: What happens to a gap whose observed neighbours lie in different phases.
BOUNDARY_OPTIONS = ("leave", "previous")

#: Columns copied from the neighbouring observed row into an added row (what the series is).
_IDENTITY = ("case_col", "measure_col", "rater_col")


class FilledSeries(Result):
    """A series with its missed sessions filled in by linear interpolation.

    ``.summary`` has one row per missed session considered: ``session``, ``phase``,
    ``value`` (NaN when left missing), ``filled``, ``previous_session`` and ``next_session``
    (the observed neighbours used), ``note``.

    Attributes
    ----------
    data : pandas.DataFrame
        The series as a tidy table, in session order: the rows of the input (all their
        columns; for array input ``session``, ``phase``, ``value``) with the filled values,
        plus one added row per filled absent session, and the column ``imputed`` (True for
        every filled value). Pass it to an analysis with ``missing="include_imputed"``.
    filled_sessions : list
        Sessions whose value was filled in.
    unfilled_sessions : list
        Missed sessions left missing (at a phase change with ``boundary="leave"``, or
        without an observed value on one side).
    boundary : str
        ``"leave"`` or ``"previous"``.
    case : str or None
        Case of the series, when known.
    measure : str or None
        Measure of the series, when known.
    """

    data: pd.DataFrame
    filled_sessions: list[int | float]
    unfilled_sessions: list[int | float]
    boundary: str
    case: str | None = None
    measure: str | None = None


# ---------------------------------------------------------------------------------------------
# numpy core
# ---------------------------------------------------------------------------------------------
def _interpolate_core(s_obs: np.ndarray, v_obs: np.ndarray,
                      s_new: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Observed neighbours (indices; -1 / n when none) and interpolated values of ``s_new``.

    v = v_j + (v_{j+1} - v_j) / (s_{j+1} - s_j) * (s - s_j), in scan's order of operations.
    """
    nxt = np.searchsorted(s_obs, s_new, side="right")
    prv = nxt - 1
    ok = (prv >= 0) & (nxt < s_obs.size)
    value = np.full(s_new.size, np.nan)
    p, q = prv[ok], nxt[ok]
    step = (v_obs[q] - v_obs[p]) / (s_obs[q] - s_obs[p])
    value[ok] = v_obs[p] + step * (s_new[ok] - s_obs[p])
    return prv, nxt, value


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _all_rows(kw: dict[str, Any]) -> tuple[SessionSeries, np.ndarray]:
    """Every row of the series, observed or not, and which ones are missing (or imputed).

    The value column is replaced by a 0/1 marker so that the one input layer selects the
    series' rows (with their sessions and phase labels) whatever their values.
    """
    data, values = kw["data"], kw["values"]
    if isinstance(values, pd.DataFrame):
        data, values = values, None
    if data is not None:
        vc = kw["value_col"]
        # positions as row labels: the rows are taken back from `data` with .iloc, so that
        # duplicated labels (e.g. concatenated tables) cannot pull in other rows
        marker = data.drop(columns=[IMPUTED_COL], errors="ignore").reset_index(drop=True)
        gone = pd.to_numeric(data[vc], errors="coerce").isna().to_numpy()
        if IMPUTED_COL in data.columns:
            gone = gone | data[IMPUTED_COL].fillna(False).astype(bool).to_numpy()
        marker[vc] = gone.astype(float)
        rows = as_series(**{**kw, "values": None, "data": marker, "missing": "error"})
    else:
        y = np.asarray(values, dtype=float)
        rows = as_series(**{**kw, "values": np.isnan(y).astype(float), "missing": "error"})
    return rows, rows.values == 1.0


def _absent_sessions(rows: SessionSeries) -> np.ndarray:
    s = rows.sessions
    if not all(is_integral(float(x)) for x in s):
        raise ValueError(f"fill_missing fills whole-number sessions; {rows.name} has "
                         f"fractional session numbers ({[session_label(x) for x in s]})")
    return np.array([k for a, b in zip(s[:-1], s[1:], strict=True)
                     for k in range(int(a) + 1, int(b))], dtype=float)


def _plan(rows: SessionSeries, gone: np.ndarray, obs: SessionSeries,
          boundary: str) -> pd.DataFrame:
    """One row per missed session: its phase, value, neighbours and whether it is filled."""
    absent = _absent_sessions(rows)
    s_new = np.r_[rows.sessions[gone], absent]
    known = None if rows.phases is None else np.r_[rows.phases[gone], [None] * absent.size]
    order = np.argsort(s_new, kind="stable")
    s_new = s_new[order]
    added = np.r_[np.zeros(int(gone.sum()), dtype=bool), np.ones(absent.size, dtype=bool)]
    added = added[order]
    own = None if known is None else known[order]
    prv, nxt, value = _interpolate_core(obs.sessions, obs.values, s_new)
    out = []
    for i, s in enumerate(s_new):
        p, q = prv[i], nxt[i]
        rec = {"session": session_label(s), "phase": None if own is None else own[i],
               "value": value[i], "filled": True,
               "previous_session": session_label(obs.sessions[p]) if p >= 0 else np.nan,
               "next_session": session_label(obs.sessions[q]) if q < obs.n else np.nan,
               "note": "linear interpolation", "added": bool(added[i])}
        if p < 0 or q >= obs.n:
            rec.update(value=np.nan, filled=False, note="left missing: no observed value "
                       f"{'before' if p < 0 else 'after'} it")
        elif obs.phases is not None:
            _phase_rule(rec, obs.phases[p], obs.phases[q], boundary)
        out.append(rec)
    return pd.DataFrame(out, columns=["session", "phase", "value", "filled",
                                      "previous_session", "next_session", "note", "added"])


def _phase_rule(rec: dict[str, Any], before: Any, after: Any, boundary: str) -> None:
    """Phase of a filled session; a gap across a phase change is left or takes ``before``."""
    own = rec["phase"]
    if before == after and own in (None, before):
        rec["phase"] = before
        return
    if boundary == "leave":
        rec.update(value=np.nan, filled=False,
                   note=f"left missing: the gap spans a phase change ({before} -> {after}; "
                        "boundary='leave')")
        return
    if own is None:  # scan: an added row takes the phase of the observation before the gap
        rec["phase"] = before
    rec["note"] = (f"linear interpolation across a phase change ({before} -> {after}; "
                   "boundary='previous')")


def _filled_table(kw: dict[str, Any], rows: SessionSeries, gone: np.ndarray,
                  plan: pd.DataFrame) -> pd.DataFrame:
    """The series' rows with the filled values, plus added rows, flagged in ``imputed``."""
    vc, sc, pc = kw["value_col"], kw["session_col"], kw["phase_col"]
    data = kw["data"] if kw["data"] is not None else kw["values"]
    if isinstance(data, pd.DataFrame):
        table = data.iloc[np.asarray(rows.rows, dtype=int)].copy()
        if sc not in table.columns:
            sc = "session"
            table.insert(0, sc, rows.sessions)
    else:
        values = np.asarray(data, dtype=float)
        table = pd.DataFrame({sc: [session_label(x) for x in rows.sessions], vc: values})
        if rows.phases is not None:
            table.insert(1, pc, pd.Series(rows.phases, dtype=object))
    table[vc] = pd.to_numeric(table[vc], errors="coerce").astype(float)
    table[IMPUTED_COL] = False
    by_session = plan.set_index("session")
    for i in np.flatnonzero(gone):
        rec = by_session.loc[session_label(rows.sessions[i])]
        # pandas-stubs: iloc takes no get_loc result (int, or slice/mask for repeated labels)
        table.iloc[i, table.columns.get_loc(vc)] = rec["value"]  # type: ignore[index]
        table.iloc[i, table.columns.get_loc(IMPUTED_COL)] = bool(  # type: ignore[index]
            rec["filled"])
    add = plan[plan["added"] & plan["filled"]]
    if len(add):
        new = pd.DataFrame({sc: add["session"].to_numpy().astype(table[sc].dtype),
                            vc: add["value"].to_numpy(), IMPUTED_COL: True})
        if rows.phases is not None:
            new[pc] = add["phase"].to_numpy(dtype=object)
        for col in (kw[c] for c in _IDENTITY if kw[c] in table.columns):
            new[col] = table[col].iloc[0]
        table = pd.concat([table, new], ignore_index=True)
    table = table.sort_values(sc, kind="mergesort").reset_index(drop=True)
    table[IMPUTED_COL] = table[IMPUTED_COL].astype(bool)
    return table


# ---------------------------------------------------------------------------------------------
# fill_missing
# ---------------------------------------------------------------------------------------------
@series_doc
def fill_missing(values: ArrayLike | pd.DataFrame | None = None, *,
                 data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                 phases: ArrayLike | None = None,
                 value_col: str = "value", session_col: str = "session",
                 phase_col: str = "phase", case: Hashable = None, case_col: str = "case",
                 measure: str | None = None,
                 measure_col: str = "measure", scale: str | None = "total",
                 rater: str | None = None,
                 rater_col: str = "rater", boundary: str = "leave") -> FilledSeries:
    r"""Fill missed sessions by linear interpolation, flagging every filled value.

    A missed session is a row whose value is missing (NaN), a value imputed before, or a
    whole-number session absent between two rows of the series (a gap in the session
    numbers).

    Parameters
    ----------
    %(series_input)s
    boundary : {"leave", "previous"}
        A gap whose observed neighbours lie in different phases: ``"leave"`` (default) leaves
        it missing, because the values on the two sides belong to different conditions and
        a value between them would blur the very change under study; ``"previous"`` fills it
        across the change and gives an added session the phase of the observation before the
        gap, as ``scan::fill_missing`` does (a row already in the table keeps its phase
        label).

    Returns
    -------
    FilledSeries
        ``.data``: the series with the filled values and the ``imputed`` column (True =
        filled in, not observed); analyse it with ``missing="include_imputed"``.
        ``.summary``: one row per missed session: ``session``, ``phase``, ``value``,
        ``filled``, ``previous_session``, ``next_session``, ``note``.
        ``.filled_sessions``, ``.unfilled_sessions``.

    See Also
    --------
    flag_outliers : screening sessions before analysis.

    Notes
    -----
    A missed session s between the observed sessions :math:`s_j < s < s_{j+1}` gets

    .. math::

        \hat y_s = y_j + \frac{y_{j+1} - y_j}{s_{j+1} - s_j}\,(s - s_j),

    not rounded. Sessions before the first or after the last observed value are left
    missing (nothing is extrapolated), and so is a gap across a phase change unless
    ``boundary="previous"``. Interpolated values lie on straight lines: they add no noise,
    so they shrink variances, inflate autocorrelation and overlap statistics; report how
    many were filled (Little & Rubin 2019 on single imputation).

    Mirrors ``scan::fill_missing(scdf, na.rm = TRUE)`` (scan 0.67.1) with
    ``boundary="previous"``: the same sessions and values. Known difference: scan fills a
    gap across a phase change by default and gives every added row the phase of the point
    before the gap (in an AB series the first missed B session becomes an A session);
    casekit's default leaves such a gap missing. scan copies every other column of the row
    before the gap into an added row; casekit copies the columns that say which series it is
    (case, measure, rater) and leaves the others (dates, notes) empty.

    References
    ----------
    Little, R. J. A., & Rubin, D. B. (2019). Statistical analysis with missing data (3rd
    ed.). Wiley. https://doi.org/10.1002/9781119482260

    Wilbert, J., & Lueke, T. (2023). scan: Single-Case Data Analyses for Single and Multiple
    Baseline Designs (R package version 0.67.1). https://CRAN.R-project.org/package=scan

    Examples
    --------
    >>> import casekit as ck
    >>> res = ck.fill_missing([20.0, 18.0, 12.0, 10.0], sessions=[1, 3, 4, 6],
    ...                       phases=["A", "A", "B", "B"])
    >>> res.data
       session phase  value  imputed
    0        1     A   20.0    False
    1        2     A   19.0     True
    2        3     A   18.0    False
    3        4     B   12.0    False
    4        5     B   11.0     True
    5        6     B   10.0    False
    >>> res.filled_sessions
    [2, 5]
    """
    boundary = check_option(boundary, "boundary", BOUNDARY_OPTIONS)
    kw: dict[str, Any] = dict(
        values=values, data=data, sessions=sessions, phases=phases, value_col=value_col,
        session_col=session_col, phase_col=phase_col, case=case, case_col=case_col,
        measure=measure, measure_col=measure_col, scale=scale, rater=rater,
        rater_col=rater_col)
    obs = as_series(**kw, missing="drop")
    rows, gone = _all_rows(kw)
    plan = _plan(rows, gone, obs, boundary)
    table = _filled_table(kw, rows, gone, plan)
    filled = plan.loc[plan["filled"], "session"].tolist()
    unfilled = plan.loc[~plan["filled"], "session"].tolist()
    notes = [f"{len(filled)} value(s) filled by linear interpolation (imputed = True): "
             f"analyses refuse them unless missing='include_imputed'"]
    if unfilled:
        notes.append(f"{len(unfilled)} missed session(s) left missing: "
                     f"{', '.join(map(str, unfilled))}")
    return FilledSeries(
        plan.drop(columns="added"), method="gap filling by linear interpolation",
        variant=f"boundary={boundary!r}",
        mirrors="scan::fill_missing(scdf, na.rm = TRUE) (scan 0.67.1)"
        + (" with boundary='previous'" if boundary == "leave" else ""),
        reference="Wilbert & Lueke, scan 0.67.1; Little & Rubin (2019), "
                  "https://doi.org/10.1002/9781119482260",
        notes=notes, options={"boundary": boundary},
        title=f"Filled sessions: {obs.name}", data=table, filled_sessions=filled,
        unfilled_sessions=unfilled, boundary=boundary, case=obs.case, measure=obs.measure)
