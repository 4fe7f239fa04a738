"""score: each instrument's published scoring rule on complete forms, options and the output table.

Rules and keys as recorded in the registry and in ../shared/domain/instruments.md: PHQ-9
(Kroenke, Spitzer & Williams 2001, doi:10.1046/j.1525-1497.2001.016009606.x); CORE-10 reverse
keys 2 and 3 (Barkham et al. 2013, doi:10.1080/14733145.2012.729069; CORE System Trust); OQ-45
reverse keys (OQ-45 scoring sheet); DASS-21 x 2 (Lovibond & Lovibond 1995); SCL-90-R GSI = sum
/ answered (Derogatis 1994); WAI-SR subscales (Hatcher & Gillaspy 2006,
doi:10.1080/10503300500352500); HAq-II reversal 7 - x (Luborsky et al. 1996); SRS / ORS
visual-analogue centimetres (Duncan et al. 2003; Miller et al. 2003); CORE-OM mean x 10.

All expected values below are worked by hand in the comments; scores are exact sums or
ratios, so they are compared with ``rel=1e-12``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataError
from casekit.registry import instruments
from casekit.scoring import SCORE_COLUMNS, score
from tests.scoring._helpers import CORE_RAW, TOL, form, one, oq_values


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


def test_core10_reverse_keys_2_and_3():
    # items 2 and 3 reversed as 4 - x: 3 -> 1, 4 -> 0; sum = 1+1+0+2+2+1+0+2+3+1 = 13
    r = one(score(form("CORE-10", CORE_RAW)))
    assert r["value"] == 13.0 and not r["prorated"]


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


def test_haq2_reversal_seven_minus_x():
    # 14 items of 2 plus reversed items 4, 8, 11, 16, 19: 7 - 2 = 5 -> 28 + 25 = 53
    assert one(score(form("HAq-II", [2] * 19)))["value"] == 53.0


def test_core_om_mean_x10():
    # reversed items (0-4) of value 1 become 3: 26 x 1 + 8 x 3 = 50 / 34 * 10
    out = score(form("CORE-OM", [1] * 34))
    assert one(out)["value"] == pytest.approx(500 / 34, rel=TOL)
    assert one(out, "risk")["value"] == 10.0


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


def test_empty_input_gives_empty_table():
    empty = form("PHQ-9", [1] * 9).iloc[:0]
    out = score(empty)
    assert len(out) == 0 and list(out.columns) == list(SCORE_COLUMNS)


def test_nullable_and_string_dtypes():
    items = form("PHQ-9", [1, 2, 1, 0, 1, 2, 1, 1, np.nan])
    items["value"] = items["value"].astype("Float64")
    items["measure"] = items["measure"].astype("string")
    r = one(score(items))
    assert r["value"] == pytest.approx(9 / 8 * 9, rel=TOL) and r["n_items_answered"] == 8
    assert pd.isna(r["risk_flag"])
