"""Speed of casekit's change-point cores.

1. PELT with the MBIC penalty over 10,000 series x 40 sessions at once
   (``casekit.changepoint.segmentation.pelt_batch``; target <= 1 s; R changepoint 2.3 takes
   about 1.9 s for the same work, one ``cpt.mean`` call per series). The series are scaled
   by casekit's robust sigma first, as ``cpt_mean`` does; the scaling time is included.
2. ``casekit.amoc`` with 999 bootstrap series on n = 40 (target <= 50 ms per call; includes
   the phi calibration map, both bootstrap stages and the interval for k).
3. For reference: the public ``cpt_mean`` called once per series (Python loop) on 1,000 series.

Timings are wall-clock, best and median of ``--repeat`` runs after one warm-up, on whatever
machine runs the script (record it in docs/benchmarks/changepoint.md).

Usage::

    python benchmarks/bench_changepoint.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from _timing import best_median, machine_line

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv=None):
    from casekit.changepoint import amoc, cpt_mean
    from casekit.changepoint.segmentation import pelt_batch, penalty_value

    ap = argparse.ArgumentParser(description="casekit change-point benchmarks")
    ap.add_argument("--repeat", type=int, default=7)
    a = ap.parse_args(argv)
    rng = np.random.default_rng(1)
    B, n = 10_000, 40
    Y = rng.normal(0, 2.5, (B, n)).round()
    Y[: B // 2, 20:] -= 6

    def pelt_all():
        d = np.diff(Y, axis=1)
        med = np.median(d, axis=1, keepdims=True)
        sig = 1.4826 * np.median(np.abs(d - med), axis=1) / np.sqrt(2)
        sig = np.where(sig > 0, sig, Y.std(axis=1, ddof=1))
        return pelt_batch(Y / sig[:, None], penalty_value("MBIC", n), mbic=True)

    res = pelt_all()
    # the batch result equals the public function on a sample of rows
    for i in range(0, B, 997):
        assert res[i] == cpt_mean(Y[i]).cpts
    t_pelt = best_median(pelt_all, a.repeat)

    y = rng.normal(0, 1, n)
    y[20:] += 1
    t_amoc = best_median(lambda: amoc(y, n_boot=999, seed=3), max(a.repeat, 15))
    t_loop = best_median(lambda: [cpt_mean(Y[i]) for i in range(1000)], 3)

    lines = [
        "| benchmark | best | median |",
        "|---|---|---|",
        f"| PELT/MBIC, 10,000 series x 40 sessions (batch, incl. robust scaling) | "
        f"{t_pelt[0]:.3f} s | {t_pelt[1]:.3f} s |",
        f"| amoc, n = 40, n_boot = 999 (p-value + CI for k) | {1e3 * t_amoc[0]:.1f} ms | "
        f"{1e3 * t_amoc[1]:.1f} ms |",
        f"| cpt_mean (public, one call per series), 1,000 series x 40 | {t_loop[0]:.3f} s | "
        f"{t_loop[1]:.3f} s |",
        "",
        f"{machine_line()} (at the end).",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
