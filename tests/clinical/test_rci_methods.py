"""The table of RCI methods (JT, GLN, HLL, EN, NK, HA) and what each method needs.

Formulas of domain/methods.md section 3.2 (Jacobson & Truax 1991, doi:10.1037/0022-006X.59.1.12;
Hsu 1999, doi:10.1037/1040-3590.11.3.341; Speer 1992, doi:10.1037/0022-006X.60.3.402; Hageman &
Arrindell 1999, doi:10.1016/S0005-7967(99)00032-7), written out by hand. Tolerance 1e-12.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit.clinical import METHODS, RCI_METHODS, Z_95, Z_975, RciStats, reliable_change
from casekit.exceptions import NotEnoughPointsError

PAIRS_PRE = [20, 15, 24, 12, 18, 22, 9, 16]
PAIRS_POST = [8, 13, 10, 14, 9, 21, 4, 16]


def test_the_table_lists_every_method_with_its_facts():
    assert METHODS == ("JT", "GLN", "HLL", "EN", "NK", "HA") == tuple(RCI_METHODS)
    for key, m in RCI_METHODS.items():
        assert m.key == key and m.label and m.formula and m.reference
        assert f'rci_method = "{key}"' in m.mirrors
    assert [k for k, m in RCI_METHODS.items() if m.constant_band] == ["JT"]
    assert RCI_METHODS["HA"].z == Z_95 and RCI_METHODS["JT"].z == Z_975
    assert RCI_METHODS["JT"].group_stats == ()
    with pytest.raises(TypeError):
        RCI_METHODS["XX"] = RCI_METHODS["JT"]  # read-only


def test_each_method_function_is_its_formula():
    pre, post = np.array(PAIRS_PRE, float), np.array(PAIRS_POST, float)
    s = RciStats(pre=pre, post=post, sd=5.0, reliability=0.8, reliability_post=0.7,
                 m_pre=17.0, m_post=12.0, sd_post=5.5, r12=0.4)
    sem = 5.0 * math.sqrt(0.2)
    expected = {
        "JT": (post - pre) / (math.sqrt(2) * sem),
        "GLN": ((post - 17) - 0.8 * (pre - 17)) / (5 * math.sqrt(1 - 0.64)),
        "HLL": ((post - 12) - 0.8 * (pre - 17)) / (5 * math.sqrt(1 - 0.64)),
        "EN": (post - (0.8 * (pre - 17) + 17)) / sem,
        "NK": (post - (0.8 * (pre - 17) + 17)) / math.sqrt(0.64 * 25 * 0.2 + 25 * 0.3),
    }
    for key, want in expected.items():
        rci, se, r_dd = RCI_METHODS[key].compute(s)
        np.testing.assert_allclose(rci, want, rtol=1e-12)
        assert math.isnan(r_dd)
    rxx1, rxx2 = (25 - sem ** 2) / 25, (5.5 ** 2 - sem ** 2) / 5.5 ** 2
    r_dd = (25 * rxx1 + 5.5 ** 2 * rxx2 - 2 * 5 * 5.5 * 0.4) / (25 + 5.5 ** 2 - 2 * 5 * 5.5 * 0.4)
    rci, se, got = RCI_METHODS["HA"].compute(s)
    assert got == pytest.approx(r_dd, rel=1e-12)
    np.testing.assert_allclose(rci, ((post - pre) * r_dd + (12 - 17) * (1 - r_dd))
                               / (math.sqrt(r_dd) * math.sqrt(2) * sem), rtol=1e-12)


def test_default_critical_values():
    assert Z_975 == pytest.approx(1.95996398454005, abs=1e-14)
    assert Z_95 == pytest.approx(1.64485362695147, abs=1e-14)
    jt = reliable_change(PAIRS_PRE, PAIRS_POST, reliability=0.84, improvement="decrease")
    ha = reliable_change(PAIRS_PRE, PAIRS_POST, reliability=0.84, improvement="decrease",
                         method="HA")
    assert jt.z == Z_975 and ha.z == Z_95


def test_regression_methods_refuse_single_case_without_norms():
    with pytest.raises(NotEnoughPointsError, match="norms"):
        reliable_change(30, 18, sd=7.5, reliability=0.8, improvement="decrease", method="GLN")
    res = reliable_change(30, 18, sd=7.5, reliability=0.8, improvement="decrease",
                          method="GLN", norms={"m_pre": 28.0})
    expected = ((18 - 28) - 0.8 * (30 - 28)) / (7.5 * math.sqrt(1 - 0.64))
    assert res.summary["rci"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert res.group_stats_source == "norms"


def test_ha_rdd_not_positive_is_refused():
    # pre and post perfectly correlated with equal spread: r_dd = (r - r12)/(1 - r12) < 0
    pre = np.array([10.0, 12, 14, 16, 18])
    with pytest.raises(ValueError, match="r_dd"):
        reliable_change(pre, pre - 3, reliability=0.8, improvement="decrease", method="HA")


def test_reliability_post_only_with_nk():
    # an argument the chosen method does not use was dropped without a word
    with pytest.raises(ValueError, match="reliability_post"):
        reliable_change([20, 18, 25], [8, 15, 9], sd=5, reliability=0.8,
                        improvement="decrease", method="JT", reliability_post=0.5)


def test_ha_with_cutoff_says_it_does_not_mirror_cs_combined():
    # clinicalsignificance 2.1.0 cs_combined(rci_method = "HA") uses Hageman & Arrindell's
    # reliability-corrected "true" cutoffs and the cs_indiv criterion (R/calc_cutoff.R:
    # .calc_cutoff_ha_data), not the JT cutoffs casekit applies; the result must say so.
    pre = [30.0, 28.0, 26.0, 33.0, 25.0, 31.0]
    post = [12.0, 20.0, 27.0, 15.0, 24.0, 10.0]
    res = reliable_change(pre, post, reliability=0.8, improvement="decrease", method="HA",
                          cutoff="c", norms={"functional_mean": 8, "functional_sd": 8})
    assert any("cs_indiv" in n for n in res.notes)
    jt = reliable_change(pre, post, reliability=0.8, improvement="decrease", cutoff="c",
                         norms={"functional_mean": 8, "functional_sd": 8})
    assert not any("cs_indiv" in n for n in jt.notes)
