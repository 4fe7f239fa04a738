"""Check one interval: is a pre/post triple a sudden gain (suddengains ``check_interval``)?"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._input import resolve_improvement
from .._validate import check_option
from ..results import Result
from ._core import DEFAULT_CRIT3_CRITICAL_VALUE
from ._criteria import Criteria
from .cutoff import Crit1Cutoff
from .gains import REFERENCE

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["check_interval", "CheckIntervalResult"]


class CheckIntervalResult(Result):
    """One interval checked (:func:`check_interval`); ``.summary`` holds the same in one row.

    Attributes
    ----------
    crit1 : bool or None
        Criterion 1 (absolute size): True / False, or None when it is not applied or not
        computable.
    crit2 : bool or None
        Criterion 2 (relative size), likewise.
    crit3 : bool or None
        Criterion 3 (stability), likewise.
    result : bool or None
        Sudden gain (loss): every applied criterion met; None when one is not computable.
    critical_value : float
        Critical value of criterion 3 (NaN when fewer than 2 values on a side).
    n_pre : int
        Available scores in the pre window (n-2, n-1, n).
    n_post : int
        Available scores in the post window (n+1, n+2, n+3).
    mean_pre : float
        Mean of the available pre-window scores.
    mean_post : float
        Mean of the available post-window scores.
    sd_pre : float
        SD (n - 1) of the available pre-window scores (NaN for fewer than 2).
    sd_post : float
        SD (n - 1) of the available post-window scores (NaN for fewer than 2).
    """

    crit1: bool | None
    crit2: bool | None
    crit3: bool | None
    result: bool | None
    critical_value: float
    n_pre: int
    n_post: int
    mean_pre: float
    mean_post: float
    sd_pre: float
    sd_post: float


def _window_values(values: Iterable[float | None], name: str) -> np.ndarray:
    """Three scores of one window as floats (None / NaN = missed session), naming ``name``."""
    values = list(values)
    try:
        arr = np.array([np.nan if v is None else v for v in values], dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must hold numbers (None or NaN for a missed session); got "
                        f"{values!r}") from exc
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains infinite values: {values!r}")
    return arr


def _tri(a: np.ndarray) -> bool | None:
    v = float(a[0, 0])
    return None if math.isnan(v) else bool(v == 1.0)


def _sd(x: np.ndarray) -> float:
    x = x[~np.isnan(x)]
    return float(np.std(x, ddof=1)) if x.size > 1 else float("nan")


def check_interval(pre_values: Iterable[float | None], post_values: Iterable[float | None], *,
                   sg_crit1_cutoff: float | Crit1Cutoff | None, sg_crit2_pct: float | None = 0.25,
                   sg_crit3: bool = True, sg_crit3_alpha: float = 0.05,
                   sg_crit3_adjust: bool = True,
                   sg_crit3_critical_value: float = DEFAULT_CRIT3_CRITICAL_VALUE,
                   identify: str = "sg", improvement: str | Instrument = "decrease",
                   loss_crit2: str = "suddengains") -> CheckIntervalResult:
    """Check whether one pre/post triple is a sudden gain or loss (suddengains
    ``check_interval``).

    Parameters
    ----------
    pre_values : sequence of 3 numbers (NaN / None allowed)
        Scores of sessions n-2, n-1, n.
    post_values : sequence of 3 numbers
        Scores of sessions n+1, n+2, n+3.
    sg_crit1_cutoff, sg_crit2_pct, sg_crit3, sg_crit3_alpha, sg_crit3_adjust,
    sg_crit3_critical_value
        As in :func:`sudden_gains` (``None`` skips criterion 1 or 2).
    identify : {"sg", "sl"}
        Gain or loss.
    improvement : {"increase", "decrease"}, instrument name or Instrument
        Direction (suddengains assumes lower is better: "decrease").
    loss_crit2 : {"suddengains", "mirrored"}
        Criterion 2 for losses; the package's form by default here, as this function mirrors
        suddengains' own.

    Returns
    -------
    CheckIntervalResult
        ``.summary`` with ``crit1, crit2, crit3, result, critical_value, n_pre, n_post,
        mean_pre, mean_post, sd_pre, sd_post``; the same as fields.

    See Also
    --------
    sudden_gains : the same criteria on whole series.

    Notes
    -----
    Uses exactly the same core as :func:`sudden_gains`. suddengains prints the outcome; casekit
    returns it.

    References
    ----------
    Tang & DeRubeis (1999), doi:10.1037/0022-006X.67.6.894. Wiedemann, Thew, Stott & Ehlers
    (2020), doi:10.1371/journal.pone.0230276.

    Examples
    --------
    >>> r = check_interval([32, 31, 33], [5, 6, 7], sg_crit1_cutoff=7)
    >>> r.result, round(r.critical_value, 3)
    (True, 2.776)
    """
    identify = check_option(identify, "identify", ("sg", "sl"))
    pre = _window_values(pre_values, "pre_values")
    post = _window_values(post_values, "post_values")
    if pre.size != 3 or post.size != 3:
        raise ValueError(f"pre_values and post_values need 3 values each (n-2, n-1, n and "
                         f"n+1, n+2, n+3); got {pre.size} and {post.size}")
    # the same checks and the same core as sudden_gains
    criteria = Criteria.check(identify, sg_crit1_cutoff=sg_crit1_cutoff,
                              sg_crit2_pct=sg_crit2_pct, sg_crit3=sg_crit3,
                              sg_crit3_alpha=sg_crit3_alpha, sg_crit3_adjust=sg_crit3_adjust,
                              sg_crit3_critical_value=sg_crit3_critical_value,
                              loss_crit2=loss_crit2)
    d = resolve_improvement(improvement).sign
    table = criteria.table(always=True)
    crit = criteria.evaluate(np.concatenate([pre, post])[None, :], np.array([2]), d, table)
    # the result's fields (Result.__init__ takes them as **fields: Any)
    vals: dict[str, Any] = {"crit1": _tri(crit["crit1"]), "crit2": _tri(crit["crit2"]),
            "crit3": _tri(crit["crit3"]), "result": _tri(crit["sg"]),
            "critical_value": float(crit["critical_value"][0, 0]),
            "n_pre": int(crit["n_pre"][0, 0]), "n_post": int(crit["n_post"][0, 0]),
            "mean_pre": float(crit["mean_pre"][0, 0]),
            "mean_post": float(crit["mean_post"][0, 0]), "sd_pre": _sd(pre), "sd_post": _sd(post)}
    return CheckIntervalResult(
        pd.DataFrame({k: [v] for k, v in vals.items()}), **vals,
        method="Check one interval (suddengains check_interval)",
        options={"identify": identify, **criteria.options()},
        variant=f"{'gain' if identify == 'sg' else 'loss'}; improvement "
                f"{'increase' if d > 0 else 'decrease'}",
        mirrors="suddengains 0.7.2 check_interval", reference=REFERENCE)
