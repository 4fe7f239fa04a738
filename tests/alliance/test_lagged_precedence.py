"""Lagged (Granger-type) precedence with an AR(1) surrogate null, one case and a case series.

Series are built by design: a known lagged effect, or none (no published example). House rule
(CONTRIBUTING.md): nothing is dropped or collapsed silently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.alliance import (
    LaggedPrecedenceResult,
    lagged_precedence,
    lagged_precedence_multilevel,
)
from casekit.alliance.lagged import _detrend
from casekit.exceptions import CaseDataError


def tidy(s, a, y, case="C1"):
    return pd.concat([
        pd.DataFrame({"case": case, "session": s, "measure": "WAI-SR", "value": a}),
        pd.DataFrame({"case": case, "session": s, "measure": "PHQ-9", "value": y}),
    ], ignore_index=True)


def lagged_pair(n=45, b=0.6, phi=0.3, seed=5):
    """Symptom change driven by the previous alliance (b), plus AR(1) alliance."""
    rng = np.random.default_rng(seed)
    a = np.zeros(n)
    for t in range(1, n):
        a[t] = phi * a[t - 1] + rng.normal()
    y = np.zeros(n)
    for t in range(1, n):
        y[t] = 0.5 * y[t - 1] - b * a[t - 1] + rng.normal(0, 0.5)
    return np.arange(1, n + 1), 40 + 3 * a, 12 + 3 * y


def _pair(n=30, seed=2, case="C1"):
    rng = np.random.default_rng(seed)
    s = np.arange(1, n + 1)
    return pd.concat([
        pd.DataFrame({"case": case, "session": s, "measure": "WAI-SR",
                      "value": 40 + rng.normal(0, 2, n)}),
        pd.DataFrame({"case": case, "session": s, "measure": "PHQ-9",
                      "value": 12 + rng.normal(0, 2, n)}),
    ], ignore_index=True)


# --- one case ----------------------------------------------------------------------------------
def test_lagged_effect_is_detected_in_the_right_direction():
    s, a, y = lagged_pair(b=0.8)
    res = lagged_precedence(tidy(s, a, y), seed=1)
    assert isinstance(res, LaggedPrecedenceResult)
    fwd, rev = res.summary.iloc[0], res.summary.iloc[1]
    assert fwd["direction"] == "WAI-SR -> PHQ-9"
    assert fwd["estimate"] < 0 and fwd["p_value"] < 0.01
    assert fwd["ci_upper"] < 0
    assert rev["p_value"] > 0.05
    assert res.seed == 1


def test_lagged_precedence_is_reproducible_with_seed():
    s, a, y = lagged_pair(b=0.0)
    r1 = lagged_precedence(tidy(s, a, y), seed=3)
    r2 = lagged_precedence(tidy(s, a, y), seed=3)
    pd.testing.assert_frame_equal(r1.summary, r2.summary)


def test_lagged_precedence_bad_input():
    s, a, y = lagged_pair()
    with pytest.raises(ValueError, match="measure='SRS' is not in column 'measure'"):
        lagged_precedence(tidy(s, a, y), alliance_measure="SRS")
    with pytest.raises(ValueError, match="detrend must be one of"):
        lagged_precedence(tidy(s, a, y), detrend="quadratic")
    two = pd.concat([tidy(s, a, y, "C1"), tidy(s, a, y, "C2")])
    with pytest.raises(ValueError, match="pass case="):
        lagged_precedence(two)


def test_old_measure_names_still_work_with_a_warning():
    s, a, y = lagged_pair()
    d = tidy(s, a, y).replace({"WAI-SR": "A", "PHQ-9": "S"})
    with pytest.warns(FutureWarning) as record:
        old = lagged_precedence(d, alliance="A", symptoms="S", seed=1, n_surrogates=99)
    said = " ".join(str(w.message) for w in record)
    assert "'alliance' is now called 'alliance_measure'" in said
    assert "'symptoms' is now called 'symptom_measure'" in said
    new = lagged_precedence(d, alliance_measure="A", symptom_measure="S", seed=1,
                            n_surrogates=99)
    pd.testing.assert_frame_equal(old.summary, new.summary)


def test_duplicate_session_is_an_error_not_first_value():
    d = _pair()
    extra = pd.DataFrame({"case": ["C1"], "session": [5], "measure": ["PHQ-9"],
                          "value": [99.0]})
    with pytest.raises(CaseDataError) as err:
        lagged_precedence(pd.concat([d, extra], ignore_index=True), seed=1, n_surrogates=99)
    prob = err.value.problems
    assert set(prob["row"]) == {34, 60}
    assert (prob["column"] == "session").all()


def test_sessions_without_both_measures_are_reported():
    d = _pair()
    d.loc[(d["measure"] == "WAI-SR") & (d["session"] == 1), "value"] = np.nan
    d = d[~((d["measure"] == "PHQ-9") & (d["session"] == 12))]
    # a missing value is an error unless the caller opts in (one rule everywhere)
    with pytest.raises(CaseDataError, match="missing value at session 1"):
        lagged_precedence(d, seed=1, n_surrogates=99)
    res = lagged_precedence(d, seed=1, n_surrogates=99, missing="drop")
    assert res.sessions_dropped == [1, 12]
    assert any("1, 12" in n for n in res.notes)
    # 29 rated pairs of rows minus the pair 11 -> 13 that spans the missing session 12
    assert res.summary["n"].tolist() == [26, 26]
    assert any("spanning more than 1 session" in n for n in res.notes)
    assert res.pairs_left_out == [(11, 13)]
    everything = lagged_precedence(d, seed=1, n_surrogates=99, max_gap=None, missing="drop")
    assert everything.summary["n"].tolist() == [27, 27]
    assert everything.pairs_left_out == []


def test_clean_input_has_no_drop_note():
    res = lagged_precedence(_pair(), seed=1, n_surrogates=99)
    assert res.sessions_dropped == []
    assert res.pairs_left_out == []
    assert not any("left out" in n for n in res.notes)


def test_lagged_precedence_unknown_case_lists_the_cases():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    with pytest.raises(ValueError, match=r"case='C3' is not in column 'case'; present: C1, C2"):
        lagged_precedence(d, case="C3", seed=1, n_surrogates=99)
    with pytest.raises(ValueError, match="has no 'case' column"):
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
    y = np.array([1.0, 2.0, 3.0, 10.0, 11.0, 12.0])
    ph = np.array(["A", "A", "A", "B", "B", "B"], dtype=object)
    out = _detrend(y, np.arange(6.0), "phase", ph)
    np.testing.assert_allclose(out, [-1, 0, 1, -1, 0, 1], atol=1e-12)


@pytest.mark.parametrize("func", [lagged_precedence, lagged_precedence_multilevel])
def test_lagged_precedence_needs_a_dataframe(func):
    with pytest.raises(TypeError, match="data must be a pandas DataFrame"):
        func([1, 2, 3], seed=1, n_surrogates=99)


# --- case series -------------------------------------------------------------------------------
def test_multilevel_version_pools_within_person_effects():
    frames = []
    for i in range(4):
        s, a, y = lagged_pair(n=35, b=0.7, seed=20 + i)
        frames.append(tidy(s, a + 5 * i, y - 2 * i, case=f"C{i}"))
    res = lagged_precedence_multilevel(pd.concat(frames), seed=2, n_surrogates=199)
    fwd = res.summary[(res.summary["direction"] == "WAI-SR -> PHQ-9")]
    assert set(fwd["model"]) == {"pooled_within", "mixed"}
    assert (fwd["estimate"] < 0).all()
    assert fwd.set_index("model").loc["pooled_within", "p_value"] < 0.01
    assert fwd["n_cases"].iloc[0] == 4


def test_duplicate_session_multilevel_is_an_error():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    extra = pd.DataFrame({"case": ["C2"], "session": [7], "measure": ["WAI-SR"],
                          "value": [1.0]})
    with pytest.raises(CaseDataError, match="session"):
        lagged_precedence_multilevel(pd.concat([d, extra], ignore_index=True), seed=1,
                                     n_surrogates=99)


def test_multilevel_reports_every_case_problem_at_once():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    extra = pd.DataFrame({"case": ["C1", "C2"], "session": [4, 7],
                          "measure": ["PHQ-9", "WAI-SR"], "value": [1.0, 1.0]})
    with pytest.raises(CaseDataError) as err:
        lagged_precedence_multilevel(pd.concat([d, extra], ignore_index=True), seed=1,
                                     n_surrogates=99)
    assert len(err.value.problems) == 4   # two rows of session 4 (C1) and of session 7 (C2)


def test_multilevel_reports_dropped_sessions_per_case():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    d.loc[(d["case"] == "C2") & (d["measure"] == "WAI-SR") & (d["session"] == 3),
          "value"] = np.nan
    res = lagged_precedence_multilevel(d, seed=1, n_surrogates=99, missing="drop")
    assert res.sessions_dropped == {"C1": [], "C2": [3]}
    assert any("C2" in n and "3" in n for n in res.notes)


def test_multilevel_notes_pairs_left_out_by_max_gap():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    d = d[~((d["case"] == "C2") & (d["session"] == 12))]
    res = lagged_precedence_multilevel(d, seed=1, n_surrogates=99)
    assert any("'C2'" in n and "max_gap" in n for n in res.notes)
    assert not any("'C1'" in n and "max_gap" in n for n in res.notes)
    assert res.pairs_left_out == {"C1": [], "C2": [(11, 13)]}


def test_multilevel_case_column_and_its_old_name():
    d = pd.concat([_pair(case="C1"), _pair(seed=3, case="C2")], ignore_index=True)
    d = d.rename(columns={"case": "client"})
    res = lagged_precedence_multilevel(d, case_col="client", seed=1, n_surrogates=99)
    with pytest.warns(FutureWarning, match="'case' is now called 'case_col'"):
        old = lagged_precedence_multilevel(d, case="client", seed=1, n_surrogates=99)
    pd.testing.assert_frame_equal(res.summary, old.summary)
    with pytest.raises(CaseDataError, match="no column 'case'"):
        lagged_precedence_multilevel(d, seed=1, n_surrogates=99)


# --- multiplicity and one model for data and surrogates (issue 17 item 3) ----------------------
def test_both_directions_are_holm_adjusted_by_default():
    s, a, y = lagged_pair(b=0.0, seed=11)
    res = lagged_precedence(tidy(s, a, y), seed=2, n_surrogates=199)
    tab = res.summary
    p = tab["p_value"].to_numpy()
    lo, hi = np.argsort(p)
    assert tab["p_adjusted"].iloc[lo] == pytest.approx(min(1.0, 2 * p[lo]))
    assert tab["p_adjusted"].iloc[hi] == pytest.approx(max(min(1.0, 2 * p[lo]), p[hi]))
    assert (tab["significant"] == (tab["p_adjusted"] <= 0.05)).all()
    assert res.options["adjust"] == "holm"
    assert any("Holm (1979)" in n for n in res.notes)
    none = lagged_precedence(tidy(s, a, y), seed=2, n_surrogates=199, adjust="none")
    np.testing.assert_allclose(none.summary["p_adjusted"], none.summary["p_value"])
    with pytest.raises(ValueError, match="adjust must be one of"):
        lagged_precedence(tidy(s, a, y), adjust="fdr")


def test_phi_is_corrected_for_the_trend_model_it_was_detrended_by():
    # phi = .6, n = 16: the lag-1 autocorrelation after removing mean and trend is biased
    # down by about (2 + 4 phi)/n = .275 (Tanaka 1984); the corrected value must sit above
    # the raw one, and more so with linear detrending than with the mean only
    rng = np.random.default_rng(4)
    gaps = []
    for _ in range(30):
        x = np.zeros(16)
        x[0] = rng.normal() / 0.8
        for t in range(1, 16):
            x[t] = 0.6 * x[t - 1] + rng.normal()
        y = rng.normal(size=16)
        s = np.arange(1, 17)
        lin = lagged_precedence(tidy(s, x, y), seed=1, n_surrogates=99).summary.iloc[0]
        mean = lagged_precedence(tidy(s, x, y), seed=1, n_surrogates=99,
                                 detrend=None).summary.iloc[0]
        gaps.append((lin["phi_predictor"] - lin["phi_raw"],
                     mean["phi_predictor"] - mean["phi_raw"]))
    gaps = np.array(gaps)
    assert 0.15 < np.median(gaps[:, 0]) < 0.45
    assert np.median(gaps[:, 0]) > np.median(gaps[:, 1]) > 0.05


def test_surrogates_are_detrended_like_the_data():
    # a surrogate carries no trend after detrending: its residual-maker leaves it orthogonal
    # to [1, t]
    from casekit.alliance.lagged import _ar1_on_sessions, _design, _residual_maker

    t = np.array([1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 14], float)
    M = _residual_maker(_design(t, "linear", None))
    sur = _ar1_on_sessions(0.6, t, 50, np.random.default_rng(0)) @ M.T
    np.testing.assert_allclose(sur @ np.column_stack([np.ones(t.size), t]), 0, atol=1e-9)
