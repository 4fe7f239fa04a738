"""One small, real example of every result class, for the contract test.

Each module adds a block ``EXAMPLES["ClassName"] = lambda: <a call that returns one>``. The
examples use simulated data only and run in well under a second each.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

import casekit as ck  # noqa: F401  (used by the module blocks below)
from casekit.results import Result

EXAMPLES: dict[str, Callable[[], Result]] = {}

# shared inputs ---------------------------------------------------------------------------------
A = [18.0, 20.0, 21.0, 19.0, 19.0, 21.0, 21.0]
B = [13.0, 13.0, 17.0, 17.0, 16.0, 8.0, 6.0, 7.0, 5.0, 7.0, 5.0, 6.0, 5.0, 7.0, 6.0, 7.0]


def ab_table() -> pd.DataFrame:
    """A simulated AB series with a missed session (session 9)."""
    values = np.array(A + B)
    sessions = np.r_[1:9, 10:26].astype(float)[: values.size]
    return pd.DataFrame({"case": "sim", "measure": "PHQ-9", "session": sessions,
                         "phase": ["A"] * len(A) + ["B"] * len(B), "value": values})


# results -------------------------------------------------------------------------------------
EXAMPLES["Result"] = lambda: Result(pd.DataFrame({"x": [1.0]}), method="example")

# effects -------------------------------------------------------------------------------------

# changepoint ---------------------------------------------------------------------------------

# its -----------------------------------------------------------------------------------------

# randomization -------------------------------------------------------------------------------

# sudden --------------------------------------------------------------------------------------

# clinical ------------------------------------------------------------------------------------

# alliance ------------------------------------------------------------------------------------

# scoring, validation, simulate -----------------------------------------------------------------
EXAMPLES["ValidationReport"] = lambda: ck.validate(
    ab_table().assign(value=lambda d: d["value"].where(d.index != 3, 31.0)),
    raise_on_error=False, warn=False)   # PHQ-9 31 out of range; session 9 missed
