"""Jacobson & Truax (1991) reliable change and cutoffs: worked examples typed in.

Jacobson, N. S., & Truax, P. (1991). Clinical significance: a statistical approach to defining
meaningful change in psychotherapy research. J Consult Clin Psychol, 59(1), 12-19.
doi:10.1037/0022-006X.59.1.12. Formulas in domain/instruments.md section 1 and methods.md 3.

- Cutoff example (methods.md section 8, example 19): clinicalsignificance
  ``tests/testthat/test-calc_cutoff.R``: M_clin 40, SD 7.5, M_func 60, SD 7.5.
- rci_pairs: 8 hand-written PHQ-9 pairs (not from a publication; reference/README.md), typed in
  with the hand formula: SD_pre = 5.042675 (n - 1), S_diff = 2.852568 at r = .84, threshold
  1.96 S_diff = 5.591033.
- PHQ-9 published RCI of 6 points (NHS Talking Therapies; registry entry).

Tolerances: closed-form arithmetic, 1e-12 relative unless stated.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import casekit
from casekit.clinical import Z_95, Z_975, clinical_cutoffs, reliable_change
from casekit.exceptions import CaseDataError, NotEnoughPointsError

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


def test_default_critical_values():
    assert Z_975 == pytest.approx(1.95996398454005, abs=1e-14)
    assert Z_95 == pytest.approx(1.64485362695147, abs=1e-14)
    jt = reliable_change(PAIRS_PRE, PAIRS_POST, reliability=0.84, improvement="decrease")
    ha = reliable_change(PAIRS_PRE, PAIRS_POST, reliability=0.84, improvement="decrease",
                         method="HA")
    assert jt.z == Z_975 and ha.z == Z_95


def test_single_case_with_stated_sd():
    res = reliable_change(30, 18, sd=7.5, reliability=0.9, improvement="decrease")
    s_diff = 7.5 * math.sqrt(2 * 0.1)
    assert res.s_diff == pytest.approx(s_diff, rel=1e-12)
    assert res.summary["rci"].iloc[0] == pytest.approx(-12 / s_diff, rel=1e-12)
    assert res.summary["category"].iloc[0] == "improved"
    assert res.sd_source == "given (sd=)"
    assert isinstance(res.s_diff, float) and isinstance(res.threshold, float)


def test_phq9_published_rci_and_rule():
    res = reliable_change([20, 20, 20, 10], [14, 15, 26, 4], instrument="PHQ-9")
    assert "published RCI" in res.sd_source and "6" in res.sd_source
    # registry rule '>=': a change of exactly 6 is reliable
    assert res.summary["category"].tolist() == ["improved", "unchanged", "deteriorated",
                                                "improved"]
    assert res.threshold == 6.0


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


def test_higher_is_better_direction():
    res = reliable_change([40, 40], [60, 20], sd=7.5, reliability=0.8, improvement="increase")
    assert res.summary["category"].tolist() == ["improved", "deteriorated"]


def test_regression_methods_refuse_single_case_without_norms():
    with pytest.raises(NotEnoughPointsError, match="norms"):
        reliable_change(30, 18, sd=7.5, reliability=0.8, improvement="decrease", method="GLN")
    res = reliable_change(30, 18, sd=7.5, reliability=0.8, improvement="decrease",
                          method="GLN", norms={"m_pre": 28.0})
    expected = ((18 - 28) - 0.8 * (30 - 28)) / (7.5 * math.sqrt(1 - 0.64))
    assert res.summary["rci"].iloc[0] == pytest.approx(expected, rel=1e-12)
    assert res.group_stats_source == "norms"


def test_single_case_without_sd_refused():
    with pytest.raises(ValueError, match="sd="):
        reliable_change(30, 18, reliability=0.8, improvement="decrease")


def test_missing_scores_error_then_drop():
    with pytest.raises(CaseDataError) as info:
        reliable_change([20, np.nan, 18], [10, 12, np.nan], reliability=0.8, sd=5,
                        improvement="decrease")
    assert len(info.value.problems) == 2
    res = reliable_change([20, np.nan, 18], [10, 12, np.nan], reliability=0.8, sd=5,
                          improvement="decrease", missing="drop")
    assert res.n == 1 and len(res.dropped) == 2
    assert any("left out" in n for n in res.notes)


def test_errors_name_arguments():
    with pytest.raises(ValueError, match="method must be one of"):
        reliable_change(1, 2, sd=1, reliability=0.8, improvement="decrease", method="XX")
    with pytest.raises(ValueError, match="improvement"):
        reliable_change(1, 2, sd=1, reliability=0.8)
    with pytest.raises(ValueError, match="reliability"):
        reliable_change(1, 2, sd=1, reliability=1.2, improvement="decrease")
    with pytest.raises(ValueError, match="cutoff must be one of"):
        reliable_change(1, 2, sd=1, reliability=0.8, improvement="decrease", cutoff="d")


def test_lazy_names():
    assert casekit.reliable_change is reliable_change
    assert casekit.clinical_cutoffs is clinical_cutoffs
