"""score: missing items, prorating and imputation, as each instrument's rule says.

PHQ-9 prorating with at most 2 of 9 items missing (Kroenke, Spitzer & Williams 2001,
doi:10.1046/j.1525-1497.2001.016009606.x; rule unverified); CORE-10 one-missing-item rule
(Barkham et al. 2013, doi:10.1080/14733145.2012.729069); OQ-45 subscale-mean imputation with
halves rounded up (OQ-45 scoring sheet), checked against a plain-Python version of the rule.
Exact sums or ratios, ``rel=1e-12``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.registry import instruments
from casekit.scoring import SCORE_COLUMNS, score
from tests.scoring._helpers import CORE_RAW, TOL, form, one, oq_values


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


def test_core10_one_missing_is_prorated_two_missing_are_not():
    raw = list(CORE_RAW)
    raw[4] = np.nan  # item 5 (value 2) missing: (13 - 2) / 9 * 10 = 12.2222...
    r = one(score(form("CORE-10", raw)))
    assert r["value"] == pytest.approx(110 / 9, rel=TOL) and r["prorated"]
    raw[1] = np.nan  # item 2 missing as well
    r = one(score(form("CORE-10", raw)))
    assert np.isnan(r["value"]) and r["n_items_answered"] == 8


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


def test_missing_code_rows_are_unanswered():
    items = form("PHQ-9", [1, 1, 1, 1, 1, 1, 1, 1, np.nan],
                 missing_code=[None] * 8 + ["refused"])
    r = one(score(items))
    assert r["n_items_answered"] == 8 and r["value"] == pytest.approx(9.0, rel=TOL)


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
