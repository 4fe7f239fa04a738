"""Session-by-session reliable change of one case against intake or a baseline mean."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._input import SessionSeries, as_series, resolve_improvement, session_label
from .._validate import check_float, check_option
from ..registry import Instrument
from ..results import Result
from ._common import REF_JT, category_labels, resolve_instrument
from ._cutoffs import cutoff_sides
from ._rci import refuse_unused_reliability, stated_sd

__all__ = ["SessionReliableChangeResult", "session_reliable_change", "session_constants",
           "session_categories", "IMPROVED_CATEGORIES"]

#: Categories that count as reliable improvement.
_IMPROVED = ("improved", "recovered")


class SessionReliableChangeResult(Result):
    """Reliable change of every session against a reference score.

    ``.summary``: ``session, value, reference, change, rci, band_lower, band_upper, category,
    clinical``. ``.reference`` is the label of the reference score ("first session (1)"); the
    citation of the method is in ``method_card["reference"]``.

    Attributes
    ----------
    reference_value : float
        The reference score.
    k_baseline : int or None
        Number of baseline sessions averaged (``reference="baseline_mean"``), else None.
    sem : float
        Standard error of measurement.
    s_diff : float
        Standard error of the difference against the reference.
    threshold : float
        Half-width of the band in raw points (z S_diff, or the published RCI).
    sd_used : float
        SD behind SEM (NaN with a published raw RCI).
    sd_source : str
        Where the SD (or the published RCI) comes from.
    reliability : float
        Reliability used (NaN with a published raw RCI).
    z : float
        Critical value.
    cutoff : float or None
        Clinical cutoff, when given.
    improvement : str
        ``"increase"`` or ``"decrease"``.
    improvement_source : str
        Where the direction comes from (stated, instrument, measure).
    first_improved_session : int, float or None
        Session number of the first session reliably improved (improved or recovered).
    """

    _citation = REF_JT

    reference_value: float
    k_baseline: int | None = None
    sem: float
    s_diff: float
    threshold: float
    sd_used: float
    sd_source: str
    reliability: float
    z: float
    cutoff: float | None = None
    improvement: str
    improvement_source: str
    first_improved_session: int | float | None = None

    @property
    def method_card(self) -> dict[str, Any]:
        """As :attr:`Result.method_card`, with the citation (``.reference`` holds the label of
        the reference score here)."""
        card = super().method_card
        card["reference"] = self._citation
        return card

    def reliable_improvement_from(self) -> int | float | None:
        """First session from which every later session is reliably improved (``None`` if
        the last session is not). Categories "improved" and "recovered" count."""
        s = self._summary
        ok = s["category"].isin(_IMPROVED).to_numpy()
        if not ok.size or not ok[-1]:
            return None
        i = ok.size - 1
        while i > 0 and ok[i - 1]:
            i -= 1
        first: int | float = session_label(s["session"].iloc[i])
        return first


@dataclass(frozen=True)
class _Constants:
    sem: float
    sd_used: float
    sd_source: str
    reliability: float | None
    published: float | None
    rule: str | None


def _constants(inst: Instrument | None, sd: float | None, reliability: float | None,
               z: float) -> _Constants:
    """SEM from ``sd=``/``reliability=`` or the instrument (published raw RCI first)."""
    rci_reg = inst.rci if inst is not None else None
    stated = stated_sd(sd, rci_reg, inst, published_ok=True)
    if stated is None:
        raise ValueError("session_reliable_change needs sd= and reliability= (or an instrument "
                         "with reliable-change constants): one case cannot estimate a "
                         "population SD")
    sd_used, sd_source, published = stated
    refuse_unused_reliability(reliability, published, inst)
    rel = reliability
    if rel is None and rci_reg is not None:
        rel = rci_reg.reliability
    if published is not None:
        assert rci_reg is not None  # a published RCI comes from the registry entry
        zpub = float(rci_reg.z) if rci_reg.z is not None else z
        return _Constants(published / (zpub * math.sqrt(2.0)), sd_used, sd_source, rel,
                          published, rci_reg.rule)
    if rel is None:
        raise ValueError("reliability is required (reliability= or the instrument's "
                         "rci.reliability)")
    rel = check_float(rel, "reliability", minimum=0.0, maximum=1.0, inclusive=False,
                      finite=True)
    return _Constants(sd_used * math.sqrt(1.0 - rel), sd_used, sd_source, rel, None, None)


def _reference(series: SessionSeries, reference: str | float,
               baseline_sessions: int | Iterable[float] | None,
               ) -> tuple[float, str, int | None]:
    """``(value, label, k)``: the reference score, its label and the baseline size (or None)."""
    is_mean = isinstance(reference, str) and reference == "baseline_mean"
    if baseline_sessions is not None and not is_mean:
        raise ValueError(f"baseline_sessions is used with reference='baseline_mean' only; got "
                         f"reference={reference!r}")
    if not isinstance(reference, str):
        return check_float(reference, "reference", finite=True), "stated reference value", None
    reference = check_option(reference, "reference", ("first", "baseline_mean"))
    vals, sess = series.values, series.sessions
    if reference == "first":
        return float(vals[0]), f"first session ({session_label(sess[0])})", None
    if baseline_sessions is None:
        raise ValueError("reference='baseline_mean' needs baseline_sessions= (the "
                         "number of first sessions, or a list of session numbers)")
    if isinstance(baseline_sessions, (int, np.integer)) and not isinstance(baseline_sessions,
                                                                         bool):
        k = int(baseline_sessions)
        if not 1 <= k <= vals.size:
            raise ValueError(f"baseline_sessions must be between 1 and {vals.size}; got {k}")
        mask = np.arange(vals.size) < k
    else:
        # a bool (an int to the checker) is refused by list() here, as before
        wanted = list(baseline_sessions)  # type: ignore[arg-type]
        absent = [s for s in wanted if s not in set(sess.tolist())]
        if absent:
            raise ValueError(f"baseline_sessions not in the data: {absent}")
        mask = np.isin(sess, wanted)
        k = int(mask.sum())
    return float(vals[mask].mean()), f"mean of {k} baseline session(s)", k


def _cutoff(cutoff: float | str | None, inst: Instrument | None, values: np.ndarray,
            ref_value: float, hib: bool,
            ) -> tuple[float, np.ndarray, bool, np.ndarray, bool] | None:
    """``(value, clinical, ref_clinical, functional, ref_functional)`` or None without one."""
    if cutoff is None:
        return None
    if isinstance(cutoff, str):
        check_option(cutoff, "cutoff", ("instrument",))
        if inst is None or inst.cutoff is None:
            raise ValueError("cutoff='instrument' needs an instrument with a clinical cutoff")
        value, rule = float(inst.cutoff.value), inst.cutoff.rule
    else:
        value, rule = check_float(cutoff, "cutoff", finite=True), "strict"
    clin, func = cutoff_sides(values, value, hib, rule)
    ref_clin, ref_func = cutoff_sides([ref_value], value, hib, rule)
    return value, clin, bool(ref_clin[0]), func, bool(ref_func[0])


def _categories(change: np.ndarray, rci: np.ndarray, const: _Constants, k: int | None,
                z: float, d: float, s_diff: float) -> tuple[np.ndarray, np.ndarray, float]:
    """``(improved, deteriorated, half_width)``: the published raw band against one score,
    else |RC| > z (strict)."""
    if const.published is not None and k is None:
        p = const.published
        if const.rule == ">=":
            return d * change >= p, -d * change >= p, p
        return d * change > p, -d * change > p, p
    return d * rci > z, d * rci < -z, z * s_diff


@renamed_arguments(session="session_col", value="value_col")
def session_reliable_change(values: ArrayLike | pd.DataFrame | None = None, *,
                            data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                            reference: str | float = "first",
                            baseline_sessions: int | Iterable[float] | None = None,
                            instrument: str | Instrument | None = None, sd: float | None = None,
                            reliability: float | None = None, z: float = 1.96,
                            improvement: str | Instrument | None = None,
                            cutoff: float | str | None = None, value_col: str = "value",
                            session_col: str = "session", case: Hashable = None,
                            case_col: str = "case", measure: str | None = None,
                            measure_col: str = "measure",
                            missing: str = "error") -> SessionReliableChangeResult:
    r"""Reliable change of every session of one case against intake or a baseline mean.

    Parameters
    ----------
    values : array-like or pandas.DataFrame
        One case's scores in session order (with ``sessions=``), or a tidy table (taken as
        ``data``).
    data : pandas.DataFrame, optional
        Tidy long table; one series is selected with ``case=`` / ``measure=`` (score rows of
        the total scale; see :func:`casekit.as_series`).
    sessions : array-like, optional
        Session numbers for array input (default 1, 2, ...), strictly increasing.
    reference : {"first", "baseline_mean"} or float
        The score each session is compared with: the first session, the mean of the baseline
        sessions, or a stated value (e.g. an intake score not in the series).
    baseline_sessions : int or list, optional
        For ``"baseline_mean"``: the first k sessions (int) or the listed session numbers.
    instrument, sd, reliability
        Reliable-change constants: ``sd`` and ``reliability``, or the instrument's (published
        raw RCI, or ``rci.sd`` and ``rci.reliability``). One case cannot estimate them.
        ``reliability`` without ``sd`` next to a published raw RCI raises ``ValueError`` (it
        would not be used).
    z : float
        Critical value (1.96).
    improvement : {"increase", "decrease"}, str or Instrument, optional
        Direction; default from ``instrument``, or from the table's measure when the registry
        knows it (the source is in ``.improvement_source``).
    cutoff : float or "instrument", optional
        Clinical cutoff; adds ``clinical`` (session on the clinical side) and the categories
        recovered / harmed.
    value_col, session_col, case, case_col, measure, measure_col
        Columns and series selection of a table (``docs/vocabulary.md``).
    missing : {"error", "drop", "include_imputed"}
        Missing values are an error listing their sessions, or dropped (the sessions dropped
        are noted in the result).

    Returns
    -------
    SessionReliableChangeResult
        ``.summary`` with ``session, value, reference, change, rci, band_lower, band_upper,
        category, clinical``; ``.first_improved_session`` and
        ``.reliable_improvement_from()`` (session numbers).

    See Also
    --------
    reliable_change : pre/post reliable change for one case or many.
    casekit.sudden_gains : large, stable session-to-session improvements.

    Notes
    -----
    SEM = SD sqrt(1 - r). Against a single reference score (first session or a stated value)
    S_diff = sqrt(2) SEM (Jacobson & Truax 1991). Against the mean of k baseline sessions the
    reference has error variance SEM^2 / k, so S_diff = SEM sqrt(1 + 1/k) (errors assumed
    independent across sessions; this is the SE of the difference between one score and a
    k-score mean). RC = (value - reference) / S_diff; the band is reference +- z S_diff.
    With a published raw RCI (PHQ-9: 6) the band against a single score is reference +- 6 and
    a change meets it under the registry's rule; against a baseline mean, SEM is recovered as
    value / (z sqrt 2) and the formula above applies. A session is improved when d RC > z
    (strict), deteriorated when d RC < -z; with a cutoff, recovered / harmed also need the
    crossing from the reference's side to the other (strict for numeric cutoffs).

    No anchor package computes this (domain/methods.md section 3.3); scan's ``rci`` compares
    phase means without sqrt(2).

    References
    ----------
    Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12.

    Examples
    --------
    >>> res = session_reliable_change([20, 19, 15, 12, 9, 8], instrument="PHQ-9",
    ...                               cutoff="instrument")
    >>> res.summary["category"].tolist()
    ['unchanged', 'unchanged', 'unchanged', 'improved', 'recovered', 'recovered']
    >>> res.reliable_improvement_from()
    4
    """
    series = as_series(values, data=data, sessions=sessions, value_col=value_col,
                       session_col=session_col, phase_col=None, case=case, case_col=case_col,
                       measure=measure, measure_col=measure_col, missing=missing)
    inst = resolve_instrument(instrument)
    direction = resolve_improvement(improvement, instrument=inst, measure=series.measure)
    hib = direction.improvement == "increase"
    d = 1.0 if hib else -1.0
    z = check_float(z, "z", minimum=0.0, inclusive=False, finite=True)
    const = _constants(inst, sd, reliability, z)
    ref_value, ref_label, k = _reference(series, reference, baseline_sessions)
    vals = series.values
    s_diff = const.sem * math.sqrt(2.0) if k is None else const.sem * math.sqrt(1.0 + 1.0 / k)
    change = vals - ref_value
    rci = change / s_diff
    improved, deteriorated, half = _categories(change, rci, const, k, z, d, s_diff)
    cats = category_labels(improved, deteriorated)
    clinical = pd.array([pd.NA] * vals.size, dtype="boolean")
    cut = _cutoff(cutoff, inst, vals, ref_value, hib)
    if cut is not None:
        _, clin, ref_clin, func, ref_func = cut
        cats = np.where(improved & ref_clin & func, "recovered", cats)
        cats = np.where(deteriorated & ref_func & clin, "harmed", cats).astype(object)
        clinical = pd.array(clin, dtype="boolean")
    summary = pd.DataFrame({"session": series.session_list(), "value": vals,
                            "reference": np.full(vals.size, ref_value), "change": change,
                            "rci": rci, "band_lower": np.full(vals.size, ref_value - half),
                            "band_upper": np.full(vals.size, ref_value + half),
                            "category": cats, "clinical": clinical})
    se_formula = ("S_diff = sqrt(2) SEM (single reference score)" if k is None else
                  f"S_diff = SEM sqrt(1 + 1/k), k = {k} (reference is a baseline mean)")
    first = np.flatnonzero(np.isin(cats, _IMPROVED))
    return SessionReliableChangeResult(
        summary, method="Session-by-session reliable change (Jacobson & Truax 1991)",
        options={"reference": ref_label, "z": z, "improvement": direction.improvement,
                 "sd_source": const.sd_source},
        reference=ref_label, variant=se_formula.split(" (")[0], mirrors=None,
        notes=[se_formula, *series.notes], title="Session reliable change",
        reference_value=float(ref_value), k_baseline=k, sem=float(const.sem),
        s_diff=float(s_diff), threshold=float(half), sd_used=float(const.sd_used),
        sd_source=const.sd_source,
        reliability=float("nan") if const.reliability is None else float(const.reliability),
        z=float(z), cutoff=None if cut is None else cut[0], improvement=direction.improvement,
        improvement_source=direction.source,
        first_improved_session=series.session_at(int(first[0]) + 1) if first.size else None)


# the pieces casekit.batch shares (public names of this private module; the same objects)
session_constants = _constants
session_categories = _categories
IMPROVED_CATEGORIES = _IMPROVED
