"""The statistical approach to clinical significance: did a case cross from the clinical into
the functional population (clinicalsignificance ``cs_statistical``)?"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._input import resolve_improvement
from .._validate import check_float, check_option
from ..registry import Instrument
from ..results import Result
from ._common import (
    BASIC_CATEGORIES,
    REF_CLAUS,
    REF_JT,
    Z_95,
    category_counts,
    individual_table,
    resolve_instrument,
)
from ._cutoffs import CUTOFF_B_SD, jt_cutoff
from ._pairs import PrePost, pre_post_pairs

__all__ = ["StatisticalChangeResult", "statistical_change", "CUTOFF_METHODS"]

REF_HA = ("Hageman, W. J., & Arrindell, W. A. (1999). Establishing clinically significant "
          "change. Behav Res Ther, 37(12), 1169-1193. doi:10.1016/S0005-7967(99)00032-7")

#: Cutoff methods: Jacobson & Truax (1991), or Hageman & Arrindell's (1999) reliability-
#: corrected ("true score") cutoffs with their individual criterion.
CUTOFF_METHODS = ("JT", "HA")


class StatisticalChangeResult(Result):
    """The statistical approach: each case's position against a population cutoff.

    ``.summary`` (clinicalsignificance's ``cs_get_augmented_data``): ``id``, ``group`` (when
    grouped), ``pre, post, change``, HA: ``cs_indiv``, then ``clinical_pre, functional_post``,
    HA: ``clinical_post``, then ``improved, deteriorated, unchanged, category``.

    Attributes
    ----------
    cutoff : float
        The cutoff value.
    cutoff_type : str
        ``"a"``, ``"b"`` or ``"c"``.
    cutoff_method : str
        ``"JT"`` or ``"HA"``.
    cutoff_info : pandas.DataFrame
        One row: ``m_clinical, sd_clinical, m_functional, sd_functional`` (HA:
        ``reliability_clinical, reliability_functional``), ``type`` (HA: ``"a_true"`` ...)
        and ``value`` (clinicalsignificance's ``cutoff_results$info``).
    z : float or None
        HA: the one-sided critical value of ``cs_indiv``; None for JT (not used).
    reliability : float or None
        HA: the reliability of the instrument in the clinical population.
    reliability_post : float or None
        HA: the reliability re-estimated at post, (SD_post^2 - SEM^2) / SD_post^2.
    m_post : float or None
        HA: mean of the post scores.
    sd_post : float or None
        HA: SD of the post scores (n - 1).
    functional_source : str or None
        Where the functional mean and SD come from (given or the instrument's norms).
    improvement : str
        ``"increase"`` or ``"decrease"``.
    n : int
        Cases analysed.
    n_original : int
        Cases in the data.
    counts : pandas.DataFrame
        ``category, n, percent`` (with ``group`` first when grouped; percent within group).
    dropped : pandas.DataFrame
        Cases left out (``missing="drop"``), with the reason.
    layout : str
        How the input was read.
    """

    cutoff: float
    cutoff_type: str
    cutoff_method: str
    cutoff_info: pd.DataFrame
    z: float | None = None
    reliability: float | None = None
    reliability_post: float | None = None
    m_post: float | None = None
    sd_post: float | None = None
    functional_source: str | None = None
    improvement: str
    n: int
    n_original: int
    counts: pd.DataFrame
    dropped: pd.DataFrame
    layout: str


@dataclass(frozen=True)
class _Populations:
    """Clinical population (the sample's pre scores) and the stated functional population."""

    m_clinical: float
    sd_clinical: float
    m_functional: float | None
    sd_functional: float | None
    source: str | None


def _populations(pairs: PrePost, functional_mean: float | None, functional_sd: float | None,
                 inst: Instrument | None, cutoff_type: str, cutoff_b_sd: str) -> _Populations:
    if pairs.n < 2:
        raise ValueError("the statistical approach estimates the clinical population from the "
                         "pre scores: it needs at least 2 cases with both scores")
    mf = check_float(functional_mean, "functional_mean", allow_none=True, finite=True)
    sf = check_float(functional_sd, "functional_sd", minimum=0.0, inclusive=False,
                     allow_none=True, finite=True)
    source = None if mf is None and sf is None else "given"
    needs_sf = cutoff_type == "c" or (cutoff_type == "b" and cutoff_b_sd == "functional")
    if (mf is None or (needs_sf and sf is None)) and cutoff_type in ("b", "c"):
        norms = inst.norms if inst is not None else None
        if norms is not None and norms.functional_mean is not None and mf is None:
            mf, sf = norms.functional_mean, sf if sf is not None else norms.functional_sd
            assert inst is not None  # the norms are the instrument's
            source = f"instrument ({inst.name} norms)"
        if mf is None or (needs_sf and sf is None):
            raise ValueError(f"cutoff_type {cutoff_type!r} needs the functional population: "
                             "pass functional_mean= and functional_sd= (clinicalsignificance's "
                             "m_functional, sd_functional) or an instrument with norms")
    sd_c = float(np.std(pairs.pre, ddof=1))
    if not sd_c > 0:
        raise ValueError("the pre scores have no spread (SD 0): the clinical population is "
                         "undefined")
    return _Populations(float(np.mean(pairs.pre)), sd_c, mf, sf, source)


#: What _jt returns: the cutoff, the method's columns, improved, deteriorated, cutoff info.
_Cutoff = tuple[float, dict[str, np.ndarray], np.ndarray, np.ndarray, dict[str, object]]


def _jt(pairs: PrePost, pop: _Populations, cutoff_type: str, cutoff_b_sd: str,
        d: float) -> _Cutoff:
    value = jt_cutoff(cutoff_type, pop.m_clinical, pop.sd_clinical, pop.m_functional,
                      pop.sd_functional, higher_is_better=d > 0, cutoff_b_sd=cutoff_b_sd)
    clinical_pre = d * pairs.pre < d * value
    functional_post = d * pairs.post > d * value
    extra = {"clinical_pre": clinical_pre, "functional_post": functional_post}
    info: dict[str, object] = {"type": cutoff_type, "value": float(value)}
    return value, extra, clinical_pre & functional_post, ~clinical_pre & ~functional_post, info


def _ha_reliability(sd: float | None, sem: float) -> float | None:
    return None if sd is None else (sd ** 2 - sem ** 2) / sd ** 2


def _ha(pairs: PrePost, pop: _Populations, cutoff_type: str, cutoff_b_sd: str, d: float,
        rel: float, z: float) -> tuple[*_Cutoff, dict[str, float]]:
    sem = pop.sd_clinical * math.sqrt(1.0 - rel)
    m_post, sd_post = float(np.mean(pairs.post)), float(np.std(pairs.post, ddof=1))
    r_clin = _ha_reliability(pop.sd_clinical, sem)
    r_post = _ha_reliability(sd_post, sem)
    r_func = _ha_reliability(pop.sd_functional, sem)
    assert r_clin is not None and r_post is not None  # both SDs are given
    sc_true = pop.sd_clinical * math.sqrt(r_clin)
    # r_func is None exactly when sd_functional is
    sf_true = (None if r_func is None or pop.sd_functional is None
               else pop.sd_functional * math.sqrt(r_func))
    if cutoff_type == "a":
        value = pop.m_clinical + d * 2 * sc_true
    elif cutoff_type == "b":
        # _populations: cutoffs b and c have the functional mean, and its SD where they use it
        assert pop.m_functional is not None
        b_sd = sf_true if cutoff_b_sd == "functional" else sc_true
        assert b_sd is not None
        value = pop.m_functional - d * 2 * b_sd
    else:
        assert pop.m_functional is not None and sf_true is not None
        value = (sc_true * pop.m_functional + sf_true * pop.m_clinical) / (sc_true + sf_true)
    cs_indiv = (m_post + (pairs.post - m_post) * r_post - value) / (math.sqrt(r_post) * sem)
    clinical_pre = d * pairs.pre < d * value
    functional_post = clinical_pre & (d * cs_indiv > z)
    clinical_post = ~clinical_pre & (d * cs_indiv < -z)
    extra = {"cs_indiv": cs_indiv, "clinical_pre": clinical_pre,
             "functional_post": functional_post, "clinical_post": clinical_post}
    info: dict[str, object] = {"reliability_clinical": r_clin,
            "reliability_functional": float("nan") if r_func is None else r_func,
            "type": f"{cutoff_type}_true", "value": float(value)}
    post = {"reliability_post": r_post, "m_post": m_post, "sd_post": sd_post}
    return value, extra, functional_post, clinical_post, info, post


def _ha_reliability_arg(reliability: float | None, inst: Instrument | None,
                        cutoff_method: str) -> float | None:
    """The reliability HA needs (given, or the instrument's), refused for JT."""
    if cutoff_method == "JT":
        if reliability is not None:
            raise ValueError("reliability is used by cutoff_method='HA' only (the JT cutoffs "
                             "do not need it)")
        return None
    if reliability is None and inst is not None:
        reliability = (inst.rci.reliability if inst.rci is not None else None) or (
            inst.norms.reliability if inst.norms is not None else None)
    if reliability is None:
        raise ValueError("cutoff_method='HA' needs reliability= (or an instrument with a "
                         "reliability in its registry entry)")
    return check_float(reliability, "reliability", minimum=0.0, maximum=1.0, inclusive=False,
                       finite=True)


def statistical_change(pre: ArrayLike | str | None = None, post: ArrayLike | str | None = None, *,
                       data: pd.DataFrame | None = None, case_col: str | None = None,
                       time_col: str | None = None, value_col: str | None = None,
                       pre_time: Hashable = None, post_time: Hashable = None,
                       cases: ArrayLike | None = None, group_col: str | None = None,
                       cutoff_type: str = "a", cutoff_method: str = "JT",
                       functional_mean: float | None = None, functional_sd: float | None = None,
                       reliability: float | None = None,
                       instrument: str | Instrument | None = None,
                       improvement: str | Instrument | None = None, z: float | None = None,
                       cutoff_b_sd: str = "functional",
                       missing: str = "error") -> StatisticalChangeResult:
    r"""The statistical approach to clinical significance: did each case move from the
    clinical population (its pre scores) into the functional population?

    Parameters
    ----------
    pre, post, data, case_col, time_col, value_col, pre_time, post_time, cases, missing
        The pre/post scores, as in :func:`reliable_change`.
    group_col : str, optional
        A column of ``data`` with each case's group: the counts are given per group (the
        clinical population is the whole sample, as in clinicalsignificance).
    cutoff_type : {"a", "b", "c"}
        Jacobson & Truax's cutoffs (see :func:`clinical_cutoffs`): a needs only the clinical
        population, b and c the functional one.
    cutoff_method : {"JT", "HA"}
        Jacobson & Truax (1991), or Hageman & Arrindell's (1999) cutoffs on true scores with
        their individual criterion (needs ``reliability``).
    functional_mean, functional_sd : float, optional
        The functional (non-clinical) population (clinicalsignificance's ``m_functional``,
        ``sd_functional``); default the instrument's norms.
    reliability : float, optional
        HA only: reliability of the instrument (default the instrument's).
    instrument : str or Instrument, optional
        Registry instrument: direction, functional norms, reliability.
    improvement : {"increase", "decrease"}, str or Instrument, optional
        Direction (clinicalsignificance ``better_is``); default from ``instrument``.
    z : float, optional
        HA: critical value of ``cs_indiv`` (default one-sided qnorm(.95) = 1.644854).
    cutoff_b_sd : {"functional", "clinical"}
        SD in cutoff b: Jacobson & Truax's SD_func (default) or clinicalsignificance's SD_clin
        (``"clinical"`` mirrors it).

    Returns
    -------
    StatisticalChangeResult
        ``.summary`` (one row per case), ``.counts`` (``[group], category, n, percent``),
        ``.cutoff`` and ``.cutoff_info`` (m_clinical, sd_clinical, m_functional,
        sd_functional, type, value).

    See Also
    --------
    clinical_cutoffs : the cutoffs a, b, c from stated populations.
    reliable_change : reliable change, and with ``cutoff=`` the combined categories.

    Notes
    -----
    The clinical population is estimated from the pre scores of the cases analysed: M_clin,
    SD_clin (n - 1). With d = +1 when higher is better and -1 otherwise, **JT** (Jacobson &
    Truax 1991): a = M_clin + 2 d SD_clin, b = M_func - 2 d SD_func, c = (SD_clin M_func +
    SD_func M_clin) / (SD_clin + SD_func); clinical_pre = d pre < d cutoff, functional_post =
    d post > d cutoff (strict); **improved** = clinical_pre and functional_post,
    **deteriorated** = not clinical_pre and not functional_post, else **unchanged**.

    **HA** (Hageman & Arrindell 1999): SEM = SD_clin sqrt(1 - r); each population's
    reliability is re-estimated as r_p = (SD_p^2 - SEM^2) / SD_p^2 and the cutoffs use true-
    score SDs SD_p sqrt(r_p) (type reported as "a_true" ...). With M_post, SD_post and r_post
    of the post scores, cs_indiv = [M_post + (post - M_post) r_post - cutoff] / (sqrt(r_post)
    SEM); **improved** (functional_post) = clinical_pre and d cs_indiv > z, **deteriorated**
    (clinical_post) = not clinical_pre and d cs_indiv < -z, else **unchanged**.

    Mirrors clinicalsignificance 2.1.0.9000 ``cs_statistical`` (Claus et al. 2024) to 1e-12.
    Differences: cutoff b uses SD_func unless ``cutoff_b_sd="clinical"`` (R uses SD_clin, also
    for HA); a ``reliability`` with the JT method is refused (R ignores it with a message);
    casekit never drops cases silently; a grouped call works (it fails in R with dplyr <
    1.1.0), with percentages within each group.

    References
    ----------
    Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12. Hageman & Arrindell (1999),
    doi:10.1016/S0005-7967(99)00032-7. Claus, Wager & Bonnet (2024),
    doi:10.18637/jss.v111.i01.

    Examples
    --------
    >>> res = statistical_change([25, 28, 22, 30, 26], [10, 24, 12, 29, 9],
    ...                          improvement="decrease")
    >>> round(res.cutoff, 3), res.summary["category"].tolist()
    (20.134, ['improved', 'unchanged', 'improved', 'unchanged', 'improved'])
    """
    cutoff_type = check_option(cutoff_type, "cutoff_type", ("a", "b", "c"))
    cutoff_method = check_option(cutoff_method, "cutoff_method", CUTOFF_METHODS)
    cutoff_b_sd = check_option(cutoff_b_sd, "cutoff_b_sd", CUTOFF_B_SD)
    if z is not None and cutoff_method == "JT":
        raise ValueError("z is used by cutoff_method='HA' only (the JT approach compares "
                         "scores with the cutoff)")
    inst = resolve_instrument(instrument)
    rel = _ha_reliability_arg(reliability, inst, cutoff_method)
    direction = resolve_improvement(improvement, instrument=inst)
    d = 1.0 if direction.improvement == "increase" else -1.0
    pairs = pre_post_pairs(pre, post, data=data, case_col=case_col, time_col=time_col,
                           value_col=value_col, pre_time=pre_time, post_time=post_time,
                           cases=cases, group_col=group_col, missing=missing)
    pop = _populations(pairs, functional_mean, functional_sd, inst, cutoff_type, cutoff_b_sd)
    post_stats: dict[str, float] = {}
    if cutoff_method == "JT":
        value, extra, improved, deteriorated, info = _jt(pairs, pop, cutoff_type, cutoff_b_sd,
                                                         d)
    else:
        z = Z_95 if z is None else check_float(z, "z", minimum=0.0, inclusive=False,
                                               finite=True)
        assert rel is not None  # _ha_reliability_arg gives HA its reliability
        value, extra, improved, deteriorated, info, post_stats = _ha(
            pairs, pop, cutoff_type, cutoff_b_sd, d, rel, z)
    table = individual_table(pairs, extra, improved, deteriorated)
    cutoff_info = pd.DataFrame([{
        "m_clinical": pop.m_clinical, "sd_clinical": pop.sd_clinical,
        "m_functional": float("nan") if pop.m_functional is None else pop.m_functional,
        "sd_functional": float("nan") if pop.sd_functional is None else pop.sd_functional,
        **info}])
    return StatisticalChangeResult(
        table, method=f"Statistical approach to clinical significance ({cutoff_method})",
        options={"cutoff_type": cutoff_type, "cutoff_method": cutoff_method,
                 "improvement": direction.improvement, "cutoff_b_sd": cutoff_b_sd},
        reference=REF_JT if cutoff_method == "JT" else f"{REF_HA}; {REF_CLAUS}",
        variant=_variant(cutoff_type, cutoff_method, cutoff_b_sd),
        mirrors="clinicalsignificance 2.1.0.9000 cs_statistical"
                + (" (cutoff b with SD_clin)" if cutoff_b_sd == "clinical" else ""),
        notes=_notes(pairs, pop), title="Statistical approach to clinical significance",
        cutoff=float(value), cutoff_type=cutoff_type, cutoff_method=cutoff_method,
        cutoff_info=cutoff_info, z=z, reliability=rel,
        reliability_post=post_stats.get("reliability_post"), m_post=post_stats.get("m_post"),
        sd_post=post_stats.get("sd_post"), functional_source=pop.source,
        improvement=direction.improvement, n=pairs.n, n_original=pairs.n_original,
        counts=category_counts(table["category"].to_numpy(), BASIC_CATEGORIES, pairs.groups),
        dropped=pairs.dropped, layout=pairs.layout)


def _variant(cutoff_type: str, cutoff_method: str, cutoff_b_sd: str) -> str:
    what = {"JT": "Jacobson & Truax cutoff", "HA": "Hageman & Arrindell true-score cutoff "
            "and individual criterion"}[cutoff_method]
    b = f" (b with SD_{'func' if cutoff_b_sd == 'functional' else 'clin'})" \
        if cutoff_type == "b" else ""
    return f"{what} {cutoff_type}{b}"


def _notes(pairs: PrePost, pop: _Populations) -> list[str]:
    notes = list(pairs.notes)
    notes.append(f"clinical population from the {pairs.n} pre scores: M = "
                 f"{pop.m_clinical:.4g}, SD = {pop.sd_clinical:.4g}")
    if pop.source is not None and pop.source != "given":
        notes.append(f"functional population from the {pop.source}")
    if len(pairs.dropped):
        notes.append(f"{len(pairs.dropped)} case(s) without both scores left out "
                     "(see .dropped)")
    return notes
