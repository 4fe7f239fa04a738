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
EXAMPLES["ReliableChangeResult"] = lambda: ck.reliable_change(
    [20, 15, 24, 12, 18], [8, 13, 10, 14, 9], reliability=0.84, improvement="decrease",
    cutoff=10.0)
EXAMPLES["ClinicalCutoffs"] = lambda: ck.clinical_cutoffs(40, 7.5, 60, 7.5,
                                                          higher_is_better=True)
EXAMPLES["SessionReliableChangeResult"] = lambda: ck.session_reliable_change(
    ab_table(), instrument="PHQ-9", cutoff="instrument")
EXAMPLES["AnchorResult"] = lambda: ck.anchor_change(
    [20, 15, 24, 12, 18], [8, 13, 10, 14, 9], mid_improvement=5, improvement="PHQ-9")
EXAMPLES["AnchorGroupResult"] = lambda: ck.anchor_group_change(
    [20, 15, 24, 12, 18], [8, 13, 10, 14, 9], mid_improvement=5, improvement="PHQ-9",
    bayesian=True)
EXAMPLES["PercentageChangeResult"] = lambda: ck.percentage_change(
    [20, 15, 24, 12, 18], [8, 13, 10, 14, 9], pct_improvement=0.5, improvement="PHQ-9")
EXAMPLES["StatisticalChangeResult"] = lambda: ck.statistical_change(
    [20, 15, 24, 12, 18], [8, 13, 10, 14, 9], instrument="PHQ-9", cutoff_method="HA",
    reliability=0.84)

# alliance ------------------------------------------------------------------------------------

# scoring, validation, simulate -----------------------------------------------------------------
EXAMPLES["AlphaResult"] = lambda: ck.cronbach_alpha(
    np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5], [5, 4, 4]]))
