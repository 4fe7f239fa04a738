"""Series in, sessions out: the input and location rules shared by the change-point methods.

One role: every public function of :mod:`casekit.changepoint` reads its series through
:func:`changepoint_series` (the one input layer, :func:`casekit._input.as_series`) and reports
locations through the series' session numbers (``docs/vocabulary.md``):

* ``k`` is the **1-based index of the last observation before the change** (the size of the
  first segment), as in R changepoint ``cpts()`` and strucchange ``breakpoints()``
  (``domain/methods.md`` §1.3);
* ``session`` is the session number of that observation (:meth:`SessionSeries.session_at`):
  sessions can start at 0 or have gaps (missed sessions); ``k`` counts observations, never
  session numbers. Without session numbers the observations are numbered 1..n.

Nothing is dropped or coerced silently: missing values are an error naming their rows and
sessions unless ``missing="drop"``, which the result states in a note.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import replace
from typing import TYPE_CHECKING

from .._input import SessionSeries, as_series, resolve_improvement

if TYPE_CHECKING:
    import pandas as pd
    from numpy.typing import ArrayLike

    from ..registry import Instrument

__all__ = ["changepoint_series", "input_notes", "limit_session", "direction"]


def changepoint_series(values: ArrayLike | pd.DataFrame | None, *, data: pd.DataFrame | None,
                       sessions: ArrayLike | None, value_col: str, session_col: str,
                       case: Hashable, case_col: str, measure: str | None, measure_col: str,
                       missing: str, min_size: int) -> SessionSeries:
    """The series of a change-point function: arrays or one series of a tidy table.

    Phase labels play no part in a change-point search, so the phase column is not read.
    """
    return as_series(values, data=data, sessions=sessions, value_col=value_col,
                     session_col=session_col, phase_col=None, case=case, case_col=case_col,
                     measure=measure, measure_col=measure_col, missing=missing,
                     min_size=min_size, name="values")


def input_notes(series: SessionSeries) -> list[str]:
    """What the result says about its input: sessions dropped or imputed values analysed.

    (Numbering 1..n when no sessions are given is stated in the docstrings; it is not repeated
    in every result.)
    """
    return replace(series, numbered=False).notes if series.numbered else series.notes


def limit_session(series: SessionSeries, k: float | None) -> int | float:
    """Session of a confidence limit ``k`` (NaN for an undefined limit).

    A limit outside the observed series (strucchange can return one, with a warning) has no
    session: NaN, unless the observations are only numbered 1..n, where the number is ``k``.
    """
    if k is None or (isinstance(k, float) and math.isnan(k)):
        return math.nan
    k = int(k)
    if series.numbered:
        return k
    if not 1 <= k <= series.n:
        return math.nan
    session = series.session_at(k)
    assert session is not None  # k is not None
    return session


def direction(improvement: str | Instrument | None, notes: list[str]) -> str | None:
    """Resolve an optional direction (``None`` keeps its meaning); note a registry source."""
    found = resolve_improvement(improvement, required=False)
    if found.improvement is not None and found.source != "stated":
        notes.append(f"direction of improvement: {found.improvement} ({found.source})")
    return found.improvement
