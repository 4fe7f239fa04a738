"""Within-case standardised mean difference (SMD; SingleCaseES ``SMD``, scan ``smd``)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._validate import check_ci_level, check_option
from ..exceptions import CaseDataWarning, NotEnoughPointsError
from ._base import RENAMED, SCAN, SCES, moments, read_comparison, with_input_doc, z_value
from .result import SmdResult

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["smd"]

STD_DEVS = ("baseline", "pool", "average")
SMD_VARIANTS: dict[str, tuple[str, bool | str]] = {
    "Glass' delta": ("baseline", False),
    "Hedges' g": ("pool", False),
    "Hedges' g correction": ("pool", True),
    "Hedges' g durlak correction": ("pool", "durlak"),
    "Cohen's d": ("average", False),
}


def smd_core(A: np.ndarray, B: np.ndarray, std_dev: str = "baseline",
             bias_correct: bool | str = True) -> dict[str, Any]:
    """Within-case SMD of each row of *raw* NaN-padded A and B, as B - A (not oriented).

    ``"baseline"``: s^2 = S_A^2, df = m - 1, SV1 = 1/m + S_B^2 / (n S_A^2); ``"pool"``:
    s^2 = ((m - 1) S_A^2 + (n - 1) S_B^2) / (m + n - 2), df = m + n - 2, SV1 = 1/m + 1/n;
    ``"average"``: s^2 = (S_A^2 + S_B^2) / 2 (scan's Cohen's d), no df. d = J (M_B - M_A) / s;
    SE = J sqrt(SV1 + d^2 / (2 df)). NaN where the standardiser is 0 or undefined.
    """
    m, ma, va = moments(A)
    n, mb, vb = moments(B)
    with np.errstate(invalid="ignore", divide="ignore"):
        if std_dev == "baseline":
            df = m - 1
            s_sq = va
            sv1 = 1 / m + vb / (n * va)
        elif std_dev == "pool":
            df = m + n - 2
            s_sq = (np.where(m > 1, (m - 1) * va, 0.0) + np.where(n > 1, (n - 1) * vb, 0.0)) / df
            sv1 = 1 / m + 1 / n
        else:  # "average"
            df = np.full_like(m, np.nan)
            s_sq = (va + vb) / 2
            sv1 = np.full_like(m, np.nan)
        if bias_correct is True:
            # Hedges (1981) approximation J = 1 - 3 / (4 df - 1), doi:10.3102/10769986006002107
            j = np.where(df > 0, 1 - 3 / (4 * df - 1), np.nan)
        elif bias_correct == "durlak":
            # scan 0.67.1 smd(): "Hedges' g durlak correction" = g (N - 3) / (N - 2.25)
            # sqrt((N - 2) / N), the small-sample correction given by Durlak (2009), J Pediatr
            # Psychol 34(9):917-928, doi:10.1093/jpepsy/jsp004
            nn = m + n
            j = (nn - 3) / (nn - 2.25) * np.sqrt((nn - 2) / nn)
        else:
            j = np.ones_like(m)
        sd = np.sqrt(s_sq)
        d = np.where(sd > 0, j * (mb - ma) / sd, np.nan)
        if std_dev == "average" or bias_correct == "durlak":
            se = np.full_like(m, np.nan)
        else:
            se = np.where(df > 0, j * np.sqrt(sv1 + d**2 / (2 * df)), np.nan)
    return {"d": d, "se": se, "sd": sd, "df": df, "J": j}


def check_bias_correct(value: bool | str, std_dev: str) -> bool | str:
    """True, False or "durlak" (pooled SD only)."""
    if isinstance(value, np.bool_):
        value = bool(value)
    if not (value is True or value is False or value == "durlak"):
        raise ValueError(f"bias_correct must be one of True, False, 'durlak'; got {value!r}")
    if value == "durlak" and std_dev != "pool":
        raise ValueError("bias_correct='durlak' is defined for std_dev='pool' only")
    return value


@renamed_arguments(**RENAMED)
@with_input_doc
def smd(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
        data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
        session_col: str = "session", baseline_phase: Hashable = "A",
        treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
        improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
        std_dev: str = "baseline", bias_correct: bool | str = True, variant: str | None = None,
        confidence: float = 0.95, missing: str = "error") -> SmdResult:
    r"""Within-case standardised mean difference (SMD).

    Parameters
    ----------
    %(input)s
    std_dev : {"baseline", "pool", "average"}
        Standardiser: the baseline SD (default), the pooled SD, or scan's Cohen's-d SD
        sqrt((S_A^2 + S_B^2) / 2) (no SE).
    bias_correct : bool or "durlak"
        Hedges' small-sample correction J = 1 - 3 / (4 df - 1) (default True); "durlak" uses
        scan's (N - 3) / (N - 2.25) sqrt((N - 2) / N) (pooled SD only; no SE).
    variant : str, optional
        A scan ``smd()`` column name, overriding ``std_dev`` and ``bias_correct``:
        "Glass' delta" (baseline, uncorrected), "Hedges' g" (pool, uncorrected),
        "Hedges' g correction" (pool, corrected), "Hedges' g durlak correction",
        "Cohen's d" (average SD, uncorrected).
    confidence : float
        Level of the Wald interval.

    Returns
    -------
    SmdResult
        ``es`` = "SMD", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``sd`` (the
        standardiser), ``df``, ``J`` + options. A constant standardiser (SD = 0) gives NaN
        for everything, a :class:`~casekit.CaseDataWarning` and a note (never inf).

    Raises
    ------
    NotEnoughPointsError
        ``std_dev="baseline"`` with fewer than 2 baseline points.

    See Also
    --------
    lrr_d, nap

    Notes
    -----
    d = J (M_B - M_A) / s, sign flipped for "decrease". ``"baseline"``: s^2 = S_A^2,
    df = m - 1, SV1 = 1/m + S_B^2 / (n S_A^2); ``"pool"``: s^2 = ((m - 1) S_A^2 +
    (n - 1) S_B^2) / (m + n - 2), df = m + n - 2, SV1 = 1/m + 1/n. SE = J sqrt(SV1 +
    d^2 / (2 df)) with the corrected d; CI = d +/- z SE. Mirrors ``SingleCaseES::SMD``
    (0.7.4). scan's ``smd()`` columns are B - A without direction; casekit orients them.
    The SMD ignores autocorrelation and trend; it is not comparable with between-group d.

    References
    ----------
    Busk, P. L., & Serlin, R. C. (1992). Meta-analysis for single-case research. In
    Kratochwill & Levin (Eds.), Single-case research design and analysis. Erlbaum.

    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related
    estimators. Journal of Educational Statistics, 6(2), 107-128. doi:10.3102/10769986006002107

    Examples
    --------
    >>> from casekit.effects import smd
    >>> A = [54, 53, 56, 58, 52]
    >>> B = [61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]
    >>> round(smd(A, B, improvement="increase", variant="Glass' delta").est, 4)
    8.1108
    """
    if variant is not None:
        variant = check_option(variant, "variant", tuple(SMD_VARIANTS))
        std_dev, bias_correct = SMD_VARIANTS[variant]
    std_dev = check_option(std_dev, "std_dev", STD_DEVS)
    bias_correct = check_bias_correct(bias_correct, std_dev)
    confidence = check_ci_level(confidence)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    if std_dev == "baseline" and c.m < 2:
        raise NotEnoughPointsError("SMD with std_dev='baseline' needs at least 2 baseline "
                                   f"points to estimate the baseline SD; got {c.m}")
    if c.m + c.n < 3:
        raise NotEnoughPointsError("SMD needs at least 3 points in all")
    r = {k: float(v[0]) for k, v in smd_core(*c.rows(oriented=False), std_dev,
                                              bias_correct).items()}
    d, sev = r["d"] * c.sign, r["se"]
    if math.isnan(r["sd"]) or r["sd"] == 0:
        msg = (f"the standardiser (std_dev='{std_dev}') is 0: the values do not vary, so the "
               "SMD is undefined (returned as NaN)")
        warnings.warn(msg, CaseDataWarning, stacklevel=3)
        c.notes.append(msg)
        d = sev = math.nan
    elif c.n < 2 and std_dev == "baseline":
        c.notes.append("one treatment point: the SE needs the treatment variance (NaN)")
    z = z_value(confidence)
    opts = {"improvement": c.improvement, "std_dev": std_dev, "bias_correct": bias_correct,
            "confidence": confidence}
    if variant is not None:
        opts["variant"] = variant
    return SmdResult(
        es="SMD", est=d, se=sev, ci_lower=d - z * sev, ci_upper=d + z * sev, n_baseline=c.m,
        n_treatment=c.n, improvement=c.improvement, sd=r["sd"], df=r["df"], J=r["J"],
        columns=("sd", "df", "J"), options=opts, method="Within-case SMD",
        variant=(f"{std_dev} SD" + {True: ", Hedges' correction", False: ", uncorrected",
                                    "durlak": ", Durlak's correction"}[bias_correct]),
        reference="Hedges (1981). doi:10.3102/10769986006002107", notes=c.notes,
        mirrors=(f"{SCAN} smd() '{variant}'" if variant else
                 f"{SCES} SMD(std_dev = '{std_dev}', bias_correct = "
                 f"{str(bias_correct).upper()})"))
