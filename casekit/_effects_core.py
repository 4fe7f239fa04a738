"""Pure numpy cores of the single-case effect sizes (no pandas, no validation).

Everything here takes already validated, already oriented 1-D float arrays ``a`` (baseline, in
session order) and ``b`` (treatment, in session order) unless stated otherwise, and returns Python
floats or small dicts of Python floats. "Oriented" means: for ``improvement="decrease"`` the
caller has multiplied both phases by -1 (SingleCaseES convention), so larger = better here.

The batch functions (``batch_*``) work on NaN-padded 2-D arrays, one row per series, and are
what :func:`casekit.effects.effect_sizes` uses; they are checked against the scalar cores in
``tests/test_effects_batch.py``.

Sources of every formula are given in the public docstrings of :mod:`casekit.effects`.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "nap_core",
    "newcombe_ci",
    "tau_u_core",
    "theil_sen",
    "kendall_single_precision",
    "pnd_core",
    "pem_core",
    "pand_minimum_core",
    "pand_sort_core",
    "smd_core",
    "lrr_core",
    "scan_kendall",
    "scan_tau_u_table",
    "TAU_U_ROWS",
    "batch_nap",
    "batch_tau_u",
    "batch_smd",
    "batch_lrr",
    "batch_pnd",
    "batch_pem",
    "batch_pand",
    "batch_tau_bc",
    "batch_newcombe_ci",
]

TAU_U_ROWS = (
    "A vs. B",
    "Trend A",
    "Trend B",
    "A vs. B - Trend A",
    "A vs. B + Trend B",
    "A vs. B + Trend B - Trend A",
)


def _norm_ppf(p: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(p))


# --------------------------------------------------------------------------------------------
# NAP and the Newcombe (2006) method-5 interval
# --------------------------------------------------------------------------------------------


def nap_core(a: np.ndarray, b: np.ndarray, se_method: str = "unbiased") -> dict:
    """NAP and its SE (SingleCaseES 0.7.4 ``calc_NAP``).

    Q_ij = I(b_j > a_i) + 0.5 I(b_j = a_i); NAP = mean(Q). The variance uses the truncated
    NAP* = min(max(NAP, .5/mn), 1 - .5/mn). ``se`` is NaN when the formula divides by zero
    (unbiased SE with a one-point phase).
    """
    m, n = a.size, b.size
    q = (b[None, :] > a[:, None]) + 0.5 * (b[None, :] == a[:, None])
    nap = float(q.mean())
    dev = q - nap
    q1 = float(np.sum(dev.sum(axis=1) ** 2) / (m * n**2))
    q2 = float(np.sum(dev.sum(axis=0) ** 2) / (m**2 * n))
    trunc = 0.5 / (m * n)
    nap_t = min(max(nap, trunc), 1 - trunc)
    if se_method == "unbiased":
        x = float(np.sum(dev**2) / (m * n))
        den = (m - 1) * (n - 1)
        v = (nap_t * (1 - nap_t) + n * q1 + m * q2 - 2 * x) / den if den > 0 else math.nan
    elif se_method == "Hanley":
        v = (nap_t * (1 - nap_t) + (n - 1) * q1 + (m - 1) * q2) / (m * n)
    elif se_method == "null":
        v = (m + n + 1) / (12 * m * n)
    else:  # "none"
        v = math.nan
    se = math.sqrt(v) if v >= 0 else math.nan
    return {"nap": nap, "se": se, "m": m, "n": n}


def _newcombe_f(x, nap, m, n, z):
    h = (m + n) / 2 - 1
    return (m * n * (nap - x) ** 2 * (2 - x) * (1 + x)
            - z**2 * x * (1 - x) * (2 + h + (1 + 2 * h) * x * (1 - x)))


def newcombe_ci(nap: float, m: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Newcombe (2006) method-5 score interval for NAP, by ``scipy.optimize.brentq``.

    Mirrors SingleCaseES: the lower limit is the root in [0, NAP] (0 when NAP = 0), the upper
    the root in [NAP, 1] (1 when NAP = 1). At NAP = 1 the function is 0 at the end point 1, so
    both the R ``uniroot`` call and ``brentq`` return 1 for the lower limit too (and 0 for the
    upper limit at NAP = 0): the interval collapses to a point there.
    """
    from scipy.optimize import brentq

    z = _norm_ppf(1 - (1 - confidence) / 2)
    args = (nap, m, n, z)
    lo = brentq(_newcombe_f, 0.0, nap, args=args, xtol=1e-15, rtol=4 * np.finfo(float).eps,
                maxiter=500) if nap > 0 else 0.0
    hi = brentq(_newcombe_f, nap, 1.0, args=args, xtol=1e-15, rtol=4 * np.finfo(float).eps,
                maxiter=500) if nap < 1 else 1.0
    return float(lo), float(hi)


# --------------------------------------------------------------------------------------------
# Tau-U (SingleCaseES), Theil-Sen, Kendall (Kendall package, single precision)
# --------------------------------------------------------------------------------------------


def tau_u_core(a: np.ndarray, b: np.ndarray) -> dict:
    """(S_AB - S_A) / (m n), SingleCaseES ``calc_Tau_U``."""
    m, n = a.size, b.size
    s_ab = float(np.sign(b[None, :] - a[:, None]).sum())
    iu = np.triu_indices(m, 1)
    s_a = float(np.sign(a[None, :] - a[:, None])[iu].sum())
    return {"tau_u": (s_ab - s_a) / (m * n), "S_AB": s_ab, "S_A": s_a, "m": m, "n": n}


def theil_sen(y: np.ndarray, t: np.ndarray | None = None) -> tuple[float, float]:
    """Theil-Sen line: slope = median pairwise slope, intercept = median(y - slope t)."""
    if t is None:
        t = np.arange(1, y.size + 1, dtype=float)
    i, k = np.triu_indices(y.size, 1)
    slope = float(np.median((y[k] - y[i]) / (t[k] - t[i])))
    intercept = float(np.median(y - slope * t))
    return slope, intercept


def _tie_sums32(v: np.ndarray):
    """Sum t(t-1), t(t-1)(2t+5), t(t-1)(t-2) over tie groups, as the Fortran does (float32)."""
    _, counts = np.unique(v, return_counts=True)
    t = counts.astype(np.float32)
    f = np.float32
    s1 = f(np.sum(t * (t - f(1)), dtype=np.float32))
    s2 = f(np.sum(t * (t - f(1)) * (f(2) * t + f(5)), dtype=np.float32))
    s3 = f(np.sum(t * (t - f(1)) * (t - f(2)), dtype=np.float32))
    return s1, s2, s3


def kendall_single_precision(x, y) -> dict:
    """Kendall's tau-b and two-sided p as R package Kendall 2.2.1 computes them.

    ``Kendall::Kendall`` passes the data to Fortran ``TAUK2`` as single precision
    (``as.single``), so ties are judged, and tau is computed, in float32; this function does
    the same so that SingleCaseES ``Tau_BC(Kendall = TRUE)`` is reproduced to the last digit.
    The p-value is the normal approximation with continuity correction (S -/+ 1) and the
    tie-corrected variance of S (the exact branch of TAUK2 is unreachable); for n <= 3 or a
    constant variable the routine exits with tau = 1 and p = 1, which is also mirrored.
    """
    f = np.float32
    xs = np.asarray(x, dtype=np.float32)
    ys = np.asarray(y, dtype=np.float32)
    nn = xs.size
    if nn < 2 or np.all(xs == xs[0]) or np.all(ys == ys[0]):
        return {"tau": 1.0, "p": 1.0, "S": math.nan, "ok": False}
    dx = np.sign(xs[None, :] - xs[:, None])
    dy = np.sign(ys[None, :] - ys[:, None])
    iu = np.triu_indices(nn, 1)
    s_int = int((dx * dy)[iu].sum())
    cn = f(nn) * f(nn - 1)
    dn = f(0.5) * cn
    sumt, suma1, suma2 = _tie_sums32(xs)
    sumu, sumb1, sumb2 = _tie_sums32(ys)
    d1 = np.sqrt(f(dn - f(0.5) * sumt))
    d2 = np.sqrt(f(dn - f(0.5) * sumu))
    denom = f(d1 * d2)
    tau = f(f(s_int) / denom)
    vars1 = f(f(cn * f(2 * nn + 5) - suma1 - sumb1) / f(18.0))
    vars2 = f(suma2 * sumb2 / f(f(9.0) * cn * f(nn - 2))) if nn > 2 else f(0.0)
    vars3 = f(sumt * sumu / f(cn + cn))
    sds = np.sqrt(f(vars1 + vars2 + vars3))
    if nn > 3:
        scor = s_int - 1 if s_int > 0 else (s_int + 1 if s_int < 0 else 0)
        from scipy.stats import norm

        zscore = float(f(f(scor) / sds))
        prob = float(norm.cdf(zscore))
        p = 2 * prob if prob < 0.5 else 2 * (1 - prob)
    else:
        p = 1.0
    return {"tau": float(tau), "p": float(p), "S": float(s_int), "ok": True}


# --------------------------------------------------------------------------------------------
# PND, PEM, PAND
# --------------------------------------------------------------------------------------------


def pnd_core(a, b) -> float:
    return float(np.mean(b > a.max()))


def pem_core(a, b, ties: float = 0.5) -> float:
    med = np.median(a)
    return float(np.mean((b > med) + ties * (b == med)))


def pand_minimum_core(a, b) -> dict:
    """Pustejovsky (2019) formulation: max_i (i + #{b > a_(i)}) / (m + n), a_(0) = -inf."""
    m, n = a.size, b.size
    thr = np.concatenate(([-np.inf], np.sort(a)))
    kept = np.arange(m + 1) + (b[None, :] > thr[:, None]).sum(axis=1)
    k = int(kept.max())
    return {"pand": k / (m + n), "nonoverlaps": k, "overlaps": m + n - k}


def pand_sort_core(raw_a, raw_b, decreasing: bool) -> dict:
    """scan 0.67.1 ``pand(method = "sort")`` on raw (not sign-flipped) values.

    Values are ordered by (value, phase) ascending, or both descending when ``decreasing``
    (R ``order(values, phase, decreasing = TRUE)``), the first m sorted phase labels are
    compared with the observed A block, and PAND = (AA + BB) / N; phi = sqrt(chi2 / N) of the
    2 x 2 table, which for this table equals |AA N - m^2| / (m n).
    """
    m, n = raw_a.size, raw_b.size
    vals = np.concatenate((raw_a, raw_b))
    ph = np.concatenate((np.zeros(m), np.ones(n)))
    if decreasing:
        order = np.lexsort((-ph, -vals))
    else:
        order = np.lexsort((ph, vals))
    sorted_ph = ph[order]
    aa = int(np.sum(sorted_ph[:m] == 0))
    bb = int(np.sum(sorted_ph[m:] == 1))
    big_n = m + n
    phi = abs(aa * big_n - m * m) / (m * n)
    return {"pand": (aa + bb) / big_n, "phi": float(phi), "overlaps": big_n - aa - bb,
            "AA": aa, "AB": m - aa, "BA": m - aa, "BB": bb}


# --------------------------------------------------------------------------------------------
# SMD and LRR
# --------------------------------------------------------------------------------------------


def smd_core(a, b, std_dev: str = "baseline", bias_correct=True):
    """Within-case SMD (SingleCaseES ``calc_SMD``; scan ``smd`` variants). a, b raw values.

    Returns d as B - A (the caller flips the sign for "decrease").
    """
    m, n = a.size, b.size
    ma, mb = float(a.mean()), float(b.mean())
    va = float(a.var(ddof=1)) if m > 1 else math.nan
    vb = float(b.var(ddof=1)) if n > 1 else math.nan
    if std_dev == "baseline":
        df = m - 1
        s_sq = va
        sv1 = 1 / m + vb / (n * va) if (m > 1 and va > 0) else math.nan
    elif std_dev == "pool":
        df = m + n - 2
        num = (0.0 if m < 2 else (m - 1) * va) + (0.0 if n < 2 else (n - 1) * vb)
        s_sq = num / df if df > 0 else math.nan
        sv1 = 1 / m + 1 / n
    else:  # "average": scan's Cohen's d SD, sqrt((S_A^2 + S_B^2) / 2)
        df = math.nan
        s_sq = (va + vb) / 2
        sv1 = math.nan
    if bias_correct is True:
        # Hedges (1981) approximation J = 1 - 3 / (4 df - 1), doi:10.3102/10769986006002107
        j = 1 - 3 / (4 * df - 1) if df > 0 else math.nan
    elif bias_correct == "durlak":
        # scan 0.67.1 smd(): "Hedges' g durlak correction" = g (N - 3) / (N - 2.25)
        # sqrt((N - 2) / N), the small-sample correction given by Durlak (2009), J Pediatr
        # Psychol 34(9):917-928, doi:10.1093/jpepsy/jsp004
        big_n = m + n
        j = (big_n - 3) / (big_n - 2.25) * math.sqrt((big_n - 2) / big_n)
    else:
        j = 1.0
    sd = math.sqrt(s_sq) if (not math.isnan(s_sq) and s_sq >= 0) else math.nan
    if math.isnan(sd) or sd == 0:
        d = math.nan
    else:
        d = j * (mb - ma) / sd
    if std_dev == "average" or bias_correct == "durlak":
        se = math.nan
    else:
        se = j * math.sqrt(sv1 + d**2 / (2 * df)) if df > 0 else math.nan
    return {"d": d, "se": se, "sd": sd, "df": df, "J": j, "mean_A": ma, "mean_B": mb,
            "sd_A": math.sqrt(va) if m > 1 else math.nan,
            "sd_B": math.sqrt(vb) if n > 1 else math.nan}


def lrr_core(a, b, bias_correct: bool = True, d_const: float = math.inf) -> dict:
    """ln(M_B) - ln(M_A) with Pustejovsky's (2018) bias correction, on (possibly) truncated
    phase means. Returns the *increasing* log ratio B over A; the caller orients it.
    ``a``/``b`` are the (already complemented, for percentages) phase values' summaries.
    """
    n = np.array([a.size, b.size], dtype=float)
    mean = np.array([a.mean(), b.mean()], dtype=float)
    var = np.array([a.var(ddof=1) if a.size > 1 else math.nan,
                    b.var(ddof=1) if b.size > 1 else math.nan])
    return _lrr_from_stats(n, mean, var, bias_correct, d_const)


def _lrr_from_stats(n, mean, var, bias_correct, d_const):
    if d_const > 0 and math.isfinite(d_const):
        mean = np.maximum(1 / (2 * d_const * n), mean)
        var = np.maximum(1 / (d_const**2 * n**3), var)
    if bias_correct:
        ell = np.log(mean) + var / (2 * n * mean**2)
    else:
        ell = np.log(mean)
    lrr = float(ell[1] - ell[0])
    se = float(np.sqrt(np.sum(var / (n * mean**2))))
    return {"lrr": lrr, "se": se, "M_A": float(mean[0]), "M_B": float(mean[1])}


# --------------------------------------------------------------------------------------------
# scan 0.67.1 tau_u(): Kendall helper and the six-row table
# --------------------------------------------------------------------------------------------


def _tie_counts(v):
    _, c = np.unique(v, return_counts=True)
    return c.astype(float)


def scan_kendall(x, y, tau_method: str = "b", continuity_correction: bool = False) -> dict:
    """scan's ``kendall_tau()`` (0.67.1): S, denominator D, sd of S, z, p, N."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    nn = x.size
    iu = np.triu_indices(nn, 1)
    s = float((np.sign(x[None, :] - x[:, None]) * np.sign(y[None, :] - y[:, None]))[iu].sum())
    n0 = nn * (nn - 1) / 2
    if tau_method == "a":
        den = n0
        sds = math.sqrt(nn * (nn - 1) * (2 * nn + 5) / 2) / 3
        sc = s if not continuity_correction else float(np.sign(s)) * (abs(s) - 1)
        z = 3 * sc / math.sqrt(nn * (nn - 1) * (2 * nn + 5) / 2) if nn > 1 else math.nan
    else:
        tx, ty = _tie_counts(x), _tie_counts(y)
        ti = float(np.sum(tx * (tx - 1) / 2))
        ui = float(np.sum(ty * (ty - 1) / 2))
        den = math.sqrt((n0 - ti) * (n0 - ui))
        v0 = nn * (nn - 1) * (2 * nn + 5)
        vt = float(np.sum(tx * (tx - 1) * (2 * tx + 5)))
        vu = float(np.sum(ty * (ty - 1) * (2 * ty + 5)))
        v1 = float(np.sum(tx * (tx - 1))) * float(np.sum(ty * (ty - 1)))
        v2 = float(np.sum(tx * (tx - 1) * (tx - 2))) * float(np.sum(ty * (ty - 1) * (ty - 2)))
        var_s = (v0 - vt - vu) / 18
        if nn > 1:
            var_s += v1 / (2 * nn * (nn - 1))
        if nn > 2:
            var_s += v2 / (9 * nn * (nn - 1) * (nn - 2))
        sds = math.sqrt(var_s) if var_s >= 0 else math.nan
        sc = s if not continuity_correction else float(np.sign(s)) * (abs(s) - 1)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = float(np.float64(sc) / np.float64(sds)) if sds == sds else math.nan
    if math.isinf(z) or math.isnan(z):
        p = math.nan
    else:
        from scipy.stats import norm

        p = float(2 * norm.sf(abs(z)))
    return {"S": s, "D": den, "sdS": sds, "z": z, "p": p, "N": nn}


def _inv_fisher(x: float) -> float:
    # scan's .inv_tau_z applied to a vector: (exp(2x) - 1) / (exp(2x) + 1), so +Inf -> NaN
    # (Inf / Inf) and -Inf -> -1; finite values give tanh(x).
    if math.isnan(x) or x == math.inf:
        return math.nan
    if x == -math.inf:
        return -1.0
    return math.tanh(x)


def _fisher_ci(tau, n, z):
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


def scan_tau_u_table(a, b, method: str = "complete", tau_method: str = "b",
                     confidence: float = 0.95) -> list[dict]:
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
    zcrit = _norm_ppf(1 - (1 - confidence) / 2)
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


# --------------------------------------------------------------------------------------------
# Batch (vectorised over series) versions; rows are series, NaN pads the end of each row
# --------------------------------------------------------------------------------------------


def batch_nap(A, B, se_method="unbiased"):
    """NAP and SE for each row of NaN-padded A (g x M) and B (g x N)."""
    ma = ~np.isnan(A)
    mb = ~np.isnan(B)
    m = ma.sum(axis=1).astype(float)
    n = mb.sum(axis=1).astype(float)
    valid = ma[:, :, None] & mb[:, None, :]
    a3 = A[:, :, None]
    b3 = B[:, None, :]
    q = np.where(valid, (b3 > a3) + 0.5 * (b3 == a3), 0.0)
    mn = m * n
    nap = q.sum(axis=(1, 2)) / mn
    dev = np.where(valid, q - nap[:, None, None], 0.0)
    q1 = np.sum(dev.sum(axis=2) ** 2, axis=1) / (m * n**2)
    q2 = np.sum(dev.sum(axis=1) ** 2, axis=1) / (m**2 * n)
    trunc = 0.5 / mn
    nap_t = np.minimum(np.maximum(nap, trunc), 1 - trunc)
    with np.errstate(divide="ignore", invalid="ignore"):
        if se_method == "unbiased":
            x = np.sum(dev**2, axis=(1, 2)) / mn
            den = (m - 1) * (n - 1)
            v = np.where(den > 0, (nap_t * (1 - nap_t) + n * q1 + m * q2 - 2 * x) / den, np.nan)
        elif se_method == "Hanley":
            v = (nap_t * (1 - nap_t) + (n - 1) * q1 + (m - 1) * q2) / mn
        elif se_method == "null":
            v = (m + n + 1) / (12 * mn)
        else:
            v = np.full_like(nap, np.nan)
        se = np.sqrt(np.where(v >= 0, v, np.nan))
    return nap, se, m, n


def batch_newcombe_ci(nap, m, n, confidence=0.95, iterations=200):
    """Vectorised Newcombe limits: bisection on the same brackets as :func:`newcombe_ci`,
    iterated until the bracket no longer shrinks (machine precision), with the end-point
    conventions of brentq (a zero function value at a bracket end is returned as the root)."""
    z = _norm_ppf(1 - (1 - confidence) / 2)

    def f(x):
        return _newcombe_f(x, nap, m, n, z)

    def solve(lo, hi):
        flo = f(lo)
        fhi = f(hi)
        root = np.full_like(lo, np.nan)
        done = np.zeros(lo.shape, dtype=bool)
        for end, fe in ((lo, flo), (hi, fhi)):
            hit = (fe == 0) & ~done
            root[hit] = end[hit]
            done |= hit
        lo = lo.copy()
        hi = hi.copy()
        for _ in range(iterations):
            mid = 0.5 * (lo + hi)
            if np.all(done | (mid == lo) | (mid == hi)):
                break
            fm = f(mid)
            same = np.sign(fm) == np.sign(flo)
            lo = np.where(same, mid, lo)
            flo = np.where(same, fm, flo)
            hi = np.where(same, hi, mid)
        root = np.where(done, root, 0.5 * (lo + hi))
        return root

    zeros = np.zeros_like(nap)
    ones = np.ones_like(nap)
    lower = np.where(nap > 0, solve(zeros, nap), 0.0)
    upper = np.where(nap < 1, solve(nap, ones), 1.0)
    return lower, upper


def batch_tau_u(A, B):
    ma = ~np.isnan(A)
    mb = ~np.isnan(B)
    m = ma.sum(axis=1).astype(float)
    n = mb.sum(axis=1).astype(float)
    valid = ma[:, :, None] & mb[:, None, :]
    s_ab = np.where(valid, np.sign(B[:, None, :] - A[:, :, None]), 0.0).sum(axis=(1, 2))
    k = A.shape[1]
    upper = np.triu(np.ones((k, k), dtype=bool), 1)
    va = ma[:, :, None] & ma[:, None, :] & upper[None]
    s_a = np.where(va, np.sign(A[:, None, :] - A[:, :, None]), 0.0).sum(axis=(1, 2))
    return (s_ab - s_a) / (m * n), s_ab, s_a


def _masked_stats(X):
    mask = ~np.isnan(X)
    cnt = mask.sum(axis=1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(mask, X, 0.0).sum(axis=1) / cnt
        dev = np.where(mask, X - mean[:, None], 0.0)
        var = np.where(cnt > 1, (dev**2).sum(axis=1) / (cnt - 1), np.nan)
    return cnt, mean, var


def batch_smd(A, B, std_dev="baseline", bias_correct=True):
    m, ma, va = _masked_stats(A)
    n, mb, vb = _masked_stats(B)
    with np.errstate(invalid="ignore", divide="ignore"):
        if std_dev == "baseline":
            df = m - 1
            s_sq = va
            sv1 = 1 / m + vb / (n * va)
        elif std_dev == "pool":
            df = m + n - 2
            s_sq = (np.where(m > 1, (m - 1) * va, 0.0) + np.where(n > 1, (n - 1) * vb, 0.0)) / df
            sv1 = 1 / m + 1 / n
        else:
            df = np.full_like(m, np.nan)
            s_sq = (va + vb) / 2
            sv1 = np.full_like(m, np.nan)
        if bias_correct is True:
            j = np.where(df > 0, 1 - 3 / (4 * df - 1), np.nan)
        elif bias_correct == "durlak":
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
    return d, se, sd


def batch_lrr(A, B, bias_correct=True):
    """Increasing log response ratio per row (no truncation; scale "other")."""
    m, ma, va = _masked_stats(A)
    n, mb, vb = _masked_stats(B)
    with np.errstate(invalid="ignore", divide="ignore"):
        if bias_correct:
            ell_a = np.log(ma) + va / (2 * m * ma**2)
            ell_b = np.log(mb) + vb / (2 * n * mb**2)
        else:
            ell_a = np.log(ma)
            ell_b = np.log(mb)
        lrr = ell_b - ell_a
        se = np.sqrt(va / (m * ma**2) + vb / (n * mb**2))
    return lrr, se, ma, mb


def batch_pnd(A, B):
    mb = ~np.isnan(B)
    n = mb.sum(axis=1)
    mx = np.nanmax(A, axis=1)
    return np.where(mb, B > mx[:, None], False).sum(axis=1) / n


def batch_pem(A, B, ties=0.5):
    mb = ~np.isnan(B)
    n = mb.sum(axis=1)
    med = np.nanmedian(A, axis=1)[:, None]
    val = np.where(mb, (B > med) + ties * (B == med), 0.0)
    return val.sum(axis=1) / n


def batch_pand(A, B):
    ma = ~np.isnan(A)
    mb = ~np.isnan(B)
    m = ma.sum(axis=1)
    n = mb.sum(axis=1)
    a_sorted = np.sort(np.where(ma, A, np.inf), axis=1)  # pads sort to the end
    thr = np.concatenate((np.full((A.shape[0], 1), -np.inf), a_sorted), axis=1)
    above = np.where(mb[:, None, :], B[:, None, :] > thr[:, :, None], False).sum(axis=2)
    kept = np.arange(thr.shape[1])[None, :] + above
    kept = np.where(np.arange(thr.shape[1])[None, :] <= m[:, None], kept, -1)
    k = kept.max(axis=1)
    return k / (m + n)


def batch_tau_bc(A, B):
    """Theil-Sen-detrended A and B (sessions 1..m+n), for Tau-BC with Kendall = FALSE."""
    ma = ~np.isnan(A)
    m = ma.sum(axis=1)
    k = A.shape[1]
    t = np.arange(1, k + 1, dtype=float)
    i, j = np.triu_indices(k, 1)
    slopes = (A[:, j] - A[:, i]) / (t[j] - t[i])  # NaN where a pad is involved
    ok = m >= 2  # a trend needs two baseline points; other rows get 0 / 0 (callers NaN them)
    slope = np.zeros(A.shape[0])
    intercept = np.zeros(A.shape[0])
    if ok.any() and slopes.shape[1]:
        slope[ok] = np.nanmedian(slopes[ok], axis=1)
        intercept[ok] = np.nanmedian(A[ok] - slope[ok, None] * t[None, :], axis=1)
    tb = m[:, None] + np.arange(1, B.shape[1] + 1)[None, :]
    a_adj = A - intercept[:, None] - slope[:, None] * t[None, :]
    b_adj = B - intercept[:, None] - slope[:, None] * tb
    return a_adj, b_adj, slope, intercept
