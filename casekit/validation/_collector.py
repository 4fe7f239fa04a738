"""Collecting problems and warnings while checking, with rows as the tables' row labels."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from .._source import LOCATION_COLUMNS, locate

__all__ = ["Collector", "plain", "is_whole", "fmt", "objects", "hashable_cells",
           "SessionOf", "PROBLEM_COLUMNS", "WARNING_COLUMNS"]

PROBLEM_COLUMNS = ["row", "column", "value", "problem", "table", "argument",
                   *LOCATION_COLUMNS]
WARNING_COLUMNS = ["row", "column", "value", "problem", "table", "warning", "argument",
                   *LOCATION_COLUMNS]


def plain(v: Any) -> Any:
    """A Python scalar for the problem table (numpy scalars and NA made plain)."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v


def objects(series: pd.Series) -> np.ndarray:
    """The cells as an object array with every missing marker (NaN, NA, NaT) as ``None``, so
    that comparisons never meet ``pd.NA``."""
    arr = series.to_numpy(dtype=object)
    missing = pd.isna(arr)
    if missing.any():
        arr = arr.copy()
        arr[missing] = None
    return arr


_UNHASHABLE = (list, dict, set, np.ndarray, bytearray)


def hashable_cells(df: pd.DataFrame, table: str, col: Collector) -> pd.DataFrame:
    """``df`` with cells that are containers (a list, a dict ...) reported and blanked.

    Only object columns are scanned (the tables casekit's readers return have none).
    """
    out = df
    for name in df.columns:
        s = df[name]
        if s.dtype != object:
            continue
        arr = s.to_numpy(dtype=object)
        bad = np.fromiter((isinstance(v, _UNHASHABLE) for v in arr), bool, len(arr))
        if not bad.any():
            continue
        for i in np.flatnonzero(bad):
            col.error(table, i, name, None, f"cell holds a {type(arr[i]).__name__}, not a value")
        if out is df:
            out = df.copy()
        out[name] = np.where(bad, np.asarray(None, dtype=object), arr)
    return out


def is_whole(x: np.ndarray) -> npt.NDArray[np.bool_]:
    with np.errstate(invalid="ignore"):
        whole: npt.NDArray[np.bool_] = np.isfinite(x) & (np.floor(x) == x)
    return whole


def fmt(x: object) -> str:
    return f"{x:g}" if isinstance(x, (int, float, np.number)) else str(x)


class SessionOf:
    """The session of a ratings row in words, for the text of a problem at that row:
    ``"session 9"``, or ``"case '7', session 9"`` when the table holds several cases.

    A file row and column (``where``) do not say which session a value belongs to (a REDCap
    event, a wide row, a sorted table), so problems about a value name it too. ``sess`` is the
    session column as floats (``None``: no usable session column).
    """

    def __init__(self, r: pd.DataFrame, sess: np.ndarray | None) -> None:
        self.sess = sess
        self.case = objects(r["case"]) if "case" in r.columns else None
        self.several = self.case is not None and len(pd.unique(
            self.case[pd.notna(self.case)])) > 1

    def __call__(self, pos: int | np.integer[Any]) -> str:
        """``"case 'a', session 3"`` (parts known), ``""`` when neither is."""
        parts = []
        if self.several and self.case is not None and self.case[pos] is not None:
            parts.append(f"case {plain(self.case[pos])!r}")
        if self.sess is not None and np.isfinite(self.sess[pos]):
            parts.append(f"session {self.sess[pos]:g}")
        return ", ".join(parts)

    def paren(self, pos: int | np.integer[Any]) -> str:
        """``" (session 3)"``, or ``""`` when nothing is known."""
        said = self(pos)
        return f" ({said})" if said else ""


class Collector:
    """Problems and warnings of the tables being checked.

    Checks report positions (0-based row positions of a table); :meth:`frames` turns them into
    the tables' row labels and adds each problem's place in the source when the table was read
    by casekit (:mod:`casekit._source`).
    """

    def __init__(self, tables: Mapping[str, pd.DataFrame | None]) -> None:
        self.tables = dict(tables)
        self.problems: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []

    def error(self, table: str, pos: int | np.integer[Any] | None, column: Hashable | None,
              value: Any, problem: str, argument: str | None = None) -> None:
        self.problems.append({"table": table, "row": pos, "column": column,
                              "value": plain(value), "problem": problem, "argument": argument})

    def errors(self, table: str, positions: npt.ArrayLike, column: Hashable | None,
               values: Any, problem: str | list[str] | np.ndarray,
               argument: str | None = None) -> None:
        """One problem per position (``values`` and ``problem`` scalars or per position)."""
        positions = np.asarray(positions)
        if not len(positions):
            return
        vals = values if isinstance(values, (list, np.ndarray, pd.Series)) \
            else [values] * len(positions)
        texts = problem if isinstance(problem, (list, np.ndarray)) else [problem] * len(positions)
        for p, v, t in zip(positions.tolist(), list(vals), texts, strict=True):
            self.error(table, p, column, v, t, argument)

    def warn(self, cls: str | type[Warning], table: str, pos: int | np.integer[Any] | None,
             column: Hashable | None, value: Any, problem: str,
             argument: str | None = None) -> None:
        self.warnings.append({"table": table, "row": pos, "column": column,
                              "value": plain(value), "problem": problem,
                              "warning": cls if isinstance(cls, str) else cls.__name__,
                              "argument": argument})

    def _labelled(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for rec in records:
            pos = rec["row"]
            if pos is None:
                continue
            table = self.tables.get(rec["table"])
            rec["row"] = plain(table.index[int(pos)]) if table is not None else int(pos)
        return locate(records, self.tables)

    def frames(self, reading_warnings: Iterable[Mapping[str, Any]] = (),
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(problems, warnings) DataFrames; ``reading_warnings`` (already located) first."""
        p = pd.DataFrame(self._labelled(self.problems), columns=PROBLEM_COLUMNS, dtype=object)
        w = pd.DataFrame([*reading_warnings, *self._labelled(self.warnings)],
                         columns=WARNING_COLUMNS, dtype=object)
        return p, w
