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
EXAMPLES["EffectSizeResult"] = lambda: ck.effects.tau(A, B, improvement="decrease")
EXAMPLES["NapResult"] = lambda: ck.effects.nap(ab_table(), improvement="PHQ-9")
EXAMPLES["TauUResult"] = lambda: ck.effects.tau_u(A, B, improvement="decrease",
                                                   method="complete")
EXAMPLES["TauBCResult"] = lambda: ck.effects.tau_bc(ab_table(), variant="scan")
EXAMPLES["PandResult"] = lambda: ck.effects.pand(A, B, improvement="decrease", method="sort")
EXAMPLES["SmdResult"] = lambda: ck.effects.smd(A, B, improvement="decrease")
EXAMPLES["RatioResult"] = lambda: ck.effects.lrr_d(A, B, improvement="decrease")
EXAMPLES["LrmResult"] = lambda: ck.effects.lrm(A, B, improvement="decrease")

# changepoint ---------------------------------------------------------------------------------
EXAMPLES["AmocResult"] = lambda: ck.amoc(ab_table(), n_boot=99, seed=1)
EXAMPLES["PettittResult"] = lambda: ck.pettitt(ab_table().iloc[:11])  # n < 12: no check
EXAMPLES["CptMeanResult"] = lambda: ck.cpt_mean(ab_table())
EXAMPLES["BayesChangepointResult"] = lambda: ck.bayes_changepoint(ab_table())
EXAMPLES["BreakpointsResult"] = lambda: ck.breakpoints(ab_table())

# its -----------------------------------------------------------------------------------------
EXAMPLES["PiecewiseRegressionResult"] = lambda: ck.piecewise_regression(
    ab_table(), ar=1, inference="bootstrap", n_boot=99, seed=1, improvement="PHQ-9")


def _two_cases() -> pd.DataFrame:
    first = ab_table()
    second = first.assign(case="sim2", value=first["value"] + np.arange(len(first)) % 3)
    return pd.concat([first, second], ignore_index=True)


EXAMPLES["MultilevelPiecewiseResult"] = lambda: ck.multilevel_piecewise_regression(
    _two_cases(), improvement="decrease")

# randomization -------------------------------------------------------------------------------
EXAMPLES["RandomizationTestResult"] = lambda: ck.randomization_test(
    ab_table(), improvement="PHQ-9", limit=4)

# sudden --------------------------------------------------------------------------------------
EXAMPLES["SuddenGainsResult"] = lambda: ck.sudden_gains(ab_table(), sg_crit1_cutoff=6)
EXAMPLES["SuddenGainsByPersonResult"] = lambda: ck.sudden_gains_by_person(ab_table(),
                                                                          sg_crit1_cutoff=6)
EXAMPLES["Crit1Cutoff"] = lambda: ck.crit1_cutoff_from_rci(5.7, 0.84)
EXAMPLES["CheckIntervalResult"] = lambda: ck.check_interval([19, 21, 21], [13, 13, 17],
                                                            sg_crit1_cutoff=6)

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
def alliance_table() -> pd.DataFrame:
    """A simulated WAI-SR series (a dip at session 12) beside the PHQ-9 of ``ab_table``."""
    phq = ab_table()
    wai = phq.assign(measure="WAI-SR",
                     value=[40.0 + (i % 3) - 8.0 * (s == 12) + 4.0 * (s > 16)
                            for i, s in enumerate(phq["session"])])
    return pd.concat([phq, wai], ignore_index=True)


EXAMPLES["RuptureRepairResult"] = lambda: ck.rupture_repair(alliance_table(), measure="WAI-SR")
EXAMPLES["RuptureAgreementResult"] = lambda: ck.rupture_agreement(
    ck.rupture_repair(alliance_table(), measure="WAI-SR"),
    pd.DataFrame({"case": "sim", "session": [12], "event": ["rupture_noted"]}))
EXAMPLES["PrecedenceResult"] = lambda: ck.changepoint_precedence(data=alliance_table())
EXAMPLES["LaggedPrecedenceResult"] = lambda: ck.lagged_precedence(
    alliance_table(), n_surrogates=99, seed=1)

# scoring, validation, simulate -----------------------------------------------------------------
EXAMPLES["SimulatedSeries"] = lambda: ck.simulate_series(
    12, phases=[{"length": 5, "level": 18.0}, {"level": 10.0, "slope": -0.5}], phi=0.3,
    sigma=1.5, bounds=(0, 27), integer=True, missed=[7], seed=1)
EXAMPLES["SimulatedBatch"] = lambda: ck.simulate_ab_batch(5, 4, 6, level_shift=-5.0, seed=2)
EXAMPLES["SimulatedCase"] = lambda: ck.simulate_case_sim_npd_01()

# describe ------------------------------------------------------------------------------------
EXAMPLES["DescriptivesResult"] = lambda: ck.describe_phases(ab_table())
EXAMPLES["TrendResult"] = lambda: ck.phase_trends(ab_table())
EXAMPLES["AutocorrelationResult"] = lambda: ck.autocorrelation(ab_table())

# visual --------------------------------------------------------------------------------------
EXAMPLES["DualCriterionResult"] = lambda: ck.dual_criterion(ab_table())
EXAMPLES["PowerResult"] = lambda: ck.power_analysis(n_baseline=5, n_treatment=6,
                                                    tests=("tau",), n_sim=10, seed=1)

# outliers ------------------------------------------------------------------------------------
EXAMPLES["OutlierResult"] = lambda: ck.flag_outliers(ab_table(), method="sd", criterion=1.5)

# missing -------------------------------------------------------------------------------------
EXAMPLES["FilledSeries"] = lambda: ck.fill_missing(ab_table())
EXAMPLES["AlphaResult"] = lambda: ck.cronbach_alpha(
    np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5], [5, 4, 4]]))
EXAMPLES["ValidationReport"] = lambda: ck.validate(
    ab_table().assign(value=lambda d: d["value"].where(d.index != 3, 31.0)),
    raise_on_error=False, warn=False)   # PHQ-9 31 out of range; session 9 missed

# batch ---------------------------------------------------------------------------------------
EXAMPLES["BatchResult"] = lambda: ck.batch_reliable_change(
    pd.DataFrame({"case": ["a"] * 4 + ["b"] * 4, "session": [1, 2, 3, 4] * 2,
                  "value": [20.0, 18, 12, 8, 14, 15, 16, 17]}),
    instrument="PHQ-9", cutoff="instrument")

# case pipeline -------------------------------------------------------------------------------
EXAMPLES["ComparisonResult"] = lambda: ck.choose_comparison(
    ab_table(), phases=ck.schema.phases_from_column(ab_table()), measure="PHQ-9")
EXAMPLES["CaseAnalysis"] = lambda: ck.analyze_case(ab_table(), seed=1)
