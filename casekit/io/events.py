"""read_events: an events table (``case, session, event, note``; optional ``source``, ``date``)."""

from __future__ import annotations

import os
import warnings as _warnings
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..exceptions import CaseDataWarning
from ..schema import (
    CASE,
    DATE,
    DEFAULT_NA_VALUES,
    EVENT,
    EVENTS_REQUIRED,
    NOTE,
    SESSION,
    SOURCE,
    order_columns,
)
from ..validation import validate_events
from ._cells import CellParser, extra_column, text_column, whole_column
from ._common import Raw, Record
from ._normalise import parse_date_column
from ._tables import read_table, select_and_check

__all__ = ["read_events"]


def _parse(frame: pd.DataFrame, raw: Raw, renames: Mapping[str, str],
           date_format: str | None, problems: list[Record]) -> pd.DataFrame:
    parser = CellParser((), DEFAULT_NA_VALUES, ".")
    rows = np.arange(len(frame))
    out = pd.DataFrame(index=frame.index)
    for c in frame.columns:
        cells = frame[c].to_numpy(dtype=object)
        if c == SESSION:
            out[c] = whole_column(parser, cells, SESSION, rows, problems, table="events")
        elif c == DATE:
            out[c] = parse_date_column(cells, rows, DATE, date_format=date_format,
                                       na_values=parser.na_values, origin=raw.origin,
                                       problems=problems, table="events",
                                       label=renames.get(DATE, DATE))
        elif c in (CASE, EVENT, NOTE, SOURCE, "subtype"):
            out[c] = text_column(cells, parser.na_values, frame.index)
        else:
            out[c] = extra_column(cells, parser.na_values, frame.index)
    return order_columns(out, (CASE, SESSION, DATE, EVENT, NOTE, SOURCE))


def read_events(source: str | os.PathLike[str] | pd.DataFrame, *, format: str | None = None, columns: Mapping[str, str] | None = None,
                case: str | None = None, ratings: pd.DataFrame | None = None,
                event_types: Iterable[str] | None = None, sep: str | None = None,
                sheet: str | int = 0,
                encoding: str | None = None, date_format: str | None = None,
                header_row: int | None = None, skip_rows: int | None = None,
                validate: bool = True, warn: bool = True) -> pd.DataFrame:
    """Read an events table (``case, session, event, note``; optional ``source``, ``date``).

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        CSV, Excel or DataFrame.
    format : {'csv', 'excel', 'dataframe'}, optional
        Default: from the suffix.
    columns : dict, optional
        Renames source columns to tidy names (as in :func:`read_sessions`: absent names and
        renames onto an existing column raise).
    case : str, optional
        The case: labels a table without a case column, or selects the rows of that case from
        a table with one (absent case: ``ArgumentError`` listing the cases; blank case cells: a
        problem), as in :func:`read_sessions`.
    ratings : pandas.DataFrame, optional
        The case's ratings: events must then fall on sessions that have ratings (a
        ``missed_session`` event may fall on a session without ratings: that is what it
        records).
    event_types : iterable of str, optional
        Custom event types allowed besides ``casekit.schema.ALL_EVENT_TYPES``.
    sep, sheet, encoding, date_format, header_row, skip_rows, warn
        As in :func:`read_sessions`.
    validate : bool, default True
        Check required columns, event types and (with ``ratings``) sessions.

    Returns
    -------
    pandas.DataFrame
        ``case`` (str), ``session`` (Int64: an event may carry only a date), ``date``
        (datetime64[ns], when present), ``event`` (str), ``note`` (str), then ``source`` and
        any other columns (Int64 when every cell is a whole number, else text). A file with a
        header and no rows gives an empty table; ``df.attrs["casekit_source"]`` is its source
        map (see :func:`read_sessions`).

    Raises
    ------
    casekit.CaseDataError
        Listing every problem (``row``: 0-based data row of the source; the place as a
        spreadsheet shows it in ``where``), also for an empty file.

    See Also
    --------
    read_sessions, read_phases, casekit.validation.validate_events
    """
    raw, frame, renames, select = read_table(
        source, table="events", format=format, columns=columns, case=case, sep=sep,
        sheet=sheet, encoding=encoding, header_row=header_row, skip_rows=skip_rows)
    problems, warns = list(raw.problems), list(raw.warnings)
    out = _parse(frame, raw, renames, date_format, problems)
    out = select_and_check(out, raw, renames, "events", case=case, select=select,
                           problems=problems, warns=warns, validate=validate, warn=warn,
                           check=validate_events, ratings=ratings, event_types=event_types)
    missing = [c for c in EVENTS_REQUIRED if c not in out.columns]
    if missing and not validate and warn:
        _warnings.warn(f"events lack {', '.join(missing)}", CaseDataWarning, stacklevel=2)
    return out
