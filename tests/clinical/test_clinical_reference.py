"""Reliable change against clinicalsignificance 2.1.0.9000 reference values (``rci.json``).

Calls (R 4.2.2; recorded in ``meta.calls`` of the file):

- ``cs_distribution(jacobson_1989, subject, time, gds, pre = "pre", reliability = 0.80,
  better_is = "lower", rci_method = M)`` for M in JT, GLN, HLL, EN, NK, HA (Jacobson et al.
  1989 marital-therapy data as shipped by clinicalsignificance);
- ``cs_distribution(jacobson_1989, subject, time, das, pre = "pre", reliability = 0.80,
  better_is = "higher")``;
- ``cs_distribution(claus_2020, id, time, hamd, pre = 1, post = 4, reliability = 0.80,
  better_is = "lower")`` (Claus, Scherbaum & Bonnet 2020, Psychother Psychosom 89(4):258-260);
- ``cs_combined(claus_2020, ..., m_functional = 8, sd_functional = 8, cutoff_type = "c")``
  (counts from clinicalsignificance ``tests/testthat/_snaps/cs_combined.md``, methods.md
  section 8 example 18; typed in);
- ``cs_distribution(<rci_pairs long>, id, time, score, pre = "pre", reliability = 0.84,
  better_is = "lower")``.

Tolerances: RCIs and constants 1e-12 absolute (the JSON holds 15 significant digits), counts
exact. The ``scan_rci`` entry is checked to show why scan's "Jacobson et al." row is not the JT
index (no sqrt 2), 1e-12.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.clinical import reliable_change
from tests._reference import load_data, load_values

pytestmark = pytest.mark.reference

TOL = 1e-12


@pytest.fixture(scope="module")
def ref(reference_dir):
    return load_values(reference_dir, "rci.json")


@pytest.fixture(scope="module")
def jacobson(reference_dir):
    return load_data(reference_dir, "clinicalsignificance_jacobson_1989.csv")


@pytest.fixture(scope="module")
def claus(reference_dir):
    return load_data(reference_dir, "clinicalsignificance_claus_2020.csv")


def _check_per_id(res, entry):
    exp = pd.DataFrame(entry["per_id"])
    s = res.summary
    assert s["id"].tolist() == exp["id"].tolist()
    np.testing.assert_allclose(s["pre"], exp["pre"], atol=TOL)
    np.testing.assert_allclose(s["post"], exp["post"], atol=TOL)
    np.testing.assert_allclose(s["change"], exp["change"], atol=TOL)
    np.testing.assert_allclose(s["rci"], exp["rci"], atol=TOL)
    assert s["improved"].tolist() == exp["improved"].tolist()
    assert s["deteriorated"].tolist() == exp["deteriorated"].tolist()
    assert s["unchanged"].tolist() == exp["unchanged"].tolist()
    assert [c.capitalize() for c in s["category"]] == exp["category"].tolist()
    assert res.z == pytest.approx(entry["critical_value"], abs=1e-13)
    assert res.n == entry["n"]


@pytest.mark.parametrize("method", ["JT", "GLN", "HLL", "EN", "NK", "HA"])
def test_jacobson_1989_gds_all_methods(ref, jacobson, method):
    entry = next(e for e in ref["jacobson_1989_gds"] if e["rci_method"] == method)
    res = reliable_change(data=jacobson, case_col="subject", time_col="time", value_col="gds",
                          pre_time="pre", post_time="post", reliability=0.8,
                          improvement="decrease", method=method, missing="drop")
    _check_per_id(res, entry)
    const = entry["method_constants"]
    if "s_diff" in const:
        assert res.s_diff == pytest.approx(const["s_diff"], abs=TOL)
    if "se_prediction" in const:
        assert res.se == pytest.approx(const["se_prediction"], abs=TOL)
    if "se_measurement" in const:
        assert res.sem == pytest.approx(const["se_measurement"], abs=TOL)
    if "m_post" in const:
        assert res.m_post == pytest.approx(const["m_post"], abs=TOL)
    if "r_dd" in const:
        assert res.r_dd == pytest.approx(const["r_dd"], abs=TOL)
    # 4 of the 30 subjects lack a GDS score and are reported, not silently dropped
    assert len(res.dropped) == 4


def test_jacobson_1989_gds_counts(ref, jacobson):
    # reference/README.md: improved / unchanged / deteriorated per method
    expected = {"JT": [14, 12, 0], "GLN": [16, 10, 0], "HLL": [7, 11, 8], "EN": [17, 9, 0],
                "NK": [16, 10, 0], "HA": [17, 9, 0]}
    for method, counts in expected.items():
        res = reliable_change(data=jacobson, case_col="subject", time_col="time", value_col="gds",
                              pre_time="pre", reliability=0.8, improvement="decrease",
                              method=method, missing="drop")
        assert res.counts["n"].tolist() == counts, method


def test_jacobson_1989_manual_jt(ref, jacobson):
    m = ref["jacobson_1989_gds_manual_JT"]
    res = reliable_change(data=jacobson, case_col="subject", time_col="time", value_col="gds",
                          pre_time="pre", reliability=0.8, improvement="decrease",
                          missing="drop", z=1.96)
    assert res.sd_used == pytest.approx(m["sd_pre"], abs=TOL)
    assert res.sem == pytest.approx(m["se_measurement"], abs=TOL)
    assert res.s_diff == pytest.approx(m["s_diff"], abs=TOL)
    assert res.threshold == pytest.approx(m["reliable_change_threshold"], abs=1e-11)
    np.testing.assert_allclose(res.summary["rci"], m["rci"], atol=TOL)


def test_hll_sign_is_relative_to_group(ref, jacobson):
    res = reliable_change(data=jacobson, case_col="subject", time_col="time", value_col="gds",
                          pre_time="pre", reliability=0.8, improvement="decrease",
                          method="HLL", missing="drop")
    s = res.summary.set_index("id")
    # id 1 improved by 5.5 raw points yet has a positive HLL index (methods.md 3.4)
    assert s.loc[1, "change"] == -5.5 and s.loc[1, "rci"] > 1.1
    assert any("relative to the group" in n for n in res.notes)


def test_jacobson_1989_das_higher_is_better(ref, jacobson):
    entry = ref["jacobson_1989_das_JT"]
    res = reliable_change(data=jacobson, case_col="subject", time_col="time", value_col="das",
                          pre_time="pre", reliability=0.8, improvement="increase")
    _check_per_id(res, entry)
    assert res.s_diff == pytest.approx(entry["method_constants"]["s_diff"], abs=TOL)


def test_claus_2020_hamd(ref, claus):
    entry = ref["claus_2020_hamd_JT"]
    res = reliable_change(data=claus, case_col="id", time_col="time", value_col="hamd",
                          pre_time=1, post_time=4, reliability=0.8, improvement="decrease",
                          missing="drop")
    _check_per_id(res, entry)
    # methods.md section 8 example 17: SD_pre 3.340121, S_diff 2.112478, 29 / 10 / 1
    assert res.sd_used == pytest.approx(3.340121, abs=1e-6)
    assert res.s_diff == pytest.approx(2.112478, abs=1e-6)
    assert res.counts["n"].tolist() == [29, 10, 1]
    assert len(res.dropped) == 3


@pytest.mark.parametrize("method, counts", [
    ("GLN", [29, 10, 1]), ("HLL", [12, 16, 12]), ("EN", [32, 5, 3]), ("NK", [28, 11, 1]),
    ("HA", [32, 7, 1])])
def test_claus_2020_variants(claus, method, counts):
    # clinicalsignificance tests/testthat/_snaps/cs_distribution.md (methods.md example 17);
    # NK with reliability_post = .50
    kw = {"reliability_post": 0.5} if method == "NK" else {}
    res = reliable_change(data=claus, case_col="id", time_col="time", value_col="hamd",
                          pre_time=1, post_time=4, reliability=0.8, improvement="decrease",
                          method=method,
                          missing="drop", **kw)
    assert res.counts["n"].tolist() == counts


def test_claus_2020_combined_cutoff_c(claus):
    # cs_combined(claus_2020, id, time, hamd, pre = 1, post = 4, reliability = 0.8,
    #   m_functional = 8, sd_functional = 8, cutoff_type = "c"): cutoff 19.887;
    #   recovered / improved / unchanged / deteriorated / harmed = 26 / 3 / 10 / 1 / 0
    res = reliable_change(data=claus, case_col="id", time_col="time", value_col="hamd",
                          pre_time=1, post_time=4, reliability=0.8, improvement="decrease",
                          missing="drop", cutoff="c",
                          norms={"functional_mean": 8, "functional_sd": 8})
    assert res.cutoff == pytest.approx(19.887, abs=5e-4)
    assert res.counts["category"].tolist() == ["recovered", "improved", "unchanged",
                                               "deteriorated", "harmed"]
    assert res.counts["n"].tolist() == [26, 3, 10, 1, 0]
    assert "sample pre scores" in res.cutoff_source


def test_rci_pairs(ref, reference_dir):
    pairs = load_data(reference_dir, "rci_pairs.csv")
    res = reliable_change(data=pairs, pre="pre", post="post", case_col="id", reliability=0.84,
                          improvement="decrease")
    _check_per_id(res, ref["rci_pairs_JT"])
    manual = ref["rci_pairs_manual_JT"]
    assert res.sd_used == pytest.approx(manual["sd_pre"], abs=TOL)
    assert res.s_diff == pytest.approx(manual["s_diff"], abs=TOL)
    # the hand threshold uses z = 1.96
    assert 1.96 * res.s_diff == pytest.approx(manual["reliable_change_threshold"], abs=TOL)


def test_scan_rci_has_no_sqrt2(ref):
    # scan::rci "Jacobson et al." = (mB - mA) / SE_A; "Christensen and Mendoza" = JT S_diff.
    # casekit's JT index equals the latter (methods.md 3.4).
    for case in ref["scan_rci"]:
        a, b = case["descriptives"]
        se_a = a["SD"] * np.sqrt(1 - case["rel"])
        diff = b["mean"] - a["mean"]
        assert diff / se_a == pytest.approx(case["rci_jacobson"], abs=1e-10)
        res = reliable_change(a["mean"], b["mean"], sd=a["SD"], reliability=case["rel"],
                              improvement="increase")
        assert res.summary["rci"].iloc[0] == pytest.approx(case["rci_christensen_mendoza"],
                                                           abs=1e-10)
