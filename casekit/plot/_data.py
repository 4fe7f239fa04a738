"""Validation and preparation of tidy data for the figures (no matplotlib here).

Every figure validates all of its inputs here first and draws afterwards, so bad input raises
before anything is drawn (no half-drawn figure).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from casekit._validate import check_option
from casekit.exceptions import CaseDataError

X_OPTIONS = ("session", "week", "date")
# "auto": the short type labels when they fit (casekit.plot._layers.fit_event_labels)
EVENT_LABELS = ("auto", "type", "note", "label", None)

# Event vocabulary (docs: shared data contract; case-narrative.md section 5 `events`).
# type -> (marker, filled, short label). Marker shapes follow domain/methods.md section 9:
# rupture down-triangle, repair up-triangle, contract star, life event diamond.
EVENT_STYLES: dict[str, tuple[str, bool, str]] = {
    "rupture_noted": ("v", True, "rupture"),
    "repair_noted": ("^", True, "repair"),
    "contract_drafted": ("*", True, "contract drafted"),
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


def problem(row, column, value, text):
    return {"row": row, "column": column, "value": value, "problem": text}


def _listing(values, limit=30) -> str:
    vals = [str(v) for v in values]
    if len(vals) > limit:
        return ", ".join(repr(v) for v in vals[:limit]) + f", ... ({len(vals)} in all)"
    return ", ".join(repr(v) for v in vals)


def check_frame(data, name: str, required) -> pd.DataFrame:
    if hasattr(data, "summary") and not isinstance(data, pd.DataFrame):
        data = data.summary
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame (tidy table); got {type(data).__name__}")
    missing = [c for c in required if c not in data.columns]
    if missing:
        raise CaseDataError(
            [problem(None, c, None, f"required column {c!r} is missing from {name}; columns "
                     f"present: {_listing(data.columns)}") for c in missing],
            title=f"{name} lacks required columns")
    return data


def _is_na(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _numeric(series: pd.Series, name: str, table: str, *, allow_nan: bool,
             integer: bool = False) -> tuple[np.ndarray, list]:
    """Convert to float, collecting one problem per bad row (never coercing silently)."""
    out = np.empty(len(series), dtype=float)
    probs = []
    for i, (idx, v) in enumerate(series.items()):
        if _is_na(v):
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
        elif integer and f != round(f):
            probs.append(problem(idx, name, v, f"{table}: {name} must be a whole number"))
        out[i] = f
    return out, probs


@dataclass
class Frame:
    """Sessions of one case (all measures) and where each one sits on the x axis."""

    case: object
    x_kind: str
    sessions: np.ndarray          # sorted unique session numbers (float)
    xpos: np.ndarray              # x position of each session (float; matplotlib date numbers)
    step: float                   # typical distance between consecutive sessions on x

    def x_of(self, sessions, what: str) -> np.ndarray:
        sessions = np.atleast_1d(np.asarray(sessions, dtype=float))
        if self.x_kind == "session":
            return sessions.copy()
        idx = np.searchsorted(self.sessions, sessions)
        idx = np.clip(idx, 0, len(self.sessions) - 1)
        bad = self.sessions[idx] != sessions
        if bad.any():
            raise CaseDataError(
                [problem(None, "session", _fmt(s), f"{what}: session {_fmt(s)} has no "
                         f"{self.x_kind} in the data, so it cannot be placed on a "
                         f"{self.x_kind} axis") for s in sessions[bad]],
                title=f"{what} refers to sessions without a {self.x_kind}")
        return self.xpos[idx]

    def boundary(self, last_session, first_session, what: str) -> float:
        a, b = self.x_of([last_session, first_session], what)
        return float((a + b) / 2.0)


def _fmt(v):
    v = float(v)
    return int(v) if v == round(v) else v


@dataclass
class Series:
    case: object
    measure: str
    scale: str
    sessions: np.ndarray
    x: np.ndarray
    values: np.ndarray
    frame: Frame
    rows: pd.DataFrame = field(repr=False, default=None)


def select_case(data: pd.DataFrame, case, name: str = "data"):
    """Return (rows of the case, case id). ``case=None`` is allowed for one-case data."""
    if "case" not in data.columns:
        if case is not None:
            raise ValueError(f"case={case!r} was given but {name} has no 'case' column")
        return data, None
    cases = pd.unique(data["case"].dropna())
    if case is None:
        if len(cases) > 1:
            raise ValueError(f"{name} holds {len(cases)} cases; pass case= one of "
                             f"{_listing(cases)}")
        case = cases[0] if len(cases) else None
        return data, case
    if case not in set(cases.tolist()):
        raise ValueError(f"case {case!r} not found in {name}; cases present: {_listing(cases)}")
    return data[data["case"] == case], case


def build_frame(rows: pd.DataFrame, case, x: str, *, date_step_days: float = 7.0) -> Frame:
    """Map each session of the case to its x position (session, week or date)."""
    x = check_option(x, "x", X_OPTIONS)
    sess, probs = _numeric(rows["session"], "session", "data", allow_nan=False)
    if x != "session" and x not in rows.columns:
        raise ValueError(f"x={x!r} needs a {x!r} column in data; columns present: "
                         f"{_listing(rows.columns)}")
    if x == "session":
        pos = sess.copy()
    elif x == "week":
        pos, p2 = _numeric(rows["week"], "week", "data", allow_nan=True)
        probs += p2
    else:
        try:
            dates = pd.to_datetime(rows["date"], errors="raise")
        except (TypeError, ValueError) as exc:
            raise CaseDataError([problem(None, "date", None, f"date column cannot be read as "
                                         f"dates ({exc})")]) from exc
        import matplotlib.dates as mdates

        pos = np.array([np.nan if pd.isna(d) else mdates.date2num(d.to_pydatetime())
                        for d in dates], dtype=float)
    if probs:
        raise CaseDataError(probs, title="session positions cannot be read")
    table = pd.DataFrame({"session": sess, "x": pos, "row": rows.index})
    table = table[~np.isnan(table["x"].to_numpy())]
    # one position per session
    conflicts = table.groupby("session")["x"].nunique()
    conflicts = conflicts[conflicts > 1]
    if len(conflicts):
        probs = []
        for s in conflicts.index:
            sub = table[table["session"] == s]
            for r, v in zip(sub["row"], sub["x"], strict=True):
                probs.append(problem(r, x, v, f"session {_fmt(s)} has more than one {x}"))
        raise CaseDataError(probs, title=f"sessions with conflicting {x} values")
    uniq = table.drop_duplicates("session").sort_values("session")
    sessions = uniq["session"].to_numpy(dtype=float)
    xpos = uniq["x"].to_numpy(dtype=float)
    if x != "session" and len(xpos) > 1 and np.any(np.diff(xpos) <= 0):
        bad = np.flatnonzero(np.diff(xpos) <= 0)
        raise CaseDataError([problem(None, x, None, f"{x} does not increase from session "
                                     f"{_fmt(sessions[i])} to session {_fmt(sessions[i + 1])}")
                             for i in bad], title=f"{x} must increase with session")
    if x == "date":
        step = float(date_step_days)
    else:
        step = 1.0
    return Frame(case=case, x_kind=x, sessions=sessions, xpos=xpos, step=step)


def select_series(data, measure, *, case=None, scale="total", x="session", rater=None,
                  name="data") -> Series:
    """Rows of one case, measure and scale, validated; NaN values are kept (gaps)."""
    data = check_frame(data, name, ("session", "measure", "value"))
    rows, case = select_case(data, case, name)
    measures = pd.unique(rows["measure"].dropna())
    if measure not in set(measures.tolist()):
        raise ValueError(f"measure {measure!r} not in {name}"
                         f"{'' if case is None else f' for case {case!r}'}; measures present: "
                         f"{_listing(measures)}")
    frame = build_frame(rows, case, x)
    sel = rows[rows["measure"] == measure]
    if "item" in sel.columns:
        sel = sel[sel["item"].isna()]
        if sel.empty:
            raise ValueError(f"measure {measure!r} has only item rows in {name}; score them "
                             "first (casekit.score) to get scale scores")
    if "scale" in sel.columns:
        scales = pd.unique(sel["scale"].dropna())
        if scale not in set(scales.tolist()):
            raise ValueError(f"scale {scale!r} not found for measure {measure!r}; scales "
                             f"present: {_listing(scales)}")
        sel = sel[sel["scale"] == scale]
    elif scale != "total":
        raise ValueError(f"scale={scale!r} was requested but {name} has no 'scale' column "
                         "(its rows are read as totals); use scale='total'")
    if "rater" in sel.columns:
        raters = pd.unique(sel["rater"].dropna())
        if rater is not None:
            if rater not in set(raters.tolist()):
                raise ValueError(f"rater {rater!r} not found for {measure!r}; raters present: "
                                 f"{_listing(raters)}")
            sel = sel[sel["rater"] == rater]
        elif len(raters) > 1:
            raise ValueError(f"measure {measure!r} is rated by {_listing(raters)}; pass "
                             "rater= to choose one")
    elif rater is not None:
        raise ValueError(f"rater={rater!r} was given but {name} has no 'rater' column")
    sess, probs = _numeric(sel["session"], "session", name, allow_nan=False)
    vals, p2 = _numeric(sel["value"], "value", name, allow_nan=True)
    probs += p2
    dup = pd.Series(sess).duplicated(keep=False).to_numpy()
    for idx, s in zip(sel.index[dup], sess[dup], strict=True):
        probs.append(problem(idx, "session", _fmt(s), f"session {_fmt(s)} appears more than "
                             f"once for {measure!r} ({scale})"))
    if probs:
        raise CaseDataError(probs, title=f"{name} cannot be plotted as a series of {measure!r}")
    order = np.argsort(sess, kind="stable")
    sess, vals = sess[order], vals[order]
    xs = frame.x_of(sess, f"measure {measure!r}")
    return Series(case=case, measure=measure, scale=scale, sessions=sess, x=xs, values=vals,
                  frame=frame, rows=sel.iloc[order])


def broken_line(x: np.ndarray, y: np.ndarray, max_step: float) -> tuple[np.ndarray, np.ndarray]:
    """Insert NaN between consecutive points more than ``max_step`` apart on x.

    NaN values in ``y`` already break a matplotlib line; the inserted NaNs also break it where
    sessions (or weeks, dates) are missing, so a line is never drawn across a gap.
    """
    if len(x) < 2:
        return x.astype(float), y.astype(float)
    gaps = np.flatnonzero(np.diff(x) > max_step + 1e-9)
    xs = np.insert(x.astype(float), gaps + 1, np.nan)
    ys = np.insert(y.astype(float), gaps + 1, np.nan)
    return xs, ys


# -- phases ----------------------------------------------------------------------------------

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


def prepare_phases(phases, data_rows: pd.DataFrame, frame: Frame, case) -> list[Phase]:
    """Phases from a phases table or from a phase column of the data (contiguous runs)."""
    if phases is None:
        return []
    sessions = frame.sessions
    out: list[Phase] = []
    if isinstance(phases, str):
        if phases not in data_rows.columns:
            raise ValueError(f"phases={phases!r} is neither a phases table nor a column of "
                             f"data; columns present: {_listing(data_rows.columns)}")
        sess, probs = _numeric(data_rows["session"], "session", "data", allow_nan=False)
        lab = data_rows[phases]
        for idx, v in lab.items():
            if _is_na(v):
                probs.append(problem(idx, phases, None, "phase is missing"))
        if probs:
            raise CaseDataError(probs, title="phases cannot be read from the data")
        tab = pd.DataFrame({"session": sess, "phase": lab.astype(str).to_numpy(),
                            "row": data_rows.index})
        per = tab.groupby("session")["phase"].nunique()
        bad = per[per > 1]
        if len(bad):
            raise CaseDataError(
                [problem(None, phases, None, f"session {_fmt(s)} has more than one phase: "
                         f"{_listing(pd.unique(tab.loc[tab['session'] == s, 'phase']))}")
                 for s in bad.index], title="phase column is inconsistent")
        tab = tab.drop_duplicates("session").sort_values("session")
        runs = (tab["phase"] != tab["phase"].shift()).cumsum()
        for _, run in tab.groupby(runs, sort=True):
            first, last = float(run["session"].iloc[0]), float(run["session"].iloc[-1])
            out.append(Phase(phase=str(run["phase"].iloc[0]), label=str(run["phase"].iloc[0]),
                             role=None, first=first, last=last,
                             x_first=float(frame.x_of([first], "phases")[0]),
                             x_last=float(frame.x_of([last], "phases")[0])))
    else:
        tab = check_frame(phases, "phases", ("phase", "start", "end"))
        if "case" in tab.columns and case is not None:
            cases = pd.unique(tab["case"].dropna())
            tab = tab[tab["case"] == case]
            if tab.empty:
                raise ValueError(f"phases has no rows for case {case!r}; cases present: "
                                 f"{_listing(cases)}")
        start, probs = _numeric(tab["start"], "start", "phases", allow_nan=False)
        end, p2 = _numeric(tab["end"], "end", "phases", allow_nan=False)
        probs += p2
        if not probs:
            for idx, ph, s, e in zip(tab.index, tab["phase"], start, end, strict=True):
                if s > e:
                    probs.append(problem(idx, "end", _fmt(e), f"phase {ph!r} ends (session "
                                         f"{_fmt(e)}) before it starts (session {_fmt(s)})"))
                    continue
                inside = sessions[(sessions >= s) & (sessions <= e)]
                if inside.size == 0:
                    probs.append(problem(idx, "phase", ph, f"phase {ph!r} (sessions {_fmt(s)}"
                                         f"-{_fmt(e)}) has no sessions in the data; sessions "
                                         f"present: {_session_ranges(sessions)}"))
            order = np.argsort(start, kind="stable")
            for a, b in zip(order[:-1], order[1:], strict=True):
                if start[b] <= end[a]:
                    probs.append(problem(tab.index[b], "start", _fmt(start[b]),
                                         f"phase {tab['phase'].iloc[b]!r} overlaps phase "
                                         f"{tab['phase'].iloc[a]!r}"))
        if probs:
            raise CaseDataError(probs, title="phases cannot be drawn")
        order = np.argsort(start, kind="stable")
        labels = tab["label"] if "label" in tab.columns else tab["phase"]
        roles = tab["role"] if "role" in tab.columns else pd.Series([None] * len(tab),
                                                                     index=tab.index)
        for i in order:
            s, e = start[i], end[i]
            inside = sessions[(sessions >= s) & (sessions <= e)]
            first, last = float(inside.min()), float(inside.max())
            lab = labels.iloc[i]
            out.append(Phase(phase=str(tab["phase"].iloc[i]),
                             label=str(tab["phase"].iloc[i]) if _is_na(lab) else str(lab),
                             role=None if _is_na(roles.iloc[i]) else str(roles.iloc[i]),
                             first=first, last=last,
                             x_first=float(frame.x_of([first], "phases")[0]),
                             x_last=float(frame.x_of([last], "phases")[0])))
    half = frame.step / 2.0
    for i, ph in enumerate(out):
        ph.left = out[i - 1].right if i > 0 else ph.x_first - half
        ph.right = ((ph.x_last + out[i + 1].x_first) / 2.0 if i + 1 < len(out)
                    else ph.x_last + half)
    return out


def _session_ranges(sessions) -> str:
    s = sorted(int(v) if float(v).is_integer() else v for v in sessions)
    if not s:
        return "none"
    parts, lo, prev = [], s[0], s[0]
    for v in s[1:]:
        if isinstance(v, int) and isinstance(prev, int) and v == prev + 1:
            prev = v
            continue
        parts.append(f"{lo}" if lo == prev else f"{lo}-{prev}")
        lo = prev = v
    parts.append(f"{lo}" if lo == prev else f"{lo}-{prev}")
    return ", ".join(parts)


def baseline_phase(phases: list[Phase]) -> Phase:
    for ph in phases:
        if ph.role == "baseline":
            return ph
    return phases[0]


# -- events ----------------------------------------------------------------------------------

@dataclass
class Event:
    session: float
    x: float
    event: str
    label: str
    marker: str
    filled: bool


def event_styles(extra) -> dict:
    styles = dict(EVENT_STYLES)
    if extra:
        if not isinstance(extra, dict):
            raise TypeError("event_styles must be a dict event -> (marker, filled, label)")
        for k, v in extra.items():
            if not (isinstance(v, tuple) and len(v) == 3):
                raise TypeError(f"event_styles[{k!r}] must be a tuple (marker, filled, label); "
                                f"got {v!r}")
            styles[str(k)] = v
    return styles


def prepare_events(events, frame: Frame, case, *, styles=None, labels="type") -> list[Event]:
    if events is None:
        return []
    tab = check_frame(events, "events", ("session", "event"))
    if "case" in tab.columns and case is not None:
        tab = tab[tab["case"] == case]
    styles = event_styles(styles)
    check_option(labels, "event_labels", EVENT_LABELS)
    sess, probs = _numeric(tab["session"], "session", "events", allow_nan=False)
    for idx, ev in tab["event"].items():
        if ev not in styles:
            probs.append(problem(idx, "event", ev, f"unknown event type {ev!r}; valid types: "
                                 f"{_listing(styles)} (or pass event_styles= to add one)"))
    if labels in ("note", "label") and labels not in tab.columns:
        raise ValueError(f"event_labels={labels!r} needs a {labels!r} column in events; "
                         f"columns present: {_listing(tab.columns)}")
    if probs:
        raise CaseDataError(probs, title="events cannot be drawn")
    xs = frame.x_of(sess, "events") if len(sess) else np.array([])
    out = []
    for i, (idx, ev) in enumerate(tab["event"].items()):
        marker, filled, short = styles[ev]
        if labels in ("type", "auto"):
            text = short
        elif labels is None:
            text = ""
        else:
            v = tab.loc[idx, labels]
            text = "" if _is_na(v) else str(v)
        out.append(Event(session=float(sess[i]), x=float(xs[i]), event=str(ev), label=text,
                         marker=marker, filled=bool(filled)))
    out.sort(key=lambda e: e.x)
    return out


# -- change points ---------------------------------------------------------------------------

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


def _interval_kind(rec) -> str:
    """Name the interval honestly: Bayesian results give credible intervals; amoc
    (bootstrap) and breakpoints (Bai 1997) give confidence intervals."""
    if "interval" in rec and isinstance(rec["interval"], str):
        return rec["interval"]
    if "prob_change" in rec or "mode_session" in rec:
        return "credible interval"
    if "p_value" in rec or "statistic" in rec or "breakpoint" in rec:
        return "confidence interval"
    return "interval"


def prepare_changepoints(changepoints, series: Series) -> list[ChangePoint]:
    """Change points as k (1-based index of the last observation before the change) or session.

    Accepted: an int (k), a dict or a table (DataFrame, or a result with ``.summary``) with
    ``session`` (preferred) or ``k`` and optional interval columns in the same unit
    (``lower``/``upper``; ``ci_lower_session``/``ci_upper_session`` for sessions,
    ``ci_lower``/``ci_upper`` for k, as casekit's change-point results give them).
    """
    if changepoints is None:
        return []
    if hasattr(changepoints, "summary") and not isinstance(changepoints, pd.DataFrame):
        changepoints = changepoints.summary
    if isinstance(changepoints, (int, np.integer)) and not isinstance(changepoints, bool):
        recs = [{"k": int(changepoints)}]
    elif isinstance(changepoints, dict):
        recs = [changepoints]
    elif isinstance(changepoints, pd.DataFrame):
        recs = changepoints.to_dict("records")
    elif isinstance(changepoints, (list, tuple)):
        recs = [c if isinstance(c, dict) else {"k": c} for c in changepoints]
    else:
        raise TypeError("changepoints must be an int k, a dict, a list of them, a DataFrame or "
                        f"a result with .summary; got {type(changepoints).__name__}")
    # k indexes the observed (non-missing) values of the series, as the change-point methods do
    observed = ~np.isnan(series.values)
    obs = series.sessions[observed]
    obs_x = series.x[observed]
    out = []
    probs = []
    for r, rec in enumerate(recs):
        rec = dict(rec)
        if "session" not in rec and "mode_session" in rec:   # bayes_changepoint summary
            rec["session"] = rec["mode_session"]
        if "k" not in rec and "mode" in rec:
            rec["k"] = rec["mode"]
        has_k = "k" in rec and not _is_na(rec["k"])
        has_s = "session" in rec and not _is_na(rec["session"])
        if not (has_k or has_s):
            probs.append(problem(r, "k", None, "a change point needs 'k' or 'session'"))
            continue
        unit = "session" if has_s else "k"
        lo = next((rec[c] for c in _LOWER[unit] if c in rec and not _is_na(rec[c])), None)
        hi = next((rec[c] for c in _UPPER[unit] if c in rec and not _is_na(rec[c])), None)
        vals = {"point": rec[unit], "lower": lo, "upper": hi}
        conv = {}
        for key, v in vals.items():
            if v is None:
                conv[key] = None
                continue
            v = float(v)
            if unit == "k":
                if v != round(v) or not 1 <= v <= len(obs) - 1:
                    probs.append(problem(r, "k" if key == "point" else key, _fmt(v),
                                         f"k must be a whole number from 1 to {len(obs) - 1} "
                                         "(index of the last observation before the change)"))
                    continue
                conv[key] = int(v)
            else:
                hit = np.flatnonzero(obs == v)
                if hit.size == 0 or hit[0] == len(obs) - 1:
                    probs.append(problem(r, "session" if key == "point" else key, _fmt(v),
                                         f"session {_fmt(v)} is not a session of the series "
                                         "before its last one"))
                    continue
                conv[key] = int(hit[0]) + 1
        if any(conv.get(k) is None and vals[k] is not None for k in vals):
            continue
        if conv["lower"] is not None and conv["upper"] is not None and (
                conv["lower"] > conv["point"] or conv["upper"] < conv["point"]):
            probs.append(problem(r, "lower", None, "the interval must contain the change point"))
            continue

        def pos(k):
            return float((obs_x[k - 1] + obs_x[k]) / 2.0)

        k = conv["point"]
        out.append(ChangePoint(
            session=float(obs[k - 1]), x=pos(k),
            lower=None if conv["lower"] is None else pos(conv["lower"]),
            upper=None if conv["upper"] is None else pos(conv["upper"]),
            label=str(rec.get("label", f"change after session {_fmt(obs[k - 1])}")),
            interval=_interval_kind(rec)))
    if probs:
        raise CaseDataError(probs, title="change points cannot be drawn")
    return out
