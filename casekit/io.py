"""Reading and writing tidy session data: CSV, Excel, SPSS, REDCap, DataFrames.

:func:`read_sessions` turns a file (or DataFrame) in long or wide layout into the tidy ratings
table of :mod:`casekit.schema` and validates it. The code is one reader per format (``_read_*``,
returning the raw cells untouched), an optional REDCap step (record -> case, event or repeat
instance -> session), a wide -> long step driven by a small declarative spec, and **one
normaliser** that parses every cell: numbers (decimal point or comma), declared sentinel codes
(-> NaN with the code kept in ``missing_code``), SPSS user-missing codes (the same), Excel serial
and ISO dates. A cell that is neither a number, a blank nor a declared sentinel is reported as a
problem with its row and column; nothing is dropped or coerced silently.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ._validate import check_option
from .exceptions import CaseDataError, CaseDataWarning
from .schema import (
    CASE,
    DATE,
    DEFAULT_NA_VALUES,
    DEFAULT_SENTINELS,
    END,
    EVENT,
    EVENTS_REQUIRED,
    ITEM,
    LABEL,
    MEASURE,
    MISSING_CODE,
    NOTE,
    PHASE,
    PHASES_REQUIRED,
    RATER,
    RATINGS_COLUMNS,
    SCALE,
    SESSION,
    SOURCE,
    START,
    VALUE,
    order_columns,
)

__all__ = ["read_sessions", "write_sessions", "read_events", "read_phases", "FORMATS"]

FORMATS = ("csv", "excel", "spss", "redcap", "dataframe")
LAYOUTS = ("long", "wide")
_SUFFIX = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "excel", ".xlsm": "excel",
           ".sav": "spss", ".zsav": "spss"}
#: columns of a wide table that describe the session rather than a measure
_ID_COLUMNS = (CASE, SESSION, DATE, PHASE, RATER)
_REDCAP_META = ("redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
                "redcap_data_access_group", "redcap_survey_identifier")
#: default REDCap event names carrying a session number: "session_12_arm_1", "visit_3_arm_2"
REDCAP_EVENT_PATTERN = r"^(?:session|visit|week|s)_?(?P<session>-?\d+)_arm_\d+$"
#: Excel's day 0 for serial dates in the 1900 date system (serial 1 = 1900-01-01; the origin
#: 1899-12-30 absorbs Excel's fictitious 1900-02-29, so serials >= 61 are exact; ECMA-376
#: Part 1, §18.17.4.1)
_EXCEL_ORIGIN = pd.Timestamp("1899-12-30")
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31


# ----------------------------------------------------------------------------------------
# raw readers: one per format, cells untouched
# ----------------------------------------------------------------------------------------
class _Raw:
    """Raw cells of a source plus what the reader learnt (per-column missing codes, labels)."""

    def __init__(self, frame, fmt, *, user_missing=None, attrs=None, text=False):
        self.frame = frame
        self.fmt = fmt
        self.user_missing = user_missing or {}  # column -> list of (lo, hi)
        self.attrs = attrs or {}
        self.text = text  # cells are strings as written (CSV)


def _infer_format(source, fmt):
    if isinstance(source, pd.DataFrame):
        return "dataframe" if fmt in (None, "dataframe") else check_option(fmt, "format",
                                                                             ("dataframe",
                                                                              "redcap"))
    if fmt is not None:
        return check_option(fmt, "format", FORMATS)
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"source must be a path or a pandas DataFrame; got "
                        f"{type(source).__name__}")
    suffix = Path(source).suffix.lower()
    if suffix not in _SUFFIX:
        raise ValueError(f"cannot tell the format of {str(source)!r} from its suffix "
                         f"{suffix!r}; pass format= one of {', '.join(map(repr, FORMATS))}")
    return _SUFFIX[suffix]


def _sniff_sep(path, encoding):
    with open(path, encoding=encoding, newline="") as fh:
        head = fh.readline()
    counts = {s: head.count(s) for s in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_csv(path, *, sep, encoding):
    if sep is None:
        sep = _sniff_sep(path, encoding)
    frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_values=[],
                        encoding=encoding, skipinitialspace=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    return _Raw(frame, "csv", attrs={"sep": sep}, text=True)


def _read_excel(path, *, sheet):
    try:
        import openpyxl  # noqa: F401
    except ImportError as exc:  # pragma: no cover - environment dependent
        raise ImportError("reading Excel files needs openpyxl: pip install 'casekit[io]'") \
            from exc
    frame = pd.read_excel(path, sheet_name=sheet, dtype=object, engine="openpyxl",
                          keep_default_na=False, na_values=[])
    frame.columns = [str(c).strip() for c in frame.columns]
    return _Raw(frame, "excel")


def _read_spss(path):
    try:
        import pyreadstat
    except ImportError as exc:  # pragma: no cover - environment dependent
        raise ImportError("reading SPSS files needs pyreadstat: pip install 'casekit[io]'") \
            from exc
    # user_missing=True keeps user-defined missing codes as their values (instead of NaN), so
    # that the code survives into missing_code; the normaliser then makes them missing.
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True, apply_value_formats=False)
    user_missing = {}
    for col, ranges in (meta.missing_ranges or {}).items():
        user_missing[col] = [(r["lo"], r["hi"]) for r in ranges]
    for col, values in (getattr(meta, "missing_user_values", None) or {}).items():
        user_missing.setdefault(col, []).extend((v, v) for v in values)
    attrs = {"variable_labels": dict(zip(meta.column_names, meta.column_labels, strict=True)),
             "value_labels": {c: meta.value_labels.get(lab, {})
                              for c, lab in (meta.variable_to_label or {}).items()}}
    return _Raw(frame, "spss", user_missing=user_missing, attrs=attrs)


def _read_raw(source, fmt, *, sep, encoding, sheet) -> _Raw:
    if isinstance(source, pd.DataFrame):
        return _Raw(source.copy(), "dataframe")
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"source file not found: {str(path)!r}")
    if fmt in ("csv", "redcap"):
        raw = _read_csv(path, sep=sep, encoding=encoding)
    elif fmt == "excel":
        raw = _read_excel(path, sheet=sheet)
    else:
        raw = _read_spss(path)
    raw.attrs["source"] = str(path)
    return raw


# ----------------------------------------------------------------------------------------
# cell parsing (the normaliser's primitives)
# ----------------------------------------------------------------------------------------
def _code_text(v) -> str:
    """Text kept in missing_code for a sentinel that arrived as a number."""
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v)


def _is_blank(v, na_values) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)) and np.isnan(v):
        return True
    return isinstance(v, str) and v.strip() in na_values


_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"


class _Parser:
    """Parses cells to numbers; knows sentinels, blank markers and the decimal mark."""

    def __init__(self, sentinels, na_values, decimal, user_missing=None):
        sentinels = () if sentinels is None else tuple(sentinels)
        self.sent_text = {s.strip() for s in sentinels if isinstance(s, str)}
        self.sent_num = set()
        for s in sentinels:
            if isinstance(s, bool) or not isinstance(s, (str, int, float, np.number)):
                raise TypeError(f"sentinels must be numbers or strings; got {s!r}")
            if not isinstance(s, str):
                self.sent_num.add(float(s))
        self.na_values = {str(v).strip() for v in (na_values or ())}
        self.decimal = check_option(decimal, "decimal", (".", ","))
        self.user_missing = user_missing or {}

    def number(self, text: str):
        """Parse one number written as text; None when it is not one."""
        t = text.strip()
        if self.decimal == ",":
            if "." in t:
                return None
            t = t.replace(",", ".")
        if not re.fullmatch(_NUMBER, t):
            return None
        return float(t)

    def values(self, cells: pd.Series, columns: np.ndarray | None = None):
        """Parse ``cells`` -> (float values, missing codes, positions of bad cells).

        Vectorised: numbers, text numbers, sentinels and blanks are classified with array
        operations; only the classification of Python object types loops (in C via fromiter).
        """
        arr = cells.to_numpy(dtype=object)
        n = len(arr)
        out = np.full(n, np.nan)
        codes = np.full(n, None, dtype=object)
        bad = np.zeros(n, bool)
        is_str = np.fromiter((isinstance(v, str) for v in arr), bool, n)
        is_num = np.fromiter((isinstance(v, (int, float, np.integer, np.floating))
                              and not isinstance(v, (bool, np.bool_)) for v in arr), bool, n)
        missing = ~is_str & pd.isna(pd.Series(arr, dtype=object)).to_numpy()
        bad |= ~is_str & ~is_num & ~missing            # booleans, dates, other objects
        sent_num = np.array(sorted(self.sent_num), dtype=float)
        if is_num.any():
            x = arr[is_num].astype(float)
            hit = np.isin(x, sent_num)
            idx = np.flatnonzero(is_num)
            codes[idx[hit]] = [_code_text(v) for v in arr[idx[hit]]]
            x[hit] = np.nan
            out[idx] = x
        if is_str.any() and self.decimal == ".":
            # fast path: cells pandas' C parser reads as finite numbers
            sidx = np.flatnonzero(is_str)
            x = pd.to_numeric(pd.Series(arr[sidx], dtype=object), errors="coerce") \
                .to_numpy(dtype=float, copy=True)
            good = np.isfinite(x)
            gidx = sidx[good]
            xg = x[good]
            hit = np.isin(xg, sent_num)
            codes[gidx[hit]] = [v.strip() for v in arr[gidx[hit]]]
            xg[hit] = np.nan
            out[gidx] = xg
            is_str = is_str.copy()
            is_str[gidx] = False  # the rest (blanks, codes, text, commas) below
        if is_str.any():
            idx = np.flatnonzero(is_str)
            txt = pd.Series(arr[idx], dtype=object).str.strip()
            blank = txt.isin(self.na_values).to_numpy()
            sent = txt.isin(self.sent_text).to_numpy() & ~blank
            codes[idx[sent]] = txt[sent].to_numpy(dtype=object)
            rest = ~blank & ~sent
            t = txt[rest]
            if self.decimal == ",":
                has_point = t.str.contains(".", regex=False).to_numpy()
                t = t.str.replace(",", ".", regex=False)
            else:
                has_point = np.zeros(len(t), bool)
            ok = t.str.fullmatch(_NUMBER).to_numpy(dtype=bool) & ~has_point
            ridx = idx[rest]
            bad[ridx[~ok]] = True
            x = pd.to_numeric(t[ok]).to_numpy(dtype=float, copy=True)
            hit = np.isin(x, sent_num)
            gidx = ridx[ok]
            codes[gidx[hit]] = txt[rest][ok][hit].to_numpy(dtype=object)
            x[hit] = np.nan
            out[gidx] = x
        if columns is not None and self.user_missing:
            for col, ranges in self.user_missing.items():
                sel = (columns == col) & ~np.isnan(out)
                for lo, hi in ranges:
                    hit = sel & (out >= lo) & (out <= hi)
                    codes[hit] = [_code_text(v) for v in out[hit]]
                    out[hit] = np.nan
                    sel &= ~hit
        inf = np.isinf(out)
        bad |= inf
        out[inf] = np.nan
        return out, codes, np.flatnonzero(bad).tolist()


def _text_column(s: pd.Series, na_values) -> pd.Series:
    """Text column (case, measure ...): blanks -> NA, whole floats (1.0 from SPSS) -> '1'."""
    arr = s.to_numpy(dtype=object)
    is_str = np.fromiter((isinstance(v, str) for v in arr), bool, len(arr))
    out = np.full(len(arr), None, dtype=object)
    if is_str.any():
        t = pd.Series(arr[is_str], dtype=object).str.strip()
        t = t.where(~t.isin(na_values), None)
        out[is_str] = t.to_numpy(dtype=object)
    for i in np.flatnonzero(~is_str):
        v = arr[i]
        if not _is_blank(v, na_values):
            out[i] = _code_text(v) if isinstance(v, (float, np.floating)) else str(v)
    return pd.Series(pd.array(out, dtype="str"), index=s.index)


def _parse_dates(s: pd.Series, *, na_values, date_format):
    """Datetime series from ISO text, Excel serial numbers or datetime objects; bad positions."""
    arr = s.to_numpy(dtype=object)
    out = np.full(len(arr), np.datetime64("NaT"), dtype="datetime64[ns]")
    bad = []
    text_idx, text_val = [], []
    for i, v in enumerate(arr):
        if _is_blank(v, na_values):
            continue
        if isinstance(v, (pd.Timestamp, _dt.datetime, _dt.date, np.datetime64)):
            out[i] = pd.Timestamp(v).to_datetime64()
            continue
        serial = None
        if isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_)):
            serial = float(v)
        elif isinstance(v, str) and re.fullmatch(r"\d+(\.\d+)?", v.strip()):
            # digit-only text follows date_format when it fits ("20240105" with "%Y%m%d"),
            # else it is an Excel serial number
            p = (pd.to_datetime(v.strip(), format=date_format, errors="coerce")
                 if date_format else pd.NaT)
            if not pd.isna(p):
                out[i] = p.to_datetime64()
                continue
            serial = float(v.strip())
        if serial is not None:
            if 1 <= serial <= _EXCEL_MAX_SERIAL:
                out[i] = (_EXCEL_ORIGIN + pd.to_timedelta(serial, unit="D")).to_datetime64()
            else:
                bad.append(i)
            continue
        if isinstance(v, str):
            text_idx.append(i)
            text_val.append(v.strip())
        else:
            bad.append(i)
    if text_idx:
        parsed = pd.to_datetime(pd.Series(text_val, dtype=object),
                                format=date_format or "ISO8601", errors="coerce")
        for i, p in zip(text_idx, parsed, strict=True):
            if pd.isna(p):
                bad.append(i)
            else:
                out[i] = p.tz_localize(None).to_datetime64() if p.tzinfo else p.to_datetime64()
    return pd.Series(out, index=s.index, dtype="datetime64[ns]"), sorted(bad)


def _whole(parser, s, name, rows, cols, problems, *, na_values):
    """Parse a whole-number column (session, item) to Int64; report text and fractions."""
    vals, codes, bad = parser.values(s)
    for i in bad:
        problems.append(_problem(rows[i], cols[i] if cols is not None else name, s.iloc[i],
                                 f"{name} is not a number"))
    for i in np.flatnonzero(pd.notna(codes)):
        problems.append(_problem(rows[i], cols[i] if cols is not None else name, codes[i],
                                 f"{name} cannot be a missing-value code"))
    frac = ~np.isnan(vals) & (np.floor(vals) != vals)
    for i in np.flatnonzero(frac):
        problems.append(_problem(rows[i], name, s.iloc[i], f"{name} must be a whole number"))
    vals[frac] = np.nan
    return pd.array(np.where(np.isnan(vals), None, vals).tolist(), dtype="Int64")


def _problem(row, column, value, problem, table="ratings"):
    if isinstance(value, np.generic):
        value = value.item()
    return {"row": None if row is None else int(row), "column": column, "value": value,
            "problem": problem, "table": table}


# ----------------------------------------------------------------------------------------
# REDCap and wide -> long
# ----------------------------------------------------------------------------------------
def _redcap_sessions(frame, *, event_map, event_pattern):
    """record_id -> case; event name (map or pattern) or repeat instance -> session.

    Returns the frame and, per source row whose session cannot be told, the problem; it is
    reported only if that row carries ratings (a REDCap row often holds other forms only).
    """
    frame = frame.copy()
    if "record_id" not in frame.columns and CASE not in frame.columns:
        raise CaseDataError([_problem(None, "record_id", None,
                                      "a REDCap export needs a 'record_id' column (or pass "
                                      "columns={'<your id field>': 'case'})")])
    if "record_id" in frame.columns:
        if CASE in frame.columns:
            raise ValueError("the REDCap export has both 'record_id' and 'case'; rename one "
                             "through columns=")
        frame = frame.rename(columns={"record_id": CASE})
    if SESSION in frame.columns:
        raise ValueError("the REDCap export already has a 'session' column; casekit derives "
                         "sessions from redcap_event_name / redcap_repeat_instance")
    n = len(frame)
    blank = lambda v: _is_blank(v, {""})  # noqa: E731
    rep_inst = frame["redcap_repeat_instrument"].to_numpy(dtype=object) \
        if "redcap_repeat_instrument" in frame.columns else np.full(n, None)
    rep_num = frame["redcap_repeat_instance"].to_numpy(dtype=object) \
        if "redcap_repeat_instance" in frame.columns else np.full(n, None)
    events = frame["redcap_event_name"].to_numpy(dtype=object) \
        if "redcap_event_name" in frame.columns else None
    pattern = re.compile(event_pattern or REDCAP_EVENT_PATTERN)
    emap = {str(k): v for k, v in (event_map or {}).items()}
    session = np.full(n, None, dtype=object)
    pending: dict[int, dict] = {}
    for i in range(n):
        if not blank(rep_inst[i]):
            if blank(rep_num[i]):
                pending[i] = _problem(i, "redcap_repeat_instance", None,
                                      "repeating-instrument row without an instance number")
            else:
                session[i] = rep_num[i]
            continue
        if events is None:
            pending[i] = _problem(i, "redcap_event_name", None,
                                  "cannot tell the session: no redcap_event_name column and "
                                  "the row is not a repeating instrument")
            continue
        ev = "" if blank(events[i]) else str(events[i]).strip()
        if ev in emap:
            session[i] = emap[ev]
            continue
        m = pattern.fullmatch(ev)
        if m is None:
            pending[i] = _problem(
                i, "redcap_event_name", ev,
                f"event {ev!r} is not in event_map and does not match the event pattern "
                f"{pattern.pattern!r}; map it with event_map={{{ev!r}: <session>}}")
            continue
        session[i] = m.groupdict().get("session", m.group(1) if m.groups() else None)
    frame[SESSION] = session
    # non-repeating fields belong to the record (and event): copy them onto the record's
    # repeating-instrument rows, so that they survive when the base row carries no ratings
    base_key = [CASE] + (["redcap_event_name"] if events is not None else [])
    repeat = np.array([not blank(v) for v in rep_inst])
    return frame, pending, repeat, base_key


def _fill_from_base_rows(base, frame, extras, redcap, na_values):
    """REDCap: copy a record's non-repeating fields onto its repeating-instrument rows."""
    repeat, key = redcap
    fill = [c for c in extras if c not in _REDCAP_META and not c.endswith("_complete")]
    if not fill or not repeat.any() or (~repeat).sum() == 0:
        return base
    keys = frame[key].astype(str).agg("\x1f".join, axis=1).to_numpy()
    base_rows = {k: i for i, k in zip(np.flatnonzero(~repeat), keys[~repeat], strict=True)}
    base = base.copy()
    for c in fill:
        col = base[c].to_numpy(dtype=object).copy()
        for i in np.flatnonzero(repeat):
            j = base_rows.get(keys[i])
            if j is not None and _is_blank(col[i], na_values):
                col[i] = col[j]
        base[c] = col
    return base


def _spec_entries(measure, spec):
    """Normalise one measure's spec to a list of (pattern, default scale)."""
    if isinstance(spec, str):
        return [(spec, None)]
    if isinstance(spec, Mapping):
        out = []
        for key, pat in spec.items():
            pats = [pat] if isinstance(pat, str) else list(pat)
            out += [(p, None if key == "items" else str(key)) for p in pats]
        return out
    if isinstance(spec, Iterable):
        return [(p, None) for p in spec]
    raise TypeError(f"measures[{measure!r}] must be a column name, a regular expression, a "
                    f"list of them, or a dict {{'items': ..., '<scale>': ...}}; got {spec!r}")


def _map_columns(columns, measures, pattern, problems):
    """Source column -> dict(measure, item, scale, session, rater) from the spec."""
    mapped: dict[str, dict] = {}
    free = [c for c in columns if c not in _ID_COLUMNS]

    def add(col, measure, gd, default_scale):
        if col in mapped:
            problems.append(_problem(None, col, None,
                                     f"column matched by two specs ({mapped[col]['measure']!r} "
                                     f"and {measure!r})"))
            return
        item = gd.get("item")
        scale = gd.get("scale") or default_scale or (None if item is not None else "total")
        mapped[col] = {MEASURE: str(measure), ITEM: item, SCALE: scale,
                       "__ck_name_session": gd.get("session"), "__ck_name_rater": gd.get("rater")}

    for measure, spec in (measures or {}).items():
        for pat, default_scale in _spec_entries(measure, spec):
            if pat in free:
                add(pat, measure, {}, default_scale)
                continue
            try:
                rx = re.compile(pat)
            except re.error as exc:
                raise ValueError(f"measures[{measure!r}]: invalid regular expression {pat!r} "
                                 f"({exc})") from exc
            hits = [(c, rx.fullmatch(c)) for c in free]
            hits = [(c, m) for c, m in hits if m]
            if not hits:
                problems.append(_problem(None, None, pat,
                                         f"measures[{measure!r}]: {pat!r} matches no column"))
            for c, m in hits:
                add(c, measure, m.groupdict(), default_scale)
    if pattern is not None:
        rx = re.compile(pattern)
        if "measure" not in rx.groupindex:
            raise ValueError("pattern must have a named group 'measure', e.g. "
                             r"r'^(?P<measure>[A-Za-z0-9-]+)_(?P<item>\d+)$'")
        for c in free:
            if c in mapped:
                continue
            m = rx.fullmatch(c)
            if m:
                gd = m.groupdict()
                add(c, gd["measure"], gd, None)
    return mapped


def _wide_to_long(frame, *, measures, pattern, empty_blocks, na_values, quiet, problems,
                  redcap=None):
    cols = [str(c) for c in frame.columns]
    frame = frame.set_axis(cols, axis=1)
    mapped = _map_columns(cols, measures, pattern, problems)
    if not mapped:
        raise CaseDataError(problems or [_problem(None, None, None,
                                                  "no column maps to a measure")],
                            title="wide layout: no measure columns found")
    ids = [c for c in _ID_COLUMNS if c in cols]
    extras = [c for c in cols if c not in mapped and c not in ids]
    noisy = [c for c in extras if c not in _REDCAP_META and not c.endswith("_complete")]
    if noisy and not quiet:
        warnings.warn(f"{len(noisy)} column(s) map to no measure and are kept as extra columns "
                      f"on every row: {', '.join(noisy[:10])}{' ...' if len(noisy) > 10 else ''}"
                      "; map them in measures= or drop them before reading",
                      CaseDataWarning, stacklevel=4)
    if any(v["__ck_name_session"] is not None for v in mapped.values()) and SESSION in ids:
        problems.append(_problem(None, SESSION, None, "sessions are given both by a 'session' "
                                                      "column and by the column names"))
    base = frame[ids + extras].copy()
    if redcap is not None:
        base = _fill_from_base_rows(base, frame, extras, redcap, na_values)
    base["__ck_row"] = np.arange(len(frame))
    order = {c: k for k, c in enumerate(mapped)}
    value_cols = list(mapped)
    long = pd.concat(
        [base.assign(**{"__ck_col": c, VALUE: frame[c].to_numpy(dtype=object)})
         for c in value_cols],
        ignore_index=True)
    spec = pd.DataFrame.from_dict(mapped, orient="index")
    for key in (MEASURE, ITEM, SCALE, "__ck_name_session", "__ck_name_rater"):
        long[key] = long["__ck_col"].map(spec[key]).to_numpy(dtype=object)
    if long["__ck_name_session"].notna().any() and SESSION not in ids:
        long[SESSION] = long["__ck_name_session"]
    if long["__ck_name_rater"].notna().any():
        if RATER in ids:
            problems.append(_problem(None, RATER, None, "raters are given both by a 'rater' "
                                                        "column and by the column names"))
        else:
            long[RATER] = long["__ck_name_rater"]
    long["__ck_order"] = long["__ck_col"].map(order)
    long = long.sort_values(["__ck_row", "__ck_order"], kind="stable").reset_index(drop=True)
    skipped = 0
    if empty_blocks == "skip":
        blank = np.array([_is_blank(v, na_values) for v in long[VALUE].to_numpy(dtype=object)])
        block = [long["__ck_row"], long[MEASURE], long["__ck_name_session"].fillna("")]
        all_blank = pd.Series(blank).groupby([b.to_numpy() for b in block]).transform("all")
        keep = ~all_blank.to_numpy()
        skipped = int((~keep).sum())
        long = long[keep].reset_index(drop=True)
    return long.drop(columns=["__ck_order", "__ck_name_session", "__ck_name_rater"]), skipped


# ----------------------------------------------------------------------------------------
# the normaliser
# ----------------------------------------------------------------------------------------
def _normalise(long, parser, *, date_format, text_extras, problems):
    """Typed tidy ratings from raw cells; parse problems appended to ``problems``."""
    na = parser.na_values
    rows = long["__ck_row"].to_numpy()
    cols = long["__ck_col"].to_numpy(dtype=object)
    out = pd.DataFrame(index=long.index)
    for c in (CASE, MEASURE, RATER, SCALE, PHASE):
        if c in long.columns:
            out[c] = _text_column(long[c], na)
    if SESSION in long.columns:
        sess = _whole(parser, long[SESSION], SESSION, rows, None, problems, na_values=na)
        out[SESSION] = sess.astype("int64") if not sess.isna().any() else sess
    if ITEM in long.columns:
        out[ITEM] = _whole(parser, long[ITEM], ITEM, rows, None, problems, na_values=na)
    if DATE in long.columns:
        out[DATE], bad = _parse_dates(long[DATE], na_values=na, date_format=date_format)
        for i in bad:
            problems.append(_problem(rows[i], DATE, long[DATE].iloc[i],
                                     "date cannot be read (ISO 8601 YYYY-MM-DD, an Excel serial "
                                     "number, or pass date_format=)"))
    if VALUE in long.columns:
        vals, codes, bad = parser.values(long[VALUE], cols)
        for i in bad:
            problems.append(_problem(rows[i], cols[i], long[VALUE].iloc[i],
                                     "value is neither a number nor a declared sentinel code "
                                     f"(sentinels: {sorted(parser.sent_text | {_code_text(x) for x in parser.sent_num})}"
                                     "; pass sentinels= or na_values= to declare it)"))
        out[VALUE] = vals
        if MISSING_CODE in long.columns:
            given = _text_column(long[MISSING_CODE], na).to_numpy(dtype=object)
            codes = np.where(pd.isna(codes), given, codes)
        out[MISSING_CODE] = pd.array([None if pd.isna(c) else c for c in codes], dtype="str")
    for c in long.columns:
        if c in out.columns or c in ("__ck_row", "__ck_col") or c in RATINGS_COLUMNS:
            continue
        out[c] = _extra(long[c], na) if text_extras else long[c].to_numpy()
    return order_columns(out)


def _extra(s: pd.Series, na_values) -> pd.Series:
    """An extra text column: blanks -> NA; numbers -> Int64/float when every cell is one."""
    txt = _text_column(s, na_values)
    present = txt.dropna()
    if len(present) and present.str.fullmatch(r"[+-]?\d+").all():
        return pd.Series(pd.array([None if pd.isna(v) else int(v) for v in txt], dtype="Int64"),
                         index=s.index)
    return txt


# ----------------------------------------------------------------------------------------
# public readers
# ----------------------------------------------------------------------------------------
def read_sessions(source, *, format: str | None = None, layout: str | None = None,
                  columns: Mapping[str, str] | None = None, case: str | None = None,
                  measures: Mapping | None = None, pattern: str | None = None,
                  sentinels: Iterable = DEFAULT_SENTINELS,
                  na_values: Iterable[str] = DEFAULT_NA_VALUES, sep: str | None = None,
                  decimal: str | None = None, sheet=0, encoding: str = "utf-8-sig",
                  date_format: str | None = None, event_map: Mapping | None = None,
                  event_pattern: str | None = None, empty_blocks: str | None = None,
                  validate: bool = True, registry=None, instruments=None,
                  quiet: bool = False, spec: Mapping | None = None) -> pd.DataFrame:
    r"""Read session ratings into the tidy long table and validate them.

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        A ``.csv``/``.txt``/``.tsv``, ``.xlsx``/``.xlsm``, ``.sav``/``.zsav`` file, a REDCap CSV
        export (``format="redcap"``), or a DataFrame.
    format : {'csv', 'excel', 'spss', 'redcap', 'dataframe'}, optional
        Default: from the file suffix (a DataFrame is ``'dataframe'``; pass ``'redcap'`` for a
        REDCap export, as a file or a DataFrame).
    layout : {'long', 'wide'}, optional
        ``'long'``: one row per rating with ``measure`` and ``value`` columns. ``'wide'``: one
        row per session (or per case when the session is in the column names), a column per
        measure or item, mapped by ``measures`` or ``pattern``. Default: ``'long'`` when the
        (renamed) table has ``measure`` and ``value`` columns, else ``'wide'``.
    columns : dict, optional
        Renames source columns to tidy names first, e.g. ``{"Patient": "case",
        "Sitzung": "session", "Datum": "date"}``. A name the source lacks, or a rename onto a
        column the source already has, raises ``ValueError``.
    case : str, optional
        The case this table is about. A source without a case column is labelled with it; a
        source with one (a multi-case file, a REDCap ``record_id``) is narrowed to the rows of
        that case, compared as text (``1`` and ``"1"`` are the same case). A case absent from
        the source raises ``ValueError`` listing the cases present; a row with a blank case is
        a problem (it cannot be told whether it belongs to the case), and reading problems in
        other cases' rows are not reported. ``df.attrs["casekit"]`` then records
        ``selected_case`` and ``other_case_rows`` (source rows of other cases not returned).
        See Notes.
    measures : dict, optional
        Wide layout spec, measure -> columns. A value is a column name, a regular expression
        (matched in full against column names; named groups ``item``, ``scale``, ``session``
        and ``rater`` fill those columns), a list of these, or a dict ``{"items": <regex>,
        "<scale name>": <column or regex>}``. A column without an ``item`` group is a score
        row with scale ``"total"`` (or the dict key / ``scale`` group). Example::

            {"PHQ-9": {"items": r"^PHQ9_(?P<item>\d+)$", "total": "PHQ9_tot"},
             "WAI-SR": r"^WAI_(?P<item>\d+)$", "SRS": "SRS_total"}
    pattern : str, optional
        Wide layout by column-name pattern: one regular expression with a named group
        ``measure`` (and optionally ``item``, ``scale``, ``session``, ``rater``) applied to the
        columns not mapped by ``measures``, e.g. ``r"^(?P<measure>[A-Z0-9]+)_(?P<item>\d+)$"``.
    sentinels : iterable of numbers and str, default (-9, -99, 999, '.')
        Codes that mean "missing". The value becomes NaN and the code is kept as written in
        ``missing_code``. Numbers match numerically (``-9`` matches ``"-9.0"``).
    na_values : iterable of str, default ('',)
        Cell texts that are plainly missing (NaN, no code). ``"NA"`` is not included by
        default; add it for files written by R.
    sep : str, optional
        CSV separator; default: the most frequent of ``;``, tab and ``,`` in the header line.
    decimal : {'.', ','}, optional
        Decimal mark of CSV numbers; default ``','`` when the separator is ``;``, else ``'.'``.
        With ``','`` a number written with a point is reported, not guessed.
    sheet : int or str, default 0
        Excel sheet.
    encoding : str, default 'utf-8-sig'
        Text encoding of CSV files (a UTF-8 byte-order mark is removed).
    date_format : str, optional
        ``strftime`` format of text dates; default ISO 8601. Numbers in a date column are Excel
        serial dates (1900 date system); digit-only text is read with ``date_format`` when it
        fits (``"%Y%m%d"``), else as a serial date.
    event_map : dict, optional
        REDCap: event name -> session number (``{"baseline_arm_1": 0}``).
    event_pattern : str, optional
        REDCap: regular expression with a group ``session`` for event names not in
        ``event_map``; default ``REDCAP_EVENT_PATTERN`` (``session_12_arm_1``,
        ``visit_3_arm_1``, ``week_2_arm_1``).
    empty_blocks : {'keep', 'skip'}, optional
        Wide layout: what to do with a measure whose cells are all blank on a source row.
        ``'keep'`` (default; REDCap: ``'skip'``) gives NaN rows; ``'skip'`` gives no rows (the
        measure was not administered on that row; REDCap leaves other forms' fields blank). The
        number skipped is in ``df.attrs["casekit"]["skipped_blank"]``.
    validate : bool, default True
        Run :func:`casekit.validate` on the result. Cells that cannot be read raise whatever
        this is, and the error then also lists the validation problems.
    registry, instruments
        Passed to :func:`casekit.validate`.
    quiet : bool, default False
        Do not warn about wide-layout columns that map to no measure (they are kept as extra
        columns either way).
    spec : dict, optional
        Reading options bundled in one mapping (e.g. loaded from a TOML/JSON file by the
        command line): keys among ``SPEC_KEYS`` (``measures``, ``pattern``, ``columns``,
        ``case``, ``layout``, ``sentinels``, ``na_values``, ``decimal``, ``date_format``,
        ``event_map``, ``event_pattern``, ``empty_blocks``). A mapping with none of these keys
        is taken as ``measures``. An option given both here and as an argument raises.

    Returns
    -------
    pandas.DataFrame
        Tidy ratings, one row per rating, columns in this order (those present): ``case``
        (str), ``session`` (int64; Int64 if some are missing and ``validate=False``),
        ``date`` (datetime64[ns]), ``phase`` (str), ``measure`` (str), ``rater`` (str),
        ``item`` (Int64), ``scale`` (str), ``value`` (float64), ``missing_code`` (str, always
        present), then extra source columns (wide layout: columns mapped to no measure, e.g.
        REDCap ``<form>_complete``, repeated on every row of their source row). Long input
        keeps its row order; wide input is ordered by source row, then spec order.
        ``df.attrs["casekit"]`` records the source, format and (SPSS) variable and value
        labels.

    Raises
    ------
    casekit.CaseDataError
        Listing every problem: cells that are neither numbers nor declared codes, unreadable
        dates, REDCap events without a session, and (with ``validate=True``) everything
        :func:`casekit.validate` checks. ``row`` is the 0-based data row of the source (the
        first row under the header is 0) and ``column`` the source column.

    See Also
    --------
    write_sessions : writes the tidy table as CSV.
    casekit.validate : the checks.
    casekit.schema : the data model.

    Notes
    -----
    SPSS files are read with ``pyreadstat.read_sav(user_missing=True)``, so user-defined
    missing values arrive as their codes and become NaN here with the code in
    ``missing_code``; they never turn into 0 or a valid score. Excel serial dates use the 1900
    date system (origin 1899-12-30). REDCap: ``record_id`` -> ``case``; rows of a repeating
    instrument take the session from ``redcap_repeat_instance``, other rows from
    ``redcap_event_name`` through ``event_map`` or ``event_pattern``; ``redcap_*`` and
    ``<form>_complete`` columns are kept (0 Incomplete, 1 Unverified, 2 Complete).

    ``case=`` has one meaning, "the case this table is about", whether or not the source names
    its cases: it labels a source without a case column and selects from a source with one.
    One argument (rather than a separate ``select_case=``) lets the same call, the same
    ``--case`` of the command line and the same ``case`` key of a reading spec work on a
    one-case export and on a multi-case file alike. It never relabels: a stated case that
    differs from the cases in the data is an error, not a replacement, so a stated case never
    silently replaces a different one. The selection happens after the cells are parsed, so
    the ``row`` of every problem is still the row of the source.

    The import rules follow the casekit data proposal (case-narrative §6); the REDCap layout is
    REDCap's documented flat export. There is no R function this mirrors as a whole; the wide
    -> long step is ``tidyr::pivot_longer(names_pattern = ...)`` with named groups, and the
    SPSS step is ``haven::read_sav(user_na = TRUE)`` followed by turning the user-missing codes
    into ``NA`` while keeping them in a column.

    References
    ----------
    Wickham, H. (2014). Tidy data. Journal of Statistical Software, 59(10).
    doi:10.18637/jss.v059.i10

    Harris, P. A., Taylor, R., Thielke, R., Payne, J., Gonzalez, N., & Conde, J. G. (2009).
    Research electronic data capture (REDCap). Journal of Biomedical Informatics, 42(2),
    377-381. doi:10.1016/j.jbi.2008.08.010

    ECMA-376 Office Open XML File Formats, Part 1, §18.17.4 (serial date-times, 1900 system).

    Examples
    --------
    >>> import pandas as pd
    >>> import casekit
    >>> wide = pd.DataFrame({"session": [1, 2], "PHQ9_1": [3, -9], "PHQ9_2": [2, 1],
    ...                      "SRS_total": [31.5, 36.0]})
    >>> df = casekit.read_sessions(wide, case="c1", validate=False,
    ...                            measures={"PHQ-9": r"PHQ9_(?P<item>\d+)", "SRS": "SRS_total"})
    >>> df[["session", "measure", "item", "scale", "value", "missing_code"]]
       session measure  item  scale  value missing_code
    0        1   PHQ-9     1    NaN    3.0          NaN
    1        1   PHQ-9     2    NaN    2.0          NaN
    2        1     SRS  <NA>  total   31.5          NaN
    3        2   PHQ-9     1    NaN    NaN           -9
    4        2   PHQ-9     2    NaN    1.0          NaN
    5        2     SRS  <NA>  total   36.0          NaN
    """
    if spec is not None:
        opts = _spec_options(spec)
        given = {"measures": measures, "pattern": pattern, "columns": columns, "case": case,
                 "layout": layout, "decimal": decimal, "date_format": date_format,
                 "event_map": event_map, "event_pattern": event_pattern,
                 "empty_blocks": empty_blocks}
        clash = [k for k in opts if given.get(k) is not None]
        if "sentinels" in opts and sentinels is not DEFAULT_SENTINELS:
            clash.append("sentinels")
        if "na_values" in opts and na_values is not DEFAULT_NA_VALUES:
            clash.append("na_values")
        if clash:
            raise ValueError(f"{', '.join(clash)} given both in spec and as arguments")
        return read_sessions(source, format=format, sep=sep, sheet=sheet, encoding=encoding,
                             validate=validate, registry=registry, instruments=instruments,
                             quiet=quiet, **{**given, "sentinels": sentinels,
                                             "na_values": na_values, **opts})
    fmt = _infer_format(source, format)
    raw = _read_raw(source, fmt, sep=sep, encoding=encoding, sheet=sheet)
    if decimal is None:
        decimal = "," if raw.attrs.get("sep") == ";" else "."
    parser = _Parser(sentinels, na_values, decimal, raw.user_missing)
    problems: list[dict] = []
    frame = raw.frame
    frame.columns = [str(c) for c in frame.columns]
    if fmt == "dataframe" and "record_id" in frame.columns and any(
            c.startswith("redcap_") for c in frame.columns) and format is None:
        fmt = "redcap"
    if fmt == "csv" and "record_id" in frame.columns and any(
            c.startswith("redcap_") for c in frame.columns) and format is None:
        fmt = "redcap"
    if columns:
        frame = _rename(frame, columns)
    pending, redcap = {}, None
    if fmt == "redcap":
        frame, pending, repeat, base_key = _redcap_sessions(
            frame, event_map=event_map, event_pattern=event_pattern)
        redcap = (repeat, base_key)
    elif event_map is not None or event_pattern is not None:
        raise ValueError("event_map and event_pattern apply to REDCap exports only; pass "
                         "format='redcap'")
    select = case is not None and CASE in frame.columns   # else case= labels the rows
    if case is not None and not select:
        frame = frame.assign(**{CASE: str(case)})
    if layout is None:
        layout = "long" if MEASURE in frame.columns and VALUE in frame.columns else "wide"
    layout = check_option(layout, "layout", LAYOUTS)
    skipped = 0
    if layout == "wide":
        if measures is None and pattern is None:
            raise ValueError("the wide layout needs measures= (a spec per measure) or pattern= "
                             "(a regular expression with a 'measure' group); the source has no "
                             "'measure' and 'value' columns for the long layout")
        eb = check_option(empty_blocks or ("skip" if fmt == "redcap" else "keep"),
                          "empty_blocks", ("keep", "skip"))
        long, skipped = _wide_to_long(frame, measures=measures, pattern=pattern,
                                      empty_blocks=eb, na_values=parser.na_values, quiet=quiet,
                                      problems=problems, redcap=redcap)
    else:
        if measures is not None or pattern is not None:
            raise ValueError("measures= and pattern= apply to the wide layout; this source is "
                             "long (it has 'measure' and 'value' columns); pass layout='wide' "
                             "if it is not")
        long = frame.reset_index(drop=True).assign(**{"__ck_row": np.arange(len(frame)),
                                                       "__ck_col": VALUE})
    rows = long["__ck_row"].to_numpy()
    # REDCap rows whose session cannot be told are a problem only when they carry ratings
    problems.extend(pending[i] for i in sorted(set(rows) & set(pending)))
    out = _normalise(long, parser, date_format=date_format, text_extras=raw.text,
                     problems=problems)
    source_columns = long["__ck_col"].to_numpy(dtype=object)
    selection = {}
    if select:
        keep, problems, selection = _select_case(out[CASE], case, rows, problems, "ratings")
        out = out.iloc[keep].reset_index(drop=True)
        rows, source_columns = rows[keep], source_columns[keep]
    out.attrs["casekit"] = {"source": raw.attrs.get("source", "DataFrame"), "format": fmt,
                            "layout": layout, "skipped_blank": skipped, **selection,
                            **{k: v for k, v in raw.attrs.items() if k != "source"}}
    if validate or problems:
        # cells that cannot be read raise whatever ``validate`` says; the error then lists
        # the validation problems too, so that one run shows everything
        from .validation import _validate
        report = _validate(out, registry=registry, instruments=instruments, warn=validate,
                           rows={"ratings": rows},
                           source_columns=source_columns if layout == "wide" else None)
        problems = _merge_problems(problems, report.problems)
    if problems:
        raise CaseDataError(pd.DataFrame(problems, dtype=object))
    return out


def _merge_problems(first: list[dict], later: pd.DataFrame) -> list[dict]:
    """Reading problems, then validation problems not already said about the same cell.

    A cell that could not be parsed is NaN for the validator, which would report it again as
    missing; a wide source row gives several long rows with the same table-level problem.
    """
    seen = {(p.get("table", "ratings"), p["row"], p["column"]) for p in first}
    session_rows = {p["row"] for p in first if p["column"] in (
        SESSION, "redcap_event_name", "redcap_repeat_instance")}
    out = list(first)
    said = set()
    for rec in later.to_dict("records"):
        key = (rec.get("table"), rec["row"], rec["column"])
        if key in seen:
            continue
        if rec["column"] == SESSION and rec["problem"].startswith("session is missing") \
                and rec["row"] in session_rows:
            continue
        full = (*key, rec["problem"])
        if full in said:
            continue
        said.add(full)
        out.append(rec)
    return out


SPEC_KEYS = ("measures", "pattern", "columns", "case", "layout", "sentinels", "na_values",
             "decimal", "date_format", "event_map", "event_pattern", "empty_blocks")


def _spec_options(spec) -> dict:
    if not isinstance(spec, Mapping):
        raise TypeError(f"spec must be a mapping; got {type(spec).__name__}")
    if not any(k in spec for k in SPEC_KEYS):
        return {"measures": dict(spec)}
    unknown = sorted(set(spec) - set(SPEC_KEYS))
    if unknown:
        raise ValueError(f"unknown spec keys {', '.join(map(repr, unknown))}; valid keys: "
                         f"{', '.join(SPEC_KEYS)}")
    return dict(spec)


def write_sessions(df: pd.DataFrame, path, *, sep: str = ",", decimal: str = ".",
                   encoding: str = "utf-8") -> Path:
    """Write tidy ratings as CSV (readable again by :func:`read_sessions`).

    Parameters
    ----------
    df : pandas.DataFrame
        Tidy ratings (``case, session, measure, value`` at least).
    path : str or path
        Destination ``.csv`` file.
    sep : str, default ','
    decimal : {'.', ','}, default '.'
        ``';'`` with ``','`` writes the usual German/Italian spreadsheet CSV.
    encoding : str, default 'utf-8'

    Returns
    -------
    pathlib.Path
        The path written.

    Notes
    -----
    Floats are written with the shortest text that reads back to the same float (Python's
    ``repr``), missing values as empty cells (their code stays in ``missing_code``), dates as
    ISO 8601. Reading the file back with :func:`read_sessions` gives an identical table.

    Examples
    --------
    >>> import pandas as pd, tempfile, os
    >>> import casekit
    >>> df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "PHQ-9",
    ...                    "value": [12.0, 10.5]})
    >>> p = casekit.write_sessions(df, os.path.join(tempfile.mkdtemp(), "r.csv"))
    >>> casekit.read_sessions(p)["value"].tolist()
    [12.0, 10.5]
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    missing = [c for c in (CASE, SESSION, MEASURE, VALUE) if c not in df.columns]
    if missing:
        raise ValueError(f"df lacks the required columns {', '.join(missing)}")
    decimal = check_option(decimal, "decimal", (".", ","))
    if decimal == sep:
        raise ValueError("sep and decimal must differ")
    path = Path(path)
    out = order_columns(df)
    if DATE in out.columns and pd.api.types.is_datetime64_any_dtype(out[DATE]):
        d = out[DATE]
        has_time = bool(((d - d.dt.normalize()).dropna() != pd.Timedelta(0)).any())
        out = out.assign(**{DATE: d.dt.strftime("%Y-%m-%dT%H:%M:%S" if has_time
                                                else "%Y-%m-%d")})
    out.to_csv(path, sep=sep, decimal=decimal, index=False, na_rep="", encoding=encoding)
    return path


def _rename(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Apply ``columns=`` (source name -> tidy name); nothing ignored, nothing duplicated."""
    mapping = {str(k): v for k, v in dict(columns).items()}
    present = list(frame.columns)
    absent = [k for k in mapping if k not in present]
    if absent:
        raise ValueError(f"columns= renames {absent}, which the source does not have; columns "
                         f"present: {present}")
    renamed = [mapping.get(c, c) for c in present]
    dup = sorted({str(c) for c in renamed if renamed.count(c) > 1})
    if dup:
        raise ValueError(f"columns= would give the source two columns named {dup} (the source "
                         "already has one); drop or rename the existing column first")
    return frame.rename(columns=mapping)


def _read_table(source, *, format, columns, case, sep, sheet, encoding):
    """Raw events/phases cells; ``case=`` labels a table without a case column.

    Returns the frame and whether ``case=`` is to select rows (the table has a case column).
    """
    fmt = _infer_format(source, format)
    if fmt in ("spss", "redcap"):
        raise ValueError("events and phases are read from CSV, Excel or a DataFrame; got "
                         f"format {fmt!r}")
    raw = _read_raw(source, fmt, sep=sep, encoding=encoding, sheet=sheet)
    frame = raw.frame.copy()
    frame.columns = [str(c) for c in frame.columns]
    if columns:
        frame = _rename(frame, columns)
    select = case is not None and CASE in frame.columns
    if case is not None and not select:
        frame = frame.assign(**{CASE: str(case)})
    return frame.reset_index(drop=True), select


def _select_case(cases: pd.Series, case, rows: np.ndarray, problems: list[dict],
                 table: str) -> tuple[np.ndarray, list[dict], dict]:
    """Positions of the rows of ``case`` in a source with its own case column.

    ``cases`` is the parsed case column (text, NA for blanks) and ``rows`` the source row of
    each position. A stated case never replaces a different one: a case absent from the source
    raises (ValueError listing the cases present), and a row with a blank case is a problem
    (it cannot be told whether it belongs to ``case``), reported with the reading problems of
    the selected rows; reading problems of other cases' rows are not reported (those rows are
    not returned). Returns the positions, the problems and the ``attrs`` record of the selection.
    """
    want = str(case)
    values = cases.to_numpy(dtype=object)
    blank = pd.isna(values)
    present = sorted({str(v) for v in values[~blank]})
    if want not in present:
        listing = ", ".join(map(repr, present[:30])) + (
            f", ... ({len(present)} in all)" if len(present) > 30 else "")
        raise ValueError(f"case={want!r} is not in the {table} source; cases present: "
                         f"{listing or 'none (the case column is blank)'}")
    keep = np.flatnonzero(~blank & (values == want))
    kept = set(rows[keep].tolist())
    out = [p for p in problems if p.get("row") is None or p["row"] in kept]
    for r in sorted(set(rows[blank].tolist())):
        out.append(_problem(r, CASE, None, f"case is missing, so the row cannot be told to "
                            f"belong to case {want!r} or not (the source has a case column; "
                            "selecting a case needs it on every row)", table))
    other = len(set(rows[~blank & (values != want)].tolist()))
    record = {"selected_case": want, "other_case_rows": other}
    return keep, out, record


def _select_and_check(out: pd.DataFrame, table: str, *, case, select: bool, rows: np.ndarray,
                      problems: list[dict], validate: bool, check: str,
                      **check_kw) -> tuple[pd.DataFrame, dict]:
    """Tail of :func:`read_events` / :func:`read_phases` after the cells are parsed.

    Keeps the rows of ``case`` when ``select`` (:func:`_select_case`), then, when ``validate``,
    runs the table check ``casekit.validation.<check>(out, collector, **check_kw)``, and raises
    one :class:`~casekit.CaseDataError` with the reading and the check problems of the
    ``table`` (source rows kept). Returns the table and the ``attrs`` record of the selection.
    """
    selection = {}
    if select:
        keep, problems, selection = _select_case(out[CASE], case, rows, problems, table)
        out, rows = out.iloc[keep].reset_index(drop=True), rows[keep]
    if validate or problems:
        from . import validation
        col = validation._Collector({table: rows})
        if validate:
            getattr(validation, check)(out, col, **check_kw)
        problems = _merge_problems(problems, col.frames()[0])
        if problems:
            raise CaseDataError(pd.DataFrame(problems, dtype=object), title=f"{len(problems)} "
                                f"problem{'s' if len(problems) != 1 else ''} in the {table}")
    return out, selection


def read_events(source, *, format: str | None = None, columns: Mapping[str, str] | None = None,
                case: str | None = None, ratings: pd.DataFrame | None = None,
                event_types: Iterable[str] | None = None, sep: str | None = None, sheet=0,
                encoding: str = "utf-8-sig", date_format: str | None = None,
                validate: bool = True) -> pd.DataFrame:
    """Read an events table (``case, session, event, note``; optional ``source``, ``date``).

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        CSV, Excel or DataFrame.
    format : {'csv', 'excel', 'dataframe'}, optional
        Default: from the suffix.
    columns : dict, optional
        Renames source columns to tidy names (as in :func:`read_sessions`: absent names and
        renames onto an existing column raise).
    case : str, optional
        The case: labels a table without a case column, or selects the rows of that case from
        a table with one (absent case: ``ValueError`` listing the cases; blank case cells: a
        problem), as in :func:`read_sessions`.
    ratings : pandas.DataFrame, optional
        The case's ratings: events must then fall on sessions that have ratings.
    event_types : iterable of str, optional
        Custom event types allowed besides ``casekit.schema.ALL_EVENT_TYPES``.
    sep, sheet, encoding, date_format
        As in :func:`read_sessions`.
    validate : bool, default True
        Check required columns, event types and (with ``ratings``) sessions.

    Returns
    -------
    pandas.DataFrame
        ``case`` (str), ``session`` (Int64: an event may carry only a date), ``date``
        (datetime64[ns], when present), ``event`` (str), ``note`` (str), then ``source`` and
        any other columns (Int64 when every cell is a whole number, else text).

    Raises
    ------
    casekit.CaseDataError
        Listing every problem (rows are 0-based data rows of the source).

    See Also
    --------
    read_sessions, read_phases, casekit.validate
    """
    frame, select = _read_table(source, format=format, columns=columns, case=case, sep=sep,
                                sheet=sheet, encoding=encoding)
    problems: list[dict] = []
    parser = _Parser((), DEFAULT_NA_VALUES, ".")
    rows = np.arange(len(frame))
    out = pd.DataFrame(index=frame.index)
    for c in frame.columns:
        if c == SESSION:
            out[c] = _whole(parser, frame[c], SESSION, rows, None, problems,
                            na_values=parser.na_values)
            for p in problems:
                p["table"] = "events"
        elif c == DATE:
            out[c], bad = _parse_dates(frame[c], na_values=parser.na_values,
                                       date_format=date_format)
            problems += [_problem(i, DATE, frame[c].iloc[i], "date cannot be read", "events")
                         for i in bad]
        elif c in (CASE, EVENT, NOTE, SOURCE, "subtype"):
            out[c] = _text_column(frame[c], parser.na_values)
        else:
            out[c] = _extra(frame[c], parser.na_values)
    out = order_columns(out, (CASE, SESSION, DATE, EVENT, NOTE, SOURCE))
    out, selection = _select_and_check(out, "events", case=case, select=select, rows=rows,
                                       problems=problems, validate=validate,
                                       check="_check_events", ratings=ratings,
                                       event_types=event_types)
    missing = [c for c in EVENTS_REQUIRED if c not in out.columns]
    if missing and not validate:
        warnings.warn(f"events lack {', '.join(missing)}", CaseDataWarning, stacklevel=2)
    if selection:
        out.attrs["casekit"] = selection
    return out


def read_phases(source, *, format: str | None = None, columns: Mapping[str, str] | None = None,
                case: str | None = None, ratings: pd.DataFrame | None = None,
                sep: str | None = None, sheet=0, encoding: str = "utf-8-sig",
                validate: bool = True) -> pd.DataFrame:
    """Read a phase table (``case, phase, start, end, role, definition``; optional ``label``).

    Parameters
    ----------
    source : str, path or pandas.DataFrame
        CSV, Excel or DataFrame.
    format : {'csv', 'excel', 'dataframe'}, optional
    columns : dict, optional
        Renames source columns to tidy names (as in :func:`read_sessions`: absent names and
        renames onto an existing column raise).
    case : str, optional
        The case: labels a table without a case column, or selects the rows of that case from
        a table with one (absent case: ``ValueError`` listing the cases; blank case cells: a
        problem), as in :func:`read_sessions`.
    ratings : pandas.DataFrame, optional
        The case's ratings: the phases must then cover every rated session exactly once.
    sep, sheet, encoding
        As in :func:`read_sessions`.
    validate : bool, default True
        Check roles (``baseline``, ``intervention``, ``maintenance``, ``follow_up``),
        definitions (``a_priori``, ``data_driven``, ``post_hoc``), ``start <= end``, overlaps
        and (with ``ratings``) coverage.

    Returns
    -------
    pandas.DataFrame
        ``case, phase, start (int64), end (int64), role, definition`` (str), then ``label`` and
        other columns (text).

    Raises
    ------
    casekit.CaseDataError
        Listing every problem.

    See Also
    --------
    casekit.schema.assign_phases, casekit.schema.phases_from_column, read_events
    """
    frame, select = _read_table(source, format=format, columns=columns, case=case, sep=sep,
                                sheet=sheet, encoding=encoding)
    problems: list[dict] = []
    parser = _Parser((), DEFAULT_NA_VALUES, ".")
    rows = np.arange(len(frame))
    out = pd.DataFrame(index=frame.index)
    for c in frame.columns:
        if c in (START, END):
            v = _whole(parser, frame[c], c, rows, None, problems, na_values=parser.na_values)
            out[c] = v.astype("int64") if not v.isna().any() else v
        else:
            out[c] = _text_column(frame[c], parser.na_values)
    for p in problems:
        p["table"] = "phases"
    out = order_columns(out, (*PHASES_REQUIRED, LABEL))
    out, selection = _select_and_check(out, "phases", case=case, select=select, rows=rows,
                                       problems=problems, validate=validate,
                                       check="_check_phases", ratings=ratings)
    if selection:
        out.attrs["casekit"] = selection
    return out

