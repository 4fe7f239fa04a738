"""Review regressions for casekit.alliance (lagged precedence input handling).

House rule (CONTRIBUTING.md): nothing is dropped or collapsed silently. Series are built by
design (no published example): one alliance and one symptom series per session.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.alliance import lagged_precedence, lagged_precedence_multilevel
from casekit.exceptions import CaseDataError


def _pair(n=30, seed=2, case="C1"):
    rng = np.random.default_rng(seed)
    s = np.arange(1, n + 1)
    return pd.concat([
        pd.DataFrame({"case": case, "session": s, "measure": "WAI-SR",
                      "value": 40 + rng.normal(0, 2, n)}),
        pd.DataFrame({"case": case, "session": s, "measure": "PHQ-9",
                      "value": 12 + rng.normal(0, 2, n)}),
    ], ignore_index=True)


def test_duplicate_session_is_an_error_not_first_value():
    d = _pair()
    extra = pd.DataFrame({"case": ["C1"], "session": [5], "measure": ["PHQ-9"],
                          "value": [99.0]})
    with pytest.raises(CaseDataError) as err:
        lagged_precedence(pd.concat([d, extra], ignore_index=True), seed=1, n_surrogates=99)
    prob = err.value.problems
    assert set(prob["row"]) == {34, 60}
    assert (prob["column"] == "session").all()


def test_duplicate_session_multilevel_is_an_error():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    extra = pd.DataFrame({"case": ["C2"], "session": [7], "measure": ["WAI-SR"],
                          "value": [1.0]})
    with pytest.raises(CaseDataError, match="session"):
        lagged_precedence_multilevel(pd.concat([d, extra], ignore_index=True), seed=1,
                                     n_surrogates=99)


def test_sessions_without_both_measures_are_reported():
    d = _pair()
    d.loc[(d["measure"] == "WAI-SR") & (d["session"] == 1), "value"] = np.nan
    d = d[~((d["measure"] == "PHQ-9") & (d["session"] == 12))]
    res = lagged_precedence(d, seed=1, n_surrogates=99)
    assert res.sessions_dropped == [1, 12]
    assert any("1, 12" in n for n in res.notes)
    # 29 rated pairs of rows minus the pair 11 -> 13 that spans the missing session 12
    assert res.summary["n"].tolist() == [26, 26]
    assert any("spanning more than 1 session" in n for n in res.notes)
    assert lagged_precedence(d, seed=1, n_surrogates=99, max_gap=None).summary["n"].tolist() \
        == [27, 27]


def test_clean_input_has_no_drop_note():
    res = lagged_precedence(_pair(), seed=1, n_surrogates=99)
    assert res.sessions_dropped == []
    assert not any("left out" in n for n in res.notes)


def test_multilevel_reports_dropped_sessions_per_case():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    d.loc[(d["case"] == "C2") & (d["measure"] == "WAI-SR") & (d["session"] == 3),
          "value"] = np.nan
    res = lagged_precedence_multilevel(d, seed=1, n_surrogates=99)
    assert res.sessions_dropped == {"C1": [], "C2": [3]}
    assert any("C2" in n and "3" in n for n in res.notes)


# --- rupture_repair: numeric inputs that used to fall back to the floor silently -----------
WAI = [40, 41, 40, 33, 39, 41, 40, 41, 40, 41]


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_rupture_repair_numeric_noise_is_validated(bad):
    from casekit.alliance import rupture_repair

    with pytest.raises(ValueError, match="noise"):
        rupture_repair(values=WAI, improvement="increase", noise=bad)


@pytest.mark.parametrize("bad", [-2.0, 0.0, float("nan")])
def test_rupture_repair_norm_sd_is_validated(bad):
    from casekit.alliance import rupture_repair

    with pytest.raises(ValueError, match="norm_sd"):
        rupture_repair(values=WAI, improvement="increase", noise="norm", norm_sd=bad)


@pytest.mark.parametrize("bad", [-3.0, 0.0, float("nan"), float("inf")])
def test_rupture_repair_points_are_validated(bad):
    from casekit.alliance import rupture_repair

    with pytest.raises(ValueError, match="points"):
        rupture_repair(values=WAI, improvement="increase", criterion="points", points=bad)


def test_custom_criterion_is_validated():
    from casekit.alliance import RuptureCriterion

    with pytest.raises(ValueError, match="k"):
        RuptureCriterion("neg", "sd", k=-1.0)
    with pytest.raises(ValueError, match="points"):
        RuptureCriterion("neg", "points", points=-2.0)


def test_valid_numeric_noise_still_works():
    from casekit.alliance import rupture_repair

    res = rupture_repair(values=WAI, improvement="increase", noise=2.0)
    assert res.thresholds["threshold"].iloc[0] == 4.0
    assert res.summary["start"].tolist() == [4]


# --- rupture_agreement: a mistyped event type used to give "0 noted" without a word --------
def _episodes_and_events():
    from casekit.alliance import rupture_repair

    ep = rupture_repair(values=WAI, improvement="increase", case="C1")
    events = pd.DataFrame({"case": ["C1"], "session": [4], "event": ["rupture_noted"],
                           "note": ["withdrawal"]})
    return ep, events


def test_rupture_agreement_unknown_event_type_is_an_error():
    from casekit.alliance import rupture_agreement

    ep, events = _episodes_and_events()
    with pytest.raises(ValueError, match="rupture_noted"):
        rupture_agreement(ep, events, event="rupture")


def test_rupture_agreement_known_type_without_rows_is_fine():
    from casekit.alliance import rupture_agreement

    ep, events = _episodes_and_events()
    res = rupture_agreement(ep, events, event="repair_noted")
    assert len(res.summary) == 0
    res = rupture_agreement(ep, events)
    assert res.summary["detected_by"].tolist() == ["stiles2sd"]


def test_rupture_agreement_custom_type_present_in_table_is_fine():
    from casekit.alliance import rupture_agreement

    ep, events = _episodes_and_events()
    events["event"] = "3rs_marker"
    res = rupture_agreement(ep, events, event="3rs_marker")
    assert len(res.summary) == 1


def test_lagged_precedence_unknown_case_lists_the_cases():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    with pytest.raises(ValueError, match=r"case 'C3'.*C1.*C2"):
        lagged_precedence(d, case="C3", seed=1, n_surrogates=99)
    with pytest.raises(ValueError, match="case column"):
        lagged_precedence(_pair().drop(columns="case"), case="C1", seed=1, n_surrogates=99)


def test_lagged_precedence_several_cases_lists_them():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    with pytest.raises(ValueError, match=r"case=.*C1.*C2"):
        lagged_precedence(d, seed=1, n_surrogates=99)


def test_detrend_phase_with_missing_phase_label_is_an_error():
    d = _pair()
    d["phase"] = np.where(d["session"] <= 15, "A", "B").astype(object)
    d.loc[d["session"] == 7, "phase"] = None
    with pytest.raises(ValueError, match=r"phase.*7"):
        lagged_precedence(d, detrend="phase", seed=1, n_surrogates=99)


def test_detrend_phase_centres_every_phase():
    from casekit.alliance import _detrend

    y = np.array([1.0, 2.0, 3.0, 10.0, 11.0, 12.0])
    ph = np.array(["A", "A", "A", "B", "B", "B"], dtype=object)
    out = _detrend(y, np.arange(6.0), "phase", ph)
    np.testing.assert_allclose(out, [-1, 0, 1, -1, 0, 1], atol=1e-12)


@pytest.mark.parametrize("func", [lagged_precedence, lagged_precedence_multilevel])
def test_lagged_precedence_needs_a_dataframe(func):
    with pytest.raises(TypeError, match="data must be a pandas DataFrame"):
        func([1, 2, 3], seed=1, n_surrogates=99)


def test_multilevel_notes_pairs_left_out_by_max_gap():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    d = d[~((d["case"] == "C2") & (d["session"] == 12))]
    res = lagged_precedence_multilevel(d, seed=1, n_surrogates=99)
    assert any("'C2'" in n and "max_gap" in n for n in res.notes)
    assert not any("'C1'" in n and "max_gap" in n for n in res.notes)
