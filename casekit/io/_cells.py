"""Parsing cells: numbers, sentinel codes, whole numbers, text and extra columns.

Every parser works on the distinct cells of a column (``pandas.factorize``) and maps the
result back, so a million-row column with a few hundred distinct cells is parsed in
milliseconds. Nothing is coerced silently: a cell that is neither a number, a blank nor a
declared sentinel code is reported with its position.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Hashable, Iterable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._dates import ascii_digits
from ._common import (
    MAX_WHOLE,
    Record,
    UserMissing,
    code_text,
    is_blank,
    option,
    problem,
    warning_record,
)

__all__ = ["CellParser", "text_column", "extra_column", "whole_column", "NUMBER",
           "foreign_digit_warning", "session_of"]

NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RX = re.compile(NUMBER, re.ASCII)


def _factorize(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct cells; booleans kept apart from 1/0 (they hash equal)."""
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    # True == 1 and False == 0 hash alike: look closer when a boolean or a 0/1 number is seen
    suspect = any(isinstance(v, (bool, np.bool_)) or (
        isinstance(v, (int, float, np.number)) and v in (0, 1)) for v in uniques)
    if not suspect:
        return codes, uniques
    n = len(arr)
    isbool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in arr), bool, n)
    arr = arr.copy()
    arr[isbool] = [f"\x00bool:{bool(v)}" for v in arr[isbool]]
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    uniques = np.array([(v == "\x00bool:True") if isinstance(v, str)
                        and v.startswith("\x00bool:") else v for v in uniques], dtype=object)
    return codes, uniques


class CellParser:
    """Parses cells to numbers; knows sentinels, blank markers and the decimal mark.

    Parameters
    ----------
    sentinels : iterable of numbers and str
        Codes meaning "missing" (kept as text in ``missing_code``).
    na_values : iterable of str
        Texts that are plainly blank.
    decimal : {'.', ','}
    user_missing : dict, optional
        SPSS: column -> list of (lo, hi) user-missing ranges.
    """

    def __init__(self, sentinels: Iterable[object] | None,
                 na_values: Iterable[object] | None, decimal: str,
                 user_missing: UserMissing | None = None) -> None:
        sentinels = () if sentinels is None else tuple(sentinels)
        self.sent_text = {s.strip() for s in sentinels if isinstance(s, str)}
        self.sent_num: set[float] = set()
        for s in sentinels:
            if isinstance(s, bool) or not isinstance(s, (str, int, float, np.number)):
                raise TypeError(f"sentinels must be numbers or strings; got {s!r}")
            if not isinstance(s, str):
                self.sent_num.add(float(s))
        self.declared = [s.strip() if isinstance(s, str) else code_text(s) for s in sentinels]
        self.na_values = {str(v).strip() for v in (na_values or ())}
        self.decimal = option(decimal, "decimal", (".", ","))
        self.user_missing = user_missing or {}

    @property
    def sentinel_text(self) -> str:
        """The declared codes, for messages: ``'-9', '-99', '999', '.'``."""
        return ", ".join(repr(c) for c in self.declared) or "none"

    def _text_number(self, t: str) -> float | None:
        """One stripped text -> float, or None when it is not a number in this file's style."""
        if self.decimal == ",":
            if "." in t:
                return None
            t = t.replace(",", ".")
        return float(t) if _NUMBER_RX.fullmatch(t) else None

    def _unique(self, uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                    np.ndarray]:
        """Parse distinct cells -> (values, codes, bad, non-ASCII digits)."""
        n = len(uniques)
        out = np.full(n, np.nan)
        codes = np.full(n, None, dtype=object)
        bad = np.zeros(n, bool)
        foreign = np.zeros(n, bool)
        sent_num = self.sent_num
        for i, v in enumerate(uniques):
            if isinstance(v, str):
                t = v.strip()
                if t in self.na_values:
                    continue
                if t in self.sent_text:
                    codes[i] = t
                    continue
                x = self._text_number(t)
                if x is None and not t.isascii():
                    x = self._text_number(ascii_digits(t))
                    foreign[i] = x is not None
                if x is None:
                    bad[i] = True
                elif x in sent_num:
                    codes[i] = t
                else:
                    out[i] = x
            elif isinstance(v, (bool, np.bool_)):
                bad[i] = True
            elif isinstance(v, (int, float, np.integer, np.floating)):
                x = float(v)
                if np.isnan(x):
                    continue
                if x in sent_num:
                    codes[i] = code_text(v)
                else:
                    out[i] = x
            elif not is_blank(v, self.na_values):
                bad[i] = True  # dates, times, other objects
        return out, codes, bad, foreign

    def values(self, cells: ArrayLike,
               columns: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                           np.ndarray]:
        """Parse ``cells`` -> (float values, missing codes, bad mask, non-ASCII-digit mask).

        ``columns`` (the source column of each cell) applies SPSS user-missing ranges.
        Numbers too large for a float (``1e400``) come back as infinite values: the caller
        reports them.
        """
        arr = np.asarray(cells, dtype=object)
        codes_f, uniques = _factorize(arr)
        u_out, u_codes, u_bad, u_foreign = self._unique(uniques)
        has = codes_f >= 0
        out = np.full(len(arr), np.nan)
        out[has] = u_out[codes_f[has]]
        codes = np.full(len(arr), None, dtype=object)
        codes[has] = u_codes[codes_f[has]]
        bad = np.zeros(len(arr), bool)
        bad[has] = u_bad[codes_f[has]]
        foreign = np.zeros(len(arr), bool)
        foreign[has] = u_foreign[codes_f[has]]
        if columns is not None and self.user_missing:
            self._user_missing(arr, columns, out, codes, bad)
        return out, codes, bad, foreign

    def _user_missing(self, arr: np.ndarray, columns: np.ndarray, out: np.ndarray,
                      codes: np.ndarray, bad: np.ndarray) -> None:
        """SPSS user-missing values: numeric ranges on numbers, string codes on text."""
        for col, ranges in self.user_missing.items():
            in_col = columns == col
            for lo, hi in ranges:
                if isinstance(lo, (int, float, np.number)) and isinstance(
                        hi, (int, float, np.number)):
                    hit = in_col & ~np.isnan(out) & (out >= lo) & (out <= hi)
                    codes[hit] = [code_text(v) for v in out[hit]]
                    out[hit] = np.nan
                elif isinstance(lo, str) and lo == hi:
                    hit = in_col & np.array([isinstance(v, str) and v.strip() == lo.strip()
                                             for v in arr], dtype=bool)
                    codes[hit] = lo.strip()
                    bad[hit] = False
                    out[hit] = np.nan


def text_column(cells: ArrayLike, na_values: Collection[str],
                index: pd.Index | None = None) -> pd.Series:
    """Text column (case, measure ...): blanks -> NA, whole floats (1.0 from SPSS) -> '1'."""
    arr = np.asarray(cells, dtype=object)
    codes, uniques = _factorize(arr)
    u = np.full(len(uniques), None, dtype=object)
    for i, v in enumerate(uniques):
        if is_blank(v, na_values):
            continue
        if isinstance(v, str):
            t = v.strip()
            u[i] = None if t in na_values else t
        elif isinstance(v, (float, np.floating)):
            u[i] = code_text(v)
        else:
            u[i] = str(v)
    out = np.full(len(arr), None, dtype=object)
    has = codes >= 0
    out[has] = u[codes[has]]
    return pd.Series(pd.array(out, dtype="str"), index=index)


def extra_column(cells: ArrayLike, na_values: Collection[str],
                 index: pd.Index | None = None) -> pd.Series:
    """An extra column: text, or Int64 when every present cell is a whole number (int64)."""
    txt = text_column(cells, na_values, index)
    present = txt.dropna()
    if len(present) and present.str.fullmatch(r"[+-]?\d{1,18}").all():
        vals = np.zeros(len(txt), dtype=np.int64)
        mask = txt.isna().to_numpy()
        vals[~mask] = present.astype("int64").to_numpy()
        return pd.Series(pd.arrays.IntegerArray(vals, mask), index=index)
    return txt


def foreign_digit_warning(mask: np.ndarray, cells: ArrayLike, columns: ArrayLike | str,
                          table: str = "ratings") -> list[Record]:
    """One warning per source column whose cells had digits of another script."""
    out: list[Record] = []
    if not mask.any():
        return out
    idx = np.flatnonzero(mask)
    cols = pd.Series(np.asarray(columns, dtype=object)[idx] if not isinstance(columns, str)
                     else [columns] * len(idx))
    for col, grp in cols.groupby(cols, sort=False):
        first = np.asarray(cells, dtype=object)[idx[grp.index[0]]]
        out.append(warning_record(f"{len(grp)} cell(s) of column {col!r} are written with "
                                  f"digits of another script (e.g. {first!r}) and were read "
                                  "as the numbers they are", column=col, value=first,
                                  table=table))
    return out


def session_of(sessions: pd.arrays.IntegerArray | None,
               cases: pd.Series | None) -> Callable[[int], str]:
    """The session of a row in words, for a problem about a value at that row: ``i ->
    " (session 3)"``, or ``" (case 'a', session 3)"`` when the table holds several cases, the
    wording of validation (:class:`casekit.validation._collector.SessionOf`); ``""`` when the
    row's session cannot be read (``sessions`` ``None``: no session column).
    """
    if sessions is None:
        return lambda i: ""
    known = ~np.asarray(sessions.isna(), dtype=bool)
    nums = np.asarray(sessions.to_numpy(dtype="int64", na_value=0))
    case = None if cases is None else cases.to_numpy(dtype=object)
    named = np.zeros(len(nums), bool) if cases is None else cases.notna().to_numpy(dtype=bool)
    several = case is not None and len(pd.unique(case[named])) > 1

    def said(i: int) -> str:
        if not known[i]:
            return ""
        who = f"case {case[i]!r}, " if several and case is not None and named[i] else ""
        return f" ({who}session {int(nums[i])})"
    return said


def _a(name: str) -> str:
    return ("an " if name[:1] in "aeiou" else "a ") + name


def whole_column(parser: CellParser, cells: ArrayLike, name: str, rows: np.ndarray,
                 problems: list[Record], *, cols: np.ndarray | None = None,
                 table: str = "ratings", warns: list[Record] | None = None,
                 session: Callable[[int], str] | None = None) -> pd.arrays.IntegerArray:
    """Parse a whole-number column (session, item) to Int64; report what is not one.

    Text, missing-value codes, fractions and numbers beyond 2**31 - 1 (a 1e30 typo) are
    problems at ``rows`` (and ``cols``, the source column of each cell, if given); ``session``
    (:func:`session_of`) names the session of the row in the problem text (an item column).
    """
    arr = np.asarray(cells, dtype=object)
    vals, codes, bad, foreign = parser.values(arr)
    if warns is not None and foreign.any():
        warns.extend(foreign_digit_warning(foreign, arr, name, table))
    where: Callable[[int], Hashable] = (lambda i: cols[i]) if cols is not None \
        else (lambda i: name)
    said: Callable[[int], str] = session if session is not None else (lambda i: "")
    for i in np.flatnonzero(bad).tolist():
        problems.append(problem(rows[i], where(i), arr[i], f"{name}{said(i)} is not a number",
                                table))
    for i in np.flatnonzero(pd.notna(codes)).tolist():
        problems.append(problem(rows[i], where(i), codes[i],
                                f"{name}{said(i)} cannot be a missing-value code", table))
    present = ~np.isnan(vals)
    big = present & (np.abs(np.where(present, vals, 0)) > MAX_WHOLE)
    for i in np.flatnonzero(big).tolist():
        problems.append(problem(rows[i], name, arr[i],
                                f"{name} {vals[i]:g}{said(i)} is too large to be "
                                f"{_a(name)} number (at most {MAX_WHOLE})", table))
    frac = present & ~big & (np.floor(np.where(present, vals, 0)) != np.where(present, vals, 0))
    for i in np.flatnonzero(frac).tolist():
        problems.append(problem(rows[i], name, arr[i], f"{name}{said(i)} must be a whole number",
                                table))
    mask = ~present | big | frac
    ints = np.where(mask, 0, vals).astype(np.int64)
    return pd.arrays.IntegerArray(ints, mask)
