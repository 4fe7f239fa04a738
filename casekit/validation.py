"""Validation of tidy ratings, events and phases: every problem at once.

:func:`validate` checks a ratings table (and optionally its events and phase tables) against the
tidy data model of :mod:`casekit.schema` and the instrument registry, and reports **all**
problems it finds in one :class:`casekit.CaseDataError` (whose ``.problems`` is a DataFrame
``row, column, value, problem, table``) or, with ``raise_on_error=False``, in a
:class:`ValidationReport`. It follows pandera's lazy validation (``schema.validate(df,
lazy=True)``: one error carrying a table of failure cases) without the dependency.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from .exceptions import CaseDataError, CaseDataWarning, MissedSessionWarning
from .results import Result
from .schema import (
    ALL_EVENT_TYPES,
    CASE,
    DATE,
    DEFINITION,
    END,
    EVENT,
    EVENTS_REQUIRED,
    ITEM,
    MEASURE,
    MISSING_CODE,
    PHASE,
    PHASE_DEFINITIONS,
    PHASE_ROLES,
    PHASES_REQUIRED,
    RATER,
    RATINGS_KEY,
    RATINGS_REQUIRED,
    ROLE,
    SCALE,
    SESSION,
    START,
    VALUE,
)

__all__ = ["validate", "ValidationReport"]

REPORT_COLUMNS = ["severity", "table", "row", "column", "value", "problem", "warning"]

# Tolerances for "imported total disagrees with the items": sums of whole-number items are exact
# (1e-9 guards float noise); mean-type scores are often exported rounded to 2 decimals, so a
# difference up to half a unit in the second decimal is accepted.
_TOTAL_TOL = {"sum": 1e-9, "sum_x2": 1e-9, "mean": 0.005 + 1e-9, "mean_x10": 0.05 + 1e-9}


class ValidationReport(Result):
    """What :func:`validate` found.

    Attributes
    ----------
    problems : pandas.DataFrame
        Fatal problems: ``table`` (``ratings``/``events``/``phases``), ``row`` (0-based row of
        that table, or of the source file when read by :func:`casekit.read_sessions`; ``None``
        for problems of the whole table), ``column``, ``value``, ``problem``.
    warnings : pandas.DataFrame
        Things worth knowing that do not stop an analysis, same columns plus ``warning`` (the
        warning class name: ``MissedSessionWarning``, ``CaseDataWarning``).
    ok : bool
        True when there are no problems (warnings allowed).
    n_problems, n_warnings : int

    The ``.summary`` stacks both tables with a ``severity`` column (``error``/``warning``).
    """

    def __init__(self, problems: pd.DataFrame, warnings_: pd.DataFrame, options=None):
        self.problems = problems.reset_index(drop=True)
        self.warnings = warnings_.reset_index(drop=True)
        self.n_problems = int(len(problems))
        self.n_warnings = int(len(warnings_))
        self.ok = self.n_problems == 0
        both = pd.concat([problems.assign(severity="error"),
                          warnings_.assign(severity="warning")], ignore_index=True)
        both = both.reindex(columns=REPORT_COLUMNS)
        status = "OK" if self.ok else "FAILED"
        super().__init__(
            both, method="casekit data validation", options=options,
            title=(f"Validation {status}: {self.n_problems} problem"
                   f"{'s' if self.n_problems != 1 else ''}, {self.n_warnings} warning"
                   f"{'s' if self.n_warnings != 1 else ''}"),
        )

    def raise_if_problems(self) -> None:
        """Raise :class:`casekit.CaseDataError` when there are problems."""
        if not self.ok:
            raise CaseDataError(self.problems)


# ----------------------------------------------------------------------------------------
# collector
# ----------------------------------------------------------------------------------------
class _Collector:
    def __init__(self, rows: Mapping[str, np.ndarray | None] | None = None,
                 source_columns: np.ndarray | None = None):
        self.problems: list[dict] = []
        self.warnings: list[dict] = []
        self._rows = dict(rows or {})
        self._cols = source_columns  # ratings position -> source column (wide files)

    def _col(self, table, pos, column):
        if (self._cols is not None and table == "ratings" and pos is not None
                and column == VALUE):
            return self._cols[int(pos)]
        return column

    def _row(self, table, pos):
        if pos is None:
            return None
        pos = int(pos)
        mapping = self._rows.get(table)
        if mapping is not None:
            return int(mapping[pos])
        return pos

    def error(self, table, pos, column, value, problem):
        self.problems.append({"table": table, "row": self._row(table, pos),
                              "column": self._col(table, pos, column),
                              "value": _plain(value), "problem": problem})

    def warn(self, cls, table, pos, column, value, problem):
        self.warnings.append({"table": table, "row": self._row(table, pos),
                              "column": self._col(table, pos, column),
                              "value": _plain(value), "problem": problem,
                              "warning": cls.__name__})

    def frames(self):
        cols = ["row", "column", "value", "problem", "table"]
        p = pd.DataFrame(self.problems, columns=cols, dtype=object)
        w = pd.DataFrame(self.warnings, columns=[*cols, "warning"], dtype=object)
        return p, w


def _plain(v):
    """A Python scalar for the problem table (numpy scalars and NA made plain)."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    return v


def _is_whole(x: np.ndarray) -> np.ndarray:
    return np.isfinite(x) & (np.floor(x) == x)


def _fmt(x) -> str:
    return f"{x:g}" if isinstance(x, (int, float, np.number)) else str(x)


# ----------------------------------------------------------------------------------------
# public function
# ----------------------------------------------------------------------------------------
def validate(ratings: pd.DataFrame, *, events: pd.DataFrame | None = None,
             phases: pd.DataFrame | None = None, registry=None, instruments=None,
             event_types: Iterable[str] | None = None, raise_on_error: bool = True,
             warn: bool = True) -> ValidationReport:
    """Check tidy ratings (and events and phases) and report every problem at once.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Long ratings table (``case, session, measure, value``; optional ``date, phase, rater,
        item, scale, missing_code``).
    events : pandas.DataFrame, optional
        Events table (``case, session, event, note``; optional ``source``).
    phases : pandas.DataFrame, optional
        Phase table (``case, phase, start, end, role, definition``; optional ``label``).
    registry : casekit.registry.InstrumentRegistry, optional
        Where instrument names are looked up (default: the built-in registry).
    instruments : str, list of str or dict, optional
        Which measures are registry instruments. ``None`` (default): every measure whose name
        is found in the registry is range-checked, other measures are accepted as they are.
        A name or list of names: these measures must be registry instruments and must occur in
        the data. A dict ``{measure: instrument}`` maps a measure label of the data to an
        instrument (a registry name or an :class:`casekit.registry.Instrument`).
    event_types : iterable of str, optional
        Custom event types accepted in addition to ``casekit.schema.ALL_EVENT_TYPES``.
    raise_on_error : bool, default True
        Raise :class:`casekit.CaseDataError` when there is any problem; otherwise return the
        report whatever it holds.
    warn : bool, default True
        Also emit the warnings found (:class:`casekit.MissedSessionWarning`,
        :class:`casekit.CaseDataWarning`), one per class, through :mod:`warnings`.

    Returns
    -------
    ValidationReport
        ``.problems`` and ``.warnings`` DataFrames with columns ``row, column, value,
        problem, table`` (+ ``warning``: class name), ``.ok``, ``.n_problems``,
        ``.n_warnings``; ``.summary`` stacks both with ``severity``.

    Raises
    ------
    casekit.CaseDataError
        With ``raise_on_error=True`` when any problem is found; ``.problems`` lists them all.

    Notes
    -----
    Problems (fatal):

    - a required column is missing (``case, session, measure, value``; events ``case,
      session, event, note``; phases ``case, phase, start, end, role, definition``);
    - a missing ``case``/``measure``/``session``; a session or item that is not a whole number;
      a ``value`` that is not a number or is infinite; a ``missing_code`` on a non-missing value;
    - duplicate keys ``(case, session, measure, rater, item, scale)`` (those present);
    - for registry instruments: an item number outside ``1..n_items``, an item value outside
      ``[item_min, item_max]`` or not whole when the instrument has whole-number items, an
      unknown scale, a score outside the scale's ``[min, max]``;
    - a named instrument that the registry does not know, or that is absent from the data;
    - dates that cannot be read, or that go backwards as sessions go forward (per case);
    - a ``phase`` column with two phases in one session, or disagreeing with the phase table;
    - phase tables with an invalid ``role``/``definition``, ``start > end``, overlapping
      phases, sessions not covered by any phase, or phases of cases without ratings;
    - events with an unknown type, on a case or session without ratings.

    Warnings (not fatal): gaps in session numbers (:class:`casekit.MissedSessionWarning`) and
    imported totals that disagree with the total recomputed from the items
    (:class:`casekit.CaseDataWarning`; tolerance 1e-9 for sums, 0.005 for means rounded to two
    decimals). Recomputation uses the registry's reverse keying and only complete item sets.

    The behaviour follows pandera's lazy validation (one error with a failure-case table);
    casekit adds the clinical checks (instrument ranges, phase coverage, event sessions). No R
    package validates single-case data this way; scan's ``scdf()`` checks only the phase
    design of one case.

    References
    ----------
    Tate, R. L., Perdices, M., Rosenkoetter, U., et al. (2016). The Single-Case Reporting
    Guideline In BEhavioural Interventions (SCRIBE) 2016 statement. Aphasiology, 30(7),
    862-876. doi:10.1080/02687038.2016.1178022

    Kroenke, K., Spitzer, R. L., & Williams, J. B. W. (2001). The PHQ-9. Journal of General
    Internal Medicine, 16(9), 606-613. doi:10.1046/j.1525-1497.2001.016009606.x (the ranges in
    the examples; every range comes from the instrument registry and its sources).

    See Also
    --------
    casekit.read_sessions : reads and validates in one step.
    casekit.schema : the data model.

    Examples
    --------
    >>> import pandas as pd
    >>> import casekit
    >>> r = pd.DataFrame({"case": "c1", "session": [1, 2, 2], "measure": "PHQ-9",
    ...                   "scale": "total", "value": [14.0, 31.0, 12.0]})
    >>> rep = casekit.validate(r, raise_on_error=False)
    >>> rep.ok, rep.n_problems
    (False, 3)
    >>> for p in rep.problems.itertuples():
    ...     print(p.row, p.column, p.problem[:42])
    1 None duplicate key (case, session, measure, sca
    2 None duplicate key (case, session, measure, sca
    1 value value 31 outside the range 0–27 of PHQ-9 s
    """
    report = _validate(ratings, events=events, phases=phases, registry=registry,
                       instruments=instruments, event_types=event_types, warn=warn)
    if raise_on_error:
        report.raise_if_problems()
    return report


def _validate(ratings, *, events=None, phases=None, registry=None, instruments=None,
              event_types=None, warn=True, rows=None, extra_problems=(),
              source_columns=None) -> ValidationReport:
    """Run all checks; ``rows`` maps table name -> array of reported row numbers."""
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a pandas DataFrame; got {type(ratings).__name__}")
    for name, tab in (("events", events), ("phases", phases)):
        if tab is not None and not isinstance(tab, pd.DataFrame):
            raise TypeError(f"{name} must be a pandas DataFrame or None; "
                            f"got {type(tab).__name__}")
    col = _Collector(rows, source_columns)
    col.problems.extend(extra_problems)
    _check_ratings(ratings, col, registry=registry, instruments=instruments)
    if phases is not None:
        _check_phases(phases, col, ratings=ratings)
    if events is not None:
        _check_events(events, col, ratings=ratings, event_types=event_types)
    problems, warns = col.frames()
    if warn and len(warns):
        _emit(warns)
    options = {"events": events is not None, "phases": phases is not None}
    return ValidationReport(problems, warns, options=options)


def _emit(warns: pd.DataFrame) -> None:
    classes = {"MissedSessionWarning": MissedSessionWarning, "CaseDataWarning": CaseDataWarning}
    for name, grp in warns.groupby("warning", sort=True):
        lines = grp["problem"].tolist()
        head = "; ".join(lines[:5]) + (f"; ... ({len(lines) - 5} more)" if len(lines) > 5 else "")
        warnings.warn(head, classes.get(name, CaseDataWarning), stacklevel=4)


# ----------------------------------------------------------------------------------------
# ratings
# ----------------------------------------------------------------------------------------
def _missing_columns(df, required, table, col) -> list[str]:
    missing = [c for c in required if c not in df.columns]
    for c in missing:
        col.error(table, None, c, None,
                  f"required column {c!r} is missing (columns present: "
                  f"{', '.join(map(str, df.columns)) or 'none'})")
    return missing


def _numeric(series: pd.Series):
    """Float array plus a mask of entries present but not numbers."""
    if pd.api.types.is_bool_dtype(series):
        return np.full(len(series), np.nan), np.ones(len(series), bool)
    if pd.api.types.is_numeric_dtype(series):
        return pd.to_numeric(series).to_numpy(dtype=float, na_value=np.nan), np.zeros(
            len(series), bool)
    present = series.notna().to_numpy()
    num = pd.to_numeric(series.where(series.notna()).map(
        lambda v: v if not isinstance(v, bool) else "bool"), errors="coerce")
    arr = num.to_numpy(dtype=float, na_value=np.nan)
    return arr, present & np.isnan(arr)


def _check_ratings(r: pd.DataFrame, col: _Collector, *, registry, instruments) -> None:
    T = "ratings"
    missing = _missing_columns(r, RATINGS_REQUIRED, T, col)
    n = len(r)
    for c in (CASE, MEASURE):
        if c in r.columns:
            for i in np.flatnonzero(r[c].isna().to_numpy()):
                col.error(T, i, c, None, f"{c} is missing")
    sess = None
    if SESSION in r.columns:
        sess, nonnum = _numeric(r[SESSION])
        nan = np.isnan(sess)
        for i in np.flatnonzero(nonnum):
            col.error(T, i, SESSION, r[SESSION].iloc[i], "session is not a number")
        for i in np.flatnonzero(nan & ~nonnum):
            col.error(T, i, SESSION, None, "session is missing")
        for i in np.flatnonzero(~nan & ~_is_whole(sess)):
            col.error(T, i, SESSION, sess[i], "session must be a whole number")
    val = None
    if VALUE in r.columns:
        val, nonnum = _numeric(r[VALUE])
        for i in np.flatnonzero(nonnum):
            col.error(T, i, VALUE, r[VALUE].iloc[i],
                      "value is not a number (declare it as a sentinel code if it marks a "
                      "missing value)")
        for i in np.flatnonzero(np.isinf(val)):
            col.error(T, i, VALUE, val[i], "value is infinite")
        if MISSING_CODE in r.columns:
            both = r[MISSING_CODE].notna().to_numpy() & ~np.isnan(val) & ~nonnum
            for i in np.flatnonzero(both):
                col.error(T, i, MISSING_CODE, r[MISSING_CODE].iloc[i],
                          "missing_code is set on a value that is not missing")
    item = None
    if ITEM in r.columns:
        item, nonnum = _numeric(r[ITEM])
        for i in np.flatnonzero(nonnum):
            col.error(T, i, ITEM, r[ITEM].iloc[i], "item is not a number")
        bad = ~np.isnan(item) & (~_is_whole(item) | (item < 1))
        for i in np.flatnonzero(bad):
            col.error(T, i, ITEM, item[i], "item must be a whole number >= 1 (1-based)")

    # duplicate keys
    key = [c for c in RATINGS_KEY if c in r.columns]
    if CASE in key and SESSION in key and MEASURE in key:
        # rows lacking case/session/measure are reported as such, not as duplicates
        complete = r[[CASE, SESSION, MEASURE]].notna().all(axis=1).to_numpy()
        dup = np.zeros(len(r), bool)
        dup[complete] = r[complete].duplicated(key, keep=False).to_numpy()
        for i in np.flatnonzero(dup):
            col.error(T, i, None, None,
                      f"duplicate key ({', '.join(key)}): "
                      + ", ".join(f"{k}={_plain(r[k].iloc[i])!r}" for k in key))
    if MEASURE in missing or VALUE in missing:
        pass
    else:
        _check_instruments(r, col, val, item, registry=registry, instruments=instruments)
    if DATE in r.columns and sess is not None and CASE in r.columns:
        _check_dates(r, col, sess)
    if PHASE in r.columns and sess is not None and CASE in r.columns:
        per = pd.DataFrame({"case": r[CASE].to_numpy(), "s": sess,
                            "p": r[PHASE].to_numpy(), "i": np.arange(n)}).dropna()
        nph = per.groupby(["case", "s"], sort=True)["p"].nunique()
        for (case, s), k in nph[nph > 1].items():
            first = per[(per["case"] == case) & (per["s"] == s)]
            col.error(T, first["i"].iloc[0], PHASE, ", ".join(sorted(map(str, set(first["p"])))),
                      f"session {s:g} of case {case!r} has {k} different phases")
    if sess is not None and CASE in r.columns:
        _check_gaps(r, col, sess)


def _resolve_instruments(r, col, registry, instruments):
    """measure label -> Instrument, for the measures to range-check."""
    from .registry import get_instrument
    measures = pd.unique(r[MEASURE].dropna())
    out = {}
    if instruments is None:
        for m in measures:
            try:
                out[m] = get_instrument(str(m), registry)
            except KeyError:
                continue
        return out
    if isinstance(instruments, str) or not isinstance(instruments, (Mapping, Iterable)):
        instruments = [instruments]
    if not isinstance(instruments, Mapping):
        instruments = {getattr(i, "name", i): i for i in instruments}
    present = set(map(str, measures))
    for m, inst in instruments.items():
        try:
            out[m] = get_instrument(inst, registry)
        except KeyError as exc:
            col.error("ratings", None, MEASURE, str(m), f"unknown instrument: {exc.args[0]}")
            continue
        if str(m) not in present:
            col.error("ratings", None, MEASURE, str(m),
                      f"instrument {out[m].name!r} was named for measure {str(m)!r}, which is "
                      f"not in the data (measures present: {', '.join(sorted(present))})")
    return out


def _scale_names(r) -> np.ndarray:
    """Scale of each row as text; a score row without a scale is the total."""
    if SCALE not in r.columns:
        return np.full(len(r), "total", dtype=object)
    return r[SCALE].astype(object).where(r[SCALE].notna(), "total").astype(str) \
        .to_numpy(dtype=object)


def _check_instruments(r, col, val, item, *, registry, instruments) -> None:
    T = "ratings"
    found = _resolve_instruments(r, col, registry, instruments)
    if not found:
        return
    meas = r[MEASURE].astype(object).to_numpy()
    scale = _scale_names(r)
    is_item = ~np.isnan(item) if item is not None else np.zeros(len(r), bool)
    fin = np.isfinite(val)
    for m, inst in found.items():
        sel = meas == m
        found_rows = []  # (row, column, value, problem), sorted by row at the end
        # item rows
        it = sel & is_item
        k = np.where(it, item if item is not None else np.nan, np.nan)
        for i in np.flatnonzero(it & _is_whole(k) & ((k < 1) | (k > inst.n_items))):
            found_rows.append((i, ITEM, k[i], f"{inst.name} has items 1–{inst.n_items}; got "
                                              f"item {k[i]:g}"))
        out = it & fin & ((val < inst.item_min) | (val > inst.item_max))
        for i in np.flatnonzero(out):
            found_rows.append((i, VALUE, val[i], f"value {val[i]:g} outside the {inst.name} "
                                                 f"item range {inst.item_min:g}–"
                                                 f"{inst.item_max:g}"))
        if inst.item_decimals == 0:
            frac = it & fin & ~out & (np.floor(np.where(fin, val, 0)) != np.where(fin, val, 0))
            for i in np.flatnonzero(frac):
                found_rows.append((i, VALUE, val[i], f"{inst.name} items are whole numbers; "
                                                     f"got {val[i]:g}"))
        # score rows
        sc_rows = sel & ~is_item
        for sname in pd.unique(scale[sc_rows]):
            rows = sc_rows & (scale == sname)
            if sname not in inst.scales:
                for i in np.flatnonzero(rows):
                    found_rows.append((i, SCALE, sname,
                                       f"{inst.name} has no scale {sname!r}; valid scales: "
                                       f"{', '.join(map(repr, inst.scales))}"))
                continue
            sc = inst.scales[sname]
            lo = -np.inf if sc.min is None else sc.min
            hi = np.inf if sc.max is None else sc.max
            for i in np.flatnonzero(rows & fin & ((val < lo) | (val > hi))):
                found_rows.append((i, VALUE, val[i], f"value {val[i]:g} outside the range "
                                                     f"{_fmt(lo)}–{_fmt(hi)} of {inst.name} "
                                                     f"scale {sname!r}"))
        for i, c, v, text in sorted(found_rows, key=lambda t: t[0]):
            col.error(T, i, c, v, text)
        _check_totals(r, col, val, item, sel, is_item, scale, inst)


def _check_totals(r, col, val, item, sel, is_item, scale, inst) -> None:
    """Warn when an imported scale score disagrees with the score recomputed from items."""
    if not (sel & is_item).any() or not (sel & ~is_item).any():
        return
    keycols = [c for c in (CASE, SESSION, RATER) if c in r.columns]
    keys = r[keycols].astype(object).where(r[keycols].notna(), "\x00NA")
    it = sel & is_item & _is_whole(np.where(is_item, item, 0.5))
    items = keys[it].assign(_item=item[it].astype(int), _v=val[it])
    items = items.drop_duplicates(keycols + ["_item"])  # duplicates are reported already
    wide = items.pivot(index=keycols, columns="_item", values="_v")
    scores = keys[sel & ~is_item].assign(_scale=scale[sel & ~is_item], _v=val[sel & ~is_item],
                                         _pos=np.flatnonzero(sel & ~is_item))
    for sname, grp in scores.groupby("_scale", sort=False):
        sc = inst.scales.get(sname)
        if sc is None or sc.score_type not in _TOTAL_TOL:
            continue
        cols = [k for k in sc.items if k in wide.columns]
        if len(cols) < len(sc.items):
            continue
        block = wide[cols].to_numpy(dtype=float, copy=True)
        ok = ~np.isnan(block).any(axis=1) & ((block >= inst.item_min)
                                             & (block <= inst.item_max)).all(axis=1)
        rev = [j for j, k in enumerate(cols) if k in inst.reverse_items]
        block[:, rev] = inst.item_min + inst.item_max - block[:, rev]
        total = {"sum": block.sum(axis=1), "sum_x2": 2 * block.sum(axis=1),
                 "mean": block.mean(axis=1), "mean_x10": 10 * block.mean(axis=1)}[sc.score_type]
        recomputed = pd.Series(np.where(ok, total, np.nan), index=wide.index, name="_t")
        merged = grp.join(recomputed, on=keycols)
        diff = (merged["_t"] - merged["_v"]).abs()
        for rd in merged[diff > _TOTAL_TOL[sc.score_type]].to_dict("records"):
            i, got, tot = rd["_pos"], rd["_v"], rd["_t"]
            case, session = rd[CASE], rd[SESSION]
            col.warn(CaseDataWarning, "ratings", i, VALUE, got,
                     f"imported {inst.name} {sname} {got:g} of case {case!r} session "
                     f"{_fmt(session)} disagrees with the {sc.score_type} of its items "
                     f"({tot:g})")


def _check_dates(r, col, sess) -> None:
    T = "ratings"
    raw = r[DATE]
    if pd.api.types.is_datetime64_any_dtype(raw):
        dates = raw
    else:
        dates = pd.to_datetime(raw, errors="coerce", format="ISO8601")
        bad = raw.notna().to_numpy() & dates.isna().to_numpy()
        for i in np.flatnonzero(bad):
            col.error(T, i, DATE, raw.iloc[i], "date cannot be read (use ISO 8601 YYYY-MM-DD)")
    frame = pd.DataFrame({"case": r[CASE].to_numpy(), "s": sess, "d": dates.to_numpy(),
                          "i": np.arange(len(r))}).dropna()
    for case, grp in frame.groupby("case", sort=False):
        per = grp.groupby("s", sort=True).agg(dmin=("d", "min"), dmax=("d", "max"),
                                              i=("i", "first"))
        prev_max = per["dmax"].cummax().shift(1)
        back = per["dmin"] < prev_max
        for s, row in per[back.to_numpy()].iterrows():
            col.error(T, row["i"], DATE, row["dmin"],
                      f"date of session {s:g} of case {case!r} is earlier than the date of an "
                      f"earlier session ({prev_max.loc[s].date().isoformat()})")


def _check_gaps(r, col, sess) -> None:
    frame = pd.DataFrame({"case": r[CASE].to_numpy(), "s": sess}).dropna()
    for case, grp in frame.groupby("case", sort=False):
        s = np.unique(grp["s"].to_numpy())
        s = s[_is_whole(s)]
        for a, b in zip(s[:-1], s[1:], strict=True):
            if b - a > 1:
                miss = f"{a + 1:g}" if b - a == 2 else f"{a + 1:g}–{b - 1:g}"
                col.warn(MissedSessionWarning, "ratings", None, SESSION, None,
                         f"case {case!r}: no ratings for session{'s' if b - a > 2 else ''} "
                         f"{miss}")


# ----------------------------------------------------------------------------------------
# phases and events
# ----------------------------------------------------------------------------------------
def _check_phases(p: pd.DataFrame, col: _Collector, *, ratings: pd.DataFrame | None) -> None:
    T = "phases"
    missing = _missing_columns(p, PHASES_REQUIRED, T, col)
    for c, vocab in ((ROLE, PHASE_ROLES), (DEFINITION, PHASE_DEFINITIONS)):
        if c in p.columns:
            for i, v in enumerate(p[c].tolist()):
                if v is None or (not isinstance(v, str) and pd.isna(v)) or v not in vocab:
                    col.error(T, i, c, v, f"{c} must be one of {', '.join(map(repr, vocab))}")
    for c in (CASE, PHASE):
        if c in p.columns:
            for i in np.flatnonzero(p[c].isna().to_numpy()):
                col.error(T, i, c, None, f"{c} is missing")
    if START in missing or END in missing or CASE in missing:
        return
    start, s_bad = _numeric(p[START])
    end, e_bad = _numeric(p[END])
    ok = np.ones(len(p), bool)
    for name, arr, bad in ((START, start, s_bad), (END, end, e_bad)):
        for i in range(len(p)):
            if bad[i] or np.isnan(arr[i]) or not _is_whole(arr[i:i + 1])[0]:
                col.error(T, i, name, p[name].iloc[i], f"{name} must be a whole session number")
                ok[i] = False
    for i in np.flatnonzero(ok & (start > end)):
        col.error(T, i, START, start[i], f"start {start[i]:g} is after end {end[i]:g}")
        ok[i] = False
    cases = p[CASE].astype(object).to_numpy()
    for case in pd.unique(cases[ok]):
        idx = np.flatnonzero(ok & (cases == case))
        idx = idx[np.argsort(start[idx], kind="stable")]
        run_end, run_i = -np.inf, None
        for i in idx:
            if start[i] <= run_end:
                col.error(T, i, START, start[i],
                          f"phase {_plain(p[PHASE].iloc[i])!r} of case {case!r} "
                          f"({start[i]:g}–{end[i]:g}) overlaps phase "
                          f"{_plain(p[PHASE].iloc[run_i])!r} (ends at {run_end:g})")
            if end[i] > run_end:
                run_end, run_i = end[i], i
    if ratings is None or CASE not in ratings.columns or SESSION not in ratings.columns:
        return
    r_case = ratings[CASE].astype(object).to_numpy()
    r_sess, _ = _numeric(ratings[SESSION])
    known = set(pd.unique(r_case))
    for i in np.flatnonzero(ok):
        if cases[i] not in known:
            col.error(T, i, CASE, cases[i], f"phase table names case {cases[i]!r}, which has no "
                                            "ratings")
    # coverage and agreement with a phase column
    assigned = np.full(len(ratings), None, dtype=object)
    n_hits = np.zeros(len(ratings), int)
    names = p[PHASE].astype(object).to_numpy() if PHASE in p.columns else np.full(len(p), None)
    for i in np.flatnonzero(ok):
        hit = (r_case == cases[i]) & (r_sess >= start[i]) & (r_sess <= end[i])
        assigned[hit] = names[i]
        n_hits += hit
    seen = set()
    for i in np.flatnonzero((n_hits == 0) & ~np.isnan(r_sess)):
        k = (r_case[i], r_sess[i])
        if k in seen:
            continue
        seen.add(k)
        col.error("ratings", i, SESSION, r_sess[i],
                  f"session {r_sess[i]:g} of case {r_case[i]!r} is not covered by any phase of "
                  "the phase table")
    if PHASE in ratings.columns:
        given = ratings[PHASE].astype(object).to_numpy()
        seen = set()
        for i in np.flatnonzero(n_hits == 1):
            g = _plain(given[i])
            if g is not None and str(g) != str(assigned[i]):
                k = (r_case[i], r_sess[i])
                if k in seen:
                    continue
                seen.add(k)
                col.error("ratings", i, PHASE, g,
                          f"phase {g!r} of session {r_sess[i]:g} (case {r_case[i]!r}) disagrees "
                          f"with the phase table ({assigned[i]!r})")


def _check_events(ev: pd.DataFrame, col: _Collector, *, ratings: pd.DataFrame | None,
                  event_types=None) -> None:
    T = "events"
    missing = _missing_columns(ev, EVENTS_REQUIRED, T, col)
    vocab = tuple(ALL_EVENT_TYPES) + tuple(event_types or ())
    if EVENT in ev.columns:
        for i, v in enumerate(ev[EVENT].tolist()):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                col.error(T, i, EVENT, None, "event type is missing")
            elif v not in vocab:
                col.error(T, i, EVENT, v,
                          f"unknown event type {v!r}; valid types: {', '.join(vocab)} (pass "
                          "event_types=[...] to allow custom types)")
    if CASE in ev.columns:
        for i in np.flatnonzero(ev[CASE].isna().to_numpy()):
            col.error(T, i, CASE, None, "case is missing")
    if SESSION in missing:
        return
    sess, bad = _numeric(ev[SESSION])
    has_date = ev[DATE].notna().to_numpy() if DATE in ev.columns else np.zeros(len(ev), bool)
    for i in range(len(ev)):
        if bad[i] or (not np.isnan(sess[i]) and not _is_whole(sess[i:i + 1])[0]):
            col.error(T, i, SESSION, ev[SESSION].iloc[i], "session must be a whole number")
            sess[i] = np.nan
        elif np.isnan(sess[i]) and not has_date[i]:
            col.error(T, i, SESSION, None, "session is missing (give a session or a date)")
    if ratings is None or CASE in missing or CASE not in ratings.columns \
            or SESSION not in ratings.columns:
        return
    r_sess, _ = _numeric(ratings[SESSION])
    existing = set(zip(ratings[CASE].astype(object).to_numpy(), r_sess, strict=True))
    cases = {c for c, _ in existing}
    for i, (c, s) in enumerate(zip(ev[CASE].astype(object).to_numpy(), sess, strict=True)):
        if np.isnan(s) or _plain(c) is None:
            continue
        if c not in cases:
            col.error(T, i, CASE, c, f"event on case {c!r}, which has no ratings")
        elif (c, s) not in existing:
            col.error(T, i, SESSION, s, f"event on session {s:g} of case {c!r}, which has no "
                                        "ratings")
