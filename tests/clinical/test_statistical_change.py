"""statistical_change: from the clinical into the functional population (Jacobson & Truax
1991, doi:10.1037/0022-006X.59.1.12; Hageman & Arrindell 1999,
doi:10.1016/S0005-7967(99)00032-7; clinicalsignificance ``cs_statistical``).

Expected values are the formulas written out by hand (tolerance 1e-12 relative).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from casekit.clinical import clinical_cutoffs, statistical_change

PRE = np.array([25.0, 28, 22, 30, 26])
POST = np.array([10.0, 24, 12, 29, 9])
M, SD = PRE.mean(), PRE.std(ddof=1)


def test_cutoff_a_from_the_pre_scores():
    res = statistical_change(PRE, POST, improvement="decrease")
    assert res.cutoff == pytest.approx(M - 2 * SD, rel=1e-12)
    assert res.summary["clinical_pre"].tolist() == list(PRE > res.cutoff)
    assert res.summary["functional_post"].tolist() == list(POST < res.cutoff)
    assert res.summary["category"].tolist() == ["improved", "unchanged", "improved",
                                                "unchanged", "improved"]
    info = res.cutoff_info.iloc[0]
    assert (info["m_clinical"], info["sd_clinical"], info["type"]) == (M, SD, "a")
    assert math.isnan(info["m_functional"]) and res.z is None


@pytest.mark.parametrize("kind", ["b", "c"])
def test_cutoffs_b_and_c_equal_clinical_cutoffs(kind):
    for b_sd in ("functional", "clinical"):
        res = statistical_change(PRE, POST, improvement="decrease", cutoff_type=kind,
                                 functional_mean=8, functional_sd=5, cutoff_b_sd=b_sd)
        cut = clinical_cutoffs(M, SD, 8, 5, higher_is_better=False, cutoff_b_sd=b_sd)
        assert res.cutoff == pytest.approx(getattr(cut, kind), rel=1e-12)


def test_deteriorated_means_not_clinical_before_and_not_functional_after():
    # lower is better, cutoff c = 14.43: pre 12 (not clinical), post 25 (not functional)
    res = statistical_change([12, 28, 22, 30, 26], [25, 10, 30, 29, 9],
                             improvement="decrease", cutoff_type="c", functional_mean=8,
                             functional_sd=5)
    assert res.cutoff == pytest.approx(14.43, abs=0.01)
    assert res.summary["category"].tolist() == ["deteriorated", "improved", "unchanged",
                                                "unchanged", "improved"]
    higher = statistical_change(-PRE, -POST, improvement="increase")
    assert higher.summary["category"].tolist() == statistical_change(
        PRE, POST, improvement="decrease").summary["category"].tolist()


def test_hageman_arrindell_true_score_cutoff_and_individual_criterion():
    r = 0.8
    res = statistical_change(PRE, POST, improvement="decrease", cutoff_type="c",
                             functional_mean=8, functional_sd=5, cutoff_method="HA",
                             reliability=r)
    sem = SD * math.sqrt(1 - r)
    rel = {k: (s ** 2 - sem ** 2) / s ** 2 for k, s in
           (("clin", SD), ("func", 5.0), ("post", POST.std(ddof=1)))}
    sc, sf = SD * math.sqrt(rel["clin"]), 5 * math.sqrt(rel["func"])
    cut = (sc * 8 + sf * M) / (sc + sf)
    assert res.cutoff == pytest.approx(cut, rel=1e-12)
    m_post = POST.mean()
    cs = (m_post + (POST - m_post) * rel["post"] - cut) / (math.sqrt(rel["post"]) * sem)
    np.testing.assert_allclose(res.summary["cs_indiv"], cs, rtol=1e-12)
    clin_pre = PRE > cut
    assert res.summary["functional_post"].tolist() == list(clin_pre & (-cs > 1.6448536269514722))
    assert res.summary["clinical_post"].tolist() == list(~clin_pre & (-cs < -1.6448536269514722))
    assert res.cutoff_info["type"].item() == "c_true"
    assert res.reliability_post == pytest.approx(rel["post"], rel=1e-12)
    assert res.z == pytest.approx(1.6448536269514722)


def test_functional_norms_from_the_instrument():
    # CORE-10 registry norms: functional mean 4.7, SD 4.8 (Connell & Barkham 2007)
    res = statistical_change(PRE, POST, instrument="CORE-10", cutoff_type="c")
    assert res.cutoff == pytest.approx((SD * 4.7 + 4.8 * M) / (SD + 4.8), rel=1e-12)
    assert "CORE-10 norms" in res.functional_source and res.improvement == "decrease"


def test_grouped_counts_use_one_clinical_population():
    data = pd.DataFrame({"case": range(5), "arm": ["T", "T", "C", "C", "C"],
                         "pre": PRE, "post": POST})
    res = statistical_change(data=data, pre="pre", post="post", case_col="case",
                             group_col="arm", improvement="decrease")
    alone = statistical_change(PRE, POST, improvement="decrease")
    assert res.cutoff == alone.cutoff
    assert res.summary["category"].tolist() == alone.summary["category"].tolist()
    assert res.counts.set_index(["group", "category"])["n"].to_dict() == {
        ("T", "improved"): 1, ("T", "unchanged"): 1, ("T", "deteriorated"): 0,
        ("C", "improved"): 2, ("C", "unchanged"): 1, ("C", "deteriorated"): 0}


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="functional_mean="):
        statistical_change(PRE, POST, improvement="decrease", cutoff_type="c")
    with pytest.raises(ValueError, match="reliability is used by cutoff_method='HA' only"):
        statistical_change(PRE, POST, improvement="decrease", reliability=0.8)
    with pytest.raises(ValueError, match="needs reliability="):
        statistical_change(PRE, POST, improvement="decrease", cutoff_method="HA")
    with pytest.raises(ValueError, match="z is used"):
        statistical_change(PRE, POST, improvement="decrease", z=1.96)
    with pytest.raises(ValueError, match="cutoff_type must be one of"):
        statistical_change(PRE, POST, improvement="decrease", cutoff_type="d")
    with pytest.raises(ValueError, match="at least 2 cases"):
        statistical_change(20, 10, improvement="decrease")
