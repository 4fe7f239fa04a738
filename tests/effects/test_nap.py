"""NAP: the estimate, its Newcombe (2006) method-5 interval (also at the ceiling and floor),
scan's full output and the result object.

The interval is checked against an independent computation: the score function of Newcombe's
method 5 written out here, evaluated on a dense grid (the interval is the set where it is
<= 0) and solved by ``scipy.optimize.brentq`` on the proper bracket; plus hand values
(one pair: the limit at NAP = 1 is 1 / (1 + z^2)) and the issue's example (0.797).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy.optimize import brentq
from scipy.special import ndtri
from scipy.stats import mannwhitneyu

from casekit import effects as E

INC = {"improvement": "increase"}
# issue 17: 7 baseline and 16 treatment PHQ-9-like values, every treatment value lower
ISSUE_A = [18, 20, 21, 19, 19, 21, 21]
ISSUE_B = [13, 13, 17, 17, 16, 8, 6, 7, 5, 7, 5, 6, 5, 7, 6, 7]


def score(x, nap, m, n, z):
    """Newcombe (2006) method 5: f(x) <= 0 inside the interval."""
    h = (m + n) / 2 - 1
    return (m * n * (nap - x) ** 2 * (2 - x) * (1 + x)
            - z**2 * x * (1 - x) * (2 + h + (1 + 2 * h) * x * (1 - x)))


def test_interval_at_the_ceiling_issue_example():
    r = E.nap(ISSUE_A, ISSUE_B, improvement="decrease")
    assert r.est == 1.0
    assert r.ci_lower == pytest.approx(0.79693628, abs=1e-8)  # the issue: 0.797
    assert r.ci_upper == 1.0
    assert any("ceiling" in n and "singlecasees" in n for n in r.notes)
    # SingleCaseES 0.7.4 stops at the trivial root x = 1: kept as a named option
    s = E.nap(ISSUE_A, ISSUE_B, improvement="decrease", ci_method="singlecasees")
    assert (s.ci_lower, s.ci_upper) == (1.0, 1.0)
    assert any("degenerate" in n for n in s.notes)
    assert s.options["ci_method"] == "singlecasees" and "degenerate" in s.variant


@pytest.mark.parametrize("m,n,k,conf", [
    (7, 16, 224, 0.95), (7, 16, 223, 0.95), (7, 16, 0, 0.95), (7, 16, 1, 0.95),
    (5, 15, 150, 0.95), (3, 4, 24, 0.9), (1, 1, 2, 0.95), (1, 1, 0, 0.99), (12, 20, 240, 0.95),
    (12, 20, 300, 0.8), (2, 30, 119, 0.95), (40, 40, 3199, 0.999), (6, 7, 77, 0.95),
])
def test_interval_is_where_the_score_function_is_not_positive(m, n, k, conf):
    nap = k / (2 * m * n)
    z = float(ndtri(1 - (1 - conf) / 2))
    lo, hi = E.overlap.newcombe_limits(np.array([nap]), np.array([m]), np.array([n]), z)
    lo, hi = float(lo[0]), float(hi[0])
    assert 0 <= lo <= nap <= hi <= 1
    grid = np.linspace(0, 1, 200_001)
    inside = score(grid, nap, m, n, z) <= 1e-9
    in_interval = (grid >= lo) & (grid <= hi)
    # the grid points in [lo, hi] are the connected set around NAP where f <= 0
    assert np.all(inside[in_interval])
    if lo > 0:
        assert score(lo - 1e-6, nap, m, n, z) > 0
    if hi < 1:
        assert score(hi + 1e-6, nap, m, n, z) > 0


@pytest.mark.parametrize("conf", [0.8, 0.9, 0.95, 0.99])
def test_hand_values_for_one_pair(conf):
    # m = n = 1: f(x) = (2 - x)(1 + x)[(NAP - x)^2 - z^2 x (1 - x)]; at NAP = 1 the proper root
    # is 1 / (1 + z^2), at NAP = 0 it is z^2 / (1 + z^2)
    z2 = float(ndtri(1 - (1 - conf) / 2)) ** 2
    top = E.nap([1], [2], se="null", confidence=conf, **INC)
    assert (top.ci_lower, top.ci_upper) == (pytest.approx(1 / (1 + z2), abs=1e-14), 1.0)
    bottom = E.nap([2], [1], se="null", confidence=conf, **INC)
    assert (bottom.ci_lower, bottom.ci_upper) == (0.0, pytest.approx(z2 / (1 + z2), abs=1e-14))


def test_limits_are_symmetric_and_match_a_root_finder_near_the_bounds():
    z = float(ndtri(0.975))
    rng = np.random.default_rng(17)
    for _ in range(30):
        m, n = int(rng.integers(2, 30)), int(rng.integers(2, 30))
        for k in (0, 1, 2, 2 * m * n - 2, 2 * m * n - 1, 2 * m * n):
            nap = k / (2 * m * n)
            lo, hi = E.overlap.newcombe_limits(nap, m, n, z)
            mlo, mhi = E.overlap.newcombe_limits(1 - nap, m, n, z)
            assert lo[0] == pytest.approx(1 - mhi[0], abs=1e-13)
            assert hi[0] == pytest.approx(1 - mlo[0], abs=1e-13)
            if 0 < nap < 1:
                ref_lo = brentq(score, 0, nap, args=(nap, m, n, z), xtol=1e-15, maxiter=500)
                ref_hi = brentq(score, nap, 1, args=(nap, m, n, z), xtol=1e-15, maxiter=500)
                assert (lo[0], hi[0]) == (pytest.approx(ref_lo, abs=1e-12),
                                          pytest.approx(ref_hi, abs=1e-12))


def test_reversed_direction_mirrors_the_interval():
    a, b = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]
    up, down = E.nap(a, b, **INC), E.nap(a, b, improvement="decrease")
    assert down.est == pytest.approx(1 - up.est, abs=1e-15)
    assert (down.ci_lower, down.ci_upper) == (pytest.approx(1 - up.ci_upper, abs=1e-13),
                                              pytest.approx(1 - up.ci_lower, abs=1e-13))


def test_scan_fields_by_hand_and_against_scipy():
    a, b = [20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29]
    r = E.nap(a, b, **INC)
    # 42 pairs: B better in 38, one tie (25 vs 25), B worse in 3 (Parker et al. 2011)
    assert (r.pairs, r.positives, r.ties, r.non_overlaps) == (42, 38, 1, 38.5)
    assert r.nap_rescaled == pytest.approx(35 / 42, abs=1e-15)
    ref = mannwhitneyu(a, b, alternative="less", use_continuity=True, method="asymptotic")
    assert r.w == ref.statistic == 3.5  # #(a > b) + ties / 2, as R's wilcox.test(A, B)
    assert r.p == pytest.approx(ref.pvalue, rel=1e-12)
    d = 3.464 * (1 - math.sqrt((1 - 38.5 / 42) / 0.5))
    assert (r.d, r.r_squared) == (pytest.approx(d, abs=1e-15),
                                  pytest.approx(d**2 / (d**2 + 4), abs=1e-15))
    down = E.nap(b, a, improvement="decrease")  # the same comparison, lower = better
    assert (down.positives, down.p) == (38, pytest.approx(r.p, rel=1e-12))
    assert down.w == mannwhitneyu(b, a).statistic
    scan = r.scan
    assert list(scan.columns) == ["NAP", "NAP Rescaled", "Pairs", "Non-overlaps", "Positives",
                                  "Ties", "w", "p", "d", "R\u00b2"]
    assert scan["NAP"].iloc[0] == pytest.approx(100 * 38.5 / 42, abs=1e-12)


def test_all_tied_wilcoxon_p_is_one():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = E.nap([3, 3], [3, 3, 3], **INC)
    assert r.est == 0.5 and r.p == 1.0  # R: z = (0 - 1/2) / 0 = -Inf, p = 1


def test_result_types_and_displays():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = E.nap([1, 2, 3], [2, 4, 5, 6], **INC)
    for v in (r.est, r.se, r.ci_lower, r.ci_upper):
        assert type(v) is float
    s = r.summary
    assert len(s) == 1
    assert list(s.columns[:5]) == ["es", "est", "se", "ci_lower", "ci_upper"]
    assert s["improvement"].iloc[0] == "increase"
    assert "NAP" in r.to_text() and "<table" in r._repr_html_()
    assert "tabular" in r.to_latex()
    assert float(r) == r.est
    t = E.tau_u([1, 2, 3], [2, 4, 5, 6], **INC, method="tarlow")
    assert type(t.p) is float and len(t.table) == 6


def test_method_card_names_variant_and_mirrored_calls():
    card = E.nap([1, 2, 3], [2, 4, 5, 6], **INC).method_card
    assert "Newcombe (2006) method-5" in card["variant"]
    assert "SingleCaseES 0.7.4 NAP(SE = 'unbiased'" in card["mirrors"]
    assert "scan 0.67.1 nap(decreasing = FALSE)" in card["mirrors"]
    assert "doi:10.1002/sim.2324" in card["reference"]
