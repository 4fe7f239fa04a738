"""Pieces every reader of casekit.io shares: constants, the raw table, problem records."""

from __future__ import annotations

import os
import warnings as _warnings
from collections.abc import Collection, Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._validate import check_option
from ..exceptions import ArgumentError, CaseDataWarning, CaseFileError
from ..schema import CASE, DATE, PHASE, RATER, SESSION

__all__ = ["FORMATS", "LAYOUTS", "SUFFIX", "ID_COLUMNS", "REDCAP_META", "REDCAP_EVENT_PATTERN",
           "MAX_WHOLE", "Raw", "problem", "warning_record", "option", "is_blank", "code_text",
           "display_name", "infer_format", "rename_columns", "merge_problems", "emit"]

FORMATS = ("csv", "excel", "spss", "redcap", "dataframe")
LAYOUTS = ("long", "wide")
SUFFIX = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "excel", ".xlsm": "excel",
          ".sav": "spss", ".zsav": "spss"}
#: files casekit does not read, and what they are
_OTHER_FORMATS = {".xls": "an Excel 97-2003 workbook (.xls)",
                  ".ods": "an OpenDocument spreadsheet (.ods)",
                  ".numbers": "an Apple Numbers file"}
#: columns of a wide table that describe the session rather than a measure
ID_COLUMNS = (CASE, SESSION, DATE, PHASE, RATER)
REDCAP_META = ("redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
               "redcap_data_access_group", "redcap_survey_identifier")
#: default REDCap event names carrying a session number: "session_12_arm_1", "visit_3_arm_2"
REDCAP_EVENT_PATTERN = r"^(?:session|visit|week|s)_?(?P<session>-?\d+)_arm_\d+$"
#: largest session or item number (a 32-bit integer; anything larger is a typo, e.g. 1e30)
MAX_WHOLE = 2**31 - 1

#: a problem or warning record (``row``, ``column``, ``value``, ``problem``, ``table`` ...)
Record: TypeAlias = dict[str, Any]
#: SPSS user-missing values: column -> list of (lo, hi) ranges (numbers, or one text code)
UserMissing: TypeAlias = dict[str, list[tuple[Any, Any]]]


class Raw:
    """The cells of a source as read, before any parsing, and what the reader learnt.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per data row of the source (row ``i`` is data row ``i``: the first row under
        the header is 0), columns named as in the header (spaces stripped), cells untouched
        (text for CSV; Python objects for Excel, SPSS and DataFrames).
    fmt : str
        ``csv``, ``excel``, ``spss`` or ``dataframe``.
    file, sheet : str or None
        The file as given and the Excel sheet name.
    source_row : numpy.ndarray or None
        Per data row, the row number a spreadsheet (or text editor) shows; ``None`` for
        DataFrames.
    letters : dict
        Column name -> spreadsheet letter (Excel).
    text : bool
        Cells are text as written (CSV).
    problems, warnings : list of dict
        Problems and warnings of the file's structure (header, ragged rows, formulas...).
    user_missing : dict
        SPSS: column -> list of (lo, hi) user-missing ranges.
    origin : pandas.Timestamp or None
        Day 0 of Excel serial dates of this workbook (1900 or 1904 date system).
    attrs : dict
        Recorded in ``df.attrs["casekit"]`` (sep, encoding, SPSS labels).
    """

    def __init__(self, frame: pd.DataFrame, fmt: str, *,
                 file: str | os.PathLike[str] | None = None, sheet: str | None = None,
                 source_row: ArrayLike | None = None, letters: Mapping[str, str] | None = None,
                 text: bool = False, problems: Iterable[Record] = (),
                 warnings: Iterable[Record] = (), user_missing: UserMissing | None = None,
                 origin: pd.Timestamp | None = None,
                 attrs: Mapping[str, Any] | None = None) -> None:
        self.frame = frame
        self.fmt = fmt
        self.file = None if file is None else str(file)
        self.sheet = sheet
        self.source_row = None if source_row is None else np.asarray(source_row, np.int64)
        self.letters: dict[str, str] = dict(letters or {})
        self.text = text
        self.problems: list[Record] = list(problems)
        self.warnings: list[Record] = list(warnings)
        self.user_missing: UserMissing = dict(user_missing or {})
        self.origin = origin
        self.attrs: dict[str, Any] = dict(attrs or {})

    @property
    def name(self) -> str:
        """How the source is named in messages: the file name, or "the DataFrame"."""
        return display_name(self.file)


def display_name(file: str | os.PathLike[str] | None) -> str:
    if file is None:
        return "the DataFrame"
    return os.path.basename(str(file)) or str(file)


def problem(row: int | np.integer[Any] | None, column: Hashable, value: object, text: str,
            table: str = "ratings", argument: str | None = None) -> Record:
    """One problem record (``row`` a 0-based data row of the source, or ``None``)."""
    if isinstance(value, np.generic):
        value = value.item()
    return {"row": None if row is None else int(row), "column": column, "value": value,
            "problem": text, "table": table, "argument": argument}


def warning_record(text: str, *, column: Hashable = None, value: object = None,
                   table: str = "ratings", argument: str | None = None,
                   cls: str = "CaseDataWarning") -> Record:
    """One warning collected while reading (column-level: ``row`` is ``None``)."""
    if isinstance(value, np.generic):
        value = value.item()
    return {"row": None, "column": column, "value": value, "problem": text, "table": table,
            "warning": cls, "argument": argument}


def option(value: str, name: str, options: Iterable[str]) -> str:
    """``check_option`` raising :class:`~casekit.exceptions.ArgumentError` (names ``name``)."""
    try:
        return check_option(value, name, options)
    except ValueError as exc:
        raise ArgumentError(str(exc), name) from None


def is_blank(v: object, na_values: Collection[str]) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)) and np.isnan(v):
        return True
    return isinstance(v, str) and v.strip() in na_values


def code_text(v: object) -> str:
    """Text of a cell that arrived as a number (``1.0`` from SPSS -> ``'1'``)."""
    if isinstance(v, (float, np.floating)) and np.isfinite(v) and float(v).is_integer():
        return str(int(v))
    return str(v)


def infer_format(source: object, fmt: str | None) -> str:
    if isinstance(source, pd.DataFrame):
        return "dataframe" if fmt in (None, "dataframe") else option(fmt, "format",
                                                                    ("dataframe", "redcap"))
    if fmt is not None:
        return option(fmt, "format", FORMATS)
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be a path or a pandas DataFrame; got "
                        f"{type(source).__name__}")
    suffix = Path(source).suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise CaseFileError(source, f"{_OTHER_FORMATS[suffix]}; casekit reads .xlsx, .csv and "
                                    ".sav files: save it as .xlsx or .csv")
    if suffix not in SUFFIX:
        raise ArgumentError(f"cannot tell the format of {str(source)!r} from its suffix "
                            f"{suffix!r}; pass format= (one of "
                            f"{', '.join(map(repr, FORMATS))})", "format")
    return SUFFIX[suffix]


def rename_columns(frame: pd.DataFrame,
                   columns: Mapping[str, str] | None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Apply ``columns=`` (source name -> tidy name); nothing ignored, nothing duplicated.

    Returns the frame and the map tidy name -> source name of the renamed columns.
    """
    if not columns:
        return frame, {}
    mapping = {str(k): str(v) for k, v in dict(columns).items()}
    present = list(frame.columns)
    absent = [k for k in mapping if k not in present]
    if absent:
        raise ArgumentError(f"columns= renames {absent}, which the source does not have; "
                            f"columns present: {present}", "columns")
    renamed = [mapping.get(c, c) for c in present]
    dup = sorted({str(c) for c in renamed if renamed.count(c) > 1})
    if dup:
        raise ArgumentError(f"columns= would give the source two columns named {dup} (the "
                            "source already has one); drop or rename the existing column "
                            "first", "columns")
    return frame.rename(columns=mapping), {v: k for k, v in mapping.items()}


def emit(records: Iterable[Mapping[str, Any]], stacklevel: int) -> None:
    """Emit collected warnings as Python warnings (one per record)."""
    for w in records:
        _warnings.warn(w["problem"], CaseDataWarning, stacklevel=stacklevel + 1)


def merge_problems(first: list[Record], later: list[Record]) -> list[Record]:
    """Reading problems, then validation problems not already said about the same cell.

    A cell that could not be parsed is NaN for the validator, which would report it again as
    missing; a wide source row gives several long rows with the same table-level problem.
    """
    seen = {(p.get("table", "ratings"), p["row"], p["column"]) for p in first}
    session_rows = {p["row"] for p in first if p["column"] in (
        SESSION, "redcap_event_name", "redcap_repeat_instance")}
    out, said = list(first), set()
    for rec in later:
        key = (rec.get("table"), rec["row"], rec["column"])
        if key in seen:
            continue
        if rec["column"] == SESSION and str(rec["problem"]).startswith("session is missing") \
                and rec["row"] in session_rows:
            continue
        full = (*key, rec["problem"])
        if full in said:
            continue
        said.add(full)
        out.append(rec)
    return out
