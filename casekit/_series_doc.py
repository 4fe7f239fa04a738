"""The numpydoc text of the one-series input arguments, written once.

Functions that take one series through :func:`casekit._input.as_series` (``describe``,
``visual``, ``outliers``, ``missing``) share the same input arguments; their docstrings say
``%(series_input)s`` where the text below goes, so the wording is the same everywhere
(``docs/vocabulary.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["SERIES_INPUT", "series_doc"]

F = TypeVar("F", bound=Callable[..., Any])

SERIES_INPUT = """values : array_like or pandas.DataFrame, optional
        The values in session order (with ``sessions=`` and ``phases=``), or a tidy table
        (taken as ``data``).
    data : pandas.DataFrame, optional
        Tidy long table (one row per case x session x measure); choose one series with
        ``case=`` and ``measure=`` when it holds several.
    sessions, phases : array_like, optional
        Session numbers (default 1..n, noted in the result) and phase labels of ``values``.
    value_col, session_col, phase_col, case_col, measure_col, rater_col : str
        Column names in ``data`` (defaults ``"value"``, ``"session"``, ``"phase"``,
        ``"case"``, ``"measure"``, ``"rater"``).
    case, measure, scale, rater : optional
        Which series of ``data`` to use (``scale="total"`` keeps total scores)."""


def series_doc(func: F) -> F:
    """Put :data:`SERIES_INPUT` where the docstring says ``%(series_input)s``."""
    if func.__doc__ and "%(series_input)s" in func.__doc__:
        func.__doc__ = func.__doc__.replace("%(series_input)s", SERIES_INPUT)
    return func
