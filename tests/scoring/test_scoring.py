"""Scoring item responses: worked examples of each instrument's published scoring rule.

Rules and keys as recorded in the registry and in ../shared/domain/instruments.md:
PHQ-9 prorating with at most 2 of 9 items missing (Kroenke, Spitzer & Williams 2001,
doi:10.1046/j.1525-1497.2001.016009606.x; rule unverified); CORE-10 reverse keys 2 and 3 and
the one-missing-item rule (Barkham et al. 2013, doi:10.1080/14733145.2012.729069; CORE System
Trust); OQ-45 reverse keys and subscale-mean imputation (OQ-45 scoring sheet); DASS-21 x 2
(Lovibond & Lovibond 1995); SCL-90-R GSI = sum / answered (Derogatis 1994); WAI-SR subscales
(Hatcher & Gillaspy 2006, doi:10.1080/10503300500352500); HAq-II reversal 7 - x (Luborsky et
al. 1996); SRS / ORS visual-analogue centimetres (Duncan et al. 2003; Miller et al. 2003).
Cronbach's alpha: Cronbach 1951 (doi:10.1007/BF02310555), Feldt 1965 interval
(doi:10.1007/BF02289703), checked by hand and against independent formulas.

All expected values below are worked by hand in the comments; scores are exact sums or
ratios, so they are compared with ``rel=1e-12``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import casekit
from casekit import CaseDataError
from casekit.registry import Instrument, instruments
from casekit.scoring import SCORE_COLUMNS, cronbach_alpha, score

TOL = 1e-12


def form(measure, values, *, case="A", session=1, **extra):
    """Tidy item rows of one form; ``values`` lists items 1..k (NaN = unanswered)."""
    return pd.DataFrame({"case": case, "session": session, "measure": measure,
                         "item": np.arange(1, len(values) + 1),
                         "value": np.asarray(values, dtype=float), **extra})


def one(out, scale="total"):
    row = out.loc[out["scale"] == scale]
    assert len(row) == 1
    return row.iloc[0]


# ------------------------------------------------------------------------------ PHQ-9
def test_phq9_prorating_seven_of_nine():
    # answered: 2 + 3 + 1 + 2 + 2 + 1 + 0 = 11 over 7 items -> 11 / 7 * 9 = 14.142857...
    out = score(form("PHQ-9", [2, 3, 1, 2, np.nan, 2, 1, np.nan, 0]))
    assert list(out.columns) == list(SCORE_COLUMNS)
    r = one(out)
    assert r["value"] == pytest.approx(11 / 7 * 9, rel=TOL)
    assert r["n_items_answered"] == 7 and bool(r["prorated"]) is True
    assert r["score_type"] == "sum" and bool(r["risk_flag"]) is False


def test_phq9_absent_rows_count_as_missing_and_three_missing_give_no_score():
    items = form("PHQ-9", [2, 3, 1, 2, 1, 2, 1, 1, 0]).iloc[[0, 1, 2, 3, 4, 5, 8]]  # 7 rows
    assert one(score(items))["value"] == pytest.approx(11 / 7 * 9, rel=TOL)
    out = score(form("PHQ-9", [2, 3, 1, np.nan, np.nan, np.nan, 1, 1, 0]))
    r = one(out)
    assert np.isnan(r["value"]) and r["n_items_answered"] == 6 and not r["prorated"]


def test_phq9_complete_sum_and_risk_flag():
    items = pd.concat([
        form("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 0], session=1),       # sum 8, item 9 = 0
        form("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 1], session=2),       # sum 9, item 9 > 0
        form("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, np.nan], session=3),  # item 9 unanswered
    ])
    out = score(items)
    assert out["value"].tolist()[:2] == [8.0, 9.0]
    assert out["value"].iloc[2] == pytest.approx(9.0, rel=TOL)  # 8 / 8 * 9, prorated
    assert out["prorated"].tolist() == [False, False, True]
    assert out["risk_flag"].dtype == "boolean"
    assert bool(out["risk_flag"].iloc[0]) is False
    assert bool(out["risk_flag"].iloc[1]) is True
    assert out["risk_flag"].isna().tolist() == [False, False, True]


def test_risk_flag_is_na_without_risk_items():
    out = score(form("GAD-7", [1] * 7))
    assert out["risk_flag"].isna().all()


# ------------------------------------------------------------------------------ CORE-10
CORE_RAW = [1, 3, 4, 2, 2, 1, 0, 2, 3, 1]


def test_core10_reverse_keys_2_and_3():
    # items 2 and 3 reversed as 4 - x: 3 -> 1, 4 -> 0; sum = 1+1+0+2+2+1+0+2+3+1 = 13
    r = one(score(form("CORE-10", CORE_RAW)))
    assert r["value"] == 13.0 and not r["prorated"]


def test_core10_one_missing_is_prorated_two_missing_are_not():
    raw = list(CORE_RAW)
    raw[4] = np.nan  # item 5 (value 2) missing: (13 - 2) / 9 * 10 = 12.2222...
    r = one(score(form("CORE-10", raw)))
    assert r["value"] == pytest.approx(110 / 9, rel=TOL) and r["prorated"]
    raw[1] = np.nan  # item 2 missing as well
    r = one(score(form("CORE-10", raw)))
    assert np.isnan(r["value"]) and r["n_items_answered"] == 8


# ------------------------------------------------------------------------------ OQ-45
OQ_REV = [1, 12, 13, 20, 21, 24, 31, 37, 43]


def oq_values():
    v = np.ones(45)  # every item 1; reversed items become 4 - 1 = 3
    return v


def test_oq45_reverse_items_and_subscales():
    # total: 36 ones + 9 reversed threes = 63
    # SD: reversed 13, 24, 31 -> 22 + 9 = 31; IR: 1, 20, 37, 43 -> 7 + 12 = 19;
    # SR: 12, 21 -> 7 + 6 = 13
    out = score(form("OQ-45", oq_values()))
    assert one(out)["value"] == 63.0
    assert one(out, "symptom_distress")["value"] == 31.0
    assert one(out, "interpersonal_relations")["value"] == 19.0
    assert one(out, "social_role")["value"] == 13.0
    assert out["scale"].tolist() == ["total", "symptom_distress", "interpersonal_relations",
                                     "social_role"]


def test_oq45_subscale_mean_imputation():
    v = oq_values()
    v[13 - 1] = np.nan  # a reversed SD item (scored 3) is blank
    # remaining SD items after reversal: 22 ones + 2 threes = 28 / 24 = 1.167 -> 1
    # SD = 31 - 3 + 1 = 29
    # Social Role: blank item 4; the others after reversal: 12 -> 2, 14 -> 3, 21 -> 3,
    # 28 -> 2, 32 -> 3, 38 -> 2, 39 -> 3, 44 -> 2: mean 20 / 8 = 2.5 -> 3 (halves up;
    # Python's round() would give 2). SR = 20 + 3 = 23
    for item, raw in {12: 2, 14: 3, 21: 1, 28: 2, 32: 3, 38: 2, 39: 3, 44: 2}.items():
        v[item - 1] = raw
    v[4 - 1] = np.nan
    out = score(form("OQ-45", v))
    sd, ir, sr = (one(out, s) for s in ("symptom_distress", "interpersonal_relations",
                                        "social_role"))
    assert sd["value"] == 29.0 and sd["prorated"] and sd["n_items_answered"] == 24
    assert ir["value"] == 19.0 and not ir["prorated"]
    assert sr["value"] == 23.0 and sr["n_items_answered"] == 8
    tot = one(out)
    assert tot["value"] == 29.0 + 19.0 + 23.0 and tot["n_items_answered"] == 43
    assert tot["prorated"]


def test_oq45_missing_limit_can_be_imposed():
    v = oq_values()
    v[[1, 2]] = np.nan  # items 2 and 3 (SD)
    out = score(form("OQ-45", v), missing={"total": 1, "symptom_distress": 1})
    assert np.isnan(one(out)["value"]) and np.isnan(one(out, "symptom_distress")["value"])
    assert one(out, "social_role")["value"] == 13.0
    out = score(form("OQ-45", v), missing="complete")
    assert out.loc[out["scale"].isin(["total", "symptom_distress"]), "value"].isna().all()


# ------------------------------------------------------------------------------ DASS-21
def test_dass21_sum_times_two_and_prorating_one_item():
    v = np.ones(21)
    for item, x in zip([3, 5, 10, 13, 16, 17, 21], [1, 2, 0, 3, 1, 2, 1], strict=True):
        v[item - 1] = x                     # depression sum 10 -> 20
    for item in [1, 6, 8, 11, 12, 14]:
        v[item - 1] = 2                     # stress: six items of 2, item 18 blank
    v[18 - 1] = np.nan                      # -> mean 2 x 7 = 14 -> 28
    out = score(form("DASS-21", v))
    assert one(out, "depression")["value"] == 20.0
    assert one(out, "anxiety")["value"] == 14.0  # seven items of 1
    st_ = one(out, "stress")
    assert st_["value"] == pytest.approx(28.0, rel=TOL) and st_["prorated"]
    assert set(out["score_type"]) == {"sum_x2"}
    assert instruments["DASS-21"].band(st_["value"], "stress") == "severe"


# ------------------------------------------------------------------------------ SCL-90-R
def test_scl90r_gsi_is_sum_over_answered():
    rng = np.random.default_rng(3)
    v = rng.integers(0, 5, 90).astype(float)
    full = one(score(form("SCL-90-R", v)))
    assert full["value"] == pytest.approx(v.sum() / 90, rel=TOL) and full["score_type"] == "mean"
    v[[4, 17, 33, 60, 88]] = np.nan
    default = one(score(form("SCL-90-R", v)))  # threshold unverified: all items required
    assert np.isnan(default["value"]) and default["n_items_answered"] == 85
    r = one(score(form("SCL-90-R", v), missing=5))
    assert r["value"] == pytest.approx(np.nansum(v) / 85, rel=TOL) and r["prorated"]


# ------------------------------------------------------------------------------ WAI-SR
def test_waisr_subscales_and_mean_override():
    v = np.array([5, 4, 3, 2, 1, 2, 3, 4, 5, 4, 3, 2], dtype=float)
    out = score(form("WAI-SR", v))
    # Task 1, 2, 10, 12 = 5+4+4+2; Bond 3, 5, 7, 9 = 3+1+3+5; Goal 4, 6, 8, 11 = 2+2+4+3
    assert one(out, "task")["value"] == 15.0
    assert one(out, "bond")["value"] == 12.0
    assert one(out, "goal")["value"] == 11.0
    assert one(out)["value"] == 38.0
    means = score(form("WAI-SR", v), score_type="mean", scales=["total", "bond"])
    assert one(means)["value"] == pytest.approx(38 / 12, rel=TOL)
    assert one(means, "bond")["value"] == 3.0 and set(means["score_type"]) == {"mean"}
    v[6] = np.nan  # item 7 (Bond): subscale prorated by its mean, total not scored
    out = score(form("WAI-SR", v))
    assert one(out, "bond")["value"] == pytest.approx(9 / 3 * 4, rel=TOL)
    assert np.isnan(one(out)["value"])


def test_placeholder_rci_does_not_touch_scoring():
    wai = casekit.get_instrument("WAI-SR").with_rci(sd=8, reliability=0.91)
    out = score(form("WAI-SR", [3] * 12), instrument=wai)
    assert one(out)["value"] == 36.0


# ------------------------------------------------------------------------------ HAq-II
def test_haq2_reversal_seven_minus_x():
    # 14 items of 2 plus reversed items 4, 8, 11, 16, 19: 7 - 2 = 5 -> 28 + 25 = 53
    assert one(score(form("HAq-II", [2] * 19)))["value"] == 53.0


def test_core_om_mean_x10():
    # reversed items (0-4) of value 1 become 3: 26 x 1 + 8 x 3 = 50 / 34 * 10
    out = score(form("CORE-OM", [1] * 34))
    assert one(out)["value"] == pytest.approx(500 / 34, rel=TOL)
    assert one(out, "risk")["value"] == 10.0


# ------------------------------------------------------------------------------ SRS / ORS
def test_vas_decimals():
    out = score(pd.concat([form("SRS", [7.3, 8.1, 9.0, 6.6]),
                           form("ORS", [4.4, 5.2, 6.1, 3.9])]))
    assert one(out[out["measure"] == "SRS"])["value"] == pytest.approx(31.0, rel=TOL)
    assert one(out[out["measure"] == "ORS"])["value"] == pytest.approx(19.6, rel=TOL)
    assert set(out["score_type"]) == {"vas_cm"}
    miss = one(score(form("SRS", [7.3, np.nan, 9.0, 6.6])))
    assert np.isnan(miss["value"]) and miss["n_items_answered"] == 3
    with pytest.raises(CaseDataError, match="SRS items take 1 decimal"):
        score(form("SRS", [7.25, 8.1, 9.0, 6.6]))
    with pytest.raises(CaseDataError, match="PHQ-9 items take 0 decimal"):
        score(form("PHQ-9", [1.5, 1, 1, 1, 1, 1, 1, 1, 1]))


# ------------------------------------------------------------------------------ input checks
def test_out_of_range_values_are_reported_not_clipped():
    items = form("PHQ-9", [1, 1, -9, 1, 1, 4, 1, 1, 1])
    with pytest.raises(CaseDataError) as err:
        score(items)
    probs = err.value.problems
    assert probs["row"].tolist() == [2, 5]
    assert probs["value"].tolist() == [-9.0, 4.0]
    assert "never clipped" in probs["problem"].iloc[0]


def test_all_item_problems_at_once():
    items = form("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, 1], missing_code=None)
    items["item"] = items["item"].astype(float)
    items.loc[9] = ["A", 1, "PHQ-9", 10, 1.0, None]              # item 10 does not exist
    items.loc[10] = ["A", 1, "PHQ-9", 3, 1.0, None]              # duplicate of item 3
    items.loc[11] = ["A", 2, "PHQ-9", 1, 1.0, "not_answered"]    # value and missing code
    items.loc[12] = ["A", 2, "PHQ-9", 2.5, 1.0, None]            # not a whole item number
    with pytest.raises(CaseDataError) as err:
        score(items)
    text = str(err.value)
    assert "item outside 1..9 of PHQ-9" in text and "duplicated item row" in text
    assert "both a value" in text and "whole number" in text
    assert sorted(set(err.value.problems["row"])) == [2, 9, 10, 11, 12]


def test_non_numeric_values_are_reported():
    items = form("GAD-7", [1] * 7)
    items["value"] = items["value"].astype(object)
    items.loc[3, "value"] = "."
    with pytest.raises(CaseDataError, match="value is not a number"):
        score(items)


def test_missing_code_rows_are_unanswered():
    items = form("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, np.nan],
                 missing_code=[None] * 8 + ["refused"])
    r = one(score(items))
    assert r["n_items_answered"] == 8 and r["value"] == pytest.approx(9.0, rel=TOL)


def test_unknown_measure_lists_registered_instruments():
    with pytest.raises(CaseDataError, match=r"unknown measure 'PQ'.*registered instruments: "
                                            r"BDI-II, CORE-10"):
        score(form("PQ", [1, 2, 3]))


def test_instrument_argument_and_conflicting_labels():
    items = form("phq", [1] * 9)  # user label not in the registry
    out = score(items, instrument="PHQ-9")
    assert out["measure"].iloc[0] == "phq" and one(out)["value"] == 9.0
    no_measure = items.drop(columns="measure")
    assert score(no_measure, instrument="PHQ-9")["measure"].iloc[0] == "PHQ-9"
    with pytest.raises(CaseDataError, match="is the registry instrument 'GAD-7'"):
        score(form("GAD-7", [1] * 7), instrument="PHQ-9")


def test_mixed_measures_raters_and_carried_columns():
    a = form("PHQ-9", [1] * 9, rater="client", date="2024-01-02", phase="A")
    b = form("WAI-SR", [3] * 12, rater="client", date="2024-01-02", phase="A")
    c = form("WAI-SR", [4] * 12, rater="therapist", date="2024-01-02", phase="A")
    out = score(pd.concat([c, b, a], ignore_index=True))
    assert list(out.columns) == ["case", "session", "measure", "rater", "scale", "value",
                                 "score_type", "n_items_answered", "prorated", "risk_flag",
                                 "date", "phase"]
    assert out.groupby(["measure", "rater"]).size().to_dict() == {
        ("PHQ-9", "client"): 1, ("WAI-SR", "client"): 4, ("WAI-SR", "therapist"): 4}
    tot = out[(out["measure"] == "WAI-SR") & (out["scale"] == "total")]
    assert tot.set_index("rater")["value"].to_dict() == {"client": 36.0, "therapist": 48.0}
    bad = a.copy()
    bad.loc[3, "phase"] = "B"
    with pytest.raises(CaseDataError, match="phase varies within one form"):
        score(bad)


def test_option_errors_list_valid_values():
    items = form("PHQ-9", [1] * 9)
    with pytest.raises(ValueError, match="valid scales: 'total'"):
        score(items, scales=["bond"])
    with pytest.raises(ValueError, match="score_type must be one of 'sum', 'mean'"):
        score(items, score_type="median")
    with pytest.raises(ValueError, match="missing must be one of 'complete'"):
        score(items, missing="drop")
    with pytest.raises(ValueError, match="lacks required columns: item"):
        score(items.drop(columns="item"))
    with pytest.raises(CaseDataError, match="item is missing"):
        score(pd.concat([items, form("PHQ-9", [np.nan]).assign(item=np.nan)]))


# ------------------------------------------------------------------------------ own instruments
PQ = {"name": "PQ-A", "n_items": 3, "item_min": 1, "item_max": 7, "higher_is_better": False,
      "citation": "client-generated Personal Questionnaire (Elliott et al. 2016)",
      "scales": {"total": {"items": [1, 2, 3], "score_type": "mean", "min": 1, "max": 7,
                           "max_missing": 1, "missing_method": "prorate_mean"}}}


def test_personal_questionnaire_through_a_registry():
    reg = instruments.with_instrument(PQ)
    items = pd.concat([form("PQ-A", [5, 6, 4], session=1), form("PQ-A", [3, np.nan, 2],
                                                                session=2)])
    out = score(items, registry=reg)
    assert out["value"].tolist() == pytest.approx([5.0, 2.5], rel=TOL)
    assert out["prorated"].tolist() == [False, True]
    assert one(score(form("x", [1, 2, 3]), instrument=Instrument.from_dict(PQ)))["value"] == 2.0


def test_wide_input_with_item_columns():
    wide = pd.DataFrame({"case": ["A", "A"], "session": [1, 2],
                         **{f"PHQ9_{i}": [1, 2] for i in range(1, 10)}})
    wide.loc[1, "PHQ9_9"] = np.nan
    out = score(wide, instrument="PHQ-9", item_columns=[f"PHQ9_{i}" for i in range(1, 10)])
    assert out["value"].tolist() == pytest.approx([9.0, 18.0], rel=TOL)
    assert out["risk_flag"].tolist() == [True, pd.NA] or (
        bool(out["risk_flag"].iloc[0]) and pd.isna(out["risk_flag"].iloc[1]))
    with pytest.raises(ValueError, match="neither item columns nor keys"):
        score(wide.assign(PHQ9_tot=1), instrument="PHQ-9",
              item_columns=[f"PHQ9_{i}" for i in range(1, 10)])


# ------------------------------------------------------------------------------ properties
@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=10, max_size=10),
       st.integers(0, 9))
def test_core10_prorating_matches_hand_formula(vals, drop):
    v = np.array(vals, dtype=float)
    rev = v.copy()
    rev[[1, 2]] = 4 - rev[[1, 2]]
    assert one(score(form("CORE-10", v)))["value"] == pytest.approx(rev.sum(), abs=1e-12)
    v[drop] = np.nan
    rev[drop] = np.nan
    r = one(score(form("CORE-10", v)))
    assert r["value"] == pytest.approx(np.nanmean(rev) * 10, rel=1e-12, abs=1e-12)


# ------------------------------------------------------------------------------ Cronbach's alpha
def test_alpha_hand_example():
    # item variances 2.5 + 1.2 + 1.3 = 5.0; variance of the sums (5, 7, 10, 13, 13) = 12.8
    # alpha = 3/2 * (1 - 5 / 12.8) = 0.9140625
    x = np.array([[1, 2, 2], [2, 2, 3], [3, 4, 3], [4, 4, 5], [5, 4, 4]])
    res = cronbach_alpha(x)
    assert res.alpha == pytest.approx(0.9140625, rel=TOL)
    assert isinstance(res.alpha, float) and isinstance(res.n_obs, int)
    assert float(res) == res.alpha and res.ci_lower < res.alpha < res.ci_upper
    assert list(res.summary.columns) == ["alpha", "ci_lower", "ci_upper", "n_obs", "n_items",
                                         "n_dropped"]


def test_alpha_equals_average_covariance_formula_and_feldt_interval():
    from scipy import stats
    rng = np.random.default_rng(7)
    true = rng.normal(size=(60, 1))
    x = true + rng.normal(scale=0.8, size=(60, 6))
    c = np.cov(x, rowvar=False)
    k = 6
    cbar = (c.sum() - np.trace(c)) / (k * (k - 1))
    vbar = np.trace(c) / k
    expected = k * cbar / (vbar + (k - 1) * cbar)
    res = cronbach_alpha(pd.DataFrame(x), confidence=0.90)
    assert res.alpha == pytest.approx(expected, rel=1e-10)
    # Feldt (1965): 1 - (1 - alpha) F, F on (n - 1, (n - 1)(k - 1)) df
    f_hi = stats.f.ppf(0.95, 59, 59 * 5)
    f_lo = stats.f.ppf(0.05, 59, 59 * 5)
    assert res.ci_lower == pytest.approx(1 - (1 - expected) * f_hi, rel=1e-10)
    assert res.ci_upper == pytest.approx(1 - (1 - expected) * f_lo, rel=1e-10)


def test_alpha_missing_rows():
    x = pd.DataFrame({"i1": [1, 2, 3, 4, np.nan], "i2": [2, 2, 4, 4, 4],
                      "i3": [2, 3, 3, 5, 4]})
    with pytest.raises(ValueError, match=r"missing values in rows \[4\]"):
        cronbach_alpha(x)
    res = cronbach_alpha(x, missing="listwise")
    assert res.n_dropped == 1 and res.n_obs == 4 and "dropped" in repr(res)
    with pytest.raises(ValueError, match="missing must be one of 'error', 'listwise'"):
        cronbach_alpha(x, missing="pairwise")
    with pytest.raises(ValueError, match="at least 2 item columns"):
        cronbach_alpha(x[["i2"]])


def test_option_dicts_must_name_known_scales():
    with pytest.raises(ValueError, match=r"missing names unknown scales \['Total'\]"):
        score(form("PHQ-9", [1] * 9), missing={"Total": 1})
    with pytest.raises(ValueError, match="score_type names unknown scales"):
        score(form("PHQ-9", [1] * 9), score_type={"bond": "mean"})


def test_empty_input_gives_empty_table():
    empty = form("PHQ-9", [1] * 9).iloc[:0]
    out = score(empty)
    assert len(out) == 0 and list(out.columns) == list(SCORE_COLUMNS)


def _oq_reference(raw):
    """Plain-Python OQ-45 scoring-sheet rule (independent of casekit's array code)."""
    import math
    inst = instruments["OQ-45"]
    rev = {i: (None if math.isnan(x) else (4 - x if i in inst.reverse_items else x))
           for i, x in enumerate(raw, start=1)}
    out = {}
    for name in ("symptom_distress", "interpersonal_relations", "social_role"):
        its = inst.scales[name].items
        answered = [rev[i] for i in its if rev[i] is not None]
        if not answered:
            out[name] = math.nan
            continue
        fill = math.floor(sum(answered) / len(answered) + 0.5)
        out[name] = float(sum(rev[i] if rev[i] is not None else fill for i in its))
    out["total"] = sum(out.values())
    return out


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 4), st.none()), min_size=45, max_size=45))
def test_oq45_matches_plain_python_rule(vals):
    raw = [np.nan if v is None else float(v) for v in vals]
    expected = _oq_reference(raw)
    out = score(form("OQ-45", raw)).set_index("scale")["value"]
    for name, val in expected.items():
        if np.isnan(val):
            assert np.isnan(out[name])
        else:
            assert out[name] == val


def test_nullable_and_string_dtypes():
    items = form("PHQ-9", [1, 2, 1, 0, 1, 2, 1, 1, np.nan])
    items["value"] = items["value"].astype("Float64")
    items["measure"] = items["measure"].astype("string")
    r = one(score(items))
    assert r["value"] == pytest.approx(9 / 8 * 9, rel=TOL) and r["n_items_answered"] == 8
    assert pd.isna(r["risk_flag"])
