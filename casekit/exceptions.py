"""Exceptions and warnings raised by casekit.

Every error a user can trigger with bad input is a subclass of :class:`CaseKitError`; data
problems are :class:`CaseDataError`, which is also a ``ValueError`` so that generic handlers keep
working. Warnings have their own classes so that notebooks can silence an expected warning
precisely (``warnings.simplefilter("ignore", casekit.ShortPhaseWarning)``) and keep stderr clean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "CaseKitError",
    "CaseDataError",
    "NotEnoughPointsError",
    "CaseKitWarning",
    "CaseDataWarning",
    "MissedSessionWarning",
    "ShortPhaseWarning",
    "DataDrivenPhaseWarning",
    "ApproximationWarning",
    "AutocorrelationWarning",
]

PROBLEM_COLUMNS = ["row", "column", "value", "problem"]


class CaseKitError(Exception):
    """Base class of all casekit errors."""


class CaseDataError(CaseKitError, ValueError):
    """The data cannot be used as they are.

    Parameters
    ----------
    problems : pandas.DataFrame or list of dict
        One row per problem with the columns ``row`` (0-based row of the offending input, or
        ``None`` when the problem concerns the table as a whole), ``column``, ``value`` and
        ``problem`` (a sentence). All problems found are reported at once.
    title : str, optional
        First line of the message.

    Attributes
    ----------
    problems : pandas.DataFrame
        The problems, in the order found.
    """

    def __init__(self, problems, title: str | None = None, max_lines: int = 20):
        table = pd.DataFrame(problems, dtype=object) if not isinstance(problems, pd.DataFrame) else problems.copy()
        for col in PROBLEM_COLUMNS:
            if col not in table.columns:
                table[col] = None
        for col in PROBLEM_COLUMNS:  # numpy scalars in object columns -> Python scalars
            if table[col].dtype == object:
                table[col] = pd.Series([_plain(v) for v in table[col]], index=table.index,
                                       dtype=object)
        extra = [c for c in table.columns if c not in PROBLEM_COLUMNS]
        self.problems = table[PROBLEM_COLUMNS + extra].reset_index(drop=True)
        n = len(self.problems)
        head = title or f"{n} problem{'s' if n != 1 else ''} found in the data"
        lines = [head + ":"]
        for rec in self.problems.head(max_lines).itertuples(index=False):
            where = []
            if rec.row is not None and not (isinstance(rec.row, float) and pd.isna(rec.row)):
                where.append(f"row {rec.row}")
            if rec.column is not None and not (
                isinstance(rec.column, float) and pd.isna(rec.column)
            ):
                where.append(f"column {rec.column!r}")
            loc = ", ".join(where)
            val = "" if rec.value is None else f" (value {rec.value!r})"
            lines.append(f"  - {loc + ': ' if loc else ''}{rec.problem}{val}")
        if n > max_lines:
            lines.append(f"  ... and {n - max_lines} more; see the .problems table")
        super().__init__("\n".join(lines))


def _plain(v):
    """Python scalar for a numpy scalar (NumPy 2 prints ``np.float64(3.5)``)."""
    return v.item() if isinstance(v, np.generic) else v


class NotEnoughPointsError(CaseKitError, ValueError):
    """A series or phase is too short for the requested method."""


class CaseKitWarning(UserWarning):
    """Base class of all casekit warnings."""


class CaseDataWarning(CaseKitWarning):
    """Something in the data worth knowing that does not stop the analysis."""


class MissedSessionWarning(CaseDataWarning):
    """Session numbers have gaps (missed or cancelled sessions)."""


class ShortPhaseWarning(CaseKitWarning):
    """A phase has fewer points than the method's recommended minimum."""


class DataDrivenPhaseWarning(CaseKitWarning):
    """An inferential test is run on phases defined post hoc or from the data."""


class ApproximationWarning(CaseKitWarning):
    """A p-value or interval relies on an approximation that may be poor here."""


class AutocorrelationWarning(CaseKitWarning):
    """A test that assumes independent observations is run on an autocorrelated series."""
