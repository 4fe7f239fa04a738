"""Calibration of the level-change test of ``casekit.piecewise_regression``.

Type I error at alpha = .05 (two-sided) and power for a level shift of one (stationary) SD, on
series with AR(1) errors, phi in {0, 0.3, 0.6}, n in {20, 40}, the phase change at mid-series
(n/2 baseline points), fitted with the default scan ``plm`` model "W" (trend, level, slope).

Tests compared, all on the level-change coefficient (phaseB):

* ``ols_t``: OLS t-test, t(n - 4) (``ar=0``, scan ``plm(AR = 0)``);
* ``ar1_t``: AR(1) exact ML, gls-style SE, t(n - 4) (``ar=1``, scan ``plm(AR = 1)``);
* ``ar1_boot``: the same AR(1) t statistic referred to a parametric bootstrap of its null
  distribution (``ar=1, inference="bootstrap"``): null model (no level term) fitted by
  AR(1)-ML, its phi mean-bias corrected, ``n_boot`` series simulated from it, two-sided
  p = (1 + #|t*| >= |t|)/(n_boot + 1).

Errors: e_t = phi e_{t-1} + u_t, u_t ~ N(0, 1 - phi^2), e_1 from the stationary distribution,
so the series SD is 1; the shift under the alternative is 1.0 (1 SD). Intercept 0, no trend,
no slope change.

Run: ``python benchmarks/calibration_its.py [--reps 2000] [--boot-reps 1000] [--n-boot 199]
[--seed 20261125] [--shift 0 --shift 1]``. Prints a markdown table (recorded in docs/calibration_its.md). The
bootstrap column uses fewer replications (its Monte Carlo SE is printed) because each one
refits the model n_boot times.
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time

import numpy as np
from scipy import stats

from casekit._version import __version__
from casekit.its import _ar1_ml_batch, _bootstrap_null_t, _plm_design

LEVEL = 2  # column of phaseB in the design [1, mt, phaseB, interB]


def simulate(rng, reps, n, phi, shift):
    u = rng.standard_normal((reps, n)) * math.sqrt(1 - phi**2)
    e = np.empty((reps, n))
    e[:, 0] = rng.standard_normal(reps)
    for t in range(1, n):
        e[:, t] = phi * e[:, t - 1] + u[:, t]
    is_b = np.arange(n) >= n // 2
    return e + shift * is_b[None, :], is_b


def ols_t(X, Y):
    n, p = X.shape
    xtx_inv = np.linalg.inv(X.T @ X)
    beta = Y @ X @ xtx_inv
    r = Y - beta @ X.T
    s2 = (r**2).sum(axis=1) / (n - p)
    return beta[:, LEVEL] / np.sqrt(s2 * xtx_inv[LEVEL, LEVEL])


def run_cell(rng, reps, boot_reps, n_boot, n, phi, shift):
    Y, is_b = simulate(rng, reps, n, phi, shift)
    X = _plm_design(np.arange(1, n + 1), is_b, "W")
    df = n - X.shape[1]
    crit = stats.t.ppf(0.975, df)
    rej_ols = np.mean(np.abs(ols_t(X, Y)) > crit)
    fit = _ar1_ml_batch(X, Y)
    rej_ar1 = np.mean(np.abs(fit["t"][:, LEVEL]) > crit)
    phi_hat = float(np.mean(fit["phi"]))
    rej_boot = []
    for i in range(boot_reps):
        tstar = _bootstrap_null_t(X, Y[i], 1, LEVEL, n_boot, rng)
        pb = (1 + np.sum(np.abs(tstar) >= abs(fit["t"][i, LEVEL]) - 1e-12)) / (n_boot + 1)
        rej_boot.append(pb <= 0.05)
    return rej_ols, rej_ar1, float(np.mean(rej_boot)), phi_hat


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=2000)
    ap.add_argument("--boot-reps", type=int, default=1000)
    ap.add_argument("--n-boot", type=int, default=199)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--shift", type=float, action="append",
                    help="level shift(s) in SD to run (default: 0 and 1)")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    t0 = time.time()
    rows = []
    for shift in (args.shift or [0.0, 1.0]):
        for n in (20, 40):
            for phi in (0.0, 0.3, 0.6):
                r = run_cell(rng, args.reps, args.boot_reps, args.n_boot, n, phi, shift)
                rows.append((shift, n, phi, *r))
                print(f"done shift={shift} n={n} phi={phi}: {r}", file=sys.stderr, flush=True)
    se_t = math.sqrt(0.05 * 0.95 / args.reps)
    se_b = math.sqrt(0.05 * 0.95 / args.boot_reps)
    print(f"casekit {__version__}, numpy {np.__version__}, Python {platform.python_version()}; "
          f"seed {args.seed}; {args.reps} replications per cell (bootstrap column: "
          f"{args.boot_reps} replications, {args.n_boot} bootstrap series each); "
          f"{time.time() - t0:.0f} s.")
    print(f"Monte Carlo SE of a rejection rate of .05: {se_t:.4f} ({args.reps} reps), "
          f"{se_b:.4f} ({args.boot_reps} reps).\n")
    print("| shift (SD) | n | phi | mean phi-hat | OLS t | AR(1) t(n-4) | AR(1) bootstrap |")
    print("|---|---|---|---|---|---|---|")
    for shift, n, phi, ro, ra, rb, ph in rows:
        print(f"| {shift:.0f} | {n} | {phi:.1f} | {ph:.3f} | {ro:.3f} | {ra:.3f} | {rb:.3f} |")


if __name__ == "__main__":
    main()
