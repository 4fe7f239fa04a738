"""Reading session dates: ISO text, a stated format, Excel serial numbers, date cells.

One role: turn the cells of a date column into ``datetime64[ns]`` and say what could not be
read, in a way a user can act on. Used by :mod:`casekit.io` (reading) and
:mod:`casekit.validation` (text dates in a DataFrame).

- Text is ISO 8601 (``2024-01-08``, ``2024-01-08T10:30``) unless ``date_format`` (a
  ``strftime`` format) is given. A time-zone offset is dropped (the wall-clock time is kept:
  sessions happen at local time). Digit-only text follows ``date_format`` when it fits
  (``"20240105"`` with ``"%Y%m%d"``), else it is an Excel serial number.
- Numbers are Excel serial dates: 1900 date system (serial 1 = 1900-01-01; origin 1899-12-30,
  which absorbs Excel's fictitious 1900-02-29, so serials >= 61 are exact) or, for workbooks
  saved in the 1904 system, origin 1904-01-01 (ECMA-376 Part 1, §18.17.4.1).
- Nothing wraps around: a date outside what ``datetime64[ns]`` can hold (1677-09-22 to
  2262-04-11) is reported, never turned into another date.
- Cells of one unexpected format are one problem for the column (with a sample and the
  ``date_format`` that reads them), not one problem per row.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
import warnings
from collections.abc import Callable, Container, Iterable
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from pandas.api.typing import NaTType

__all__ = ["parse_dates", "date_problems", "EXCEL_ORIGIN_1900", "EXCEL_ORIGIN_1904",
           "DATE_RANGE", "ascii_digits", "OK", "UNREADABLE", "OUT_OF_RANGE"]

EXCEL_ORIGIN_1900 = pd.Timestamp("1899-12-30")
EXCEL_ORIGIN_1904 = pd.Timestamp("1904-01-01")
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31 in the 1900 system
#: the dates a datetime64[ns] column can hold (whole days)
DATE_RANGE = (pd.Timestamp("1677-09-22"), pd.Timestamp("2262-04-11"))
_RANGE_TEXT = "1677-09-22 to 2262-04-11"
OK, UNREADABLE, OUT_OF_RANGE = 0, 1, 2
#: cells of one shape from which an unexpected format is one problem for the column
_GROUP_MIN = 3
#: formats tried to suggest a date_format (day-first before month-first: European exports)
_CANDIDATES = (
    "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%m/%d/%Y", "%d/%m/%y", "%m/%d/%y", "%d-%m-%Y",
    "%m-%d-%Y", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d %b %Y", "%d %B %Y", "%b %d, %Y",
    "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M:%S",
)
_DIGITS_ONLY = re.compile(r"\d+(?:\.\d+)?", re.ASCII)


def ascii_digits(text: str) -> str:
    """``text`` with digits of other scripts (``'５'``, ``'٣'``) as ASCII digits.

    Also maps full-width punctuation (NFKC) and U+2212 MINUS SIGN to ``-``.
    """
    t = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    if t.isascii():
        return t
    return "".join(str(unicodedata.digit(ch)) if unicodedata.category(ch) == "Nd" else ch
                   for ch in t)


def _is_blank(v: object, na_values: Container[str]) -> bool:
    if v is None or v is pd.NaT or v is pd.NA:
        return True
    if isinstance(v, float) and v != v:
        return True
    return isinstance(v, str) and v.strip() in na_values


def _in_range(ts: pd.Timestamp) -> bool:
    return DATE_RANGE[0] <= ts <= DATE_RANGE[1] + pd.Timedelta(days=1)


def _from_datetime(v: object) -> tuple[pd.Timestamp | None, int]:
    """A date cell (datetime, date, Timestamp, numpy datetime64) -> (Timestamp | None, status)."""
    try:
        if isinstance(v, np.datetime64):
            if np.isnat(v):
                return None, OK
            v = v.astype("datetime64[us]").astype(object)
            if isinstance(v, int):  # outside Python's datetime range
                return None, OUT_OF_RANGE
        if isinstance(v, _dt.datetime):
            if v.tzinfo is not None:
                v = v.replace(tzinfo=None)
            naive = v
        elif isinstance(v, _dt.date):
            naive = _dt.datetime(v.year, v.month, v.day)
        else:
            return None, UNREADABLE
        if not (DATE_RANGE[0].to_pydatetime() <= naive
                < (DATE_RANGE[1] + pd.Timedelta(days=1)).to_pydatetime()):
            return None, OUT_OF_RANGE
        return pd.Timestamp(naive), OK
    except (OverflowError, ValueError, OSError):
        return None, OUT_OF_RANGE


def _from_serial(x: float, origin: pd.Timestamp) -> tuple[pd.Timestamp | None, int]:
    if not np.isfinite(x) or x < 1 or x > _EXCEL_MAX_SERIAL:
        return None, UNREADABLE
    try:
        ts = origin + pd.to_timedelta(x, unit="D")
    except (OverflowError, ValueError):
        return None, OUT_OF_RANGE
    return (ts, OK) if _in_range(ts) else (None, OUT_OF_RANGE)


def _parse_texts(texts: list[str],
                 date_format: str | None) -> list[tuple[pd.Timestamp | None, int]]:
    """Vectorised text parse; (Timestamps or None, status) per text."""
    fmt = date_format or "ISO8601"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' "could not infer format" chatter
        try:
            parsed: list[pd.Timestamp | NaTType] = list(pd.to_datetime(pd.Series(texts, dtype=object), format=fmt,
                                         errors="coerce"))
        except (ValueError, TypeError, OverflowError):
            # mixed time zones, or a format pandas refuses as a whole: one text at a time
            parsed = []
            for t in texts:
                try:
                    parsed.append(pd.to_datetime(t, format=fmt, errors="coerce"))
                except (ValueError, TypeError, OverflowError):
                    parsed.append(pd.NaT)
    out: list[tuple[pd.Timestamp | None, int]] = []
    for p in parsed:
        if p is None or pd.isna(p):
            out.append((None, UNREADABLE))
            continue
        assert isinstance(p, pd.Timestamp)  # NaT (and None) were handled above
        if p.tzinfo is not None:
            p = p.tz_localize(None)
        out.append((p, OK) if _in_range(p) else (None, OUT_OF_RANGE))
    return out


def _parse_unique(values: np.ndarray, *, date_format: str | None, na_values: Container[str],
                  origin: pd.Timestamp) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[ns] values, status) of distinct cells."""
    n = len(values)
    stamps: list[pd.Timestamp | None] = [None] * n
    status = np.zeros(n, dtype=np.int8)
    texts: list[str] = []
    text_idx: list[int] = []
    for i, v in enumerate(values):
        if _is_blank(v, na_values):
            continue
        if isinstance(v, str):
            t = v.strip()
            if not t.isascii():
                t = ascii_digits(t)
            if _DIGITS_ONLY.fullmatch(t):
                if date_format:
                    hit = _parse_texts([t], date_format)[0]
                    if hit[1] == OK:
                        stamps[i] = hit[0]
                        continue
                stamps[i], status[i] = _from_serial(float(t), origin)
                continue
            texts.append(t)
            text_idx.append(i)
        elif isinstance(v, (bool, np.bool_)):
            status[i] = UNREADABLE
        elif isinstance(v, (int, float, np.integer, np.floating)):
            stamps[i], status[i] = _from_serial(float(v), origin)
        else:
            stamps[i], status[i] = _from_datetime(v)
    if texts:
        for i, (ts, st) in zip(text_idx, _parse_texts(texts, date_format), strict=True):
            stamps[i], status[i] = ts, st
    out = np.array([np.datetime64("NaT", "ns") if s is None else s.as_unit("ns").to_datetime64()
                    for s in stamps], dtype="datetime64[ns]")
    return out, status


def parse_dates(values: ArrayLike, *, date_format: str | None = None,
                na_values: Iterable[str] = ("",),
                origin: pd.Timestamp = EXCEL_ORIGIN_1900) -> tuple[np.ndarray, np.ndarray]:
    """Parse date cells.

    Parameters
    ----------
    values : array-like
        The cells (text, numbers, date objects, blanks).
    date_format : str, optional
        ``strftime`` format of text dates; default ISO 8601.
    na_values : collection of str
        Texts that are blank.
    origin : pandas.Timestamp
        Day 0 of serial numbers (:data:`EXCEL_ORIGIN_1900` or :data:`EXCEL_ORIGIN_1904`).

    Returns
    -------
    dates : numpy.ndarray of datetime64[ns]
        NaT for blanks and for cells that cannot be read.
    status : numpy.ndarray of int8
        :data:`OK` (a date or a blank), :data:`UNREADABLE`, :data:`OUT_OF_RANGE`.
    """
    arr = np.asarray(values, dtype=object)
    if not len(arr):
        return np.array([], dtype="datetime64[ns]"), np.zeros(0, np.int8)
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    u_out, u_status = _parse_unique(np.asarray(uniques, dtype=object), date_format=date_format,
                                    na_values=set(na_values), origin=origin)
    out = np.full(len(arr), np.datetime64("NaT", "ns"), dtype="datetime64[ns]")
    status = np.zeros(len(arr), dtype=np.int8)
    has = codes >= 0
    out[has] = u_out[codes[has]]
    status[has] = u_status[codes[has]]
    return out, status


def _shape(v: object) -> str:
    """Shape of a cell's text: digits -> 9, letters -> a (``'15.01.2024'`` -> ``'99.99.9999'``)."""
    t = str(v).strip()
    return re.sub(r"[^\W\d_]", "a", re.sub(r"\d", "9", t))


def suggest_formats(texts: Iterable[object]) -> list[str]:
    """``strftime`` formats (of a fixed list) that read the most of ``texts`` (at least 80 %:
    a typo among them does not hide the format)."""
    sample = [str(t).strip() for t in list(texts)[:50]]
    if not sample:
        return []
    hits: dict[str, int] = {}
    for fmt in _CANDIDATES:
        n = 0
        for t in sample:
            try:
                _dt.datetime.strptime(t, fmt)
                n += 1
            except ValueError:
                pass
        hits[fmt] = n
    best = max(hits.values())
    if best < 0.8 * len(sample):
        return []
    return [f for f, n in hits.items() if n == best]


def _format_hint(texts: Iterable[object], date_format: str | None) -> str:
    fits = suggest_formats(texts)
    if not fits:
        return "set their format with date_format= (a strftime format such as '%d.%m.%Y')"
    if len(fits) == 1:
        return f"set their format with date_format= (here probably {fits[0]!r})"
    listed = " or ".join(repr(f) for f in fits[:3])
    return f"set their format with date_format= (here {listed}: day or month first?)"


def _first_per_position(idx: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """The first of ``idx`` for each distinct position: a wide sheet's date cell is repeated on
    every long row made from its row, but it is one cell (and one problem) of the source."""
    seen: dict[Any, int] = {}
    for pos, i in zip(positions[idx].tolist(), idx.tolist(), strict=True):
        seen.setdefault(pos, i)
    return np.array(list(seen.values()), dtype=np.int64)


def date_problems(cells: ArrayLike, status: ArrayLike, positions: ArrayLike, *, column: str,
                  date_format: str | None, table: str = "ratings",
                  label: str | None = None,
                  session: Callable[[int], str] | None = None) -> list[dict[str, Any]]:
    """Problems of the cells of a date column that :func:`parse_dates` could not read.

    ``positions`` identify the source cell (a wide sheet repeats a row's date on every long row
    made from it: counted once). Cells of one unexpected format (at least three sharing a shape
    such as ``99.99.9999``) are **one** problem for the column (``row`` ``None``) with a sample and the ``date_format``
    that reads them; other unreadable cells and dates out of range are one problem each
    (``row`` = the matching entry of ``positions``). Every problem names ``date_format`` as
    its ``argument`` where setting it helps. ``label`` is the column's name in the source
    (default ``column``), used in the text. ``session`` (``i -> " (session 3)"``, see
    :func:`casekit.io._cells.session_of`) names the session of a cell's row in a problem about
    that one cell.
    """
    said = session if session is not None else (lambda i: "")
    label = column if label is None else label
    cells = np.asarray(cells, dtype=object)
    status = np.asarray(status)
    positions = np.asarray(positions)
    out: list[dict[str, Any]] = []
    bad = _first_per_position(np.flatnonzero(status == UNREADABLE), positions)
    expected = f"the format {date_format!r}" if date_format else "ISO 8601 YYYY-MM-DD"
    if len(bad):
        shapes = pd.Series([_shape(cells[i]) for i in bad], dtype=object)
        counts = shapes.map(shapes.value_counts())
        grouped = (counts >= _GROUP_MIN).to_numpy()
        for shape in pd.unique(shapes[grouped]):
            idx = bad[(shapes == shape).to_numpy()]
            seen = list(dict.fromkeys(str(cells[i]).strip() for i in idx))
            sample = ", ".join(repr(s) for s in seen[:3])
            out.append({"row": None, "column": column, "value": seen[0], "table": table,
                        "argument": "date_format",
                        "problem": f"{len(idx)} dates in column {label!r} are not in "
                                   f"{expected}: {sample}{', ...' if len(seen) > 3 else ''}; "
                                   f"{_format_hint(seen, date_format)}"})
        for i in bad[~grouped]:
            out.append({"row": positions[i], "column": column, "value": _plain(cells[i]),
                        "table": table, "argument": "date_format",
                        "problem": f"date{said(int(i))} cannot be read ({expected}, an Excel "
                                   "serial number, or set the format with date_format=)"})
    for i in _first_per_position(np.flatnonzero(status == OUT_OF_RANGE), positions):
        out.append({"row": positions[i], "column": column, "value": _plain(cells[i]),
                    "table": table, "argument": None,
                    "problem": f"date {_show(cells[i])}{said(int(i))} is outside the dates "
                               f"casekit can hold ({_RANGE_TEXT}); check the year"})
    return out


def _plain(v: object) -> object:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (pd.Timestamp, _dt.datetime, _dt.date)):
        return v.isoformat()
    return v


def _show(v: object) -> str:
    if isinstance(v, (_dt.datetime, _dt.date)):
        return v.isoformat()[:10] if isinstance(v, _dt.datetime) and not (
            v.hour or v.minute or v.second) else v.isoformat()
    return repr(_plain(v))
