"""read_phases: a phase table (``case, phase, start, end, role, definition``; ``label``)."""

from __future__ import annotations

import os
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..schema import DEFAULT_NA_VALUES, END, LABEL, PHASES_REQUIRED, START, order_columns
from ..validation import validate_phases
from ._cells import CellParser, text_column, whole_column
from ._common import Record
from ._tables import read_table, select_and_check

__all__ = ["read_phases"]


def _parse(frame: pd.DataFrame, problems: list[Record]) -> pd.DataFrame:
    parser = CellParser((), DEFAULT_NA_VALUES, ".")
    rows = np.arange(len(frame))
    out = pd.DataFrame(index=frame.index)
    for c in frame.columns:
        cells = frame[c].to_numpy(dtype=object)
        if c in (START, END):
            v = whole_column(parser, cells, c, rows, problems, table="phases")
            out[c] = v.astype("int64") if not v.isna().any() else v
        else:
            out[c] = text_column(cells, parser.na_values, frame.index)
    return order_columns(out, (*PHASES_REQUIRED, LABEL))


def read_phases(source: str | os.PathLike[str] | pd.DataFrame, *, format: str | None = None, columns: Mapping[str, str] | None = None,
                case: str | None = None, ratings: pd.DataFrame | None = None,
                sep: str | None = None, sheet: str | int = 0, encoding: str | None = None,
                header_row: int | None = None, skip_rows: int | None = None,
                validate: bool = True, warn: bool = True) -> pd.DataFrame:
    """Read a phase table (``case, phase, start, end, role, definition``; optional ``label``).

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        CSV, Excel or DataFrame.
    format : {'csv', 'excel', 'dataframe'}, optional
    columns : dict, optional
        Renames source columns to tidy names (as in :func:`read_sessions`: absent names and
        renames onto an existing column raise).
    case : str, optional
        The case: labels a table without a case column, or selects the rows of that case from
        a table with one (absent case: ``ArgumentError`` listing the cases; blank case cells: a
        problem), as in :func:`read_sessions`.
    ratings : pandas.DataFrame, optional
        The case's ratings: the phases must then cover every rated session exactly once.
    sep, sheet, encoding, header_row, skip_rows, warn
        As in :func:`read_sessions`.
    validate : bool, default True
        Check roles (``baseline``, ``intervention``, ``maintenance``, ``follow_up``),
        definitions (``a_priori``, ``data_driven``, ``post_hoc``), ``start <= end``, overlaps
        and (with ``ratings``) coverage.

    Returns
    -------
    pandas.DataFrame
        ``case, phase, start (int64), end (int64), role, definition`` (str), then ``label`` and
        other columns (text); ``df.attrs["casekit_source"]`` is its source map.

    Raises
    ------
    casekit.CaseDataError
        Listing every problem (``row``: 0-based data row of the source; the place as a
        spreadsheet shows it in ``where``).

    See Also
    --------
    casekit.schema.assign_phases, casekit.schema.phases_from_column, read_events,
    casekit.validation.validate_phases
    """
    raw, frame, renames, select = read_table(
        source, table="phases", format=format, columns=columns, case=case, sep=sep,
        sheet=sheet, encoding=encoding, header_row=header_row, skip_rows=skip_rows)
    problems, warns = list(raw.problems), list(raw.warnings)
    out = _parse(frame, problems)
    return select_and_check(out, raw, renames, "phases", case=case, select=select,
                            problems=problems, warns=warns, validate=validate, warn=warn,
                            check=validate_phases, ratings=ratings)
