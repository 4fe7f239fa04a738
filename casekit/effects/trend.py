"""Trend-corrected non-overlap: Tau-U and baseline-corrected Tau (Tau-BC, corrected Tau).

The numpy cores take NaN-padded 2-D arrays (one series per row) where a vectorised form exists
(SingleCaseES's Tau-U and Tau-BC); the scan variants work on one series and the batch calls
them once per series.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .._deprecate import renamed_arguments
from .._robust_lines import repeated_medians, theil_sen, theil_sen_rows
from .._validate import check_ci_level, check_float, check_option
from ..exceptions import NotEnoughPointsError
from ._base import (
    RENAMED,
    SCAN,
    SCES,
    check_bool,
    check_pretest,
    read_comparison,
    short_phase_note,
    with_input_doc,
    z_value,
)
from ._kendall import kendall_single_precision, scan_kendall
from .overlap import CI_METHODS, SE_OPTIONS, bound_note, nap_parts
from .result import TauBCResult, TauUResult

if TYPE_CHECKING:
    from ..registry import Instrument

__all__ = ["tau_u", "tau_bc"]

TAU_U_METHODS = ("singlecasees", "complete", "parker", "tarlow")
TAU_BC_VARIANTS = ("singlecasees", "scan")
TAU_U_ROWS = (
    "A vs. B",
    "Trend A",
    "Trend B",
    "A vs. B - Trend A",
    "A vs. B + Trend B",
    "A vs. B + Trend B - Trend A",
)
_PARKER_REF = "Parker, Vannest, Davis & Sauber (2011). doi:10.1016/j.beth.2010.08.006"
_TARLOW_REF = ("Tarlow, K. R. (2017). Behavior Modification, 41(4), 427-467. "
               "doi:10.1177/0145445516676750")


# ------------------------------------------------------------------------------------------
# Tau-U
# ------------------------------------------------------------------------------------------


def tau_u_core(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(S_AB - S_A) / (m n) of each row (SingleCaseES ``calc_Tau_U``), with S_AB and S_A.

    S_AB = sum_ij sign(b_j - a_i); S_A = sum_{i<k} sign(a_k - a_i). A, B oriented, padded.
    """
    ma, mb = ~np.isnan(A), ~np.isnan(B)
    m = ma.sum(axis=1).astype(float)
    n = mb.sum(axis=1).astype(float)
    valid = ma[:, :, None] & mb[:, None, :]
    s_ab = np.where(valid, np.sign(B[:, None, :] - A[:, :, None]), 0.0).sum(axis=(1, 2))
    k = A.shape[1]
    upper = np.triu(np.ones((k, k), dtype=bool), 1)
    va = ma[:, :, None] & ma[:, None, :] & upper[None]
    s_a = np.where(va, np.sign(A[:, None, :] - A[:, :, None]), 0.0).sum(axis=(1, 2))
    return (s_ab - s_a) / (m * n), s_ab, s_a


def _inv_fisher(x: float) -> float:
    # scan's .inv_tau_z applied to a vector: (exp(2x) - 1) / (exp(2x) + 1), so +Inf -> NaN
    # (Inf / Inf) and -Inf -> -1; finite values give tanh(x).
    if math.isnan(x) or x == math.inf:
        return math.nan
    if x == -math.inf:
        return -1.0
    return math.tanh(x)


def _fisher_ci(tau: float, n: float, z: float) -> tuple[float, float]:
    """scan's ``.tau_ci(se_method = "z")`` with R's arithmetic of infinities (see notes)."""
    if math.isnan(tau) or abs(tau) > 1:
        return math.nan, math.nan
    tz = math.copysign(math.inf, tau) if abs(tau) == 1 else math.atanh(tau)
    if n < 3:
        return math.nan, math.nan
    se = math.inf if n == 3 else 1 / math.sqrt(n - 3)
    lo = tz - z * se
    hi = tz + z * se
    lo = math.nan if (math.isinf(tz) and math.isinf(se) and tz > 0) else lo
    hi = math.nan if (math.isinf(tz) and math.isinf(se) and tz < 0) else hi
    return _inv_fisher(lo), _inv_fisher(hi)


def scan_tau_u_table(a: np.ndarray, b: np.ndarray, method: str = "complete", tau_method: str = "b",
                     confidence: float = 0.95) -> list[dict[str, Any]]:
    """The six rows of scan 0.67.1 ``tau_u()`` for one case (B - A; no direction).

    Follows scan's code: ``method = "parker"`` and ``"tarlow"`` force tau-a denominators
    (pairs); Kendall tests (z, p, n) use tau-b variances except for complete/tau-a; "tarlow"
    applies the continuity correction S - sign(S) in z and takes SD_S from the tau-b
    variances; CIs are Fisher-z intervals tanh(atanh(tau) +/- z / sqrt(n - 3)) (scan's
    ``ci_method = "z"``), NaN when |Tau| >= 1.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    m, n = a.size, b.size
    big_n = m + n
    ab = np.concatenate((a, b))
    if method == "parker":
        tau_method = "a"
    cc = False
    if method == "tarlow":
        tau_method = "a"
        cc = True
    kt = "a" if (method == "complete" and tau_method == "a") else "b"
    seq_a = np.arange(m, 0, -1, dtype=float)
    ks = [
        scan_kendall(ab, np.r_[np.zeros(m), np.ones(n)], kt, cc),
        scan_kendall(a, np.arange(1, m + 1), kt, cc),
        scan_kendall(b, np.arange(1, n + 1), kt, cc),
        scan_kendall(ab, np.r_[seq_a, np.full(n, m + 1.0)], kt, cc),
        scan_kendall(ab, np.r_[np.zeros(m), np.arange(m + 1, big_n + 1)], kt, cc),
        scan_kendall(ab, np.r_[seq_a, np.arange(m + 1, big_n + 1)], kt, cc),
    ]
    iu_a = np.triu_indices(m, 1)
    iu_b = np.triu_indices(n, 1)
    da = np.sign(a[None, :] - a[:, None])[iu_a]
    db = np.sign(b[None, :] - b[:, None])[iu_b]
    dab = np.sign(b[None, :] - a[:, None])
    aa = (float((da > 0).sum()), float((da < 0).sum()), float((da == 0).sum()))
    bb = (float((db > 0).sum()), float((db < 0).sum()), float((db == 0).sum()))
    ab_ = (float((dab > 0).sum()), float((dab < 0).sum()), float((dab == 0).sum()))
    p_ab, p_aa, p_bb = m * n, m * (m - 1) / 2, n * (n - 1) / 2
    pairs = [p_ab, p_aa, p_bb, p_ab + p_aa, p_ab + p_bb, p_ab + p_aa + p_bb]
    if method == "parker":
        pairs[3] = p_ab
        pairs[5] = big_n * (big_n - 1) / 2
    pos = [ab_[0], aa[0], bb[0], ab_[0] + aa[1], ab_[0] + bb[0], ab_[0] + bb[0] + aa[1]]
    neg = [ab_[1], aa[1], bb[1], ab_[1] + aa[0], ab_[1] + bb[1], ab_[1] + bb[1] + aa[0]]
    ties = [ab_[2], aa[2], bb[2], ab_[2] + aa[2], ab_[2] + bb[2], ab_[2] + bb[2] + aa[2]]
    if method == "complete" and tau_method == "b":
        dd = [k["D"] for k in ks]
        dd[0] = pairs[0] - ties[0] / 2
    else:
        dd = list(pairs)
    if method == "tarlow":
        sds = [k["sdS"] for k in ks]
    else:
        sds = [
            math.sqrt(m * n * (big_n + 1) / 12) * 2,
            scan_kendall(np.arange(1, m + 1), np.arange(1, m + 1), tau_method)["sdS"],
            scan_kendall(np.arange(1, n + 1), np.arange(1, n + 1), tau_method)["sdS"],
            ks[3]["sdS"], ks[4]["sdS"], ks[5]["sdS"],
        ]
    zcrit = z_value(confidence)
    rows = []
    for i, name in enumerate(TAU_U_ROWS):
        s = ks[i]["S"]
        with np.errstate(divide="ignore", invalid="ignore"):
            tau = float(np.float64(s) / np.float64(dd[i])) if dd[i] != 0 else math.nan
        z = ks[i]["z"]
        se_tau = tau / z if (z == z and z != 0 and not math.isinf(z)) else math.nan
        lo, hi = _fisher_ci(tau, ks[i]["N"], zcrit) if tau == tau else (math.nan, math.nan)
        rows.append({
            "row": name, "pairs": float(pairs[i]), "pos": pos[i], "neg": neg[i],
            "ties": ties[i], "S": s, "D": float(dd[i]), "Tau": tau, "CI lower": lo,
            "CI upper": hi, "SD_S": sds[i], "VAR_S": sds[i] ** 2, "SE_Tau": se_tau,
            "Z": z, "p": ks[i]["p"], "n": float(ks[i]["N"]),
        })
    return rows


def unbounded_note(est: float, label: str = "Tau-U") -> str | None:
    """Why a Tau-U outside -1..1 is possible, and which bounded index to use instead."""
    if not abs(est) > 1:
        return None
    return (f"{label} = {est:.3f} is outside -1..1: this Tau-U ('A vs. B - Trend A' of Parker "
            "et al. 2011, S_AB - S_A divided by m n, as SingleCaseES Tau_U and scan "
            "method='parker' compute it) is not bounded. For an index bounded by -1 and 1 use "
            "tau_u(method='complete') (Kendall tau-b, scan's default) or tau_bc(kendall=True) "
            "(Tarlow's baseline-corrected Tau)")


_TAU_U_VARIANTS = {
    "singlecasees": "'A vs. B - Trend A' (Parker et al. 2011): (S_AB - S_A) / (m n), as "
                    "SingleCaseES Tau_U; not bounded by -1 and 1",
    "complete": "scan 'complete': row 'A vs. B - Trend A' with Kendall tau-{tm} denominators "
                "over all pairs used (bounded)",
    "parker": "scan 'parker': row 'A vs. B - Trend A', S over the m n A-B pairs (tau-a); not "
              "bounded by -1 and 1",
    "tarlow": "scan 'tarlow': row 'A vs. B - Trend A', tau-a over all pairs used, "
              "continuity-corrected z (bounded)",
}


@renamed_arguments(**RENAMED)
@with_input_doc
def tau_u(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None, *,
          data: pd.DataFrame | None = None, value_col: str = "value", phase_col: str = "phase",
          session_col: str = "session", baseline_phase: Hashable = "A",
          treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
          improvement: str | Instrument | None = None, instrument: str | Instrument | None = None,
          method: str = "singlecasees", tau_method: str = "b", confidence: float = 0.95,
          missing: str = "error") -> TauUResult:
    r"""Tau-U (Parker, Vannest, Davis & Sauber 2011): A vs. B corrected for baseline trend.

    Parameters
    ----------
    %(input)s
    method : {"singlecasees", "complete", "parker", "tarlow"}
        ``"singlecasees"`` (default): Tau-U = (S_AB - S_A) / (m n), exactly
        ``SingleCaseES::Tau_U`` (no SE). The others reproduce ``scan::tau_u(method = ...)``
        and return its six-row table in ``.table``.
    tau_method : {"b", "a"}
        Kendall tau-b or tau-a denominators for ``method="complete"`` (scan's default "b");
        ignored by "parker" and "tarlow", which force tau-a (as scan does).
    confidence : float
        Level of scan's Fisher-z interval for the scan methods.

    Returns
    -------
    TauUResult
        ``es`` = "Tau-U". For "singlecasees": ``est`` and the counts ``S_AB``, ``S_A``
        (``se`` and CI are NaN). For the scan methods the headline row is
        "A vs. B - Trend A" (the row scan reports as ``tau_u``): ``est`` = its Tau, ``se`` =
        SE_Tau, CI, ``z``, ``p``; ``.table`` has the rows "A vs. B", "Trend A", "Trend B",
        "A vs. B - Trend A", "A vs. B + Trend B", "A vs. B + Trend B - Trend A" with the
        columns ``row, pairs, pos, neg, ties, S, D, Tau, CI lower, CI upper, SD_S, VAR_S,
        SE_Tau, Z, p, n`` as in scan. ``bounded`` says whether the variant is bounded by
        -1 and 1; an estimate outside that range gets a note naming the bounded
        alternatives.

    See Also
    --------
    tau, tau_bc

    Notes
    -----
    S_AB = sum_ij sign(b_j - a_i); S_A = sum_{i<k} sign(a_k - a_i) (Kendall's S of the
    baseline against time). SingleCaseES's Tau-U is Parker's "A vs. B - Trend A" with the mn
    denominator; it can exceed 1 in absolute value (scan ``exampleABC`` Marie: 1.10), and
    casekit says so in the result's notes.

    The name "Tau-U" covers several computations that give different numbers: scan's default
    (``method="complete"``, tau-b) divides S by the tau-b denominator of all pairs used
    (sim01: -0.635 vs 0.993 here); ``"parker"`` equals SingleCaseES in its "A vs. B - Trend A"
    row; ``"tarlow"`` uses tau-a with a continuity correction S - sign(S) in the z test; the
    singlecaseresearch.org calculator differs again (Brossart et al. 2018). Always report
    which one was used (``.variant``). scan has no direction argument; casekit applies
    ``improvement`` (for "decrease" the values are negated) so that positive always means
    improvement. scan's CIs are tanh(atanh(Tau) +/- z / sqrt(n - 3)) and inherit R's
    arithmetic of infinities: NaN when Tau = 1 or |Tau| > 1, [-1, -1] when Tau = -1, an upper
    limit of NaN when n = 3.

    References
    ----------
    Parker, R. I., Vannest, K. J., Davis, J. L., & Sauber, S. B. (2011). Combining nonoverlap
    and trend for single-case research: Tau-U. Behavior Therapy, 42(2), 284-299.
    doi:10.1016/j.beth.2010.08.006

    Brossart, D. F., Laird, V. C., & Armstrong, T. W. (2018). Interpreting Kendall's Tau and
    Tau-U for single-case experimental designs. Cogent Psychology, 5(1).
    doi:10.1080/23311908.2018.1518687

    Examples
    --------
    >>> from casekit.effects import tau_u
    >>> tau_u([3, 3, 4, 5], [4, 5, 6, 7, 7], improvement="increase").est
    0.55
    """
    method = check_option(method, "method", TAU_U_METHODS)
    tau_method = check_option(tau_method, "tau_method", ("b", "a"))
    confidence = check_ci_level(confidence)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    opts: dict[str, Any] = {"improvement": c.improvement, "method": method}
    common = {"es": "Tau-U", "n_baseline": c.m, "n_treatment": c.n,
              "improvement": c.improvement, "bounded": method in ("complete", "tarlow"),
              "method": ("Tau-U = (S_AB - S_A) / (m n) (Parker et al. 2011, 'A vs. B - Trend A')"
                         if method == "singlecasees" else
                         f"Tau-U, scan method '{method}' (row 'A vs. B - Trend A')"),
              "reference": _PARKER_REF,
              "variant": _TAU_U_VARIANTS[method].format(tm=tau_method), "notes": c.notes}
    if method == "singlecasees":
        est, s_ab, s_a = (float(v[0]) for v in tau_u_core(*c.rows()))
        _append(c.notes, unbounded_note(est))
        return TauUResult(est=est, S_AB=s_ab, S_A=s_a, columns=("S_AB", "S_A"), options=opts,
                          mirrors=f"{SCES} Tau_U()", **common)
    if method == "complete":
        opts["tau_method"] = tau_method
    opts["confidence"] = confidence
    a_or, b_or = c.rows()
    rows = scan_tau_u_table(a_or[0], b_or[0], method, tau_method, confidence)
    head = rows[3]
    if c.m < 2:
        c.notes.append("one baseline point: the 'Trend A' rows have no pairs")
    _append(c.notes, unbounded_note(head["Tau"]))
    return TauUResult(
        est=head["Tau"], se=head["SE_Tau"], ci_lower=head["CI lower"],
        ci_upper=head["CI upper"], row=head["row"], z=head["Z"], p=head["p"],
        tau_method_used="a" if method in ("parker", "tarlow") else tau_method,
        columns=("row", "z", "p", "tau_method_used"), options=opts, table=pd.DataFrame(rows),
        mirrors=(f"{SCAN} tau_u(method = '{method}', tau_method = '{tau_method}', "
                 f"ci = {confidence}, ci_method = 'z')"), **common)


def _append(notes: list[str], note: str | None) -> None:
    if note:
        notes.append(note)


# ------------------------------------------------------------------------------------------
# Tau-BC: SingleCaseES (default) and scan's corrected_tau
# ------------------------------------------------------------------------------------------


def tau_bc_core(A: np.ndarray, B: np.ndarray, sign: np.ndarray, *, kendall: bool,
                alpha: float | None, se: str, confidence: float, ci_method: str) -> dict[str, Any]:
    """SingleCaseES ``calc_Tau_BC`` for each row of *raw* NaN-padded A and B.

    1. Theil-Sen line of the baseline against positions 1..m; 2. the pretest (Kendall
    package, single precision) at ``alpha``, if any; 3. both phases detrended over positions
    1..m+n (where corrected), oriented by ``sign``; 4. non-overlap Tau with the NAP SE and
    Newcombe limits (``kendall=False``, vectorised) or Kendall's tau-b against the phase
    with SE sqrt(2 (1 - tau^2) / (m + n)) and a Wald interval (per row). Rows with fewer
    than 2 baseline values give NaN.
    """
    g = A.shape[0]
    m = (~np.isnan(A)).sum(axis=1)
    n = (~np.isnan(B)).sum(axis=1)
    ta = np.broadcast_to(np.arange(1.0, A.shape[1] + 1.0), A.shape)
    tb = m[:, None] + np.arange(1.0, B.shape[1] + 1.0)[None, :]
    slope, intercept = theil_sen_rows(A, ta)
    p_trend = np.full(g, np.nan)
    if alpha is not None:
        for i in np.flatnonzero(m >= 2):
            p_trend[i] = kendall_single_precision(A[i, :m[i]], ta[i, :m[i]])["p"]
    corrected = ~(p_trend > alpha) if alpha is not None else np.ones(g, dtype=bool)
    fix = corrected[:, None]
    a2 = np.where(fix, A - intercept[:, None] - slope[:, None] * ta, A) * sign[:, None]
    b2 = np.where(fix, B - intercept[:, None] - slope[:, None] * tb, B) * sign[:, None]
    out = {"slope": slope, "intercept": intercept, "corrected": corrected, "p_trend": p_trend}
    if not kendall:
        r = nap_parts(a2, b2, se, confidence, ci_method)
        est, sev, lo, hi = (2 * r["nap"] - 1, 2 * r["se"], 2 * r["lower"] - 1,
                            2 * r["upper"] - 1)
        out["nap"] = r["nap"]
    else:
        est = np.full(g, np.nan)
        for i in np.flatnonzero(m >= 2):
            both = np.concatenate((a2[i, :m[i]], b2[i, :n[i]]))
            phase = np.r_[np.zeros(m[i]), np.ones(n[i])]
            est[i] = 0.0 if np.std(both) == 0 else kendall_single_precision(both, phase)["tau"]
        sev = np.sqrt((2 / (m + n)) * (1 - est**2))
        z = z_value(confidence)
        lo, hi = est - z * sev, est + z * sev
    short = m < 2
    for key, val in (("est", est), ("se", sev), ("lower", lo), ("upper", hi)):
        out[key] = np.where(short, np.nan, val)
    return out


def corrected_tau_core(values: np.ndarray, sessions: np.ndarray, is_b: np.ndarray, *,
                       alpha: float, continuity: bool, repeated: bool,
                       tau_method: str) -> dict[str, Any]:
    """scan 0.67.1 ``corrected_tau()`` for one oriented series (``R/corrected_tau.R``).

    Baseline autocorrelation: Kendall's tau of the A values against their sessions (NaN when
    the A values are constant); the baseline line (Theil-Sen, or Siegel's repeated medians
    when ``repeated``, on the session numbers) is subtracted from every value; Kendall's tau
    of the residuals, and of the values, against the phase (A = 1, B = 2). The corrected tau
    is reported when the autocorrelation p <= alpha.
    """
    a, ta = values[~is_b], sessions[~is_b]
    if a.size < 2 or np.all(a == a[0]):
        auto = {"tau": math.nan, "z": math.nan, "p": math.nan}
    else:
        auto = scan_kendall(a, ta, tau_method, continuity)
    slope, intercept = repeated_medians(a, ta) if repeated else theil_sen(a, ta)
    phase = np.where(is_b, 2.0, 1.0)
    corr = scan_kendall(values - (intercept + slope * sessions), phase, tau_method, continuity)
    unc = scan_kendall(values, phase, tau_method, continuity)
    applied = not math.isnan(auto["p"]) and auto["p"] <= alpha
    table = pd.DataFrame({
        "Model": ["Baseline autocorrelation", "Uncorrected tau", "Baseline corrected tau"],
        "tau": [auto["tau"], unc["tau"], corr["tau"]], "z": [auto["z"], unc["z"], corr["z"]],
        "p": [auto["p"], unc["p"], corr["p"]]})
    rep = corr if applied else unc
    return {"tau": rep["tau"], "z": rep["z"], "p": rep["p"], "applied": applied,
            "auto": auto, "corrected": corr, "uncorrected": unc, "slope": slope,
            "intercept": intercept, "table": table}


def _tau_bc_label(kendall: bool, alpha: bool | float) -> tuple[str, str]:
    """(method, variant) in words: Tarlow's name only for his Kendall + pretest procedure."""
    pre = ("only when the baseline trend is significant (Kendall test, p <= "
           f"{alpha})" if alpha is not None else "always (no trend pretest)")
    if kendall and alpha is not None:
        return ("Tau-BC (Tarlow 2017)", "Kendall's tau-b of baseline-detrended values and "
                f"phase; baseline Theil-Sen line removed {pre} (Tarlow's procedure)")
    if kendall:
        return ("Kendall's tau-b of baseline-detrended values (SingleCaseES Tau_BC, "
                "Kendall = TRUE)", "Kendall's tau-b of the values and the phase after "
                f"removing the baseline Theil-Sen line {pre}; not Tarlow's pretest procedure")
    return ("Tau of baseline-detrended values (SingleCaseES Tau_BC default)",
            "non-overlap Tau (2 NAP - 1) of the values after removing the baseline Theil-Sen "
            f"line (session positions 1..m+n) {pre}; not Tarlow's (2017) Kendall tau-b")


@renamed_arguments(**RENAMED)
@with_input_doc
def tau_bc(baseline: ArrayLike | pd.DataFrame | None = None, treatment: ArrayLike | None = None,
           *, data: pd.DataFrame | None = None, value_col: str = "value",
           phase_col: str = "phase", session_col: str = "session", baseline_phase: Hashable = "A",
           treatment_phase: Hashable = "B", case: Hashable = None, measure: str | None = None,
           improvement: str | Instrument | None = None,
           instrument: str | Instrument | None = None, variant: str = "singlecasees",
           kendall: bool = False, pretest_trend: bool | float = False, se: str = "unbiased",
           confidence: float = 0.95, ci_method: str = "newcombe", alpha: float = 0.05,
           continuity: bool = False, repeated: bool = False, tau_method: str = "b",
           missing: str = "error") -> TauBCResult:
    r"""Baseline-corrected Tau: SingleCaseES's Tau-BC (default) or scan's corrected Tau.

    Parameters
    ----------
    %(input)s
    variant : {"singlecasees", "scan"}
        ``"singlecasees"`` (default): ``SingleCaseES::Tau_BC`` with ``kendall``,
        ``pretest_trend``, ``se``, ``ci_method``, ``confidence``. ``"scan"``:
        ``scan::corrected_tau`` (Tarlow's procedure on the recorded session numbers) with
        ``alpha``, ``continuity``, ``repeated``, ``tau_method``; no SE or interval.
    kendall : bool
        SingleCaseES variant. False (default): non-overlap Tau of the detrended values, with
        the NAP-based SE and Newcombe CI. True: Kendall's tau-b between the detrended values
        and the phase dummy, SE = sqrt(2 (1 - tau^2) / (m + n)), Wald CI (not truncated to
        [-1, 1]).
    pretest_trend : False or float
        SingleCaseES variant. False (default) always corrects. A level alpha in (0, 1)
        corrects only when Kendall's test of the baseline trend has p <= alpha (Tarlow's
        original procedure).
    se : {"unbiased", "Hanley", "null", "none"}
        SE formula for ``kendall=False``.
    confidence : float
        Confidence level.
    ci_method : {"newcombe", "singlecasees"}
        Interval for ``kendall=False``, as in :func:`nap`.
    alpha : float
        scan variant: the baseline trend is removed when its Kendall test has p <= alpha
        (default 0.05).
    continuity : bool
        scan variant: continuity correction S - sign(S) in every z.
    repeated : bool
        scan variant: Siegel's repeated-medians line instead of Theil-Sen.
    tau_method : {"b", "a"}
        scan variant: Kendall tau-b (default) or tau-a.

    Returns
    -------
    TauBCResult
        ``es`` = "Tau-BC", ``est``, ``se``, ``ci_lower``, ``ci_upper``, ``slope`` and
        ``intercept`` of the baseline line removed, ``corrected`` (whether it was) and
        ``p_trend`` (the pretest p; NaN without pretest). The scan variant adds
        ``auto_tau``, ``tau_uncorrected``, ``tau_corrected``, ``z``, ``p`` and ``.table``
        (scan's rows "Baseline autocorrelation", "Uncorrected tau", "Baseline corrected
        tau" with ``tau, z, p``); ``est`` is the tau scan reports (corrected only when the
        pretest is significant).

    Raises
    ------
    NotEnoughPointsError
        Fewer than 2 baseline values (no baseline trend).

    See Also
    --------
    tau, tau_u

    Notes
    -----
    What each setting computes (``.method`` and ``.variant`` say it in words):

    * SingleCaseES default (``kendall=False``, no pretest): 1. Theil-Sen line of the baseline
      against t = 1..m: slope = median_{i<k} (a_k - a_i) / (k - i), intercept =
      median(a_t - slope t); 2. both phases detrended with it at t = 1..m+n (**row
      positions, not recorded session numbers**); 3. non-overlap Tau = 2 NAP - 1 of the
      detrended values. This is *not* Tarlow's statistic, so casekit does not call it
      "Tau-BC (Tarlow 2017)".
    * ``kendall=True``: Kendall's tau-b of the detrended values and the phase (0 when all
      detrended values are equal); with ``pretest_trend`` as well, the baseline line is
      removed only when its Kendall test is significant: Tarlow's (2017) procedure.
    * ``variant="scan"``: ``scan::corrected_tau``: Tarlow's procedure on the **session
      numbers** of the data (the baseline line is fitted on, and extrapolated to, the
      recorded sessions; array input uses 1..m+n), Kendall tau-b or tau-a from scan's
      ``kendall_tau`` (ties corrected, optional continuity correction), the line from
      ``mblm`` (Theil-Sen or Siegel's repeated medians), the pretest at ``alpha``; a
      constant baseline gives no pretest (NaN) and no correction. scan has no direction
      argument: casekit negates the values for ``improvement="decrease"``.

    Kendall's tau-b and the pretest p of the SingleCaseES variant are computed as R package
    Kendall 2.2.1 does (single precision, normal approximation with continuity correction,
    p = 1 for 3 or fewer baseline points). The SEs ignore the uncertainty of the trend line.
    Known differences: SingleCaseES and scan agree within 0.005 on the Kendall version but
    not on gapped sessions (Grosche2011 Eva: 0.538 vs 0.417), and scan corrects only when
    the trend is significant (4 of the 57 reference series).

    Mirrors ``SingleCaseES::Tau_BC`` (0.7.4) and ``scan::corrected_tau`` (0.67.1).

    References
    ----------
    Tarlow, K. R. (2017). An improved rank correlation effect size statistic for single-case
    designs: Baseline corrected Tau. Behavior Modification, 41(4), 427-467.
    doi:10.1177/0145445516676750

    Siegel, A. F. (1982). Robust regression using repeated medians. Biometrika, 69(1),
    242-244. doi:10.1093/biomet/69.1.242

    Examples
    --------
    >>> from casekit.effects import tau_bc
    >>> tau_bc([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], improvement="increase").est
    0.0
    >>> r = tau_bc([33, 25, 17, 25, 14, 13, 15], [15, 16, 16, 5, 7, 9, 6, 5, 3, 3, 8, 11, 7],
    ...            improvement="increase", variant="scan")
    >>> round(r.est, 3), r.corrected
    (0.699, True)
    """
    variant = check_option(variant, "variant", TAU_BC_VARIANTS)
    opts = _tau_bc_options(variant, kendall, pretest_trend, se, confidence, ci_method, alpha,
                           continuity, repeated, tau_method)
    c = read_comparison(baseline, treatment, data, value_col=value_col, phase_col=phase_col,
                        session_col=session_col, baseline_phase=baseline_phase,
                        treatment_phase=treatment_phase, case=case, measure=measure,
                        improvement=improvement, instrument=instrument, missing=missing)
    if c.m < 2:
        raise NotEnoughPointsError("Tau-BC needs at least 2 baseline points to estimate the "
                                   f"baseline trend; got {c.m}")
    if variant == "scan":
        return _tau_bc_scan(c, opts)
    return _tau_bc_singlecasees(c, opts)


def _tau_bc_options(variant: str, kendall: bool, pretest_trend: bool | float, se: str,
                    confidence: float, ci_method: str, alpha: float, continuity: bool,
                    repeated: bool, tau_method: str) -> dict[str, Any]:
    """Validate the options of one variant; options of the other variant must stay unset."""
    sces = {"kendall": check_bool(kendall, "kendall"), "pretest_trend": check_pretest(
        pretest_trend), "se": check_option(se, "se", SE_OPTIONS),
        "ci_method": check_option(ci_method, "ci_method", CI_METHODS),
        "confidence": check_ci_level(confidence)}
    scan = {"alpha": check_float(alpha, "alpha", minimum=0.0, maximum=1.0),
            "continuity": check_bool(continuity, "continuity"),
            "repeated": check_bool(repeated, "repeated"),
            "tau_method": check_option(tau_method, "tau_method", ("b", "a"))}
    defaults = {"kendall": False, "pretest_trend": None, "se": "unbiased",
                "ci_method": "newcombe", "confidence": 0.95, "alpha": 0.05,
                "continuity": False, "repeated": False, "tau_method": "b"}
    other = scan if variant == "singlecasees" else sces
    changed = [k for k, v in other.items() if v != defaults[k]]
    if changed:
        raise ValueError(f"{', '.join(changed)} set, but {'they apply' if len(changed) > 1 else 'it applies'} "
                         f"to variant='{'scan' if variant == 'singlecasees' else 'singlecasees'}'"
                         f", not variant='{variant}'")
    return {"variant": variant, **(sces if variant == "singlecasees" else scan)}


def _tau_bc_singlecasees(c: Any, opts: dict[str, Any]) -> TauBCResult:
    kendall, alpha = opts["kendall"], opts["pretest_trend"]
    A, B = c.rows(oriented=False)
    r = tau_bc_core(A, B, np.array([c.sign]), kendall=kendall, alpha=alpha, se=opts["se"],
                    confidence=opts["confidence"], ci_method=opts["ci_method"])
    est, sev, lo, hi = (float(r[k][0]) for k in ("est", "se", "lower", "upper"))
    corrected, p_trend = bool(r["corrected"][0]), float(r["p_trend"][0])
    if alpha is not None and not corrected:
        c.notes.append(f"baseline trend not significant (Kendall p = {p_trend:.4g} > "
                       f"{alpha}): Tau computed without trend correction")
    if not kendall:
        if opts["se"] == "unbiased":
            short_phase_note(c.m, c.n, "the unbiased NAP/Tau SE divides by (m - 1)(n - 1) and "
                             "is NaN", c.notes, stacklevel=5)
        _append(c.notes, bound_note(float(r["nap"][0]), lo, hi, "Tau-BC", opts["ci_method"],
                                    lambda v: 2 * v - 1))
    method, variant = _tau_bc_label(kendall, alpha)
    se_name = opts["se"] if not kendall else "kendall"
    return TauBCResult(
        es="Tau-BC", est=est, se=sev, ci_lower=lo, ci_upper=hi, n_baseline=c.m,
        n_treatment=c.n, improvement=c.improvement, slope=r["slope"][0],
        intercept=r["intercept"][0], corrected=corrected, p_trend=p_trend,
        columns=("slope", "intercept", "corrected", "p_trend"),
        options={"improvement": c.improvement, "kendall": kendall,
                 "pretest_trend": False if alpha is None else alpha, "se_method": se_name,
                 "confidence": opts["confidence"], "ci_method": opts["ci_method"]},
        method=method, variant=variant, reference=_TARLOW_REF, notes=c.notes,
        mirrors=(f"{SCES} Tau_BC(Kendall = {str(kendall).upper()}, pretest_trend = "
                 f"{'FALSE' if alpha is None else alpha}, SE = '{opts['se']}')"))


def _tau_bc_scan(c: Any, opts: dict[str, Any]) -> TauBCResult:
    values = c.sign * np.concatenate((c.a, c.b))
    sessions = np.concatenate((c.sessions_a, c.sessions_b))
    is_b = np.r_[np.zeros(c.m, dtype=bool), np.ones(c.n, dtype=bool)]
    r = corrected_tau_core(values, sessions, is_b, alpha=opts["alpha"],
                           continuity=opts["continuity"], repeated=opts["repeated"],
                           tau_method=opts["tau_method"])
    if c.numbered:
        c.notes.append("no session numbers: the positions 1..m+n are used as scan's mt")
    if math.isnan(r["auto"]["p"]):
        c.notes.append("the baseline values are constant: no trend test, no correction "
                       "(as scan)")
    elif not r["applied"]:
        c.notes.append(f"baseline trend not significant (Kendall p = {r['auto']['p']:.4g} > "
                       f"{opts['alpha']}): the uncorrected tau is reported, as scan does")
    line = "Siegel repeated-medians" if opts["repeated"] else "Theil-Sen"
    return TauBCResult(
        es="Tau-BC", est=r["tau"], n_baseline=c.m, n_treatment=c.n,
        improvement=c.improvement, slope=r["slope"], intercept=r["intercept"],
        corrected=r["applied"], p_trend=r["auto"]["p"], auto_tau=r["auto"]["tau"],
        tau_uncorrected=r["uncorrected"]["tau"], tau_corrected=r["corrected"]["tau"],
        z=r["z"], p=r["p"], table=r["table"],
        columns=("slope", "intercept", "corrected", "p_trend", "z", "p"),
        options={"improvement": c.improvement, "variant": "scan", "alpha": opts["alpha"],
                 "continuity": opts["continuity"], "repeated": opts["repeated"],
                 "tau_method": opts["tau_method"]},
        method="Tau-BC (Tarlow 2017) as scan corrected_tau",
        variant=(f"Kendall tau-{opts['tau_method']} of values and phase after removing the "
                 f"baseline {line} line on the session numbers, only when the baseline trend "
                 f"test has p <= {opts['alpha']}"
                 + (", continuity-corrected z" if opts["continuity"] else "")),
        reference=_TARLOW_REF, notes=c.notes,
        mirrors=(f"{SCAN} corrected_tau(alpha = {opts['alpha']}, continuity = "
                 f"{str(opts['continuity']).upper()}, repeated = "
                 f"{str(opts['repeated']).upper()}, tau_method = '{opts['tau_method']}')"))
