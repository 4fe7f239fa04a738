"""Anchor-based clinical significance: a minimal important difference (MID), for each case
and for groups (clinicalsignificance ``cs_anchor``)."""

from __future__ import annotations

import math
from collections.abc import Hashable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._input import resolve_improvement
from .._validate import check_ci_level, check_float, check_option
from ..registry import Instrument
from ..results import Result
from ._bayes import jzs_posterior_quantiles, prior_scale_value
from ._common import (
    BASIC_CATEGORIES,
    REF_CLAUS,
    category_counts,
    individual_table,
    prose_direction,
)
from ._pairs import GroupScores, PrePost, group_scores, pre_post_pairs

__all__ = ["AnchorResult", "AnchorGroupResult", "anchor_change", "anchor_group_change",
           "ANCHOR_GROUP_CATEGORIES"]

REF_MID = ("Jaeschke, R., Singer, J., & Guyatt, G. H. (1989). Measurement of health status: "
           "ascertaining the minimal clinically important difference. Control Clin Trials, "
           "10(4), 407-415. doi:10.1016/0197-2456(89)90005-6")
REF_BAYES = ("Rouder, J. N., Speckman, P. L., Sun, D., Morey, R. D., & Iverson, G. (2009). "
             "Bayesian t tests for accepting and rejecting the null hypothesis. Psychon Bull "
             "Rev, 16(2), 225-237. doi:10.3758/PBR.16.2.225")

#: The group-level categories of clinicalsignificance ``cs_anchor(target = "group")``, from
#: "no evidence of change" to "the whole interval beyond the MID". The third reads "less than"
#: when lower scores are better, "greater than" when higher scores are better.
ANCHOR_GROUP_CATEGORIES = (
    "Statistically not significant",
    "Statistically significant but not clinically relevant",
    "Not significantly less than the threshold",
    "Not significantly greater than the threshold",
    "Probably clinically significant effect",
    "Large clinically significant effect",
)


class AnchorResult(Result):
    """Anchor-based clinical significance of each case.

    ``.summary`` (clinicalsignificance's ``cs_get_augmented_data``): ``id``, ``group`` (when
    grouped), ``pre, post, change, improved, deteriorated, unchanged, category``.

    Attributes
    ----------
    mid_improvement : float
        Minimal important difference for improvement (raw points).
    mid_deterioration : float
        Minimal important difference for deterioration (raw points).
    improvement : str
        ``"increase"`` or ``"decrease"``.
    n : int
        Cases analysed (both scores present).
    n_original : int
        Cases in the data.
    counts : pandas.DataFrame
        ``category, n, percent`` (with ``group`` first when grouped; percent within group).
    dropped : pandas.DataFrame
        Cases left out (``missing="drop"``), with the reason.
    layout : str
        How the input was read.
    """

    mid_improvement: float
    mid_deterioration: float
    improvement: str
    n: int
    n_original: int
    counts: pd.DataFrame
    dropped: pd.DataFrame
    layout: str


class AnchorGroupResult(Result):
    """Anchor-based clinical significance of groups (mean change or difference against a MID).

    ``.summary``, within: ``group`` (when grouped), ``difference, lower, upper, confidence, n,
    category``; between: ``reference, comparison, difference, lower, upper, confidence,
    n_reference, n_comparison, category``.

    Attributes
    ----------
    effect : str
        ``"within"`` (pre-post change) or ``"between"`` (groups against a reference group at
        one measurement).
    bayesian : bool
        False: t-based mean and confidence interval; True: posterior median and equal-tailed
        credible interval under the JZS prior.
    prior_scale : float or None
        Cauchy scale r of the JZS prior (Bayesian only).
    confidence : float
        Level of the interval.
    mid_improvement : float
        Minimal important difference (raw points).
    improvement : str
        ``"increase"`` or ``"decrease"``.
    reference_group : object
        The reference group (between only).
    n : int
        Cases analysed.
    dropped : pandas.DataFrame
        Cases left out (``missing="drop"``), with the reason.
    """

    effect: str
    bayesian: bool
    prior_scale: float | None = None
    confidence: float
    mid_improvement: float
    improvement: str
    reference_group: object = None
    n: int
    dropped: pd.DataFrame


# ------------------------------------------------------------------------------------------
# individual level
# ------------------------------------------------------------------------------------------
def _mids(mid_improvement: float, mid_deterioration: float | None) -> tuple[float, float]:
    mid_i = check_float(mid_improvement, "mid_improvement", minimum=0.0, inclusive=False,
                        finite=True)
    mid_d = mid_i if mid_deterioration is None else check_float(
        mid_deterioration, "mid_deterioration", minimum=0.0, inclusive=False, finite=True)
    return mid_i, mid_d


def anchor_change(pre: ArrayLike | str | None = None, post: ArrayLike | str | None = None, *,
                  data: pd.DataFrame | None = None, case_col: str | None = None,
                  time_col: str | None = None, value_col: str | None = None,
                  pre_time: Hashable = None, post_time: Hashable = None,
                  cases: ArrayLike | None = None, group_col: str | None = None,
                  mid_improvement: float, mid_deterioration: float | None = None,
                  improvement: str | Instrument | None = None,
                  missing: str = "error") -> AnchorResult:
    r"""Anchor-based clinical significance of each case: change against a minimal important
    difference (MID).

    Parameters
    ----------
    pre, post, data, case_col, time_col, value_col, pre_time, post_time, cases, missing
        The pre/post scores, as in :func:`reliable_change` (arrays, a wide table or a long
        table; clinicalsignificance's ``id``, ``time``, ``outcome``, ``pre``, ``post``).
    group_col : str, optional
        A column of ``data`` with each case's group: the counts are given per group.
    mid_improvement : float
        The MID for improvement, in raw points (> 0), e.g. from an anchor question.
    mid_deterioration : float, optional
        The MID for deterioration (default ``mid_improvement``).
    improvement : {"increase", "decrease"}, str or Instrument
        Direction (clinicalsignificance ``better_is = "higher" | "lower"``), or an instrument
        name whose registry entry gives it.

    Returns
    -------
    AnchorResult
        ``.summary`` (one row per case: ``id, [group], pre, post, change, improved,
        deteriorated, unchanged, category``) and ``.counts`` (``[group], category, n,
        percent``).

    See Also
    --------
    anchor_group_change : the same MID for the mean change of groups.
    percentage_change, reliable_change, statistical_change : the other approaches.

    Notes
    -----
    With d = +1 when higher is better and -1 otherwise and change = post - pre, a case is
    **improved** if d change >= MID_improvement, **deteriorated** if d change <=
    -MID_deterioration (both inclusive), else **unchanged**. A MID is anchored in what
    patients notice (Jaeschke, Singer & Guyatt 1989); it is not a statement about measurement
    error (compare :func:`reliable_change`).

    Mirrors clinicalsignificance 2.1.0.9000 ``cs_anchor(target = "individual")`` (Claus et al.
    2024). Differences: casekit never drops cases silently (``missing="drop"`` lists them);
    a grouped call works (the R call fails with dplyr < 1.1.0) and gives percentages within
    each group (R's summary divides by the whole sample); ``pre_time`` is needed unless the
    time column is categorical (then its first category, as for an R factor).

    References
    ----------
    Jaeschke, Singer & Guyatt (1989), doi:10.1016/0197-2456(89)90005-6. Claus, Wager & Bonnet
    (2024), doi:10.18637/jss.v111.i01.

    Examples
    --------
    >>> res = anchor_change([30, 25, 20], [20, 23, 26], mid_improvement=5,
    ...                     improvement="decrease")
    >>> res.summary["category"].tolist()
    ['improved', 'unchanged', 'deteriorated']
    """
    mid_i, mid_d = _mids(mid_improvement, mid_deterioration)
    direction = resolve_improvement(improvement)
    d = 1.0 if direction.improvement == "increase" else -1.0
    pairs = pre_post_pairs(pre, post, data=data, case_col=case_col, time_col=time_col,
                           value_col=value_col, pre_time=pre_time, post_time=post_time,
                           cases=cases, group_col=group_col, missing=missing)
    change = pairs.change
    table = individual_table(pairs, {}, d * change >= mid_i, d * change <= -mid_d)
    notes = list(pairs.notes)
    if len(pairs.dropped):
        notes.append(f"{len(pairs.dropped)} case(s) without both scores left out "
                     "(see .dropped)")
    return AnchorResult(
        table, method="Anchor-based clinical significance (individual)",
        options={"mid_improvement": mid_i, "mid_deterioration": mid_d,
                 "improvement": direction.improvement},
        reference=f"{REF_MID}; {REF_CLAUS}",
        variant=f"MID {mid_i:g} (improvement) / {mid_d:g} (deterioration) raw points, "
                f"{prose_direction(direction.improvement)}, inclusive",
        mirrors='clinicalsignificance 2.1.0.9000 cs_anchor(target = "individual")',
        notes=notes, title="Anchor-based clinical significance", mid_improvement=mid_i,
        mid_deterioration=mid_d, improvement=direction.improvement, n=pairs.n,
        n_original=pairs.n_original,
        counts=category_counts(table["category"].to_numpy(), BASIC_CATEGORIES, pairs.groups),
        dropped=pairs.dropped, layout=pairs.layout)


# ------------------------------------------------------------------------------------------
# group level
# ------------------------------------------------------------------------------------------
def group_category(difference: float, lower: float, upper: float, mid: float,
                   d: float) -> str | None:
    """clinicalsignificance's group category of one estimate and interval, on the
    improvement scale (d = +1 higher is better, -1 lower is better); None where no rule applies
    (an interval limit exactly at the threshold)."""
    if np.sign(lower) != np.sign(upper):
        return ANCHOR_GROUP_CATEGORIES[0]
    x = d * difference
    lo, hi = sorted((d * lower, d * upper))
    if hi < mid:
        return ANCHOR_GROUP_CATEGORIES[1]
    if lo < mid < hi and x < mid:
        return ANCHOR_GROUP_CATEGORIES[2 if d < 0 else 3]
    if lo < mid < hi and x > mid:
        return ANCHOR_GROUP_CATEGORIES[4]
    if lo > mid:
        return ANCHOR_GROUP_CATEGORIES[5]
    return None


def _interval(x: np.ndarray, y: np.ndarray | None, *, paired: bool, bayesian: bool,
              r: float | None, confidence: float) -> tuple[float, float, float]:
    """``(difference, lower, upper)``: mean(x) (one sample of differences) or mean(x) -
    mean(y) (Welch), with a t interval, or the JZS posterior median and equal-tailed interval."""
    from scipy import stats  # lazy: keeps `import casekit` free of scipy

    alpha = 1.0 - confidence
    if bayesian:
        assert r is not None  # the prior scale of a Bayesian interval
        med, lo, hi = jzs_posterior_quantiles(x, None if paired else y, r=r,
                                              probs=(0.5, alpha / 2.0, 1.0 - alpha / 2.0))
        return med, lo, hi
    xa = np.asarray(x, dtype=float)
    if paired:
        n = xa.size
        est, se, df = float(xa.mean()), float(xa.std(ddof=1)) / math.sqrt(n), n - 1.0
    else:
        ya = np.asarray(y, dtype=float)
        vx, vy = xa.var(ddof=1) / xa.size, ya.var(ddof=1) / ya.size
        est = float(xa.mean() - ya.mean())
        se = math.sqrt(vx + vy)
        df = (vx + vy) ** 2 / (vx ** 2 / (xa.size - 1) + vy ** 2 / (ya.size - 1))
    q = float(stats.t.ppf(1.0 - alpha / 2.0, df))
    return est, est - q * se, est + q * se


def _within(pairs: PrePost, *, bayesian: bool, r: float | None, confidence: float, mid: float,
            d: float) -> pd.DataFrame:
    groups: list[Hashable] = ([None] if pairs.groups is None
                              else list(pd.unique(pd.Series(pairs.groups))))
    rows = []
    for g in groups:
        sel: np.ndarray = (np.ones(pairs.n, bool) if g is None
                           else np.asarray(pairs.groups == g))
        if sel.sum() < 2:
            raise ValueError(f"group {g!r} has {int(sel.sum())} case(s) with both scores; a "
                             "group-level interval needs at least 2")
        est, lo, hi = _interval(pairs.change[sel], None, paired=True, bayesian=bayesian, r=r,
                                confidence=confidence)
        row: dict[str, object] = {} if g is None else {"group": g}
        row.update({"difference": est, "lower": lo, "upper": hi, "confidence": confidence,
                    "n": int(sel.sum()), "category": group_category(est, lo, hi, mid, d)})
        rows.append(row)
    return pd.DataFrame(rows)


def _between(scores: GroupScores, reference_group: Hashable, *, bayesian: bool,
             r: float | None, confidence: float, mid: float,
             d: float) -> tuple[pd.DataFrame, object]:
    order = list(pd.unique(pd.Series(scores.groups)))
    if reference_group is None:
        reference_group = order[0]
    elif reference_group not in order:
        raise ValueError(f"reference_group {reference_group!r} is not a group of the data; "
                         f"groups: {order}")
    ref = scores.values[scores.groups == reference_group]
    rows = []
    for g in (g for g in order if g != reference_group):
        comp = scores.values[scores.groups == g]
        if min(ref.size, comp.size) < 2:
            raise ValueError(f"groups {reference_group!r} and {g!r} need at least 2 scores "
                             f"each; they have {ref.size} and {comp.size}")
        est, lo, hi = _interval(comp, ref, paired=False, bayesian=bayesian, r=r,
                                confidence=confidence)
        rows.append({"reference": reference_group, "comparison": g, "difference": est,
                     "lower": lo, "upper": hi, "confidence": confidence,
                     "n_reference": int(ref.size), "n_comparison": int(comp.size),
                     "category": group_category(est, lo, hi, mid, d)})
    if not rows:
        raise ValueError(f"a between-group comparison needs a second group besides "
                         f"{reference_group!r}")
    return pd.DataFrame(rows), reference_group


def anchor_group_change(pre: ArrayLike | str | None = None, post: ArrayLike | str | None = None, *,
                        data: pd.DataFrame | None = None, case_col: str | None = None,
                        time_col: str | None = None, value_col: str | None = None,
                        pre_time: Hashable = None, post_time: Hashable = None,
                        cases: ArrayLike | None = None, group_col: str | None = None,
                        mid_improvement: float, improvement: str | Instrument | None = None,
                        effect: str = "within", reference_group: Hashable = None,
                        bayesian: bool = False, prior_scale: str | float = "medium",
                        confidence: float = 0.95, missing: str = "error") -> AnchorGroupResult:
    r"""Anchor-based clinical significance of groups: the mean change (within) or the
    difference to a reference group (between), with its interval, against the MID.

    Parameters
    ----------
    pre, post, data, case_col, time_col, value_col, pre_time, post_time, cases, missing
        The scores, as in :func:`anchor_change`. ``effect="between"`` needs ``data`` and
        ``post_time`` (long data) or ``post`` (a column of wide data): the groups are compared
        at that measurement, every case with a score there counts (no pre score needed).
    group_col : str, optional
        A column of ``data`` with each case's group: within, one row per group (order of first
        appearance); between, every other group against ``reference_group``.
    mid_improvement : float
        The minimal important difference, in raw points (> 0).
    improvement : {"increase", "decrease"}, str or Instrument
        Direction (clinicalsignificance ``better_is``), or an instrument name.
    effect : {"within", "between"}
        Pre-post change of each group, or groups against a reference group.
    reference_group : optional
        Between: the reference group; default the first group in order of appearance (the
        first level of a categorical column).
    bayesian : bool
        False (default): t-based mean and confidence interval (paired t test within, Welch
        between), exactly as clinicalsignificance's ``bayesian = FALSE``. True: posterior
        median and equal-tailed credible interval of the difference under BayesFactor's JZS
        prior (clinicalsignificance's default), computed exactly by numerical integration.
    prior_scale : {"medium", "wide", "ultrawide"} or float
        Cauchy scale r of the JZS prior (sqrt(2)/2, 1, sqrt(2)); Bayesian only.
    confidence : float
        Level of the interval (clinicalsignificance ``ci_level``).

    Returns
    -------
    AnchorGroupResult
        ``.summary``: within ``[group], difference, lower, upper, confidence, n, category``;
        between ``reference, comparison, difference, lower, upper, confidence, n_reference,
        n_comparison, category``. ``category`` is one of :data:`ANCHOR_GROUP_CATEGORIES`.

    See Also
    --------
    anchor_change : the MID for each case.

    Notes
    -----
    Within: d_i = post_i - pre_i; difference = mean(d), interval mean(d) +- t_{n-1, 1-a/2}
    SD(d) / sqrt(n). Between: difference = mean(comparison) - mean(reference), interval with
    Welch's standard error sqrt(s1^2/n1 + s2^2/n2) and Welch-Satterthwaite degrees of
    freedom. Bayesian: delta = difference / sigma ~ Cauchy(0, r), p(sigma^2) ~ 1/sigma^2
    (Rouder et al. 2009); the posterior of the difference is a mixture of t distributions
    over g (delta | g ~ N(0, g), g ~ InvGamma(1/2, r^2/2)), whose median and quantiles are
    found by integrating over log g. No Monte Carlo: the numbers are reproducible to the digit
    and need no seed; R's (BayesFactor MCMC, 4000 draws, ``set.seed``) differ from them by
    Monte Carlo error only.

    Categories, on the improvement scale (the interval [lo, hi] and the estimate x multiplied
    by d = +1 when higher is better, -1 when lower is better; MID > 0): interval containing 0
    -> "Statistically not significant"; hi < MID -> "Statistically significant but not
    clinically relevant" (also a significant deterioration; the result notes it); lo < MID <
    hi and x < MID -> "Not significantly less (greater) than the threshold"; lo < MID < hi and
    x > MID -> "Probably clinically significant effect"; lo > MID -> "Large clinically
    significant effect"; a limit exactly at the MID -> no category (None), as in R.

    Mirrors clinicalsignificance 2.1.0.9000 ``cs_anchor(target = "group")``: the
    frequentist numbers exactly, the Bayesian ones within Monte Carlo error. Difference: for
    ``better_is = "higher"`` R has no "Statistically not significant" rule, so an interval
    containing 0 is called "Not significantly greater than the threshold" (or gets no
    category); casekit calls it "Statistically not significant" in both directions.

    References
    ----------
    Jaeschke, Singer & Guyatt (1989), doi:10.1016/0197-2456(89)90005-6. Rouder et al. (2009),
    doi:10.3758/PBR.16.2.225. Claus, Wager & Bonnet (2024), doi:10.18637/jss.v111.i01.

    Examples
    --------
    >>> res = anchor_group_change([30, 28, 26, 31, 27], [20, 19, 22, 18, 21],
    ...                           mid_improvement=5, improvement="decrease")
    >>> res.summary[["difference", "category"]]
       difference                                category
    0        -8.4  Probably clinically significant effect
    """
    effect = check_option(effect, "effect", ("within", "between"))
    mid = check_float(mid_improvement, "mid_improvement", minimum=0.0, inclusive=False,
                      finite=True)
    confidence = check_ci_level(confidence, "confidence")
    if not isinstance(bayesian, (bool, np.bool_)):
        raise TypeError(f"bayesian must be True or False; got {bayesian!r}")
    r = prior_scale_value(prior_scale) if bayesian else None
    direction = resolve_improvement(improvement)
    d = 1.0 if direction.improvement == "increase" else -1.0
    if effect == "within":
        if reference_group is not None:
            raise ValueError("reference_group is used with effect='between' only")
        pairs = pre_post_pairs(pre, post, data=data, case_col=case_col, time_col=time_col,
                               value_col=value_col, pre_time=pre_time, post_time=post_time,
                               cases=cases, group_col=group_col, missing=missing)
        table = _within(pairs, bayesian=bool(bayesian), r=r, confidence=confidence, mid=mid,
                        d=d)
        ref: object = None
        n, dropped = pairs.n, pairs.dropped
    else:
        if pre_time is not None or cases is not None:
            raise ValueError("effect='between' compares the groups at post_time; pre_time= "
                             "and cases= are not used")
        scores = group_scores(post, data=data, case_col=case_col, time_col=time_col,
                              value_col=value_col, post_time=post_time, group_col=group_col,
                              missing=missing)
        table, ref = _between(scores, reference_group, bayesian=bool(bayesian), r=r,
                              confidence=confidence, mid=mid, d=d)
        n, dropped = int(scores.values.size), scores.dropped
    return AnchorGroupResult(
        table, method=f"Anchor-based clinical significance (groups, {effect})",
        options={"mid_improvement": mid, "improvement": direction.improvement,
                 "effect": effect, "bayesian": bool(bayesian), "confidence": confidence},
        reference=f"{REF_MID}; {REF_BAYES if bayesian else REF_CLAUS}",
        variant=_group_variant(effect, bool(bayesian), r),
        mirrors=f'clinicalsignificance 2.1.0.9000 cs_anchor(target = "group", effect = '
                f'"{effect}", bayesian = {"TRUE" if bayesian else "FALSE"})'
                + (" (within Monte Carlo error)" if bayesian else ""),
        notes=_group_notes(table, d, dropped), title="Anchor-based clinical significance "
        "(groups)", effect=effect, bayesian=bool(bayesian), prior_scale=r,
        confidence=confidence, mid_improvement=mid, improvement=direction.improvement,
        reference_group=ref, n=n, dropped=dropped)


def _group_variant(effect: str, bayesian: bool, r: float | None) -> str:
    what = "mean change" if effect == "within" else "difference in means"
    if bayesian:
        return (f"{what}: posterior median and equal-tailed credible interval, JZS prior "
                f"r = {r:.4g} (exact, numerical integration)")
    test = "paired t" if effect == "within" else "Welch t"
    return f"{what}: {test} confidence interval"


def _group_notes(table: pd.DataFrame, d: float, dropped: pd.DataFrame) -> list[str]:
    notes = []
    worse = table[(d * table["upper"] < 0) & (d * table["lower"] < 0)]
    for _, row in worse.iterrows():
        who = row["group"] if "group" in row else row.get("comparison", "the sample")
        notes.append(f"{who}: a statistically significant change in the direction of "
                     "deterioration (labelled 'Statistically significant but not clinically "
                     "relevant', as in clinicalsignificance)")
    if len(dropped):
        notes.append(f"{len(dropped)} case(s) without the scores needed left out (see .dropped)")
    return notes
