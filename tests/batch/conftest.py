"""Random tidy long tables for the batch tests (seeded, a few hundred cases)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def make_long(n_cases: int, *, seed: int, min_sessions: int = 6, max_sessions: int = 20,
              phases: bool = False, gaps: bool = True) -> pd.DataFrame:
    """PHQ-9-like totals (0-27), decreasing on average, some sudden drops, missed sessions."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_cases):
        n = int(rng.integers(min_sessions, max_sessions + 1))
        sess = np.arange(1, n + 1)
        if gaps and n > 8:
            sess = np.sort(rng.choice(np.arange(1, n + 4), size=n, replace=False))
        level = rng.uniform(10, 24)
        y = level - rng.uniform(0, 0.8) * np.arange(n) + rng.normal(0, 2.5, n)
        if rng.random() < 0.3:
            j = int(rng.integers(2, n - 2))
            y[j:] -= rng.uniform(4, 9)
        y = np.clip(np.round(y), 0, 27)
        df = pd.DataFrame({"case": f"P{i:05d}", "session": sess, "value": y})
        if phases:
            k = int(rng.integers(3, n - 2))
            df["phase"] = ["A"] * k + ["B"] * (n - k)
        rows.append(df)
    out = pd.concat(rows, ignore_index=True)
    # shuffle the row order: the batch functions must not rely on sorted input
    return out.sample(frac=1.0, random_state=seed).reset_index(drop=True)


@pytest.fixture(scope="module")
def long_table():
    return make_long(300, seed=16)


@pytest.fixture(scope="module")
def phase_table():
    return make_long(200, seed=17, phases=True, gaps=False)
