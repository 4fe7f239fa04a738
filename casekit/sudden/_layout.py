"""From long data, wide data or one array to the session grid of the sudden-gain core.

The table -> grid step validates with the rules and messages of casekit's one input layer
(``casekit._input``): a missing column (:func:`~casekit._input.require_columns`), a label that is
not there (:func:`~casekit._input.select_rows`), the direction
(:func:`~casekit._input.resolve_improvement`), and a value that is not a number, a missing or
duplicated session, a missing value under ``missing="error"`` and imputed values, which read
exactly as :func:`~casekit._input.as_series` reports them (one
:class:`~casekit.exceptions.CaseDataError` with every problem and its row). That last check is
vectorised over all rows, so that ten thousand people stay fast also when every one of them has
a problem (per-series validation would take seconds); ``tests/sudden/test_input.py`` compares its
problem table with the input layer's, row by row. Two rules are the grid's own: session numbers
must be whole numbers (missed sessions keep their position) and every row needs a case label.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._input import (
    IMPUTED_COL,
    MISSING_OPTIONS,
    require_columns,
    resolve_improvement,
    select_rows,
    session_label,
)
from .._validate import check_option
from ..exceptions import CaseDataError
from ._core import first_last_observed
from ._rtable import missing_label

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["Grid", "Columns", "long_grids", "wide_grid", "array_frame"]

#: largest grid (cases x sessions) built from long data
MAX_GRID = 50_000_000


@dataclass
class Grid:
    """One measure's data on a common session grid (rows = cases, columns = sessions)."""

    Y: np.ndarray
    sessions: np.ndarray
    cases: np.ndarray
    measure: object
    d: int
    tx_start: np.ndarray
    tx_end: np.ndarray
    phase: np.ndarray | None = None
    improvement_source: str = "stated"


@dataclass(frozen=True)
class Columns:
    """Column names of long data (and the case column of wide data)."""

    case_col: str = "case"
    session_col: str = "session"
    value_col: str = "value"
    measure_col: str = "measure"
    phase_col: str | None = "phase"


def _direction(improvement: str | Instrument | None, measure: Hashable) -> tuple[int, str]:
    """+1 / -1 and where the direction came from (the one resolver of casekit._input)."""
    m = None if missing_label(measure) else measure
    resolved = resolve_improvement(improvement, measure=m)
    return (1 if resolved.improvement == "increase" else -1), resolved.source


def array_frame(data: ArrayLike | pd.Series, cols: Columns,
                measure: str | None = None) -> pd.DataFrame:
    """One case's scores in session order (1, 2, ...) as long data (case label 0), labelled
    with ``measure`` when given."""
    arr = data.to_numpy(dtype=float) if isinstance(data, pd.Series) else \
        np.asarray(data, dtype=float)
    if arr.ndim != 1:
        raise ValueError("data given as an array must be 1-D (one case's scores in session "
                         "order); use a DataFrame for several cases")
    frame = pd.DataFrame({cols.case_col: np.zeros(arr.size, dtype=int),
                          cols.session_col: np.arange(1, arr.size + 1), cols.value_col: arr})
    if measure is not None:
        frame[cols.measure_col] = measure
    return frame


# --------------------------------------------------------------------------------------------
# long data
# --------------------------------------------------------------------------------------------
def _score_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Total scores only, as the input layer reads a series (item rows set aside)."""
    if "item" in df.columns:
        df = df[df["item"].isna().to_numpy()]
    if "scale" in df.columns:
        df = df[(df["scale"].astype("string").fillna("total") == "total").to_numpy(dtype=bool)]
    return df


def _grid_problems(df: pd.DataFrame, sess: np.ndarray, cols: Columns) -> list[dict[str, Any]]:
    """The grid's own rules: whole session numbers, a case label on every row."""
    problems = []
    finite = np.isfinite(sess)
    for r in np.flatnonzero(finite & (sess != np.round(sess))).tolist():
        problems.append({"row": df.index[r], "column": cols.session_col, "value": float(sess[r]),
                         "problem": "session numbers must be whole numbers (the session grid "
                                    "keeps missed sessions in position)"})
    for r in np.flatnonzero(df[cols.case_col].isna().to_numpy()).tolist():
        problems.append({"row": df.index[r], "column": cols.case_col, "value": None,
                         "problem": "case label is missing"})
    return problems


def _validate_long(df: pd.DataFrame, cols: Columns,
                   missing: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Session numbers, values and the rows kept (vectorised; the input layer's rules).

    Returns ``(sessions, values, dropped)`` with ``values`` NaN where a missing or imputed
    value is left out (``missing="drop"``), so the session stays in position on the grid.
    """
    raw_s, raw_v = df[cols.session_col], df[cols.value_col]
    sess = pd.to_numeric(raw_s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    vals = pd.to_numeric(raw_v, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    absent = raw_v.isna().to_numpy()
    imputed = np.zeros(len(df), dtype=bool)
    if IMPUTED_COL in df.columns:
        imputed = df[IMPUTED_COL].fillna(False).astype(bool).to_numpy() & ~absent
    flags = {
        "not_number": np.isnan(vals) & ~absent, "infinite": np.isinf(vals),
        "session": ~np.isfinite(sess), "duplicate": _duplicated(df, sess, cols),
        "absent": absent & (missing != "drop"), "imputed": imputed & (missing == "error"),
    }
    problems = _grid_problems(df, sess, cols)
    if any(f.any() for f in flags.values()):
        problems = _input_problems(df, sess, flags, cols, missing) + problems
    if problems:
        raise CaseDataError(problems, title=f"{len(problems)} problem"
                                            f"{'s' if len(problems) != 1 else ''} in the data")
    dropped = absent | (imputed & (missing == "drop"))
    return sess, np.where(dropped, np.nan, vals), dropped


def _duplicated(df: pd.DataFrame, sess: np.ndarray, cols: Columns) -> np.ndarray:
    measure = df[cols.measure_col].to_numpy() if cols.measure_col in df.columns else \
        np.zeros(len(df))
    key = pd.DataFrame({"c": df[cols.case_col].to_numpy(), "m": measure, "s": sess})
    dup: np.ndarray = key.duplicated(keep=False).to_numpy() & np.isfinite(sess)
    return dup


def _series_name(df: pd.DataFrame, r: int, cols: Columns) -> str:
    """How the input layer names the series of row ``r`` (``"PHQ-9 (case C01)"``)."""
    m = df[cols.measure_col].iloc[r] if cols.measure_col in df.columns else None
    c = df[cols.case_col].iloc[r]
    what = str(m) if m is not None and not pd.isna(m) else f"column {cols.value_col!r}"
    return what + (f" (case {c})" if not pd.isna(c) else "")


def _input_problems(df: pd.DataFrame, sess: np.ndarray, flags: Mapping[str, np.ndarray],
                    cols: Columns, missing: str) -> list[dict[str, Any]]:
    """The problem rows of the input layer (``casekit._input.as_series``), for every series
    at once: the same columns, values and sentences (a test compares them row by row)."""
    out = []
    raw_v, raw_s = df[cols.value_col], df[cols.session_col]
    for r in np.flatnonzero(np.logical_or.reduce(list(flags.values()))).tolist():
        row, at = df.index[r], f" at session {session_label(sess[r])}"
        if flags["not_number"][r]:
            out.append(_problem(row, cols.value_col, raw_v.iloc[r], "not a number"))
        if flags["infinite"][r]:
            out.append(_problem(row, cols.value_col, float(raw_v.iloc[r]), "infinite value"))
        if flags["session"][r]:
            gone = pd.isna(raw_s.iloc[r])
            out.append(_problem(row, cols.session_col, None if gone else raw_s.iloc[r],
                                "missing session number" if gone
                                else "session number is not a finite number"))
        if flags["duplicate"][r]:
            s = session_label(sess[r])
            out.append(_problem(row, cols.session_col, s,
                                f"session {s} appears more than once for "
                                f"{_series_name(df, r, cols)} (one value per session: choose "
                                "a rater, scale or case)"))
        if flags["absent"][r]:
            out.append(_problem(row, cols.value_col, None, (
                f"missing value{at} (pass missing='drop' to drop it; the drop is reported in "
                "the result)") if missing == "error" else (
                f"missing value{at} that was not filled in (missing='include_imputed' "
                "analyses imputed values, not gaps)")))
        if flags["imputed"][r]:
            out.append(_problem(row, IMPUTED_COL, True, f"imputed value{at} (filled in, not "
                                "observed): pass missing='include_imputed' to analyse it, or "
                                "missing='drop' to leave it out"))
    return out


def _problem(row: Hashable, column: str, value: object, problem: str) -> dict[str, Any]:
    return {"row": row, "column": column, "value": value, "problem": problem}


def _measure_grid(df: pd.DataFrame, sess: np.ndarray, vals: np.ndarray, sel: np.ndarray,
                  m: object, cols: Columns, improvement: str | Instrument | None) -> Grid:
    s = sess[sel].astype(np.int64)
    smin, smax = int(s.min()), int(s.max())
    T = smax - smin + 1
    codes, uniques = pd.factorize(df[cols.case_col].to_numpy()[sel], sort=True)
    if T * len(uniques) > MAX_GRID:
        raise ValueError(f"session numbers span {T} sessions; the session grid would be too "
                         "large. Are the sessions numbered 1, 2, 3 ...?")
    Y = np.full((len(uniques), T), np.nan)
    Y[codes, s - smin] = vals[sel]
    ph = None
    if cols.phase_col is not None and cols.phase_col in df.columns:
        ph = np.full((len(uniques), T), None, dtype=object)
        ph[codes, s - smin] = df[cols.phase_col].to_numpy(dtype=object)[sel]
    first, last = first_last_observed(Y)
    d, source = _direction(improvement, m)
    return Grid(Y, np.arange(smin, smax + 1), np.asarray(uniques, dtype=object),
                None if missing_label(m) else m, d, first, last, ph, source)


def long_grids(data: pd.DataFrame, *, cols: Columns, measure: str | None,
               improvement: str | Instrument | None,
               missing: str) -> tuple[list[Grid], pd.DataFrame]:
    """One grid per measure of long data, and the rows left out (``missing="drop"``)."""
    missing = check_option(missing, "missing", MISSING_OPTIONS)
    # the default "phase" column is optional; a phase column named by the caller must be there
    require_columns(data, {"case_col": cols.case_col, "session_col": cols.session_col,
                           "value_col": cols.value_col,
                           "phase_col": None if cols.phase_col in (None, "phase")
                           else cols.phase_col})
    df = _score_rows(select_rows(data, measure=measure, measure_col=cols.measure_col))
    sess, vals, dropped = _validate_long(df, cols, missing)
    has_m = cols.measure_col in df.columns
    mcol = df[cols.measure_col] if has_m else pd.Series([pd.NA] * len(df), dtype=object)
    grids = []
    for m in (list(pd.unique(mcol)) if has_m else [pd.NA]):
        sel = np.ones(len(df), dtype=bool) if not has_m else (
            mcol.isna().to_numpy() if pd.isna(m) else
            (mcol == m).to_numpy(dtype=bool, na_value=False))
        grids.append(_measure_grid(df, sess, vals, sel, m, cols, improvement))
    gone = pd.DataFrame({"case": df[cols.case_col].to_numpy()[dropped],
                         "measure": mcol.to_numpy()[dropped] if has_m else None,
                         "session": sess[dropped]})
    return grids, gone


# --------------------------------------------------------------------------------------------
# wide data
# --------------------------------------------------------------------------------------------
def _numeric_column(df: pd.DataFrame, col: Hashable) -> tuple[np.ndarray, list[dict[str, Any]]]:
    s = df[col]
    vals = pd.to_numeric(s, errors="coerce")
    bad = (vals.isna() & s.notna()).to_numpy()
    arr = vals.to_numpy(dtype=float, na_value=np.nan)
    problems = [{"row": df.index[r], "column": col, "value": s.iloc[r], "problem": "not a number"}
                for r in np.flatnonzero(bad).tolist()]
    problems += [{"row": df.index[r], "column": col, "value": float(arr[r]),
                  "problem": "infinite value"} for r in np.flatnonzero(np.isinf(arr)).tolist()]
    return arr, problems


def wide_grid(df: pd.DataFrame | ArrayLike, *, case_col: str, sg_var_list: Iterable[str],
              measure: str | None, improvement: str | Instrument | None, identify_sg_1to2: bool,
              tx_start_var: str | None, tx_end_var: str | None) -> Grid:
    """The grid of wide data (one row per case; an empty cell is a missed session)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError("wide data (sg_var_list=) must be a pandas DataFrame")
    sg_var_list = list(sg_var_list)
    if len(sg_var_list) < 4:
        raise ValueError(f"sg_var_list needs at least 4 variables (one testable interval); got "
                         f"{len(sg_var_list)}")
    tx_start_var = sg_var_list[0] if tx_start_var is None else tx_start_var
    tx_end_var = sg_var_list[-1] if tx_end_var is None else tx_end_var
    named = {tx_start_var: "tx_start_var", tx_end_var: "tx_end_var",
             **dict.fromkeys(sg_var_list, "sg_var_list"), case_col: "case_col"}
    lacking = [{"row": None, "column": c, "value": None,
                "problem": f"data has no column {c!r} (named by {arg}=); columns: "
                           f"{', '.join(map(str, df.columns))}"}
               for c, arg in named.items() if c not in df.columns]
    if lacking:
        raise CaseDataError(lacking, title=f"data lacks {len(lacking)} column(s) of the wide "
                                           "layout")
    problems, cols = [], {}
    for c in dict.fromkeys([*sg_var_list, tx_start_var, tx_end_var]):
        cols[c], p = _numeric_column(df, c)
        problems += p
    ids = df[case_col]
    for r in np.flatnonzero(ids.duplicated(keep=False).to_numpy()).tolist():
        problems.append({"row": df.index[r], "column": case_col, "value": ids.iloc[r],
                         "problem": "case appears in more than one row (wide data need one "
                                    "row per case)"})
    if problems:
        raise CaseDataError(problems)
    order = np.argsort(ids.to_numpy(), kind="stable")
    Y = np.column_stack([cols[c] for c in sg_var_list])[order]
    start = 0 if identify_sg_1to2 else 1
    d, source = _direction(improvement, measure)
    return Grid(Y, np.arange(start, start + len(sg_var_list)), ids.to_numpy(dtype=object)[order],
                measure, d, cols[tx_start_var][order], cols[tx_end_var][order],
                improvement_source=source)
