"""Write sudden-gains tables to Excel or SPSS (suddengains ``write_bysg`` / ``write_byperson``)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._validate import check_option
from .byperson import SuddenGainsByPersonResult
from .gains import SuddenGainsResult

__all__ = ["write_sudden_gains", "spss_names"]

FORMATS = {".xlsx": "excel", ".sav": "spss", ".csv": "csv"}

# SPSS Statistics command syntax reference, "Variable names": at most 64 bytes, starting with
# a letter or @, #, $ (casekit uses a letter), then letters, digits, ., _, @, #, $; not ending
# in a period; reserved keywords are not allowed; names are unique without regard to case.
_SPSS_RESERVED = {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO",
                  "WITH"}
_SPSS_MAX_BYTES = 64


def spss_names(columns: Iterable[str]) -> dict[str, str]:
    """Column name -> a variable name SPSS accepts (unchanged where it already does).

    Characters SPSS refuses become ``_``, a name that does not start with a letter gets a
    ``v`` in front, a trailing period or a reserved word gets a ``_`` after it, names are cut
    to 64 bytes and made unique regardless of case (``_2``, ``_3``, ...).
    """
    out, taken = {}, set()
    for col in columns:
        name = re.sub(r"[^A-Za-z0-9_.@#$]", "_", str(col))
        if not name or not name[0].isalpha():
            name = "v" + name
        if name.endswith(".") or name.upper() in _SPSS_RESERVED:
            name += "_"
        name = name.encode("utf-8")[:_SPSS_MAX_BYTES].decode("utf-8", "ignore")
        base, k = name, 2
        while name.upper() in taken:
            suffix = f"_{k}"
            name = base.encode("utf-8")[:_SPSS_MAX_BYTES - len(suffix)].decode(
                "utf-8", "ignore") + suffix
            k += 1
        taken.add(name.upper())
        out[col] = name
    return out


def _table(result: Any, measure: str | None) -> pd.DataFrame:
    if isinstance(result, SuddenGainsByPersonResult):
        return result.summary
    if isinstance(result, SuddenGainsResult):
        return result.to_suddengains(measure)
    raise TypeError("result must be a sudden_gains / sudden_losses result (one row per gain) "
                    "or a sudden_gains_by_person result (one row per person); got "
                    f"{type(result).__name__}")


def _spss_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Numbers as float64 (missing = system-missing), text as str (missing = empty)."""
    out = pd.DataFrame(index=table.index)
    for col in table.columns:
        s = table[col]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            out[col] = pd.to_numeric(s.astype(object).where(s.notna(), np.nan)).astype(float)
        else:
            out[col] = s.astype(object).where(s.notna(), "").astype(str)
    return out


def _write_spss(table: pd.DataFrame, path: Path, label: str) -> None:
    try:
        import pyreadstat  # lazy: an optional dependency (casekit[io])
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("writing SPSS files needs pyreadstat: pip install 'casekit[io]'") \
            from exc
    names = spss_names(table.columns)
    frame = _spss_frame(table).rename(columns=names)
    labels: dict[str, str | None] = {names[c]: str(c) for c in table.columns}
    pyreadstat.write_sav(frame, str(path), file_label=label[:64], column_labels=labels)


def _write_excel(table: pd.DataFrame, path: Path, label: str) -> None:
    try:
        import openpyxl  # noqa: F401  # lazy: an optional dependency (casekit[io])
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("writing Excel files needs openpyxl: pip install 'casekit[io]'") \
            from exc
    frame = table.copy()
    for col in frame.columns:  # nullable integers and text: plain cells, missing = empty
        if isinstance(frame[col].dtype, pd.api.extensions.ExtensionDtype):
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    frame.to_excel(path, sheet_name=label[:31] or "sudden gains", index=False,
                   engine="openpyxl")


def write_sudden_gains(result: Any, path: str | os.PathLike[str], *, format: str | None = None,
                       measure: str | None = None) -> Path:
    """Write a sudden-gains table to Excel (.xlsx), SPSS (.sav) or CSV.

    Parameters
    ----------
    result : SuddenGainsResult or SuddenGainsByPersonResult
        :func:`sudden_gains` / :func:`sudden_losses` (one row per gain: the table of
        suddengains ``create_bysg``, :meth:`SuddenGainsResult.to_suddengains`) or
        :func:`sudden_gains_by_person` (one row per person: ``create_byperson``).
    path : str or pathlib.Path
        The file to write; its extension gives the format unless ``format`` is given.
    format : {"excel", "spss", "csv"}, optional
        ``"excel"`` (.xlsx, openpyxl), ``"spss"`` (.sav, pyreadstat) or ``"csv"``.
    measure : str, optional
        The measure, when a by-gain result holds several (a table holds one).

    Returns
    -------
    pathlib.Path
        The file written.

    See Also
    --------
    sudden_gains_by_person : the by-person table.
    spss_names : the variable names written to SPSS.

    Notes
    -----
    Mirrors suddengains 0.7.2 ``write_bysg`` / ``write_byperson`` (``format = "Excel"`` via
    writexl, ``"SPSS"`` via haven): the same columns (``id, id_sg, sg_crit123,
    sg_session_n, ...``; see :func:`sudden_gains_by_person`). Missing values are empty cells
    in Excel and CSV and system-missing in SPSS (empty strings in text variables). SPSS
    variable names follow SPSS's rules (:func:`spss_names`); where a name had to change, the
    original is kept as the variable label (every variable is labelled with the table's
    column name). SPSS and CSV keep every digit of the numbers; Excel keeps 15 significant
    digits (openpyxl writes 16), so a value comes back within a relative 1e-15.

    References
    ----------
    Wiedemann, Thew, Stott & Ehlers (2020), doi:10.1371/journal.pone.0230276.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import casekit as ck
    >>> res = ck.sudden_gains([35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7],
    ...                       sg_crit1_cutoff=7, improvement="decrease", measure="bdi")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     out = write_sudden_gains(res, pathlib.Path(tmp) / "bysg.csv")
    ...     print(out.read_text().splitlines()[0][:40])
    case,id_sg,sg_crit123,sg_session_n,sg_fr
    """
    path = Path(path)
    if format is None:
        if path.suffix.lower() not in FORMATS:
            raise ValueError(f"cannot tell the format from {path.name!r}: use one of "
                             f"{', '.join(FORMATS)} or pass format=")
        format = FORMATS[path.suffix.lower()]
    format = check_option(format, "format", ("excel", "spss", "csv"))
    table = _table(result, measure)
    label = result.title
    if format == "spss":
        _write_spss(table, path, label)
    elif format == "excel":
        _write_excel(table, path, label)
    else:
        table.to_csv(path, index=False)
    return path
