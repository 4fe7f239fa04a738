"""False alarms of the rupture criteria on null series (issue 17, item 7).

For n in {20, 43} sessions and phi in {0, 0.3, 0.6}, ``--reps`` null series (stationary
Gaussian AR(1), marginal SD 2 scale points around 40, rounded to whole points; no rupture)
are passed to ``casekit.rupture_repair`` with the criteria ``stiles2sd`` (2 SD),
``strauss1sd`` (1 SD) and ``calibrated`` (false_alarm_rate = .05), each with
``n_surrogates`` simulated null series of its own. Reported per criterion:

* **observed**: the mean number of episodes per series and the share of series with at least
  one (these are all false alarms);
* **reported**: the mean of the ``false_episodes`` and ``false_alarm_rate`` columns, i.e. what
  ``rupture_repair`` told the user to expect.

The generator here (``numpy.random.default_rng`` seeded from ``SeedSequence(seed).spawn``,
its own AR(1) loop) is independent of the one inside ``rupture_repair``. Monte Carlo SE of a
5 % share with R series: sqrt(.05 x .95 / R).

Usage (the numbers in docs/calibration_rupture.md)::

    python benchmarks/calibration_rupture.py --reps 150 --seed 2026 --out docs/calibration_rupture.md
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

from casekit.alliance import rupture_repair  # noqa: E402

CRITERIA = ("stiles2sd", "strauss1sd", "calibrated")


def null_series(rng, n, phi):
    y = np.empty(n)
    y[0] = rng.standard_normal()
    e = rng.standard_normal(n) * math.sqrt(1 - phi * phi)
    for t in range(1, n):
        y[t] = phi * y[t - 1] + e[t]
    return np.round(40 + 2 * y)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=150)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--n-surrogates", type=int, default=200)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    cells = [(n, phi) for n in (20, 43) for phi in (0.0, 0.3, 0.6)]
    seeds = np.random.SeedSequence(a.seed).spawn(len(cells))
    t0 = time.perf_counter()
    lines = ["# False alarms of the rupture criteria", "",
             f"Produced by `benchmarks/calibration_rupture.py --reps {a.reps} --seed {a.seed} "
             f"--n-surrogates {a.n_surrogates}` (Python {platform.python_version()}, numpy "
             f"{np.__version__}). Null series: stationary Gaussian AR(1), marginal SD 2 points "
             "around 40, whole points, no rupture; noise estimate `mad` (the default). "
             "*observed*: episodes found (all false); *reported*: what `rupture_repair` said "
             "to expect (`false_episodes`, `false_alarm_rate`, averaged over series). Monte "
             f"Carlo SE of a 5 % share: {100 * math.sqrt(.05 * .95 / a.reps):.1f} points.", "",
             "| n | φ | criterion | observed episodes / series | reported | observed share ≥ 1 "
             "| reported | mean k |", "|---|---|---|---|---|---|---|---|"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for (n, phi), ss in zip(cells, seeds, strict=True):
            rng = np.random.default_rng(ss)
            acc = {c: {"eps": [], "any": [], "r_eps": [], "r_any": [], "k": []} for c in CRITERIA}
            for _ in range(a.reps):
                y = null_series(rng, n, phi)
                res = rupture_repair(values=y, improvement="increase", criterion=list(CRITERIA),
                                     n_surrogates=a.n_surrogates, seed=int(rng.integers(2**31)))
                bc = res.by_case.set_index("criterion")
                th = res.thresholds.set_index("criterion")
                for c in CRITERIA:
                    acc[c]["eps"].append(bc.loc[c, "episodes"])
                    acc[c]["any"].append(bc.loc[c, "episodes"] > 0)
                    acc[c]["r_eps"].append(th.loc[c, "false_episodes"])
                    acc[c]["r_any"].append(th.loc[c, "false_alarm_rate"])
                    acc[c]["k"].append(th.loc[c, "k"])
            for c in CRITERIA:
                m = {key: float(np.mean(v)) for key, v in acc[c].items()}
                print(f"n={n} phi={phi} {c:10s} eps {m['eps']:.2f} (rep {m['r_eps']:.2f}) "
                      f"any {m['any']:.3f} (rep {m['r_any']:.3f}) k {m['k']:.2f}", flush=True)
                lines.append(f"| {n} | {phi:.1f} | {c} | {m['eps']:.2f} | {m['r_eps']:.2f} | "
                             f"{m['any']:.3f} | {m['r_any']:.3f} | {m['k']:.2f} |")
    lines += ["", f"Run time {time.perf_counter() - t0:.0f} s."]
    text = "\n".join(lines) + "\n"
    if a.out:
        a.out.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
