"""Exceptions and warnings raised by casekit.

Every error a user can trigger with bad input is a subclass of :class:`CaseKitError`; data
problems are :class:`CaseDataError`, which is also a ``ValueError`` so that generic handlers keep
working. Warnings have their own classes so that notebooks can silence an expected warning
precisely (``warnings.simplefilter("ignore", casekit.ShortPhaseWarning)``) and keep stderr clean.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CaseKitError",
    "CaseDataError",
    "CaseFileError",
    "ArgumentError",
    "NotEnoughPointsError",
    "CaseKitWarning",
    "CaseDataWarning",
    "MissedSessionWarning",
    "ShortPhaseWarning",
    "DataDrivenPhaseWarning",
    "ApproximationWarning",
    "AutocorrelationWarning",
    "rephrase",
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
    max_lines : int, default 20
        Problems listed in the message (all are in ``problems``).
    warnings : pandas.DataFrame or list of dict, optional
        Warnings collected on the way (e.g. while reading a file), same columns plus
        ``warning`` (the class name).

    Attributes
    ----------
    problems : pandas.DataFrame
        The problems, in the order found. Problems found in a file read by
        :func:`casekit.read_sessions` (or a table it returned) also carry the place as the
        user sees it: ``file``, ``sheet`` (Excel), ``source_row`` (the row number a spreadsheet
        shows, header counted), ``source_column`` (the column name in the file),
        ``column_letter`` (Excel) and ``where`` (all of it as text, e.g. ``"sessions.xlsx,
        sheet 'Sessions', row 13, column 'PHQ9_4' (F)"``), and ``argument``: the option a
        problem tells the user to set (``"date_format"``), named ``date_format=`` in the text
        (see :func:`rephrase`). The message then leads each line with ``where``.
    warnings : pandas.DataFrame
        Warnings collected before the error (empty when none).
    """

    def __init__(self, problems: pd.DataFrame | Sequence[Mapping[str, Any]],
                 title: str | None = None, max_lines: int = 20,
                 warnings: pd.DataFrame | Sequence[Mapping[str, Any]] | None = None) -> None:
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
        self.warnings = (pd.DataFrame(warnings, dtype=object) if warnings is not None
                         else pd.DataFrame(columns=[*PROBLEM_COLUMNS, "warning"], dtype=object))
        n = len(self.problems)
        head = title or f"{n} problem{'s' if n != 1 else ''} found in the data"
        lines = [head + ":"]
        has_where = "where" in self.problems.columns
        for rec in self.problems.head(max_lines).itertuples(index=False):
            where = []
            if rec.row is not None and not (isinstance(rec.row, float) and pd.isna(rec.row)):
                where.append(f"row {rec.row!s}")
            if rec.column is not None and not (
                isinstance(rec.column, float) and pd.isna(rec.column)
            ):
                where.append(f"column {rec.column!r}")
            loc = ", ".join(where)
            val = "" if rec.value is None else f" (value {rec.value!r})"
            source = rec.where if has_where and isinstance(rec.where, str) else None
            if source:
                # the place as the user sees it first; the table's row and column after it
                api = f" [{loc}]" if loc and where and where[0].startswith("row") else ""
                lines.append(f"  - {source}: {rec.problem}{val}{api}")
            else:
                lines.append(f"  - {loc + ': ' if loc else ''}{rec.problem}{val}")
        if n > max_lines:
            lines.append(f"  ... and {n - max_lines} more; see the .problems table")
        super().__init__("\n".join(lines))


class CaseFileError(CaseDataError):
    """A file cannot be opened as the format it claims (damaged, encrypted, another format).

    A :class:`CaseDataError` with one problem, so that code handling data problems handles
    this too; the message names the file and the likely cause, e.g. ``"sessions.xlsx: not a
    valid .xlsx file (is it password-protected or damaged?)"``.

    Parameters
    ----------
    path : str or path
        The file.
    reason : str
        What is wrong and the likely cause, in the user's words.

    Attributes
    ----------
    path : str
        The file, as given.
    reason : str
        The likely cause.
    problems : pandas.DataFrame
        One row: ``row`` and ``column`` ``None``, ``problem`` the reason, ``file`` the path.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        name = os.path.basename(self.path) or self.path
        super().__init__([{"row": None, "column": None, "value": None, "problem": reason,
                           "file": self.path, "where": name}],
                         title=f"cannot read {name}")
        self.args = (f"{name}: {reason}",)

    def __str__(self) -> str:
        return str(self.args[0])


class ArgumentError(CaseKitError, ValueError):
    """A reading or analysis option is missing, unknown or does not fit the data.

    The message names the option as a keyword argument, written ``name=`` (never
    ``name=value``), so that a caller speaking another language (the command line: a flag or
    a key of a spec file) can say it in its own words with :func:`rephrase`.

    Parameters
    ----------
    message : str
        The message, naming the option(s) as ``name=``.
    argument : str
        The option(s) the message is about, comma-separated (``"measures, pattern"``).

    Attributes
    ----------
    argument : str
        The option(s) the message is about, comma-separated.
    """

    def __init__(self, message: str, argument: str):
        super().__init__(message)
        self.argument = argument


def rephrase(text: str, names: Mapping[str, str]) -> str:
    """Say the keyword arguments named in ``text`` in other words.

    casekit messages name an option as ``name=`` (``"pass date_format= (here probably
    '%d.%m.%Y')"``). ``rephrase(text, {"date_format": "the spec key date_format"})`` gives
    ``"pass the spec key date_format (here probably '%d.%m.%Y')"``. Names not in ``names``
    are left as they are, and so is ``name=value`` (a key in a message, ``case='C01'``).

    Parameters
    ----------
    text : str
        A message or problem text.
    names : mapping of str to str
        Argument name -> the words to use instead of ``name=``.

    Returns
    -------
    str
    """
    if not names:
        return text
    # ``name=`` naming an option, not ``name=value`` in a message ("case='C01', session=3")
    pattern = re.compile(r"(?<![\w.])(" + "|".join(re.escape(k) for k in names)
                         + r")=(?![\w'\"\[{(+-])")
    return pattern.sub(lambda m: names[m.group(1)], text)


def _plain(v: Any) -> Any:
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
