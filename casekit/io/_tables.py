"""What read_events and read_phases share: raw cells, ``case=``, checks, the source map."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._source import ATTRS_KEY
from ..exceptions import ArgumentError, CaseDataError
from ..schema import CASE
from ._common import Raw, Record, emit, infer_format, merge_problems, problem, rename_columns
from ._locate import data_rows_of, locate_reading, make_source_map
from ._raw import read_raw
from ._select import select_case

if TYPE_CHECKING:
    from ..validation import ValidationReport

__all__ = ["read_table", "select_and_check"]


def read_table(source: str | os.PathLike[str] | pd.DataFrame, *, table: str,
               format: str | None, columns: Mapping[str, str] | None, case: Hashable,
               sep: str | None, sheet: str | int, encoding: str | None,
               header_row: int | None, skip_rows: int | None
               ) -> tuple[Raw, pd.DataFrame, dict[str, str], bool]:
    """Raw events/phases cells; ``case=`` labels a table without a case column.

    Returns the raw source, the renamed frame, the renames and whether ``case=`` is to select
    rows (the table has a case column).
    """
    fmt = infer_format(source, format)
    if fmt in ("spss", "redcap"):
        raise ArgumentError("events and phases are read from CSV, Excel or a DataFrame; got "
                            f"format= {fmt!r}", "format")
    raw = read_raw(source, fmt, sep=sep, encoding=encoding, sheet=sheet,
                   header_row=header_row, skip_rows=skip_rows)
    if raw.attrs.get("empty") == "blank":
        p = problem(None, None, None, f"no {table} in {raw.name}: the file is empty (not even "
                                      "a header)", table)
        raise CaseDataError(locate_reading([p], raw, {}), title=f"no {table} in {raw.name}")
    frame, renames = rename_columns(raw.frame.copy(), columns)
    select = case is not None and CASE in frame.columns
    if case is not None and not select:
        frame = frame.assign(**{CASE: str(case)})
    return raw, frame.reset_index(drop=True), renames, select


def select_and_check(out: pd.DataFrame, raw: Raw, renames: Mapping[str, str], table: str, *,
                     case: Hashable, select: bool, problems: list[Record],
                     warns: list[Record], validate: bool, warn: bool,
                     check: Callable[..., ValidationReport], **check_kw: Any) -> pd.DataFrame:
    """Tail of read_events / read_phases after the cells are parsed.

    Keeps the rows of ``case`` when ``select``, attaches the source map, then, when
    ``validate`` (or reading failed), runs ``check(out, raise_on_error=False, warn=False,
    **check_kw)`` (:func:`casekit.validation.validate_events` or ``validate_phases``) and
    raises one :class:`~casekit.CaseDataError` with the reading and the check problems
    (``row``: the 0-based data row of the source).
    """
    rows = np.arange(len(out))
    selection: dict[str, Any] = {}
    if select:
        keep, problems, selection = select_case(out[CASE], case, rows, problems, table)
        out, rows = out.iloc[keep].reset_index(drop=True), rows[keep]
    for p in problems:
        p["table"] = table
    for w in warns:
        w["table"] = table
    out.attrs[ATTRS_KEY] = make_source_map(out, raw, data_row=rows, renames=renames,
                                           warnings=locate_reading(warns, raw, renames))
    if warn:
        emit(warns, stacklevel=3)
    problems = locate_reading(problems, raw, renames)
    if validate or problems:
        report = check(out, raise_on_error=False, warn=False, **check_kw)
        later = data_rows_of(out, report.problems.to_dict("records"), table)
        problems = merge_problems(problems, later)
        if problems:
            raise CaseDataError(pd.DataFrame(problems, dtype=object),
                                title=f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
                                      f" in the {table}",
                                warnings=out.attrs[ATTRS_KEY].warnings)
    if selection:
        out.attrs["casekit"] = selection
    return out
