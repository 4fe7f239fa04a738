"""Jacobson & Truax (1991) reliable change and cutoffs: worked examples typed in.

Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to defining
meaningful change in psychotherapy research. J Consult Clin Psychol, 59(1), 12-19.
doi:10.1037/0022-006X.59.1.12. Formulas in domain/instruments.md section 1 and methods.md 3.

- Cutoff example (methods.md section 8, example 19): clinicalsignificance
  ``tests/testthat/test-calc_cutoff.R``: M_clin 40, SD 7.5, M_func 60, SD 7.5.
- rci_pairs: 8 hand-written PHQ-9 pairs (not from a publication; reference/README.md), typed in
  with the hand formula: SD_pre = 5.042675 (n - 1), S_diff = 2.852568 at r = .84, threshold
  1.96 S_diff = 5.591033.

Tolerances: closed-form arithmetic, 1e-12 relative unless stated.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit.clinical import clinical_cutoffs, reliable_change

pytestmark = pytest.mark.paper

PAIRS_PRE = [20, 15, 24, 12, 18, 22, 9, 16]
PAIRS_POST = [8, 13, 10, 14, 9, 21, 4, 16]


def test_cutoffs_example19():
    # R: calc_cutoff_from_data / test-calc_cutoff.R: c = 50; a = 55 (higher better), 25 (lower);
    # b = 45 (higher better), 75 (lower)
    hi = clinical_cutoffs(40, 7.5, 60, 7.5, higher_is_better=True)
    lo = clinical_cutoffs(40, 7.5, 60, 7.5, higher_is_better=False)
    assert (hi.a, hi.b, hi.c) == (55.0, 45.0, 50.0)
    assert (lo.a, lo.b, lo.c) == (25.0, 75.0, 50.0)
    assert all(isinstance(v, float) for v in (hi.a, hi.b, hi.c))


def test_cutoff_b_uses_functional_sd_unless_mirroring_clinicalsignificance():
    # different SDs tell the two codings apart (the package's own test cannot)
    jt = clinical_cutoffs(25, 6, 8, 4, higher_is_better=False)
    cs = clinical_cutoffs(25, 6, 8, 4, higher_is_better=False, cutoff_b_sd="clinical")
    assert jt.b == pytest.approx(8 + 2 * 4, rel=1e-12)
    assert cs.b == pytest.approx(8 + 2 * 6, rel=1e-12)
    assert jt.c == pytest.approx((6 * 8 + 4 * 25) / 10, rel=1e-12)
    assert jt.a == pytest.approx(25 - 12, rel=1e-12)


def test_rci_pairs_hand_formula():
    res = reliable_change(PAIRS_PRE, PAIRS_POST, reliability=0.84, improvement="decrease",
                          z=1.96)
    sd_pre = float(np.std(PAIRS_PRE, ddof=1))
    assert sd_pre == pytest.approx(5.042675, abs=1e-6)
    assert res.sd_used == pytest.approx(sd_pre, rel=1e-12)
    assert res.s_diff == pytest.approx(sd_pre * math.sqrt(2 * (1 - 0.84)), rel=1e-12)
    assert res.s_diff == pytest.approx(2.852568, abs=1e-6)
    assert res.threshold == pytest.approx(5.591033, abs=1e-6)
    assert "sample SD" in res.sd_source
    np.testing.assert_allclose(res.summary["rci"],
                               (np.array(PAIRS_POST) - PAIRS_PRE) / res.s_diff, rtol=1e-12)
    assert res.summary["category"].tolist() == ["improved", "unchanged", "improved",
                                                "unchanged", "improved", "unchanged",
                                                "unchanged", "unchanged"]
    assert res.counts.set_index("category")["n"].to_dict() == {
        "improved": 3, "unchanged": 5, "deteriorated": 0}


def test_single_case_with_stated_sd():
    res = reliable_change(30, 18, sd=7.5, reliability=0.9, improvement="decrease")
    s_diff = 7.5 * math.sqrt(2 * 0.1)
    assert res.s_diff == pytest.approx(s_diff, rel=1e-12)
    assert res.summary["rci"].iloc[0] == pytest.approx(-12 / s_diff, rel=1e-12)
    assert res.summary["category"].iloc[0] == "improved"
    assert res.sd_source == "given (sd=)"
    assert isinstance(res.s_diff, float) and isinstance(res.threshold, float)
