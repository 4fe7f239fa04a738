"""Rupture-repair detection on constructed series whose answer is known by design.

Criteria after Stiles et al. (2004, doi:10.1037/0022-0167.51.1.81), Strauss et al. (2006,
doi:10.1037/0022-006X.74.2.337) and Gumz et al. (2012, doi:10.1186/1471-2288-12-10); the
operational details tested here are casekit's documented choices.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.alliance import RuptureCriterion, RuptureRepairResult, rupture_repair
from casekit.exceptions import NotEnoughPointsError

WAI = [40, 41, 40, 33, 39, 41, 40, 41, 40, 41]


def v_series(n=30, base=45.0, dips=(), noise=None, seed=1):
    """A flat series with V-shaped dips: dips = [(session, depth, length)], 1-based."""
    x = np.full(n, base)
    if noise is not None:
        x = x + np.random.default_rng(seed).choice([-1.0, 0.0, 1.0], size=n) * noise
    for start, depth, length in dips:
        x[start - 1:start - 1 + length] -= depth
    return x


# --- detection ---------------------------------------------------------------------------------
def test_v_dips_found_with_exact_start_nadir_and_repair():
    x = v_series(dips=[(8, 7, 1), (18, 8, 2)], noise=1)
    res = rupture_repair(values=x, improvement="increase", criterion="points", points=5)
    got = res.summary[["start", "nadir", "repair_session", "length", "status"]]
    assert got["start"].tolist() == [8, 18]
    assert got["repair_session"].tolist() == [9.0, 20.0]
    assert got["length"].tolist() == [1, 2]
    assert set(got["status"]) == {"repaired"}
    # depth is measured against the previous session, in scale points
    assert res.summary["depth"].iloc[0] == pytest.approx(x[6] - x[7])


def test_dip_smaller_than_threshold_is_not_found():
    x = v_series(dips=[(8, 3, 1)])
    res = rupture_repair(values=x, improvement="increase", criterion="points", points=4)
    assert res.summary.empty
    assert res.by_case["episodes"].tolist() == [0]


def test_multi_session_decline_needs_m_session_reference():
    x = np.array([50, 50, 51, 50, 48, 46, 44, 50, 50, 51, 50, 50], dtype=float)
    prev = rupture_repair(values=x, improvement="increase", criterion="points", points=4)
    m3 = rupture_repair(values=x, improvement="increase", criterion="points", points=4,
                        reference=3)
    assert prev.summary.empty
    assert m3.summary["start"].tolist() == [7]
    assert m3.summary["status"].tolist() == ["repaired"]


def test_series_ending_in_a_dip_is_censored_and_unrepaired_otherwise():
    x = v_series(n=20, dips=[(19, 8, 2)])
    res = rupture_repair(values=x, improvement="increase", criterion="points", points=5)
    assert res.summary["status"].tolist() == ["censored"]
    assert np.isnan(res.summary["repair_session"].iloc[0])
    y = v_series(n=20, dips=[(5, 8, 6)])
    res = rupture_repair(values=y, improvement="increase", criterion="points", points=5,
                         repair_window=3)
    assert res.summary["status"].tolist() == ["unrepaired"]


def test_new_drop_after_an_unrepaired_rupture_is_found():
    # an unrepaired drop to a lower level, then a further drop inside the repair window
    x = np.array([45, 45, 46, 45, 38, 38, 39, 38, 31, 38, 38, 39, 38, 38], dtype=float)
    res = rupture_repair(values=x, improvement="increase", criterion="points", points=5,
                         repair_window=5)
    got = res.summary[["start", "status"]].to_records(index=False).tolist()
    assert got == [(5, "unrepaired"), (9, "repaired")]
    # the reference of the second episode is the lowered level, not the pre-rupture one
    assert res.summary["reference_level"].tolist() == [45.0, 38.0]
    # the first episode's low period ends where the second starts: the dip to 31 at session
    # 9 is the second episode's nadir only (it was the nadir of both)
    assert res.summary["nadir"].tolist() == [5, 9]
    assert res.summary["length"].tolist()[0] == 4


def test_missed_sessions_are_reported_as_sessions():
    # sessions 3 and 9 missed: the dip is the 7th rating but session 8; the repair the 8th
    # rating, session 10 (a missed session does not use up the repair window)
    sessions = [1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14]
    x = [45, 45, 46, 45, 45, 46, 37, 45, 46, 45, 45, 46]
    res = rupture_repair(values=x, sessions=sessions, improvement="increase",
                         criterion="points", points=5)
    rec = res.summary.iloc[0]
    assert (rec["start"], rec["nadir"], rec["repair_session"]) == (8, 8, 10.0)
    table = pd.DataFrame({"case": "c", "measure": "WAI-SR", "session": sessions, "value": x})
    assert rupture_repair(table, criterion="points", points=5).summary["start"].tolist() == [8]


# --- criteria ----------------------------------------------------------------------------------
def test_each_criterion_as_it_says():
    # noise SD of differences ~ 1; a 6-point dip exceeds 2 SD; a 3-point one exceeds 1 SD only
    x = v_series(n=40, dips=[(10, 6, 1), (25, 3, 1)])
    stiles = rupture_repair(values=x, improvement="increase", criterion="stiles2sd", noise=2.0)
    strauss = rupture_repair(values=x, improvement="increase", criterion="strauss1sd", noise=2.0)
    thr2 = stiles.thresholds["threshold"].iloc[0]
    thr1 = strauss.thresholds["threshold"].iloc[0]
    assert thr2 == pytest.approx(2 * thr1)
    assert 10 in stiles.summary["start"].tolist()
    assert 25 not in stiles.summary["start"].tolist()
    assert {10, 25} <= set(strauss.summary["start"])


def test_gumz_is_the_stricter_of_sd_and_rci():
    x = v_series(dips=[(10, 5, 1), (20, 8, 1)], noise=1, seed=3)
    sd_only = rupture_repair(values=x, improvement="increase", criterion="stiles2sd", noise=1.5)
    gumz = rupture_repair(values=x, improvement="increase", criterion="gumz", noise=1.5, rci=6.5)
    assert sd_only.thresholds["threshold"].iloc[0] == pytest.approx(3.0)
    assert gumz.thresholds["threshold"].iloc[0] == pytest.approx(6.5)
    assert sd_only.summary["start"].tolist() == [10, 20]
    assert gumz.summary["start"].tolist() == [20]


def test_rci_from_sd_and_reliability():
    x = v_series(dips=[(10, 7, 1)])
    res = rupture_repair(values=x, improvement="increase", criterion="rci", sd=8, reliability=0.91)
    # Jacobson & Truax 1991: 1.96 * 8 * sqrt(2 * 0.09) = 6.652
    assert res.thresholds["threshold"].iloc[0] == pytest.approx(1.959964 * 8 * np.sqrt(0.18),
                                                                rel=1e-6)
    assert res.summary["start"].tolist() == [10]


def test_threshold_floor_on_a_constant_series():
    res = rupture_repair(values=np.full(12, 40.0), improvement="increase")
    assert res.thresholds["noise"].iloc[0] == 0
    assert res.thresholds["threshold"].iloc[0] == 1.0
    assert res.summary.empty
    # integer series with zero noise: a 1-point dip is the data's resolution, never below it
    x = np.full(12, 40.0)
    x[5] = 39
    res = rupture_repair(values=x, improvement="increase", noise="mad")
    assert res.thresholds["threshold"].iloc[0] >= 1.0
    explicit = rupture_repair(values=x, improvement="increase", noise="mad", floor=2)
    assert explicit.summary.empty


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_rupture_repair_numeric_noise_is_validated(bad):
    # numeric inputs used to fall back to the floor silently
    with pytest.raises(ValueError, match="noise"):
        rupture_repair(values=WAI, improvement="increase", noise=bad)


@pytest.mark.parametrize("bad", [-2.0, 0.0, float("nan")])
def test_rupture_repair_norm_sd_is_validated(bad):
    with pytest.raises(ValueError, match="norm_sd"):
        rupture_repair(values=WAI, improvement="increase", noise="norm", norm_sd=bad)


@pytest.mark.parametrize("bad", [-3.0, 0.0, float("nan"), float("inf")])
def test_rupture_repair_points_are_validated(bad):
    with pytest.raises(ValueError, match="points"):
        rupture_repair(values=WAI, improvement="increase", criterion="points", points=bad)


def test_custom_criterion_is_validated():
    with pytest.raises(ValueError, match="k"):
        RuptureCriterion("neg", "sd", k=-1.0)
    with pytest.raises(ValueError, match="points"):
        RuptureCriterion("neg", "points", points=-2.0)


def test_valid_numeric_noise_still_works():
    res = rupture_repair(values=WAI, improvement="increase", noise=2.0)
    assert res.thresholds["threshold"].iloc[0] == 4.0
    assert res.summary["start"].tolist() == [4]


# --- direction ---------------------------------------------------------------------------------
def test_direction_flip_for_measures_where_lower_is_better():
    x = v_series(dips=[(10, 7, 1)])
    up = rupture_repair(values=x, improvement="increase", criterion="points", points=5)
    down = rupture_repair(values=-x + 100, improvement="decrease", criterion="points", points=5)
    assert up.summary["start"].tolist() == down.summary["start"].tolist() == [10]
    assert down.summary["depth"].iloc[0] == pytest.approx(7)
    assert down.summary["nadir_value"].iloc[0] == pytest.approx(100 - 38)


def test_instrument_gives_direction():
    x = v_series(dips=[(10, 7, 1)])
    res = rupture_repair(values=x, instrument="PHQ-9", criterion="points", points=5)
    assert res.options["improvement"] == "decrease"
    # for PHQ-9 the drop at session 10 is an improvement; the return at 11 is the worsening
    assert res.summary["start"].tolist() == [11]
    assert res.summary["status"].tolist() == ["unrepaired"]


def test_improvement_accepts_an_instrument_name():
    x = v_series(dips=[(10, 7, 1)])
    by_name = rupture_repair(values=x, improvement="PHQ-9", criterion="points", points=5)
    stated = rupture_repair(values=x, improvement="decrease", criterion="points", points=5)
    pd.testing.assert_frame_equal(by_name.summary, stated.summary)


def test_direction_from_the_measure_registry_is_stated():
    x = v_series(n=20, dips=[(8, 7, 1)])
    table = pd.DataFrame({"case": "c", "measure": "WAI-SR", "session": np.arange(1, 21),
                          "value": x})
    res = rupture_repair(table, criterion="points", points=5)
    assert res.options["improvement"] == "increase"
    assert res.summary["start"].tolist() == [8]
    assert any("direction from the measure WAI-SR (registry)" in n for n in res.notes)


def test_contradicting_instrument_and_improvement_is_an_error():
    with pytest.raises(ValueError, match="contradicts"):
        rupture_repair(values=WAI, improvement="increase", instrument="PHQ-9")


# --- tables, results ---------------------------------------------------------------------------
def test_tidy_data_several_cases_and_criteria():
    rows = []
    for case, dip in (("C1", 8), ("C2", 12)):
        x = v_series(n=20, dips=[(dip, 7, 1)])
        rows += [{"case": case, "session": s + 1, "measure": "WAI-SR", "value": v}
                 for s, v in enumerate(x)]
    df = pd.DataFrame(rows)
    res = rupture_repair(df, measure="WAI-SR", improvement="increase",
                         criterion=["points", RuptureCriterion("deep", "points", points=10)],
                         points=5)
    assert res.summary.groupby("case")["start"].first().to_dict() == {"C1": 8, "C2": 12}
    assert set(res.summary["criterion"]) == {"points"}
    assert len(res.by_case) == 4


def test_case_selection_compares_labels_as_text():
    x = v_series(n=20, dips=[(8, 7, 1)])
    df = pd.DataFrame({"case": 7, "session": np.arange(1, 21), "measure": "WAI-SR", "value": x})
    res = rupture_repair(df, case="7", improvement="increase", criterion="points", points=5)
    assert res.summary["case"].tolist() == [7]


def test_result_fields_are_declared():
    res = rupture_repair(values=WAI, improvement="increase", case="C1", measure="WAI-SR")
    assert isinstance(res, RuptureRepairResult)
    assert set(res.to_dict()) == {"thresholds", "by_case", "sessions_dropped"}
    assert res.method_card["variant"].startswith("criteria stiles2sd")
    with pytest.raises(AttributeError, match="not a declared field"):
        res.episodes = 1


def test_bad_input():
    with pytest.raises(ValueError, match="criterion must be one of"):
        rupture_repair(values=[1, 2, 3], improvement="increase", criterion="stiles")
    # one resolver for the direction everywhere (casekit._input.resolve_improvement)
    with pytest.raises(ValueError, match="improvement must be 'increase', 'decrease' or an "
                                         "instrument name; 'up' is neither"):
        rupture_repair(values=[1, 2, 3], improvement="up")
    with pytest.raises(ValueError, match="improvement is required"):
        rupture_repair(values=[1, 2, 3])
    with pytest.raises(ValueError, match="needs the reliable change index"):
        rupture_repair(values=[1, 2, 3, 4], improvement="increase", criterion="rci")
    with pytest.raises(ValueError, match="missing values at sessions"):
        rupture_repair(values=[1, np.nan, 3, 4], improvement="increase")
    res = rupture_repair(values=[40, np.nan, 40, 41, 40], improvement="increase",
                         missing="drop")
    assert any("dropped 1 missing" in n for n in res.notes)
    assert res.sessions_dropped == {("case", "measure"): [2]}
    with pytest.raises(NotEnoughPointsError):
        rupture_repair(values=[1, 2], improvement="increase")
    df = pd.DataFrame({"case": ["A"] * 3, "session": [1, 2, 3], "measure": ["WAI-SR"] * 3,
                       "value": [1.0, 2.0, 3.0]})
    # the input layer's message for a label that is not there (as everywhere)
    with pytest.raises(ValueError, match="measure='SRS' is not in column 'measure'; present: "
                                         "WAI-SR"):
        rupture_repair(df, measure="SRS", improvement="increase")


def test_lazy_exports():
    assert ck.rupture_repair is rupture_repair
