"""Validation of tidy ratings, events and phases: every problem at once.

:func:`validate` checks a ratings table (and optionally its events and phase tables) against the
tidy data model of :mod:`casekit.schema` and the instrument registry, and reports **all**
problems it finds in one :class:`casekit.CaseDataError` (whose ``.problems`` is a DataFrame
``row, column, value, problem, table, ...``) or, with ``raise_on_error=False``, in a
:class:`ValidationReport`. :func:`validate_events` and :func:`validate_phases` check one events
or phase table (the readers use them). It follows pandera's lazy validation
(``schema.validate(df, lazy=True)``: one error carrying a table of failure cases) without the
dependency.

Layout: ``_collector`` (problems with rows as row labels, placed in the source through
:mod:`casekit._source`), ``_ratings`` (columns, numbers, duplicates, dates, phases, gaps),
``_instruments`` (registry ranges, imported totals), ``_tables`` (phase and event tables),
``_report`` (:class:`ValidationReport`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .._source import LOCATION_COLUMNS, source_map
from ..registry import InstrumentRegistry
from ._collector import Collector, hashable_cells
from ._instruments import InstrumentsArg
from ._ratings import check_ratings
from ._report import REPORT_COLUMNS, ValidationReport
from ._tables import NO_RATINGS_NEEDED, check_events, check_phases

__all__ = ["validate", "validate_events", "validate_phases", "ValidationReport",
           "REPORT_COLUMNS", "NO_RATINGS_NEEDED"]

def _check_type(name: str, table: object, optional: bool = True) -> None:
    if table is None and optional:
        return
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame{' or None' if optional else ''}; "
                        f"got {type(table).__name__}")


def _reading_warnings(tables: Iterable[pd.DataFrame | None]) -> list[dict[str, Any]]:
    """Warnings collected while the tables were read (from their source maps)."""
    out = []
    for table in tables:
        smap = source_map(table)
        if smap is not None:
            out += [dict(w) for w in smap.warnings]
    for w in out:
        for k in LOCATION_COLUMNS:
            w.setdefault(k, None)
    return out


def _finish(col: Collector, tables: Iterable[pd.DataFrame | None], *,
            options: Mapping[str, Any], warn: bool, raise_on_error: bool) -> ValidationReport:
    reading = _reading_warnings(tables)
    problems, warns = col.frames(reading)
    report = ValidationReport(problems, warns, options=options, n_reading=len(reading))
    if warn:
        report.emit_warnings(stacklevel=3)
    if raise_on_error:
        report.raise_if_problems()
    return report


def validate(ratings: pd.DataFrame, *, events: pd.DataFrame | None = None,
             phases: pd.DataFrame | None = None, registry: InstrumentRegistry | None = None,
             instruments: InstrumentsArg = None,
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
        Also emit the warnings the checks found (:class:`casekit.MissedSessionWarning`,
        :class:`casekit.CaseDataWarning`), one per class, through :mod:`warnings`. The
        warnings collected while the tables were read are listed in the report, not emitted
        again.

    Returns
    -------
    ValidationReport
        ``.problems`` and ``.warnings`` DataFrames (``row, column, value, problem, table,
        argument`` and the place in the source; warnings also ``warning``: the class name),
        ``.ok``, ``.n_problems``, ``.n_warnings``; ``.summary`` stacks both with ``severity``.

    Raises
    ------
    casekit.CaseDataError
        With ``raise_on_error=True`` when any problem is found; ``.problems`` lists them all
        and ``.warnings`` the warnings.

    Notes
    -----
    ``row`` is the row label of the table checked (its index; the tables casekit's readers
    return have a ``RangeIndex``, and labels survive filtering and sorting). For tables read
    by :func:`casekit.read_sessions`, :func:`casekit.read_events` or
    :func:`casekit.read_phases`, every problem also names its place in the source file as a
    spreadsheet shows it (``file``, ``sheet``, ``source_row`` with the header counted,
    ``source_column``, ``column_letter``, and ``where`` as text), through the source map the
    reader attached (``df.attrs["casekit_source"]``; kept for rows that still hold the
    session and measure they were read with). ``argument`` names the reading option a
    problem tells the user to set (``date_format``, ``columns``, ``case`` ...), written
    ``name=`` in the text (:func:`casekit.exceptions.rephrase` says it in other words).

    Problems (fatal):

    - a required column is missing (``case, session, measure, value``; events ``case,
      session, event, note``; phases ``case, phase, start, end, role, definition``);
    - a missing ``case``/``measure``/``session``; a session or item that is not a whole number;
      a ``value`` that is not a number or is infinite; a ``missing_code`` on a non-missing value;
    - duplicate keys ``(case, session, measure, rater, item, scale)`` (those present);
    - for registry instruments: an item number outside ``1..n_items``, an item value outside
      ``[item_min, item_max]`` or not whole when the instrument has whole-number items, an
      unknown scale, a score outside the scale's ``[min, max]`` (each names its session, and
      its case when the table holds several: ``value 8 outside the WAI-SR item range 1–5
      (case '7', session 9)``); when every score of a scale outside its range lies within
      the item range, one more problem (``row`` ``None``) says they look like item means
      and how to turn them into the scale's score;
    - an imported total read next to its items from a wide spec that disagrees with them;
    - a named instrument that the registry does not know, or that is absent from the data;
    - dates that cannot be read (one problem per unexpected format), outside 1677-2262, or
      that go backwards as sessions go forward (per case);
    - a ``phase`` column with two phases in one session, or disagreeing with the phase table;
    - phase tables with an invalid ``role``/``definition``, ``start > end``, overlapping
      phases, sessions not covered by any phase, or phases of cases without ratings;
    - events with an unknown type, on a case or session without ratings (a
      ``missed_session`` event may sit on a session without ratings).

    Warnings (not fatal): gaps in session numbers (:class:`casekit.MissedSessionWarning`),
    imported totals in a long table that disagree with the total recomputed from the items
    (:class:`casekit.CaseDataWarning`; tolerance 1e-9 for sums, 0.005 for means rounded to two
    decimals; recomputation uses the registry's reverse keying and only complete item sets),
    a score of a scale that sums whole-number items that is not a whole number and that no
    prorating the registry allows gives (a PHQ-9 total of 9.5; :class:`casekit.CaseDataWarning`:
    analysed as given, since a service may prorate by a rule of its own), and the warnings
    collected while reading.

    Every check is vectorised: a million rows validate in seconds
    (``docs/benchmarks/io.md``). The behaviour follows pandera's lazy validation (one error
    with a failure-case table); casekit adds the clinical checks (instrument ranges, phase
    coverage, event sessions). No R package validates single-case data this way; scan's
    ``scdf()`` checks only the phase design of one case.

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
    validate_events, validate_phases : one events or phase table.
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
    _check_type("ratings", ratings, optional=False)
    _check_type("events", events)
    _check_type("phases", phases)
    col = Collector({"ratings": ratings, "events": events, "phases": phases})
    ratings = hashable_cells(ratings, "ratings", col)
    events = None if events is None else hashable_cells(events, "events", col)
    phases = None if phases is None else hashable_cells(phases, "phases", col)
    check_ratings(ratings, col, registry=registry, instruments=instruments)
    if phases is not None:
        check_phases(phases, col, ratings=ratings)
    if events is not None:
        check_events(events, col, ratings=ratings, event_types=event_types)
    options = {"events": events is not None, "phases": phases is not None}
    return _finish(col, (ratings, events, phases), options=options, warn=warn,
                   raise_on_error=raise_on_error)


def validate_events(events: pd.DataFrame, *, ratings: pd.DataFrame | None = None,
                    event_types: Iterable[str] | None = None, raise_on_error: bool = True,
                    warn: bool = True) -> ValidationReport:
    """Check one events table (and, with ``ratings``, that its events fall on rated sessions).

    The events part of :func:`validate`, for an events table on its own (the check that
    :func:`casekit.read_events` runs). Parameters and return value as in :func:`validate`;
    ``ratings`` only serves to check the cases and sessions of the events (its own problems
    are not reported here).
    """
    _check_type("events", events, optional=False)
    _check_type("ratings", ratings)
    col = Collector({"events": events, "ratings": ratings})
    check_events(hashable_cells(events, "events", col), col, ratings=ratings,
                 event_types=event_types)
    return _finish(col, (events,), options={"events": True}, warn=warn,
                   raise_on_error=raise_on_error)


def validate_phases(phases: pd.DataFrame, *, ratings: pd.DataFrame | None = None,
                    raise_on_error: bool = True, warn: bool = True) -> ValidationReport:
    """Check one phase table (and, with ``ratings``, that it covers every rated session).

    The phases part of :func:`validate`, for a phase table on its own (the check that
    :func:`casekit.read_phases` runs). Parameters and return value as in :func:`validate`;
    with ``ratings`` the sessions not covered (and ``phase`` cells that disagree) are
    reported as problems of the ``ratings`` table.
    """
    _check_type("phases", phases, optional=False)
    _check_type("ratings", ratings)
    col = Collector({"phases": phases, "ratings": ratings})
    check_phases(hashable_cells(phases, "phases", col), col, ratings=ratings)
    return _finish(col, (phases,), options={"phases": True}, warn=warn,
                   raise_on_error=raise_on_error)
