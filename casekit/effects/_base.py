"""Shared pieces of :mod:`casekit.effects`: one A-B comparison in, options, padded batches.

:func:`read_comparison` turns what a user passes to a single-series function (two arrays, or a
tidy table through :func:`casekit._input.as_series`) into a :class:`Comparison`: the baseline
and treatment values in session order, their session numbers, the direction of improvement
(:func:`casekit._input.resolve_improvement`) and the notes the result states.

Every formula of the package is written once, for a *batch*: NaN-padded 2-D arrays with one
series per row (:func:`pad`). A single series is a batch of one (:meth:`Comparison.rows`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.special import ndtri

from .._input import as_series, resolve_improvement, two_phases
from .._validate import check_float, check_option
from ..exceptions import CaseDataError, NotEnoughPointsError, ShortPhaseWarning

if TYPE_CHECKING:
    from ..registry import Instrument

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "SCES",
    "SCAN",
    "RENAMED",
    "MISSING_OPTIONS",
    "Comparison",
    "read_comparison",
    "with_input_doc",
    "z_value",
    "check_bool",
    "check_pretest",
    "short_phase_note",
    "pad",
    "moments",
]

SCES = "SingleCaseES 0.7.4"
SCAN = "scan 0.67.1"
#: the names the single-series functions used before the vocabulary (docs/vocabulary.md)
RENAMED = {"outcome": "value_col", "phase": "phase_col", "session": "session_col"}
MISSING_OPTIONS = ("error", "drop", "include_imputed")

INPUT_DOC = """baseline, treatment : array_like or pandas.DataFrame, optional
        Baseline (A) and treatment (B) values **in session order** (SingleCaseES's
        ``A_data``, ``B_data``). A table given as the first argument is taken as ``data``.
    data : pandas.DataFrame, optional
        Tidy long table holding one series (one case, measure and scale), read by
        casekit's input layer: columns ``value_col``, ``phase_col`` and (if present)
        ``session_col``. Rows are put in session order; rows of other phases are ignored; a
        row without a phase label, a missing or duplicated session number and a missing
        value (unless ``missing`` says otherwise) are errors listing every row.
    value_col, phase_col, session_col : str
        Column names (defaults ``"value"``, ``"phase"``, ``"session"``; the old names
        ``outcome``, ``phase``, ``session`` work until casekit 0.3, with a FutureWarning).
        Without a session column the rows are used in the order given (a note says so).
    baseline_phase, treatment_phase : str
        Labels of the two phases compared (defaults ``"A"`` and ``"B"``).
    case, measure : str, optional
        Which series of ``data`` to use when it holds several.
    improvement : {"increase", "decrease"}, str or Instrument
        Direction of improvement, or an instrument (name such as ``"PHQ-9"`` or
        :class:`~casekit.registry.Instrument`) whose registry entry gives it. May be omitted
        when ``instrument`` is given or when ``data`` holds one measure the registry knows;
        the result's notes then state where the direction came from.
    instrument : str or Instrument, optional
        Registry instrument; gives the direction when ``improvement`` is omitted and must
        not contradict it.
    missing : {"error", "drop", "include_imputed"}
        Missing values raise an error listing them (default), or are dropped and reported in
        the result's notes; values filled in by ``casekit.fill_missing`` (``imputed``
        column) are analysed only with ``"include_imputed"``."""


def with_input_doc(func: F) -> F:
    """Put the shared description of the input arguments into ``func``'s docstring."""
    assert func.__doc__ is not None  # every function decorated has a docstring
    func.__doc__ = func.__doc__.replace("%(input)s", INPUT_DOC)
    return func


@dataclass
class Comparison:
    """One A-B comparison: values in session order, direction and what the result must say."""

    a: np.ndarray
    b: np.ndarray
    improvement: str
    sessions_a: np.ndarray
    sessions_b: np.ndarray
    notes: list[str] = field(default_factory=list)
    #: True when the sessions are positions (arrays, or a table without session numbers)
    numbered: bool = False

    @property
    def m(self) -> int:
        return int(self.a.size)

    @property
    def n(self) -> int:
        return int(self.b.size)

    @property
    def sign(self) -> float:
        """+1 when higher is better, -1 when lower is better."""
        return -1.0 if self.improvement == "decrease" else 1.0

    def rows(self, oriented: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """The comparison as a batch of one: ``(A, B)`` of shape (1, m) and (1, n).

        ``oriented`` multiplies both phases by -1 for ``improvement="decrease"`` (the
        SingleCaseES convention), so that larger is better.
        """
        s = self.sign if oriented else 1.0
        return (s * self.a)[None, :], (s * self.b)[None, :]


def read_comparison(baseline: ArrayLike | pd.DataFrame | None, treatment: ArrayLike | None,
                    data: pd.DataFrame | None, *, value_col: str = "value",
                    phase_col: str = "phase", session_col: str = "session",
                    baseline_phase: Hashable = "A", treatment_phase: Hashable = "B",
                    case: Hashable = None, measure: str | None = None,
                    improvement: str | Instrument | None = None,
                    instrument: str | Instrument | None = None,
                    missing: str = "error") -> Comparison:
    """Read one A-B comparison from two arrays or a tidy table (see :data:`INPUT_DOC`)."""
    missing = check_option(missing, "missing", MISSING_OPTIONS)
    if isinstance(baseline, pd.DataFrame):
        if data is not None or treatment is not None:
            raise TypeError("pass the table once (as the first argument or as data=) and no "
                            "treatment values with it")
        data, baseline = baseline, None
    notes: list[str] = []
    if data is not None:
        if baseline is not None or treatment is not None:
            raise TypeError("give either baseline and treatment values or data=, not both")
        series = as_series(data=data, value_col=value_col, session_col=session_col,
                           phase_col=phase_col, case=case, measure=measure, missing=missing,
                           need_phases=True, phase_values=[baseline_phase, treatment_phase])
        sa, sb = two_phases(series, baseline_phase, treatment_phase)
        a, b, ta, tb = sa.values, sb.values, sa.sessions, sb.sessions
        notes += series.notes
        series_measure, numbered = series.measure, series.numbered
    else:
        if baseline is None or treatment is None:
            raise TypeError("give baseline and treatment values (or data=, a tidy table)")
        a, b = _from_arrays(baseline, treatment, missing, notes)
        ta = np.arange(1.0, a.size + 1.0)
        tb = np.arange(a.size + 1.0, a.size + b.size + 1.0)
        series_measure, numbered = None, True
    direction = resolve_improvement(improvement, instrument=instrument, measure=series_measure)
    if direction.source != "stated":
        notes.append(f"improvement = '{direction.improvement}' from {direction.source}")
    assert direction.improvement is not None  # required: resolved, or an error was raised
    return Comparison(a, b, direction.improvement, ta, tb, notes, numbered)


def _as_values(x: Any, name: str) -> np.ndarray:
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


def _from_arrays(baseline: Any, treatment: Any, missing: str,
                 notes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Baseline and treatment arrays with casekit's missing-value rule (all problems at once)."""
    arrays = {"baseline": _as_values(baseline, "baseline"),
              "treatment": _as_values(treatment, "treatment")}
    problems, dropped = [], []
    for name, arr in arrays.items():
        inf = np.flatnonzero(np.isinf(arr))
        if inf.size:
            raise ValueError(f"{name} contains infinite values at positions "
                             f"{(inf + 1).tolist()}")
        nan = np.flatnonzero(np.isnan(arr))
        if nan.size and missing != "drop":
            problems += [{"row": None, "column": name, "value": None,
                          "problem": f"missing value at position {i + 1} (pass missing='drop' "
                                     "to drop it; the drop is reported in the result)"}
                         for i in nan]
        elif nan.size:
            dropped.append(f"{name} position(s) {', '.join(str(i + 1) for i in nan)}")
            arrays[name] = arr[~np.isnan(arr)]
    if problems:
        raise CaseDataError(problems, title=f"{len(problems)} missing value(s) in the arrays "
                                            "(arrays cannot mark imputed values)")
    if dropped:
        n_drop = sum(len(d.split(", ")) for d in dropped)
        notes.append(f"{n_drop} missing value(s) dropped (missing='drop'): "
                     f"{'; '.join(dropped)}")
    for name, arr in arrays.items():
        if arr.size == 0:
            raise NotEnoughPointsError(f"the {name} phase has no (non-missing) values")
    return arrays["baseline"], arrays["treatment"]


def z_value(confidence: float) -> float:
    """Two-sided normal quantile z_{1 - (1 - confidence)/2} (R ``qnorm``)."""
    return float(ndtri(1 - (1 - confidence) / 2))


def check_bool(value: Any, name: str) -> bool:
    """True or False (numpy booleans accepted); anything else names the argument."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r}")
    return bool(value)


def check_pretest(value: bool | float | None) -> float | None:
    """SingleCaseES ``pretest_trend``: False (no pretest) or a level in (0, 1)."""
    if value is False or value is None:
        return None
    if value is True:
        raise ValueError("pretest_trend must be False or a significance level in (0, 1); "
                         "got True")
    return check_float(value, "pretest_trend", minimum=0.0, maximum=1.0, inclusive=False)


def short_phase_note(m: int, n: int, what: str, notes: list[str], warn: bool = True,
                     stacklevel: int = 4) -> None:
    """Note (and warn with :class:`ShortPhaseWarning`) when a phase has a single point.

    ``stacklevel`` 4 points at the caller of a public function that calls this directly
    (through the renamed-arguments wrapper).
    """
    short = [p for p, k in (("baseline", m), ("treatment", n)) if k < 2]
    if short:
        msg = f"{' and '.join(short)} phase has 1 point: {what}"
        if warn:
            warnings.warn(msg, ShortPhaseWarning, stacklevel=stacklevel)
        notes.append(msg)


def pad(values: np.ndarray, group: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """NaN-padded (n_groups x longest) array from ``values`` sorted by ``group`` (stable).

    Returns the array and the number of values of each group.
    """
    counts = np.bincount(group, minlength=n_groups)
    width = int(counts.max()) if counts.size else 0
    out = np.full((n_groups, max(width, 1)), np.nan)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    pos = np.arange(group.size) - starts[group]
    out[group, pos] = values
    return out, counts


def moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count, mean and sample variance (n - 1; NaN for one value) of each NaN-padded row."""
    mask = ~np.isnan(x)
    cnt = mask.sum(axis=1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(mask, x, 0.0).sum(axis=1) / cnt
        dev = np.where(mask, x - mean[:, None], 0.0)
        var = np.where(cnt > 1, (dev**2).sum(axis=1) / (cnt - 1), np.nan)
    return cnt, mean, var

