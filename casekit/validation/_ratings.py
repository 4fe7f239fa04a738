"""Checks of a ratings table: columns, numbers, duplicate keys, dates, phases, gaps.

Every check is vectorised over the table (sorting and grouping in numpy/pandas); Python loops
run only over the problems found, so a million rows validate in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._dates import date_problems, parse_dates
from .._source import source_map
from ..exceptions import MissedSessionWarning
from ..registry import InstrumentRegistry
from ..schema import (
    CASE,
    DATE,
    ITEM,
    MEASURE,
    MISSING_CODE,
    PHASE,
    RATINGS_KEY,
    RATINGS_REQUIRED,
    SESSION,
    VALUE,
)
from ._collector import Collector, is_whole, objects, plain
from ._instruments import InstrumentsArg, check_instruments

__all__ = ["check_ratings", "missing_columns", "numeric"]

T = "ratings"


def numeric(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Float array plus a mask of entries present but not numbers (text, booleans)."""
    n = len(series)
    if pd.api.types.is_bool_dtype(series):
        return np.full(n, np.nan), np.ones(n, bool)
    if pd.api.types.is_numeric_dtype(series):
        return pd.to_numeric(series).to_numpy(dtype=float, na_value=np.nan), np.zeros(n, bool)
    arr = series.to_numpy(dtype=object)
    present = ~pd.isna(arr)
    isbool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in arr), bool, n)
    clean = np.where(isbool, np.asarray(None, dtype=object), arr)
    num = pd.to_numeric(pd.Series(clean, dtype=object), errors="coerce")
    out = num.to_numpy(dtype=float, na_value=np.nan)
    return out, present & np.isnan(out)


def missing_columns(df: pd.DataFrame, required: Iterable[str], table: str,
                    col: Collector) -> list[str]:
    """Report required columns that are absent; for a table read by casekit, say how to fix."""
    missing = [c for c in required if c not in df.columns]
    smap = source_map(df)
    read = smap is not None
    names = [smap.columns.get(c, c) for c in df.columns if c in smap.columns
             or c != MISSING_CODE] if smap is not None else list(df.columns)
    present = ", ".join(map(str, names)) or "none"
    for c in missing:
        text, arg = f"required column {c!r} is missing (columns present: {present})", None
        near = [str(p) for p in names if str(p).strip().lower() == c]
        if read and near:
            text += f"; the source has {near[0]!r}: rename it with columns="
            arg = "columns"
        elif read and c == CASE:
            text += "; name the case of a one-case file with case="
            arg = "case"
        col.error(table, None, c, None, text, arg)
    return missing


def _basic(r: pd.DataFrame, col: Collector,
           ) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """Missing keys, non-numeric sessions, values and items; returns (sess, val, item)."""
    for c in (CASE, MEASURE):
        if c in r.columns:
            col.errors(T, np.flatnonzero(r[c].isna().to_numpy()), c, None, f"{c} is missing")
    sess = val = item = None
    if SESSION in r.columns:
        sess, nonnum = numeric(r[SESSION])
        nan = np.isnan(sess)
        idx = np.flatnonzero(nonnum)
        col.errors(T, idx, SESSION, r[SESSION].to_numpy(dtype=object)[idx],
                   "session is not a number")
        col.errors(T, np.flatnonzero(nan & ~nonnum), SESSION, None, "session is missing")
        idx = np.flatnonzero(~nan & ~is_whole(sess))
        col.errors(T, idx, SESSION, sess[idx], "session must be a whole number")
    if VALUE in r.columns:
        val, nonnum = numeric(r[VALUE])
        idx = np.flatnonzero(nonnum)
        col.errors(T, idx, VALUE, r[VALUE].to_numpy(dtype=object)[idx],
                   "value is not a number (declare it as a sentinel code if it marks a "
                   "missing value)")
        idx = np.flatnonzero(np.isinf(val))
        col.errors(T, idx, VALUE, val[idx], "value is infinite")
        if MISSING_CODE in r.columns:
            both = r[MISSING_CODE].notna().to_numpy() & ~np.isnan(val) & ~nonnum
            idx = np.flatnonzero(both)
            col.errors(T, idx, MISSING_CODE, r[MISSING_CODE].to_numpy(dtype=object)[idx],
                       "missing_code is set on a value that is not missing")
    if ITEM in r.columns:
        item, nonnum = numeric(r[ITEM])
        idx = np.flatnonzero(nonnum)
        col.errors(T, idx, ITEM, r[ITEM].to_numpy(dtype=object)[idx], "item is not a number")
        with np.errstate(invalid="ignore"):
            bad = ~np.isnan(item) & (~is_whole(item) | (item < 1))
        idx = np.flatnonzero(bad)
        col.errors(T, idx, ITEM, item[idx], "item must be a whole number >= 1 (1-based)")
    return sess, val, item


def _duplicates(r: pd.DataFrame, col: Collector) -> None:
    key = [c for c in RATINGS_KEY if c in r.columns]
    if not (CASE in key and SESSION in key and MEASURE in key):
        return
    # rows lacking case/session/measure are reported as such, not as duplicates
    complete = r[[CASE, SESSION, MEASURE]].notna().all(axis=1).to_numpy()
    dup = np.zeros(len(r), bool)
    dup[complete] = r[complete].duplicated(key, keep=False).to_numpy()
    idx = np.flatnonzero(dup)
    if not len(idx):
        return
    sub = r[key].iloc[idx]
    texts = [f"duplicate key ({', '.join(key)}): "
             + ", ".join(f"{k}={plain(v)!r}" for k, v in zip(key, rec, strict=True)
                         if not pd.isna(v))  # an item of None is a score row: not said
             + "; the same rating is on another row too: keep one"
             for rec in sub.itertuples(index=False)]
    col.errors(T, idx, None, None, texts)


def _groups(case_codes: np.ndarray, sess: np.ndarray,
            ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows with ``ok`` sorted by (case, session): order, group starts, group of each."""
    idx = np.flatnonzero(ok)
    order = idx[np.lexsort((sess[idx], case_codes[idx]))]
    c, s = case_codes[order], sess[order]
    new = np.ones(len(order), bool)
    new[1:] = (c[1:] != c[:-1]) | (s[1:] != s[:-1])
    return order, np.flatnonzero(new)


def _check_dates(r: pd.DataFrame, col: Collector, sess: np.ndarray, case_codes: np.ndarray,
                 cases: np.ndarray) -> None:
    raw = r[DATE]
    if pd.api.types.is_datetime64_any_dtype(raw):
        dates = raw.to_numpy(dtype="datetime64[ns]")
    else:
        cells = raw.to_numpy(dtype=object)
        dates, status = parse_dates(cells, na_values=("",))
        for p in date_problems(cells, status, np.arange(len(r)), column=DATE, date_format=None):
            col.error(T, p["row"], DATE, p["value"], p["problem"], p["argument"])
    d = dates.view("int64")
    ok = (case_codes >= 0) & np.isfinite(sess) & ~np.isnat(dates)
    order, starts = _groups(case_codes, sess, ok)
    if not len(order):
        return
    ds = d[order]
    dmin, dmax = np.minimum.reduceat(ds, starts), np.maximum.reduceat(ds, starts)
    first = np.minimum.reduceat(order, starts)
    gcase, gsess = case_codes[order[starts]], sess[order[starts]]
    prev = pd.Series(dmax).groupby(gcase).cummax().groupby(gcase).shift(1).to_numpy(
        dtype=float)
    with np.errstate(invalid="ignore"):
        back = np.flatnonzero(dmin < prev)
    for g in back:
        earlier = pd.Timestamp(int(prev[g])).date().isoformat()
        col.error(T, first[g], DATE, pd.Timestamp(int(dmin[g])),
                  f"date of session {gsess[g]:g} of case {cases[gcase[g]]!r} is earlier than "
                  f"the date of an earlier session ({earlier})")


def _check_phase_column(r: pd.DataFrame, col: Collector, sess: np.ndarray,
                        case_codes: np.ndarray, cases: np.ndarray) -> None:
    ph = r[PHASE]
    ok = (case_codes >= 0) & ~np.isnan(sess) & ph.notna().to_numpy()
    if not ok.any():
        return
    frame = pd.DataFrame({"c": case_codes[ok], "s": sess[ok], "p": objects(ph)[ok],
                          "i": np.flatnonzero(ok)})
    grouped = frame.groupby(["c", "s"], sort=True)
    nph = grouped["p"].nunique()
    bad = nph[nph > 1]
    for key, k in bad.items():
        assert isinstance(key, tuple)  # grouped by two columns: (case code, session)
        c, s = key
        rows = grouped.get_group((c, s))
        col.error(T, rows["i"].min(), PHASE, ", ".join(sorted(map(str, set(rows["p"])))),
                  f"session {s:g} of case {cases[c]!r} has {k} different phases")


def _check_gaps(col: Collector, sess: np.ndarray, case_codes: np.ndarray,
                cases: np.ndarray) -> None:
    order, starts = _groups(case_codes, sess, (case_codes >= 0) & is_whole(sess))
    if len(starts) < 2:
        return
    gc, gs = case_codes[order[starts]], sess[order[starts]]
    gap = (gc[1:] == gc[:-1]) & (gs[1:] - gs[:-1] > 1)
    for k in np.flatnonzero(gap):
        case, a, b = cases[gc[k]], gs[k], gs[k + 1]
        miss = f"{a + 1:g}" if b - a == 2 else f"{a + 1:g}–{b - 1:g}"
        col.warn(MissedSessionWarning, T, None, SESSION, None,
                 f"case {case!r}: no ratings for session{'s' if b - a > 2 else ''} {miss}")


def check_ratings(r: pd.DataFrame, col: Collector, *, registry: InstrumentRegistry | None,
                  instruments: InstrumentsArg) -> None:
    """Every check of a ratings table (see :func:`casekit.validate`)."""
    missing = missing_columns(r, RATINGS_REQUIRED, T, col)
    sess, val, item = _basic(r, col)
    _duplicates(r, col)
    if MEASURE not in missing and VALUE not in missing:
        smap = source_map(r)
        assert val is not None  # the value column is present
        check_instruments(r, col, val, item, registry=registry, instruments=instruments,
                          strict_totals=bool(smap is not None and smap.strict_totals),
                          sess=sess)
    if sess is None or CASE not in r.columns:
        return
    case_codes, cases = pd.factorize(objects(r[CASE]), use_na_sentinel=True)
    cases = np.asarray(cases, dtype=object)
    if DATE in r.columns:
        _check_dates(r, col, sess, case_codes, cases)
    if PHASE in r.columns:
        _check_phase_column(r, col, sess, case_codes, cases)
    _check_gaps(col, sess, case_codes, cases)
