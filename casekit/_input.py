"""The one input layer: from a tidy table (or arrays) to a validated series with its sessions.

Every analysis and every plot in casekit turns its input into a :class:`SessionSeries` here, so
that the same rules hold everywhere (``docs/vocabulary.md``):

* **one series** is one case, one measure, one scale (``"total"`` by default) and one rater,
  selected with ``case=``, ``measure=``, ``scale=``, ``rater=`` from a tidy long table
  (``data=``, column names ``value_col``, ``session_col``, ``phase_col``, ``case_col``,
  ``measure_col``), or given as arrays (``values`` with ``sessions=`` and ``phases=``);
* **session numbers travel with the values**: a result that reports a location reports the
  session number of that observation (:meth:`SessionSeries.session_at`), never its position;
* **one missing-value rule**: ``missing="error"`` (default) reports every missing value with
  its row and session; ``missing="drop"`` drops them and records the sessions dropped
  (:attr:`SessionSeries.dropped`), which the result states in a note. Values filled in by
  ``casekit.fill_missing`` carry ``imputed=True`` in an ``imputed`` column: they count as
  missing under ``"error"`` and ``"drop"``, and are analysed only with
  ``missing="include_imputed"`` (stated in the result's notes);
* **one error** for a column that is not there (:func:`require_columns`), naming the argument
  that sets it and the columns the table has;
* **one direction-of-improvement resolver** (:func:`resolve_improvement`): ``"increase"``,
  ``"decrease"``, an instrument name (``"PHQ-9"``) or an :class:`~casekit.registry.Instrument`.

Problems in the data are collected and raised together as one
:class:`~casekit.exceptions.CaseDataError` whose ``row`` is the row label of ``data``.
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast, overload

import numpy as np
import pandas as pd

from ._validate import IMPROVEMENT_OPTIONS, check_option
from .exceptions import CaseDataError, NotEnoughPointsError

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from .registry import Instrument, InstrumentRegistry

__all__ = [
    "SessionSeries",
    "as_series",
    "iter_series",
    "two_phases",
    "require_columns",
    "resolve_improvement",
    "Direction",
    "MISSING_OPTIONS",
    "session_label",
    "IMPUTED_COL",
    "is_integral",
]

MISSING_OPTIONS = ("error", "drop", "include_imputed")

#: column that flags values filled in by casekit.fill_missing (never mixed silently with
#: observed ones)
IMPUTED_COL = "imputed"


# ---------------------------------------------------------------------------------------------
# the series object
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class SessionSeries:
    """One validated series of one case and measure, in session order.

    Attributes
    ----------
    values : numpy.ndarray
        Float values in session order; finite (missing values were refused or dropped).
    sessions : numpy.ndarray
        Float session numbers, strictly increasing. Without session information they are
        1, 2, ..., n and :attr:`numbered` says so.
    phases : numpy.ndarray or None
        Phase label of each observation (object array), when known.
    rows : numpy.ndarray or None
        Row labels of ``data`` for each observation (for problem reports), when read from a
        table.
    case, measure, scale, rater : str or None
        What the series is, when known.
    dropped : tuple of float
        Sessions whose missing value was dropped (``missing="drop"``).
    imputed : tuple of float
        Sessions whose value was filled in (``imputed`` column) and is analysed
        (``missing="include_imputed"``).
    numbered : bool
        True when the sessions are positions 1..n because no session numbers were given.
    name : str
        How messages refer to the series (``"PHQ-9 (case C01)"``, ``"values"``).
    """

    values: np.ndarray
    sessions: np.ndarray
    phases: np.ndarray | None = None
    rows: np.ndarray | None = None
    case: str | None = None
    measure: str | None = None
    scale: str | None = None
    rater: str | None = None
    dropped: tuple[float, ...] = ()
    imputed: tuple[float, ...] = ()
    numbered: bool = False
    name: str = "values"
    source_notes: tuple[str, ...] = field(default=())

    # -- basic facts -----------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of observations."""
        return int(self.values.size)

    def __len__(self) -> int:
        return self.n

    @overload
    def session_at(self, k: int) -> int | float: ...

    @overload
    def session_at(self, k: None) -> None: ...

    def session_at(self, k: int | None) -> int | float | None:
        """Session number of the ``k``-th observation (1-based), as a plain Python number.

        ``k`` is the change-point convention "last observation before the change"
        (``domain/methods.md`` §1.3); ``None`` stays ``None``.
        """
        if k is None:
            return None
        k = int(k)
        if not 1 <= k <= self.n:
            raise IndexError(f"observation {k} is outside 1..{self.n} of {self.name}")
        label: int | float = session_label(self.sessions[k - 1])
        return label

    def sessions_at(self, ks: Iterable[int]) -> list[int | float]:
        """Session numbers of several 1-based positions."""
        return [self.session_at(k) for k in ks]

    def session_list(self) -> list[int | float]:
        """All session numbers as plain Python numbers."""
        return [session_label(s) for s in self.sessions]

    @property
    def notes(self) -> list[str]:
        """What a result should say about the input (sessions dropped, numbering)."""
        out = list(self.source_notes)
        if self.dropped:
            listed = ", ".join(str(session_label(s)) for s in self.dropped)
            out.append(f"{len(self.dropped)} missing value(s) dropped (missing='drop'): "
                       f"session(s) {listed}")
        if self.imputed:
            listed = ", ".join(str(session_label(s)) for s in self.imputed)
            out.append(f"{len(self.imputed)} imputed value(s) analysed as data "
                       f"(missing='include_imputed'): session(s) {listed}")
        if self.numbered:
            out.append("no session numbers given: observations numbered 1..n in the order "
                       "given")
        return out

    @property
    def has_gaps(self) -> bool:
        """True when whole-number sessions skip a number (missed sessions)."""
        s = self.sessions
        whole = np.all(np.mod(s, 1) == 0)
        return bool(whole and s.size > 1 and np.any(np.diff(s) > 1))

    # -- subsets -----------------------------------------------------------------------------
    def subset(self, mask: np.ndarray) -> SessionSeries:
        """The observations where ``mask`` is true (order kept)."""
        mask = np.asarray(mask, dtype=bool)
        return replace(self, values=self.values[mask], sessions=self.sessions[mask],
                       phases=None if self.phases is None else self.phases[mask],
                       rows=None if self.rows is None else self.rows[mask])

    def phase(self, label: Hashable) -> SessionSeries:
        """The observations of one phase (an error if phases are unknown)."""
        if self.phases is None:
            raise ValueError(f"{self.name} has no phase labels (pass phases= or a table with "
                             "a phase column)")
        return self.subset(self.phases == label)

    def with_phases(self, phases: Sequence[Hashable]) -> SessionSeries:
        """The same series with other phase labels (one per observation)."""
        ph = np.asarray(list(phases), dtype=object)
        if ph.size != self.n:
            raise ValueError(f"phases has {ph.size} labels but {self.name} has {self.n} "
                             "observations")
        return replace(self, phases=ph)

    def to_frame(self) -> pd.DataFrame:
        """A tidy table of the series (``session``, ``value`` and ``phase`` when known)."""
        out: dict[str, np.ndarray] = {"session": self.sessions.copy(),
                                      "value": self.values.copy()}
        if self.phases is not None:
            out["phase"] = self.phases.copy()
        return pd.DataFrame(out)


@overload
def session_label(s: float | np.integer[Any] | np.floating[Any]) -> int | float: ...
@overload
def session_label(s: object) -> object: ...
def session_label(s: object) -> object:
    """A session number as a plain Python number: whole numbers as ``int``.

    Also used for case labels, which may be text: anything that is not a number is returned
    as it is (numpy scalars as Python scalars).
    """
    v = s.item() if isinstance(s, np.generic) else s
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


# ---------------------------------------------------------------------------------------------
# columns and direction
# ---------------------------------------------------------------------------------------------
def require_columns(data: pd.DataFrame, columns: Mapping[str, str | None], *,
                    table: str = "data") -> None:
    """Raise one :class:`CaseDataError` naming every column ``data`` lacks.

    ``columns`` maps the argument that names a column to the column (``{"value_col":
    "value"}``); ``None`` entries are skipped. The message names the argument to set and lists
    the columns the table has, so the same problem reads the same in every function.
    """
    have = [str(c) for c in data.columns]
    problems = []
    for arg, col in columns.items():
        if col is not None and col not in data.columns:
            problems.append({
                "row": None, "column": col, "value": None,
                "problem": f"{table} has no column {col!r} (set {arg}= to the column that "
                           f"holds it); columns: {', '.join(have) if have else 'none'}"})
    if problems:
        raise CaseDataError(problems, title=f"{table} lacks {len(problems)} required column"
                                            f"{'s' if len(problems) > 1 else ''}")


@dataclass(frozen=True)
class Direction:
    """A resolved direction of improvement and where it came from."""

    improvement: str | None
    source: str

    @property
    def sign(self) -> float:
        """+1 when higher is better, -1 when lower is better (0 when unknown)."""
        if self.improvement is None:
            return 0.0
        return 1.0 if self.improvement == "increase" else -1.0


def resolve_improvement(improvement: str | Instrument | None = None, *,
                        instrument: str | Instrument | None = None,
                        measure: Hashable | None = None,
                        registry: InstrumentRegistry | None = None, required: bool = True,
                        name: str = "improvement") -> Direction:
    """Resolve the direction of improvement.

    Parameters
    ----------
    improvement : {"increase", "decrease"}, str, Instrument or None
        The direction, or an instrument (name or object) whose registry entry gives it.
    instrument : str or Instrument, optional
        An instrument the caller also uses (for RCIs or cutoffs); gives the direction when
        ``improvement`` is None and must not contradict an explicit one.
    measure : str, optional
        The measure of the series (from the table's measure column). When ``improvement`` and
        ``instrument`` are None and ``required``, a measure the registry knows gives the
        direction (stated in :attr:`Direction.source`).
    required : bool
        When False, ``None`` stays ``None`` (e.g. a two-sided test) and ``measure`` is not
        consulted.

    Returns
    -------
    Direction
        ``improvement`` ("increase"/"decrease"/None) and ``source`` (a phrase for notes).
    """
    from .registry import Instrument, get_instrument

    def lookup(inst: str | Instrument, arg: str) -> Instrument:
        try:
            return get_instrument(inst, registry)
        except KeyError:
            known = ", ".join(sorted((registry or _builtin()).names()))
            raise ValueError(
                f"{arg} must be 'increase', 'decrease' or an instrument name; {inst!r} is "
                f"neither (instruments: {known})") from None

    explicit = None
    if improvement is not None:
        if isinstance(improvement, str) and improvement in IMPROVEMENT_OPTIONS:
            explicit = Direction(improvement, "stated")
        elif isinstance(improvement, (str, Instrument)):
            inst = lookup(improvement, name)
            explicit = Direction(inst.improvement, f"instrument {inst.name} (registry)")
        else:
            raise TypeError(f"{name} must be 'increase', 'decrease' or an instrument name; "
                            f"got {improvement!r}")
    if instrument is not None:
        inst = lookup(instrument, "instrument")
        if explicit is not None and explicit.improvement != inst.improvement:
            raise ValueError(f"{name}={explicit.improvement!r} contradicts the registry "
                             f"direction of instrument {inst.name!r} ({inst.improvement!r}); "
                             "pass only one of them")
        if explicit is None:
            return Direction(inst.improvement, f"instrument {inst.name} (registry)")
    if explicit is not None:
        return explicit
    if not required:
        return Direction(None, "not given")
    if measure is not None:
        by_measure: Instrument | None
        try:
            by_measure = get_instrument(str(measure), registry)
        except KeyError:
            by_measure = None
        if by_measure is not None:
            return Direction(by_measure.improvement, f"measure {by_measure.name} (registry)")
    what = f" ({measure!r} is not in the instrument registry)" if measure is not None else ""
    raise ValueError(f"{name} is required{what}: pass 'increase', 'decrease' or an instrument "
                     "name such as 'PHQ-9'")


def _builtin() -> InstrumentRegistry:
    from .registry import instruments
    return instruments


# ---------------------------------------------------------------------------------------------
# tables -> series
# ---------------------------------------------------------------------------------------------
def _listing(values: Iterable[object], limit: int = 12) -> str:
    vals = [str(v) for v in values]
    more = f", ... ({len(vals) - limit} more)" if len(vals) > limit else ""
    return ", ".join(vals[:limit]) + more


def _select(df: pd.DataFrame, col: str, label: Hashable, arg: str,
            col_arg: str) -> pd.DataFrame:
    """Rows whose ``col`` equals ``label`` (compared as text: 1 and "1" name the same case)."""
    if col not in df.columns:
        raise ValueError(f"{arg}={label!r} was given but the table has no {col!r} column "
                         f"(set {col_arg}=, or leave {arg}= out)")
    as_text = df[col].astype("string")
    keep = (as_text == str(label)).fillna(False).to_numpy(dtype=bool)
    if not keep.any():
        have = pd.unique(df[col].dropna().astype(str))
        raise ValueError(f"{arg}={label!r} is not in column {col!r}; present: "
                         f"{_listing(sorted(have))}")
    return df[keep]


def _one_value(df: pd.DataFrame, col: str, arg: str) -> str | None:
    """The single value of ``col`` (None without the column); several values are an error."""
    if col not in df.columns:
        return None
    vals = pd.unique(df[col].dropna())
    if len(vals) > 1:
        raise ValueError(f"the table holds several values of {col!r} ({_listing(vals)}); "
                         f"this function takes one series: pass {arg}= to choose one")
    return None if len(vals) == 0 else str(vals[0])


def _score_rows(df: pd.DataFrame, scale: str | None,
                scale_col: str = "scale") -> tuple[pd.DataFrame, str | None]:
    """Keep score rows of one scale: item rows are refused unless scores are also present."""
    if "item" in df.columns:
        items = df["item"].notna().to_numpy()
        if items.all() and len(df):
            raise ValueError("the table holds item responses only; score them first "
                             "(casekit.score) and pass the scores")
        df = df[~items]
    if scale_col in df.columns:
        sc = df[scale_col]
        # a score row without a scale is the measure's total (imported totals often lack one)
        if scale is None:
            chosen = _one_value(df, scale_col, "scale")
            return df, chosen
        keep = (sc.astype("string").fillna("total") == str(scale)).to_numpy(dtype=bool)
        if not keep.any():
            have = sorted(set(sc.fillna("total").astype(str)))
            raise ValueError(f"scale={scale!r} is not in column {scale_col!r}; present: "
                             f"{_listing(have)}")
        return df[keep], str(scale)
    if scale is not None and str(scale) != "total":
        # without a scale column every score row is a total: a subscale cannot be chosen
        raise ValueError(f"scale={scale!r} was given but the table has no {scale_col!r} column "
                         "(its scores are totals); leave scale= out or score the subscales")
    return df, (str(scale) if scale is not None else None)


def as_series(values: ArrayLike | pd.DataFrame | None = None, *,
              data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
              phases: ArrayLike | None = None,
              value_col: str = "value", session_col: str = "session",
              phase_col: str | None = "phase", case: Hashable = None, case_col: str = "case",
              measure: Hashable = None, measure_col: str = "measure",
              scale: str | None = "total", rater: Hashable = None, rater_col: str = "rater",
              missing: str = "error", min_size: int = 1, name: str = "values",
              need_phases: bool = False,
              phase_values: Sequence[Hashable] | None = None) -> SessionSeries:
    """Turn a tidy table or arrays into one validated :class:`SessionSeries`.

    Parameters
    ----------
    values : array-like, pandas.Series or pandas.DataFrame, optional
        The values in time order. A DataFrame given here is taken as ``data``.
    data : pandas.DataFrame, optional
        Tidy long table (one row per case × session × measure [× scale × rater]).
    sessions, phases : array-like, optional
        Session numbers and phase labels of ``values`` (arrays only).
    value_col, session_col, phase_col, case_col, measure_col, rater_col : str
        Column names in ``data``. A missing ``session_col`` numbers the rows 1..n (noted);
        ``phase_col`` is used when present (required when ``need_phases``).
    case, measure, scale, rater : optional
        Which series of ``data`` to take. ``scale="total"`` keeps total scores (a score row
        without a scale counts as total); ``scale=None`` accepts a single scale of any name.
    missing : {"error", "drop", "include_imputed"}
        Missing values are an error listing their rows and sessions, or dropped and recorded.
        Imputed values (``imputed`` column) count as missing unless ``"include_imputed"``.
    min_size : int
        Fewer observations raise :class:`~casekit.exceptions.NotEnoughPointsError`.
    name : str
        How messages name the array input.
    need_phases : bool
        Phase labels are required (an error names the missing column or argument).
    phase_values : sequence, optional
        Only these phase labels are kept (in the order of the sessions); other rows of ``data``
        are left out before validation. Labels not present are an error.
    """
    missing = check_option(missing, "missing", MISSING_OPTIONS)
    if isinstance(values, pd.DataFrame):
        if data is not None:
            raise TypeError("pass the table once: as the first argument or as data=, not both")
        data, values = values, None
    if (values is None) == (data is None):
        raise TypeError(f"pass either {name} (an array) or data= (a tidy table), not both and "
                        "not neither")
    if data is not None:
        if sessions is not None or phases is not None:
            raise TypeError("sessions= and phases= go with array input; with data= name the "
                            "columns (session_col=, phase_col=)")
        return _series_from_table(
            data, value_col=value_col, session_col=session_col, phase_col=phase_col,
            case=case, case_col=case_col, measure=measure, measure_col=measure_col,
            scale=scale, rater=rater, rater_col=rater_col, missing=missing, min_size=min_size,
            need_phases=need_phases, phase_values=phase_values)
    assert values is not None  # data is None here, so values was given
    return _series_from_arrays(values, sessions, phases, missing=missing, min_size=min_size,
                               name=name, need_phases=need_phases, case=case, measure=measure,
                               phase_values=phase_values)


def _as_numeric(x: ArrayLike | pd.Index, name: str) -> np.ndarray:
    if isinstance(x, (pd.Series, pd.Index)):
        x = x.to_numpy(dtype=object, na_value=np.nan) if x.dtype == object else \
            x.to_numpy(dtype=float, na_value=np.nan)
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be numeric; could not convert it to numbers "
                        f"({exc})") from exc
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional; got {arr.ndim} dimensions")
    return arr


def _series_from_arrays(values: ArrayLike, sessions: ArrayLike | None,
                        phases: ArrayLike | None, *, missing: str, min_size: int,
                        name: str, need_phases: bool, case: Hashable, measure: Hashable,
                        phase_values: Sequence[Hashable] | None) -> SessionSeries:
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=float, na_value=np.nan) if values.dtype != object \
            else values.to_numpy()
    y = _as_numeric(values, name)
    numbered = sessions is None
    s = np.arange(1.0, y.size + 1.0) if sessions is None else _as_numeric(sessions, "sessions")
    if s.size != y.size:
        raise ValueError(f"sessions has {s.size} entries but {name} has {y.size}")
    ph = None
    if phases is not None:
        # array-like labels (list, array, Series) are iterable; a scalar fails in list()
        ph = np.asarray(list(cast("Iterable[Hashable]", phases)), dtype=object)
        if ph.size != y.size:
            raise ValueError(f"phases has {ph.size} labels but {name} has {y.size} values")
        if pd.isna(pd.Series(ph)).any():
            pos = np.flatnonzero(pd.isna(pd.Series(ph)).to_numpy()).tolist()
            raise ValueError(f"phases has missing labels at positions {pos}")
    elif need_phases:
        raise TypeError(f"phase labels are needed: pass phases= (one label per value of "
                        f"{name}) or data= with a phase column")
    if not numbered:
        bad = ~np.isfinite(s)
        if bad.any():
            raise ValueError(f"sessions has missing or infinite entries at positions "
                             f"{np.flatnonzero(bad).tolist()}")
        if s.size > 1 and np.any(np.diff(s) <= 0):
            raise ValueError("sessions must be strictly increasing (one value per session, "
                             "in time order)")
    if np.isinf(y).any():
        raise ValueError(f"{name} contains infinite values at positions "
                         f"{np.flatnonzero(np.isinf(y)).tolist()}")
    keep = np.ones(y.size, dtype=bool)
    if phase_values is not None:
        if ph is None:
            raise TypeError("phase labels are needed to choose phases: pass phases=")
        _check_phase_values(set(ph.tolist()), phase_values, "phases")
        keep &= np.isin(ph, np.asarray(list(phase_values), dtype=object))
    nan = np.isnan(y) & keep
    dropped: tuple[float, ...] = ()
    if nan.any():
        where = s[nan]
        if missing in ("error", "include_imputed"):
            listed = ", ".join(str(session_label(v)) for v in where)
            raise ValueError(
                f"{name} contains missing values at {'positions' if numbered else 'sessions'} "
                f"{listed}; pass missing='drop' to drop them (the drop is reported in the "
                "result) so that nothing is lost silently")
        dropped = tuple(float(v) for v in where)
        keep &= ~nan
    out = SessionSeries(values=y[keep], sessions=s[keep],
                        phases=None if ph is None else ph[keep], rows=None,
                        case=None if case is None else str(case),
                        measure=None if measure is None else str(measure),
                        dropped=dropped, numbered=numbered, name=name)
    _check_size(out, min_size)
    return out


def _check_phase_values(present: set[Hashable], wanted: Iterable[Hashable], col: str) -> None:
    absent = [p for p in wanted if p not in present]
    if absent:
        raise ValueError(f"phase(s) {', '.join(map(repr, absent))} do not occur in {col}; "
                         f"phases present: {_listing(sorted(map(str, present)))}")


def _check_size(series: SessionSeries, min_size: int) -> None:
    if series.n < min_size:
        raise NotEnoughPointsError(f"{series.name} has {series.n} observation"
                                   f"{'s' if series.n != 1 else ''}; at least {min_size} are "
                                   "needed")


def _series_name(case: str | None, measure: str | None, scale: str | None,
                 value_col: str) -> str:
    what = measure if measure is not None else f"column {value_col!r}"
    if scale not in (None, "total"):
        what += f" {scale}"
    return what + (f" (case {case})" if case is not None else "")


def _series_from_table(data: pd.DataFrame, *, value_col: str, session_col: str,
                       phase_col: str | None, case: Hashable, case_col: str,
                       measure: Hashable, measure_col: str, scale: str | None,
                       rater: Hashable, rater_col: str, missing: str, min_size: int,
                       need_phases: bool,
                       phase_values: Sequence[Hashable] | None) -> SessionSeries:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    require_columns(data, {"value_col": value_col,
                           "phase_col": phase_col if need_phases else None})
    df = data
    if case is not None:
        df = _select(df, case_col, case, "case", "case_col")
    if measure is not None:
        df = _select(df, measure_col, measure, "measure", "measure_col")
    df, scale_used = _score_rows(df, scale)
    if rater is not None:
        df = _select(df, rater_col, rater, "rater", "rater_col")
    case_used = _one_value(df, case_col, "case")
    measure_used = _one_value(df, measure_col, "measure")
    rater_used = _one_value(df, rater_col, "rater")
    name = _series_name(case_used, measure_used, scale_used, value_col)
    if phase_values is not None:
        if phase_col is None or phase_col not in df.columns:
            require_columns(df, {"phase_col": phase_col or "phase"})
        _check_phase_values(set(df[phase_col].dropna().tolist()), phase_values,
                            f"column {phase_col!r}")
        keep = df[phase_col].isin(list(phase_values)).to_numpy()
        if need_phases:  # a row without a phase label is reported below, never dropped
            keep = keep | df[phase_col].isna().to_numpy()
        df = df[keep]
    if len(df) == 0:
        raise NotEnoughPointsError(f"no rows left for {name} after selection")

    problems: list[dict[str, Any]] = []
    # values: numbers only, never coerced; infinite values refused; missing per `missing`
    raw = df[value_col]
    vals = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    not_num = np.isnan(vals) & raw.notna().to_numpy()
    for i in np.flatnonzero(not_num).tolist():
        problems.append({"row": df.index[i], "column": value_col, "value": raw.iloc[i],
                         "problem": "not a number"})
    for i in np.flatnonzero(np.isinf(vals)).tolist():
        problems.append({"row": df.index[i], "column": value_col, "value": vals[i],
                         "problem": "infinite value"})
    # sessions: present, numeric, finite, unique within the series
    numbered = session_col not in df.columns
    if numbered:
        sess = np.arange(1.0, len(df) + 1.0)
    else:
        rs = df[session_col]
        sess = pd.to_numeric(rs, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        for i in np.flatnonzero(~np.isfinite(sess)).tolist():
            problems.append({"row": df.index[i], "column": session_col,
                             "value": None if pd.isna(rs.iloc[i]) else rs.iloc[i],
                             "problem": "missing session number" if pd.isna(rs.iloc[i])
                             else "session number is not a finite number"})
        ok = np.isfinite(sess)
        dup = pd.Series(sess).duplicated(keep=False).to_numpy() & ok
        for i in np.flatnonzero(dup).tolist():
            problems.append({
                "row": df.index[i], "column": session_col, "value": session_label(sess[i]),
                "problem": f"session {session_label(sess[i])} appears more than once for "
                           f"{name} (one value per session: choose a rater, scale or case)"})
    # phases
    ph = None
    if phase_col is not None and phase_col in df.columns:
        ph = df[phase_col].to_numpy(dtype=object)
        na_ph = pd.isna(df[phase_col]).to_numpy()
        if need_phases or na_ph.any() and not na_ph.all():
            for i in np.flatnonzero(na_ph).tolist():
                problems.append({"row": df.index[i], "column": phase_col, "value": None,
                                 "problem": "missing phase label (set it, or filter the row "
                                            "out first)"})
        if na_ph.all() and not need_phases:
            ph = None
    nan_vals = np.isnan(vals) & ~not_num
    imputed = np.zeros(len(df), dtype=bool)
    if IMPUTED_COL in df.columns:
        imputed = df[IMPUTED_COL].fillna(False).astype(bool).to_numpy() & ~nan_vals
    if missing == "error":
        for i in np.flatnonzero(nan_vals).tolist():
            where = "" if numbered else f" at session {session_label(sess[i])}"
            problems.append({"row": df.index[i], "column": value_col, "value": None,
                             "problem": f"missing value{where} (pass missing='drop' to drop "
                                        "it; the drop is reported in the result)"})
        for i in np.flatnonzero(imputed).tolist():
            where = "" if numbered else f" at session {session_label(sess[i])}"
            problems.append({"row": df.index[i], "column": IMPUTED_COL, "value": True,
                             "problem": f"imputed value{where} (filled in, not observed): "
                                        "pass missing='include_imputed' to analyse it, or "
                                        "missing='drop' to leave it out"})
    elif missing == "include_imputed":
        for i in np.flatnonzero(nan_vals).tolist():
            where = "" if numbered else f" at session {session_label(sess[i])}"
            problems.append({"row": df.index[i], "column": value_col, "value": None,
                             "problem": f"missing value{where} that was not filled in "
                                        "(missing='include_imputed' analyses imputed values, "
                                        "not gaps)"})
    else:  # drop: imputed values are left out like missing ones
        nan_vals = nan_vals | imputed
        imputed = np.zeros(len(df), dtype=bool)
    if problems:
        raise CaseDataError(problems, title=f"{name}: {len(problems)} problem"
                                            f"{'s' if len(problems) != 1 else ''} in the data")
    order = np.argsort(sess, kind="stable")
    keep = ~nan_vals[order]
    dropped = tuple(float(v) for v in sess[order][~keep])
    used_imputed = tuple(float(v) for v in sess[order][imputed[order] & keep])
    out = SessionSeries(
        values=vals[order][keep], sessions=sess[order][keep],
        phases=None if ph is None else ph[order][keep],
        rows=np.asarray(df.index)[order][keep], case=case_used, measure=measure_used,
        scale=scale_used, rater=rater_used, dropped=dropped, imputed=used_imputed,
        numbered=numbered, name=name)
    _check_size(out, min_size)
    return out


def iter_series(data: pd.DataFrame, *, by: Sequence[str] = ("case", "measure"),
                **options: Any) -> Iterator[tuple[dict[str, Any], SessionSeries]]:
    """Yield ``(key, series)`` for every group of ``by`` columns present in ``data``.

    ``options`` are those of :func:`as_series`. Problems of all groups are collected and
    raised together.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    keys = [c for c in by if c in data.columns]
    if not keys:
        yield {}, as_series(data=data, **options)
        return
    out, problems = [], []
    for key, g in data.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        kd = dict(zip(keys, (k.item() if isinstance(k, np.generic) else k for k in key),
                      strict=True))
        try:
            out.append((kd, as_series(data=g, **options)))
        except CaseDataError as exc:
            problems.append(exc.problems)
    if problems:
        table = pd.concat(problems, ignore_index=True)
        raise CaseDataError(table, title=f"{len(table)} problems in the data")
    yield from out


def two_phases(series: SessionSeries, baseline_phase: Hashable, treatment_phase: Hashable, *,
               min_size: int = 1) -> tuple[SessionSeries, SessionSeries]:
    """Split a series with phase labels into its baseline and treatment observations.

    Labels not present are an error listing the phases present; other phases are ignored
    (use ``phase_values=`` in :func:`as_series` to refuse them instead).
    """
    if series.phases is None:
        raise ValueError(f"{series.name} has no phase labels")
    present = set(series.phases.tolist())
    for arg, lab in (("baseline_phase", baseline_phase), ("treatment_phase", treatment_phase)):
        if lab not in present:
            raise ValueError(f"{arg}={lab!r} does not occur in the phases of {series.name}; "
                             f"phases present: {_listing(sorted(map(str, present)))}")
    a, b = series.phase(baseline_phase), series.phase(treatment_phase)
    for what, part in (("baseline", a), ("treatment", b)):
        if part.n < min_size:
            raise NotEnoughPointsError(f"the {what} phase of {series.name} has {part.n} "
                                       f"observation(s); at least {min_size} are needed")
    return a, b


def is_integral(x: object) -> bool:
    """True for a whole number (int, or a float without fraction)."""
    return isinstance(x, numbers.Integral) or (isinstance(x, float) and x.is_integer())


def select_rows(data: pd.DataFrame, *, case: Hashable = None, case_col: str = "case",
                measure: Hashable = None, measure_col: str = "measure",
                table: str = "data") -> pd.DataFrame:
    """The rows of ``data`` of one case and/or one measure, before splitting into series.

    For functions that analyse many series at once (:func:`iter_series`): labels are compared
    as text (``1`` and ``"1"`` name the same case) and a label that is not there, or a label
    given without its column, raises the same error as :func:`as_series`. ``None`` keeps all.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{table} must be a pandas DataFrame; got {type(data).__name__}")
    df = data
    if case is not None:
        df = _select(df, case_col, case, "case", "case_col")
    if measure is not None:
        df = _select(df, measure_col, measure, "measure", "measure_col")
    return df


__all__ += ["select_rows"]  # added after the list at the top (a later addition)
