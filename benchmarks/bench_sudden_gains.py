"""Benchmark: casekit.sudden_gains over 10,000 simulated people x 12 sessions.

Run with ``python benchmarks/bench_sudden_gains.py``. Prints timings; results are recorded in
``docs/benchmarks/sudden_gains.md``. The target (issue 3) is at most 0.5 s for 10,000 people x
12 sessions; R suddengains 0.7.2 ``select_cases`` + ``identify_sg`` takes about 114 s for the
same job on the reference machine (figure from the issue, not re-measured here).

Simulation (numpy, seed 20240601): BDI-like scores, start 30 + N(0, 4^2), weekly change
N(-1, 3^2), a sudden drop of 8-14 points at a random session for 30 % of people, 10 % of
scores missing at random; rounded and clamped to 0..63. Simulated data, not patient data.
Timed: long data (120,000 rows) in, the gains table out; then ``.intervals``, ``by_person``
and the wide input path (``sg_var_list``), each separately: best and median of 7 runs after
one warm-up run (``_timing.best_median``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from _timing import best_median, machine_line

SEED = 20240601


def simulate(n_people: int = 10_000, n_sessions: int = 12, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = 30 + rng.normal(0, 4, n_people)
    steps = rng.normal(-1, 3, (n_people, n_sessions))
    steps[:, 0] = 0
    jump = rng.random(n_people) < 0.3
    at = rng.integers(3, n_sessions - 2, n_people)
    size = rng.integers(8, 15, n_people)
    steps[np.arange(n_people)[jump], at[jump]] -= size[jump]
    y = np.clip(np.round(start[:, None] + np.cumsum(steps, axis=1)), 0, 63)
    y[rng.random(y.shape) < 0.10] = np.nan
    return pd.DataFrame({"case": np.repeat(np.arange(n_people), n_sessions),
                         "session": np.tile(np.arange(1, n_sessions + 1), n_people),
                         "value": y.ravel()})


def main() -> None:
    from casekit.sudden import select_cases, sudden_gains

    df = simulate()
    wide = df.pivot(index="case", columns="session", values="value")
    wide.columns = [f"s{c}" for c in wide.columns]
    wide = wide.reset_index()
    print(machine_line())
    print(f"data: {df.case.nunique()} people x 12 sessions = {len(df)} rows, "
          f"{int(df.value.isna().sum())} missing, seed {SEED}")
    kw = dict(sg_crit1_cutoff=7, improvement="decrease")
    # the simulated missing scores are missed sessions: long rows with NaN need missing="drop"
    long_kw = dict(kw, missing="drop")
    res = sudden_gains(df, **long_kw)  # for the counts and .by_person below
    print(f"gains found: {res.n_gains} in {res.n_cases_with_gain} people")
    jobs = {
        "sudden_gains, long data (target <= 0.5 s)": lambda: sudden_gains(df, **long_kw),
        "sudden_gains, wide data (sg_var_list)": lambda: sudden_gains(
            wide, case_col="case", sg_var_list=[f"s{i}" for i in range(1, 13)], **kw),
        "select_cases(pattern) + sudden_gains": lambda: sudden_gains(
            df[df.case.isin(select_cases(df, missing="drop").query("selected").case)],
            **long_kw),
        ".intervals table (90,000 rows)": lambda: sudden_gains(df, **long_kw).intervals,
        ".by_person('first')": lambda: res.by_person("first"),
    }
    for name, fn in jobs.items():
        best, med = best_median(fn)
        print(f"{name:45s} best {best * 1000:7.1f} ms   median {med * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
