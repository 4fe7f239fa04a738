"""ValidationReport: what :func:`casekit.validate` found, as a result object."""

from __future__ import annotations

import warnings as _warnings
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..exceptions import CaseDataError, CaseDataWarning, MissedSessionWarning
from ..results import Result

__all__ = ["ValidationReport", "REPORT_COLUMNS"]

REPORT_COLUMNS = ["severity", "table", "row", "column", "value", "problem", "warning"]
_CLASSES = {"MissedSessionWarning": MissedSessionWarning, "CaseDataWarning": CaseDataWarning}


class ValidationReport(Result):
    """What :func:`casekit.validate` found.

    The ``.summary`` stacks both tables with a ``severity`` column (``error``/``warning``), the
    columns ``severity, table, row, column, value, problem, warning`` and, when any of them
    comes from a file read by casekit, ``where`` (the place as a spreadsheet shows it).

    Attributes
    ----------
    problems : pandas.DataFrame
        Fatal problems, one per row: ``row`` (the row label of the table checked, ``None`` for
        problems of the whole table or column), ``column`` (the tidy column), ``value``,
        ``problem`` (a sentence), ``table`` (``ratings``/``events``/``phases``), ``argument``
        (the reading option a problem tells the user to set, e.g. ``date_format``, named
        ``date_format=`` in the sentence; ``None`` otherwise) and the place in the source for
        tables read by :func:`casekit.read_sessions` (or ``read_events``/``read_phases``):
        ``file``, ``sheet`` (Excel), ``source_row`` (the row number a spreadsheet shows,
        header counted), ``source_column`` (the column name in the file), ``column_letter``
        (Excel) and ``where`` (all of it as text); ``None`` where unknown.
    warnings : pandas.DataFrame
        Things worth knowing that do not stop an analysis, same columns plus ``warning`` (the
        class name: ``MissedSessionWarning``, ``CaseDataWarning``). The warnings collected
        while the tables were read (an encoding guessed, columns mapped to no measure ...)
        come first.
    ok : bool
        True when there are no problems (warnings allowed).
    n_problems : int
        Number of problems.
    n_warnings : int
        Number of warnings, reading warnings included.
    """

    problems: pd.DataFrame
    warnings: pd.DataFrame
    ok: bool
    n_problems: int
    n_warnings: int

    def __init__(self, problems: pd.DataFrame, warnings_: pd.DataFrame,
                 options: Mapping[str, Any] | None = None, n_reading: int = 0) -> None:
        problems = problems.reset_index(drop=True)
        warnings_ = warnings_.reset_index(drop=True)
        n_p, n_w = int(len(problems)), int(len(warnings_))
        both = pd.concat([problems.assign(severity="error"),
                          warnings_.assign(severity="warning")], ignore_index=True)
        columns = list(REPORT_COLUMNS)
        if "where" in both.columns and both["where"].notna().any():
            columns.append("where")
        both = both.reindex(columns=columns)
        status = "OK" if n_p == 0 else "FAILED"
        super().__init__(
            both, method="casekit data validation", options=options,
            variant="lazy validation: every problem at once (ranges from the instrument "
                    "registry)",
            reference="pandera lazy validation (schema.validate(df, lazy=True)); SCRIBE 2016 "
                      "(Tate et al., doi:10.1080/02687038.2016.1178022)",
            title=(f"Validation {status}: {n_p} problem{'s' if n_p != 1 else ''}, {n_w} "
                   f"warning{'s' if n_w != 1 else ''}"),
            problems=problems, warnings=warnings_, ok=n_p == 0, n_problems=n_p,
            n_warnings=n_w,
        )
        self._n_reading = int(n_reading)

    def emit_warnings(self, stacklevel: int = 2) -> None:
        """Emit the warnings the checks found as Python warnings, one per class (the first
        five texts, then a count). Warnings collected while reading are not emitted again
        (their reader did)."""
        own = self.warnings.iloc[self._n_reading:]
        for name, grp in own.groupby("warning", sort=True):
            lines = grp["problem"].tolist()
            head = "; ".join(lines[:5]) + (f"; ... ({len(lines) - 5} more)" if len(lines) > 5
                                           else "")
            _warnings.warn(head, _CLASSES.get(str(name), CaseDataWarning),
                           stacklevel=stacklevel + 1)

    def raise_if_problems(self) -> None:
        """Raise :class:`casekit.CaseDataError` when there are problems."""
        if not self.ok:
            raise CaseDataError(self.problems, warnings=self.warnings)
