"""Read one chunk of a tidy long table into flat arrays: one block of rows per case.

The rules are those of casekit's input layer (``casekit._input``) for many series at once:
missing values are an error listing every row (``missing="error"``) or dropped and listed per
case (``missing="drop"``); imputed values (``imputed`` column) count as missing unless
``missing="include_imputed"``; a session number given twice for one case is an error; rows are
put in session order within each case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._input import IMPUTED_COL, require_columns
from .._validate import check_option
from ..exceptions import CaseDataError

__all__ = ["Flat", "flatten", "MISSING_OPTIONS"]

MISSING_OPTIONS = ("error", "drop", "include_imputed")


@dataclass
class Flat:
    """Every case of a chunk: ``values[start[i]:start[i + 1]]`` are case ``cases[i]``;
    ``n_dropped[i]`` missing values of that case were dropped (``missing="drop"``)."""

    cases: np.ndarray
    start: np.ndarray
    values: np.ndarray
    sessions: np.ndarray
    n_dropped: np.ndarray
    measure: object = None

    @property
    def size(self) -> int:
        return int(self.cases.size)

    @property
    def n(self) -> np.ndarray:
        return np.diff(self.start)

    def case_index(self) -> np.ndarray:
        """Case position of every row."""
        return np.repeat(np.arange(self.size), self.n)


def select_measure(df: pd.DataFrame, measure_col: str,
                   measure: object) -> tuple[pd.DataFrame, object]:
    """The rows of one measure (``measure=``), or the table when it holds one measure."""
    if measure is not None:
        require_columns(df, {"measure_col": measure_col})
        return df[df[measure_col] == measure], measure
    if measure_col in df.columns:
        found = pd.unique(df[measure_col].dropna())
        if len(found) > 1:
            raise ValueError(f"data holds several measures ({', '.join(map(str, found[:10]))}); "
                             "choose one with measure=")
        return df, (found[0] if len(found) else None)
    return df, None


def flatten(df: pd.DataFrame, *, case_col: str, session_col: str, value_col: str,
            measure_col: str, measure: object, missing: str) -> Flat:
    """Validate a chunk and lay it out case by case in session order."""
    missing = check_option(missing, "missing", MISSING_OPTIONS)
    df, measure = select_measure(df, measure_col, measure)
    require_columns(df, {"case_col": case_col, "session_col": session_col,
                         "value_col": value_col})
    values = pd.to_numeric(df[value_col], errors="coerce").to_numpy(dtype=float,
                                                                    na_value=np.nan)
    sessions = pd.to_numeric(df[session_col], errors="coerce").to_numpy(dtype=float,
                                                                        na_value=np.nan)
    codes, cases = pd.factorize(df[case_col], sort=False)
    problems = []
    bad_case = codes < 0
    bad_session = ~np.isfinite(sessions)
    for r in df.index[bad_case]:
        problems.append({"row": r, "column": case_col, "value": None,
                         "problem": "missing case label"})
    for r in df.index[bad_session & ~bad_case]:
        problems.append({"row": r, "column": session_col, "value": None,
                         "problem": "missing session number"})
    miss = ~np.isfinite(values)
    if missing != "include_imputed" and IMPUTED_COL in df.columns:
        miss |= df[IMPUTED_COL].fillna(False).to_numpy(dtype=bool)
    if miss.any():
        if missing == "error":
            raw = df[value_col].to_numpy()
            for i in np.flatnonzero(miss & ~bad_case & ~bad_session)[:1000]:
                problems.append({"row": df.index[i], "column": value_col, "value": raw[i],
                                 "problem": "missing or imputed value (use missing='drop' to "
                                            "drop it)"})
    if problems:
        raise CaseDataError(problems, title=f"{len(problems)} problem(s) in the batch data")
    keep = ~miss
    n_dropped = np.bincount(codes[miss], minlength=len(cases)).astype(np.int64)
    order = np.lexsort((sessions, codes))
    order = order[keep[order]]
    codes, values, sessions = codes[order], values[order], sessions[order]
    dup = (codes[1:] == codes[:-1]) & (sessions[1:] == sessions[:-1])
    if dup.any():
        rows = df.index[order[1:][dup]]
        raise CaseDataError([{"row": r, "column": session_col, "value": _label(s),
                              "problem": "session number given twice for this case"}
                             for r, s in zip(rows, sessions[1:][dup], strict=True)])
    counts = np.bincount(codes, minlength=len(cases))
    start = np.concatenate([[0], np.cumsum(counts)])
    return Flat(cases=np.asarray(cases), start=start, values=values,
                sessions=sessions, n_dropped=n_dropped, measure=measure)


def _label(s: float) -> int | float:
    return int(s) if float(s).is_integer() else float(s)
