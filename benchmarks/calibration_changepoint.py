"""Calibration study of casekit's change-point p-values on short autocorrelated series.

For every casekit test that returns a p-value, estimate

* the type I error at alpha = .05 on AR(1) null series (no change), and
* the power for a level shift of 1 marginal SD at mid-series (after observation n/2),

for phi in {0, 0.3, 0.6} and n in {20, 40}. The noise is a stationary Gaussian AR(1) process
with marginal SD 1 (innovation SD sqrt(1 - phi^2)), the first value drawn from the stationary
distribution. Methods:

* ``amoc``            casekit.amoc(model="mean", innovations="normal"), AR(1) two-stage
                      parametric bootstrap (the default before issue 17; the current default,
                      model="level_slope" with resampled innovations, is calibrated by
                      benchmarks/calibration_grid.py, docs/calibration.md)
* ``amoc_iid``        casekit.amoc(ar=None, model="mean"): the same statistic, i.i.d. Normal
                      bootstrap
* ``pettitt_approx``  casekit.pettitt, Pettitt's approximation 2 exp(-6K^2/(n^3+n^2))
* ``pettitt_perm``    casekit.pettitt(method="permutation")
* ``supF``            strucchange's supF (trimming 0.15) with Hansen's (1997) p-value

Every replication uses its own seed from ``numpy.random.SeedSequence(seed).spawn``, so the
study is reproducible and independent of the number of workers.

Usage (the full study, 2,000 replications per cell, as recorded in
docs/calibration_changepoint.md)::

    python benchmarks/calibration_changepoint.py --reps 2000 --workers 2 \
        --out docs/calibration_changepoint.md

``--reps 200`` gives a quick look (Monte Carlo SE of a 5% rate: 1.5 points).

``--pettitt-warning`` runs a second, fast study instead: how often ``casekit.pettitt`` issues
its ``AutocorrelationWarning`` on AR(1) null series (phi in {0, 0.3, 0.6}) and on independent
series with a real level shift (1 or 2 SD after observation n/2), for n in {12, 20, 40}; all
series and among Pettitt's p <= .05 results, next to the rule used before (lag-1
autocorrelation of the series minus the segment medians > 1.96/sqrt(n)). With ``--out`` the
table replaces the part of the document between ``<!-- pettitt-warning -->`` and
``<!-- /pettitt-warning -->``::

    python benchmarks/calibration_changepoint.py --pettitt-warning --reps 4000 \
        --out docs/calibration_changepoint.md
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

METHODS = ["amoc", "amoc_iid", "pettitt_approx", "pettitt_perm", "supF"]
PHIS = (0.0, 0.3, 0.6)
NS = (20, 40)
ALPHA = 0.05


def _series(rng, n, phi, shift):
    e = rng.standard_normal(n) * math.sqrt(1 - phi * phi)
    u = np.empty(n)
    u[0] = rng.standard_normal()
    for t in range(1, n):
        u[t] = phi * u[t - 1] + e[t]
    if shift:
        u[n // 2:] += shift
    return u


def _cell(args):
    n, phi, reps, seed, n_boot, n_perm = args
    from casekit import AutocorrelationWarning
    from casekit.changepoint import amoc, pettitt
    from casekit.changepoint.bai_perron import supf_test

    warnings.simplefilter("ignore", AutocorrelationWarning)
    ss = np.random.SeedSequence([seed, n, int(round(phi * 10))])
    children = ss.spawn(reps)
    rej = {(m, kind): 0 for m in METHODS for kind in ("null", "shift")}
    t0 = time.perf_counter()
    for child in children:
        rng = np.random.default_rng(child)
        for kind, shift in (("null", 0.0), ("shift", 1.0)):
            y = _series(rng, n, phi, shift)
            s = int(rng.integers(2**31))
            p = {
                # the variant these tables were computed with (the default before issue 17;
                # the current default is calibrated in benchmarks/calibration_grid.py)
                "amoc": amoc(y, n_boot=n_boot, seed=s, model="mean",
                             innovations="normal").p_value,
                "amoc_iid": amoc(y, n_boot=n_boot, seed=s, ar=None, model="mean").p_value,
                "pettitt_approx": pettitt(y).p_value,
                "pettitt_perm": pettitt(y, method="permutation", n_perm=n_perm, seed=s).p_value,
                "supF": supf_test(y, int(math.floor(0.15 * n)))[1],
            }
            for m in METHODS:
                rej[(m, kind)] += p[m] <= ALPHA
    return n, phi, reps, {k: v / reps for k, v in rej.items()}, time.perf_counter() - t0


WARN_CONDITIONS = (("AR(1) null", 0.0, 0.0), ("AR(1) null", 0.3, 0.0), ("AR(1) null", 0.6, 0.0),
                   ("independent + shift", 0.0, 1.0), ("independent + shift", 0.0, 2.0))
WARN_NS = (12, 20, 40)


def _previous_rule(x, k):
    """The warning rule casekit.pettitt used before: r1 of x minus segment medians > 1.96/sqrt(n)."""
    from casekit.changepoint._ar1fit import lag1_autocorrelation

    r = np.concatenate([x[:k] - np.median(x[:k]), x[k:] - np.median(x[k:])])
    return lag1_autocorrelation(r - r.mean()) > 1.96 / math.sqrt(x.size)


def _warning_cell(args):
    n, phi, shift, reps, seed = args
    from casekit import AutocorrelationWarning
    from casekit.changepoint import pettitt

    ss = np.random.SeedSequence([seed, n, int(round(phi * 10)), int(round(shift * 10))])
    warned, old, sig = np.zeros(reps, bool), np.zeros(reps, bool), np.zeros(reps, bool)
    for i, child in enumerate(ss.spawn(reps)):
        y = _series(np.random.default_rng(child), n, phi, shift)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", AutocorrelationWarning)
            res = pettitt(y)
        warned[i] = any(issubclass(w.category, AutocorrelationWarning) for w in caught)
        old[i] = _previous_rule(y, res.k)
        sig[i] = res.p_value <= ALPHA
    return n, phi, shift, reps, warned.mean(), sig.mean(), warned[sig].mean(), old[sig].mean()


def warning_study(reps, seed, workers):
    cells = [(n, phi, shift, reps, seed) for n in WARN_NS for _, phi, shift in WARN_CONDITIONS]
    t0 = time.perf_counter()
    if workers > 1:
        with ProcessPoolExecutor(workers) as ex:
            results = list(ex.map(_warning_cell, cells))
    else:
        results = [_warning_cell(c) for c in cells]
    wall = time.perf_counter() - t0
    lines = ["| n | series | phi | shift (SD) | warned (all series) | Pettitt p <= .05 | "
             "warned among p <= .05 | previous rule among p <= .05 |",
             "|---|---|---|---|---|---|---|---|"]
    label = {(phi, shift): lab for lab, phi, shift in WARN_CONDITIONS}
    for n, phi, shift, _r, w, s, ws, os_ in results:
        lines.append(f"| {n} | {label[(phi, shift)]} | {phi:.1f} | {shift:.0f} | "
                     f"{100 * w:.1f}% | {100 * s:.1f}% | {100 * ws:.1f}% | {100 * os_:.1f}% |")
    meta = [f"- replications per cell: {reps} (Monte Carlo SE of a 5% rate: "
            f"{100 * math.sqrt(ALPHA * (1 - ALPHA) / reps):.2f} points; the columns among "
            "p <= .05 rest on fewer series); seed = " + str(seed),
            f"- wall time {wall:.0f} s with {workers} worker(s); Python "
            f"{platform.python_version()}, numpy {np.__version__}, {platform.machine()}",
            "- command: `python benchmarks/calibration_changepoint.py --pettitt-warning "
            f"--reps {reps} --workers {workers}`"]
    return "\n".join(lines + [""] + meta) + "\n"


def _write_between(path: Path, table: str, tag: str = "pettitt-warning"):
    text = Path(path).read_text()
    start, end = f"<!-- {tag} -->", f"<!-- /{tag} -->"
    if start not in text or end not in text:
        raise SystemExit(f"{path} has no {start} ... {end} block to replace")
    head, rest = text.split(start, 1)
    Path(path).write_text(head + start + "\n\n" + table + "\n" + end + rest.split(end, 1)[1])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=2000, help="replications per cell")
    ap.add_argument("--n-boot", type=int, default=999, help="amoc bootstrap series")
    ap.add_argument("--n-perm", type=int, default=999, help="Pettitt permutations")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("--out", type=Path, default=None, help="write the markdown table here")
    ap.add_argument("--pettitt-warning", action="store_true",
                    help="study of Pettitt's AutocorrelationWarning instead of the p-values")
    a = ap.parse_args(argv)
    if a.pettitt_warning:
        table = warning_study(a.reps, a.seed, a.workers)
        print(table)
        if a.out is not None:
            _write_between(a.out, table)
        return table
    cells = [(n, phi, a.reps, a.seed, a.n_boot, a.n_perm) for n in NS for phi in PHIS]
    t0 = time.perf_counter()
    if a.workers > 1:
        with ProcessPoolExecutor(a.workers) as ex:
            results = list(ex.map(_cell, cells))
    else:
        results = [_cell(c) for c in cells]
    wall = time.perf_counter() - t0
    se = math.sqrt(ALPHA * (1 - ALPHA) / a.reps)
    lines = []
    for kind, title in (("null", "Type I error at alpha = .05 (no change)"),
                        ("shift", "Power: level shift of 1 SD after observation n/2")):
        lines += [f"### {title}", "",
                  "| n | phi | " + " | ".join(METHODS) + " |",
                  "|---|---|" + "---|" * len(METHODS)]
        for n, phi, _reps, rates, _t in results:
            lines.append(f"| {n} | {phi:.1f} | "
                         + " | ".join(f"{100 * rates[(m, kind)]:.1f}%" for m in METHODS) + " |")
        lines.append("")
    ok = all(0.035 <= r[3][("amoc", "null")] <= 0.065 for r in results)
    meta = [f"- replications per cell: {a.reps} (Monte Carlo SE of a 5% rate: "
            f"{100 * se:.2f} points); amoc n_boot = {a.n_boot}; Pettitt n_perm = {a.n_perm}; "
            f"seed = {a.seed}",
            f"- amoc type I error within 3.5-6.5% in every cell: {'yes' if ok else 'NO'}",
            f"- wall time {wall / 60:.1f} min with {a.workers} worker(s); Python "
            f"{platform.python_version()}, numpy {np.__version__}, {platform.machine()}",
            "- command: `python benchmarks/calibration_changepoint.py "
            f"--reps {a.reps} --n-boot {a.n_boot} --n-perm {a.n_perm} --workers {a.workers}`"]
    text = "\n".join(lines + meta) + "\n"
    print(text)
    if a.out is not None:
        _write(a.out, text)
    return results


def _write(path: Path, table: str):
    head = Path(path).read_text().split("<!-- results -->")[0] if Path(path).exists() else ""
    if not head:
        head = "# Calibration of change-point p-values\n\n"
    Path(path).write_text(head + "<!-- results -->\n\n" + table)


if __name__ == "__main__":
    main()
