"""Result objects of :mod:`casekit.effects`: one effect size for one A-B comparison.

Every single-series function returns an :class:`EffectSizeResult` (or a subclass that declares
the extra numbers its index has: :class:`NapResult`, :class:`TauUResult`,
:class:`TauBCResult`, :class:`PandResult`, :class:`SmdResult`, :class:`RatioResult`,
:class:`LrmResult`). ``.summary`` is one row: ``es, est, se, ci_lower, ci_upper,
n_baseline, n_treatment``, the index's own columns, then the options that define it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..results import Result, format_frame

__all__ = [
    "EffectSizeResult",
    "NapResult",
    "TauUResult",
    "TauBCResult",
    "PandResult",
    "SmdResult",
    "RatioResult",
    "LrmResult",
]

_COMMON = """es : str
        Label of the index, as SingleCaseES prints it: ``"NAP"``, ``"Tau"``, ``"Tau-U"``,
        ``"Tau-BC"``, ``"PND"``, ``"PEM"``, ``"PAND"``, ``"IRD"``, ``"SMD"``, ``"LRRd"``,
        ``"LRRi"``, ``"LOR"``, ``"LRM"``, ``"PoGO"``.
    est : float
        The estimate, oriented so that improvement is positive (LRRd: negative).
    se : float
        Its standard error (NaN where the method defines none).
    ci_lower : float
        Lower confidence limit (NaN where the method defines none).
    ci_upper : float
        Upper confidence limit (NaN where the method defines none).
    n_baseline : int
        Number of baseline values used.
    n_treatment : int
        Number of treatment values used.
    improvement : str
        Direction of improvement used, ``"increase"`` or ``"decrease"``.
    table : pandas.DataFrame or None
        A further table the R anchor prints (scan's six Tau-U rows, scan's corrected-Tau
        table), printed under the summary; None otherwise."""

class _Deferred(pd.DataFrame):
    """The empty frame handed to ``Result.__init__``: the real one-row summary is built on
    first use (building it costs more than computing most indices, and many callers only read
    ``.est``); ``reset_index`` is free because there is nothing to reset."""

    # the stubs overload DataFrame.reset_index; this one returns the frame for any arguments
    def reset_index(self, *args: Any, **kwargs: Any) -> _Deferred:  # type: ignore[override]
        return self


_DEFERRED = _Deferred()


def _with_common(doc: str) -> str:
    return doc.replace("%(common)s", _COMMON)


class EffectSizeResult(Result):
    __doc__ = _with_common("""Result of one effect size for one A-B comparison.

    ``float(result)`` is the estimate. ``.summary`` is one row: ``es, est, se, ci_lower,
    ci_upper, n_baseline, n_treatment``, the index's own columns, then the options.

    Attributes
    ----------
    %(common)s
    """)

    es: str
    est: float
    se: float = math.nan
    ci_lower: float = math.nan
    ci_upper: float = math.nan
    n_baseline: int
    n_treatment: int
    improvement: str
    table: pd.DataFrame | None = None
    #: the index's own summary columns (private: not a declared field)
    _summary_columns: tuple[str, ...]

    def __init__(self, *, columns: Sequence[str] = (), **kwargs: Any):
        for name in ("est", "se", "ci_lower", "ci_upper"):
            if name in kwargs:
                kwargs[name] = math.nan if kwargs[name] is None else float(kwargs[name])
        for name in ("n_baseline", "n_treatment"):
            kwargs[name] = int(kwargs[name])
        object.__setattr__(self, "_summary_columns", tuple(columns))
        super().__init__(_DEFERRED, **kwargs)

    # the summary row is built lazily from the declared fields and the options
    @property
    def _summary(self) -> pd.DataFrame:
        frame = self.__dict__.get("_frame")
        if frame is None:
            row = {k: getattr(self, k) for k in ("es", "est", "se", "ci_lower", "ci_upper",
                                                 "n_baseline", "n_treatment")}
            for k in self._summary_columns:
                row[k] = getattr(self, k)
            for k, v in self.options.items():
                row.setdefault(k, v)
            frame = pd.DataFrame([row])
            self.__dict__["_frame"] = frame
        return frame

    @_summary.setter
    def _summary(self, value: pd.DataFrame) -> None:
        self.__dict__["_frame"] = None if value is _DEFERRED else value

    def __float__(self) -> float:
        return self.est

    def to_text(self, decimals: int | None = None) -> str:
        """Plain-text display; a further table (if any) is printed under the summary."""
        text = super().to_text(decimals)
        if self.table is not None:
            d = self.decimals if decimals is None else int(decimals)
            text += "\n" + format_frame(self.table, d).to_string(index=False)
        return text


class NapResult(EffectSizeResult):
    __doc__ = _with_common("""NAP with everything scan's ``nap()`` reports beside it.

    The counts are in the direction of improvement (``positives``: pairs in which the
    treatment value is better); :attr:`scan` gives them with scan's column names and units
    (percent).

    Attributes
    ----------
    %(common)s
    pairs : int
        m n, the number of (baseline, treatment) pairs.
    positives : int
        Pairs in which the treatment value is better.
    ties : int
        Pairs with equal values.
    non_overlaps : float
        positives + ties / 2 (= NAP m n).
    nap_rescaled : float
        2 NAP - 1 (scan's "NAP Rescaled" / 100; equals Tau).
    w : float
        Mann-Whitney statistic of R's ``wilcox.test(A, B)``: #(a > b) + #(a = b) / 2,
        whatever the direction.
    p : float
        One-sided p of the Wilcoxon rank-sum test in the direction of improvement (normal
        approximation with ties and continuity correction, as ``wilcox.test(exact = FALSE)``).
    d : float
        scan's conversion 3.464 (1 - sqrt((1 - NAP) / 0.5)).
    r_squared : float
        (d / sqrt(d^2 + 4))^2.
    """)

    pairs: int
    positives: int
    ties: int
    non_overlaps: float
    nap_rescaled: float
    w: float
    p: float
    d: float
    r_squared: float

    @property
    def scan(self) -> pd.DataFrame:
        """The row scan 0.67.1 ``nap()`` prints: NAP in percent and the counts and test."""
        return pd.DataFrame([{
            "NAP": 100 * self.est, "NAP Rescaled": 100 * self.nap_rescaled,
            "Pairs": self.pairs, "Non-overlaps": self.non_overlaps,
            "Positives": self.positives, "Ties": self.ties, "w": self.w, "p": self.p,
            "d": self.d, "R\u00b2": self.r_squared}])


class TauUResult(EffectSizeResult):
    __doc__ = _with_common("""Tau-U, with the counts or scan's table.

    Attributes
    ----------
    %(common)s
    S_AB : float
        sum_ij sign(b_j - a_i) (``method="singlecasees"``; NaN otherwise).
    S_A : float
        Kendall's S of the baseline against time (``method="singlecasees"``; NaN otherwise).
    row : str or None
        The scan row reported as the estimate (``"A vs. B - Trend A"``; scan methods).
    z : float
        z of that row (scan methods; NaN otherwise).
    p : float
        Two-sided p of that row (scan methods; NaN otherwise).
    tau_method_used : str or None
        The Kendall denominators scan used (``"a"`` or ``"b"``; scan methods).
    bounded : bool
        Whether this variant is bounded by -1 and 1 (the S / (m n) variants are not).
    """)

    S_AB: float = math.nan
    S_A: float = math.nan
    row: str | None = None
    z: float = math.nan
    p: float = math.nan
    tau_method_used: str | None = None
    bounded: bool


class TauBCResult(EffectSizeResult):
    __doc__ = _with_common("""Baseline-corrected Tau and the baseline line it removed.

    Attributes
    ----------
    %(common)s
    slope : float
        Slope of the baseline line (Theil-Sen, or Siegel's repeated medians for
        ``variant="scan", repeated=True``) per session position (SingleCaseES) or per
        session number (scan).
    intercept : float
        Its intercept.
    corrected : bool
        Whether the baseline line was removed (False when a trend pretest was not
        significant).
    p_trend : float
        p of the baseline trend test (NaN without a pretest).
    auto_tau : float
        Kendall's tau of the baseline values against their sessions (``variant="scan"``).
    tau_uncorrected : float
        Kendall's tau of the values against the phase (``variant="scan"``).
    tau_corrected : float
        The same after removing the baseline line (``variant="scan"``).
    z : float
        z of the reported tau (``variant="scan"``; NaN otherwise).
    p : float
        Two-sided p of the reported tau (``variant="scan"``; NaN otherwise).
    """)

    slope: float
    intercept: float
    corrected: bool
    p_trend: float = math.nan
    auto_tau: float = math.nan
    tau_uncorrected: float = math.nan
    tau_corrected: float = math.nan
    z: float = math.nan
    p: float = math.nan


class PandResult(EffectSizeResult):
    __doc__ = _with_common("""PAND and the points it removes.

    Attributes
    ----------
    %(common)s
    overlaps : int
        Points removed ("minimum") or off the diagonal ("sort").
    phi : float
        phi of scan's 2 x 2 table (``method="sort"``; NaN otherwise).
    """)

    overlaps: int
    phi: float = math.nan


class SmdResult(EffectSizeResult):
    __doc__ = _with_common("""Standardised mean difference and its standardiser.

    Attributes
    ----------
    %(common)s
    sd : float
        The standardiser (baseline, pooled or average SD).
    df : float
        Its degrees of freedom (NaN for the average SD).
    J : float
        The small-sample correction factor applied (1 without correction).
    """)

    sd: float
    df: float
    J: float


class RatioResult(EffectSizeResult):
    __doc__ = _with_common("""A log ratio of phase means (LRRd, LRRi, LOR) and the means used.

    Attributes
    ----------
    %(common)s
    mean_baseline : float
        Baseline mean used (after complement and truncation; a proportion for LOR).
    mean_treatment : float
        Treatment mean used.
    """)

    mean_baseline: float
    mean_treatment: float


class LrmResult(EffectSizeResult):
    __doc__ = _with_common("""Log ratio of medians and the medians used.

    Attributes
    ----------
    %(common)s
    median_baseline : float
        Baseline median.
    median_treatment : float
        Treatment median.
    """)

    median_baseline: float
    median_treatment: float
