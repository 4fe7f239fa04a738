"""One entry point to the readers of every source format: :func:`read_raw`."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import ArgumentError, CaseFileError
from ._common import Raw, Record, problem
from ._csv import read_csv_raw
from ._excel import read_excel_raw
from ._spss import read_spss_raw

__all__ = ["read_raw"]

_CONTAINERS = (list, dict, set, tuple, np.ndarray, bytearray)


def _frame_raw(df: pd.DataFrame) -> Raw:
    """A DataFrame source: its cells as they are; duplicate column names are problems."""
    frame = df.copy()
    names = [str(c) for c in frame.columns]
    problems: list[Record] = []
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(problem(None, name, None, f"column name {name!r} appears "
                                                  f"{names.count(name)} times"))
        seen = 0
        for j, n in enumerate(names):
            if n == name:
                seen += 1
                if seen > 1:
                    names[j] = f"{name} ({seen})"
    frame.columns = names
    frame = frame.reset_index(drop=True)
    for name in frame.columns:  # a list or dict in a cell is no value (and cannot be hashed)
        if frame[name].dtype != object:
            continue
        arr = frame[name].to_numpy(dtype=object)
        bad = np.fromiter((isinstance(v, _CONTAINERS) for v in arr), bool, len(arr))
        for i in np.flatnonzero(bad):
            problems.append(problem(i, name, None, f"cell holds a {type(arr[i]).__name__}, "
                                                   "not a value"))
        if bad.any():
            # numpy's stubs take no None as the fill value of where (valid: object array)
            frame[name] = np.where(bad, None, arr)  # type: ignore[call-overload]
    return Raw(frame, "dataframe", problems=problems)


def read_raw(source: str | os.PathLike[str] | pd.DataFrame, fmt: str, *,
             sep: str | None = None, encoding: str | None = None, sheet: str | int = 0,
             header_row: int | None = None, skip_rows: int | None = None) -> Raw:
    """The raw cells of ``source`` (a path or a DataFrame) in format ``fmt``."""
    if isinstance(source, pd.DataFrame):
        if header_row is not None or skip_rows is not None:
            raise ArgumentError("header_row= and skip_rows= apply to CSV and Excel files, "
                                "not to a DataFrame", "header_row, skip_rows")
        raw = _frame_raw(source)
    else:
        path = Path(source)
        if not path.is_file():
            if path.is_dir():
                raise CaseFileError(path, "is a folder, not a file")
            raise FileNotFoundError(f"source file not found: {str(path)!r}")
        try:
            if fmt in ("csv", "redcap"):
                raw = read_csv_raw(path, sep=sep, encoding=encoding, header_row=header_row,
                                   skip_rows=skip_rows)
            elif fmt == "excel":
                raw = read_excel_raw(path, sheet=sheet, header_row=header_row,
                                     skip_rows=skip_rows)
            else:
                if header_row is not None or skip_rows is not None:
                    raise ArgumentError("header_row= and skip_rows= apply to CSV and Excel "
                                        "files, not to SPSS files", "header_row, skip_rows")
                raw = read_spss_raw(path)
        except PermissionError:
            raise CaseFileError(path, "cannot be opened: permission denied") from None
        except IsADirectoryError:
            raise CaseFileError(path, "is a folder, not a file") from None
    if not len(raw.frame) and "empty" not in raw.attrs:
        raw.attrs["empty"] = "header only" if raw.frame.shape[1] else "blank"
    if raw.source_row is None and raw.file is not None:
        raw.source_row = np.arange(1, len(raw.frame) + 1)
    return raw
