"""Anchor-based, percentage and statistical clinical significance against clinicalsignificance
2.1.0.9000 (``values/clinsig_anchor_percentage_statistical.json``; R 4.2.2; the R call of each
run is in its ``call`` field and repeated in the parametrization below).

Every run R completed is checked: per case (``cs_get_augmented_data``: pre, post, change, the
method's flags and values, category), the summary table (category, n; percent to the 2
decimals R prints), n used / original, and for ``cs_statistical`` the cutoff information.
Tolerances: values 1e-12 relative (the JSON holds 15 significant digits); flags, categories
and counts exact. Bayesian group-level runs (BayesFactor MCMC, 4000 posterior draws through
bayestestR, ``set.seed(123)``): casekit computes the exact posterior, so each median and limit
must lie within 4 Monte Carlo standard errors of 4000 independent draws (median: sqrt(pi/2)
sigma / sqrt(4000); quantile p: sqrt(p (1 - p) / 4000) / density, normal approximation with
the posterior SD sigma from casekit's interval); the categories must agree.

The three calls that failed in R (a ``group`` at the individual level; dplyr < 1.1.0) hold
``{"error": ...}``: casekit must give the ungrouped run's per-case results and counts per
group (percent within group), checked against a plain pandas count.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from casekit.clinical import (
    anchor_change,
    anchor_group_change,
    percentage_change,
    statistical_change,
)
from tests._reference import load_data, load_values

pytestmark = pytest.mark.reference

REL = 1e-12
CLAUS = dict(case_col="id", time_col="time", pre_time=1, post_time=4, missing="drop")
JACOBSON = dict(case_col="subject", time_col="time", pre_time="pre", missing="drop")
ANTI = dict(case_col="patient", time_col="measurement", value_col="mom_di")


@pytest.fixture(scope="module")
def ref(reference_dir):
    values = load_values(reference_dir, "clinsig_anchor_percentage_statistical.json")
    return {r["id"]: r for part in ("anchor", "percentage", "statistical")
            for r in values[part]}


@pytest.fixture(scope="module")
def data(reference_dir):
    anti = load_data(reference_dir, "clinicalsignificance_antidepressants.csv")
    return {"claus_2020": load_data(reference_dir, "clinicalsignificance_claus_2020.csv"),
            "jacobson_1989": load_data(reference_dir, "clinicalsignificance_jacobson_1989.csv"),
            "antidepressants": anti,
            # R's antidepressants$measurement is a factor with levels Before, After
            "antidepressants_factor": anti.assign(measurement=pd.Categorical(
                anti["measurement"], categories=["Before", "After"]))}


def _check_individual(res, run, flags):
    aug = pd.DataFrame(run["augmented_data"])
    s = res.summary
    assert s["id"].tolist() == aug["id"].tolist()
    for col in ("pre", "post", "change"):
        np.testing.assert_allclose(s[col], aug[col].astype(float), rtol=REL)
    for col in flags:
        assert s[col].tolist() == aug[col].tolist(), col
    assert [c.capitalize() for c in s["category"]] == aug["category"].tolist()
    table = run["result"]["summary_table"]
    assert res.counts["category"].str.capitalize().tolist() == [r["category"] for r in table]
    assert res.counts["n"].tolist() == [r["n"] for r in table]
    for got, r in zip(res.counts["percent"], table, strict=True):
        assert got == pytest.approx(float(r["percent"].rstrip("%")), abs=0.005 + 1e-9)
    n_obs = run["result"]["n_obs"]
    assert (res.n, res.n_original) == (n_obs["n_used"], n_obs["n_original"])


# ------------------------------------------------------------------------------------------
# anchor, individual
# ------------------------------------------------------------------------------------------
ANCHOR_INDIVIDUAL = {
    # cs_anchor(antidepressants, patient, measurement, mom_di, mid_improvement = 8)
    "anchor_default_pre_guess": ("antidepressants_factor", dict(ANTI, mid_improvement=8)),
    # cs_anchor(antidepressants, patient, measurement, mom_di, pre = 'Before',
    #   mid_improvement = 8)
    "anchor_pre_before": ("antidepressants", dict(ANTI, pre_time="Before", mid_improvement=8)),
    # ... pre = 'Before', mid_improvement = 8, mid_deterioration = 5)
    "anchor_with_deterioration": ("antidepressants", dict(ANTI, pre_time="Before",
                                                          mid_improvement=8,
                                                          mid_deterioration=5)),
    # cs_anchor(claus_2020, id, time, hamd, pre = 1, post = 4, mid_improvement = 3)
    "anchor_claus_hamd_individual_mid3": ("claus_2020", dict(CLAUS, value_col="hamd",
                                                             mid_improvement=3)),
}


@pytest.mark.parametrize("run_id", list(ANCHOR_INDIVIDUAL))
def test_anchor_individual(ref, data, run_id):
    name, kw = ANCHOR_INDIVIDUAL[run_id]
    run = ref[run_id]
    res = anchor_change(data=data[name], improvement="decrease", **kw)
    _check_individual(res, run, ("improved", "deteriorated", "unchanged"))
    assert (res.mid_improvement, res.mid_deterioration) == (
        run["result"]["mid_improvement"], run["result"]["mid_deterioration"])


# ------------------------------------------------------------------------------------------
# anchor, groups
# ------------------------------------------------------------------------------------------
ANCHOR_GROUP = {
    # cs_anchor(antidepressants, patient, measurement, mom_di, pre = 'Before',
    #   mid_improvement = 8, target = 'group'[, bayesian = FALSE])
    "anchor_group_within_freq": ("antidepressants", dict(ANTI, pre_time="Before")),
    "anchor_group_within_bayes": ("antidepressants", dict(ANTI, pre_time="Before",
                                                          bayesian=True)),
    # ... group = condition, ...
    "anchor_group_within_by_condition_freq": ("antidepressants", dict(
        ANTI, pre_time="Before", group_col="condition")),
    "anchor_group_within_by_condition_bayes": ("antidepressants", dict(
        ANTI, pre_time="Before", group_col="condition", bayesian=True)),
    # cs_anchor(antidepressants, patient, measurement, mom_di, post = 'After',
    #   group = condition, mid_improvement = 8, target = 'group', effect = 'between'[,
    #   bayesian = FALSE])
    "anchor_group_between_freq": ("antidepressants", dict(
        ANTI, post_time="After", group_col="condition", effect="between")),
    "anchor_group_between_bayes": ("antidepressants", dict(
        ANTI, post_time="After", group_col="condition", effect="between", bayesian=True)),
}


def _mcse(res_row, p, draws=4000):
    sigma = (res_row["upper"] - res_row["lower"]) / (2 * stats.norm.ppf(0.975))
    if p == 0.5:
        return math.sqrt(math.pi / 2) * sigma / math.sqrt(draws)
    return math.sqrt(p * (1 - p) / draws) / (stats.norm.pdf(stats.norm.ppf(p)) / sigma)


@pytest.mark.parametrize("run_id", list(ANCHOR_GROUP))
def test_anchor_group(ref, data, run_id):
    name, kw = ANCHOR_GROUP[run_id]
    run = ref[run_id]
    res = anchor_group_change(data=data[name], mid_improvement=8, improvement="decrease", **kw)
    exp = pd.DataFrame(run["result"]["anchor_results"])
    got = res.summary
    assert got["category"].tolist() == exp["category"].tolist()
    for col in ("group", "reference", "comparison", "n", "n_reference", "n_comparison"):
        if col in exp:
            assert got[col].tolist() == exp[col].tolist(), col
    assert (got["confidence"] == exp["ci"]).all()
    if not run["result"]["bayesian"]:
        for col in ("difference", "lower", "upper"):
            np.testing.assert_allclose(got[col], exp[col], rtol=REL)
        return
    assert res.bayesian and run["seed"] == 123
    for (_, g), (_, e) in zip(got.iterrows(), exp.iterrows(), strict=True):
        for col, p in (("difference", 0.5), ("lower", 0.025), ("upper", 0.975)):
            assert abs(g[col] - e[col]) < 4 * _mcse(g, p), (col, g[col], e[col])


@pytest.mark.parametrize("run_id, mid", [("anchor_claus_who_higher_group_freq_mid2", 2),
                                         ("anchor_claus_who_higher_group_freq_mid5", 5)])
def test_anchor_group_higher_is_better(ref, data, run_id, mid):
    # cs_anchor(claus_2020, id, time, who, pre = 1, post = 4, group = treatment,
    #   mid_improvement = 2 | 5, better_is = 'higher', target = 'group', bayesian = FALSE)
    res = anchor_group_change(data=data["claus_2020"], value_col="who", group_col="treatment",
                              mid_improvement=mid, improvement="increase", **CLAUS)
    exp = pd.DataFrame(ref[run_id]["result"]["anchor_results"])
    got = res.summary
    for col in ("difference", "lower", "upper"):
        np.testing.assert_allclose(got[col], exp[col], rtol=REL)
    assert got["group"].tolist() == exp["group"].tolist() == ["TAU", "PA"]
    assert got["n"].tolist() == exp["n"].tolist()
    # PA: as R. TAU: the interval (-0.09, 3.03) contains 0; R has no "not significant" rule
    # for better_is = "higher" and says "Not significantly greater than the threshold"
    # (MID 2) or nothing (MID 5); casekit says what the interval shows
    assert got["category"].iloc[1] == exp["category"].iloc[1]
    r_category = ref[run_id]["result"]["anchor_results"][0]["category"]
    assert r_category == {2: "Not significantly greater than the threshold", 5: None}[mid]
    assert got["category"].iloc[0] == "Statistically not significant"


# ------------------------------------------------------------------------------------------
# percentage
# ------------------------------------------------------------------------------------------
PERCENTAGE = {
    # cs_percentage(claus_2020, id, time, hamd, pre = 1, post = 4, pct_improvement = 0.3)
    "pct_hamd_0.3": ("claus_2020", dict(CLAUS, value_col="hamd", pct_improvement=0.3),
                     "decrease"),
    # ... pct_improvement = 0.3, pct_deterioration = 0.2)
    "pct_hamd_0.3_det_0.2": ("claus_2020", dict(CLAUS, value_col="hamd", pct_improvement=0.3,
                                                pct_deterioration=0.2), "decrease"),
    # cs_percentage(claus_2020, id, time, who, pre = 1, post = 4, pct_improvement = 0.3,
    #   better_is = 'higher')
    "pct_who_higher_0.3": ("claus_2020", dict(CLAUS, value_col="who", pct_improvement=0.3),
                           "increase"),
    # cs_percentage(jacobson_1989, subject, time, gds, pre = 'pre', pct_improvement = 0.3)
    "pct_jacobson_gds_0.3": ("jacobson_1989", dict(JACOBSON, value_col="gds",
                                                   pct_improvement=0.3), "decrease"),
    # ... das, pre = 'pre', pct_improvement = 0.3, better_is = 'higher')
    "pct_jacobson_das_higher_0.3": ("jacobson_1989", dict(JACOBSON, value_col="das",
                                                          pct_improvement=0.3), "increase"),
}


@pytest.mark.parametrize("run_id", list(PERCENTAGE))
def test_percentage(ref, data, run_id):
    name, kw, improvement = PERCENTAGE[run_id]
    run = ref[run_id]
    res = percentage_change(data=data[name], improvement=improvement, **kw)
    _check_individual(res, run, ("improved", "deteriorated", "unchanged"))
    exp = pd.DataFrame(run["augmented_data"])["pct_change"].astype(float)
    got = res.summary["pct_change"]
    finite = exp.notna().to_numpy()  # R's Inf / NaN (pre = 0) are null in the JSON
    np.testing.assert_allclose(got[finite], exp[finite], rtol=REL)
    assert not np.isfinite(got[~finite]).any()
    # a pre score of 0 only occurs with better_is = "higher" here, where R and casekit agree
    assert (res.summary["pre"] == 0).sum() == (13 if run_id == "pct_who_higher_0.3" else 0)


# ------------------------------------------------------------------------------------------
# statistical
# ------------------------------------------------------------------------------------------
STATISTICAL = {
    # cs_statistical(claus_2020, id, time, hamd, pre = 1, post = 4)
    "stat_hamd_a": ("claus_2020", dict(CLAUS, value_col="hamd"), "decrease"),
    # ... m_functional = 8, sd_functional = 8, cutoff_type = 'c')
    "stat_hamd_c": ("claus_2020", dict(CLAUS, value_col="hamd", functional_mean=8,
                                       functional_sd=8, cutoff_type="c"), "decrease"),
    # ... m_functional = 8, sd_functional = 8, reliability = 0.80, cutoff_type = 'c',
    #   cutoff_method = 'HA')
    "stat_hamd_c_HA": ("claus_2020", dict(CLAUS, value_col="hamd", functional_mean=8,
                                          functional_sd=8, reliability=0.8, cutoff_type="c",
                                          cutoff_method="HA"), "decrease"),
    # ... m_functional = 8, sd_functional = 8, cutoff_type = 'b' (b with SD_clin in R)
    "stat_hamd_b": ("claus_2020", dict(CLAUS, value_col="hamd", functional_mean=8,
                                       functional_sd=8, cutoff_type="b",
                                       cutoff_b_sd="clinical"), "decrease"),
    # ... reliability = 0.80, cutoff_method = 'HA')
    "stat_hamd_a_HA": ("claus_2020", dict(CLAUS, value_col="hamd", reliability=0.8,
                                          cutoff_method="HA"), "decrease"),
    # cs_statistical(jacobson_1989, subject, time, gds, pre = 'pre')
    "stat_jacobson_gds_a": ("jacobson_1989", dict(JACOBSON, value_col="gds"), "decrease"),
    # cs_statistical(jacobson_1989, subject, time, das, pre = 'pre', better_is = 'higher')
    "stat_jacobson_das_higher_a": ("jacobson_1989", dict(JACOBSON, value_col="das"),
                                   "increase"),
}


def _null(v):
    return float("nan") if v in ({}, [], None) else float(v)


@pytest.mark.parametrize("run_id", list(STATISTICAL))
def test_statistical(ref, data, run_id):
    name, kw, improvement = STATISTICAL[run_id]
    run = ref[run_id]
    res = statistical_change(data=data[name], improvement=improvement, **kw)
    ha = run["result"]["method"] == "HA"
    flags = ("clinical_pre", "functional_post") + (("clinical_post",) if ha else ())
    _check_individual(res, run, flags)
    info = run["result"]["cutoff_results"]["info"]
    got = res.cutoff_info.iloc[0]
    assert got["type"] == info["type"]
    for key in ("m_clinical", "sd_clinical", "m_functional", "sd_functional", "value") + (
            ("reliability_clinical", "reliability_functional") if ha else ()):
        np.testing.assert_allclose(got[key], _null(info[key]), rtol=REL, err_msg=key)
    assert res.cutoff == pytest.approx(info["value"], rel=REL)
    if ha:
        cr = run["result"]["cutoff_results"]
        np.testing.assert_allclose(res.summary["cs_indiv"],
                                   pd.DataFrame(run["augmented_data"])["cs_indiv"], rtol=REL)
        assert res.reliability_post == pytest.approx(cr["reliability_post"], rel=REL)
        assert (res.m_post, res.sd_post) == pytest.approx((cr["m_post"], cr["sd_post"]),
                                                          rel=REL)
        assert res.z == pytest.approx(run["result"]["critical_value"], rel=REL)
        assert res.reliability == run["result"]["reliability"]


# ------------------------------------------------------------------------------------------
# the three grouped individual-level calls that failed in R
# ------------------------------------------------------------------------------------------
def _check_grouped(res, ungrouped_run, groups):
    aug = pd.DataFrame(ungrouped_run["augmented_data"])
    s = res.summary
    assert s["id"].tolist() == aug["id"].tolist()
    assert [c.capitalize() for c in s["category"]] == aug["category"].tolist()
    assert s["group"].tolist() == groups.reindex(aug["id"]).tolist()
    by_hand = (pd.crosstab(s["group"], s["category"])
               .reindex(columns=["improved", "unchanged", "deteriorated"], fill_value=0))
    counts = res.counts.set_index(["group", "category"])
    for (g, c), n in by_hand.stack().items():
        assert counts.loc[(g, c), "n"] == n
        assert counts.loc[(g, c), "percent"] == pytest.approx(
            100 * n / by_hand.loc[g].sum(), rel=1e-12)
    assert res.counts["group"].drop_duplicates().tolist() == list(pd.unique(s["group"]))


def test_anchor_grouped_failed_in_r(ref, data):
    # cs_anchor(antidepressants, patient, measurement, mom_di, pre = 'Before',
    #   group = condition, mid_improvement = 8, mid_deterioration = 5): R error (dplyr .by)
    assert "error" in ref["anchor_grouped"]
    anti = data["antidepressants"]
    res = anchor_change(data=anti, pre_time="Before", group_col="condition",
                        mid_improvement=8, mid_deterioration=5, improvement="decrease", **ANTI)
    groups = anti.groupby("patient")["condition"].first()
    _check_grouped(res, ref["anchor_with_deterioration"], groups)


def test_percentage_grouped_failed_in_r(ref, data):
    # cs_percentage(claus_2020, id, time, hamd, pre = 1, post = 4, pct_improvement = 0.3,
    #   group = treatment): R error (dplyr .by)
    assert "error" in ref["pct_hamd_0.3_grouped"]
    claus = data["claus_2020"]
    res = percentage_change(data=claus, value_col="hamd", group_col="treatment",
                            pct_improvement=0.3, improvement="decrease", **CLAUS)
    _check_grouped(res, ref["pct_hamd_0.3"], claus.groupby("id")["treatment"].first())


def test_statistical_grouped_failed_in_r(ref, data):
    # cs_statistical(claus_2020, id, time, hamd, pre = 1, post = 4, m_functional = 8,
    #   sd_functional = 8, cutoff_type = 'c', group = treatment): R error (dplyr .by)
    assert "error" in ref["stat_hamd_c_grouped"]
    claus = data["claus_2020"]
    res = statistical_change(data=claus, value_col="hamd", group_col="treatment",
                             functional_mean=8, functional_sd=8, cutoff_type="c",
                             improvement="decrease", **CLAUS)
    _check_grouped(res, ref["stat_hamd_c"], claus.groupby("id")["treatment"].first())
    # one clinical population (the whole sample), as the ungrouped run
    assert res.cutoff == pytest.approx(
        ref["stat_hamd_c"]["result"]["cutoff_results"]["info"]["value"], rel=REL)
