"""REDCap flat exports: record -> case, event or repeat instance -> session.

REDCap's documented export: the record ID field first (``record_id`` by default),
``redcap_event_name`` in longitudinal projects, ``redcap_repeat_instrument`` and
``redcap_repeat_instance`` for repeating instruments, then the fields, with a
``<form>_complete`` status per form (0 Incomplete, 1 Unverified, 2 Complete). A row of a
repeating instrument takes its session from the instance number; other rows from the event
name (``event_map`` or ``event_pattern``). Harris et al. (2009), doi:10.1016/j.jbi.2008.08.010.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from ..exceptions import CaseDataError
from ..schema import CASE, SESSION
from ._common import REDCAP_EVENT_PATTERN, REDCAP_META, Record, is_blank, problem

__all__ = ["redcap_sessions", "fill_from_base_rows", "looks_like_redcap"]

#: the repeating-instrument rows (mask) and the columns that key a record's base row
RedcapRows: TypeAlias = tuple[np.ndarray, list[str]]


def looks_like_redcap(columns: Iterable[str]) -> bool:
    cols = set(columns)
    return ("record_id" in cols and any(c.startswith("redcap_") for c in cols)) or bool(
        cols & {"redcap_event_name", "redcap_repeat_instrument"})


def _record_column(frame: pd.DataFrame) -> str | None:
    """``record_id``, else REDCap's record ID field: the first column of the export."""
    if "record_id" in frame.columns:
        return "record_id"
    first = frame.columns[0] if len(frame.columns) else None
    if first is not None and not first.startswith("redcap_") and first != SESSION:
        return first
    return None


def _session_of(i: int, rep_inst: np.ndarray, rep_num: np.ndarray, events: np.ndarray | None,
                pattern: re.Pattern[str], emap: Mapping[str, object],
                blank: Callable[[object], bool]) -> tuple[object, Record | None]:
    """(session, problem) of row ``i``."""
    if not blank(rep_inst[i]):
        if blank(rep_num[i]):
            return None, problem(i, "redcap_repeat_instance", None,
                                 "repeating-instrument row without an instance number")
        return rep_num[i], None
    if events is None:
        return None, problem(i, "redcap_event_name", None,
                             "cannot tell the session: no redcap_event_name column and the row "
                             "is not a repeating instrument")
    ev = "" if blank(events[i]) else str(events[i]).strip()
    if ev in emap:
        return emap[ev], None
    m = pattern.fullmatch(ev)
    if m is None:
        return None, problem(i, "redcap_event_name", ev,
                             f"event {ev!r} is not in event_map= and does not match the event "
                             f"pattern {pattern.pattern!r}; give its session with event_map=",
                             argument="event_map")
    return m.groupdict().get("session", m.group(1) if m.groups() else None), None


def redcap_sessions(frame: pd.DataFrame, *, event_map: Mapping[Any, object] | None,
                    event_pattern: str | None
                    ) -> tuple[pd.DataFrame, dict[int, Record], RedcapRows, str | None]:
    """Case and session columns of a REDCap export.

    Returns the frame, per source row whose session cannot be told its problem (reported only
    if that row carries ratings: a REDCap row often holds other forms only), the mask of
    repeating-instrument rows, the key of a record's base row and the record ID column.
    """
    frame = frame.copy()
    record = _record_column(frame) if CASE not in frame.columns else None
    if CASE not in frame.columns and record is None:
        raise CaseDataError([problem(None, "record_id", None,
                                     "a REDCap export needs its record ID field (record_id) "
                                     "as the first column, or name the case column with "
                                     "columns=", argument="columns")])
    if record is not None:
        frame = frame.rename(columns={record: CASE})
    if SESSION in frame.columns:
        raise CaseDataError([problem(None, SESSION, None,
                                     "the REDCap export already has a 'session' column; casekit "
                                     "takes sessions from redcap_event_name and "
                                     "redcap_repeat_instance (rename it with columns=)",
                                     argument="columns")])
    n = len(frame)

    def blank(v: object) -> bool:
        return is_blank(v, {""})

    def col(name: str) -> np.ndarray:
        return frame[name].to_numpy(dtype=object) if name in frame.columns \
            else np.full(n, None)

    rep_inst, rep_num = col("redcap_repeat_instrument"), col("redcap_repeat_instance")
    events = col("redcap_event_name") if "redcap_event_name" in frame.columns else None
    pattern = re.compile(event_pattern or REDCAP_EVENT_PATTERN)
    emap = {str(k): v for k, v in (event_map or {}).items()}
    session = np.full(n, None, dtype=object)
    pending: dict[int, Record] = {}
    for i in range(n):
        session[i], prob = _session_of(i, rep_inst, rep_num, events, pattern, emap, blank)
        if prob is not None:
            pending[i] = prob
    frame[SESSION] = session
    base_key = [CASE] + (["redcap_event_name"] if events is not None else [])
    repeat = np.array([not blank(v) for v in rep_inst], dtype=bool)
    return frame, pending, (repeat, base_key), record


def fill_from_base_rows(base: pd.DataFrame, frame: pd.DataFrame, extras: Sequence[str],
                        redcap: RedcapRows, na_values: Collection[str]) -> pd.DataFrame:
    """Copy a record's non-repeating fields onto its repeating-instrument rows."""
    repeat, key = redcap
    fill = [c for c in extras if c not in REDCAP_META and not c.endswith("_complete")]
    if not fill or not repeat.any() or (~repeat).sum() == 0:
        return base
    keys = frame[key].astype(str).agg("\x1f".join, axis=1).to_numpy()
    base_rows = {k: i for i, k in zip(np.flatnonzero(~repeat), keys[~repeat], strict=True)}
    base = base.copy()
    for c in fill:
        values = base[c].to_numpy(dtype=object).copy()
        for i in np.flatnonzero(repeat):
            j = base_rows.get(keys[i])
            if j is not None and is_blank(values[i], na_values):
                values[i] = values[j]
        base[c] = values
    return base
