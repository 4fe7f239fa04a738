"""Reliable change: registry norms, cutoff options, input layouts and refusals.

Formulas: Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12 (cutoffs a, b, c) and the
variants of domain/methods.md section 3.2; expected values are the formulas written out by hand
with the registry's CORE-10 norms (Connell & Barkham 2007 as cited in the registry entry).
Tolerance 1e-12.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.clinical import reliable_change
from casekit.exceptions import CaseDataError


def test_cutoff_c_from_registry_norms():
    res = reliable_change([25, 22, 12], [8, 20, 25], instrument="CORE-10", cutoff="c")
    # c = (SD_clin M_func + SD_func M_clin) / (SD_clin + SD_func), norms 19.7 (7.7), 4.7 (4.8)
    assert res.cutoff == pytest.approx((7.7 * 4.7 + 4.8 * 19.7) / (7.7 + 4.8), rel=1e-12)
    assert "norms" in res.cutoff_source
    # CORE-10 published RCI: 6 points at z = 1.645, rule '>='
    assert res.threshold == 6.0 and res.z == 1.645
    assert res.summary["category"].tolist() == ["recovered", "unchanged", "deteriorated"]
    assert "reliability" not in res.options  # not used by the published-RCI path


def test_cutoff_a_single_case_needs_norms():
    with pytest.raises(ValueError, match="norms"):
        reliable_change(30, 12, sd=6, reliability=0.8, improvement="decrease", cutoff="a")
    res = reliable_change(30, 12, sd=6, reliability=0.8, improvement="decrease", cutoff="a",
                          norms={"clinical_mean": 28, "clinical_sd": 6})
    assert res.cutoff == pytest.approx(16.0, rel=1e-12)
    assert res.summary["category"].item() == "recovered"


def test_cutoff_b_needs_functional_norms_and_can_mirror_clinicalsignificance():
    with pytest.raises(ValueError, match="functional"):
        reliable_change([30, 28, 26], [12, 20, 27], reliability=0.8, improvement="decrease",
                        cutoff="b")
    norms = {"clinical_mean": 28, "clinical_sd": 6, "functional_mean": 8, "functional_sd": 4}
    jt = reliable_change([30, 28, 26], [12, 20, 27], reliability=0.8, improvement="decrease",
                         cutoff="b", norms=norms)
    cs = reliable_change([30, 28, 26], [12, 20, 27], reliability=0.8, improvement="decrease",
                         cutoff="b", norms=norms, cutoff_b_sd="clinical")
    assert jt.cutoff == pytest.approx(16.0) and cs.cutoff == pytest.approx(20.0)


def test_harmed_needs_crossing_into_clinical_range():
    res = reliable_change([8, 18], [25, 30], sd=5, reliability=0.8, improvement="decrease",
                          cutoff=15.0)
    assert res.summary["category"].tolist() == ["harmed", "deteriorated"]
    assert res.counts.set_index("category")["n"].to_dict() == {
        "recovered": 0, "improved": 0, "unchanged": 0, "deteriorated": 1, "harmed": 1}


def test_wide_and_long_layouts_agree():
    wide = pd.DataFrame({"pid": ["a", "b", "c", "d"], "t0": [20, 15, 24, 12],
                         "t1": [8, 13, 10, 14]})
    long = wide.melt(id_vars="pid", var_name="when", value_name="score")
    a = reliable_change(data=wide, pre="t0", post="t1", id="pid", reliability=0.84,
                        improvement="decrease")
    b = reliable_change(data=long, id="pid", time="when", outcome="score", pre_time="t0",
                        reliability=0.84, improvement="decrease")
    c = reliable_change(wide["t0"], wide["t1"], ids=wide["pid"], reliability=0.84,
                        improvement="decrease")
    for other in (b, c):
        pd.testing.assert_frame_equal(a.summary, other.summary, check_dtype=False)
    assert a.s_diff == b.s_diff == c.s_diff


def test_layout_errors():
    long = pd.DataFrame({"id": [1, 1, 2, 2, 3, 3], "t": [1, 2, 1, 2, 1, 3],
                         "y": [5, 3, 6, 2, 7, 1]})
    with pytest.raises(ValueError, match="post_time= is required"):
        reliable_change(data=long, id="id", time="t", outcome="y", pre_time=1,
                        reliability=0.8, improvement="decrease")
    with pytest.raises(ValueError, match="pre_time 9 not found"):
        reliable_change(data=long, id="id", time="t", outcome="y", pre_time=9,
                        reliability=0.8, improvement="decrease")
    dup = pd.concat([long, long.iloc[[0]]])
    with pytest.raises(CaseDataError, match="more than one row"):
        reliable_change(data=dup, id="id", time="t", outcome="y", pre_time=1, post_time=2,
                        reliability=0.8, improvement="decrease", missing="drop")
    with pytest.raises(ValueError, match="must name a column"):
        reliable_change(data=long, pre="before", post="y", reliability=0.8,
                        improvement="decrease")
    with pytest.raises(ValueError, match="equal length"):
        reliable_change([1, 2], [1, 2, 3], sd=1, reliability=0.8, improvement="decrease")
    with pytest.raises(ValueError, match="infinite"):
        reliable_change([1, np.inf], [1, 2], sd=1, reliability=0.8, improvement="decrease")


def test_ha_rdd_not_positive_is_refused():
    # pre and post perfectly correlated with equal spread: r_dd = (r - r12)/(1 - r12) < 0
    pre = np.array([10.0, 12, 14, 16, 18])
    with pytest.raises(ValueError, match="r_dd"):
        reliable_change(pre, pre - 3, reliability=0.8, improvement="decrease", method="HA")


def test_result_attributes_are_python_scalars():
    res = reliable_change([20, 15, 24, 12], [8, 13, 10, 14], reliability=0.84,
                          improvement="decrease", method="HA")
    for name in ("s_diff", "se", "threshold", "sd_used", "reliability", "z", "m_pre",
                 "m_post", "r_dd"):
        assert type(getattr(res, name)) is float, name
    assert type(res.n) is int
    assert res.method_card["mirrors"].startswith("clinicalsignificance")
