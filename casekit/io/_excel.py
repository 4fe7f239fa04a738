"""Excel workbooks (.xlsx, .xlsm) through openpyxl: cells, row numbers, column letters.

Cells are read as Excel stored them (numbers, text, date cells; the saved value of a formula).
A formula cell without a saved value (a workbook written by a program that does not compute
formulas) would read as blank: it is a problem naming the cell, never a silent blank. A file
that is not a workbook (damaged, encrypted, an old .xls) is one :class:`CaseFileError` naming
the likely cause. Serial dates follow the workbook's date system (1900 or 1904).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._dates import EXCEL_ORIGIN_1904
from .._source import column_letter
from ..exceptions import ArgumentError, CaseFileError
from ._common import Raw, Record, problem
from ._header import build_table

if TYPE_CHECKING:  # openpyxl has no type information (Any for the checker)
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

__all__ = ["read_excel_raw"]

_NOT_XLSX = "not a valid .xlsx file (is it password-protected or damaged?)"


def _openpyxl() -> ModuleType:
    try:
        import openpyxl  # lazy: an optional dependency, and import casekit stays light
    except ImportError as exc:  # pragma: no cover - environment dependent
        raise ImportError("reading Excel files needs openpyxl: pip install 'casekit[io]'") \
            from exc
    module: ModuleType = openpyxl
    return module


def _open(path: Path, data_only: bool) -> Workbook:
    openpyxl = _openpyxl()
    with open(path, "rb") as fh:
        magic = fh.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise CaseFileError(path, "not a valid .xlsx file: it is an old Excel .xls file or a "
                                  "password-protected workbook; save it as .xlsx without a "
                                  "password")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # BadZipFile, KeyError, XML errors, InvalidFileException ...
        raise CaseFileError(path, f"{_NOT_XLSX} ({type(exc).__name__}: {exc})") from None


def _sheet_name(wb: Workbook, sheet: str | int) -> str:
    names: list[str] = list(wb.sheetnames)
    if isinstance(sheet, (int, np.integer)) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return names[int(sheet)]
    elif isinstance(sheet, str) and sheet in names:  # sheet names are text
        return sheet
    listed = ", ".join(repr(n) for n in names)
    raise ArgumentError(f"sheet= {sheet!r} is not a sheet of the workbook; sheets: {listed} "
                        "(or their positions 0, 1, ...)", "sheet")


def _rows(ws: ReadOnlyWorksheet, path: Path) -> list[tuple[Any, ...]]:
    try:
        return [tuple(r) for r in ws.iter_rows(min_row=1, min_col=1, values_only=True)]
    except Exception as exc:  # a damaged sheet, a date cell Python cannot hold ...
        raise CaseFileError(path, f"{_NOT_XLSX} ({type(exc).__name__}: {exc})") from None


def _has_formulas(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(b"<f" in z.read(n) for n in z.namelist()
                       if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    except (zipfile.BadZipFile, OSError, KeyError):
        return True


def _formula_problems(path: Path, name: str, values: list[tuple[Any, ...]]) -> list[Record]:
    """Problems for formula cells that have no saved value."""
    wb = _open(path, data_only=False)
    try:
        formulas = _rows(wb[name], path)
    finally:
        wb.close()
    cells: list[tuple[int, int, str]] = []
    for i, (vrow, frow) in enumerate(zip(values, formulas, strict=False)):
        for j, f in enumerate(frow):
            if isinstance(f, str) and f.startswith("=") and (
                    j >= len(vrow) or vrow[j] is None):
                cells.append((i + 1, j, f))
    out: list[Record] = []
    for row, j, f in cells:
        cell = f"{column_letter(j)}{row}"
        p = problem(None, None, f, f"cell {cell} holds a formula ({f[:40]}) without a saved "
                                   "value; open the workbook in Excel or LibreOffice and save "
                                   "it (that computes the formulas), or paste the values")
        p["source_row"] = row
        p["column_letter"] = column_letter(j)
        out.append(p)
    return out


def read_excel_raw(path: Path, *, sheet: str | int = 0, header_row: int | None = None,
                   skip_rows: int | None = None) -> Raw:
    """The cells of one sheet (see the module docstring)."""
    wb = _open(path, data_only=True)
    try:
        name = _sheet_name(wb, sheet)
        values = _rows(wb[name], path)
        origin = EXCEL_ORIGIN_1904 if getattr(wb, "epoch", None) is not None and \
            wb.epoch.year == 1904 else None
    finally:
        wb.close()
    formula = _formula_problems(path, name, values) if _has_formulas(path) else []
    width = max((len(r) for r in values), default=0)
    cells = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in values],
                         columns=range(width), dtype=object)
    raw = build_table(cells, np.arange(1, len(values) + 1), header_row=header_row,
                      skip_rows=skip_rows, fmt="excel", file=path, sheet=name, letters=True)
    raw.origin = origin
    by_letter = {letter: col for col, letter in raw.letters.items()}
    assert raw.source_row is not None  # build_table numbers the rows of a sheet
    data_row = {int(r): i for i, r in enumerate(raw.source_row)}
    for p in formula:
        p["column"] = by_letter.get(p["column_letter"])
        p["row"] = data_row.get(p["source_row"])
    raw.problems = formula + raw.problems
    return raw
