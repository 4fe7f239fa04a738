"""Checks of the phase and event tables (and how they fit the ratings)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from ..schema import (
    ALL_EVENT_TYPES,
    CASE,
    DATE,
    DEFINITION,
    END,
    EVENT,
    EVENTS_REQUIRED,
    PHASE,
    PHASE_DEFINITIONS,
    PHASE_ROLES,
    PHASES_REQUIRED,
    ROLE,
    SESSION,
    START,
)
from ._collector import Collector, is_whole, objects, plain
from ._ratings import missing_columns, numeric

__all__ = ["check_phases", "check_events", "NO_RATINGS_NEEDED"]

#: event types that may sit on a session without ratings (what they record is its absence)
NO_RATINGS_NEEDED = ("missed_session",)


def _vocabulary(p: pd.DataFrame, col: Collector, T: str) -> None:
    for c, vocab in ((ROLE, PHASE_ROLES), (DEFINITION, PHASE_DEFINITIONS)):
        if c in p.columns:
            values = objects(p[c])
            bad = np.array([v is None or (not isinstance(v, str) and pd.isna(v))
                            or v not in vocab for v in values], dtype=bool)
            col.errors(T, np.flatnonzero(bad), c, values[bad],
                       f"{c} must be one of {', '.join(map(repr, vocab))}")
    for c in (CASE, PHASE):
        if c in p.columns:
            col.errors(T, np.flatnonzero(p[c].isna().to_numpy()), c, None, f"{c} is missing")


def _bounds(p: pd.DataFrame, col: Collector,
            T: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """start and end as floats; mask of phases with usable bounds."""
    start, s_bad = numeric(p[START])
    end, e_bad = numeric(p[END])
    ok = np.ones(len(p), bool)
    for name, arr, bad in ((START, start, s_bad), (END, end, e_bad)):
        wrong = bad | np.isnan(arr) | ~is_whole(arr)
        col.errors(T, np.flatnonzero(wrong), name, p[name].to_numpy(dtype=object)[wrong],
                   f"{name} must be a whole session number")
        ok &= ~wrong
    after = np.flatnonzero(ok & (start > end))
    col.errors(T, after, START, start[after],
               [f"start {start[i]:g} is after end {end[i]:g}" for i in after])
    ok[after] = False
    return start, end, ok


def _overlaps(p: pd.DataFrame, col: Collector, T: str, cases: np.ndarray, start: np.ndarray,
              end: np.ndarray, ok: np.ndarray) -> bool:
    found = False
    for case in pd.unique(cases[ok]):
        idx = np.flatnonzero(ok & (cases == case))
        idx = idx[np.argsort(start[idx], kind="stable")]
        run_end, run_i = -np.inf, None
        for i in idx:
            if start[i] <= run_end:
                assert run_i is not None  # bounds are finite: run_end was set with run_i
                found = True
                col.error(T, i, START, start[i],
                          f"phase {plain(p[PHASE].iloc[i])!r} of case {case!r} "
                          f"({start[i]:g}–{end[i]:g}) overlaps phase "
                          f"{plain(p[PHASE].iloc[run_i])!r} (ends at {run_end:g})")
            if end[i] > run_end:
                run_end, run_i = end[i], i
    return found


def _cover(r_case: np.ndarray, r_sess: np.ndarray, cases: np.ndarray, start: np.ndarray,
           end: np.ndarray, names: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per rating: number of phases covering it, and the phase when exactly one does."""
    n_hits = np.zeros(len(r_case), int)
    assigned = np.full(len(r_case), None, dtype=object)
    for i in np.flatnonzero(ok):
        hit = (r_case == cases[i]) & (r_sess >= start[i]) & (r_sess <= end[i])
        assigned[hit] = names[i]
        n_hits += hit
    return n_hits, assigned


def _cover_sorted(r_case: np.ndarray, r_sess: np.ndarray, cases: np.ndarray,
                  start: np.ndarray, end: np.ndarray, names: np.ndarray,
                  ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_cover` for phases that do not overlap: one search per rating (no loop over
    phases, so a million ratings and thousands of phases take milliseconds)."""
    codes, _ = pd.factorize(np.concatenate([cases[ok], r_case]).astype(object))
    p_code, r_code = codes[: ok.sum()], codes[ok.sum():]
    order = np.lexsort((start[ok], p_code))
    pc, ps, pe = p_code[order], start[ok][order], end[ok][order]
    pn = names[ok][order]
    big = float(np.nanmax(np.abs(np.concatenate([ps, pe, r_sess[np.isfinite(r_sess)]]))) + 2)
    keys = pc * 2 * big + ps
    rk = r_code * 2 * big + r_sess
    j = np.searchsorted(keys, rk, side="right") - 1
    valid = (j >= 0) & np.isfinite(r_sess) & (r_code >= 0)
    jj = np.where(valid, j, 0)
    hit = valid & (pc[jj] == r_code) & (r_sess <= pe[jj]) & (r_sess >= ps[jj])
    assigned = np.where(hit, pn[jj], np.asarray(None, dtype=object))
    return hit.astype(int), assigned


def _coverage(p: pd.DataFrame, col: Collector, ratings: pd.DataFrame, cases: np.ndarray,
              start: np.ndarray, end: np.ndarray, ok: np.ndarray, overlapping: bool) -> None:
    r_case = objects(ratings[CASE])
    r_sess, _ = numeric(ratings[SESSION])
    known = set(pd.unique(r_case))
    for i in np.flatnonzero(ok):
        if cases[i] not in known:
            col.error("phases", i, CASE, cases[i], f"phase table names case {cases[i]!r}, "
                                                   "which has no ratings")
    names = objects(p[PHASE]) if PHASE in p.columns else np.full(len(p), None)
    cover = _cover if overlapping or not ok.any() else _cover_sorted
    n_hits, assigned = cover(r_case, r_sess, cases, start, end, names, ok)
    frame = pd.DataFrame({"c": r_case, "s": r_sess})
    first = ~frame.duplicated(["c", "s"]).to_numpy()
    for i in np.flatnonzero((n_hits == 0) & ~np.isnan(r_sess) & first):
        col.error("ratings", i, SESSION, r_sess[i],
                  f"session {r_sess[i]:g} of case {r_case[i]!r} is not covered by any phase "
                  "of the phase table")
    if PHASE in ratings.columns:
        given = objects(ratings[PHASE])
        g = np.array([plain(v) for v in given], dtype=object)
        differ = (n_hits == 1) & np.array([v is not None and str(v) != str(a)
                                           for v, a in zip(g, assigned, strict=True)], bool)
        seen: set[tuple[object, float]] = set()
        for i in np.flatnonzero(differ):
            k = (r_case[i], r_sess[i])
            if k in seen:
                continue
            seen.add(k)
            col.error("ratings", i, PHASE, g[i],
                      f"phase {g[i]!r} of session {r_sess[i]:g} (case {r_case[i]!r}) disagrees "
                      f"with the phase table ({assigned[i]!r})")


def check_phases(p: pd.DataFrame, col: Collector, *, ratings: pd.DataFrame | None) -> None:
    """Roles, definitions, bounds, overlaps; with ``ratings`` coverage and agreement."""
    T = "phases"
    missing = missing_columns(p, PHASES_REQUIRED, T, col)
    _vocabulary(p, col, T)
    if START in missing or END in missing or CASE in missing:
        return
    start, end, ok = _bounds(p, col, T)
    cases = objects(p[CASE])
    overlapping = _overlaps(p, col, T, cases, start, end, ok)
    if ratings is None or CASE not in ratings.columns or SESSION not in ratings.columns:
        return
    _coverage(p, col, ratings, cases, start, end, ok, overlapping)


def _event_types(ev: pd.DataFrame, col: Collector, T: str,
                 event_types: Iterable[str] | None) -> None:
    vocab = tuple(ALL_EVENT_TYPES) + tuple(event_types or ())
    if EVENT in ev.columns:
        for i, v in enumerate(objects(ev[EVENT])):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                col.error(T, i, EVENT, None, "event type is missing")
            elif v not in vocab:
                col.error(T, i, EVENT, v,
                          f"unknown event type {v!r}; valid types: {', '.join(vocab)} (allow "
                          "custom types with event_types=)", "event_types")
    if CASE in ev.columns:
        col.errors(T, np.flatnonzero(ev[CASE].isna().to_numpy()), CASE, None, "case is missing")


def check_events(ev: pd.DataFrame, col: Collector, *, ratings: pd.DataFrame | None,
                 event_types: Iterable[str] | None = None) -> None:
    """Types, sessions; with ``ratings`` events on cases and sessions that have ratings (a
    ``missed_session`` event may sit on a session without ratings)."""
    T = "events"
    missing = missing_columns(ev, EVENTS_REQUIRED, T, col)
    _event_types(ev, col, T, event_types)
    if SESSION in missing:
        return
    sess, bad = numeric(ev[SESSION])
    has_date = ev[DATE].notna().to_numpy() if DATE in ev.columns else np.zeros(len(ev), bool)
    for i in range(len(ev)):
        if bad[i] or (not np.isnan(sess[i]) and not is_whole(sess[i:i + 1])[0]):
            col.error(T, i, SESSION, ev[SESSION].iloc[i], "session must be a whole number")
            sess[i] = np.nan
        elif np.isnan(sess[i]) and not has_date[i]:
            col.error(T, i, SESSION, None, "session is missing (give a session or a date)")
    if ratings is None or CASE in missing or CASE not in ratings.columns \
            or SESSION not in ratings.columns:
        return
    r_sess, _ = numeric(ratings[SESSION])
    existing = set(zip(objects(ratings[CASE]), r_sess, strict=True))
    cases = {c for c, _ in existing}
    kinds = objects(ev[EVENT]) if EVENT in ev.columns \
        else np.full(len(ev), None)
    for i, (c, s) in enumerate(zip(objects(ev[CASE]), sess, strict=True)):
        if np.isnan(s) or plain(c) is None:
            continue
        if c not in cases:
            col.error(T, i, CASE, c, f"event on case {c!r}, which has no ratings")
        elif (c, s) not in existing and kinds[i] not in NO_RATINGS_NEEDED:
            col.error(T, i, SESSION, s, f"event on session {s:g} of case {c!r}, which has no "
                                        "ratings")
