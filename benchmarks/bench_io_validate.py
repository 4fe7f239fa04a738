"""Benchmark: casekit.validate on 1,000,000 ratings (20,000 cases x 50 sessions, with dates).

Run with ``python benchmarks/bench_io_validate.py``. Results are recorded in
``docs/benchmarks/io.md``. Simulation (numpy, seed 20240601): PHQ-9-like totals 0-27, one per
case and session, weekly session dates from a random start per case, about 2 % missed
sessions (gaps; reported as MissedSessionWarning) -- *simulated, not patient data*. The table
is built outside the timed region; timed: ``casekit.validate(ratings, raise_on_error=False,
warn=False)``, best and median of 5 runs after one warm-up (``_timing.best_median``). Peak
memory: the process's maximum resident set size (``resource.getrusage``) before and after the
timed runs, and the peak of Python/numpy allocations during one call (``tracemalloc``, a
separate untimed run).

Target (issue 13): <= 5 s and <= 1.5 GB peak.
"""

from __future__ import annotations

import resource
import tracemalloc

import numpy as np
import pandas as pd
from _timing import best_median, machine_line

SEED = 20240601
N_CASES, N_SESSIONS = 20_000, 50


def simulate(n_cases: int = N_CASES, n_sessions: int = N_SESSIONS, seed: int = SEED):
    """n_cases x n_sessions rows; each case misses 2 of its first n_sessions + 2 sessions."""
    rng = np.random.default_rng(seed)
    case = np.repeat(np.array([f"case{i:05d}" for i in range(n_cases)], dtype=object),
                     n_sessions)
    offered = np.arange(1, n_sessions + 3)
    missed = np.argsort(rng.random((n_cases, n_sessions + 1)), axis=1)[:, :2] + 1
    keep = np.ones((n_cases, n_sessions + 2), bool)
    keep[np.arange(n_cases)[:, None], missed] = False   # never the first session
    session = np.broadcast_to(offered, keep.shape)[keep]
    start = pd.Timestamp("2020-01-06") + pd.to_timedelta(
        rng.integers(0, 1500, n_cases), unit="D")
    date = np.repeat(start.to_numpy(), n_sessions) + pd.to_timedelta(
        (session - 1) * 7, unit="D").to_numpy()
    value = np.clip(np.round(rng.normal(14, 5, case.size)), 0, 27)
    return pd.DataFrame({"case": pd.array(case, dtype="str"), "session": session,
                         "date": date, "measure": "PHQ-9", "scale": "total", "value": value})


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    import casekit

    df = simulate()
    print(machine_line())
    print(f"data: {len(df):,} rows, {df['case'].nunique():,} cases, seed {SEED}")
    before = rss_mb()
    run = lambda: casekit.validate(df, raise_on_error=False, warn=False)  # noqa: E731
    best, med = best_median(run, repeat=5)
    after = rss_mb()
    rep = run()
    print(f"validate (1,000,000 rows with dates)  best {best:6.2f} s   median {med:6.2f} s")
    print(f"  problems {rep.n_problems}, warnings {rep.n_warnings} (missed sessions)")
    print(f"  process peak RSS: {before:,.0f} MB before the timed runs, {after:,.0f} MB after")
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  peak of allocations during one call (tracemalloc): {peak / 2**20:,.0f} MB")


if __name__ == "__main__":
    main()
