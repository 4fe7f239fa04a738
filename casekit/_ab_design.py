"""AB series for the phase-comparison analyses (interrupted time series, randomization tests).

One role: turn a tidy table (or arrays with phase labels) into one validated AB series per case
through the one input layer (:func:`casekit._input.as_series`), and check what an AB analysis
needs beyond it: every observation belongs to the baseline or the treatment phase, all
baseline sessions come first, both phases are present. Also the one check of how the phase
change was defined (a priori, data-driven or post hoc). Used by :mod:`casekit.its` and
:mod:`casekit.randomization`.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from ._input import SessionSeries, as_series, require_columns
from ._validate import check_option
from .exceptions import CaseDataError, DataDrivenPhaseWarning, NotEnoughPointsError
from .schema import PHASE_DEFINITIONS

__all__ = ["ABSeries", "ab_series", "phase_definition_note", "PHASE_DEFINITIONS",
           "DEFAULT_CASE"]

#: the case label of a series given as arrays, or of a table without a case column
DEFAULT_CASE = "case 1"


@dataclass(frozen=True)
class ABSeries:
    """One case's AB series: the validated series and which observations are treatment."""

    case: str
    series: SessionSeries
    is_b: np.ndarray

    @property
    def values(self) -> np.ndarray:
        return self.series.values

    @property
    def sessions(self) -> np.ndarray:
        return self.series.sessions

    @property
    def n(self) -> int:
        return self.series.n

    @property
    def n_a(self) -> int:
        """Number of baseline observations (the position of the last one)."""
        return int((~self.is_b).sum())

    @property
    def n_b(self) -> int:
        return int(self.is_b.sum())

    @property
    def last_baseline_session(self) -> int | float:
        """Session of the last baseline observation: the last session before the change."""
        session = self.series.session_at(self.n_a)
        assert session is not None  # the position is given
        return session

    @property
    def first_treatment_session(self) -> int | float:
        """Session of the first treatment observation."""
        session = self.series.session_at(self.n_a + 1)
        assert session is not None  # the position is given
        return session


def ab_series(data: pd.DataFrame | None, values: ArrayLike | None, phases: ArrayLike | None,
              sessions: ArrayLike | None, *, value_col: str, session_col: str,
              phase_col: str, case: Hashable, case_col: str, measure: str | None,
              measure_col: str, baseline_phase: Hashable, treatment_phase: Hashable,
              missing: str, what: str) -> tuple[list[ABSeries], list[str]]:
    """The AB series of every case (in the order the cases first appear) and input notes.

    ``what`` completes the title of a data error ("cannot <what>"). Problems of every case are
    collected and raised together as one :class:`~casekit.exceptions.CaseDataError`.
    """
    labels = (baseline_phase, treatment_phase)
    if data is None:
        if values is None or phases is None:
            raise TypeError("give either data= (a long table) or both values= and phases=")
        ser = as_series(values, sessions=sessions, phases=phases, missing=missing,
                        need_phases=True, name="values")
        parts = [(DEFAULT_CASE, ser, _phase_problems(ser, labels, phase_col))]
    else:
        if not isinstance(data, pd.DataFrame):
            raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
        if values is not None or phases is not None or sessions is not None:
            raise TypeError("give either data= or values=/phases=/sessions=, not both")
        require_columns(data, {"value_col": value_col, "phase_col": phase_col})
        parts = _table_parts(data, case=case, case_col=case_col, labels=labels,
                             options=dict(value_col=value_col, session_col=session_col,
                                          phase_col=phase_col, measure=measure,
                                          measure_col=measure_col, missing=missing))
    problems = [p for _, _, probs in parts for p in probs]
    if problems:
        raise CaseDataError(problems, title=f"cannot {what}")
    out: list[ABSeries] = []
    notes: list[str] = []
    for label, ser, _ in parts:
        out.append(_ab(label, ser, labels, phase_col))
        prefix = f"case {label}: " if len(parts) > 1 else ""
        notes.extend(prefix + n for n in ser.notes if not n.startswith("no session numbers"))
    return out, notes


def _table_parts(data: pd.DataFrame, *, case: Hashable, case_col: str,
                 labels: tuple[Hashable, Hashable], options: dict[str, Any],
                 ) -> list[tuple[str, SessionSeries, list[dict[str, Any]]]]:
    """One series per case of ``data`` (or the chosen ``case``), problems collected."""
    if case is not None or case_col not in data.columns:
        groups = [data]
    else:
        groups = [g for _, g in data.groupby(case_col, sort=False, dropna=False)]
    parts: list[tuple[str, SessionSeries, list[dict[str, Any]]]] = []
    problems: list[list[dict[str, Any]]] = []
    for g in groups:
        try:
            ser = as_series(data=g, case=case, case_col=case_col, need_phases=True, **options)
        except CaseDataError as exc:
            # the columns of a problems table are strings
            problems.append(cast("list[dict[str, Any]]", exc.problems.to_dict("records")))
            continue
        parts.append((ser.case if ser.case is not None else DEFAULT_CASE, ser,
                      _phase_problems(ser, labels, options["phase_col"])))
    if problems:
        raise CaseDataError([p for probs in problems for p in probs],
                            title=f"{sum(map(len, problems))} problems in the data")
    return parts


def _phase_problems(ser: SessionSeries, labels: tuple[Hashable, Hashable],
                    phase_col: str) -> list[dict[str, Any]]:
    """Observations whose phase is neither the baseline nor the treatment label."""
    assert ser.phases is not None  # as_series(need_phases=True)
    other = ~np.isin(ser.phases, np.asarray(list(labels), dtype=object))
    rows = ser.rows if ser.rows is not None else np.arange(ser.n)
    return [{"row": rows[i], "column": phase_col if ser.rows is not None else "phases",
             "value": ser.phases[i],
             "problem": f"phase is neither baseline {labels[0]!r} nor treatment "
                        f"{labels[1]!r}; select the two phases to compare first"}
            for i in np.flatnonzero(other)]


def _ab(label: str, ser: SessionSeries, labels: tuple[Hashable, Hashable],
        phase_col: str) -> ABSeries:
    is_b = np.asarray(ser.phases == labels[1], dtype=bool)
    n_a, n_b = int((~is_b).sum()), int(is_b.sum())
    if n_a == 0 or n_b == 0:
        raise NotEnoughPointsError(
            f"case {label!r} has {n_a} baseline ({labels[0]!r}) and {n_b} treatment "
            f"({labels[1]!r}) observations; both phases are needed")
    if not is_b[np.flatnonzero(is_b)[0]:].all():
        raise CaseDataError([{"row": None, "column": phase_col, "value": None,
                              "problem": f"case {label!r}: baseline and treatment sessions "
                                         "alternate; an AB design (all baseline sessions "
                                         "first) is required"}])
    return ABSeries(label, ser, is_b)


def phase_definition_note(phase_definition: str | pd.DataFrame | None, case: Hashable = None, *,
                          stacklevel: int = 3) -> str | None:
    """Validate ``phase_definition`` (a string or a phases table); warn when data-driven.

    Returns the note a result should carry (None for a phase change fixed a priori).
    ``stacklevel`` counts from the caller of this function, as in :func:`warnings.warn`.
    """
    if phase_definition is None:
        return None
    if isinstance(phase_definition, pd.DataFrame):
        if "definition" not in phase_definition.columns:
            raise ValueError("phase_definition: the phases table needs a 'definition' column "
                             f"(one of {', '.join(PHASE_DEFINITIONS)})")
        tab = phase_definition
        if case is not None and "case" in tab.columns:
            tab = tab[tab["case"].astype(str) == str(case)]
        defs = [check_option(str(v), "phase_definition", PHASE_DEFINITIONS)
                for v in tab["definition"].tolist()]
    else:
        defs = [check_option(phase_definition, "phase_definition", PHASE_DEFINITIONS)]
    bad = sorted({d for d in defs if d != "a_priori"})
    if bad:
        msg = (f"the phase change was defined {' / '.join(bad)}: the p-values and intervals "
               "assume a phase change fixed in advance and are descriptive here")
        warnings.warn(msg, DataDrivenPhaseWarning, stacklevel=stacklevel + 1)
        return msg
    return None
