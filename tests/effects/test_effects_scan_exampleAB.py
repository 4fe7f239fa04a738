"""scan ``exampleAB`` case Johanna (methods.md section 8, examples 7-8, and section 2).

Johanna: A = 54, 53, 56, 58, 52; B = 61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87
(scan ``data-raw/scan-Data.R``; typed in with the citation). Expected numbers from scan
``tests/testthat/test-overlap.R`` (R: ``overlap(exampleAB$Johanna)``: mean difference 19.5333,
"SMD" = Glass' delta 8.1108, Hedges' g (corrected, pooled) 2.3478) and methods.md section 2.1 /
2.4 / 2.7 (SingleCaseES 0.7.4: NAP SEs 0.010874 / 0.009397 / 0.152753; corrected baseline
g 6.4886; Tau-BC Kendall upper limit 1.110). Published digits: tolerance half a unit of the
last digit shown. (The trend difference 1.525 of example 8 is the piecewise-regression slope
change, tested with ``casekit.its``.)
"""

from __future__ import annotations

import pytest

from casekit import effects as E

pytestmark = pytest.mark.paper

A = [54, 53, 56, 58, 52]
B = [61, 62, 71, 66, 64, 78, 70, 74, 82, 77, 86, 68, 80, 86, 87]


def test_mean_difference_and_smd_variants():
    r = E.smd(A, B, improvement="increase", variant="Glass' delta")
    assert sum(B) / len(B) - sum(A) / len(A) == pytest.approx(19.5333, abs=5e-5)
    assert r.est == pytest.approx(8.1108, abs=5e-5)
    assert E.smd(A, B, improvement="increase", variant="Hedges' g correction").est == \
        pytest.approx(2.3478, abs=5e-5)
    assert E.smd(A, B, improvement="increase", std_dev="pool").est == pytest.approx(2.3478,
                                                                                  abs=5e-5)
    assert E.smd(A, B, improvement="increase").est == pytest.approx(6.4886, abs=5e-5)


def test_nap_standard_errors():
    assert E.nap(A, B, improvement="increase").se == pytest.approx(0.010874, abs=5e-7)
    assert E.nap(A, B, improvement="increase", se="Hanley").se == pytest.approx(0.009397,
                                                                               abs=5e-7)
    assert E.nap(A, B, improvement="increase", se="null").se == pytest.approx(0.152753,
                                                                             abs=5e-7)
    r = E.nap(A, B, improvement="increase", ci_method="singlecasees")
    assert (r.est, r.ci_lower, r.ci_upper) == (1.0, 1.0, 1.0)  # SingleCaseES degenerate CI
    assert any("bound" in n for n in r.notes)
    # the proper Newcombe method-5 lower limit at the ceiling (m = 5, n = 15)
    r = E.nap(A, B, improvement="increase")
    assert r.est == 1.0 and 0.7 < r.ci_lower < 1.0 and r.ci_upper == 1.0
    assert any("bound" in n for n in r.notes)


def test_tau_bc_kendall_ci_not_truncated():
    r = E.tau_bc(A, B, improvement="increase", kendall=True)
    assert r.ci_upper == pytest.approx(1.110, abs=5e-4)
    assert r.ci_upper > 1


def test_tau_u_variants_differ():
    sces = E.tau_u(A, B, improvement="increase")
    complete = E.tau_u(A, B, improvement="increase", method="complete")
    assert sces.est == pytest.approx(1.0)
    assert complete.est == pytest.approx(0.591726335413939, abs=1e-12)  # scan row 4, tau-b
    assert list(complete.table["row"])[3] == "A vs. B - Trend A"
