"""Inputs of the figures: tables and results -> validated series, phases, events, change points.

No matplotlib here. Every figure validates all of its inputs here first and draws afterwards,
so bad input raises before anything is drawn (no half-drawn figure).

One series is read through casekit's one input layer (:mod:`casekit._input`:
``require_columns``, ``select_rows``, ``as_series``), so a missing column, a case or measure
that is not in the table, a session rated twice or a value that is not a number give the same
errors as in the analyses. Missing values are kept as gaps (``missing="drop"``, the sessions
put back with NaN): a line is never drawn across them.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from casekit._input import as_series, require_columns, select_rows
from casekit._validate import check_option
from casekit.exceptions import CaseDataError

from ._labels import session_text

__all__ = ["X_OPTIONS", "EVENT_LABELS", "EVENT_STYLES", "Frame", "Series", "Phase", "Event",
           "ChangePoint", "problem", "listing", "is_na", "check_frame", "table_of",
           "select_series", "case_rows", "prepare_phases", "session_ranges", "baseline_phase",
           "event_styles", "prepare_events", "prepare_changepoints", "pick_measure",
           "rows_for", "is_whole"]

X_OPTIONS = ("session", "week", "date")
# "auto": the short type labels when they fit (casekit.plot._figure.fit_event_labels)
EVENT_LABELS = ("auto", "type", "note", "label", None)

# Event vocabulary (docs: shared data contract; case-narrative.md section 5 `events`).
# type -> (marker, filled, short label); filled is True, False or "half" (left half filled).
# Marker shapes follow domain/methods.md section 9: rupture down-triangle, repair up-triangle,
# contract star (drafted half, agreed filled, revised open: three states, three legend
# entries a reader can tell apart), life event diamond.
EVENT_STYLES: dict[str, tuple[str, bool | str, str]] = {
    "rupture_noted": ("v", True, "rupture"),
    "repair_noted": ("^", True, "repair"),
    "contract_drafted": ("*", "half", "contract drafted"),
    "contract_agreed": ("*", True, "contract agreed"),
    "contract_revised": ("*", False, "contract revised"),
    "homework_assigned": ("s", False, "homework"),
    "homework_reported": ("s", True, "homework rep."),
    "life_event": ("D", True, "life event"),
    "missed_session": ("x", True, "missed"),
    "medication_change": ("P", True, "medication"),
    "phase_change": ("|", True, "phase change"),
    "note": ("o", False, "note"),
    # derived (algorithmic) events: open symbols, so they are never confused with noted ones
    "sudden_gain": (">", False, "sudden gain"),
    "sudden_loss": ("<", False, "sudden loss"),
    "rupture_detected": ("v", False, "rupture (detected)"),
    "repair_detected": ("^", False, "repair (detected)"),
    "change_point": ("p", False, "change point"),
}


#: a problem of :class:`casekit.exceptions.CaseDataError` (row, column, value, problem)
Problem = dict[str, Any]
#: a phase read from a table or a column: ``(phase, label, role, first, last)``
PhaseRun = tuple[str, str, str | None, float, float]


def problem(row: Hashable | None, column: str | None, value: object, text: str) -> Problem:
    return {"row": row, "column": column, "value": value, "problem": text}


def listing(values: Iterable[object], limit: int = 30) -> str:
    vals = [str(v) for v in values]
    if len(vals) > limit:
        return ", ".join(repr(v) for v in vals[:limit]) + f", ... ({len(vals)} in all)"
    return ", ".join(repr(v) for v in vals)


def is_na(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def is_whole(values: npt.ArrayLike) -> bool:
    """True when every finite value is a whole number (an integer score scale)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return bool(v.size) and bool(np.all(v == np.round(v)))


def table_of(obj: object, name: str) -> pd.DataFrame:
    """A DataFrame, or the documented ``.summary`` table of a casekit result."""
    if isinstance(obj, pd.DataFrame):
        return obj
    summary = getattr(type(obj), "summary", None)
    if isinstance(summary, property):
        table: pd.DataFrame = obj.summary  # type: ignore[attr-defined]  # checked above
        return table
    raise TypeError(f"{name} must be a pandas DataFrame (tidy table) or a casekit result; got "
                    f"{type(obj).__name__}")


def check_frame(data: object, name: str, required: Iterable[str]) -> pd.DataFrame:
    """The table of ``data`` (a DataFrame or a result's ``.summary``) with its columns checked."""
    data = table_of(data, name)
    missing = [c for c in required if c not in data.columns]
    if missing:
        raise CaseDataError(
            [problem(None, c, None, f"required column {c!r} is missing from {name}; columns "
                     f"present: {listing(data.columns)}") for c in missing],
            title=f"{name} lacks required columns")
    return data


def _numeric(series: pd.Series, name: str, table: str, *, allow_nan: bool) -> tuple[
        np.ndarray, list[Problem]]:
    """Convert to float, collecting one problem per bad row (never coercing silently)."""
    out = np.empty(len(series), dtype=float)
    probs: list[Problem] = []
    for i, (idx, v) in enumerate(series.items()):
        if is_na(v):
            if not allow_nan:
                probs.append(problem(idx, name, None, f"{table}: {name} is missing"))
            out[i] = np.nan
            continue
        try:
            if isinstance(v, (bool, np.bool_)):
                raise TypeError
            f = float(v)
        except (TypeError, ValueError):
            probs.append(problem(idx, name, v, f"{table}: {name} is not a number"))
            out[i] = np.nan
            continue
        if math.isinf(f):
            probs.append(problem(idx, name, v, f"{table}: {name} is infinite"))
        out[i] = f
    return out, probs


def case_rows(table: pd.DataFrame, case: object) -> pd.DataFrame:
    """Rows of ``table`` for ``case`` (labels compared as text, as casekit._input does); the
    whole table when it has no ``case`` column or ``case`` is None."""
    if case is None or "case" not in table.columns:
        return table
    keep = (table["case"].astype("string") == str(case)).fillna(False).to_numpy(dtype=bool)
    return table[keep]


# -- the x axis --------------------------------------------------------------------------------

@dataclass
class Frame:
    """Sessions of one case (all measures) and where each one sits on the x axis."""

    case: object
    x_kind: str
    sessions: np.ndarray          # sorted unique session numbers (float)
    xpos: np.ndarray              # x position of each session (float; matplotlib date numbers)
    step: float                   # typical distance between consecutive sessions on x

    def x_of(self, sessions: npt.ArrayLike, what: str) -> np.ndarray:
        sessions = np.atleast_1d(np.asarray(sessions, dtype=float))
        if self.x_kind == "session":
            return sessions.copy()
        idx = np.clip(np.searchsorted(self.sessions, sessions), 0, len(self.sessions) - 1)
        bad = self.sessions[idx] != sessions
        if bad.any():
            raise CaseDataError(
                [problem(None, "session", session_text(s), f"{what}: session {session_text(s)} "
                         f"has no {self.x_kind} in the data, so it cannot be placed on a "
                         f"{self.x_kind} axis") for s in sessions[bad]],
                title=f"{what} refers to sessions without a {self.x_kind}")
        return self.xpos[idx]


def _x_positions(rows: pd.DataFrame, x: str, sess: np.ndarray) -> tuple[np.ndarray,
                                                                        list[Problem]]:
    if x == "session":
        return sess.copy(), []
    if x not in rows.columns:
        raise ValueError(f"x={x!r} needs a {x!r} column in data; columns present: "
                         f"{listing(rows.columns)}")
    if x == "week":
        return _numeric(rows["week"], "week", "data", allow_nan=True)
    try:
        dates = pd.to_datetime(rows["date"], errors="raise")
    except (TypeError, ValueError) as exc:
        raise CaseDataError([problem(None, "date", None, f"date column cannot be read as "
                                     f"dates ({exc})")]) from exc
    import matplotlib.dates as mdates  # lazy: matplotlib only once a figure is drawn

    # matplotlib.dates has no type annotations (no .pyi): its signature, for the checker
    date2num: Callable[[datetime.datetime], float] = mdates.date2num
    return np.array([np.nan if pd.isna(d) else date2num(d.to_pydatetime())
                     for d in dates], dtype=float), []


def build_frame(rows: pd.DataFrame, case: object, x: str, *,
                date_step_days: float = 7.0) -> Frame:
    """Map each session of the case to its x position (session, week or date)."""
    x = check_option(x, "x", X_OPTIONS)
    sess, probs = _numeric(rows["session"], "session", "data", allow_nan=False)
    pos, more = _x_positions(rows, x, sess)
    if probs + more:
        raise CaseDataError(probs + more, title="session positions cannot be read")
    table = pd.DataFrame({"session": sess, "x": pos, "row": rows.index})
    table = table[~np.isnan(table["x"].to_numpy())]
    conflicts = table.groupby("session")["x"].nunique()      # one position per session
    if (conflicts > 1).any():
        sub = table[table["session"].isin(conflicts.index[conflicts > 1])]
        raise CaseDataError([problem(r, x, v, f"session {session_text(s)} has more than one {x}")
                             for s, r, v in zip(sub["session"], sub["row"], sub["x"],
                                                strict=True)],
                            title=f"sessions with conflicting {x} values")
    uniq = table.drop_duplicates("session").sort_values("session")
    sessions = uniq["session"].to_numpy(dtype=float)
    xpos = uniq["x"].to_numpy(dtype=float)
    bad: np.ndarray | list[int] = np.flatnonzero(np.diff(xpos) <= 0) if x != "session" else []
    if len(bad):
        raise CaseDataError([problem(None, x, None, f"{x} does not increase from session "
                                     f"{session_text(sessions[i])} to session "
                                     f"{session_text(sessions[i + 1])}") for i in bad],
                            title=f"{x} must increase with session")
    step = float(date_step_days) if x == "date" else 1.0
    return Frame(case=case, x_kind=x, sessions=sessions, xpos=xpos, step=step)


# -- one series --------------------------------------------------------------------------------

@dataclass
class Series:
    """One measure of one case on the x axis; NaN values mark sessions without a value."""

    case: object
    measure: str
    scale: str | None
    sessions: np.ndarray
    x: np.ndarray
    values: np.ndarray
    frame: Frame

    @property
    def observed(self) -> npt.NDArray[np.bool_]:
        observed: npt.NDArray[np.bool_] = ~np.isnan(self.values)
        return observed


def select_series(data: object, measure: str, *, case: object = None,
                  scale: str | None = "total",
                  x: str = "session", rater: str | None = None, name: str = "data") -> Series:
    """One case, measure, scale and rater of a tidy table, through casekit's input layer.

    Sessions whose value is missing are kept with NaN (they show as gaps); the x axis knows
    every session of the case (all measures), so panels of one case share their positions.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame (tidy table); got "
                        f"{type(data).__name__}")
    require_columns(data, {"session_col": "session", "measure_col": "measure",
                           "value_col": "value"}, table=name)
    if scale != "total" and "scale" not in data.columns:
        raise ValueError(f"scale={scale!r} was requested but {name} has no 'scale' column "
                         "(its rows are read as totals); use scale='total'")
    rows = select_rows(data, case=case, measure=measure, table=name)
    one = as_series(data=rows, measure=measure, case=case, scale=scale, rater=rater,
                    phase_col=None, missing="drop", name=name)
    case_used = one.case if one.case is not None else case
    frame = build_frame(case_rows(data, case_used), case_used, x)
    sessions = np.concatenate([one.sessions, np.asarray(one.dropped, dtype=float)])
    values = np.concatenate([one.values, np.full(len(one.dropped), np.nan)])
    order = np.argsort(sessions, kind="stable")
    sessions, values = sessions[order], values[order]
    return Series(case=case_used, measure=measure, scale=scale, sessions=sessions,
                  x=frame.x_of(sessions, f"measure {measure!r}"), values=values, frame=frame)


# -- phases ------------------------------------------------------------------------------------

@dataclass
class Phase:
    phase: str
    label: str
    role: object
    first: float      # first session in the data
    last: float       # last session in the data
    x_first: float
    x_last: float
    left: float = 0.0     # band edges on x
    right: float = 0.0


def prepare_phases(phases: object, data_rows: pd.DataFrame, frame: Frame,
                   case: object) -> list[Phase]:
    """Phases from a phases table or from a phase column of the data (contiguous runs)."""
    if phases is None:
        return []
    if isinstance(phases, str):
        runs = _phase_runs(phases, data_rows)
    else:
        runs = _phase_table(phases, frame.sessions, case)
    out = [Phase(phase=ph, label=lab, role=role, first=first, last=last,
                 x_first=float(frame.x_of([first], "phases")[0]),
                 x_last=float(frame.x_of([last], "phases")[0]))
           for ph, lab, role, first, last in runs]
    half = frame.step / 2.0
    for i, ph in enumerate(out):     # edges midway between the last and the next first session
        ph.left = out[i - 1].right if i > 0 else ph.x_first - half
        ph.right = ((ph.x_last + out[i + 1].x_first) / 2.0 if i + 1 < len(out)
                    else ph.x_last + half)
    return out


def _phase_runs(column: str, data_rows: pd.DataFrame) -> list[PhaseRun]:
    """Contiguous runs of a phase column: ``(phase, label, role, first, last)``."""
    if column not in data_rows.columns:
        raise ValueError(f"phases={column!r} is neither a phases table nor a column of "
                         f"data; columns present: {listing(data_rows.columns)}")
    sess, probs = _numeric(data_rows["session"], "session", "data", allow_nan=False)
    probs += [problem(idx, column, None, "phase is missing")
              for idx, v in data_rows[column].items() if is_na(v)]
    if probs:
        raise CaseDataError(probs, title="phases cannot be read from the data")
    tab = pd.DataFrame({"session": sess, "phase": data_rows[column].astype(str).to_numpy()})
    per = tab.groupby("session")["phase"].nunique()
    if (per > 1).any():
        raise CaseDataError(
            [problem(None, column, None, f"session {session_text(s)} has more than one phase: "
                     f"{listing(pd.unique(tab.loc[tab['session'] == s, 'phase']))}")
             for s in per.index[per > 1]], title="phase column is inconsistent")
    tab = tab.drop_duplicates("session").sort_values("session")
    runs = (tab["phase"] != tab["phase"].shift()).cumsum()
    return [(str(r["phase"].iloc[0]), str(r["phase"].iloc[0]), None,
             float(r["session"].iloc[0]), float(r["session"].iloc[-1]))
            for _, r in tab.groupby(runs, sort=True)]


def _phase_table(phases: object, sessions: np.ndarray, case: object) -> list[PhaseRun]:
    """Rows of a phases table (one case): ``(phase, label, role, first, last)`` in order."""
    tab = check_frame(phases, "phases", ("phase", "start", "end"))
    if "case" in tab.columns and case is not None:
        mine = case_rows(tab, case)
        if mine.empty:
            raise ValueError(f"phases has no rows for case {case!r}; cases present: "
                             f"{listing(pd.unique(tab['case'].dropna()))}")
        tab = mine
    start, probs = _numeric(tab["start"], "start", "phases", allow_nan=False)
    end, more = _numeric(tab["end"], "end", "phases", allow_nan=False)
    probs += more
    if not probs:
        probs = _phase_table_problems(tab, start, end, sessions)
    if probs:
        raise CaseDataError(probs, title="phases cannot be drawn")
    labels = tab["label"] if "label" in tab.columns else tab["phase"]
    roles = tab["role"] if "role" in tab.columns else pd.Series([None] * len(tab),
                                                               index=tab.index)
    out: list[PhaseRun] = []
    for i in np.argsort(start, kind="stable"):
        inside = sessions[(sessions >= start[i]) & (sessions <= end[i])]
        lab, role, ph = labels.iloc[i], roles.iloc[i], str(tab["phase"].iloc[i])
        out.append((ph, ph if is_na(lab) else str(lab), None if is_na(role) else str(role),
                    float(inside.min()), float(inside.max())))
    return out


def _phase_table_problems(tab: pd.DataFrame, start: np.ndarray, end: np.ndarray,
                          sessions: np.ndarray) -> list[Problem]:
    probs: list[Problem] = []
    for idx, ph, s, e in zip(tab.index, tab["phase"], start, end, strict=True):
        if s > e:
            probs.append(problem(idx, "end", session_text(e), f"phase {ph!r} ends (session "
                                 f"{session_text(e)}) before it starts (session "
                                 f"{session_text(s)})"))
        elif not ((sessions >= s) & (sessions <= e)).any():
            probs.append(problem(idx, "phase", ph, f"phase {ph!r} (sessions {session_text(s)}"
                                 f"-{session_text(e)}) has no sessions in the data; sessions "
                                 f"present: {session_ranges(sessions)}"))
    order = np.argsort(start, kind="stable")
    for a, b in zip(order[:-1], order[1:], strict=True):
        if start[b] <= end[a]:
            probs.append(problem(tab.index[b], "start", session_text(start[b]),
                                 f"phase {tab['phase'].iloc[b]!r} overlaps phase "
                                 f"{tab['phase'].iloc[a]!r}"))
    return probs


def session_ranges(sessions: Iterable[float]) -> str:
    """``"1-6, 8-12"``: the sessions present, as runs of consecutive whole numbers."""
    s: list[float] = sorted(int(v) if float(v).is_integer() else v for v in sessions)
    if not s:
        return "none"
    parts: list[str] = []
    lo, prev = s[0], s[0]
    for v in s[1:]:
        if isinstance(v, int) and isinstance(prev, int) and v == prev + 1:
            prev = v
            continue
        parts.append(f"{lo}" if lo == prev else f"{lo}-{prev}")
        lo = prev = v
    parts.append(f"{lo}" if lo == prev else f"{lo}-{prev}")
    return ", ".join(parts)


def baseline_phase(phases: list[Phase]) -> Phase:
    """The phase with role ``baseline``, else the first phase."""
    return next((ph for ph in phases if ph.role == "baseline"), phases[0])


# -- events ------------------------------------------------------------------------------------

@dataclass
class Event:
    session: float
    x: float
    event: str
    label: str
    marker: str
    filled: bool | str      # True, False or "half"


def event_styles(extra: Mapping[str, tuple[str, bool | str, str]] | None
                 ) -> dict[str, tuple[str, bool | str, str]]:
    styles = dict(EVENT_STYLES)
    if extra:
        if not isinstance(extra, dict):     # a dict, as documented
            raise TypeError("event_styles must be a dict event -> (marker, filled, label)")
        for k, v in extra.items():
            if not (isinstance(v, tuple) and len(v) == 3):
                raise TypeError(f"event_styles[{k!r}] must be a tuple (marker, filled, label); "
                                f"got {v!r}")
            styles[str(k)] = v
    return styles


def prepare_events(events: object, frame: Frame, case: object, *,
                   styles: Mapping[str, tuple[str, bool | str, str]] | None = None,
                   labels: str | None = "type") -> list[Event]:
    """Events of the case, validated (known types, numeric sessions), in x order."""
    if events is None:
        return []
    tab = case_rows(check_frame(events, "events", ("session", "event")), case)
    styles = event_styles(styles)
    check_option(labels, "event_labels", EVENT_LABELS)
    sess, probs = _numeric(tab["session"], "session", "events", allow_nan=False)
    probs += [problem(idx, "event", ev, f"unknown event type {ev!r}; valid types: "
                      f"{listing(styles)} (or pass event_styles= to add one)")
              for idx, ev in tab["event"].items() if ev not in styles]
    if labels in ("note", "label") and labels not in tab.columns:
        raise ValueError(f"event_labels={labels!r} needs a {labels!r} column in events; "
                         f"columns present: {listing(tab.columns)}")
    if probs:
        raise CaseDataError(probs, title="events cannot be drawn")
    xs = frame.x_of(sess, "events") if len(sess) else np.array([])
    out: list[Event] = []
    for i, (idx, ev) in enumerate(tab["event"].items()):
        marker, filled, short = styles[ev]
        if labels in ("note", "label"):
            v = tab.loc[idx, labels]  # type: ignore[index]  # stubs: a row label is Hashable
            text = "" if is_na(v) else str(v)
        else:
            text = "" if labels is None else short
        out.append(Event(session=float(sess[i]), x=float(xs[i]), event=str(ev), label=text,
                         marker=marker,
                         filled="half" if filled == "half" else bool(filled)))
    out.sort(key=lambda e: e.x)
    return out


# -- change points -----------------------------------------------------------------------------

@dataclass
class ChangePoint:
    session: float           # last session before the change
    x: float                 # position of the change line (midway to the next session)
    lower: float | None      # x of interval ends
    upper: float | None
    label: str
    interval: str = "interval"   # legend text: credible (Bayesian) or confidence interval


# interval columns by unit: casekit change-point results give ci_lower/ci_upper in k and
# ci_lower_session/ci_upper_session in sessions (amoc, breakpoints, bayes_changepoint)
_LOWER = {"k": ("lower", "ci_lower", "k_lower"),
          "session": ("lower", "ci_lower_session", "session_lower")}
_UPPER = {"k": ("upper", "ci_upper", "k_upper"),
          "session": ("upper", "ci_upper_session", "session_upper")}


def _interval_kind(rec: Mapping[Hashable, Any]) -> str:
    """Name the interval honestly: Bayesian results give credible intervals; amoc
    (bootstrap) and breakpoints (Bai 1997) give confidence intervals."""
    if "interval" in rec and isinstance(rec["interval"], str):
        return rec["interval"]
    if "prob_change" in rec or "mode_session" in rec:
        return "credible interval"
    if "p_value" in rec or "statistic" in rec or "breakpoint" in rec:
        return "confidence interval"
    return "interval"


def _changepoint_records(changepoints: object) -> list[dict[Hashable, Any]]:
    """The change points as records (``k`` or ``session``, optional interval columns)."""
    if isinstance(changepoints, (int, np.integer)) and not isinstance(changepoints, bool):
        return [{"k": int(changepoints)}]
    if isinstance(changepoints, dict):
        return [dict(changepoints)]
    if isinstance(changepoints, (list, tuple)):
        return [dict(c) if isinstance(c, dict) else {"k": c} for c in changepoints]
    try:
        tab = table_of(changepoints, "changepoints")
    except TypeError:
        raise TypeError("changepoints must be an int k, a dict, a list of them, a DataFrame or "
                        f"a result with .summary; got {type(changepoints).__name__}") from None
    recs = tab.to_dict("records")
    for rec in recs:        # bayes_changepoint's summary names the location by its mode
        if "session" not in rec and "mode_session" in rec:
            rec["session"] = rec["mode_session"]
        if "k" not in rec and "mode" in rec:
            rec["k"] = rec["mode"]
    return recs


def _to_k(value: float, unit: str, obs: np.ndarray, what: str, row: int,
          probs: list[Problem]) -> int | None:
    """The location ``v`` (a k or a session) as k, or None with a problem recorded."""
    v = float(value)
    if unit == "k":
        if v != round(v) or not 1 <= v <= len(obs) - 1:
            probs.append(problem(row, what, session_text(v), f"k must be a whole number from 1 "
                                 f"to {len(obs) - 1} (index of the last observation before "
                                 "the change)"))
            return None
        return int(v)
    hit = np.flatnonzero(obs == v)
    if hit.size == 0 or hit[0] == len(obs) - 1:
        probs.append(problem(row, what, session_text(v), f"session {session_text(v)} is not a "
                             "session of the series before its last one"))
        return None
    return int(hit[0]) + 1


def prepare_changepoints(changepoints: object, series: Series) -> list[ChangePoint]:
    """Change points as k (1-based index of the last observation before the change) or session.

    Accepted: an int (k), a dict or a table (DataFrame, or a result with ``.summary``) with
    ``session`` (preferred) or ``k`` and optional interval columns in the same unit
    (``lower``/``upper``; ``ci_lower_session``/``ci_upper_session`` for sessions,
    ``ci_lower``/``ci_upper`` for k, as casekit's change-point results give them).
    """
    if changepoints is None:
        return []
    # k indexes the observed (non-missing) values of the series, as the change-point methods do
    obs, obs_x = series.sessions[series.observed], series.x[series.observed]
    out: list[ChangePoint] = []
    probs: list[Problem] = []
    for r, rec in enumerate(_changepoint_records(changepoints)):
        unit = "session" if not is_na(rec.get("session")) else "k"
        if is_na(rec.get(unit)):
            probs.append(problem(r, "k", None, "a change point needs 'k' or 'session'"))
            continue
        lo = next((rec[c] for c in _LOWER[unit] if not is_na(rec.get(c))), None)
        hi = next((rec[c] for c in _UPPER[unit] if not is_na(rec.get(c))), None)
        n_before = len(probs)
        k, k_lo, k_hi = (None if v is None else _to_k(v, unit, obs, what, r, probs)
                         for v, what in ((rec[unit], unit), (lo, "lower"), (hi, "upper")))
        if len(probs) > n_before:
            continue
        assert k is not None        # rec[unit] is a number, else a problem was recorded
        if k_lo is not None and k_hi is not None and not k_lo <= k <= k_hi:
            probs.append(problem(r, "lower", None, "the interval must contain the change point"))
            continue

        def pos(j: int) -> float:
            return float((obs_x[j - 1] + obs_x[j]) / 2.0)

        out.append(ChangePoint(
            session=float(obs[k - 1]), x=pos(k), lower=None if k_lo is None else pos(k_lo),
            upper=None if k_hi is None else pos(k_hi),
            label=str(rec.get("label", f"change after session {session_text(obs[k - 1])}")),
            interval=_interval_kind(rec)))
    if probs:
        raise CaseDataError(probs, title="change points cannot be drawn")
    return out


# -- result tables (sudden gains, rupture episodes) --------------------------------------------

def pick_measure(table: pd.DataFrame, measure: str | None, what: str) -> str:
    """``measure`` or the single measure of a result table."""
    if measure is not None:
        return measure
    if "measure" in table.columns:
        ms = pd.unique(table["measure"].dropna())
        if len(ms) == 1:
            single: str = ms[0]
            return single
        if len(ms) > 1:
            raise ValueError(f"{what} holds several measures ({', '.join(map(repr, ms))}); "
                             "pass measure=")
    raise ValueError(f"measure= is required ({what} has no 'measure' column)")


def rows_for(table: pd.DataFrame, case: object, measure: object) -> pd.DataFrame:
    """The rows of a result table for one case and measure (labels compared as text)."""
    table = case_rows(table, case)
    if "measure" in table.columns:
        keep = (table["measure"].astype("string") == str(measure)).fillna(False)
        table = table[keep.to_numpy(dtype=bool)]
    return table
