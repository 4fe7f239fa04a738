"""Shared helpers of the scoring tests: one form of item rows, one scale's row."""

from __future__ import annotations

import numpy as np
import pandas as pd

TOL = 1e-12

#: CORE-10 raw answers of one form (items 1..10).
CORE_RAW = [1, 3, 4, 2, 2, 1, 0, 2, 3, 1]


def form(measure, values, *, case="A", session=1, **extra):
    """Tidy item rows of one form; ``values`` lists items 1..k (NaN = unanswered)."""
    return pd.DataFrame({"case": case, "session": session, "measure": measure,
                         "item": np.arange(1, len(values) + 1),
                         "value": np.asarray(values, dtype=float), **extra})


def one(out, scale="total"):
    row = out.loc[out["scale"] == scale]
    assert len(row) == 1
    return row.iloc[0]


def oq_values():
    v = np.ones(45)  # every item 1; reversed items become 4 - 1 = 3
    return v
