"""``casekit.effect_sizes`` (every series at once) equals the single-series functions.

Checked on the 57 reference AB series of ``../shared/reference/data/ab_cases.csv`` (direction
from its ``improvement`` column) and on seeded random series. Both paths run the same numpy
cores (the single-series functions on a batch of one), so all columns agree to 1e-12.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from casekit import effects as E
from casekit.exceptions import CaseDataError, NotEnoughPointsError
from tests._reference import N_SERIES

ALL = ["NAP", "Tau", "Tau_U", "Tau_BC", "PND", "PEM", "PAND", "IRD", "SMD", "LRRd", "LRRi"]
FUNCS = {"NAP": E.nap, "Tau": E.tau, "Tau-U": E.tau_u, "Tau-BC": E.tau_bc, "PND": E.pnd,
         "PEM": E.pem, "PAND": E.pand, "IRD": E.ird, "SMD": E.smd, "LRRd": E.lrr_d,
         "LRRi": E.lrr_i}


@pytest.fixture(scope="module")
def ab(reference_dir):
    d = pd.read_csv(reference_dir / "data" / "ab_cases.csv")
    return d.rename(columns={"dataset": "measure"})


def _compare(table, ab, kwargs_for):
    n = 0
    for (meas, case), s in ab.groupby(["measure", "case"], sort=False):
        s = s.sort_values("session")
        a = s.loc[s.phase == "A", "value"].to_numpy(float)
        b = s.loc[s.phase == "B", "value"].to_numpy(float)
        imp = s["improvement"].iloc[0]
        rows = table[(table.case == case) & (table.measure == meas)]
        for rec in rows.itertuples(index=False):
            r = FUNCS[rec.es](a, b, improvement=imp, **kwargs_for(rec.es))
            for col in ("est", "se", "ci_lower", "ci_upper"):
                got, exp = getattr(rec, col), getattr(r, col)
                if math.isnan(exp):
                    assert math.isnan(got), (case, rec.es, col)
                else:
                    assert got == pytest.approx(exp, abs=1e-12), (case, rec.es, col, got, exp)
            assert rec.n_baseline == a.size and rec.n_treatment == b.size
            n += 1
    return n


def test_batch_equals_scalar_defaults(ab):
    res = E.effect_sizes(ab, es=ALL, improvement="improvement")
    t = res.summary
    assert list(t.columns[:2]) == ["case", "measure"]
    assert {"es", "est", "se", "ci_lower", "ci_upper", "options", "note"} <= set(t.columns)
    assert len(t) == N_SERIES * len(ALL)
    assert _compare(t, ab, lambda es: {}) == N_SERIES * len(ALL)


def test_batch_equals_scalar_variants(ab):
    res = E.effect_sizes(ab, es=["NAP", "Tau_U", "Tau_BC", "PEM", "PAND", "SMD", "LRRd"],
                         improvement="improvement", se="Hanley", tau_u_method="complete",
                         tau_method="a", kendall=True, pretest_trend=0.05, pem_ties=0,
                         pand_method="sort", std_dev="pool", bias_correct=False)
    kw = {"NAP": {"se": "Hanley"}, "Tau-U": {"method": "complete", "tau_method": "a"},
          "Tau-BC": {"kendall": True, "pretest_trend": 0.05, "se": "Hanley"},
          "PEM": {"ties": 0}, "PAND": {"method": "sort"},
          "SMD": {"std_dev": "pool", "bias_correct": False}, "LRRd": {"bias_correct": False}}
    assert _compare(res.summary, ab, lambda es: kw[es]) == N_SERIES * 7


def test_batch_groups_sorted_by_session_and_options(ab):
    shuffled = ab.sample(frac=1, random_state=3)
    t1 = E.effect_sizes(ab, es=["Tau_U", "Tau_BC"], improvement="improvement").summary
    t2 = E.effect_sizes(shuffled, es=["Tau_U", "Tau_BC"], improvement="improvement").summary
    t2 = t2.set_index(["case", "measure", "es"]).loc[
        t1.set_index(["case", "measure", "es"]).index].reset_index()
    np.testing.assert_allclose(t1["est"], t2["est"], rtol=0, atol=1e-12)


def test_batch_errors_and_registry_direction():
    df = pd.DataFrame({"case": ["x"] * 4 + ["y"] * 4, "session": [1, 2, 3, 4] * 2,
                       "phase": ["A", "A", "B", "B"] * 2, "value": [1, 2, 3, np.nan, 2, 2, 3, 4]})
    with pytest.raises(CaseDataError, match="missing"):
        E.effect_sizes(df, es=["NAP"], improvement="increase")
    res = E.effect_sizes(df, es=["NAP"], improvement="increase", missing="drop")
    t = res.summary
    assert t.loc[t.case == "x", "note"].iloc[0].startswith(
        "1 missing value(s) dropped (missing='drop'): session(s) 4")
    assert t.loc[t.case == "x", "n_treatment"].iloc[0] == 1
    with pytest.raises(ValueError, match="unknown effect size 'NAPP'"):
        E.effect_sizes(df, es=["NAPP"], improvement="increase")
    with pytest.raises(TypeError, match="unknown option 'sd'"):
        E.effect_sizes(df, es=["SMD"], improvement="increase", sd="pool")
    with pytest.raises(ValueError, match="applies to"):
        E.effect_sizes(df, es=["NAP"], improvement="increase", std_dev="pool")
    with pytest.raises(ValueError, match="improvement must be 'increase', 'decrease' or an "
                                         "instrument name"):
        E.effect_sizes(df, es=["NAP"], improvement="up")
    # direction from the registry through the measure column (PHQ-9: lower is better)
    df2 = df.dropna().assign(measure="PHQ-9")
    t = E.effect_sizes(df2, es=["NAP"]).summary
    assert (t["improvement"] == "decrease").all()
    with pytest.raises(ValueError, match="registry does not know"):
        E.effect_sizes(df2.assign(measure="no-such-scale"), es=["NAP"])


def test_batch_smd_constant_baseline_and_lrr_zero_mean():
    df = pd.DataFrame({"case": ["x"] * 6 + ["y"] * 6, "session": list(range(6)) * 2,
                       "phase": ["A"] * 3 + ["B"] * 3 + ["A"] * 3 + ["B"] * 3,
                       "value": [5, 5, 5, 7, 8, 9, 0, 0, 0, 1, 2, 1]})
    t = E.effect_sizes(df, es=["SMD"], improvement="increase").summary
    assert t["est"].isna().all() and not np.isinf(t["est"]).any()
    assert t["note"].str.contains("SMD undefined").all()
    with pytest.raises(CaseDataError, match="case=y"):
        E.effect_sizes(df, es=["LRRi"], improvement="increase")


def test_batch_equals_scalar_random_series_with_ties_and_short_phases():
    """Seeded random integer series (many ties; phases of 1-12 points)."""
    rng = np.random.default_rng(7)
    rows = []
    for g in range(40):
        m, n = int(rng.integers(1, 8)), int(rng.integers(1, 12))
        vals = rng.integers(1, 6, m + n).astype(float)
        for i, v in enumerate(vals):
            rows.append({"case": f"c{g}", "session": i + 1, "phase": "A" if i < m else "B",
                         "value": v, "improvement": "increase" if g % 2 else "decrease"})
    df = pd.DataFrame(rows)
    es = ["NAP", "Tau", "Tau_U", "PND", "PEM", "PAND", "IRD", "LRRd", "LRRi", "Tau_BC", "SMD"]
    t = E.effect_sizes(df, es=es, improvement="improvement", se="Hanley",
                       std_dev="pool").summary
    n_checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for case, s in df.groupby("case"):
            a = s.loc[s.phase == "A", "value"].to_numpy(float)
            b = s.loc[s.phase == "B", "value"].to_numpy(float)
            imp = s["improvement"].iloc[0]
            for rec in t[t.case == case].itertuples(index=False):
                kw = {"se": "Hanley"} if rec.es in ("NAP", "Tau", "Tau-BC") else {}
                if rec.es == "SMD":
                    kw = {"std_dev": "pool"}
                try:
                    r = FUNCS[rec.es](a, b, improvement=imp, **kw)
                except (NotEnoughPointsError, ValueError):
                    assert math.isnan(rec.est), (case, rec.es)  # batch: NaN + note
                    assert rec.note, (case, rec.es)
                    continue
                for col in ("est", "se", "ci_lower", "ci_upper"):
                    exp, got = getattr(r, col), getattr(rec, col)
                    assert (math.isnan(exp) and math.isnan(got)) or got == pytest.approx(
                        exp, abs=1e-12), (case, rec.es, col, got, exp)
                n_checked += 1
    assert n_checked > 300


def test_batch_same_session_in_two_cases_is_fine():
    a, b = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]
    one = pd.DataFrame({"session": range(1, 14), "phase": ["A"] * 6 + ["B"] * 7,
                        "value": [float(v) for v in a + b]})
    d = pd.concat([one.assign(case="c1"), one.assign(case="c2")], ignore_index=True)
    res = E.effect_sizes(d, es=["NAP"], improvement="increase")
    assert res.summary["est"].tolist() == pytest.approx(
        [E.nap(a, b, improvement="increase").est] * 2, abs=1e-12)


def test_batch_lor_lrm_pogo_and_interval_method_equal_the_single_functions():
    rng = np.random.default_rng(23)
    rows = []
    for g in range(30):
        m, n = int(rng.integers(2, 9)), int(rng.integers(2, 12))
        vals = rng.integers(0, 101, m + n).astype(float)
        if g % 5 == 0:
            vals[m:] = vals[:m].max() + 1 + np.arange(n)  # NAP at the ceiling
        vals = np.clip(vals, 1, 100)
        rows += [{"case": f"c{g}", "session": i + 1, "phase": "A" if i < m else "B",
                  "value": v, "improvement": "increase" if g % 2 else "decrease"}
                 for i, v in enumerate(vals)]
    df = pd.DataFrame(rows)
    t = E.effect_sizes(df, es=["LOR", "LRM", "NAP", "Tau", "Tau_BC"], improvement="improvement",
                       intervals=10, delta_method=True, ci_method="singlecasees").summary
    t2 = E.effect_sizes(df, es=["NAP"], improvement="improvement").summary
    funcs = {"LOR": lambda a, b, i: E.lor(a, b, improvement=i, intervals=10),
             "LRM": lambda a, b, i: E.lrm(a, b, improvement=i, delta_method=True),
             "NAP": lambda a, b, i: E.nap(a, b, improvement=i, ci_method="singlecasees"),
             "Tau": lambda a, b, i: E.tau(a, b, improvement=i, ci_method="singlecasees"),
             "Tau-BC": lambda a, b, i: E.tau_bc(a, b, improvement=i, ci_method="singlecasees")}
    n_bound = 0
    for case, s in df.groupby("case"):
        a = s.loc[s.phase == "A", "value"].to_numpy(float)
        b = s.loc[s.phase == "B", "value"].to_numpy(float)
        imp = s["improvement"].iloc[0]
        for rec in t[t.case == case].itertuples(index=False):
            r = funcs[rec.es](a, b, imp)
            for col in ("est", "se", "ci_lower", "ci_upper"):
                assert getattr(rec, col) == pytest.approx(getattr(r, col), abs=1e-12, nan_ok=True)
        new = t2[t2.case == case].iloc[0]
        r = E.nap(a, b, improvement=imp)
        assert (new.ci_lower, new.ci_upper) == (r.ci_lower, r.ci_upper)
        if r.est in (0.0, 1.0):
            n_bound += 1
            assert ("ceiling" if r.est == 1 else "floor") in new.note
            assert 0 < (new.ci_lower if r.est == 1 else new.ci_upper) < 1
    assert n_bound >= 6
    goal = 150.0
    up = df[df.improvement == "increase"]
    p = E.effect_sizes(up, es=["PoGO"], improvement="increase", goal=goal).summary
    for case, s in up.groupby("case"):
        a = s.loc[s.phase == "A", "value"].to_numpy(float)
        b = s.loc[s.phase == "B", "value"].to_numpy(float)
        r = E.pogo(a, b, goal=goal, improvement="increase")
        rec = p[p.case == case].iloc[0]
        assert (rec.est, rec.se) == (pytest.approx(r.est, abs=1e-12), pytest.approx(r.se))
    with pytest.raises(CaseDataError, match="wrong side of the baseline mean"):
        E.effect_sizes(up, es=["PoGO"], improvement="decrease", goal=goal)


def test_batch_vocabulary_renamed_arguments_and_instrument_direction():
    a, b = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]
    d = pd.DataFrame({"case": "x", "session": range(1, 14), "cond": ["P0"] * 6 + ["P1"] * 7,
                      "score": [float(v) for v in a + b]})
    new = E.effect_sizes(d, es=["NAP"], baseline_phase="P0", treatment_phase="P1",
                         value_col="score", phase_col="cond", improvement="WAI-SR").summary
    assert new["improvement"].iloc[0] == "increase"
    with pytest.warns(FutureWarning) as caught:
        old = E.effect_sizes(d, es=["NAP"], baseline="P0", treatment="P1", outcome="score",
                             phase="cond", improvement="increase").summary
    said = {str(w.message).split("'")[1:4:2][0] + " -> " + str(w.message).split("'")[3]
            for w in caught}
    assert said == {"baseline -> baseline_phase", "treatment -> treatment_phase",
                    "outcome -> value_col", "phase -> phase_col"}
    assert old["est"].iloc[0] == new["est"].iloc[0] == E.nap(a, b, improvement="increase").est


def test_batch_flags_tau_u_outside_its_bounds():
    d = pd.DataFrame({"case": "x", "session": range(1, 9), "phase": ["A"] * 5 + ["B"] * 3,
                      "value": [5, 4, 3, 2, 1, 6, 7, 8.0]})
    t = E.effect_sizes(d, es=["Tau_U"], improvement="increase").summary
    assert t["est"].iloc[0] == pytest.approx(5 / 3) and "not bounded" in t["note"].iloc[0]


def test_batch_imputed_values():
    d = pd.DataFrame({"case": "x", "session": range(1, 9), "phase": ["A"] * 4 + ["B"] * 4,
                      "value": [5, 4, 3, 2, 6, 7, 8, 9.0],
                      "imputed": [False, True] + [False] * 6})
    with pytest.raises(CaseDataError, match="imputed value at session 2"):
        E.effect_sizes(d, es=["NAP"], improvement="increase")
    t = E.effect_sizes(d, es=["NAP"], improvement="increase", missing="include_imputed").summary
    assert t["n_baseline"].iloc[0] == 4 and "1 imputed value(s) analysed" in t["note"].iloc[0]
    t = E.effect_sizes(d, es=["NAP"], improvement="increase", missing="drop").summary
    assert t["n_baseline"].iloc[0] == 3 and "session(s) 2" in t["note"].iloc[0]
