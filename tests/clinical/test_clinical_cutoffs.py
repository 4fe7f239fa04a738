"""Clinical cutoffs: a, b, c from norms or the sample, the instrument's cutoff, and the sides
of a cutoff (recovered / harmed need a crossing).

Formulas: Jacobson & Truax (1991), doi:10.1037/0022-006X.59.1.12; expected values written out
by hand with the registry's CORE-10 norms (Connell & Barkham 2007 as cited in the registry
entry). Tolerance 1e-12.
"""

from __future__ import annotations

import pytest

from casekit.clinical import reliable_change


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


def test_phq9_recovered_with_instrument_cutoff():
    # PHQ-9 caseness >= 10: 9 is functional, 10 clinical
    res = reliable_change([16, 16, 8], [9, 10, 15], instrument="PHQ-9", cutoff="instrument")
    assert res.summary["category"].tolist() == ["recovered", "improved", "harmed"]
    assert res.cutoff == 10.0


def test_numeric_cutoff_is_strict():
    # a post score exactly at the cutoff is not on the functional side
    res = reliable_change([30, 30], [15, 14], sd=5, reliability=0.8, improvement="decrease",
                          cutoff=15.0)
    assert res.summary["category"].tolist() == ["improved", "recovered"]
