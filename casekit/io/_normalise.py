"""The normaliser: typed tidy ratings from the raw cells of a long table.

Each column is parsed once (numbers with sentinel codes and blanks, whole numbers, dates,
text); a cell that cannot be read is a problem at its source row and column. Numbers written
with digits of other scripts (``'５'``, ``'٣'``) are read as the numbers they are, and said so
in a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from pandas.api.extensions import ExtensionArray

from .._dates import EXCEL_ORIGIN_1900, date_problems, parse_dates
from ..schema import (
    CASE,
    DATE,
    ITEM,
    MEASURE,
    MISSING_CODE,
    PHASE,
    RATER,
    RATINGS_COLUMNS,
    SCALE,
    SESSION,
    VALUE,
    order_columns,
)
from ._cells import (
    CellParser,
    extra_column,
    foreign_digit_warning,
    session_of,
    text_column,
    whole_column,
)
from ._common import Record, problem

__all__ = ["normalise", "parse_date_column"]

_COMMA_NUMBER = re.compile(r"[+-]?\d+,\d+")


def parse_date_column(cells: ArrayLike, rows: ArrayLike, column: str, *,
                      date_format: str | None, na_values: Iterable[str],
                      origin: pd.Timestamp | None, problems: list[Record],
                      table: str = "ratings", label: str | None = None,
                      session: Callable[[int], str] | None = None) -> np.ndarray:
    """datetime64[ns] values of a date column; problems appended (one per unexpected format;
    a problem about one cell names its session with ``session``, see :func:`session_of`)."""
    arr = np.asarray(cells, dtype=object)
    out, status = parse_dates(arr, date_format=date_format, na_values=na_values,
                              origin=origin if origin is not None else EXCEL_ORIGIN_1900)
    if status.any():
        problems.extend(date_problems(arr, status, rows, column=column,
                                      date_format=date_format, table=table, label=label,
                                      session=session))
    return out


def _values(long: pd.DataFrame, parser: CellParser, rows: np.ndarray, cols: np.ndarray,
            problems: list[Record], warns: list[Record],
            said: Callable[[int], str]) -> tuple[np.ndarray, ExtensionArray]:
    """Values and missing codes; a problem names the session of its row (``said``)."""
    vals, codes, bad, foreign = parser.values(long[VALUE].to_numpy(dtype=object), cols)
    cells = long[VALUE].to_numpy(dtype=object)
    for i in np.flatnonzero(bad).tolist():
        text = str(cells[i]).strip()
        if parser.decimal == "." and _COMMA_NUMBER.fullmatch(text):
            problems.append(problem(rows[i], cols[i], cells[i],
                                    f"value{said(i)} is not a number with a decimal point "
                                    "(a decimal comma? set decimal= to ',')", argument="decimal"))
            continue
        problems.append(problem(rows[i], cols[i], cells[i],
                                f"value{said(i)} is neither a number nor a declared "
                                f"sentinel code (sentinel codes: {parser.sentinel_text}; "
                                "declare it with sentinels= or na_values=)",
                                argument="sentinels, na_values"))
    for i in np.flatnonzero(np.isinf(vals)).tolist():
        problems.append(problem(rows[i], cols[i], cells[i],
                                f"value{said(i)} is infinite (a number too large for a float)"))
    vals[np.isinf(vals)] = np.nan
    warns.extend(foreign_digit_warning(foreign, cells, cols))
    if MISSING_CODE in long.columns:
        given = text_column(long[MISSING_CODE].to_numpy(dtype=object),
                            parser.na_values).to_numpy(dtype=object)
        codes = np.where(pd.isna(codes), given, codes)
    # numpy's stubs take no None as the fill value of where (valid: an object array)
    blank_none = np.where(pd.isna(codes), None, codes)  # type: ignore[call-overload]
    return vals, pd.array(blank_none, dtype="str")


def normalise(long: pd.DataFrame, parser: CellParser, *, date_format: str | None,
              text_extras: bool, problems: list[Record], warns: list[Record],
              origin: pd.Timestamp | None = None, date_label: str = DATE,
              one_case: bool = False) -> pd.DataFrame:
    """Typed tidy ratings from raw cells; problems and warnings appended.

    A problem about a cell names the session of its row, and its case when the table holds
    several (not when ``one_case``: one case is selected from them).
    """
    na = parser.na_values
    rows = long["__ck_row"].to_numpy()
    cols = long["__ck_col"].to_numpy(dtype=object)
    out = pd.DataFrame(index=long.index)
    for c in (CASE, MEASURE, RATER, SCALE, PHASE):
        if c in long.columns:
            out[c] = text_column(long[c].to_numpy(dtype=object), na, long.index)
    sess = None
    if SESSION in long.columns:
        sess = whole_column(parser, long[SESSION].to_numpy(dtype=object), SESSION, rows,
                            problems, warns=warns)
        out[SESSION] = sess.astype("int64") if not sess.isna().any() else sess
    said = session_of(sess, out[CASE] if CASE in out.columns and not one_case else None)
    if ITEM in long.columns:
        out[ITEM] = whole_column(parser, long[ITEM].to_numpy(dtype=object), ITEM, rows,
                                 problems, warns=warns, session=said)
    if DATE in long.columns:
        out[DATE] = parse_date_column(long[DATE].to_numpy(dtype=object), rows, DATE,
                                      date_format=date_format, na_values=na, origin=origin,
                                      problems=problems, label=date_label, session=said)
    if VALUE in long.columns:
        out[VALUE], out[MISSING_CODE] = _values(long, parser, rows, cols, problems, warns,
                                                      said)
    for c in long.columns:
        if c in out.columns or c in ("__ck_row", "__ck_col") or c in RATINGS_COLUMNS:
            continue
        out[c] = extra_column(long[c].to_numpy(dtype=object), na, long.index) \
            if text_extras else long[c].to_numpy()
    return order_columns(out)
