"""Log response ratios on SingleCaseES's ``McKissick`` data (methods.md section 8, example 21).

Pustejovsky, J. E. (2018). Using response ratios for meta-analyzing single-case designs with
behavioral outcomes. Journal of School Psychology, 68, 99-112. doi:10.1016/j.jsp.2018.02.003.
Formula as in SingleCaseES ``tests/testthat/test-Pustejovsky-2018-LRR.R``; values from the
reference values (R: ``calc_ES(A, B, ES = "LRRd", improvement = "decrease", scale = "other")``).
Data read from ``../shared/reference/data/SingleCaseES_McKissick.csv`` (skips when absent).
Tolerances: published six decimals 5e-7; the hand formula 1e-12.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit import effects as E
from tests._reference import load_data

pytestmark = pytest.mark.paper

EXPECTED = {  # period: (LRRd bias-corrected, LRRd uncorrected, SE)
    "Period 1": (-0.807064, -0.822111, 0.197751),
    "Period 2": (-0.609611, -0.650404, 0.348584),
    "Period 3": (-0.747839, -0.806975, 0.353485),
}


@pytest.fixture(scope="module")
def mckissick(reference_dir):
    return load_data(reference_dir, "SingleCaseES_McKissick.csv")


def _call(f, s, **kw):
    return f(data=s, value_col="Outcome", phase_col="Condition", session_col="Session_number",
             improvement="decrease", **kw)


def test_lrrd_published_values(mckissick):
    for period, s in mckissick.groupby("Case_pseudonym"):
        bc, nobc, se = EXPECTED[period]
        r = _call(E.lrr_d, s)
        assert r.est == pytest.approx(bc, abs=5e-7)
        assert r.se == pytest.approx(se, abs=5e-7)
        assert _call(E.lrr_d, s, bias_correct=False).est == pytest.approx(nobc, abs=5e-7)
        # decreasing outcome: LRRi is the negative (count / other scales)
        assert _call(E.lrr_i, s).est == pytest.approx(-r.est, abs=1e-12)
        # truncation of the count scale is inactive on these data
        assert _call(E.lrr_d, s, scale="count").est == pytest.approx(r.est, abs=1e-12)


def test_lrrd_hand_formula(mckissick):
    for _, s in mckissick.groupby("Case_pseudonym"):
        a = s.loc[s.Condition == "A", "Outcome"].to_numpy(float)
        b = s.loc[s.Condition == "B", "Outcome"].to_numpy(float)
        ell = [math.log(x.mean()) + x.var(ddof=1) / (2 * x.size * x.mean() ** 2) for x in (a, b)]
        se = math.sqrt(sum(x.var(ddof=1) / (x.size * x.mean() ** 2) for x in (a, b)))
        r = E.lrr_d(a, b, improvement="decrease")
        assert r.est == pytest.approx(ell[1] - ell[0], abs=1e-12)
        assert r.se == pytest.approx(se, abs=1e-12)
        z = 1.959963984540054
        assert (r.ci_lower, r.ci_upper) == pytest.approx((r.est - z * r.se, r.est + z * r.se),
                                                         abs=1e-12)
        assert np.isfinite(r.est)
