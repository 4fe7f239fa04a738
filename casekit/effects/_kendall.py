"""Kendall's S and tau as the two R anchors compute them (pure numpy, scalar series).

* :func:`scan_kendall` is scan 0.67.1's ``kendall_tau()`` (``R/private_kendall.R``): tau-a or
  tau-b, the tie-corrected variance of S, an optional continuity correction S - sign(S), a
  two-sided normal p; tau and p are NA when z is infinite.
* :func:`kendall_single_precision` is R package Kendall 2.2.1 (``Kendall::Kendall``, Fortran
  ``TAUK2``), which SingleCaseES ``Tau_BC`` calls: it works in single precision (float32).

Kendall, M. G. (1970). Rank correlation methods (4th ed.). Griffin.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtr

__all__ = ["scan_kendall", "kendall_single_precision"]


def _tie_counts(v: np.ndarray) -> np.ndarray:
    _, c = np.unique(v, return_counts=True)
    return c.astype(float)


def scan_kendall(x: ArrayLike, y: ArrayLike, tau_method: str = "b",
                 continuity_correction: bool = False) -> dict[str, Any]:
    """scan's ``kendall_tau()`` (0.67.1): S, denominator D, tau, SD of S, z, p and N.

    tau-a: D = n(n-1)/2, z = 3 S' / sqrt(n(n-1)(2n+5)/2); tau-b: D = sqrt((n0 - T_x)(n0 - T_y)),
    z = S' / sqrt(Var S) with the tie-corrected variance (Kendall 1970, eq. 4.3); S' = S or,
    with the continuity correction, sign(S)(|S| - 1). p = 2 (1 - Phi(|z|)). As in scan, tau and
    p are NaN when z is infinite, and 0/0 gives NaN.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    nn = x.size
    iu = np.triu_indices(nn, 1)
    s = float((np.sign(x[None, :] - x[:, None]) * np.sign(y[None, :] - y[:, None]))[iu].sum())
    n0 = nn * (nn - 1) / 2
    sc = s if not continuity_correction else float(np.sign(s)) * (abs(s) - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        if tau_method == "a":
            den = n0
            sds = math.sqrt(nn * (nn - 1) * (2 * nn + 5) / 2) / 3
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
            z = float(np.float64(sc) / np.float64(sds)) if sds == sds else math.nan
        tau = float(np.float64(s) / np.float64(den))
    if math.isinf(z) or math.isnan(z):
        p = math.nan
        if math.isinf(z):
            tau = math.nan
    else:
        p = float(2 * ndtr(-abs(z)))
    return {"S": s, "D": den, "tau": tau, "sdS": sds, "z": z, "p": p, "N": nn}


def _tie_sums32(v: np.ndarray) -> tuple[np.float32, np.float32, np.float32]:
    """Sum t(t-1), t(t-1)(2t+5), t(t-1)(t-2) over tie groups, as the Fortran does (float32)."""
    _, counts = np.unique(v, return_counts=True)
    t = counts.astype(np.float32)
    f = np.float32
    s1 = f(np.sum(t * (t - f(1)), dtype=np.float32))
    s2 = f(np.sum(t * (t - f(1)) * (f(2) * t + f(5)), dtype=np.float32))
    s3 = f(np.sum(t * (t - f(1)) * (t - f(2)), dtype=np.float32))
    return s1, s2, s3


def kendall_single_precision(x: ArrayLike, y: ArrayLike) -> dict[str, Any]:
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
        zscore = float(f(f(scor) / sds))
        prob = float(ndtr(zscore))
        p = 2 * prob if prob < 0.5 else 2 * (1 - prob)
    else:
        p = 1.0
    return {"tau": float(tau), "p": float(p), "S": float(s_int), "ok": True}
