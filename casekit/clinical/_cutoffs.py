"""Jacobson & Truax (1991) cutoffs a, b, c and the sides of a cutoff."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._validate import check_float, check_option
from ..results import Result
from ._common import REF_JT

__all__ = ["ClinicalCutoffs", "clinical_cutoffs", "cutoff_sides", "CUTOFF_B_SD", "jt_cutoff"]

#: Options of ``cutoff_b_sd``: Jacobson & Truax's SD_func, or clinicalsignificance's SD_clin.
CUTOFF_B_SD = ("functional", "clinical")


class ClinicalCutoffs(Result):
    """Jacobson & Truax (1991) cutoffs a, b and c.

    ``.summary`` has the columns ``cutoff`` (``"a"``, ``"b"``, ``"c"``) and ``value``.

    Attributes
    ----------
    a : float
        Two SDs beyond the clinical mean, towards health.
    b : float
        Two SDs of the functional population from its mean, towards the clinical side (NaN
        without functional norms).
    c : float
        The point between the two population means weighted by their SDs (NaN without
        functional norms).
    """

    a: float
    b: float
    c: float


def jt_cutoff(kind: str, mc: float, sc: float, mf: float | None, sf: float | None, *,
              higher_is_better: bool, cutoff_b_sd: str = "functional") -> float:
    """One Jacobson & Truax cutoff (``kind`` "a", "b" or "c"); NaN when it cannot be formed.

    The one formula behind :func:`clinical_cutoffs`, ``reliable_change(cutoff="a")`` and
    ``statistical_change``.
    """
    sign = 1.0 if higher_is_better else -1.0
    if kind == "a":
        return mc + sign * 2.0 * sc
    if kind == "b":
        b_sd = sf if cutoff_b_sd == "functional" else sc
        return float("nan") if (mf is None or b_sd is None) else mf - sign * 2.0 * b_sd
    return float("nan") if (mf is None or sf is None) else (sc * mf + sf * mc) / (sc + sf)


def clinical_cutoffs(clinical_mean: float, clinical_sd: float,
                     functional_mean: float | None = None, functional_sd: float | None = None,
                     *, higher_is_better: bool, cutoff_b_sd: str = "functional",
                     ) -> ClinicalCutoffs:
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
    statistical_change : the statistical approach (clinicalsignificance ``cs_statistical``).

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
    cutoff_b_sd = check_option(cutoff_b_sd, "cutoff_b_sd", CUTOFF_B_SD)
    mc = check_float(clinical_mean, "clinical_mean", finite=True)
    sc = check_float(clinical_sd, "clinical_sd", minimum=0.0, inclusive=False, finite=True)
    mf = check_float(functional_mean, "functional_mean", allow_none=True, finite=True)
    sf = check_float(functional_sd, "functional_sd", minimum=0.0, inclusive=False,
                     allow_none=True, finite=True)
    hib = bool(higher_is_better)
    a, b, c = (jt_cutoff(k, mc, sc, mf, sf, higher_is_better=hib, cutoff_b_sd=cutoff_b_sd)
               for k in ("a", "b", "c"))
    table = pd.DataFrame({"cutoff": ["a", "b", "c"], "value": [a, b, c]})
    return ClinicalCutoffs(
        table, method="Clinical-significance cutoffs (Jacobson & Truax 1991)",
        options={"higher_is_better": hib, "cutoff_b_sd": cutoff_b_sd}, reference=REF_JT,
        variant=f"cutoff b with SD_{'func' if cutoff_b_sd == 'functional' else 'clin'}",
        mirrors="clinicalsignificance calc_cutoff (b with SD_clin when cutoff_b_sd='clinical')",
        a=float(a), b=float(b), c=float(c))


def cutoff_sides(x: ArrayLike, cutoff: float, higher_is_better: bool,
                 rule: str) -> tuple[np.ndarray, np.ndarray]:
    """``(clinical, functional)`` boolean arrays: the side of ``cutoff`` each score lies on.

    ``rule="strict"`` (a numeric cutoff, and a/b/c, as clinicalsignificance): clinical means
    strictly beyond the cutoff on the ill side, functional strictly beyond it on the healthy
    side (a score at the cutoff is neither). A registry rule (``">="``: a score at the cutoff
    is clinical; ``">"``: it must lie strictly beyond) splits every score into one side.
    """
    xa = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore"):
        if rule == "strict":
            if higher_is_better:
                return xa < cutoff, xa > cutoff
            return xa > cutoff, xa < cutoff
        if higher_is_better:
            clinical = xa <= cutoff if rule == ">=" else xa < cutoff
        else:
            clinical = xa >= cutoff if rule == ">=" else xa > cutoff
        return clinical, ~clinical
