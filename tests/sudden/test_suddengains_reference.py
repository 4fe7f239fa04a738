"""Sudden gains against suddengains 0.7.2 reference values (``values/suddengains.json``).

Data: ``suddengains::sgdata`` (Wiedemann, Thew, Stott & Ehlers 2020, PLOS ONE 15(3):e0230276,
doi:10.1371/journal.pone.0230276), ``sg_var_list = bdi_s1 ... bdi_s12``, cutoff 7, computed
with R 4.2.2 (calls recorded in the file's ``meta.calls``). Gains, sessions and criteria are
compared exactly; magnitudes and reversal values exactly (integer arithmetic, atol 1e-12);
change proportions with rtol 1e-12; define_crit1_cutoff values with rtol 1e-12.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.sudden import check_interval, select_cases
from tests._reference import load_data, load_values

VARS = [f"bdi_s{i}" for i in range(1, 13)]

pytestmark = pytest.mark.reference


@pytest.fixture(scope="module")
def ref(reference_dir):
    return load_values(reference_dir, "suddengains.json")


@pytest.fixture(scope="module")
def sgdata(reference_dir):
    return load_data(reference_dir, "suddengains_sgdata.csv")


def _pairs(res):
    return sorted(zip(res.summary["case"].tolist(), res.summary["pregain_session"].tolist(),
                      strict=True))


def _ref_pairs(entries):
    return sorted((e["id"], e["pregain_session"]) for e in entries)


def _gains(data, **kw):
    kw.setdefault("sg_var_list", VARS)
    return casekit.sudden_gains(data, sg_crit1_cutoff=7, case_col="id", improvement="decrease",
                                measure="bdi", **kw)


def test_all_gains(ref, sgdata):
    # R: identify_sg(sgdata, id_var_name = "id", sg_var_list = bdi_s1..s12, sg_crit1_cutoff = 7)
    res = _gains(sgdata)
    assert _pairs(res) == _ref_pairs(ref["sudden_gains_all"])
    assert res.n_gains == 24


def test_pattern_selected(ref, sgdata):
    # R: select_cases(..., method = "pattern", return_id_lgl = TRUE); identify_sg on them
    sel = select_cases(sgdata, case_col="id", sg_var_list=VARS, method="pattern")
    ids = sel.loc[sel["selected"], "case"].tolist()
    assert ids == ref["select_pattern_ids"]
    res = _gains(sgdata[sgdata["id"].isin(ids)])
    assert _pairs(res) == _ref_pairs(ref["sudden_gains_pattern_selected"])


def test_min_sess(ref, sgdata):
    # R: select_cases(..., method = "min_sess", min_sess_num = 9, return_id_lgl = TRUE)
    sel = select_cases(sgdata, case_col="id", sg_var_list=VARS, method="min_sess", min_sess_num=9)
    assert sel.loc[sel["selected"], "case"].tolist() == ref["select_min_sess9_ids"]


def test_1to2(ref, sgdata):
    # R: identify_sg(..., sg_var_list = bdi_s0..s12, identify_sg_1to2 = TRUE)
    res = _gains(sgdata, sg_var_list=[f"bdi_s{i}" for i in range(13)], identify_sg_1to2=True)
    assert _pairs(res) == _ref_pairs(ref["sudden_gains_1to2"])
    assert {(22, 1), (35, 1)} <= set(_pairs(res))


def test_1to2_long_format(ref, sgdata):
    long = sgdata.melt(id_vars="id", value_vars=[f"bdi_s{i}" for i in range(13)],
                       var_name="var", value_name="value")
    long["session"] = long["var"].str.replace("bdi_s", "").astype(int)
    long = long.rename(columns={"id": "case"}).drop(columns="var")
    # the melted wide table keeps its empty cells as rows: they are missed sessions
    res = casekit.sudden_gains(long, sg_crit1_cutoff=7, improvement="decrease",
                               identify_sg_1to2=True, missing="drop")
    assert _pairs(res) == _ref_pairs(ref["sudden_gains_1to2"])
    # default: the 1 -> 2 interval is excluded even though session 0 is present
    res0 = casekit.sudden_gains(long, sg_crit1_cutoff=7, improvement="decrease",
                                missing="drop")
    assert _pairs(res0) == _ref_pairs(ref["sudden_gains_all"])


def test_crit3_unadjusted(ref, sgdata):
    # R: identify_sg(..., sg_crit3_adjust = FALSE)  (2.776 throughout)
    res = _gains(sgdata, sg_crit3_adjust=False)
    assert _pairs(res) == _ref_pairs(ref["sudden_gains_crit3_unadjusted"])


@pytest.mark.parametrize("loss_crit2", ["mirrored", "suddengains"])
def test_losses(ref, sgdata, loss_crit2):
    # R: identify_sl(sgdata, ..., sg_crit1_cutoff = -7); create_bysg(..., identify = "sl")
    res = casekit.sudden_losses(sgdata, sg_crit1_cutoff=-7, case_col="id", sg_var_list=VARS,
                                improvement="decrease", loss_crit2=loss_crit2)
    assert _pairs(res) == _ref_pairs(ref["sudden_losses_all"])
    bysl = pd.DataFrame(ref["bysl"])
    s = res.summary
    np.testing.assert_allclose(s["magnitude"], bysl["sg_magnitude"], atol=1e-12)
    np.testing.assert_allclose(s["reversal_value"], bysl["sg_reversal_value"], atol=1e-12)
    np.testing.assert_allclose(s["tx_change"], bysl["sg_bdi_tx_change"], atol=1e-12)
    np.testing.assert_allclose(s["change_proportion"], bysl["sg_change_proportion"], rtol=1e-12)
    assert s["reversed"].astype(int).tolist() == bysl["sg_reversal"].tolist()


def test_crit123_details(ref, sgdata):
    # R: identify_sg(..., crit123_details = TRUE): every interval, True / False / NA
    iv = _gains(sgdata).intervals
    assert len(iv) == 43 * 9
    by_id = {row["id"]: row for row in ref["identify_sg_crit123_details"]}
    mismatches = []
    n_na = 0
    for rec in iv.itertuples(index=False):
        row = by_id[rec.case]
        lab = f"{rec.pregain_session}to{rec.postgain_session}"
        for crit in ("crit1", "crit2", "crit3"):
            got = getattr(rec, crit)
            got = None if got is pd.NA else bool(got)
            if got != row[f"sg_{crit}_{lab}"]:
                mismatches.append((rec.case, lab, crit))
        got = None if rec.sudden_gain is pd.NA else int(rec.sudden_gain)
        n_na += got is None
        if got != row[f"sg_{lab}"]:
            mismatches.append((rec.case, lab, "sg"))
    assert mismatches == []
    assert n_na > 0  # NA ("not computable") is kept apart from False ("not a gain")


def test_bysg(ref, sgdata):
    # R: create_bysg(sgdata, sg_crit1_cutoff = 7, ..., tx_start_var_name = "bdi_s1",
    #    tx_end_var_name = "bdi_s12", sg_measure_name = "bdi", identify = "sg")
    s = _gains(sgdata).summary
    b = pd.DataFrame(ref["bysg"])
    assert s["case"].tolist() == b["id"].tolist()
    assert s["pregain_session"].tolist() == b["sg_session_n"].tolist()
    for mine, theirs in (("value_n_minus2", "sg_bdi_2n"), ("value_n_minus1", "sg_bdi_1n"),
                         ("value_n", "sg_bdi_n"), ("value_n_plus1", "sg_bdi_n1"),
                         ("value_n_plus2", "sg_bdi_n2"), ("value_n_plus3", "sg_bdi_n3"),
                         ("magnitude", "sg_magnitude"), ("tx_change", "sg_bdi_tx_change"),
                         ("reversal_value", "sg_reversal_value")):
        np.testing.assert_allclose(s[mine].to_numpy(float), b[theirs].to_numpy(float),
                                   atol=1e-12, err_msg=mine)
    np.testing.assert_allclose(s["change_proportion"].to_numpy(float),
                               b["sg_change_proportion"].to_numpy(float), rtol=1e-12)
    assert s["reversed"].astype(int).tolist() == b["sg_reversal"].tolist()
    assert s["n_gains"].tolist() == b["sg_freq_byperson"].tolist()


def test_bysg_reversal_suddengains_reading(ref, sgdata):
    s = _gains(sgdata, reversal="suddengains").summary
    assert s["reversed"].astype(int).tolist() == [r["sg_reversal"] for r in ref["bysg"]]


def test_byperson_first(ref, sgdata):
    # R: create_byperson(..., multiple_sg_select = "first")
    bp = _gains(sgdata).by_person("first")
    r = pd.DataFrame(ref["byperson_first"])
    assert bp["case"].tolist() == r["id"].tolist()
    assert bp["has_gain"].astype(int).tolist() == r["sg_crit123"].tolist()
    assert bp["n_gains"].tolist() == r["sg_freq_byperson"].tolist()
    np.testing.assert_array_equal(bp["pregain_session"].to_numpy(float),
                                  r["sg_session_n"].to_numpy(float))
    np.testing.assert_array_equal(bp["magnitude"].to_numpy(float),
                                  r["sg_magnitude"].to_numpy(float))
    rev = [None if pd.isna(v) else int(v) for v in bp["reversed"]]
    assert rev == [None if pd.isna(v) else int(v) for v in r["sg_reversal"]]


def test_describe_sgdata(sgdata):
    # suddengains tests/testthat/test-describe_sg.R: 24 gains, 4 reversals, M 11 (SD 3.43),
    # 70.83 % of gains in people with several, 15 of 43 people (34.88 %)
    d = _gains(sgdata).describe()
    assert d["n_gains"] == 24 and d["n_reversed"] == 4
    assert d["magnitude_mean"] == pytest.approx(11.0, abs=1e-12)
    assert d["magnitude_sd"] == pytest.approx(3.43, abs=5e-3)
    assert d["pct_gains_in_multiple"] == pytest.approx(70.83, abs=5e-3)
    assert d["n_cases_with_gain"] == 15
    assert d["pct_cases_with_gain"] == pytest.approx(34.88, abs=5e-3)


def test_crit1_cutoffs(ref, sgdata):
    m = ref["crit1_cutoff_manual"]
    r = casekit.crit1_cutoff_from_rci(m["sd"], m["reliability"])
    assert r.sem == pytest.approx(m["standard_error_measurement"], rel=1e-12)
    assert r.s_diff == pytest.approx(m["standard_error_difference"], rel=1e-12)
    assert r.value == pytest.approx(m["reliable_change_value"], rel=1e-12)
    f = ref["crit1_cutoff_from_data"]
    r = casekit.crit1_cutoff_from_rci(data_sd=sgdata["bdi_s0"], reliability=0.931)
    assert r.sd == pytest.approx(f["sd"], rel=1e-12)
    assert r.value == pytest.approx(f["reliable_change_value"], rel=1e-12)


def test_check_interval(ref):
    # R: check_interval(pre_values, post_values, sg_crit1_cutoff, sg_crit2_pct, sg_crit3 = TRUE,
    #    sg_crit3_alpha, identify)
    for case in ref["check_interval"]:
        r = check_interval(case["pre_values"], case["post_values"],
                           sg_crit1_cutoff=case["sg_crit1_cutoff"],
                           sg_crit2_pct=case["sg_crit2_pct"], sg_crit3=case["sg_crit3"],
                           sg_crit3_alpha=case["sg_crit3_alpha"], identify=case["identify"])
        assert (r.crit1, r.crit2, r.crit3, r.result) == (
            case["crit1"], case["crit2"], case["crit3"], case["result"]), case
        assert round(r.critical_value, 3) == pytest.approx(case["crit3_critical_value"],
                                                           abs=1e-9)
