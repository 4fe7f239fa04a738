"""Pre/post reliable change index (Jacobson & Truax 1991 and the variants of
clinicalsignificance ``cs_distribution``), as a table of per-method functions.

Each RCI method is a small function of :class:`RciStats` registered in :data:`RCI_METHODS`
with its label, formula, reference and the R call it mirrors; :func:`reliable_change`
validates, dispatches and builds the result.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._input import resolve_improvement
from .._validate import check_float, check_option
from ..exceptions import NotEnoughPointsError
from ..registry import Instrument, Norms, ReliableChange
from ..results import Result, deferred
from ._common import (
    CATEGORIES,
    REF_JT,
    Z_95,
    Z_975,
    category_counts,
    category_labels,
    norms_dict,
    resolve_instrument,
)
from ._cutoffs import CUTOFF_B_SD, clinical_cutoffs, cutoff_sides
from ._pairs import MISSING_PAIRS, PrePost, pre_post_pairs

__all__ = ["RciStats", "RciMethod", "RCI_METHODS", "ReliableChangeResult", "reliable_change",
           "stated_sd", "refuse_unused_reliability"]


# --------------------------------------------------------------------------------------------
# the methods
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RciStats:
    """What an RCI method may use: the scores and the constants of the sample or of norms.

    ``sd`` is SD_pre behind SEM = sd sqrt(1 - r); ``m_pre``, ``m_post``, ``sd_post`` and ``r12``
    (the pre-post correlation) are the group statistics of the regression-based methods (NaN
    when a method does not use them).
    """

    pre: np.ndarray
    post: np.ndarray
    sd: float
    reliability: float
    reliability_post: float
    m_pre: float = float("nan")
    m_post: float = float("nan")
    sd_post: float = float("nan")
    r12: float = float("nan")

    @property
    def sem(self) -> float:
        """Standard error of measurement, SD_pre sqrt(1 - r)."""
        return self.sd * math.sqrt(1.0 - self.reliability)


#: What a method function returns: the index per row, its denominator and r_dd (HA; else NaN).
RciIndex = tuple[np.ndarray, float, float]


@dataclass(frozen=True)
class RciMethod:
    """One RCI method: its function and what a reader (or a plot) needs to know about it.

    Attributes
    ----------
    key : str
        ``"JT"``, ``"GLN"``, ``"HLL"``, ``"EN"``, ``"NK"`` or ``"HA"`` (clinicalsignificance's
        ``rci_method``).
    label : str
        The method's name in words.
    formula : str
        The index, in plain text.
    reference : str
        Citation.
    mirrors : str
        The R call whose numbers it reproduces.
    group_stats : tuple of str
        The ``norms=`` keys a single case needs (group statistics); empty for JT.
    z : float
        Default critical value (qnorm(.975); HA one-sided qnorm(.95), as clinicalsignificance).
    constant_band : bool
        True when "reliable change" is a band of constant width around the identity line in
        the pre/post plane (JT only): what :func:`casekit.plot.jacobson_plot` can draw.
    compute : callable
        ``compute(stats: RciStats) -> (rci, se, r_dd)``.
    note : str or None
        A caveat every result of the method carries.
    """

    key: str
    label: str
    formula: str
    reference: str
    mirrors: str
    group_stats: tuple[str, ...]
    z: float
    constant_band: bool
    compute: Callable[[RciStats], RciIndex]
    note: str | None = None


def _jt(s: RciStats) -> RciIndex:
    se = math.sqrt(2.0) * s.sem
    return (s.post - s.pre) / se, se, float("nan")


def _regression_to_the_mean(s: RciStats, centre: float) -> RciIndex:
    se = s.sd * math.sqrt(1.0 - s.reliability ** 2)
    return ((s.post - centre) - s.reliability * (s.pre - s.m_pre)) / se, se, float("nan")


def _gln(s: RciStats) -> RciIndex:
    return _regression_to_the_mean(s, s.m_pre)


def _hll(s: RciStats) -> RciIndex:
    return _regression_to_the_mean(s, s.m_post)


def _en(s: RciStats) -> RciIndex:
    se = s.sem
    return (s.post - (s.reliability * (s.pre - s.m_pre) + s.m_pre)) / se, se, float("nan")


def _nk(s: RciStats) -> RciIndex:
    r, rp, sd = s.reliability, s.reliability_post, s.sd
    se = math.sqrt(r ** 2 * sd ** 2 * (1.0 - r) + sd ** 2 * (1.0 - rp))
    return (s.post - (r * (s.pre - s.m_pre) + s.m_pre)) / se, se, float("nan")


def _ha(s: RciStats) -> RciIndex:
    sd, sem, sd_post, r12 = s.sd, s.sem, s.sd_post, s.r12
    rxx1 = (sd ** 2 - sem ** 2) / sd ** 2
    rxx2 = (sd_post ** 2 - sem ** 2) / sd_post ** 2
    num = sd ** 2 * rxx1 + sd_post ** 2 * rxx2 - 2 * sd * sd_post * r12
    den = sd ** 2 + sd_post ** 2 - 2 * sd * sd_post * r12
    r_dd = num / den
    if not r_dd > 0:
        raise ValueError(f"HA: the reliability of the difference r_dd = {r_dd:.4f} is "
                         "not positive; the index is undefined for these data")
    se = math.sqrt(r_dd) * (math.sqrt(2.0) * sem)
    change = s.post - s.pre
    return (change * r_dd + (s.m_post - s.m_pre) * (1.0 - r_dd)) / se, se, r_dd


_MIRRORS = "clinicalsignificance 2.1.0.9000 cs_distribution / cs_combined"


def _method(key: str, label: str, formula: str, reference: str, group_stats: tuple[str, ...],
            compute: Callable[[RciStats], RciIndex], *, z: float = Z_975,
            note: str | None = None) -> RciMethod:
    return RciMethod(key=key, label=label, formula=formula, reference=reference,
                     mirrors=f"clinicalsignificance 2.1.0.9000 cs_distribution(rci_method = "
                             f"\"{key}\")", group_stats=group_stats, z=z,
                     constant_band=key == "JT", compute=compute, note=note)


#: The RCI methods, in clinicalsignificance's order: ``RCI_METHODS["HA"].label`` etc.
RCI_METHODS: Mapping[str, RciMethod] = MappingProxyType({m.key: m for m in (
    _method("JT", "Jacobson & Truax (1991)", "(post - pre) / (sqrt(2) SEM)", REF_JT, (), _jt),
    _method("GLN", "Gulliksen, Lord & Novick (Hsu 1989)",
            "[(post - M_pre) - r (pre - M_pre)] / (SD_pre sqrt(1 - r^2))",
            "Hsu, L. M. (1989). Reliable changes in psychotherapy: taking into account "
            "regression toward the mean. Behav Assess, 11, 459-467 (Gulliksen-Lord-Novick "
            "index)", ("m_pre",), _gln),
    _method("HLL", "Hsu, Linn & Lord (Hsu 1999)",
            "[(post - M_post) - r (pre - M_pre)] / (SD_pre sqrt(1 - r^2))",
            "Hsu, L. M. (1999). A comparison of three methods of identifying reliable and "
            "clinically significant client changes. Psychol Assess, 11(3), 341-351 (Hsu-Linn-"
            "Lord); doi:10.1037/1040-3590.11.3.341", ("m_pre", "m_post"), _hll,
            note="HLL is relative to the group's mean change (it subtracts the sample's post "
                 "mean): do not read its sign as raw change"),
    _method("EN", "Edwards & Nunnally (Speer 1992)", "[post - (r (pre - M_pre) + M_pre)] / SEM",
            "Speer, D. C. (1992). Clinically significant change: Jacobson and Truax (1991) "
            "revisited. J Consult Clin Psychol, 60(3), 402-408. doi:10.1037/0022-006X.60.3.402 "
            "(Edwards-Nunnally)", ("m_pre",), _en),
    _method("NK", "Nunnally & Kotsch (1983)",
            "[post - (r (pre - M_pre) + M_pre)] / sqrt(r^2 SD_pre^2 (1 - r) + SD_pre^2 "
            "(1 - r_post))",
            "Nunnally, J. C., & Kotsch, W. E. (1983). Studies of individual subjects: logic and "
            "methods of analysis. Br J Clin Psychol, 22, 83-93. "
            "doi:10.1111/j.2044-8260.1983.tb00582.x", ("m_pre",), _nk),
    _method("HA", "Hageman & Arrindell (1999)",
            "[(post - pre) r_dd + (M_post - M_pre)(1 - r_dd)] / (sqrt(r_dd) sqrt(2) SEM)",
            "Hageman, W. J., & Arrindell, W. A. (1999). Establishing clinically significant "
            "change. Behav Res Ther, 37(12), 1169-1193. doi:10.1016/S0005-7967(99)00032-7",
            ("m_pre", "m_post", "sd_post", "r_prepost"), _ha, z=Z_95),
)})


# --------------------------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------------------------
class ReliableChangeResult(Result):
    """Reliable change for each row.

    ``.summary``: ``id, pre, post, change, rci, reliable, improved, unchanged, deteriorated``,
    with a cutoff ``pre_clinical, post_clinical``, and ``category``. ``.method`` is the RCI
    method's key (``"JT"`` ...; its entry in :data:`casekit.clinical.RCI_METHODS` tells the
    rest).

    Attributes
    ----------
    s_diff : float
        Jacobson-Truax standard error of the difference, sqrt(2) SEM (for a published raw RCI:
        value / z).
    se : float
        The denominator of the chosen RCI method.
    sem : float
        Standard error of measurement SD sqrt(1 - r) (NaN with a published raw RCI).
    threshold : float
        ``z * se``: for JT, the minimum reliable raw change (the published value when the
        instrument's raw RCI is used).
    rc : float or None
        JT only: the raw-point band (``threshold``), as :func:`casekit.plot.jacobson_plot`
        reads it.
    rule : str or None
        JT only: how a change meets the band (``">"``, or the registry rule of a published
        RCI).
    constant_band : bool
        True when reliable change is identity +- a constant in the pre/post plane (JT):
        ``RCI_METHODS[method].constant_band``.
    sd_used : float
        SD behind SEM (NaN with a published raw RCI).
    sd_source : str
        Where ``sd_used`` (or the published RCI) comes from.
    reliability : float
        Reliability used (NaN with a published raw RCI).
    reliability_source : str or None
        Where the reliability comes from.
    z : float
        Critical value.
    cutoff : float or None
        Clinical cutoff used for recovered / harmed.
    cutoff_source : str or None
        Where the cutoff comes from.
    improvement : str
        ``"increase"`` or ``"decrease"``.
    m_pre : float
        Group mean at pre used by the regression-based methods (NaN for JT).
    m_post : float
        Group mean at post used by the regression-based methods (NaN for JT).
    r_dd : float
        HA: reliability of the difference (NaN otherwise).
    group_stats_source : str or None
        ``"sample (n complete rows)"`` or ``"norms"`` (regression-based methods).
    n : int
        Complete rows analysed.
    layout : str
        How the input was read (arrays, wide, long).
    counts : pandas.DataFrame
        ``category, n, percent``.
    dropped : pandas.DataFrame
        Rows left out (``missing="drop"``), with the reason.
    """

    s_diff: float
    se: float
    sem: float
    threshold: float
    rc: float | None = None
    rule: str | None = None
    constant_band: bool = False
    sd_used: float
    sd_source: str
    reliability: float
    reliability_source: str | None = None
    z: float
    cutoff: float | None = None
    cutoff_source: str | None = None
    improvement: str
    m_pre: float = float("nan")
    m_post: float = float("nan")
    r_dd: float = float("nan")
    group_stats_source: str | None = None
    n: int
    layout: str
    counts: pd.DataFrame
    dropped: pd.DataFrame


# --------------------------------------------------------------------------------------------
# constants: reliability, SD, published RCI, group statistics
# --------------------------------------------------------------------------------------------
def stated_sd(sd: float | None, rci_reg: ReliableChange | None, inst: Instrument | None, *,
              published_ok: bool) -> tuple[float, str, float | None] | None:
    """The SD behind an RCI from ``sd=`` or the instrument's registry entry, or None.

    Precedence: ``sd=``; then, when ``published_ok``, the instrument's published RCI
    (``rci.value``, points; the SD is then not used and is NaN); then ``rci.sd``. Returns
    ``(sd_used, sd_source, published)`` with ``published`` the published RCI or None, or None
    when neither source gives an SD (the caller decides what comes next).
    """
    if sd is not None:
        return check_float(sd, "sd", minimum=0.0, inclusive=False, finite=True), "given (sd=)", None
    if published_ok and rci_reg is not None and rci_reg.value is not None:
        assert inst is not None  # rci_reg is the entry of inst
        published = float(rci_reg.value)
        return (float("nan"), f"instrument published RCI ({inst.name}: {published:g} points)",
                published)
    if rci_reg is not None and rci_reg.sd is not None:
        assert inst is not None  # rci_reg is the entry of inst
        return float(rci_reg.sd), f"instrument ({inst.name} rci.sd)", None
    return None


def refuse_unused_reliability(reliability: float | None, published: float | None,
                              inst: Instrument | None) -> None:
    """An explicit ``reliability=`` has no role when the published raw RCI is used."""
    if reliability is not None and published is not None:
        assert inst is not None  # a published RCI comes from the instrument's registry entry
        raise ValueError(
            f"reliability={reliability!r} would not be used: without sd= the instrument's "
            f"published raw RCI applies ({inst.name}: {published:g} points). Pass sd= as well "
            "to compute the RCI from sd and reliability, or leave reliability out")


def _reliability(reliability: float | None, inst: Instrument | None,
                 nd: Mapping[str, float]) -> tuple[float | None, str | None]:
    """``(r, source)``: given, the instrument's ``rci.reliability``, norms, or (None, None)."""
    rel, source = reliability, "given"
    rci_reg = inst.rci if inst is not None else None
    if rel is None:
        if rci_reg is not None and rci_reg.reliability is not None:
            assert inst is not None  # rci_reg is the entry of inst
            rel, source = rci_reg.reliability, f"instrument ({inst.name} rci.reliability)"
        elif "reliability" in nd:
            rel, source = nd["reliability"], "norms"
    if rel is None:
        return None, None
    return check_float(rel, "reliability", minimum=0.0, maximum=1.0, inclusive=False,
                       finite=True), source


def _sd(sd: float | None, reliability: float | None, inst: Instrument | None,
        nd: Mapping[str, float], pairs: PrePost,
        method: RciMethod) -> tuple[float, str, float | None]:
    """``(sd_used, sd_source, published)`` in the order of precedence of the docstring."""
    rci_reg = inst.rci if inst is not None else None
    stated = stated_sd(sd, rci_reg, inst, published_ok=method.constant_band)
    if stated is not None:
        refuse_unused_reliability(reliability, stated[2], inst)
        return stated
    if "sd_pre" in nd:
        return nd["sd_pre"], "norms (sd_pre)", None
    if pairs.n >= 2:
        return (float(np.std(pairs.pre, ddof=1)),
                f"sample SD of the pre scores (n - 1, {pairs.n} complete rows)", None)
    raise ValueError("one case needs sd= and reliability= (or an instrument with reliable-"
                     "change constants): the SD cannot be estimated from a single pre score")


def _group_stats(method: RciMethod, pairs: PrePost, nd: Mapping[str, float],
                 ) -> tuple[float, float, float, float, str | None]:
    """``(m_pre, m_post, sd_post, r12, source)`` for a regression-based method: from the sample
    (3 or more rows) or from ``norms=``; NaN and None for JT."""
    nan = float("nan")
    if not method.group_stats:
        return nan, nan, nan, nan, None
    pre, post = pairs.pre, pairs.post
    if pairs.n >= 3:
        return (float(pre.mean()), float(post.mean()), float(np.std(post, ddof=1)),
                float(np.corrcoef(pre, post)[0, 1]), f"sample ({pairs.n} complete rows)")
    lack = [k for k in method.group_stats if k not in nd]
    if lack:
        raise NotEnoughPointsError(
            f"method {method.key!r} needs group statistics (the sample's means, SDs and "
            f"pre-post correlation); with {pairs.n} row(s) pass them as norms= "
            f"({', '.join(lack)} missing) or use method='JT'")
    return (nd.get("m_pre", nan), nd.get("m_post", nan), nd.get("sd_post", nan),
            nd.get("r_prepost", nan), "norms")


# --------------------------------------------------------------------------------------------
# the index and its categories
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Index:
    rci: np.ndarray
    se: float
    s_diff: float
    sem: float
    r_dd: float
    z: float
    threshold: float
    improved: np.ndarray
    deteriorated: np.ndarray


def _published_index(change: np.ndarray, published: float, rci_reg: ReliableChange,
                     z: float | None, d: float) -> _Index:
    """A published raw RCI (PHQ-9: 6 points): the raw change meets it under the registry rule."""
    zval = float(rci_reg.z) if z is None and rci_reg.z is not None else (
        Z_975 if z is None else check_float(z, "z", minimum=0.0, inclusive=False, finite=True))
    s_diff = published / zval
    with np.errstate(invalid="ignore"):
        if rci_reg.rule == ">=":
            improved, deteriorated = d * change >= published, -d * change >= published
        else:
            improved, deteriorated = d * change > published, -d * change > published
    return _Index(rci=change / s_diff, se=s_diff, s_diff=s_diff, sem=float("nan"),
                  r_dd=float("nan"), z=zval, threshold=float(published), improved=improved,
                  deteriorated=deteriorated)


def _method_index(method: RciMethod, stats: RciStats, z: float | None, d: float) -> _Index:
    zval = method.z if z is None else check_float(z, "z", minimum=0.0, inclusive=False,
                                                  finite=True)
    rci, se, r_dd = method.compute(stats)
    return _Index(rci=rci, se=se, s_diff=math.sqrt(2.0) * stats.sem, sem=stats.sem, r_dd=r_dd,
                  z=zval, threshold=float(zval * se), improved=d * rci > zval,
                  deteriorated=d * rci < -zval)


def _cutoff(cutoff: str | float | None, inst: Instrument | None, nd: Mapping[str, float],
            pairs: PrePost, hib: bool, cutoff_b_sd: str) -> tuple[float | None, str | None, str]:
    """``(value, source, rule)`` of the clinical cutoff, or (None, None, "strict")."""
    if cutoff is None:
        return None, None, "strict"
    if not isinstance(cutoff, str):
        return check_float(cutoff, "cutoff", finite=True), "given", "strict"
    cutoff = check_option(cutoff, "cutoff", ("a", "b", "c", "instrument"))
    if cutoff == "instrument":
        if inst is None or inst.cutoff is None:
            raise ValueError("cutoff='instrument' needs an instrument with a clinical "
                             "cutoff in the registry")
        rule = inst.cutoff.rule
        return (float(inst.cutoff.value), f"instrument ({inst.name} {inst.cutoff.name}, "
                f"rule {rule})", rule)
    n = pairs.n
    mc = nd.get("clinical_mean", float(pairs.pre.mean()) if n >= 2 else None)
    sc = nd.get("clinical_sd", float(np.std(pairs.pre, ddof=1)) if n >= 2 else None)
    if mc is None or sc is None:
        raise ValueError(f"cutoff {cutoff!r} needs the clinical mean and SD: pass "
                         "norms= (one case cannot supply them)")
    if cutoff in ("b", "c") and ("functional_mean" not in nd or (
            cutoff == "c" or cutoff_b_sd == "functional") and "functional_sd" not in nd):
        raise ValueError(f"cutoff {cutoff!r} needs norms with functional_mean and "
                         "functional_sd")
    cuts = clinical_cutoffs(mc, sc, nd.get("functional_mean"), nd.get("functional_sd"),
                            higher_is_better=hib, cutoff_b_sd=cutoff_b_sd)
    value = getattr(cuts, cutoff)
    src = "norms" if "clinical_mean" in nd else "sample pre scores"
    return float(value), f"cutoff {cutoff} (clinical mean/SD from {src})", "strict"


def _summary(pairs: PrePost, idx: _Index, cut_value: float | None, cut_rule: str,
             hib: bool) -> pd.DataFrame:
    reliable = idx.improved | idx.deteriorated
    cats = category_labels(idx.improved, idx.deteriorated)
    out = {"id": pairs.cases, "pre": pairs.pre, "post": pairs.post, "change": pairs.change,
           "rci": idx.rci, "reliable": reliable, "improved": idx.improved,
           "unchanged": ~reliable, "deteriorated": idx.deteriorated}
    if cut_value is not None:
        pre_clin, pre_func = cutoff_sides(pairs.pre, cut_value, hib, cut_rule)
        post_clin, post_func = cutoff_sides(pairs.post, cut_value, hib, cut_rule)
        cats = np.where(idx.improved & pre_clin & post_func, "recovered", cats)
        cats = np.where(idx.deteriorated & pre_func & post_clin, "harmed", cats).astype(object)
        out["pre_clinical"] = pre_clin
        out["post_clinical"] = post_clin
    out["category"] = cats
    return pd.DataFrame(out)


def _notes(method: RciMethod, cut_value: float | None, pairs: PrePost, published: float | None,
           inst: Instrument | None) -> list[str]:
    notes = list(pairs.notes)
    if method.note:
        notes.append(method.note)
    if method.key == "HA" and cut_value is not None:
        notes.append("HA with a cutoff: recovered/harmed use the Jacobson-Truax cutoff, not "
                     "Hageman & Arrindell's reliability-corrected cutoff and cs_indiv "
                     "criterion of clinicalsignificance cs_combined(rci_method = 'HA')")
    if pairs.n_dropped:
        notes.append(f"{pairs.n_dropped} row(s) without both scores left out (see .dropped)")
    if published is not None:
        assert inst is not None and inst.rci is not None  # a published RCI comes from it
        notes.append(f"reliable change = raw change {inst.rci.rule} {published:g} points "
                     f"({inst.name} registry)")
    return notes


# --------------------------------------------------------------------------------------------
# the public function
# --------------------------------------------------------------------------------------------
@renamed_arguments(id="case_col", time="time_col", outcome="value_col", ids="cases")
def reliable_change(pre: ArrayLike | str | None = None, post: ArrayLike | str | None = None, *,
                    data: pd.DataFrame | None = None, case_col: str | None = None,
                    time_col: str | None = None, value_col: str | None = None,
                    pre_time: Hashable = None, post_time: Hashable = None,
                    instrument: str | Instrument | None = None, sd: float | None = None,
                    reliability: float | None = None, method: str = "JT",
                    z: float | None = None, improvement: str | Instrument | None = None,
                    cutoff: str | float | None = None,
                    norms: Mapping[str, float | None] | Norms | None = None,
                    cases: ArrayLike | None = None, reliability_post: float | None = None,
                    cutoff_b_sd: str = "functional",
                    missing: str = "error") -> ReliableChangeResult:
    r"""Reliable change index (Jacobson & Truax 1991 and variants) and clinical significance.

    Parameters
    ----------
    pre, post : float, array-like or str
        Pre and post scores (one case or many rows), or column names of ``data`` (wide).
    data : pandas.DataFrame, optional
        Wide data (``pre``, ``post`` and optionally ``case_col`` column names) or long data
        (``case_col``, ``time_col``, ``value_col``, ``pre_time``, ``post_time``, like
        clinicalsignificance's ``id``, ``time``, ``outcome``, ``pre``, ``post``).
    case_col, time_col, value_col : str, optional
        Column names: the case (``id`` in clinicalsignificance; rows are numbered 1..n without
        it in wide data), the measurement time and the score (long data).
    pre_time, post_time : optional
        The labels of the two measurements in ``time_col``; ``post_time`` may be omitted when
        ``time_col`` has exactly two values, ``pre_time`` when the column is categorical (its
        first category, as for an R factor; noted in the result).
    instrument : str or Instrument, optional
        Registry instrument: direction, RCI constants (published raw RCI, or SD and reliability)
        and norms.
    sd : float, optional
        SD for the standard error of measurement. Default: the instrument's published RCI or
        its ``rci.sd``, else the n - 1 SD of the pre scores of the complete rows (needs at
        least 2 rows). ``.sd_source`` says which was used.
    reliability : float, optional
        Reliability r_xx (default: the instrument's ``rci.reliability`` or ``norms.reliability``).
        With an instrument whose published raw RCI applies (no ``sd=``), passing it raises
        ``ValueError``: it would not be used.
    method : {"JT", "GLN", "HLL", "EN", "NK", "HA"}
        RCI method (clinicalsignificance ``rci_method``); :data:`RCI_METHODS` lists them with
        their formulas and references.
    z : float, optional
        Critical value; default qnorm(.975) = 1.959964 (HA: one-sided qnorm(.95) = 1.644854,
        as clinicalsignificance does). With a published raw RCI the registry's z is reported.
    improvement : {"increase", "decrease"}, str or Instrument, optional
        Direction (clinicalsignificance ``better_is = "higher" | "lower"``), or an instrument
        name whose registry entry gives it; default from ``instrument``.
    cutoff : None, "a", "b", "c", "instrument" or float
        Clinical cutoff for recovered / harmed. "a"/"b"/"c" are computed from ``norms`` (the
        clinical mean and SD default to the sample's pre scores, as clinicalsignificance does);
        "instrument" uses the registry's clinical cutoff and its rule.
    norms : dict or registry Norms, optional
        ``clinical_mean, clinical_sd, functional_mean, functional_sd, reliability`` for cutoffs
        and ``m_pre, sd_pre, m_post, sd_post, r_prepost`` (stated group statistics for the
        regression-based methods when only one case is given). Default: the instrument's.
    cases : array-like, optional
        Case labels for array input (with ``data=`` name the column with ``case_col=``).
    reliability_post : float, optional
        NK only (other methods raise): reliability at post (default: ``reliability``).
    cutoff_b_sd : {"functional", "clinical"}
        SD in cutoff b (see :func:`clinical_cutoffs`).
    missing : {"error", "drop"}
        Rows with a missing pre or post score raise an error unless ``"drop"``; dropped rows are
        listed in ``.dropped``.

    Returns
    -------
    ReliableChangeResult
        ``.summary``: ``id`` (the case), ``pre, post, change`` (post - pre), ``rci``,
        ``reliable`` (bool), ``improved, unchanged, deteriorated`` (bool), with a cutoff
        ``pre_clinical, post_clinical`` (bool), and ``category``. Attributes ``s_diff, se,
        threshold, sd_used, sd_source, reliability, method, z, cutoff, cutoff_source,
        improvement, m_pre, m_post, r_dd, n``; ``.counts`` (category, n, percent) and
        ``.dropped``.

    See Also
    --------
    clinical_cutoffs : cutoffs a, b, c.
    session_reliable_change : every session of one case against intake.
    statistical_change, anchor_change, percentage_change : the other approaches.
    casekit.sudden.crit1_cutoff_from_rci : the same S_diff as a sudden-gain cutoff.

    Notes
    -----
    With SEM = SD_pre sqrt(1 - r), M and SD from the complete rows (n - 1 SDs) or ``norms``:

    ===  =========================================================================
    JT   (post - pre) / (sqrt(2) SEM)
    GLN  [(post - M_pre) - r (pre - M_pre)] / (SD_pre sqrt(1 - r^2))
    HLL  [(post - M_post) - r (pre - M_pre)] / (SD_pre sqrt(1 - r^2))
    EN   [post - (r (pre - M_pre) + M_pre)] / SEM
    NK   [post - (r (pre - M_pre) + M_pre)] / sqrt(r^2 SD_pre^2 (1 - r) + SD_pre^2 (1 - r_post))
    HA   [(post - pre) r_dd + (M_post - M_pre)(1 - r_dd)] / (sqrt(r_dd) sqrt(2) SEM)
    ===  =========================================================================

    HA: r_xx1 = (SD_pre^2 - SEM^2) / SD_pre^2, r_xx2 = (SD_post^2 - SEM^2) / SD_post^2,
    r_dd = (SD_pre^2 r_xx1 + SD_post^2 r_xx2 - 2 SD_pre SD_post r12) / (SD_pre^2 + SD_post^2 -
    2 SD_pre SD_post r12), r12 the pre-post correlation.

    Categories, with d = +1 when higher is better and -1 otherwise: **improved** if
    d RCI > z, **deteriorated** if d RCI < -z, else **unchanged** (strict, as
    clinicalsignificance). With a published raw RCI (PHQ-9: 6 points) the raw change is
    compared with it under the registry's rule (``>=``: a change of exactly 6 is reliable).
    With a cutoff: **recovered** = improved, pre on the clinical side and post on the
    functional side; **harmed** = deteriorated, pre on the functional side and post on the
    clinical side. Numeric cutoffs (and a/b/c) use strict inequalities on both sides, as
    clinicalsignificance; ``cutoff="instrument"`` uses the cutoff's rule (PHQ-9 >= 10 is
    clinical, so post <= 9 is functional).

    Mirrors clinicalsignificance 2.1.0.9000 ``cs_distribution`` / ``cs_combined`` (to 1e-12 on
    its ``jacobson_1989`` and ``claus_2020`` examples). Differences: casekit never drops rows
    silently (``missing="drop"`` reports them); cutoff b uses SD_func (Jacobson & Truax) unless
    ``cutoff_b_sd="clinical"``; with ``method="HA"`` and a cutoff, casekit classifies with the
    Jacobson-Truax cutoff above, whereas ``cs_combined(rci_method = "HA")`` uses Hageman &
    Arrindell's reliability-corrected cutoffs and their ``cs_indiv`` criterion (not
    implemented here, see :func:`statistical_change` with ``cutoff_method="HA"``; the result
    carries a note). **HLL's sign is relative to the group**: it subtracts the sample's post
    mean, so it measures change relative to the average change (never read it as raw
    change). The regression-based methods need group statistics: for a single case without
    ``norms`` they are refused.

    References
    ----------
    Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12. Speer (1992),
    doi:10.1037/0022-006X.60.3.402. Hsu (1999), doi:10.1037/1040-3590.11.3.341. Hageman &
    Arrindell (1999), doi:10.1016/S0005-7967(99)00032-7.

    Examples
    --------
    >>> res = reliable_change(20, 8, instrument="PHQ-9")
    >>> res.summary[["pre", "post", "change", "category"]]
        pre  post  change  category
    0  20.0   8.0   -12.0  improved
    >>> res.sd_source
    'instrument published RCI (PHQ-9: 6 points)'
    """
    rci_method = RCI_METHODS[check_option(method, "method", tuple(RCI_METHODS))]
    if reliability_post is not None and rci_method.key != "NK":
        raise ValueError(f"reliability_post is used by method='NK' only; got method={method!r}")
    missing = check_option(missing, "missing", MISSING_PAIRS)
    cutoff_b_sd = check_option(cutoff_b_sd, "cutoff_b_sd", CUTOFF_B_SD)
    inst = resolve_instrument(instrument)
    improvement = resolve_improvement(improvement, instrument=inst).improvement
    hib = improvement == "increase"
    d = 1.0 if hib else -1.0
    nd = norms_dict(norms, inst)
    pairs = pre_post_pairs(pre, post, data=data, case_col=case_col, time_col=time_col,
                           value_col=value_col, pre_time=pre_time, post_time=post_time,
                           cases=cases, missing=missing)
    rel, rel_source = _reliability(reliability, inst, nd)
    sd_used, sd_source, published = _sd(sd, reliability, inst, nd, pairs, rci_method)
    if published is None and rel is None:
        raise ValueError("reliability is required: pass reliability= or an instrument whose "
                         "registry entry has rci.reliability")
    m_pre, m_post, sd_post, r12, stats_source = _group_stats(rci_method, pairs, nd)
    if published is not None:
        assert inst is not None and inst.rci is not None  # a published RCI comes from it
        idx = _published_index(pairs.change, published, inst.rci, z, d)
        rc_rule = inst.rci.rule
    else:
        assert rel is not None  # without a published RCI a missing reliability raised above
        rp = rel if reliability_post is None else check_float(
            reliability_post, "reliability_post", minimum=0.0, maximum=1.0, inclusive=False,
            finite=True)
        stats = RciStats(pre=pairs.pre, post=pairs.post, sd=sd_used, reliability=rel,
                         reliability_post=rp, m_pre=m_pre, m_post=m_post, sd_post=sd_post,
                         r12=r12)
        idx = _method_index(rci_method, stats, z, d)
        rc_rule = ">"
    cut_value, cut_source, cut_rule = _cutoff(cutoff, inst, nd, pairs, hib, cutoff_b_sd)
    # the tables are built on first access (a loop over many cases that reads only the
    # fields does not pay for them; issue #16); they read only arrays this call computed
    table = functools.cache(lambda: _summary(pairs, idx, cut_value, cut_rule, hib))

    options = {"method": rci_method.key, "improvement": improvement, "z": idx.z,
               "sd_source": sd_source}
    if rel is not None and published is None:
        options["reliability"] = rel
    if cut_value is not None:
        options["cutoff"] = cut_value
    jt = rci_method.constant_band
    return ReliableChangeResult(
        table, method=rci_method.key, options=options, reference=rci_method.reference,
        mirrors=_MIRRORS, variant=f"{rci_method.label}: {rci_method.formula}",
        notes=_notes(rci_method, cut_value, pairs, published, inst),
        title=f"Reliable change ({rci_method.key})",
        s_diff=float(idx.s_diff), se=float(idx.se), sem=float(idx.sem),
        threshold=idx.threshold, rc=idx.threshold if jt else None,
        rule=rc_rule if jt else None,
        constant_band=jt, sd_used=float(sd_used), sd_source=sd_source,
        reliability=float("nan") if rel is None else float(rel),
        reliability_source=rel_source, z=float(idx.z), cutoff=cut_value,
        cutoff_source=cut_source, improvement=improvement, m_pre=float(m_pre),
        m_post=float(m_post), r_dd=float(idx.r_dd), group_stats_source=stats_source,
        n=pairs.n, layout=pairs.layout,
        counts=deferred(lambda: category_counts(
            table()["category"].to_numpy(),
            CATEGORIES if cut_value is not None else ("improved", "unchanged", "deteriorated"))),
        dropped=deferred(lambda: pairs.dropped))
