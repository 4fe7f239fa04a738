"""Reliable change and clinical significance (Jacobson & Truax 1991 and variants).

Public functions:

- :func:`reliable_change`: pre/post reliable change index (RCI) for one case or many rows, with
  the variants JT, GLN, HLL, EN, NK and HA of clinicalsignificance ``cs_distribution`` and,
  with a cutoff, the categories recovered / improved / unchanged / deteriorated / harmed.
- :func:`clinical_cutoffs`: Jacobson & Truax cutoffs a, b and c.
- :func:`session_reliable_change`: every session of one case against intake (or a baseline
  mean), with the reliable-change band.

Formulas are written out in each docstring; domain/methods.md section 3 lists the sources.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ._validate import check_float, check_option
from .exceptions import CaseDataError, NotEnoughPointsError
from .results import Result

__all__ = [
    "reliable_change",
    "clinical_cutoffs",
    "session_reliable_change",
    "ReliableChangeResult",
    "ClinicalCutoffs",
    "SessionReliableChangeResult",
]

# qnorm(0.975) and qnorm(0.95) in R (clinicalsignificance 2.1.0.9000 critical values; the
# two-sided 95 % and one-sided 95 % standard-normal quantiles).
Z_975 = 1.959963984540054
Z_95 = 1.6448536269514722

METHODS = ("JT", "GLN", "HLL", "EN", "NK", "HA")
_REGRESSION = ("GLN", "HLL", "EN", "NK", "HA")
CATEGORIES = ("recovered", "improved", "unchanged", "deteriorated", "harmed")

_REF_JT = ("Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach "
           "to defining meaningful change in psychotherapy research. J Consult Clin Psychol, "
           "59(1), 12-19. doi:10.1037/0022-006X.59.1.12")
_REF_METHODS = {
    "JT": _REF_JT,
    "GLN": "Hsu, L. M. (1989). Reliable changes in psychotherapy: taking into account "
           "regression toward the mean. Behav Assess, 11, 459-467 (Gulliksen-Lord-Novick "
           "index)",
    "HLL": "Hsu, L. M. (1999). A comparison of three methods of identifying reliable and "
           "clinically significant client changes. Psychol Assess, 11(3), 341-351 (Hsu-Linn-"
           "Lord); doi:10.1037/1040-3590.11.3.341",
    "EN": "Speer, D. C. (1992). Clinically significant change: Jacobson and Truax (1991) "
          "revisited. J Consult Clin Psychol, 60(3), 402-408. doi:10.1037/0022-006X.60.3.402 "
          "(Edwards-Nunnally)",
    "NK": "Nunnally, J. C., & Kotsch, W. E. (1983). Studies of individual subjects: logic and "
          "methods of analysis. Br J Clin Psychol, 22, 83-93. "
          "doi:10.1111/j.2044-8260.1983.tb00582.x",
    "HA": "Hageman, W. J., & Arrindell, W. A. (1999). Establishing clinically significant "
          "change. Behav Res Ther, 37(12), 1169-1193. doi:10.1016/S0005-7967(99)00032-7",
}
_MIRRORS = "clinicalsignificance 2.1.0.9000 cs_distribution / cs_combined"
_NORM_KEYS = ("clinical_mean", "clinical_sd", "functional_mean", "functional_sd", "reliability",
              "m_pre", "sd_pre", "m_post", "sd_post", "r_prepost")


# --------------------------------------------------------------------------------------------
# cutoffs
# --------------------------------------------------------------------------------------------
class ClinicalCutoffs(Result):
    """Cutoffs a, b, c (attributes ``.a``, ``.b``, ``.c``; NaN when not computable)."""


def clinical_cutoffs(clinical_mean, clinical_sd, functional_mean=None, functional_sd=None, *,
                     higher_is_better, cutoff_b_sd="functional"):
    r"""Jacobson & Truax (1991) clinical-significance cutoffs a, b and c.

    Parameters
    ----------
    clinical_mean, clinical_sd : float
        Mean and SD of the clinical (dysfunctional) population.
    functional_mean, functional_sd : float, optional
        Mean and SD of the functional (non-clinical) population; b and c need them.
    higher_is_better : bool
        Direction of the measure.
    cutoff_b_sd : {"functional", "clinical"}
        SD used in cutoff b. Jacobson & Truax define b with SD_func (default);
        clinicalsignificance 2.1.0.9000 codes it with SD_clin (``"clinical"`` mirrors it).

    Returns
    -------
    ClinicalCutoffs
        ``.summary`` with ``cutoff`` (a, b, c) and ``value``; attributes ``.a``, ``.b``, ``.c``.

    See Also
    --------
    reliable_change : uses these cutoffs for recovered / harmed (``cutoff="a" | "b" | "c"``).

    Notes
    -----
    For lower-is-better measures (swap the signs of the 2 SD terms when higher is better):

    - a = M_clin - 2 SD_clin (2 SD beyond the clinical mean, towards health);
    - b = M_func + 2 SD_func (within 2 SD of the functional mean);
    - c = (SD_clin M_func + SD_func M_clin) / (SD_clin + SD_func).

    References
    ----------
    Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12.

    Examples
    --------
    >>> cut = clinical_cutoffs(40, 7.5, 60, 7.5, higher_is_better=True)
    >>> cut.a, cut.b, cut.c
    (55.0, 45.0, 50.0)
    """
    if not isinstance(higher_is_better, (bool, np.bool_)):
        raise TypeError(f"higher_is_better must be True or False; got {higher_is_better!r}")
    cutoff_b_sd = check_option(cutoff_b_sd, "cutoff_b_sd", ("functional", "clinical"))
    mc = check_float(clinical_mean, "clinical_mean", finite=True)
    sc = check_float(clinical_sd, "clinical_sd", minimum=0.0, inclusive=False, finite=True)
    mf = check_float(functional_mean, "functional_mean", allow_none=True, finite=True)
    sf = check_float(functional_sd, "functional_sd", minimum=0.0, inclusive=False,
                     allow_none=True, finite=True)
    sign = 1.0 if higher_is_better else -1.0
    a = mc + sign * 2.0 * sc
    b_sd = sf if cutoff_b_sd == "functional" else sc
    b = float("nan") if (mf is None or b_sd is None) else mf - sign * 2.0 * b_sd
    c = float("nan") if (mf is None or sf is None) else (sc * mf + sf * mc) / (sc + sf)
    table = pd.DataFrame({"cutoff": ["a", "b", "c"], "value": [a, b, c]})
    res = ClinicalCutoffs(table, method="Clinical-significance cutoffs (Jacobson & Truax 1991)",
                          options={"higher_is_better": bool(higher_is_better),
                                   "cutoff_b_sd": cutoff_b_sd},
                          reference=_REF_JT, mirrors="clinicalsignificance calc_cutoff "
                          "(b with SD_clin when cutoff_b_sd='clinical')")
    res.a, res.b, res.c = float(a), float(b), float(c)
    return res


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------
def _resolve_instrument(instrument):
    if instrument is None:
        return None
    from .registry import get_instrument
    return get_instrument(instrument)


def _resolve_direction(improvement, inst) -> str:
    if improvement is None:
        if inst is None:
            raise ValueError("improvement is required ('increase' or 'decrease') when no "
                             "instrument= is given")
        return inst.improvement
    return check_option(improvement, "improvement", ("increase", "decrease"))


def _norms_dict(norms, inst):
    out = {}
    if norms is None and inst is not None and inst.norms is not None:
        norms = inst.norms
    if norms is None:
        return out
    if isinstance(norms, dict):
        unknown = sorted(set(norms) - set(_NORM_KEYS))
        if unknown:
            raise ValueError(f"unknown keys in norms: {unknown}; valid keys: "
                             f"{', '.join(_NORM_KEYS)}")
        items = norms.items()
    else:  # registry Norms dataclass
        items = ((k, getattr(norms, k, None)) for k in _NORM_KEYS)
    for k, v in items:
        if v is not None:
            out[k] = check_float(v, f"norms[{k!r}]", finite=True)
    return out


def _stated_sd(sd, rci_reg, inst, *, published_ok: bool):
    """The SD behind an RCI from ``sd=`` or the instrument's registry entry, or None.

    Precedence: ``sd=``; then, when ``published_ok``, the instrument's published RCI
    (``rci.value``, points; the SD is then not used and is NaN); then ``rci.sd``. Returns
    ``(sd_used, sd_source, published)`` with ``published`` the published RCI or None, or None
    when neither source gives an SD (the caller decides what comes next).
    """
    if sd is not None:
        return check_float(sd, "sd", minimum=0.0, inclusive=False, finite=True), "given (sd=)", None
    if published_ok and rci_reg is not None and rci_reg.value is not None:
        published = float(rci_reg.value)
        return (float("nan"), f"instrument published RCI ({inst.name}: {published:g} points)",
                published)
    if rci_reg is not None and rci_reg.sd is not None:
        return float(rci_reg.sd), f"instrument ({inst.name} rci.sd)", None
    return None


def _refuse_unused_reliability(reliability, published, inst):
    """An explicit ``reliability=`` has no role when the published raw RCI is used."""
    if reliability is not None and published is not None:
        raise ValueError(
            f"reliability={reliability!r} would not be used: without sd= the instrument's "
            f"published raw RCI applies ({inst.name}: {published:g} points). Pass sd= as well "
            "to compute the RCI from sd and reliability, or leave reliability out")


def _is_clinical(x, cutoff, higher_is_better, rule):
    """Clinical side of the cutoff; rule '>' = strictly beyond (both sides strict when
    rule is 'strict')."""
    with np.errstate(invalid="ignore"):
        if higher_is_better:
            return x <= cutoff if rule == ">=" else x < cutoff
        return x >= cutoff if rule == ">=" else x > cutoff


def _is_functional(x, cutoff, higher_is_better, rule):
    with np.errstate(invalid="ignore"):
        if rule == "strict":
            return x > cutoff if higher_is_better else x < cutoff
        return ~_is_clinical(x, cutoff, higher_is_better, rule)


def _clinical_strict(x, cutoff, higher_is_better):
    with np.errstate(invalid="ignore"):
        return x < cutoff if higher_is_better else x > cutoff


# --------------------------------------------------------------------------------------------
# data layout
# --------------------------------------------------------------------------------------------
def _pairs_from_args(pre, post, data, id, time, outcome, pre_time, post_time, ids):
    """Return (ids, pre, post) arrays (NaN allowed) and a description of the layout."""
    if data is None:
        named = [a for a, v in (("id", id), ("time", time), ("outcome", outcome),
                                ("pre_time", pre_time), ("post_time", post_time))
                 if v is not None]
        if named:
            raise ValueError(f"{', '.join(f'{a}=' for a in named)} name columns of data=, "
                             "which was not given; for arrays pass pre, post (and ids=)")
        if pre is None or post is None:
            raise ValueError("give pre and post (numbers or arrays), or data= with column names")
        arrays = {}
        for arg, x in (("pre", pre), ("post", post)):
            try:
                arrays[arg] = np.atleast_1d(np.asarray(x, dtype=float))
            except (TypeError, ValueError) as exc:
                raise TypeError(f"{arg} must be numbers (NaN for a missing score), or a column "
                                f"name of data=; could not read it as numbers ({exc})") from exc
        pre_a, post_a = arrays["pre"], arrays["post"]
        if pre_a.ndim != 1 or post_a.ndim != 1 or pre_a.shape != post_a.shape:
            raise ValueError(f"pre and post must be numbers or 1-D arrays of equal length; got "
                             f"shapes {pre_a.shape} and {post_a.shape}")
        if ids is None:
            id_a = np.arange(1, pre_a.size + 1)
        else:
            id_a = np.asarray(ids, dtype=object)
            if id_a.shape != pre_a.shape:
                raise ValueError(f"ids must have one entry per row ({pre_a.size}); got "
                                 f"{id_a.size}")
        return id_a, pre_a, post_a, "arrays"
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame; got {type(data).__name__}")
    if ids is not None:
        raise ValueError("ids= labels array input; with data= name the id column (id=)")
    if outcome is not None or time is not None:
        for arg, col in (("id", id), ("time", time), ("outcome", outcome)):
            if col is None:
                raise ValueError(f"long format needs {arg}= (a column name)")
            if col not in data.columns:
                raise ValueError(f"column {col!r} ({arg}=) not in data; columns: "
                                 f"{list(map(str, data.columns))}")
        times = list(pd.unique(data[time].dropna()))
        if pre_time is None:
            raise ValueError(f"long format needs pre_time= (one of {times})")
        if pre_time not in times:
            raise ValueError(f"pre_time {pre_time!r} not found in column {time!r}; values: "
                             f"{times}")
        if post_time is None:
            others = [t for t in times if t != pre_time]
            if len(others) != 1:
                raise ValueError(f"post_time= is required when {time!r} has more than two "
                                 f"values ({times})")
            post_time = others[0]
        elif post_time not in times:
            raise ValueError(f"post_time {post_time!r} not found in column {time!r}; values: "
                             f"{times}")
        sub = data.loc[data[time].isin([pre_time, post_time]), [id, time, outcome]]
        dup = sub.duplicated([id, time], keep=False)
        if dup.any():
            raise CaseDataError([{"row": int(r), "column": time, "value": sub[time].iloc[i],
                                  "problem": "more than one row for this id and time"}
                                 for i, r in enumerate(sub.index) if dup.iloc[i]])
        vals = pd.to_numeric(sub[outcome], errors="coerce")
        bad = vals.isna() & sub[outcome].notna()
        if bad.any():
            raise CaseDataError([{"row": int(r), "column": outcome, "value": sub.loc[r, outcome],
                                  "problem": "outcome is not numeric"}
                                 for r in sub.index[bad.to_numpy()]])
        wide = pd.DataFrame({"id": sub[id].to_numpy(), "t": sub[time].to_numpy(),
                             "v": vals.to_numpy(dtype=float)})
        idsu = pd.unique(wide["id"])
        pre_s = wide[wide["t"] == pre_time].set_index("id")["v"].reindex(idsu)
        post_s = wide[wide["t"] == post_time].set_index("id")["v"].reindex(idsu)
        return (np.asarray(idsu, dtype=object), pre_s.to_numpy(dtype=float),
                post_s.to_numpy(dtype=float), f"long ({time}: {pre_time!r} -> {post_time!r})")
    # wide frame with pre/post column names
    for arg, col in (("pre", pre), ("post", post)):
        if not isinstance(col, str) or col not in data.columns:
            raise ValueError(f"{arg}= must name a column of data; got {col!r}; columns: "
                             f"{list(map(str, data.columns))}")
    problems = []
    arrs = {}
    for arg, col in (("pre", pre), ("post", post)):
        v = pd.to_numeric(data[col], errors="coerce")
        for i in np.flatnonzero((v.isna() & data[col].notna()).to_numpy()):
            problems.append({"row": int(i), "column": col, "value": data[col].iloc[i],
                             "problem": f"{arg} score is not numeric"})
        arrs[arg] = v.to_numpy(dtype=float)
    if problems:
        raise CaseDataError(problems)
    if id is not None:
        if id not in data.columns:
            raise ValueError(f"id column {id!r} not in data")
        id_a = data[id].to_numpy(dtype=object)
    else:
        id_a = np.arange(1, len(data) + 1)
    return id_a, arrs["pre"], arrs["post"], "wide"


# --------------------------------------------------------------------------------------------
# reliable change
# --------------------------------------------------------------------------------------------
class ReliableChangeResult(Result):
    """Reliable change for each row.

    Attributes
    ----------
    method : str
        RCI variant (JT, GLN, HLL, EN, NK, HA).
    s_diff : float
        Jacobson-Truax standard error of the difference, sqrt(2) SEM (for a published raw RCI:
        value / z).
    se : float
        The denominator of the chosen RCI variant.
    threshold : float
        ``z * se``: for JT, the minimum reliable raw change (the published value when the
        instrument's raw RCI is used).
    rc, rule : float, str
        JT only: the raw-point band and how a change meets it (``">"``, or the registry rule
        of a published RCI), as :func:`casekit.plot.jacobson_plot` reads them.
    sd_used, sd_source, reliability, z, cutoff, cutoff_source
    counts : pandas.DataFrame
        ``category, n, percent``.
    dropped : pandas.DataFrame
        Rows left out (``missing="drop"``), with the reason.
    """


def _counts(categories, with_cutoff):
    cats = CATEGORIES if with_cutoff else ("improved", "unchanged", "deteriorated")
    n = len(categories)
    rows = [{"category": c, "n": int((categories == c).sum()),
             "percent": 100.0 * float((categories == c).sum()) / n if n else float("nan")}
            for c in cats]
    return pd.DataFrame(rows)


def reliable_change(pre=None, post=None, *, data=None, id=None, time=None, outcome=None,
                    pre_time=None, post_time=None, instrument=None, sd=None, reliability=None,
                    method="JT", z=None, improvement=None, cutoff=None, norms=None, ids=None,
                    reliability_post=None, cutoff_b_sd="functional", missing="error"):
    r"""Reliable change index (Jacobson & Truax 1991 and variants) and clinical significance.

    Parameters
    ----------
    pre, post : float, array-like or str
        Pre and post scores (one case or many rows), or column names of ``data`` (wide).
    data : pandas.DataFrame, optional
        Wide data (with ``pre``, ``post`` and optionally ``id`` column names) or long data
        (``id``, ``time``, ``outcome``, ``pre_time``, ``post_time``, like clinicalsignificance).
    id, time, outcome, pre_time, post_time : optional
        Column names and time values for long data; ``post_time`` may be omitted when ``time``
        has exactly two values.
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
        RCI variant (clinicalsignificance ``rci_method``).
    z : float, optional
        Critical value; default qnorm(.975) = 1.959964 (HA: one-sided qnorm(.95) = 1.644854,
        as clinicalsignificance does). With a published raw RCI the registry's z is reported.
    improvement : {"increase", "decrease"}, optional
        Direction; default from the instrument.
    cutoff : None, "a", "b", "c", "instrument" or float
        Clinical cutoff for recovered / harmed. "a"/"b"/"c" are computed from ``norms`` (the
        clinical mean and SD default to the sample's pre scores, as clinicalsignificance does);
        "instrument" uses the registry's clinical cutoff and its rule.
    norms : dict or registry Norms, optional
        ``clinical_mean, clinical_sd, functional_mean, functional_sd, reliability`` for cutoffs
        and ``m_pre, sd_pre, m_post, sd_post, r_prepost`` (stated group statistics for the
        regression-based variants when only one case is given). Default: the instrument's.
    ids : array-like, optional
        Row labels for array input (with ``data=`` name the column with ``id=``).
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
        ``.summary``: ``id, pre, post, change`` (post - pre), ``rci``, ``reliable`` (bool),
        ``improved, unchanged, deteriorated`` (bool), ``category`` and, with a cutoff,
        ``pre_clinical, post_clinical`` (bool). Attributes ``s_diff, se, threshold, sd_used,
        sd_source, reliability, method, z, cutoff, cutoff_source, improvement, m_pre, m_post,
        r_dd, n``; ``.counts`` (category, n, percent) and ``.dropped``.

    See Also
    --------
    clinical_cutoffs : cutoffs a, b, c.
    session_reliable_change : every session of one case against intake.
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
    implemented; the result carries a note). **HLL's sign is relative to the group**: it subtracts the
    sample's post mean, so it measures change relative to the average change (never read it
    as raw change). The regression-based variants need group statistics: for a single case
    without ``norms`` they are refused.

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
    method = check_option(method, "method", METHODS)
    if reliability_post is not None and method != "NK":
        raise ValueError(f"reliability_post is used by method='NK' only; got method={method!r}")
    missing = check_option(missing, "missing", ("error", "drop"))
    cutoff_b_sd = check_option(cutoff_b_sd, "cutoff_b_sd", ("functional", "clinical"))
    inst = _resolve_instrument(instrument)
    improvement = _resolve_direction(improvement, inst)
    hib = improvement == "increase"
    d = 1.0 if hib else -1.0
    nd = _norms_dict(norms, inst)

    id_a, pre_a, post_a, layout = _pairs_from_args(pre, post, data, id, time, outcome, pre_time,
                                                   post_time, ids)
    for name, arr in (("pre", pre_a), ("post", post_a)):
        if np.isinf(arr).any():
            raise ValueError(f"{name} contains infinite values at rows "
                             f"{np.flatnonzero(np.isinf(arr)).tolist()}")
    bad = np.isnan(pre_a) | np.isnan(post_a)
    dropped = pd.DataFrame({"id": id_a[bad], "pre": pre_a[bad], "post": post_a[bad],
                            "reason": np.where(np.isnan(pre_a[bad]), "pre missing",
                                               "post missing")})
    if bad.any() and missing == "error":
        raise CaseDataError(
            [{"row": int(r), "column": "pre" if np.isnan(pre_a[r]) else "post", "value": None,
              "problem": f"missing score for id {id_a[r]!r} (pass missing='drop' to leave the "
                         "row out; it will be listed in .dropped)"}
             for r in np.flatnonzero(bad)])
    id_a, pre_a, post_a = id_a[~bad], pre_a[~bad], post_a[~bad]
    n = pre_a.size
    if n == 0:
        raise NotEnoughPointsError("no row has both a pre and a post score")

    # --- reliability ----------------------------------------------------------------------
    rci_reg = inst.rci if inst is not None else None
    rel = reliability
    rel_source = "given"
    if rel is None:
        if rci_reg is not None and rci_reg.reliability is not None:
            rel, rel_source = rci_reg.reliability, f"instrument ({inst.name} rci.reliability)"
        elif "reliability" in nd:
            rel, rel_source = nd["reliability"], "norms"
    if rel is not None:
        rel = check_float(rel, "reliability", minimum=0.0, maximum=1.0, inclusive=False,
                          finite=True)

    # --- SD and the published-RCI path ----------------------------------------------------
    published = None
    sample_sd = float(np.std(pre_a, ddof=1)) if n >= 2 else float("nan")
    stated = _stated_sd(sd, rci_reg, inst, published_ok=method == "JT")
    if stated is not None:
        sd_used, sd_source, published = stated
        _refuse_unused_reliability(reliability, published, inst)
    elif "sd_pre" in nd:
        sd_used, sd_source = nd["sd_pre"], "norms (sd_pre)"
    elif n >= 2:
        sd_used = sample_sd
        sd_source = f"sample SD of the pre scores (n - 1, {n} complete rows)"
    else:
        raise ValueError("one case needs sd= and reliability= (or an instrument with reliable-"
                         "change constants): the SD cannot be estimated from a single pre "
                         "score")
    if published is None and rel is None:
        raise ValueError("reliability is required: pass reliability= or an instrument whose "
                         "registry entry has rci.reliability")

    # --- group statistics for the regression-based variants -------------------------------
    m_pre = m_post = sd_post = r12 = float("nan")
    if method in _REGRESSION:
        if n >= 3:
            m_pre, m_post = float(pre_a.mean()), float(post_a.mean())
            sd_post = float(np.std(post_a, ddof=1))
            r12 = float(np.corrcoef(pre_a, post_a)[0, 1])
            stats_source = f"sample ({n} complete rows)"
        else:
            needed = {"GLN": ("m_pre",), "HLL": ("m_pre", "m_post"), "EN": ("m_pre",),
                      "NK": ("m_pre",), "HA": ("m_pre", "m_post", "sd_post", "r_prepost")}
            lack = [k for k in needed[method] if k not in nd]
            if lack:
                raise NotEnoughPointsError(
                    f"method {method!r} needs group statistics (the sample's means, SDs and "
                    f"pre-post correlation); with {n} row(s) pass them as norms= "
                    f"({', '.join(lack)} missing) or use method='JT'")
            m_pre = nd.get("m_pre", m_pre)
            m_post = nd.get("m_post", m_post)
            sd_post = nd.get("sd_post", sd_post)
            r12 = nd.get("r_prepost", r12)
            stats_source = "norms"
    else:
        stats_source = None

    # --- the index --------------------------------------------------------------------------
    change = post_a - pre_a
    r_dd = float("nan")
    if published is not None:
        zval = float(rci_reg.z) if z is None and rci_reg.z is not None else (
            Z_975 if z is None else check_float(z, "z", minimum=0.0, inclusive=False, finite=True))
        s_diff = published / zval
        se = s_diff
        rci = change / s_diff
        rule = rci_reg.rule
        with np.errstate(invalid="ignore"):
            improved = (d * change >= published) if rule == ">=" else (d * change > published)
            deteriorated = (-d * change >= published) if rule == ">=" else (
                -d * change > published)
        sem = float("nan")
    else:
        zval = (Z_95 if method == "HA" else Z_975) if z is None else check_float(
            z, "z", minimum=0.0, inclusive=False, finite=True)
        sem = sd_used * math.sqrt(1.0 - rel)
        s_diff = math.sqrt(2.0) * sem
        if method == "JT":
            se = s_diff
            rci = change / se
        elif method in ("GLN", "HLL"):
            se = sd_used * math.sqrt(1.0 - rel ** 2)
            centre = m_pre if method == "GLN" else m_post
            rci = ((post_a - centre) - rel * (pre_a - m_pre)) / se
        elif method == "EN":
            se = sem
            rci = (post_a - (rel * (pre_a - m_pre) + m_pre)) / se
        elif method == "NK":
            rp = rel if reliability_post is None else check_float(
                reliability_post, "reliability_post", minimum=0.0, maximum=1.0, inclusive=False,
                finite=True)
            se = math.sqrt(rel ** 2 * sd_used ** 2 * (1.0 - rel) + sd_used ** 2 * (1.0 - rp))
            rci = (post_a - (rel * (pre_a - m_pre) + m_pre)) / se
        else:  # HA
            rxx1 = (sd_used ** 2 - sem ** 2) / sd_used ** 2
            rxx2 = (sd_post ** 2 - sem ** 2) / sd_post ** 2
            num = sd_used ** 2 * rxx1 + sd_post ** 2 * rxx2 - 2 * sd_used * sd_post * r12
            den = sd_used ** 2 + sd_post ** 2 - 2 * sd_used * sd_post * r12
            r_dd = num / den
            if not r_dd > 0:
                raise ValueError(f"HA: the reliability of the difference r_dd = {r_dd:.4f} is "
                                 "not positive; the index is undefined for these data")
            se = math.sqrt(r_dd) * s_diff
            rci = (change * r_dd + (m_post - m_pre) * (1.0 - r_dd)) / se
        improved = d * rci > zval
        deteriorated = d * rci < -zval
    reliable = improved | deteriorated

    # --- cutoff -----------------------------------------------------------------------------
    cut_value = None
    cut_source = None
    cut_rule = "strict"
    if cutoff is not None:
        if isinstance(cutoff, str):
            cutoff = check_option(cutoff, "cutoff", ("a", "b", "c", "instrument"))
            if cutoff == "instrument":
                if inst is None or inst.cutoff is None:
                    raise ValueError("cutoff='instrument' needs an instrument with a clinical "
                                     "cutoff in the registry")
                cut_value = float(inst.cutoff.value)
                cut_rule = inst.cutoff.rule
                cut_source = f"instrument ({inst.name} {inst.cutoff.name}, rule {cut_rule})"
            else:
                mc = nd.get("clinical_mean", float(pre_a.mean()) if n >= 2 else None)
                sc = nd.get("clinical_sd", sample_sd if n >= 2 else None)
                if mc is None or sc is None:
                    raise ValueError(f"cutoff {cutoff!r} needs the clinical mean and SD: pass "
                                     "norms= (one case cannot supply them)")
                if cutoff in ("b", "c") and ("functional_mean" not in nd or (
                        cutoff == "c" or cutoff_b_sd == "functional")
                        and "functional_sd" not in nd):
                    raise ValueError(f"cutoff {cutoff!r} needs norms with functional_mean and "
                                     "functional_sd")
                cc = clinical_cutoffs(mc, sc, nd.get("functional_mean"),
                                      nd.get("functional_sd"), higher_is_better=hib,
                                      cutoff_b_sd=cutoff_b_sd)
                cut_value = getattr(cc, cutoff)
                src = "norms" if "clinical_mean" in nd else "sample pre scores"
                cut_source = f"cutoff {cutoff} (clinical mean/SD from {src})"
        else:
            cut_value = check_float(cutoff, "cutoff", finite=True)
            cut_source = "given"
    cats = np.where(improved, "improved", np.where(deteriorated, "deteriorated", "unchanged"))
    cats = cats.astype(object)
    out = {"id": id_a, "pre": pre_a, "post": post_a, "change": change, "rci": rci,
           "reliable": reliable, "improved": improved, "unchanged": ~reliable,
           "deteriorated": deteriorated}
    if cut_value is not None:
        if cut_rule == "strict":
            pre_clin = _clinical_strict(pre_a, cut_value, hib)
            post_clin = _clinical_strict(post_a, cut_value, hib)
            pre_func = _is_functional(pre_a, cut_value, hib, "strict")
            post_func = _is_functional(post_a, cut_value, hib, "strict")
        else:
            pre_clin = _is_clinical(pre_a, cut_value, hib, cut_rule)
            post_clin = _is_clinical(post_a, cut_value, hib, cut_rule)
            pre_func, post_func = ~pre_clin, ~post_clin
        cats = np.where(improved & pre_clin & post_func, "recovered", cats)
        cats = np.where(deteriorated & pre_func & post_clin, "harmed", cats).astype(object)
        out["pre_clinical"] = pre_clin
        out["post_clinical"] = post_clin
    out["category"] = cats
    summary = pd.DataFrame(out)

    notes = []
    if method == "HLL":
        notes.append("HLL is relative to the group's mean change (it subtracts the sample's "
                     "post mean): do not read its sign as raw change")
    if method == "HA" and cut_value is not None:
        notes.append("HA with a cutoff: recovered/harmed use the Jacobson-Truax cutoff, not "
                     "Hageman & Arrindell's reliability-corrected cutoff and cs_indiv "
                     "criterion of clinicalsignificance cs_combined(rci_method = 'HA')")
    if len(dropped):
        notes.append(f"{len(dropped)} row(s) without both scores left out (see .dropped)")
    if published is not None:
        notes.append(f"reliable change = raw change {rci_reg.rule} {published:g} points "
                     f"({inst.name} registry)")
    options = {"method": method, "improvement": improvement, "z": zval,
               "sd_source": sd_source}
    if rel is not None and published is None:
        options["reliability"] = rel
    if cut_value is not None:
        options["cutoff"] = cut_value
    res = ReliableChangeResult(summary, method=f"Reliable change ({method})", options=options,
                               reference=_REF_METHODS[method], mirrors=_MIRRORS, notes=notes,
                               title=f"Reliable change ({method})")
    res.method = method
    res.s_diff = float(s_diff)
    res.se = float(se)
    res.threshold = float(published) if published is not None else float(zval * se)
    # raw-point band of the JT index and the rule that meets it (read by casekit.plot)
    if method == "JT":
        res.rc = float(res.threshold)
        res.rule = rci_reg.rule if published is not None else ">"
    res.sd_used = float(sd_used)
    res.sd_source = sd_source
    res.reliability = float("nan") if rel is None else float(rel)
    res.reliability_source = rel_source if rel is not None else None
    res.sem = float(sem)
    res.z = float(zval)
    res.cutoff = None if cut_value is None else float(cut_value)
    res.cutoff_source = cut_source
    res.improvement = improvement
    res.m_pre, res.m_post, res.r_dd = float(m_pre), float(m_post), float(r_dd)
    res.group_stats_source = stats_source
    res.n = int(n)
    res.layout = layout
    res.counts = _counts(summary["category"].to_numpy(), cut_value is not None)
    res.dropped = dropped
    return res


# --------------------------------------------------------------------------------------------
# session-by-session reliable change
# --------------------------------------------------------------------------------------------
class SessionReliableChangeResult(Result):
    """Reliable change of every session against a reference score.

    Attributes: ``reference_value, s_diff, sem, threshold, sd_used, sd_source, reliability, z,
    reference, k_baseline, cutoff, improvement``. ``reference`` is the label of the reference
    score; the citation of the method is in ``method_card["reference"]``.
    """

    _citation = _REF_JT

    @property
    def method_card(self):
        """As :attr:`Result.method_card`, with the citation (``.reference`` holds the label of
        the reference score here)."""
        card = super().method_card
        card["reference"] = self._citation
        return card

    def reliable_improvement_from(self):
        """First session from which every later session is reliably improved (``None`` if
        the last session is not). Categories "improved" and "recovered" count."""
        s = self._summary
        ok = s["category"].isin(["improved", "recovered"]).to_numpy()
        if not ok.size or not ok[-1]:
            return None
        i = ok.size - 1
        while i > 0 and ok[i - 1]:
            i -= 1
        v = s["session"].iloc[i]
        return v.item() if hasattr(v, "item") else v


def session_reliable_change(data, *, sessions=None, reference="first", baseline_sessions=None,
                            instrument=None, sd=None, reliability=None, z=1.96,
                            improvement=None, cutoff=None, session="session", value="value"):
    r"""Reliable change of every session of one case against intake or a baseline mean.

    Parameters
    ----------
    data : array-like or pandas.DataFrame
        One case's scores in session order, or a long DataFrame of one case with ``session``
        and ``value`` columns.
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
    improvement : {"increase", "decrease"}, optional
        Direction (default from the instrument).
    cutoff : float or "instrument", optional
        Clinical cutoff; adds ``clinical`` (session on the clinical side) and the categories
        recovered / harmed.

    Returns
    -------
    SessionReliableChangeResult
        ``.summary`` with ``session, value, reference, change, rci, band_lower, band_upper,
        category, clinical``; ``.reliable_improvement_from()``.

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
    inst = _resolve_instrument(instrument)
    improvement = _resolve_direction(improvement, inst)
    hib = improvement == "increase"
    d = 1.0 if hib else -1.0
    if isinstance(data, pd.DataFrame):
        if sessions is not None:
            raise ValueError(f"sessions= is for array input; a DataFrame brings its own session "
                             f"numbers (column {session!r}, session=)")
        for arg, col in (("session", session), ("value", value)):
            if col not in data.columns:
                raise ValueError(f"column {col!r} ({arg}=) not in data")
        if "measure" in data.columns and data["measure"].nunique() > 1:
            raise ValueError("data hold several measures; pass one measure at a time "
                             f"(measures: {list(pd.unique(data['measure']))})")
        if "case" in data.columns and data["case"].nunique() > 1:
            raise ValueError("data hold several cases; pass one case at a time "
                             f"(cases: {list(pd.unique(data['case']))[:10]})")
        # session numbers order the series: a missing or non-numeric one is a problem (it
        # was sorted to the end, or text was sorted as text: "10" before "2")
        sess_num = pd.to_numeric(data[session], errors="coerce")
        bad_sess = np.flatnonzero(sess_num.isna().to_numpy())
        if bad_sess.size:
            raise CaseDataError([{"row": int(r), "column": session,
                                  "value": None if pd.isna(data[session].iloc[r])
                                  else data[session].iloc[r],
                                  "problem": "missing or non-numeric session number"}
                                 for r in bad_sess])
        d_sorted = data.assign(**{session: sess_num}).sort_values(session, kind="stable")
        sess = d_sorted[session].to_numpy()
        vals = pd.to_numeric(d_sorted[value], errors="coerce").to_numpy(dtype=float)
        if np.isnan(vals).any():
            raise CaseDataError([{"row": int(r), "column": value, "value": None,
                                  "problem": "missing or non-numeric score"}
                                 for r in d_sorted.index[np.isnan(vals)]])
        if pd.Series(sess).duplicated().any():
            raise CaseDataError([{"row": None, "column": session, "value": None,
                                  "problem": "duplicate session numbers"}])
    else:
        from ._validate import as_float_array
        vals = as_float_array(data, "data", min_size=1)
        sess = np.arange(1, vals.size + 1) if sessions is None else np.asarray(sessions)
        if sess.shape != vals.shape:
            raise ValueError(f"sessions must have one entry per score ({vals.size})")
        if sess.dtype.kind not in "iuf":
            raise TypeError(f"sessions must be session numbers; got {sess.tolist()}")
        if sess.size > 1 and not (np.diff(sess) > 0).all():
            raise ValueError(f"sessions must increase strictly (the scores are in session "
                             f"order); got {sess.tolist()}")
    z = check_float(z, "z", minimum=0.0, inclusive=False, finite=True)

    # constants
    rci_reg = inst.rci if inst is not None else None
    rel = reliability
    if rel is None and rci_reg is not None:
        rel = rci_reg.reliability
    stated = _stated_sd(sd, rci_reg, inst, published_ok=True)
    if stated is not None:
        sd_used, sd_source, published = stated
        _refuse_unused_reliability(reliability, published, inst)
    else:
        raise ValueError("session_reliable_change needs sd= and reliability= (or an instrument "
                         "with reliable-change constants): one case cannot estimate a "
                         "population SD")
    if published is None:
        if rel is None:
            raise ValueError("reliability is required (reliability= or the instrument's "
                             "rci.reliability)")
        rel = check_float(rel, "reliability", minimum=0.0, maximum=1.0, inclusive=False,
                          finite=True)
        sem = sd_used * math.sqrt(1.0 - rel)
    else:
        zpub = float(rci_reg.z) if rci_reg.z is not None else z
        sem = published / (zpub * math.sqrt(2.0))

    # reference
    k = None
    if baseline_sessions is not None and not (isinstance(reference, str)
                                              and reference == "baseline_mean"):
        raise ValueError(f"baseline_sessions is used with reference='baseline_mean' only; got "
                         f"reference={reference!r}")
    if isinstance(reference, str):
        reference = check_option(reference, "reference", ("first", "baseline_mean"))
        if reference == "first":
            ref_value = float(vals[0])
            ref_label = f"first session ({sess[0]})"
        else:
            if baseline_sessions is None:
                raise ValueError("reference='baseline_mean' needs baseline_sessions= (the "
                                 "number of first sessions, or a list of session numbers)")
            if isinstance(baseline_sessions, (int, np.integer)) and not isinstance(
                    baseline_sessions, bool):
                k = int(baseline_sessions)
                if not 1 <= k <= vals.size:
                    raise ValueError(f"baseline_sessions must be between 1 and {vals.size}; "
                                     f"got {k}")
                mask = np.arange(vals.size) < k
            else:
                wanted = list(baseline_sessions)
                absent = [s for s in wanted if s not in set(sess.tolist())]
                if absent:
                    raise ValueError(f"baseline_sessions not in the data: {absent}")
                mask = np.isin(sess, wanted)
                k = int(mask.sum())
            ref_value = float(vals[mask].mean())
            ref_label = f"mean of {k} baseline session(s)"
    else:
        ref_value = check_float(reference, "reference", finite=True)
        ref_label = "stated reference value"
    if k is None:
        s_diff = math.sqrt(2.0) * sem
        se_formula = "S_diff = sqrt(2) SEM (single reference score)"
    else:
        s_diff = sem * math.sqrt(1.0 + 1.0 / k)
        se_formula = f"S_diff = SEM sqrt(1 + 1/k), k = {k} (reference is a baseline mean)"
    change = vals - ref_value
    rci = change / s_diff
    if published is not None and k is None:
        half = published
        rule = rci_reg.rule
        improved = (d * change >= published) if rule == ">=" else (d * change > published)
        deteriorated = (-d * change >= published) if rule == ">=" else (-d * change > published)
    else:
        half = z * s_diff
        improved = d * rci > z
        deteriorated = d * rci < -z
    cats = np.where(improved, "improved", np.where(deteriorated, "deteriorated", "unchanged"))
    cats = cats.astype(object)
    clinical = pd.array([pd.NA] * vals.size, dtype="boolean")
    cut_value = None
    if cutoff is not None:
        if isinstance(cutoff, str):
            check_option(cutoff, "cutoff", ("instrument",))
            if inst is None or inst.cutoff is None:
                raise ValueError("cutoff='instrument' needs an instrument with a clinical cutoff")
            cut_value, cut_rule = float(inst.cutoff.value), inst.cutoff.rule
            clin = _is_clinical(vals, cut_value, hib, cut_rule)
            ref_clin = bool(_is_clinical(np.array([ref_value]), cut_value, hib, cut_rule)[0])
            func = ~clin
            ref_func = not ref_clin
        else:
            cut_value = check_float(cutoff, "cutoff", finite=True)
            clin = _clinical_strict(vals, cut_value, hib)
            func = _is_functional(vals, cut_value, hib, "strict")
            ref_clin = bool(_clinical_strict(np.array([ref_value]), cut_value, hib)[0])
            ref_func = bool(_is_functional(np.array([ref_value]), cut_value, hib, "strict")[0])
        cats = np.where(improved & ref_clin & func, "recovered", cats)
        cats = np.where(deteriorated & ref_func & clin, "harmed", cats).astype(object)
        clinical = pd.array(clin, dtype="boolean")
    summary = pd.DataFrame({"session": sess, "value": vals,
                            "reference": np.full(vals.size, ref_value), "change": change,
                            "rci": rci, "band_lower": np.full(vals.size, ref_value - half),
                            "band_upper": np.full(vals.size, ref_value + half),
                            "category": cats, "clinical": clinical})
    res = SessionReliableChangeResult(
        summary, method="Session-by-session reliable change (Jacobson & Truax 1991)",
        options={"reference": ref_label, "z": z, "improvement": improvement,
                 "sd_source": sd_source},
        reference=_REF_JT, notes=[se_formula], title="Session reliable change")
    res.reference_value = float(ref_value)
    res.reference = ref_label
    res.k_baseline = k
    res.sem = float(sem)
    res.s_diff = float(s_diff)
    res.threshold = float(half)
    res.sd_used = float(sd_used)
    res.sd_source = sd_source
    res.reliability = float("nan") if rel is None else float(rel)
    res.z = float(z)
    res.cutoff = cut_value
    res.improvement = improvement
    return res
