"""NAP worked example of the What Works Clearinghouse Procedures and Standards Handbook 5.0,
Appendix I (reversal design; methods.md section 8, example 9; also scdtb
``tests/testthat/test-nap.R``).

Series 15, 10, 14, 17, 13, 12 | 2, 1, 1, 0, 0 | 9, 9, 11, 15, 20 | 1, 0, 4, 0, 1 (typed in with
the citation); improvement = decrease. Expected: first vs second baseline 18.5 / 30 = 0.617;
last 3 vs first 3 points of the first baseline 4 / 9 = 0.44. Exact fractions, tolerance 1e-12.
"""

from __future__ import annotations

import pandas as pd
import pytest

from casekit import effects as E

pytestmark = pytest.mark.paper

A1 = [15, 10, 14, 17, 13, 12]
B1 = [2, 1, 1, 0, 0]
A2 = [9, 9, 11, 15, 20]
B2 = [1, 0, 4, 0, 1]


def test_first_vs_second_baseline():
    assert E.nap(A1, A2, improvement="decrease").est == pytest.approx(18.5 / 30, abs=1e-12)


def test_within_first_baseline():
    assert E.nap(A1[:3], A1[3:], improvement="decrease").est == pytest.approx(4 / 9, abs=1e-12)


def test_tidy_reversal_design_phase_labels():
    values = A1 + B1 + A2 + B2
    phase = ["A1"] * 6 + ["B1"] * 5 + ["A2"] * 5 + ["B2"] * 5
    df = pd.DataFrame({"session": range(1, 22), "phase": phase, "value": values})
    r = E.nap(data=df, baseline_phase="A1", treatment_phase="A2", improvement="decrease")
    assert r.est == pytest.approx(18.5 / 30, abs=1e-12)
    # A1 vs B1: every treatment point is below every baseline point
    assert E.nap(data=df, baseline_phase="A1", treatment_phase="B1",
                 improvement="decrease").est == 1.0
