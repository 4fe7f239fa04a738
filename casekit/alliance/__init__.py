"""Alliance rupture-repair episodes and alliance -> symptom precedence.

Three questions a relational case paper asks of session-by-session alliance ratings:

1. **Where were the ruptures, and were they repaired?** :func:`rupture_repair` finds
   V-shaped drops ("rupture-repair sequences") under named, parameterised criteria, and
   :func:`rupture_agreement` compares them with the ruptures the therapist noted
   (``casekit.alliance.rupture``, ``casekit.alliance.agreement``).
2. **Did the alliance change before the symptoms did?** :func:`changepoint_precedence` combines
   the exact Bayesian change-point posteriors of the two series
   (``casekit.alliance.precedence``).
3. **Does the alliance predict the next session's symptom change (and vice versa)?**
   :func:`lagged_precedence` fits lagged regressions on detrended series with a surrogate null
   that keeps the predictor's autocorrelation (``casekit.alliance.lagged``).

Every choice is an explicit argument and is recorded in the result's method card; every
location (rupture start, nadir, repair, change session, pairs left out) is a session number.
Input goes through casekit's one input layer (``casekit._input``): the same column names
(``value_col``, ``session_col``, ``case_col``, ``measure_col``), the same errors for a missing
column, missing values (``missing=``) and sessions rated twice.
"""

from __future__ import annotations

from .agreement import RuptureAgreementResult, rupture_agreement
from .lagged import LaggedPrecedenceResult, lagged_precedence, lagged_precedence_multilevel
from .precedence import PrecedenceResult, changepoint_precedence
from .rupture import (
    CRITERIA,
    CRITERION_NAMES,
    RuptureCriterion,
    RuptureRepairResult,
    rupture_repair,
)

__all__ = [
    "RuptureCriterion",
    "CRITERIA",
    "CRITERION_NAMES",
    "rupture_repair",
    "rupture_agreement",
    "changepoint_precedence",
    "lagged_precedence",
    "RuptureRepairResult",
    "RuptureAgreementResult",
    "PrecedenceResult",
    "LaggedPrecedenceResult",
    "lagged_precedence_multilevel",
]
