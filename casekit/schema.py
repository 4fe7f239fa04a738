"""The tidy data model shared by every casekit module: column names, vocabularies, phases.

casekit speaks three long tables (see ``docs/data-format.md``):

========  ====================================================================================
ratings   one row per rating: ``case``, ``session``, ``measure``, ``value``; optional ``date``,
          ``phase``, ``rater``, ``item``, ``scale``, ``missing_code``
events    one row per noted event: ``case``, ``session``, ``event``, ``note``; optional
          ``source`` (and ``date``, ``subtype``)
phases    one row per phase: ``case``, ``phase``, ``start``, ``end``, ``role``, ``definition``;
          optional ``label``
========  ====================================================================================

Item rows carry an integer ``item`` (1-based) and a missing ``scale``; score rows carry a missing
``item`` and a ``scale`` (``"total"`` or a subscale name). ``value`` is a float; a missing value
is NaN and, when the source held a sentinel code (``-9``, ``"."`` ...), the original code is kept
as text in ``missing_code``.

This module holds the column constants and vocabularies, plus two helpers that move between the
two ways of stating phases: :func:`assign_phases` (a phase table -> a ``phase`` column) and
:func:`phases_from_column` (a ``phase`` column -> a phase table).

The vocabularies follow the case-narrative data proposal of the casekit design notes
(``domain/case-narrative.md`` §5): phase roles as in single-case design reporting (Tate et al.
2016, SCRIBE 2016 statement, Aphasiology 30(7), 862-876, doi:10.1080/02687038.2016.1178022),
with casekit's ``definition`` recording whether a phase was planned (a priori), found in the
data or set afterwards; rupture subtypes (withdrawal, confrontation) from the Rupture
Resolution Rating System (Eubanks, Lubitz, Muran & Safran 2019, Psychotherapy Research 29(3),
306-319, doi:10.1080/10503307.2018.1552034); contract events from Metacognitive Interpersonal
Therapy case reports (Dimaggio & Valentino, preprint doi:10.22541/au.169221780.03114240).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._validate import check_option
from .exceptions import CaseDataError

__all__ = [
    "CASE", "SESSION", "MEASURE", "VALUE", "DATE", "PHASE", "RATER", "ITEM", "SCALE",
    "MISSING_CODE", "EVENT", "NOTE", "SOURCE", "START", "END", "ROLE", "DEFINITION", "LABEL",
    "RATINGS_REQUIRED", "RATINGS_OPTIONAL", "RATINGS_COLUMNS", "RATINGS_KEY",
    "EVENTS_REQUIRED", "EVENTS_OPTIONAL", "PHASES_REQUIRED", "PHASES_OPTIONAL",
    "PHASE_ROLES", "PHASE_DEFINITIONS", "EVENT_TYPES", "DERIVED_EVENT_TYPES",
    "ALL_EVENT_TYPES", "EVENT_SOURCES", "RATERS", "DEFAULT_SENTINELS", "DEFAULT_NA_VALUES",
    "REDCAP_COMPLETE", "DEFAULT_PHASE_ROLES",
    "assign_phases", "phases_from_column", "order_columns",
]

# -- column names -------------------------------------------------------------------------
CASE = "case"
SESSION = "session"
MEASURE = "measure"
VALUE = "value"
DATE = "date"
PHASE = "phase"
RATER = "rater"
ITEM = "item"
SCALE = "scale"
MISSING_CODE = "missing_code"
EVENT = "event"
NOTE = "note"
SOURCE = "source"
START = "start"
END = "end"
ROLE = "role"
DEFINITION = "definition"
LABEL = "label"

RATINGS_REQUIRED = (CASE, SESSION, MEASURE, VALUE)
RATINGS_OPTIONAL = (DATE, PHASE, RATER, ITEM, SCALE, MISSING_CODE)
#: canonical column order of a ratings table (extra columns follow, in their input order)
RATINGS_COLUMNS = (CASE, SESSION, DATE, PHASE, MEASURE, RATER, ITEM, SCALE, VALUE, MISSING_CODE)
#: a rating is unique on these columns (those present in the table)
RATINGS_KEY = (CASE, SESSION, MEASURE, RATER, ITEM, SCALE)

EVENTS_REQUIRED = (CASE, SESSION, EVENT, NOTE)
EVENTS_OPTIONAL = (SOURCE, DATE, "subtype")

PHASES_REQUIRED = (CASE, PHASE, START, END, ROLE, DEFINITION)
PHASES_OPTIONAL = (LABEL,)

# -- vocabularies -------------------------------------------------------------------------
#: the role a phase plays in the design (SCRIBE 2016 design terms; case-narrative.md §5)
PHASE_ROLES = ("baseline", "intervention", "maintenance", "follow_up")
#: how a phase boundary was set: planned before the data (a_priori), found in the data by an
#: algorithm (data_driven) or set afterwards from the narrative (post_hoc). Inferential tests
#: assume a_priori boundaries (casekit warns with DataDrivenPhaseWarning otherwise).
PHASE_DEFINITIONS = ("a_priori", "data_driven", "post_hoc")

#: event types noted by the therapist or patient (case-narrative.md §5)
EVENT_TYPES = (
    "rupture_noted", "repair_noted", "contract_drafted", "contract_agreed", "contract_revised",
    "homework_assigned", "homework_reported", "life_event", "missed_session",
    "medication_change", "phase_change", "note",
)
#: event types written by casekit's algorithms (sudden gains, rupture detection, change points)
DERIVED_EVENT_TYPES = (
    "sudden_gain", "sudden_loss", "rupture_detected", "repair_detected", "change_point",
)
ALL_EVENT_TYPES = EVENT_TYPES + DERIVED_EVENT_TYPES
#: who recorded an event (3RS = Rupture Resolution Rating System; PSQ = post-session
#: questionnaire). Not enforced: other sources are accepted.
EVENT_SOURCES = ("therapist_note", "patient_report", "PSQ", "3RS_observer", "algorithm")
RATERS = ("client", "therapist", "observer")

#: sentinel codes read as missing by default (kept as text in ``missing_code``). -9/-99/999
#: are the usual SPSS/Excel missing codes in psychotherapy-research exports; "." is SAS/Stata's
#: missing marker (case-narrative.md §6).
DEFAULT_SENTINELS = (-9, -99, 999, ".")
#: cell contents read as plainly missing (no code): only the empty cell. ``"NA"`` is *not*
#: included, so that a stray text is never taken for a missing value; add it explicitly
#: (``na_values=("", "NA")``) for files written by R.
DEFAULT_NA_VALUES = ("",)

#: REDCap ``<form>_complete`` codes (REDCap data export documentation)
REDCAP_COMPLETE = {0: "Incomplete", 1: "Unverified", 2: "Complete"}

#: roles assumed for the usual AB(AB) phase letters by :func:`phases_from_column`
DEFAULT_PHASE_ROLES = {"A": "baseline", "B": "intervention", "A1": "baseline",
                       "B1": "intervention", "A2": "baseline", "B2": "intervention"}


def order_columns(df: pd.DataFrame, canonical: Sequence[str] = RATINGS_COLUMNS) -> pd.DataFrame:
    """Return ``df`` with the canonical columns first (those present), then the others."""
    first = [c for c in canonical if c in df.columns]
    rest = [c for c in df.columns if c not in first]
    return df[first + rest]


def _require(df: Any, name: str, columns: Sequence[str]) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame; got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise CaseDataError(
            [{"row": None, "column": c, "value": None,
              "problem": f"required column {c!r} is missing from {name} "
                         f"(columns present: {', '.join(map(str, df.columns))})"}
             for c in missing])


def assign_phases(ratings: pd.DataFrame, phases: pd.DataFrame, *,
                  overwrite: bool = False) -> pd.DataFrame:
    """Add a ``phase`` column to ``ratings`` from a phase table.

    Each rating gets the ``phase`` of the row of ``phases`` (same ``case``) whose
    ``start <= session <= end``.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Tidy ratings with at least ``case`` and ``session``.
    phases : pandas.DataFrame
        Phase table with ``case``, ``phase``, ``start``, ``end`` (inclusive session numbers).
    overwrite : bool, default False
        Replace an existing ``phase`` column. Without it an existing column raises, so that a
        phase stated in the data is never replaced silently.

    Returns
    -------
    pandas.DataFrame
        A copy of ``ratings`` with a text ``phase`` column (placed after ``session``/``date``).

    Raises
    ------
    CaseDataError
        When a phase's ``start``/``end`` is not a whole session number (rows of ``phases``),
        or a session falls in no phase or in more than one (rows of ``ratings``; all listed).

    See Also
    --------
    phases_from_column : the inverse: derive the phase table from a ``phase`` column.
    casekit.validate : checks the phase table (roles, overlaps, coverage).

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"case": "c1", "session": [1, 2, 3], "measure": "PHQ-9",
    ...                   "value": [20.0, 18.0, 9.0]})
    >>> p = pd.DataFrame({"case": "c1", "phase": ["A", "B"], "start": [1, 3], "end": [2, 3],
    ...                   "role": ["baseline", "intervention"], "definition": "a_priori"})
    >>> assign_phases(r, p)["phase"].tolist()
    ['A', 'A', 'B']
    """
    _require(ratings, "ratings", (CASE, SESSION))
    _require(phases, "phases", (CASE, PHASE, START, END))
    if PHASE in ratings.columns and not overwrite:
        raise ValueError("ratings already has a 'phase' column; pass overwrite=True to replace "
                         "it with the phase table's phases")
    case_r = ratings[CASE].astype(str).to_numpy()
    sess = pd.to_numeric(ratings[SESSION], errors="coerce").to_numpy(dtype=float)
    out_phase = np.full(len(ratings), None, dtype=object)
    n_hits = np.zeros(len(ratings), dtype=int)
    p_case = phases[CASE].astype(str).to_numpy()
    p_start = pd.to_numeric(phases[START], errors="coerce").to_numpy(dtype=float)
    p_end = pd.to_numeric(phases[END], errors="coerce").to_numpy(dtype=float)
    # a bound that is not a whole session number is a problem of the phase table (never
    # coerced to NaN and then blamed on the ratings it fails to cover)
    bad_bounds = []
    for col, arr in ((START, p_start), (END, p_end)):
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(arr) | (arr != np.round(arr))
        for i in np.flatnonzero(bad):
            v = phases[col].iloc[i]
            bad_bounds.append({"row": int(i), "column": col,
                               "value": None if pd.isna(v) else v,
                               "problem": f"{col} must be a whole session number"})
    if bad_bounds:
        raise CaseDataError(sorted(bad_bounds, key=lambda d: (d["row"], d["column"] != START)),
                            title="cannot assign phases: problems in the phases table")
    p_name = phases[PHASE].astype(str).to_numpy()
    for c, s, e, name in zip(p_case, p_start, p_end, p_name, strict=True):
        hit = (case_r == c) & (sess >= s) & (sess <= e)
        out_phase[hit] = name
        n_hits += hit
    problems = []
    for i in np.flatnonzero(n_hits != 1):
        what = "in no phase" if n_hits[i] == 0 else f"in {n_hits[i]} overlapping phases"
        problems.append({"row": int(i), "column": SESSION,
                         "value": ratings[SESSION].iloc[i],
                         "problem": f"session of case {case_r[i]!r} falls {what}"})
    if problems:
        raise CaseDataError(problems, title=f"cannot assign phases: {len(problems)} rating"
                                            f"{'s' if len(problems) != 1 else ''} not covered "
                                            "by exactly one phase")
    out = ratings.copy()
    out[PHASE] = pd.array(out_phase, dtype="str")
    return order_columns(out)


def phases_from_column(ratings: pd.DataFrame, *, roles: Mapping[str, str] | None = None,
                       definition: str = "a_priori") -> pd.DataFrame:
    """Derive the phase table from a ``phase`` column of ``ratings``.

    Each run of consecutive sessions (per case, sorted by session) with the same phase becomes
    one row with the first and last session as ``start`` and ``end``. A phase label that comes
    back later (A-B-A with the same "A") gives one row per run.

    Parameters
    ----------
    ratings : pandas.DataFrame
        Tidy ratings with ``case``, ``session`` and ``phase``.
    roles : mapping, optional
        Phase label -> role (one of ``PHASE_ROLES``). Labels not given here fall back to
        ``DEFAULT_PHASE_ROLES`` (A/A1/A2 baseline, B/B1/B2 intervention); any other label
        without a role raises, listing the labels to map.
    definition : {'a_priori', 'data_driven', 'post_hoc'}
        How the phases were defined (the same for all rows; edit the table for mixtures).

    Returns
    -------
    pandas.DataFrame
        Columns ``case, phase, start, end, role, definition``, ordered by case and start.

    Raises
    ------
    CaseDataError
        When one session carries two different phases, a phase is missing, or a session
        number is missing or not a whole number (never truncated).

    See Also
    --------
    assign_phases : the inverse.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"case": "c1", "session": [1, 2, 3, 4], "measure": "PHQ-9",
    ...                   "value": [20.0, 18.0, 9.0, 8.0], "phase": ["A", "A", "B", "B"]})
    >>> phases_from_column(r)[["phase", "start", "end", "role"]].to_dict("list")
    {'phase': ['A', 'B'], 'start': [1, 3], 'end': [2, 4], 'role': ['baseline', 'intervention']}
    """
    _require(ratings, "ratings", (CASE, SESSION, PHASE))
    definition = check_option(definition, "definition", PHASE_DEFINITIONS)
    role_map = dict(DEFAULT_PHASE_ROLES)
    for label, role in (roles or {}).items():
        role_map[str(label)] = check_option(role, f"roles[{label!r}]", PHASE_ROLES)
    problems = []
    miss = ratings[PHASE].isna()
    for i in np.flatnonzero(miss.to_numpy()):
        problems.append({"row": int(i), "column": PHASE, "value": None,
                         "problem": "phase is missing"})
    # session numbers become the start/end of the table: never truncate 2.5 to 2 silently
    sess_num = pd.to_numeric(ratings[SESSION], errors="coerce").to_numpy(dtype=float,
                                                                      na_value=np.nan)
    with np.errstate(invalid="ignore"):
        bad_sess = ~np.isfinite(sess_num) | (sess_num != np.round(sess_num))
    for i in np.flatnonzero(bad_sess):
        v = ratings[SESSION].iloc[i]
        problems.append({"row": int(i), "column": SESSION,
                         "value": None if pd.isna(v) else v,
                         "problem": "session is missing or not a whole number"})
    keep = ~miss.to_numpy() & ~bad_sess
    per_session = (ratings.loc[keep, [CASE, SESSION, PHASE]].astype({PHASE: str})
                   .drop_duplicates())
    dup = per_session.duplicated([CASE, SESSION], keep=False)
    for (case, session), grp in per_session[dup].groupby([CASE, SESSION], sort=True):
        rows = ratings.index[(ratings[CASE] == case) & (ratings[SESSION] == session)]
        # get_loc gives a slice or mask only for a duplicated label (int() then raises)
        loc = ratings.index.get_loc(rows[0])
        problems.append({"row": int(loc), "column": PHASE,  # type: ignore[arg-type]
                         "value": ", ".join(sorted(grp[PHASE])),
                         "problem": f"session {session} of case {case!r} has more than one "
                                    "phase"})
    if problems:
        raise CaseDataError(problems, title="cannot derive the phase table")
    rows = []
    for case, grp in per_session.groupby(CASE, sort=False):
        grp = grp.sort_values(SESSION)
        labels = grp[PHASE].tolist()
        sessions = grp[SESSION].tolist()
        start = 0
        for k in range(1, len(labels) + 1):
            if k == len(labels) or labels[k] != labels[start]:
                rows.append({CASE: case, PHASE: labels[start], START: int(sessions[start]),
                             END: int(sessions[k - 1])})
                start = k
    table = pd.DataFrame(rows, columns=[CASE, PHASE, START, END])
    unmapped = sorted(set(table[PHASE]) - set(role_map))
    if unmapped:
        raise ValueError(
            f"roles must give a role for the phase labels {', '.join(map(repr, unmapped))}; "
            f"valid roles: {', '.join(map(repr, PHASE_ROLES))}")
    table[ROLE] = [role_map[p] for p in table[PHASE]]
    table[DEFINITION] = definition
    table = table.sort_values([CASE, START], kind="stable").reset_index(drop=True)
    return table.astype({CASE: "str", PHASE: "str", START: "int64", END: "int64",
                         ROLE: "str", DEFINITION: "str"})
