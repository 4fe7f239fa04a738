"""Where each row of a table read from a file came from, in the user's words.

One role: the **source map**. :func:`casekit.read_sessions`, :func:`casekit.read_events` and
:func:`casekit.read_phases` attach a :class:`SourceMap` to the table they return
(``df.attrs["casekit_source"]``); :func:`casekit.validate` (on that table, also after the
caller filtered or sorted it) and the readers' own errors use it to name the place of every
problem as a spreadsheet shows it: file, sheet, row number (header counted: the first data row
under a one-line header is row 2) and column name (and, in Excel, the column letter).

The map is keyed by the table's row labels (the ``RangeIndex`` the readers return; labels
survive filtering and sorting). It is immutable and shared, never copied: pandas deep-copies
``attrs`` on nearly every operation, so :meth:`SourceMap.__deepcopy__` returns the map itself
(a 1,000,000-row map costs nothing per operation). A label is used only when the row still
holds the session and measure it had when read, so a table whose index was reset after
reordering gets no wrong location (just none).

The map also carries the warnings collected while reading (:func:`reading_warnings`).
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from numpy.typing import ArrayLike

__all__ = ["SourceMap", "ATTRS_KEY", "LOCATION_COLUMNS", "source_map", "reading_warnings",
           "locate", "location_text", "column_letter", "WARNING_COLUMNS"]

#: key of ``DataFrame.attrs`` holding the map
ATTRS_KEY = "casekit_source"
#: columns added to a problem table by :func:`locate`
LOCATION_COLUMNS = ("file", "sheet", "source_row", "source_column", "column_letter", "where")
#: columns of a warnings table
WARNING_COLUMNS = ("row", "column", "value", "problem", "table", "warning", "argument",
                   *LOCATION_COLUMNS)
#: tidy columns whose cells, in a wide source, are the cell of the measure column itself
_CELL_COLUMNS = (None, "value", "item", "scale", "measure", "missing_code")


def column_letter(index: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> ``A``, 26 -> ``AA``)."""
    index = int(index) + 1
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def location_text(file: str | os.PathLike[str] | None = None, sheet: str | None = None,
                  source_row: float | None = None, source_column: str | None = None,
                  letter: str | None = None) -> str | None:
    """``"sessions.xlsx, sheet 'Sessions', row 13, column 'PHQ9_4' (F)"`` (parts present)."""
    if file is None:
        return None
    parts = [os.path.basename(str(file)) or str(file)]
    if sheet is not None:
        parts.append(f"sheet {sheet!r}")
    if source_row is not None and not pd.isna(source_row):
        parts.append(f"row {int(source_row)}")
    if source_column is not None:
        parts.append(f"column {source_column!r}" + (f" ({letter})" if letter else ""))
    return ", ".join(parts)


class SourceMap:
    """Source file, sheet, row and column of every row of a table read from a source.

    Parameters
    ----------
    file : str or None
        The file as given (``None`` for a DataFrame source).
    sheet : str or None
        Excel sheet name.
    data_row : array of int
        Per table row: 0-based data row of the source (the first row under the header is 0).
    source_row : array of int or None
        Per table row: the row number a spreadsheet (or a text editor, for CSV) shows, header
        and title rows counted; ``None`` for DataFrame sources.
    columns : mapping
        Tidy column name -> source column name (after ``columns=`` renames).
    cell_column : array of int, optional
        Wide sources: per table row, the index into ``cell_names`` of the cell it was read from.
    cell_names : sequence of str
        Source column names indexed by ``cell_column``.
    letters : mapping, optional
        Source column name -> spreadsheet column letter (Excel).
    session, measure : array, optional
        Per table row, the session number (float) and measure as read: a label is used only
        while its row still holds them.
    strict_totals : bool
        The table holds imported totals read next to their items (a wide spec with items and
        a total): :func:`casekit.validate` reports a total that disagrees with its items as a
        problem, not a warning.
    warnings : sequence of dict
        Warnings collected while reading (columns :data:`WARNING_COLUMNS`).
    """

    def __init__(self, *, file: str | os.PathLike[str] | None, sheet: str | None,
                 data_row: ArrayLike, source_row: ArrayLike | None,
                 columns: Mapping[str, str], cell_column: ArrayLike | None = None,
                 cell_names: Sequence[str] = (), letters: Mapping[str, str] | None = None,
                 session: ArrayLike | None = None, measure: ArrayLike | None = None,
                 strict_totals: bool = False,
                 warnings: Iterable[Mapping[str, Any]] = ()) -> None:
        self.file = None if file is None else str(file)
        self.sheet = sheet
        self.data_row = np.asarray(data_row, dtype=np.int64)
        self.source_row = None if source_row is None else np.asarray(source_row, np.int64)
        self.columns = dict(columns)
        self.cell_column = None if cell_column is None else np.asarray(cell_column, np.int32)
        self.cell_names = tuple(cell_names)
        self.letters = dict(letters or {})
        self.session = None if session is None else np.asarray(session, dtype=float)
        self.measure = None if measure is None else np.asarray(measure, dtype=object)
        self.strict_totals = bool(strict_totals)
        self.warnings = tuple(dict(w) for w in warnings)

    # one shared, immutable object: never copied with the DataFrame's attrs
    def __deepcopy__(self, memo: dict[int, Any]) -> SourceMap:
        return self

    def __copy__(self) -> SourceMap:
        return self

    def __len__(self) -> int:
        return int(self.data_row.size)

    def __repr__(self) -> str:
        where = self.file or "DataFrame"
        return f"SourceMap({where!r}, {len(self)} rows)"

    def subset(self, positions: ArrayLike) -> SourceMap:
        """The map of ``table.iloc[positions].reset_index(drop=True)``."""
        pos = np.asarray(positions, dtype=np.int64)

        def take(a: npt.NDArray[Any] | None) -> npt.NDArray[Any] | None:
            return None if a is None else a[pos]

        return SourceMap(file=self.file, sheet=self.sheet, data_row=self.data_row[pos],
                         source_row=take(self.source_row), columns=self.columns,
                         cell_column=take(self.cell_column), cell_names=self.cell_names,
                         letters=self.letters, session=take(self.session),
                         measure=take(self.measure), strict_totals=self.strict_totals,
                         warnings=self.warnings)

    def with_warnings(self, warnings: Iterable[Mapping[str, Any]]) -> SourceMap:
        """A copy of the map with ``warnings`` (the arrays are shared)."""
        out = object.__new__(SourceMap)
        out.__dict__.update(self.__dict__)
        out.warnings = tuple(dict(w) for w in warnings)
        return out

    def positions(self, table: pd.DataFrame, labels: Sequence[Any]) -> np.ndarray:
        """Map positions of ``labels`` of ``table``; -1 where the label cannot be trusted.

        A label is trusted when it is a whole number inside the map and its row of ``table``
        still holds the session and measure it held when read.
        """
        index: pd.Index = pd.Index(labels)
        n = len(self)
        out = np.full(len(index), -1, dtype=np.int64)
        if not len(index) or not pd.api.types.is_integer_dtype(index.dtype):
            return out
        lab = index.to_numpy(dtype=np.int64)
        ok = (lab >= 0) & (lab < n)
        if not table.index.is_unique:
            return out
        idx = np.flatnonzero(ok)
        rows = table.loc[lab[idx]]
        good = np.ones(len(idx), bool)
        if self.session is not None and "session" in table.columns:
            now = pd.to_numeric(rows["session"], errors="coerce").to_numpy(dtype=float,
                                                                           na_value=np.nan)
            then = self.session[lab[idx]]
            good &= (now == then) | (np.isnan(now) & np.isnan(then))
        if self.measure is not None and "measure" in table.columns:
            now = rows["measure"].to_numpy(dtype=object)
            then = self.measure[lab[idx]]
            same = np.array([(a == b) or (pd.isna(a) and pd.isna(b)) for a, b in
                             zip(now, then, strict=True)], dtype=bool)
            good &= same
        out[idx[good]] = lab[idx[good]]
        return out

    def source_column(self, pos: int, column: Hashable) -> str | None:
        """Source column of tidy ``column`` at map position ``pos`` (``-1``: no row)."""
        if column in self.columns:
            return self.columns[column]
        if column in _CELL_COLUMNS or column == "session":
            if self.cell_column is not None and pos >= 0:
                return self.cell_names[int(self.cell_column[pos])]
        return None

    def where(self, pos: int, column: Hashable) -> dict[str, Any]:
        """Location columns of one problem at map position ``pos`` (``-1``: no row)."""
        src_col = self.source_column(pos, column)
        src_row = None
        if pos >= 0 and self.source_row is not None:
            src_row = int(self.source_row[pos])
        letter = self.letters.get(src_col) if src_col is not None else None
        return {"file": self.file, "sheet": self.sheet, "source_row": src_row,
                "source_column": src_col, "column_letter": letter,
                "where": location_text(self.file, self.sheet, src_row, src_col, letter)}


def source_map(table: object) -> SourceMap | None:
    """The :class:`SourceMap` of a table returned by a casekit reader, if any."""
    if not isinstance(table, pd.DataFrame):
        return None
    smap = table.attrs.get(ATTRS_KEY)
    return smap if isinstance(smap, SourceMap) else None


def locate(problems: list[dict[str, Any]],
           tables: Mapping[str, pd.DataFrame | None]) -> list[dict[str, Any]]:
    """Add the location columns to problems whose ``row`` is a label of one of ``tables``.

    ``problems`` are dicts with ``table``, ``row`` (a row label of that table, or ``None``)
    and ``column``; the location comes from the table's :class:`SourceMap` when it has one.
    Problems are completed in place and returned.
    """
    by_table: dict[str, list[dict[str, Any]]] = {}
    for p in problems:
        by_table.setdefault(p.get("table") or "ratings", []).append(p)
    for name, group in by_table.items():
        table = tables.get(name)
        smap = source_map(table)
        if smap is None or table is None:  # a map comes only with a table
            continue
        with_row = [p for p in group if p.get("row") is not None]
        pos: np.ndarray | list[int] = smap.positions(table, [p["row"] for p in with_row]) if with_row else []
        for p, k in zip(with_row, pos, strict=True):
            p.update(smap.where(int(k), p.get("column")))
        whole: dict[Hashable, dict[str, Any]] = {}  # problems of a whole column share their place
        for p in group:
            if p.get("row") is None:
                key = p.get("column")
                if key not in whole:
                    whole[key] = smap.where(-1, key)
                p.update(whole[key])
    return problems


def reading_warnings(table: object) -> pd.DataFrame:
    """The warnings collected while reading ``table`` (a table returned by a casekit reader).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`WARNING_COLUMNS` (``warning`` is the class name, e.g.
        ``CaseDataWarning``); no rows when the table was not read by casekit or nothing was
        worth a warning.
    """
    smap = source_map(table)
    rows = list(smap.warnings) if smap is not None else []
    return pd.DataFrame(rows, columns=list(WARNING_COLUMNS), dtype=object)
