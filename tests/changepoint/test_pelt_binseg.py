"""cpt_mean: every session is a candidate (the ruptures ``jump = 5`` pitfall), the scale trap,
batch PELT, options and errors.

Worked examples (domain/methods.md section 8):
- #22: AB series 10, 11, 10, 12, 11, 10, 11 | 18, 19, 18, 20, 19, 18, 19, 20, 19, 18, 19, 20,
  19. ruptures 1.1.10 ``Pelt(model="l2").predict(pen=10)`` gives [5, 10, 20] with its default
  jump = 5 and [7, 20] with jump = 1 (l2 cost = RSS in data units, min_size = 2).
- #20: signal 0, 0.3, 0.2, 0.1, 10, 11, 12, 13 (ruptures pull request #249). The true split
  after 4 and splits inside the second half (5, 6, 7) are not multiples of 5.
- #16: Nile, one break: 28 (tests/changepoint/test_nile.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import NotEnoughPointsError
from casekit.changepoint import cpt_mean
from casekit.changepoint.segmentation import pelt_batch, penalty_value

EX22 = [10, 11, 10, 12, 11, 10, 11, 18, 19, 18, 20, 19, 18, 19, 20, 19, 18, 19, 20, 19]
EX20 = [0, 0.3, 0.2, 0.1, 10, 11, 12, 13]


def test_example22_every_session_is_a_candidate():
    # ruptures Pelt(model="l2", min_size=2, jump=1).predict(pen=10) -> [7, 20]: k = 7
    res = cpt_mean(EX22, method="pelt", penalty=10.0, raw=True, min_size=2)
    assert res.cpts == [7]
    assert res.cpts != [5, 10]  # what jump = 5 returns
    for m in ("op", "amoc", "binseg"):
        assert cpt_mean(EX22, method=m, penalty=10.0, raw=True, min_size=2).cpts == [7]
    # the default (robust scaling, MBIC) also finds it
    assert cpt_mean(EX22).cpts == [7]


def test_example20_no_thinning_of_candidates():
    # each unit of the second half is its own segment once the penalty is small: k = 5, 7 are
    # candidates although they are not multiples of 5
    # (each split of the second half saves RSS 0.5 > penalty 0.4; the first half's RSS is 0.05)
    assert cpt_mean(EX20, method="pelt", penalty=0.4, raw=True).cpts == [4, 5, 6, 7]
    assert cpt_mean(EX20, method="op", penalty=0.4, raw=True).cpts == [4, 5, 6, 7]
    assert cpt_mean(EX20, method="pelt", penalty=1.0, raw=True).cpts == [4, 6]
    # binary segmentation, first change: ruptures Binseg(n_bkps=1) -> [4, 8], i.e. k = 4
    assert cpt_mean(EX20, method="binseg", penalty=0.0, max_cpts=1, raw=True).cpts == [4]
    # R changepoint's BinSeg only tries 2 <= k <= n - 3 (here 5), so its second change cannot
    # be ruptures' 6; casekit mirrors R (documented quirk) and PELT/OP have no such limit
    assert cpt_mean(EX20, method="binseg", penalty=0.0, max_cpts=2, raw=True).cpts == [3, 4]


def test_scale_trap_and_sigma_reported():
    rng = np.random.default_rng(11)
    y = np.r_[rng.normal(20, 2.5, 15), rng.normal(12, 2.5, 15)].round()
    scaled = cpt_mean(y)
    raw = cpt_mean(y, raw=True)
    assert scaled.cpts == [15]
    assert raw.n_cpts > 1  # unit-variance cost on SD 2.5 data over-segments
    d = np.diff(y)
    sig = 1.4826 * np.median(np.abs(d - np.median(d))) / np.sqrt(2)
    np.testing.assert_allclose(scaled.sigma, sig, rtol=1e-14)
    assert scaled.sigma_method == "mad_diff"
    assert cpt_mean(y, sigma=2.5).sigma == 2.5
    # a constant first difference has MAD 0: fall back to the SD
    lin = np.arange(12.0)
    assert cpt_mean(lin).sigma_method == "sd"


def test_penalties_as_changepoint():
    n = 100
    assert penalty_value("BIC", n) == pytest.approx(2 * np.log(n), rel=1e-15)
    assert penalty_value("MBIC", n) == pytest.approx(13.8155105579643, rel=1e-12)
    assert penalty_value("AIC", n) == 4.0
    assert penalty_value("HQ", n) == pytest.approx(4 * np.log(np.log(n)), rel=1e-15)
    assert penalty_value("BIC", n, "meanvar") == pytest.approx(3 * np.log(n), rel=1e-15)
    assert penalty_value(7.5, n) == 7.5


def _brute_force(y, pen, mbic):
    """Exact minimiser of sum(RSS + [log n_s]) + pen * m over all 2^(n-1) segmentations."""
    import itertools

    n = len(y)
    best = (np.inf, None)
    for m in range(n):
        for cps in itertools.combinations(range(1, n), m):
            b = [0, *cps, n]
            tot = pen * m
            for i in range(m + 1):
                seg = y[b[i]:b[i + 1]]
                tot += np.sum((seg - seg.mean()) ** 2) + (np.log(seg.size) if mbic else 0.0)
            if tot < best[0] - 1e-12:
                best = (tot, list(cps))
    return best[1]


@pytest.mark.parametrize("seed", range(6))
def test_op_is_exact_with_mbic_log_term(seed):
    # the MBIC cost adds log(segment length) (changepoint src/cost_general_functions.c
    # mbic_mean); OP must find the exact optimum of that criterion
    rng = np.random.default_rng(seed)
    y = rng.normal(0, 1, 11)
    y[5:] += rng.choice([0.0, 2.0, 4.0])
    for pen_name, mbic in (("MBIC", True), ("BIC", False)):
        pen = penalty_value(pen_name, y.size)
        expect = _brute_force(y, pen, mbic)
        assert cpt_mean(y, method="op", penalty=pen_name, sigma=1.0).cpts == expect
        assert cpt_mean(y, method="pelt", penalty=pen_name, sigma=1.0).cpts == expect


def test_batch_equals_single_and_op():
    rng = np.random.default_rng(7)
    Y = rng.normal(0, 1, (200, 25))
    Y[:100, 12:] += 2.0
    pen = penalty_value("MBIC", 25)
    batch = pelt_batch(Y, pen, mbic=True)
    single = [cpt_mean(y, method="pelt", sigma=1.0).cpts for y in Y]
    assert batch == single
    op = pelt_batch(Y, pen, mbic=True, prune=False)
    assert op == [cpt_mean(y, method="op", sigma=1.0).cpts for y in Y]
    # BIC costs are additive and superadditive: PELT is exact, so it equals OP
    pb = penalty_value("BIC", 25)
    assert pelt_batch(Y, pb, mbic=False) == pelt_batch(Y, pb, mbic=False, prune=False)


def test_min_size_respected():
    y = [0, 0, 0, 10, 0, 0, 0, 0, 5, 5, 5, 5]
    res = cpt_mean(y, method="pelt", penalty=0.5, raw=True, min_size=3)
    bounds = [0, *res.cpts, len(y)]
    assert min(np.diff(bounds)) >= 3


def test_meanvar_detects_variance_change():
    rng = np.random.default_rng(5)
    y = np.r_[rng.normal(0, 0.5, 30), rng.normal(0, 4, 30)]
    res = cpt_mean(y, cost="meanvar", min_size=2)
    assert res.n_cpts >= 1
    assert min(abs(k - 30) for k in res.cpts) <= 3
    # the mean cost with one robust scale cannot describe a variance change: it over-segments
    assert cpt_mean(y, cost="mean").n_cpts > res.n_cpts


def test_sessions_and_summary_columns():
    df = pd.DataFrame({"session": np.arange(3, 23), "value": EX22})
    res = cpt_mean(data=df)
    assert res.cpts == [7] and res.sessions == [9]
    assert list(res.summary.columns) == ["k", "session", "mean_before", "mean_after", "shift"]
    row = res.summary.iloc[0]
    np.testing.assert_allclose(row["shift"], np.mean(EX22[7:]) - np.mean(EX22[:7]), rtol=1e-14)
    assert isinstance(res.penalty_value, float) and isinstance(res.cpts[0], int)
    assert list(res.segments.columns) == ["segment", "first", "last", "first_session",
                                          "last_session", "n", "mean", "sd"]
    assert "changepoint 2.3" in res.method_card["mirrors"]
    assert "cpt_mean" in repr(res)


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="method must be one of"):
        cpt_mean(EX22, method="segneigh")
    with pytest.raises(ValueError, match="penalty must be one of"):
        cpt_mean(EX22, penalty="CROPS")
    with pytest.raises(ValueError, match="missing values at positions 3;"):
        cpt_mean([1, 2, np.nan, 4, 5])
    with pytest.raises(NotEnoughPointsError):
        cpt_mean([1, 2, 3])
    with pytest.raises(NotEnoughPointsError):
        cpt_mean([1, 2, 3, 4, 5], min_size=3)
    with pytest.raises(ValueError, match="raw=True or sigma"):
        cpt_mean(EX22, raw=True, sigma=2.0)
    with pytest.raises(ValueError, match="min_size must be >= 2"):
        cpt_mean(EX22, cost="meanvar")
    with pytest.raises(TypeError, match="pass either values .* or data="):
        cpt_mean()


# R 4.2.2, changepoint 2.3:
#   y <- c(1,2,1,2,8,9,8,9,8,9)[1:n]
#   cpts(cpt.mean(y, method = "BinSeg", penalty = "MBIC"))          # Q = 5 (default)
#   cpts(cpt.mean(y, method = "BinSeg", penalty = "MBIC", Q = 1))
# gives 2, 3, 4, 4, 4, 4 for n = 5..10 with both Q (n = 4: R refuses Q = 5, Q = 1 gives none).
# With Q larger than the number of possible splits, R's C code picks position 0 with gain 0
# once no split is admissible; casekit raised "math domain error" there before.
@pytest.mark.parametrize("n, expected", [(4, []), (5, [2]), (6, [3]), (7, [4]), (8, [4]),
                                         (9, [4]), (10, [4])])
@pytest.mark.parametrize("max_cpts", [1, 5])
def test_binseg_short_series_with_more_changes_allowed_than_splits(n, expected, max_cpts):
    y = np.array([1, 2, 1, 2, 8, 9, 8, 9, 8, 9], dtype=float)[:n]
    res = cpt_mean(y, method="binseg", raw=True, max_cpts=max_cpts)
    assert res.cpts == expected
