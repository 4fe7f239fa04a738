"""Random-start AB randomization test (Edgington 1975; Onghena & Edgington 2005): typed-in
example and behaviour (multiple-baseline designs: test_multiple_baseline.py).

Johanna (scan ``exampleAB``; methods.md section 8, example 7; section 6.8):
54, 53, 56, 58, 52 | 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87.
n = 20 with limit 5 gives 11 admissible starts (rows 6..16), so p >= 1/11 = 0.0909, the value
scan reports (R: ``rand_test(exampleAB$Johanna, statistic = "Mean B-A", limit = 5)``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.exceptions import DataDrivenPhaseWarning, NotEnoughPointsError
from casekit.randomization import randomization_test

JOHANNA = [54, 53, 56, 58, 52, 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]
PHASE = ["A"] * 5 + ["B"] * 15


def test_johanna_eleven_starts_p_is_one_eleventh():
    res = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase")
    assert res.n_admissible == 11
    assert res.distribution["start"].tolist() == list(range(6, 17))
    assert res.p_value == pytest.approx(1 / 11, abs=1e-15)
    assert res.p_value >= res.p_min == pytest.approx(1 / 11)
    # mean(B) - mean(A) = 72.13333 - 54.6 (R: scan rand_test observed 19.5333)
    assert res.statistic == pytest.approx(np.mean(JOHANNA[5:]) - np.mean(JOHANNA[:5]),
                                          abs=1e-12)
    assert res.statistic == pytest.approx(19.5333333333, abs=1e-9)
    assert isinstance(res.p_value, float) and isinstance(res.statistic, float)
    assert res.seed is None  # complete enumeration draws nothing
    assert res.case_statistics["k"].tolist() == [5]


def test_johanna_limit3_and_nap():
    # R: rand_test(..., limit = 3, complete = TRUE): 15 starts, p = 1/15;
    # "NAP": observed 100 %, p = 3/15 = 0.2 (three starts reach NAP = 100 %)
    res = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase", limit=3)
    assert res.n_admissible == 15 and res.p_value == pytest.approx(1 / 15)
    nap = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase", limit=3,
                             statistic="nap")
    assert nap.statistic == 1.0 and nap.p_value == pytest.approx(0.2)


def test_direction_is_symmetric():
    up = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase", limit=3)
    down = randomization_test(values=-np.array(JOHANNA), phases=PHASE, improvement="decrease",
                              limit=3)
    np.testing.assert_allclose(up.distribution.statistic, down.distribution.statistic)
    assert up.p_value == down.p_value
    # the wrong direction gives the mirrored test
    wrong = randomization_test(values=JOHANNA, phases=PHASE, improvement="decrease", limit=3)
    assert wrong.p_value == pytest.approx(1.0)


def test_slope_statistic_is_oriented():
    # scan 0.67.1 computes "Slope A-B" as B - A (methods.md section 7, pitfall 4); casekit's
    # slope_difference is (slope_B - slope_A) for increase and its negative for decrease.
    inc = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase",
                             statistic="slope_difference")
    dec = randomization_test(values=JOHANNA, phases=PHASE, improvement="decrease",
                             statistic="slope_difference")
    a, b = np.array(JOHANNA[:5], float), np.array(JOHANNA[5:], float)
    slope_a = np.polyfit(np.arange(5), a, 1)[0]
    slope_b = np.polyfit(np.arange(15), b, 1)[0]
    assert inc.statistic == pytest.approx(slope_b - slope_a, abs=1e-12)
    assert dec.statistic == pytest.approx(-(slope_b - slope_a), abs=1e-12)
    np.testing.assert_allclose(dec.distribution.statistic, -inc.distribution.statistic)


def test_short_baseline_is_an_error_not_p0():
    y = [3, 4, 3, 8, 9, 8, 9, 10, 9, 8, 9, 10]
    ph = ["A"] * 3 + ["B"] * 9
    with pytest.raises(NotEnoughPointsError, match="baseline has 3 < 5"):
        randomization_test(values=y, phases=ph, improvement="increase", limit=5)
    with pytest.raises(NotEnoughPointsError, match="treatment phase has 3 < 5"):
        randomization_test(values=y[::-1], phases=["A"] * 9 + ["B"] * 3,
                           improvement="decrease", limit=5)


def test_observed_start_not_in_given_set():
    with pytest.raises(ValueError, match="not in the admissible set"):
        randomization_test(values=JOHANNA, phases=PHASE, improvement="increase",
                           starts=[8, 9, 10, 11])
    res = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase",
                             starts=[6, 8, 10, 12])
    assert res.n_admissible == 4 and res.p_value == pytest.approx(0.25)
    with pytest.raises(ValueError, match="must lie in 2..20"):
        randomization_test(values=JOHANNA, phases=PHASE, improvement="increase",
                           starts=[1, 6])


def test_monte_carlo_seeded_and_never_zero():
    rng = np.random.default_rng(7)
    y = np.r_[rng.normal(0, 1, 40), rng.normal(3, 1, 60)]
    ph = ["A"] * 40 + ["B"] * 60
    res = randomization_test(values=y, phases=ph, improvement="increase", number=50, seed=11)
    assert not res.complete and res.seed == 11 and res.number_used == 50
    assert res.p_value >= 1 / 51
    again = randomization_test(values=y, phases=ph, improvement="increase", number=50, seed=11)
    assert again.p_value == res.p_value
    assert "seed: 11" in repr(res)
    full = randomization_test(values=y, phases=ph, improvement="increase", number=10_000)
    assert full.complete and full.n_admissible == 91


def test_post_hoc_phases_are_descriptive():
    with pytest.warns(DataDrivenPhaseWarning):
        res = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase",
                                 phase_definition="post_hoc")
    assert res.descriptive and res.title.startswith("Descriptive permutation index")
    assert any("descriptive permutation index" in n for n in res.notes)
    phases = pd.DataFrame({"case": ["c1"], "phase": ["B"], "start": [6], "end": [20],
                           "role": ["intervention"], "definition": ["a_priori"]})
    res = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase",
                             phase_definition=phases)
    assert not res.descriptive


def test_argument_errors():
    with pytest.raises(ValueError, match="improvement is required"):
        randomization_test(values=JOHANNA, phases=PHASE)
    with pytest.raises(ValueError, match="statistic must be one of"):
        randomization_test(values=JOHANNA, phases=PHASE, improvement="increase",
                           statistic="median")
    with pytest.raises(ValueError, match="design must be one of"):
        randomization_test(values=JOHANNA, phases=PHASE, improvement="increase", design="ABAB")
    two = pd.DataFrame({"case": ["a"] * 20 + ["b"] * 20, "session": list(range(1, 21)) * 2,
                        "phase": PHASE * 2, "value": JOHANNA * 2})
    with pytest.raises(ValueError, match="design='multiple_baseline'"):
        randomization_test(two, improvement="increase")
    with pytest.raises(ValueError, match="missing value"):
        randomization_test(values=[1.0, np.nan] + JOHANNA[2:], phases=PHASE,
                           improvement="increase")


def test_start_points_as_sessions():
    # sessions 3 and 4 missed: the observed start (position 6) is session 8, the last
    # baseline observation (position 5) session 7
    sess = [1, 2, 5, 6, 7] + list(range(8, 23))
    res = randomization_test(values=JOHANNA, phases=PHASE, sessions=sess,
                             improvement="increase")
    assert res.distribution["start"].tolist() == list(range(6, 17))
    assert res.distribution["start_session"].tolist() == [sess[s - 1] for s in range(6, 17)]
    cs = res.case_statistics.iloc[0]
    assert (cs["observed_start"], cs["start_session"], cs["k"], cs["session"]) == (6, 8, 5, 7)
    assert res.admissible_start_sessions == {"case 1": [sess[s - 1] for s in range(6, 17)]}
    # the numbers do not depend on the session numbers (the design is over positions)
    plain = randomization_test(values=JOHANNA, phases=PHASE, improvement="increase")
    assert res.p_value == plain.p_value and res.statistic == plain.statistic


def test_renamed_arguments_and_registry_direction():
    df = pd.DataFrame({"measure": "PHQ-9", "session": np.arange(1, 21),
                       "cond": ["pre"] * 5 + ["post"] * 15, "score": -np.array(JOHANNA)})
    new = randomization_test(df, value_col="score", phase_col="cond", baseline_phase="pre",
                             treatment_phase="post", improvement="decrease")
    with pytest.warns(FutureWarning) as caught:
        old = randomization_test(df, outcome="score", phase_col="cond", baseline="pre",
                                 treatment="post", improvement="decrease")
    assert len(caught) == 3
    assert old.p_value == new.p_value and old.statistic == new.statistic
    # PHQ-9 is in the registry (lower is better): the table's measure gives the direction
    reg = randomization_test(df, value_col="score", phase_col="cond", baseline_phase="pre",
                             treatment_phase="post")
    assert reg.improvement == "decrease" and reg.p_value == new.p_value
    assert any("PHQ-9" in n for n in reg.notes)
    assert randomization_test(JOHANNA, phases=PHASE, improvement="increase").n_admissible == 11
