"""Percentage-change clinical significance (clinicalsignificance ``cs_percentage``)."""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._input import resolve_improvement
from .._validate import check_float
from ..registry import Instrument
from ..results import Result
from ._common import (
    BASIC_CATEGORIES,
    REF_CLAUS,
    category_counts,
    individual_table,
    prose_direction,
)
from ._pairs import pre_post_pairs

__all__ = ["PercentageChangeResult", "percentage_change"]


class PercentageChangeResult(Result):
    """Clinical significance by percentage change of each case.

    ``.summary`` (clinicalsignificance's ``cs_get_augmented_data``): ``id``, ``group`` (when
    grouped), ``pre, post, change, pct_change, improved, deteriorated, unchanged, category``.
    ``pct_change`` is a proportion ((post - pre) / pre; +-inf when pre is 0 and post is not,
    NaN when both are 0).

    Attributes
    ----------
    pct_improvement : float
        Proportional change that counts as improvement (0.3 = 30 %).
    pct_deterioration : float
        Proportional change that counts as deterioration.
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

    pct_improvement: float
    pct_deterioration: float
    improvement: str
    n: int
    n_original: int
    counts: pd.DataFrame
    dropped: pd.DataFrame
    layout: str


def percentage_change(pre: ArrayLike | str | None = None, post: ArrayLike | str | None = None,
                      *, data: pd.DataFrame | None = None, case_col: str | None = None,
                      time_col: str | None = None, value_col: str | None = None,
                      pre_time: Hashable = None, post_time: Hashable = None,
                      cases: ArrayLike | None = None, group_col: str | None = None,
                      pct_improvement: float, pct_deterioration: float | None = None,
                      improvement: str | Instrument | None = None,
                      missing: str = "error") -> PercentageChangeResult:
    r"""Clinical significance by percentage change of each case (e.g. a 50 % reduction).

    Parameters
    ----------
    pre, post, data, case_col, time_col, value_col, pre_time, post_time, cases, missing
        The pre/post scores, as in :func:`reliable_change`. Pre scores must not be negative
        (a percentage needs a scale with a true zero).
    group_col : str, optional
        A column of ``data`` with each case's group: the counts are given per group.
    pct_improvement : float
        Proportional change that counts as improvement, in (0, 1] (0.3 = 30 %).
    pct_deterioration : float, optional
        Proportional change that counts as deterioration (> 0; default ``pct_improvement``;
        may exceed 1 for worsening beyond a doubling).
    improvement : {"increase", "decrease"}, str or Instrument
        Direction (clinicalsignificance ``better_is``), or an instrument name.

    Returns
    -------
    PercentageChangeResult
        ``.summary`` (one row per case) and ``.counts`` (``[group], category, n, percent``).

    See Also
    --------
    anchor_change, reliable_change, statistical_change : the other approaches.

    Notes
    -----
    pct_change = (post - pre) / pre. With d = +1 when higher is better and -1 otherwise: a case
    is **improved** if d pct_change >= pct_improvement, **deteriorated** if d pct_change <=
    -pct_deterioration (both inclusive), else **unchanged**; pre = post is always unchanged.
    A pre score of 0 gives an infinite percentage: any change away from 0 counts in its
    direction (an increase from 0 is an improvement when higher is better and a
    deterioration when lower is better).

    Mirrors clinicalsignificance 2.1.0.9000 ``cs_percentage`` (Claus et al. 2024).
    Differences: with a pre score of 0, R counts any increase as improved whatever the
    direction (and any decrease as deteriorated); casekit follows the direction. casekit
    refuses negative pre scores, never drops cases silently (``missing="drop"``), and a
    grouped call works (it fails in R with dplyr < 1.1.0), with percentages within each
    group.

    References
    ----------
    Claus, Wager & Bonnet (2024), doi:10.18637/jss.v111.i01.

    Examples
    --------
    >>> res = percentage_change([20, 10, 8], [8, 9, 12], pct_improvement=0.5,
    ...                         improvement="decrease")
    >>> res.summary[["pct_change", "category"]]
       pct_change      category
    0        -0.6      improved
    1        -0.1     unchanged
    2         0.5  deteriorated
    """
    p_imp = check_float(pct_improvement, "pct_improvement", minimum=0.0, maximum=1.0,
                        finite=True)
    p_det = p_imp if pct_deterioration is None else check_float(
        pct_deterioration, "pct_deterioration", minimum=0.0, inclusive=False, finite=True)
    if p_imp == 0.0:
        raise ValueError("pct_improvement must be > 0 (0 would count every change)")
    direction = resolve_improvement(improvement)
    d = 1.0 if direction.improvement == "increase" else -1.0
    pairs = pre_post_pairs(pre, post, data=data, case_col=case_col, time_col=time_col,
                           value_col=value_col, pre_time=pre_time, post_time=post_time,
                           cases=cases, group_col=group_col, missing=missing)
    negative = np.flatnonzero(pairs.pre < 0)
    if negative.size:
        raise ValueError(f"percentage change needs non-negative pre scores (a scale with a "
                         f"true zero); cases {pairs.cases[negative].tolist()} have negative "
                         "ones")
    change = pairs.change
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = change / pairs.pre
        moved = change != 0
        improved = moved & (d * pct >= p_imp)
        deteriorated = moved & (d * pct <= -p_det)
    table = individual_table(pairs, {"pct_change": pct}, improved, deteriorated)
    notes = list(pairs.notes)
    if len(pairs.dropped):
        notes.append(f"{len(pairs.dropped)} case(s) without both scores left out "
                     "(see .dropped)")
    return PercentageChangeResult(
        table, method="Percentage-change clinical significance",
        options={"pct_improvement": p_imp, "pct_deterioration": p_det,
                 "improvement": direction.improvement},
        reference=REF_CLAUS,
        variant=f"improved at {100 * p_imp:g} %, deteriorated at {100 * p_det:g} % of the pre "
                f"score, {prose_direction(direction.improvement)}, inclusive",
        mirrors="clinicalsignificance 2.1.0.9000 cs_percentage (pre = 0: casekit follows the "
                "direction)", notes=notes, title="Percentage-change clinical significance",
        pct_improvement=p_imp, pct_deterioration=p_det, improvement=direction.improvement,
        n=pairs.n, n_original=pairs.n_original,
        counts=category_counts(table["category"].to_numpy(), BASIC_CATEGORIES, pairs.groups),
        dropped=pairs.dropped, layout=pairs.layout)
