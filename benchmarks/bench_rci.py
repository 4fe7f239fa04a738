"""Benchmark: casekit.reliable_change over 100,000 simulated pre/post pairs.

Run with ``python benchmarks/bench_rci.py``. Prints timings; results are recorded in
``docs/benchmarks/sudden_gains.md`` (section "Reliable change"). Simulation (numpy, seed
20240601): PHQ-9-like pre scores N(17, 4^2), post = pre - 5 + N(0, 4^2), rounded and clamped
to 0..27. Simulated data, not patient data. Timed: JT with the sample SD, JT with a cutoff c
from stated norms, HA (needs the group statistics), and the long input path; best and median
of 7 runs after one warm-up run (``_timing.best_median``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _timing import best_median, machine_line

SEED = 20240601


def simulate(n: int = 100_000, seed: int = SEED):
    rng = np.random.default_rng(seed)
    pre = np.clip(np.round(rng.normal(17, 4, n)), 0, 27)
    post = np.clip(np.round(pre - 5 + rng.normal(0, 4, n)), 0, 27)
    return pre, post


def main() -> None:
    from casekit.clinical import reliable_change

    pre, post = simulate()
    long = pd.DataFrame({"id": np.tile(np.arange(pre.size), 2),
                         "time": np.repeat(["pre", "post"], pre.size),
                         "score": np.concatenate([pre, post])})
    print(machine_line())
    print(f"data: {pre.size} pre/post pairs, seed {SEED}")
    kw = dict(reliability=0.84, improvement="decrease")
    norms = {"functional_mean": 5.0, "functional_sd": 4.0}
    jobs = {
        "JT, arrays": lambda: reliable_change(pre, post, **kw),
        "JT + cutoff c (norms)": lambda: reliable_change(pre, post, cutoff="c", norms=norms,
                                                         **kw),
        "HA, arrays": lambda: reliable_change(pre, post, method="HA", **kw),
        "JT, long data (id/time/outcome)": lambda: reliable_change(
            data=long, case_col="id", time_col="time", value_col="score", pre_time="pre",
            **kw),
    }
    for name, fn in jobs.items():
        best, med = best_median(fn)
        print(f"{name:35s} best {best * 1000:7.1f} ms   median {med * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
