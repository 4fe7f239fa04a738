"""Places of reading problems in the source, and the source map of a table read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._source import ATTRS_KEY, LOCATION_COLUMNS, SourceMap, location_text
from ..schema import MEASURE, SESSION
from ._common import Raw, Record

__all__ = ["locate_reading", "make_source_map", "data_rows_of"]


def _source_name(column: object, raw: Raw, renames: Mapping[str, str]) -> str | None:
    if not isinstance(column, str):  # None, or a label no source column has (they are text)
        return None
    if column in renames:
        return renames[column]
    return column if column in raw.frame.columns else None


def locate_reading(records: list[Record], raw: Raw,
                   renames: Mapping[str, str]) -> list[Record]:
    """Complete reading problems (or warnings) with their place in the source.

    ``row`` is the 0-based data row of the source, ``column`` a source or tidy column; keys
    already set (e.g. the ``source_row`` of a ragged line) are kept.
    """
    for p in records:
        row = p.get("row")
        src_row = p.get("source_row")
        if src_row is None and row is not None and raw.source_row is not None \
                and 0 <= row < len(raw.source_row):
            src_row = int(raw.source_row[row])
        src_col = p.get("source_column") or _source_name(p.get("column"), raw, renames)
        letter = p.get("column_letter") or (raw.letters.get(src_col) if src_col else None)
        p.update({"file": raw.file, "sheet": raw.sheet, "source_row": src_row,
                  "source_column": src_col, "column_letter": letter,
                  "where": location_text(raw.file, raw.sheet, src_row, src_col, letter)})
        p.setdefault("argument", None)
    return records


def make_source_map(out: pd.DataFrame, raw: Raw, *, data_row: ArrayLike,
                    cell_columns: ArrayLike | None = None, renames: Mapping[str, str],
                    strict_totals: bool = False,
                    warnings: Iterable[Record] = ()) -> SourceMap:
    """The :class:`SourceMap` of table ``out`` (row ``i`` read from data row ``data_row[i]``)."""
    data_row = np.asarray(data_row, dtype=np.int64)
    source_row = None if raw.source_row is None else raw.source_row[data_row]
    columns: dict[str, str] = {}
    for c in out.columns:
        src = _source_name(c, raw, renames)
        # (src is not None only for a text column name)
        if isinstance(c, str) and src is not None and (
                cell_columns is None
                or c not in ("value", "item", "scale", "measure", "missing_code")):
            columns[c] = src
    cell_column: np.ndarray | None = None
    cell_names: tuple[str, ...] = ()
    if cell_columns is not None:
        codes, names = pd.factorize(np.asarray(cell_columns, dtype=object))
        cell_column, cell_names = codes, tuple(str(n) for n in names)
    session = pd.to_numeric(out[SESSION], errors="coerce").to_numpy(
        dtype=float, na_value=np.nan) if SESSION in out.columns else None
    measure = out[MEASURE].to_numpy(dtype=object) if MEASURE in out.columns else None
    return SourceMap(file=raw.file, sheet=raw.sheet, data_row=data_row, source_row=source_row,
                     columns=columns, cell_column=cell_column, cell_names=cell_names,
                     letters=raw.letters, session=session, measure=measure,
                     strict_totals=strict_totals,
                     warnings=[{k: w.get(k) for k in (*w.keys(), *LOCATION_COLUMNS)}
                               for w in warnings])


def data_rows_of(table: pd.DataFrame, records: list[dict[Any, Any]],
                 table_name: str) -> list[dict[Any, Any]]:
    """Problems of :func:`casekit.validate` on a table just read: ``row`` (a row label of the
    table) becomes the 0-based data row of the source, as in reading problems.

    ``records`` are the rows of the problem table (``DataFrame.to_dict("records")``, keyed by
    its column names); they are completed in place and returned."""
    smap = table.attrs.get(ATTRS_KEY)
    for p in records:
        if (p.get("table") or "ratings") != table_name or p.get("row") is None:
            continue
        if isinstance(smap, SourceMap):
            p["row"] = int(smap.data_row[int(p["row"])])
    return records
