"""Criterion-1 cutoff from the reliable change index (suddengains ``define_crit1_cutoff``)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._validate import as_float_array, check_float
from ..results import Result

__all__ = ["crit1_cutoff_from_rci", "Crit1Cutoff"]

_REFERENCE = "Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12"


class Crit1Cutoff(Result):
    """Criterion-1 cutoff from the RCI (:func:`crit1_cutoff_from_rci`).

    ``float(result)`` gives the cutoff; the result can be passed as ``sg_crit1_cutoff``.
    ``.summary`` has one row: ``sd, reliability, sem, s_diff, z, cutoff``.

    Attributes
    ----------
    value : float
        The cutoff, z S_diff.
    sem : float
        Standard error of measurement, SD sqrt(1 - r).
    s_diff : float
        Standard error of the difference, sqrt(2 SEM^2).
    sd : float
        The standard deviation used (given, or the n - 1 SD of ``data_sd``).
    reliability : float
        The reliability used.
    z : float
        The critical z.
    n_missing : int
        Missing values left out of ``data_sd`` (0 when ``sd`` was given).
    """

    value: float
    sem: float
    s_diff: float
    sd: float
    reliability: float
    z: float
    n_missing: int = 0

    def __float__(self) -> float:
        return self.value


def crit1_cutoff_from_rci(sd: float | None = None, reliability: float | None = None,
                          z: float = 1.96, *, data_sd: ArrayLike | None = None) -> Crit1Cutoff:
    r"""Criterion-1 cutoff from the reliable change index (suddengains ``define_crit1_cutoff``).

    Parameters
    ----------
    sd : float, optional
        Standard deviation of a reference (pre-treatment or normative) sample.
    reliability : float
        Reliability of the measure (0 < r < 1).
    z : float
        Critical z (1.96, as suddengains hard-codes).
    data_sd : array-like, optional
        Baseline scores whose n - 1 SD is used instead of ``sd`` (missing values are left out
        and counted in the result, as ``sd(x, na.rm = TRUE)`` does; infinite values raise).

    Returns
    -------
    Crit1Cutoff
        ``.value`` = z S_diff, ``.sem``, ``.s_diff``, ``.sd``, ``.reliability``, ``.z``,
        ``.n_missing``; pass it (or ``.value``) as ``sg_crit1_cutoff``.

    See Also
    --------
    sudden_gains : uses the cutoff as criterion 1.
    casekit.reliable_change : the same S_diff for pre/post change.

    Notes
    -----
    SEM = SD sqrt(1 - r); S_diff = sqrt(2 SEM^2); cutoff = z S_diff (Jacobson & Truax 1991).
    suddengains 0.7.2 can also estimate r as Cronbach's alpha of item data; casekit leaves
    that to the caller.

    References
    ----------
    Jacobson, N. S., & Truax, P. (1991). doi:10.1037/0022-006X.59.1.12.

    Examples
    --------
    >>> round(crit1_cutoff_from_rci(10.5, 0.931).value, 6)
    7.645131
    """
    n_missing = 0
    if (sd is None) == (data_sd is None):
        raise ValueError("give exactly one of sd= (a number) or data_sd= (baseline scores)")
    if data_sd is not None:
        x = as_float_array(np.ravel(data_sd), "data_sd", allow_nan=True)
        n_missing = int(np.isnan(x).sum())
        x = x[~np.isnan(x)]
        if x.size < 2:
            raise ValueError("data_sd needs at least 2 non-missing values")
        sd = float(np.std(x, ddof=1))
    sd = check_float(sd, "sd", minimum=0.0, inclusive=False, finite=True)
    if reliability is None:
        raise ValueError("reliability is required (e.g. test-retest or Cronbach's alpha)")
    rel = check_float(reliability, "reliability", minimum=0.0, maximum=1.0, inclusive=False,
                      finite=True)
    z = check_float(z, "z", minimum=0.0, inclusive=False, finite=True)
    sem = sd * math.sqrt(1.0 - rel)
    s_diff = math.sqrt(2.0 * sem ** 2)
    value = z * s_diff
    table = pd.DataFrame({"sd": [sd], "reliability": [rel], "sem": [sem], "s_diff": [s_diff],
                          "z": [z], "cutoff": [value]})
    return Crit1Cutoff(
        table, value=float(value), sem=float(sem), s_diff=float(s_diff), sd=float(sd),
        reliability=float(rel), z=float(z), n_missing=n_missing,
        method="Criterion-1 cutoff from the RCI (Jacobson & Truax 1991)", options={"z": z},
        variant="z S_diff with S_diff = sqrt(2) SD sqrt(1 - r)",
        mirrors="suddengains 0.7.2 define_crit1_cutoff", reference=_REFERENCE,
        notes=[f"{n_missing} missing values left out of data_sd"] if n_missing else None)
