"""Sudden gains: published worked examples typed in (runs without ../shared).

Sources (domain/methods.md section 8, examples 10-14):

- Example 10: suddengains 0.7.2 ``R/identify_sg.R`` / ``R/check_interval.R``: criterion-3
  critical values |qt(alpha/2, df)|.
- Example 11: suddengains ``tests/testthat/test-define_crit1_cutoff.R``
  (``define_crit1_cutoff(sd = 10.5, reliability = 0.961)``).
- Example 12: ``define_crit1_cutoff(sd = 10.5, reliability = 0.931)``.
- Example 13: the 18-case BDI table of suddengains ``tests/testthat/test-create_bysg.R``
  (Wiedemann, Thew, Stott & Ehlers 2020, PLOS ONE 15(3):e0230276,
  doi:10.1371/journal.pone.0230276), typed in below with the package's expected ``bysg`` rows.
- Example 14 (sgdata summary): checked in test_suddengains_reference.py.

Tolerances: criteria and sessions are exact; magnitudes, reversal values and change
proportions are exact arithmetic on integers (compared to 1e-12); critical values to 1e-3 (the
published values are rounded to 3 decimals), the define_crit1_cutoff values to 1e-6.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.sudden import check_interval, crit1_cutoff_from_rci

pytestmark = pytest.mark.paper

NA = np.nan
# suddengains tests/testthat/test-create_bysg.R: id, bdi_s0 ... bdi_s12
ROWS = [
    [1, 33, 35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7],
    [2, 26, 26, NA, 26, NA, 27, 17, 19, 11, 10, 3, NA, 7],
    [3, 40, 35, 38, 35, 37, 36, 37, NA, 35, 26, 24, NA, 19],
    [4, 33, 31, 30, 32, 22, 22, 20, 21, 19, 24, 33, 30, 28],
    [5, 39, 39, 37, 36, 26, 26, 23, 21, 19, 6, 7, 8, 8],
    [6, 35, 37, NA, 23, NA, 23, 21, NA, NA, 19, NA, 16, 13],
    [7, NA, 37, NA, 23, 21, NA, 21, NA, NA, NA, NA, NA, 20],
    [8, 40, 41, 37, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA],
    [9, 33, 35, 34, 32, 23, 24, 22, 21, 17, 14, 10, 13, 11],
    [10, 34, 35, 35, 25, 25, 17, 17, 16, 16, 11, 9, 7, 8],
    [11, 30, 40, NA, 36, 37, 36, 37, NA, 34, 26, 25, NA, 19],
    [12, 32, 38, 38, 31, 23, 21, 22, 24, 25, 30, 31, NA, 25],
    [13, 34, 34, 33, 36, 23, 25, 23, 19, 18, 10, 9, 8, 9],
    [14, 37, 39, 37, 23, NA, 23, 21, NA, NA, 21, NA, 16, 14],
    [15, 25, 28, 19, 23, 12, 13, NA, 13, NA, NA, NA, NA, 22],
    [16, NA, 25, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, 20],
    [17, 40, 41, 37, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA],
    [18, 33, NA, 38, 35, 24, NA, 22, 17, 16, NA, 9, 11, 13],
]
COLS = ["id"] + [f"bdi_s{i}" for i in range(13)]
VARS = [f"bdi_s{i}" for i in range(1, 13)]

# expected create_bysg rows: id, session, 2n, 1n, n, n1, n2, n3, magnitude, tx_change,
# change_proportion, reversal_value, reversal
EXPECTED = [
    (1, 3, 35, 37, 34, 23, 24, 21, 11, 28, 0.39285714285714285, 28.5, 1),
    (1, 7, 24, 21, 29, 17, 11, 11, 12, 28, 0.42857142857142855, 23, 0),
    (3, 8, 37, NA, 35, 26, 24, NA, 9, 16, 0.5625, 30.5, 0),
    (4, 3, 31, 30, 32, 22, 22, 20, 10, 3, 3.3333333333333335, 27, 1),
    (5, 3, 39, 37, 36, 26, 26, 23, 10, 31, 0.3225806451612903, 31, 0),
    (5, 8, 23, 21, 19, 6, 7, 8, 13, 31, 0.41935483870967744, 12.5, 0),
    (9, 3, 35, 34, 32, 23, 24, 22, 9, 24, 0.375, 27.5, 0),
    (10, 2, NA, 35, 35, 25, 25, 17, 10, 27, 0.37037037037037035, 30, 0),
    (10, 4, 35, 25, 25, 17, 17, 16, 8, 27, 0.2962962962962963, 21, 0),
    (12, 3, 38, 38, 31, 23, 21, 22, 8, 13, 0.6153846153846154, 27, 1),
    (13, 3, 34, 33, 36, 23, 25, 23, 13, 25, 0.52, 29.5, 0),
    (13, 8, 23, 19, 18, 10, 9, 8, 8, 25, 0.32, 14, 0),
    (14, 2, NA, 39, 37, 23, NA, 23, 14, 25, 0.56, 30, 0),
    (18, 3, NA, 38, 35, 24, NA, 22, 11, NA, NA, 29.5, 0),
]


@pytest.fixture(scope="module")
def table18():
    return pd.DataFrame(ROWS, columns=COLS)


def test_example13_bysg_rows(table18):
    # R: create_bysg(df, sg_crit1_cutoff = 7, id_var_name = "id", tx_start_var_name = "bdi_s1",
    #    tx_end_var_name = "bdi_s12", sg_var_list = bdi_s1..bdi_s12, sg_measure_name = "bdi")
    res = casekit.sudden_gains(table18, sg_crit1_cutoff=7, case_col="id", sg_var_list=VARS,
                               improvement="decrease", measure="bdi")
    s = res.summary
    exp = pd.DataFrame(EXPECTED, columns=["id", "session", "n2", "n1", "n", "p1", "p2", "p3",
                                          "mag", "tx", "prop", "rv", "rev"])
    assert list(zip(s["case"], s["pregain_session"], strict=True)) == list(
        zip(exp["id"], exp["session"], strict=True))
    got_scores = s[["value_n_minus2", "value_n_minus1", "value_n", "value_n_plus1",
                    "value_n_plus2", "value_n_plus3"]].to_numpy(dtype=float)
    np.testing.assert_array_equal(got_scores, exp[["n2", "n1", "n", "p1", "p2", "p3"]]
                                  .to_numpy(dtype=float))
    np.testing.assert_allclose(s["magnitude"], exp["mag"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(s["tx_change"], exp["tx"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(s["change_proportion"], exp["prop"], rtol=1e-12)
    np.testing.assert_allclose(s["reversal_value"], exp["rv"], rtol=0, atol=1e-12)
    assert s["reversed"].astype(int).tolist() == exp["rev"].tolist()
    assert (s["postgain_session"] == s["pregain_session"] + 1).all()
    assert s.loc[s["case"] == 1, "n_gains"].tolist() == [2, 2]


def test_example13_reversal_readings_agree_here(table18):
    a = casekit.sudden_gains(table18, sg_crit1_cutoff=7, case_col="id", sg_var_list=VARS,
                             improvement="decrease")
    b = casekit.sudden_gains(table18, sg_crit1_cutoff=7, case_col="id", sg_var_list=VARS,
                             improvement="decrease", reversal="suddengains")
    assert a.summary["reversed"].tolist() == b.summary["reversed"].tolist()
    assert a.reversal_offset == 2 and b.reversal_offset == 3


def test_example13_long_format_same_gains(table18):
    long = table18.melt(id_vars="id", value_vars=VARS, var_name="var", value_name="value")
    long["session"] = long["var"].str.replace("bdi_s", "").astype(int)
    long = long.rename(columns={"id": "case"}).drop(columns="var")
    long = long.dropna(subset=["value"])  # missed sessions absent from long data
    res = casekit.sudden_gains(long, sg_crit1_cutoff=7, improvement="decrease")
    got = list(zip(res.summary["case"], res.summary["pregain_session"], strict=True))
    assert got == [(e[0], e[1]) for e in EXPECTED]
    np.testing.assert_allclose(res.summary["magnitude"], [e[8] for e in EXPECTED], atol=1e-12)


@pytest.mark.parametrize("alpha, pre, post, expected", [
    (0.05, [32, 31, 33], [5, 6, 7], 2.776),      # df 4
    (0.05, [5, None, 7], [16, 12, 14], 3.182),   # df 3 (loss below)
    (0.05, [20, None, 19], [12, 13, None], 4.303),  # df 2
    (0.01, [32, 31, 33], [5, 6, 7], 4.604),
    (0.01, [None, 31, 33], [5, None, 7], 9.925),
])
def test_example10_crit3_critical_values(alpha, pre, post, expected):
    # suddengains check_interval examples; |qt(alpha/2, n_pre + n_post - 2)|
    identify = "sl" if pre[0] == 5 else "sg"
    cut = -7 if identify == "sl" else None
    r = check_interval(pre, post, sg_crit1_cutoff=cut, sg_crit2_pct=None,
                       sg_crit3_alpha=alpha, identify=identify)
    assert r.critical_value == pytest.approx(expected, abs=1e-3)
    assert r.crit3 is True


def test_example11_define_crit1_cutoff():
    # R: define_crit1_cutoff(sd = 10.5, reliability = 0.961)
    r = crit1_cutoff_from_rci(10.5, 0.961)
    assert r.sem == pytest.approx(2.073584, abs=1e-6)
    assert r.s_diff == pytest.approx(2.93249, abs=1e-5)
    assert r.value == pytest.approx(5.747681, abs=1e-6)
    assert isinstance(r.value, float)


def test_example12_define_crit1_cutoff():
    # R: define_crit1_cutoff(sd = 10.5, reliability = 0.931)
    r = casekit.crit1_cutoff_from_rci(10.5, 0.931)
    assert (r.sem, r.s_diff, r.value) == pytest.approx((2.758124, 3.900577, 7.645131), abs=1e-6)
    # the result can be passed as the cutoff
    res = casekit.sudden_gains([35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7],
                               sg_crit1_cutoff=r, improvement="decrease")
    assert res.options["sg_crit1_cutoff"] == pytest.approx(7.645131, abs=1e-6)
    assert res.summary["pregain_session"].tolist() == [3, 7]
