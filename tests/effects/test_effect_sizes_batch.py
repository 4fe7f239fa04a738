"""``casekit.effect_sizes`` (vectorised batch path) equals the single-series functions.

Checked on the 57 reference AB series of ``../shared/reference/data/ab_cases.csv`` (direction
from its ``improvement`` column). The batch Newcombe limits come from a vectorised bisection
run to machine precision on the same brackets ``brentq`` gets, so all columns agree to 1e-12.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from casekit import effects as E
from casekit.exceptions import CaseDataError, NotEnoughPointsError

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
    assert len(t) == 57 * len(ALL)
    assert _compare(t, ab, lambda es: {}) == 57 * len(ALL)


def test_batch_equals_scalar_variants(ab):
    res = E.effect_sizes(ab, es=["NAP", "Tau_U", "Tau_BC", "PEM", "PAND", "SMD", "LRRd"],
                         improvement="improvement", se="Hanley", tau_u_method="complete",
                         tau_method="a", kendall=True, pretest_trend=0.05, pem_ties=0,
                         pand_method="sort", std_dev="pool", bias_correct=False)
    kw = {"NAP": {"se": "Hanley"}, "Tau-U": {"method": "complete", "tau_method": "a"},
          "Tau-BC": {"kendall": True, "pretest_trend": 0.05, "se": "Hanley"},
          "PEM": {"ties": 0}, "PAND": {"method": "sort"},
          "SMD": {"std_dev": "pool", "bias_correct": False}, "LRRd": {"bias_correct": False}}
    assert _compare(res.summary, ab, lambda es: kw[es]) == 57 * 7


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
    assert t.loc[t.case == "x", "note"].iloc[0].startswith("dropped 1")
    assert t.loc[t.case == "x", "n_treatment"].iloc[0] == 1
    with pytest.raises(ValueError, match="unknown effect size 'NAPP'"):
        E.effect_sizes(df, es=["NAPP"], improvement="increase")
    with pytest.raises(TypeError, match="unknown option 'sd'"):
        E.effect_sizes(df, es=["SMD"], improvement="increase", sd="pool")
    with pytest.raises(ValueError, match="applies to"):
        E.effect_sizes(df, es=["NAP"], improvement="increase", std_dev="pool")
    with pytest.raises(ValueError, match="improvement must be one of"):
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
