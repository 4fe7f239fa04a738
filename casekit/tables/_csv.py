"""CSV writer: full precision, with formula-like text neutralised for spreadsheets."""

from __future__ import annotations

import numbers
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..results import Result
from ._model import Table

__all__ = ["write_csv", "neutralise", "CSV_README", "CSV_README_NAME", "FORMULA_PREFIXES"]

#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Name of the explanation written next to the CSV files.
CSV_README_NAME = "README-csv.txt"
CSV_README = """\
About the CSV tables in this folder (written by casekit)

* Numbers are written at full precision (shortest decimal text that reads back to the same
  double; no rounding). Missing values are empty cells. Column names are casekit's
  (docs/data-format.md and the result's documentation), not the APA headers of the
  formatted tables.
* Text cells that begin with =, +, -, @, a tab or a carriage return were written with one
  leading apostrophe (') so that spreadsheet programs show them as text instead of running
  them as formulas (OWASP, "CSV Injection"). Text cells that begin with an apostrophe got one
  more, so the rule can be undone exactly: remove one leading apostrophe from every text cell
  that begins with one. Numbers are never changed.
* Encoding UTF-8, comma-separated, line ends LF, quoting as in RFC 4180.
"""


def neutralise(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would take it for a formula.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading ``'`` (OWASP's
    advice); text already starting with ``'`` gets one more, so that removing one leading
    apostrophe from every text cell that has one recovers the original exactly.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("-5 points")
    "'-5 points"
    >>> neutralise("PHQ-9")
    'PHQ-9'
    """
    text = str(text)
    return "'" + text if text.startswith((*FORMULA_PREFIXES, "'")) else text


def _cell(v: Any) -> Any:
    if isinstance(v, str):
        return neutralise(v)
    if v is None or isinstance(v, (bool, np.bool_, numbers.Number)):
        return v
    if v is pd.NA or v is pd.NaT:
        return v
    return neutralise(str(v))


def _frame(data: Table | Result | pd.DataFrame) -> pd.DataFrame:
    if isinstance(data, Table):
        return data.data
    if isinstance(data, Result):
        return data.summary
    if isinstance(data, pd.DataFrame):
        return data
    raise TypeError("data must be a casekit Result, a Table or a pandas DataFrame; got "
                    f"{type(data).__name__}")


def write_csv(data: Table | Result | pd.DataFrame, path: str | os.PathLike[str], *,
              readme: bool = True) -> Path:
    """Write a result's numbers (or a table's, or a DataFrame) to CSV at full precision.

    Parameters
    ----------
    data : Result, Table or pandas.DataFrame
        A result (its ``.summary``), an APA :class:`Table` (its full-precision ``data``, every
        source column, also those of the supplementary table) or a DataFrame.
    path : str or path-like
        The .csv file.
    readme : bool
        Also write :data:`CSV_README_NAME` next to it, which says how numbers, missing values
        and neutralised cells are written (the same text every time).

    Returns
    -------
    pathlib.Path
        The CSV file written.

    Notes
    -----
    Spreadsheets run a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return as a formula, which an attacker can plant in a label (CSV injection). Such text
    cells, and column names, get a leading apostrophe (:func:`neutralise`); numbers are
    written unchanged (a negative number stays ``-0.5``), at full precision.
    """
    frame = _frame(data)
    columns = []
    for j in range(frame.shape[1]):
        s = frame.iloc[:, j].reset_index(drop=True)
        if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)
                or pd.api.types.is_datetime64_any_dtype(s)):
            s = s.astype(object).map(_cell, na_action="ignore")
        columns.append(s)
    out = pd.concat(columns, axis=1, ignore_index=True) if columns else pd.DataFrame()
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in frame.columns]
    path = Path(path)
    out.to_csv(path, index=False, lineterminator="\n", na_rep="", encoding="utf-8")
    if readme:
        (path.parent / CSV_README_NAME).write_text(CSV_README, encoding="utf-8", newline="\n")
    return path
