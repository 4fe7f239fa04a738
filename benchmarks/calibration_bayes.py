"""Calibration of casekit.bayes_changepoint on short autocorrelated series (issue 17, item 6).

For each error model (``errors="ar1"``, the default, and ``errors="independent"``) and each
cell n in {20, 40} x phi in {0, 0.3, 0.6} (and 0.8, reported but outside the target), estimate

* **false alarms**: the share of null series (no change) with P(change) > .95, and with a
  Bayes factor > 10;
* **edge mode**: on null series, the share whose posterior mode is at the first or last
  admissible location (uniform over locations: 2 / (n - 3));
* **coverage**: with a shift of ``--shift`` marginal SD after observation n/2, the share of
  series whose 95 % credible interval (shortest contiguous) contains the true location;
* **power**: on the same series, the share with P(change) > .95.

Series: stationary Gaussian AR(1), marginal SD 1 (innovation SD sqrt(1 - phi^2)), first value
from the stationary distribution; generator ``numpy.random.default_rng`` seeded per cell from
``SeedSequence(seed).spawn``. Monte Carlo SE of a rate p with R replications:
sqrt(p (1 - p) / R) (1.1 points at p = .05, R = 400).

Usage (the numbers in docs/calibration_bayes.md)::

    python benchmarks/calibration_bayes.py --reps 400 --seed 2026 --out docs/calibration_bayes.md
    python benchmarks/calibration_bayes.py --precedence --reps 400 --seed 2027 \
        --out docs/calibration_bayes.md

``--precedence`` runs a second study instead (issue 17, item 1): two independent AR(1) series
of n = 30 that both shift by ``--shift`` SD after observation 15 (the *same* session), and
the share of pairs in which ``changepoint_precedence`` reports P(alliance first) > .95, for
each error model; with ``--out`` its table replaces the part of the document between
``<!-- precedence -->`` and ``<!-- /precedence -->``.
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casekit.alliance import changepoint_precedence  # noqa: E402
from casekit.changepoint import bayes_changepoint  # noqa: E402

NS = (20, 40)
PHIS = (0.0, 0.3, 0.6, 0.8)
MODELS = ("ar1", "independent")


def ar1_series(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """Stationary Gaussian AR(1) with marginal SD 1."""
    e = rng.standard_normal(n) * math.sqrt(1.0 - phi * phi)
    y = np.empty(n)
    y[0] = rng.standard_normal()
    for t in range(1, n):
        y[t] = phi * y[t - 1] + e[t]
    return y


def cell(n: int, phi: float, reps: int, shift: float, seed) -> dict:
    rng = np.random.default_rng(seed)
    k0 = n // 2
    step = shift * (np.arange(n) >= k0)
    out = {m: {"fa": 0, "bf10": 0, "edge": 0, "cov": 0, "power": 0, "width": 0.0}
           for m in MODELS}
    for _ in range(reps):
        y0 = ar1_series(rng, n, phi)
        y1 = ar1_series(rng, n, phi) + step
        for m in MODELS:
            r0 = bayes_changepoint(y0, errors=m)
            o = out[m]
            o["fa"] += r0.prob_change > 0.95
            o["bf10"] += r0.bayes_factor > 10
            ks = r0.posterior["k"]
            o["edge"] += r0.mode in (int(ks.min()), int(ks.max()))
            r1 = bayes_changepoint(y1, errors=m)
            lo, hi = r1.credible_interval
            o["cov"] += lo <= k0 <= hi
            o["width"] += hi - lo + 1
            o["power"] += r1.prob_change > 0.95
    return {m: {key: v / reps for key, v in o.items()} for m, o in out.items()}


def precedence(a) -> int:
    """Both series change at the same session: how often is the alliance 'first'?"""
    n, k0, phis = 30, 15, (0.0, 0.3, 0.6)
    seeds = np.random.SeedSequence(a.seed).spawn(len(phis))
    step = a.shift * (np.arange(n) >= k0)
    lines = ["<!-- precedence -->", "",
             "## Precedence when both series change at the same session", "",
             f"`benchmarks/calibration_bayes.py --precedence --reps {a.reps} --seed {a.seed} "
             f"--shift {a.shift:g}`: pairs of independent AR(1) series (n = {n}, marginal SD 1) "
             f"that both shift by {a.shift:g} SD after observation {k0}; share of pairs with "
             "P(alliance first | both changed) > .95 (`changepoint_precedence`). The truth is "
             "\"same session\", so every such pair is a false claim of precedence.", "",
             "| φ | errors = ar1 | errors = independent |", "|---|---|---|"]
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for phi, ss in zip(phis, seeds, strict=True):
            rng = np.random.default_rng(ss)
            hits = {"ar1": 0, "independent": 0}
            for _ in range(a.reps):
                ya = ar1_series(rng, n, phi) + step
                ys = ar1_series(rng, n, phi) + step
                for m in hits:
                    hits[m] += changepoint_precedence(ya, ys, errors=m).prob_precedes > 0.95
            r = {m: v / a.reps for m, v in hits.items()}
            print(f"phi={phi:.1f} ar1 {r['ar1']:.3f} independent {r['independent']:.3f}",
                  flush=True)
            lines.append(f"| {phi:.1f} | {r['ar1']:.3f} | {r['independent']:.3f} |")
    lines += ["", f"({time.perf_counter() - t0:.0f} s.)", "", "<!-- /precedence -->"]
    block = "\n".join(lines)
    if a.out:
        text = a.out.read_text() if a.out.exists() else ""
        if "<!-- precedence -->" in text:
            head, rest = text.split("<!-- precedence -->", 1)
            tail = rest.split("<!-- /precedence -->", 1)[1]
            text = head + block + tail
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        a.out.write_text(text)
    else:
        print(block)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=400)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--shift", type=float, default=2.0)
    ap.add_argument("--precedence", action="store_true")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    if a.precedence:
        return precedence(a)
    cells = [(n, phi) for n in NS for phi in PHIS]
    seeds = np.random.SeedSequence(a.seed).spawn(len(cells))
    t0 = time.perf_counter()
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for (n, phi), ss in zip(cells, seeds, strict=True):
            res = cell(n, phi, a.reps, a.shift, ss)
            for m in MODELS:
                r = res[m]
                rows.append((m, n, phi, r))
                print(f"{m:12s} n={n:3d} phi={phi:.1f} P>.95 {r['fa']:.3f} BF>10 {r['bf10']:.3f} "
                      f"edge {r['edge']:.3f} cover {r['cov']:.3f} width {r['width']:.1f} "
                      f"power {r['power']:.3f}", flush=True)
    secs = time.perf_counter() - t0
    lines = [
        "# Calibration of the Bayesian change point (`bayes_changepoint`)",
        "",
        "Produced by `benchmarks/calibration_bayes.py --reps "
        f"{a.reps} --seed {a.seed} --shift {a.shift:g}` ({secs:.0f} s, Python "
        f"{platform.python_version()}, numpy {np.__version__}).",
        "",
        "Series: stationary Gaussian AR(1), marginal SD 1, first value from the stationary "
        "distribution; `numpy.random.default_rng` seeded per cell from "
        f"`SeedSequence({a.seed}).spawn`; {a.reps} replications per cell (Monte Carlo SE of a "
        f"5 % rate: {100 * math.sqrt(0.05 * 0.95 / a.reps):.1f} points; of a 95 % rate the same).",
        "",
        "* **P>.95**: null series (no change) with P(change) > .95 (prior_change = .5);",
        "* **BF>10**: null series with a Bayes factor above 10;",
        "* **edge mode**: null series whose posterior mode is the first or last admissible "
        "location (2/(n − 3) if the mode were uniform: .118 at n = 20, .054 at n = 40);",
        f"* **coverage**: series with a shift of {a.shift:g} SD after observation n/2 whose 95 % "
        "credible interval contains the true location; **width**: its mean length in "
        "sessions;",
        "* **power**: the same series with P(change) > .95.",
        "",
        "Targets (issue 17, item 6): P>.95 in ≤ 5 % of AR(1) null series for φ ≤ .6; coverage "
        "≥ 90 %. φ = .8 is reported but outside the target.",
        "",
        "| errors | n | φ | P>.95 | BF>10 | edge mode | coverage | width | power |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for m, n, phi, r in sorted(rows, key=lambda t: (MODELS.index(t[0]), t[1], t[2])):
        lines.append(f"| {m} | {n} | {phi:.1f} | {r['fa']:.3f} | {r['bf10']:.3f} | "
                     f"{r['edge']:.3f} | {r['cov']:.3f} | {r['width']:.1f} | {r['power']:.3f} |")
    text = "\n".join(lines) + "\n"
    if a.out:
        a.out.write_text(text + NOTES)
    else:
        print(text)
    return 0


NOTES = """
## Reading the table

* `errors="ar1"` (the default) integrates the AR(1) coefficient over a uniform prior on
  −0.90 … 0.90 (Prais–Winsten transformation given φ, Zellner & Tiao 1964); the level is
  integrated out with a flat prior, which makes the likelihood of φ a restricted one.
* `errors="independent"` is the closed form casekit had before (Smith 1975; g-prior Bayes
  factor of Liang et al. 2008). Its false alarms grow with φ; it is kept as a named option.
* The AR(1) model buys its calibration with power: at n = 20 and φ = .6 a short
  autocorrelated series carries little evidence about a change in mean, and the posterior says
  so rather than reporting a sharp location.
"""

if __name__ == "__main__":
    raise SystemExit(main())
