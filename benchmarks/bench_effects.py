"""Benchmark: casekit.effect_sizes over 1,000 simulated AB cases (~40 sessions each), and the
cost of one single-series call.

Run with ``python benchmarks/bench_effects.py``. Prints timings; results are recorded in
``docs/benchmarks/effects.md``. The target (issue 3) is NAP, Tau-U, SMD and LRRd for 1,000 AB
cases of about 40 sessions in at most 0.1 s (R ``SingleCaseES::batch_calc_ES`` takes about
4.4 s for the same job on the reference machine). A later issue wants at most 0.3 ms of
overhead per single-series call beyond its arithmetic: the script prints the cost of one
``nap`` / ``tau_u`` call on a 40-session series (arrays and a tidy table) next to the cost of
the arithmetic alone (the m x n comparison matrix and its mean).

Simulation (numpy, seed 20240601): baseline length uniform on 8..20, total length uniform on
36..44, PHQ-9-like values 15 + level shift -5 in B + N(0, 2.5^2) noise, rounded and clamped to
1..27 (positive, so LRRd is defined). Simulated data, not patient data. Each job: best and
median of 7 runs after one warm-up run (``_timing.best_median``); single calls: best of 7 runs
of 200 calls each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _timing import best_median, machine_line

SEED = 20240601


def simulate(n_cases: int = 1000, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    m = rng.integers(8, 21, n_cases)
    total = rng.integers(36, 45, n_cases)
    case = np.repeat(np.arange(n_cases), total)
    pos = np.concatenate([np.arange(1, t + 1) for t in total])
    in_b = pos > np.repeat(m, total)
    value = np.clip(np.round(15 - 5 * in_b + rng.normal(0, 2.5, case.size)), 1, 27)
    return pd.DataFrame({"case": case, "measure": "PHQ-9", "session": pos,
                         "phase": np.where(in_b, "B", "A"), "value": value})


def batch_jobs(df: pd.DataFrame) -> None:
    from casekit.effects import effect_sizes

    jobs = {
        "NAP, Tau-U, SMD, LRRd (target)": ["NAP", "Tau_U", "SMD", "LRRd"],
        "NAP only (with Newcombe CI)": ["NAP"],
        "all 11 SingleCaseES indices": ["NAP", "Tau", "Tau_U", "Tau_BC", "PND", "PEM", "PAND",
                                        "IRD", "SMD", "LRRd", "LRRi"],
        "LOR and LRM": ["LOR", "LRM"],
    }
    for name, es in jobs.items():
        try:
            best, med = best_median(lambda es=es: effect_sizes(df, es=es,
                                                               improvement="decrease"))
        except ValueError as exc:  # an older casekit without LOR / LRM
            print(f"{name:<34s} not available ({exc})")
            continue
        print(f"{name:<34s} best {best * 1000:7.1f} ms   median {med * 1000:7.1f} ms")


def single_calls(df: pd.DataFrame) -> None:
    from casekit.effects import nap, tau_u

    one = df[df.case == 0]  # 40 sessions, 14 in the baseline (seed 20240601)
    a = one.loc[one.phase == "A", "value"].to_numpy()
    b = one.loc[one.phase == "B", "value"].to_numpy()
    a_or, b_or = -a, -b

    def per_call(fn, n=200):
        best, _ = best_median(lambda: [fn() for _ in range(n)])
        return best / n * 1e6

    floor = per_call(lambda: ((b_or[None, :] > a_or[:, None])
                              + 0.5 * (b_or[None, :] == a_or[:, None])).mean())
    print(f"one series: {a.size} + {b.size} sessions; arithmetic alone {floor:6.1f} us")
    for name, fn in (("nap(a, b)", lambda: nap(a, b, improvement="decrease")),
                     ("tau_u(a, b)", lambda: tau_u(a, b, improvement="decrease")),
                     ("nap(table)", lambda: nap(data=one, improvement="decrease")),
                     ("tau_u(table)", lambda: tau_u(data=one, improvement="decrease"))):
        print(f"  {name:<14s} {per_call(fn, 50):8.1f} us per call")


def main() -> None:
    from casekit.effects import lrr_d, nap, smd, tau_u

    df = simulate()
    print(machine_line())
    print(f"data: {df.case.nunique()} cases, {len(df)} rows, mean length "
          f"{len(df) / df.case.nunique():.1f} sessions, seed {SEED}")
    batch_jobs(df)
    # the scalar path, for comparison (100 cases, extrapolated)
    sub = df[df.case < 100]

    def scalar():
        for _, s in sub.groupby("case"):
            for f in (nap, tau_u, smd, lrr_d):
                f(data=s, improvement="decrease")

    best, _ = best_median(scalar, repeat=2, warmup=0)  # slow; imports warm from above
    print(f"{'scalar functions, 100 cases':<34s} best {best * 1000:7.1f} ms "
          f"(~{best * 10:.2f} s per 1,000)")
    single_calls(df)


if __name__ == "__main__":
    main()
