"""From the records of a sheet or a text file to a table: header, title rows, ragged rows.

CSV and Excel readers hand over every record of the source (all cells as read, with the row
number a spreadsheet shows). This module finds the header (the first non-blank row, or the
row the caller names with ``header_row=`` / ``skip_rows=``), reports what a table cannot
hold silently - duplicate names, names that collide once spaces are removed, rows with more
or fewer fields than the header - and keeps the data rows. Rows with nothing in them (blank
lines, lines of separators only) are not data and are skipped (their row numbers still count).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._source import column_letter, location_text
from ..exceptions import ArgumentError, CaseDataError
from ._common import Raw, Record, display_name, problem, warning_record

__all__ = ["build_table", "header_position"]

_TITLE_SCAN = 30


def _filled(cells: pd.DataFrame) -> np.ndarray:
    """Per record, the number of cells that hold something (not blank, not spaces only)."""
    count = np.zeros(len(cells), dtype=np.int64)
    for j in range(cells.shape[1]):
        col = cells.iloc[:, j].astype(object)
        blank = col.isna().to_numpy() | (col.str.strip() == "").fillna(False).to_numpy(bool)
        count += ~blank
    return count


def _partial_filled(cells: pd.DataFrame, blank: np.ndarray) -> np.ndarray:
    """Filled-cell counts of the first non-blank records (header and title detection); the
    other records count as 1 (non-blank) or 0 (blank)."""
    filled = (~np.asarray(blank, bool)).astype(np.int64)
    nonblank = np.flatnonzero(filled)
    head = nonblank[: _TITLE_SCAN + 2]
    if len(head):
        stop = int(head[-1]) + 1
        filled[:stop] = _filled(cells.iloc[:stop])
    return filled


def header_position(row_numbers: np.ndarray, filled: np.ndarray, *, header_row: int | None,
                    skip_rows: int | None, file: str | os.PathLike[str] | None) -> int:
    """Record position of the header row.

    ``header_row`` is the row number a spreadsheet shows (1-based); ``skip_rows`` the number of
    rows above the header (title rows). Default: the first row that holds anything.
    """
    if header_row is not None and skip_rows is not None and header_row != skip_rows + 1:
        raise ArgumentError(f"header_row= ({header_row}) and skip_rows= ({skip_rows}) "
                            "disagree; give one (the header is on row skip_rows + 1)",
                            "header_row, skip_rows")
    for name, v, low in (("header_row", header_row, 1), ("skip_rows", skip_rows, 0)):
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, np.integer))
                              or v < low):
            raise ArgumentError(f"{name}= must be a whole number >= {low}; got {v!r}", name)
    want = header_row if header_row is not None else (
        skip_rows + 1 if skip_rows is not None else None)
    if want is None:
        nonblank = np.flatnonzero(filled > 0)
        return int(nonblank[0]) if len(nonblank) else -1
    hit = np.flatnonzero(row_numbers == want)
    if not len(hit) or filled[hit[0]] == 0:
        last = int(row_numbers[-1]) if len(row_numbers) else 0
        reason = (f"the file has {last} rows" if want > last
                  else f"row {want} is empty")
        raise CaseDataError([problem(None, None, None, f"the header is to be on row {want} "
                                     f"(header_row= / skip_rows=), but {reason}",
                                     argument="header_row, skip_rows")],
                            title=f"cannot find the header in {display_name(file)}")
    return int(hit[0])


def _has_data(record: pd.Series) -> bool:
    """A record holds a number or a date (a data row, not a header)."""
    for v in record.tolist():
        if isinstance(v, str):
            try:
                float(v.strip().replace(",", "."))
                return True
            except ValueError:
                continue
        elif v is not None and not pd.isna(v):
            return True
    return False


def _title_problem(cells: pd.DataFrame, row_numbers: np.ndarray, filled: np.ndarray, pos: int,
                   file: str | os.PathLike[str] | None, sheet: str | None) -> Record | None:
    """A one-cell header above a wider table is a title row: say where the header may be."""
    if filled[pos] > 2:
        return None
    later = np.arange(pos + 1, min(pos + 1 + _TITLE_SCAN, len(filled)))
    wide = later[filled[later] >= max(3, 2 * filled[pos])]
    if not len(wide):
        return None
    at = int(wide[0])
    # a row of group titles (merged cells over the header) is followed by the wider header
    while (at + 1 < len(filled) and filled[at + 1] > filled[at]
           and not _has_data(cells.iloc[at + 1])):
        at += 1
    guess = int(row_numbers[at])
    title = ", ".join(str(v).strip() for v in cells.iloc[pos].tolist()
                      if not pd.isna(v) and str(v).strip())
    n = int(filled[pos])
    p = problem(None, None, title,
                f"row {int(row_numbers[pos])} looks like a title, not the header: it has "
                f"{'one filled cell' if n == 1 else f'{n} filled cells'}, row {guess} has "
                f"{int(filled[at])}; if the header is on "
                f"row {guess}, set header_row= to {guess} (or skip_rows= to {guess - 1})",
                argument="header_row, skip_rows")
    p.update({"file": None if file is None else str(file), "sheet": sheet,
              "source_row": int(row_numbers[pos]),
              "where": location_text(file, sheet, int(row_numbers[pos]))})
    return p


def _names(header: list[Any], letters: bool,
           data: pd.DataFrame) -> tuple[list[str], list[int], list[Record], list[Record]]:
    """Column names from the header cells; problems for duplicates, warnings for empties."""
    raw = ["" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
           for v in header]
    stripped = [r.strip() for r in raw]
    label: Callable[[int], str] = (lambda j: column_letter(j)) if letters \
        else (lambda j: str(j + 1))
    names: list[str] = []
    problems: list[Record] = []
    warns: list[Record] = []
    keep: list[int] = []
    seen: dict[str, list[int]] = {}
    for j, name in enumerate(stripped):
        if not name:
            col = data.iloc[:, j] if j < data.shape[1] else pd.Series([], dtype=object)
            has = col.map(lambda v: not (pd.isna(v) or (isinstance(v, str) and not v.strip())))
            if not has.any():
                continue  # an empty column: nothing to keep
            name = f"(column {label(j)})"
            warns.append(warning_record(f"column {label(j)} has no name in the header but "
                                        f"holds data; it is kept as {name!r}", column=name))
        seen.setdefault(name, []).append(j)
        keep.append(j)
        names.append(name)
    dup = {n: js for n, js in seen.items() if len(js) > 1}
    for name, js in dup.items():
        written = sorted({raw[j] for j in js})
        where = ", ".join(label(j) for j in js)
        if len(written) > 1:
            text = (f"columns {', '.join(map(repr, written))} have the same name once spaces "
                    f"are removed (columns {where}); rename one")
        else:
            text = f"column name {name!r} appears {len(js)} times in the header (columns " \
                   f"{where}); rename or remove the copies"
        problems.append(problem(None, name, None, text))
        for j in js[1:]:  # unique names, so that reading goes on
            names[keep.index(j)] = f"{name} ({label(j)})"
    return names, keep, problems, warns


def _ragged(n_fields: np.ndarray, width: int, data: pd.DataFrame,
            row_numbers: np.ndarray) -> tuple[list[Record], list[int]]:
    """Problems for rows with more or fewer fields than the header; their positions."""
    problems: list[Record] = []
    drop: list[int] = []
    for i in np.flatnonzero(n_fields != width).tolist():
        k = int(n_fields[i])
        if k > width:
            extra = [v for v in data.iloc[i, width:k].tolist()
                     if not (pd.isna(v) or (isinstance(v, str) and not v.strip()))]
            if not extra:
                continue  # trailing separators only: nothing lost
            text = (f"row {int(row_numbers[i])} has {k} fields, the header {width}: a value "
                    "holding the separator? (quote it, or set the separator with sep=)")
            value = ", ".join(map(str, extra[:5]))
            arg = "sep"
        else:
            text = (f"row {int(row_numbers[i])} has only {k} of the {width} fields of the "
                    "header (a row cut short?)")
            value, arg = None, None
        problems.append({"row": None, "column": None, "value": value, "problem": text,
                         "table": "ratings", "argument": arg,
                         "source_row": int(row_numbers[i])})
        drop.append(i)
    return problems, drop


def build_table(cells: pd.DataFrame, row_numbers: ArrayLike, n_fields: np.ndarray | None = None,
                *, header_row: int | None = None, skip_rows: int | None = None, fmt: str,
                file: str | os.PathLike[str] | None, sheet: str | None = None,
                letters: bool = False, text: bool = False,
                attrs: Mapping[str, Any] | None = None,
                blank: np.ndarray | None = None) -> Raw:
    """A :class:`Raw` table from every record of a sheet or text file.

    Parameters
    ----------
    cells : pandas.DataFrame
        One row per record (object cells, positional columns).
    row_numbers : array of int
        The row number a spreadsheet shows for each record.
    n_fields : array of int, optional
        CSV: fields on each record (ragged rows are problems).
    blank : array of bool, optional
        Records with nothing in them, when the caller knows (CSV: from the lines); else
        computed from the cells.
    """
    row_numbers = np.asarray(row_numbers, dtype=np.int64)
    filled = _filled(cells) if blank is None else _partial_filled(cells, blank)
    pos = header_position(row_numbers, filled, header_row=header_row, skip_rows=skip_rows,
                          file=file)
    raw_attrs = dict(attrs or {})
    if pos < 0:  # nothing at all
        return Raw(pd.DataFrame(), fmt, file=file, sheet=sheet, source_row=[], text=text,
                   attrs={**raw_attrs, "empty": "blank"})
    if header_row is None and skip_rows is None:
        title = _title_problem(cells, row_numbers, filled, pos, file, sheet)
        if title is not None:
            raise CaseDataError([title], title=f"cannot find the header in "
                                               f"{display_name(file)}")
    header = cells.iloc[pos].tolist()
    width = len(header) if n_fields is None else int(n_fields[pos])
    body = np.arange(pos + 1, len(cells))
    body = body[filled[body] > 0]
    data = cells.iloc[body].reset_index(drop=True)
    rows = row_numbers[body]
    problems: list[Record] = []
    drop: list[int] = []
    if n_fields is not None:
        problems, drop = _ragged(np.asarray(n_fields)[body], width, data, rows)
    while len(header) > width:
        header = header[:-1]
    names, keep, name_problems, warns = _names(header + [None] * (width - len(header)),
                                               letters, data)
    if drop:
        mask = np.ones(len(data), bool)
        mask[drop] = False
        data, rows = data[mask].reset_index(drop=True), rows[mask]
    frame = data.iloc[:, [j for j in keep if j < data.shape[1]]].copy()
    frame = frame.reindex(columns=frame.columns.tolist()
                          + [j for j in keep if j >= data.shape[1]])
    frame.columns = names
    letter_map = {n: column_letter(j) for n, j in zip(names, keep, strict=True)} \
        if letters else {}
    if not len(frame):
        raw_attrs["empty"] = "header only"
    return Raw(frame, fmt, file=file, sheet=sheet, source_row=rows, letters=letter_map,
               text=text, problems=name_problems + problems, warnings=warns, attrs=raw_attrs)
