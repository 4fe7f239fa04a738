"""Known answers on the Nile series (R ``datasets::Nile``; Cobb 1978).

Annual flow of the river Nile at Aswan, 1871-1970 (10^8 m^3), as shipped with R
(``datasets::Nile``; Cobb, G. W. (1978). The problem of the Nile: conditional solution to a
changepoint problem. Biometrika 65(2), 243-251, doi:10.1093/biomet/65.2.243; Durbin &
Koopman 2001). A public dataset, typed in here so that the test runs without ../shared.
The change after 1898 (observation 28, the Aswan dam) is the textbook answer.

Expected numbers (domain/methods.md section 8, examples 15 and 16):
- strucchange 1.5-3 ``breakpoints(Nile ~ 1)``: 28; RSS 2835157 / 1597457 (m = 0 / 1);
  BIC 1318.24 / 1270.08; ``confint`` 25-32; ``sctest(Fstats(Nile ~ 1), type = "supF")``
  75.93 (strucchange tests/Examples/strucchange-Ex.Rout.save).
- changepoint 2.3 ``cpt.mean(Nile, method = "AMOC")``: 28 (raw or scaled); after scaling by
  mad(diff(x))/sqrt(2) PELT and BinSeg also give 28; on the raw data PELT returns 94 (MBIC)
  change points (the unit-variance trap).
"""

from __future__ import annotations

import numpy as np
import pytest

from casekit.changepoint import amoc, bayes_changepoint, breakpoints, cpt_mean, pettitt
from casekit.exceptions import AutocorrelationWarning
from tests._reference import load_data

pytestmark = pytest.mark.paper

NILE = np.array([
    1120, 1160, 963, 1210, 1160, 1160, 813, 1230, 1370, 1140, 995, 935, 1110, 994, 1020,
    960, 1180, 799, 958, 1140, 1100, 1210, 1150, 1250, 1260, 1220, 1030, 1100, 774, 840,
    874, 694, 940, 833, 701, 916, 692, 1020, 1050, 969, 831, 726, 456, 824, 702, 1120, 1100,
    832, 764, 821, 768, 845, 864, 862, 698, 845, 744, 796, 1040, 759, 781, 865, 845, 944,
    984, 897, 822, 1010, 771, 676, 649, 846, 812, 742, 801, 1040, 860, 874, 848, 890, 744,
    749, 838, 1050, 918, 986, 797, 923, 975, 815, 1020, 906, 901, 1170, 912, 746, 919, 718,
    714, 740], dtype=float)
YEARS = np.arange(1871, 1971)


@pytest.mark.reference
def test_typed_values_match_reference_file(reference_dir):
    ref = load_data(reference_dir, "R_Nile.csv")
    np.testing.assert_array_equal(ref["value"].to_numpy(float), NILE)
    np.testing.assert_array_equal(ref["year"].to_numpy(), YEARS)


def test_bai_perron_nile():
    # R: bp <- breakpoints(Nile ~ 1); summary(bp)$RSS; confint(bp)
    res = breakpoints(NILE)
    assert res.breakpoints == [28]
    tab = res.rss_table
    np.testing.assert_allclose(tab["RSS"].iloc[0], 2835156.75, rtol=1e-10)
    np.testing.assert_allclose(tab["RSS"].iloc[1], 1597457.19444444, rtol=1e-10)
    np.testing.assert_allclose(tab["BIC"].iloc[:2], [1318.24180687618, 1270.08373573957],
                               rtol=1e-10)
    assert res.confint[["lower", "breakpoint", "upper"]].iloc[0].tolist() == [25, 28, 32]
    # R: sctest(Fstats(Nile ~ 1, from = 0.15), type = "supF"): 75.93
    np.testing.assert_allclose(res.supF, 75.9297694274854, rtol=1e-10)
    assert res.supF_breakpoint == 28
    assert res.supF_p_value < 1e-10


def test_bai_perron_nile_years_as_sessions():
    import pandas as pd

    df = pd.DataFrame({"session": YEARS, "value": NILE})
    res = breakpoints(data=df)
    assert res.sessions == [1898]
    row = res.summary.iloc[0]
    assert (row["ci_lower_session"], row["ci_upper_session"]) == (1895, 1902)


@pytest.mark.parametrize("method", ["amoc", "pelt", "binseg", "op"])
@pytest.mark.parametrize("penalty", ["MBIC", "BIC"])
def test_changepoint_scaled_nile_is_28(method, penalty):
    # R: cpt.mean(Nile / (mad(diff(Nile)) / sqrt(2)), method = M, penalty = P)
    res = cpt_mean(NILE, method=method, penalty=penalty)
    assert res.cpts == [28]
    np.testing.assert_allclose(res.sigma, 115.319216516589, rtol=1e-12)
    np.testing.assert_allclose(res.segments["mean"], [1097.75, 849.972222222222], rtol=1e-12)


def test_unit_variance_trap_on_raw_nile():
    # R: cpt.mean(Nile, method = "AMOC") -> 28 but method = "PELT" -> 94 change points (MBIC)
    assert cpt_mean(NILE, method="amoc", raw=True).cpts == [28]
    raw = cpt_mean(NILE, method="pelt", raw=True)
    assert raw.n_cpts == 94
    assert cpt_mean(NILE, method="pelt", sigma=1.0).n_cpts == 94  # sigma=1 is the same thing
    assert cpt_mean(NILE, method="binseg", raw=True).n_cpts == 5  # stops at its Q = 5 cap
    assert cpt_mean(NILE, method="pelt").n_cpts == 1


def test_amoc_bayes_pettitt_nile():
    res = amoc(NILE, model="mean", n_boot=199, seed=3)  # the mean-shift variant (R parity)
    assert res.k == 28
    assert res.p_value < 0.05
    np.testing.assert_allclose(res.shift, 849.972222222222 - 1097.75, rtol=1e-12)
    assert res.ci_lower <= 28 <= res.ci_upper
    b = bayes_changepoint(NILE, sessions=YEARS)
    assert b.mode == 28 and b.mode_session == 1898
    assert b.prob_change > 0.999
    # the Nile residuals are mildly autocorrelated (bias-corrected phi 0.19 > 1.645/sqrt(100)):
    # Pettitt says its p-value assumes independence
    with pytest.warns(AutocorrelationWarning):
        p = pettitt(NILE)
    assert p.k == 28 and p.autocorrelated


def test_example16_no_jump_thinning():
    # domain/methods.md section 8, example 16: ruptures Dynp(model="l2", n_bkps=1) gives 30
    # with its default jump = 5 (only multiples of 5 are candidates) and 28 with jump = 1,
    # min_size = 15. casekit has no jump: every observation is a candidate.
    assert 28 % 5 != 0
    assert cpt_mean(NILE, method="op", min_size=15).cpts == [28]
    assert breakpoints(NILE, h=15).breakpoints == [28]
    assert amoc(NILE, min_size=15, n_boot=99, seed=1).k == 28


def test_constructed_series_with_obvious_shift():
    # 12 sessions around 20, then 12 around 12 (a known step of -8 after session 12)
    y = np.array([20, 21, 19, 20, 22, 21, 19, 20, 21, 20, 19, 21,
                  12, 11, 13, 12, 12, 11, 13, 12, 11, 12, 13, 12], dtype=float)
    assert cpt_mean(y).cpts == [12]
    assert breakpoints(y).breakpoints == [12]
    a = amoc(y, model="mean", improvement="decrease", n_boot=199, seed=2)
    assert a.k == 12 and a.p_value < 0.01 and a.improvement_shift == pytest.approx(8.25)
    assert bayes_changepoint(y).mode == 12
    assert pettitt(y).k == 12
