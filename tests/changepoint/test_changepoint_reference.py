"""Parity with R changepoint 2.3 ``cpt.mean`` on the 58 reference series.

Reference values: ../shared/reference/values/changepoint.json (R 4.2.2, changepoint 2.3), read
through the ``reference_dir`` fixture; inputs ab_cases.csv (57 AB series) and R_Nile.csv.
R call for every run (reference README):

    cpt.mean(y, method = M, penalty = P, Q = 5, test.stat = "Normal", minseglen = 1)

with M in AMOC / PELT / BinSeg, P in MBIC / BIC, and y the raw series or
y = x / sd_hat, sd_hat = mad(diff(x)) / sqrt(2) (fallback sd(x)).
Change points are compared exactly; penalties, sd_hat and segment means with rtol 1e-10
(closed-form arithmetic).
"""

from __future__ import annotations

import numpy as np
import pytest

from casekit.changepoint import cpt_mean
from tests._reference import as_list, count, load_values, reference_series

pytestmark = pytest.mark.reference

METHOD = {"AMOC": "amoc", "PELT": "pelt", "BinSeg": "binseg"}


@pytest.fixture(scope="module")
def cases(reference_dir):
    ref = load_values(reference_dir, "changepoint.json")
    return reference_series(reference_dir, ref["series"])


@pytest.mark.parametrize("scaling", ["scaled", "raw"])
def test_same_change_points_as_r(cases, scaling):
    n_runs = 0
    mismatches = []
    for s, x in cases:
        for run in s["runs"]:
            if run["scaling"] != scaling:
                continue
            kw = {"raw": True} if scaling == "raw" else {}
            res = cpt_mean(x, method=METHOD[run["method"]], penalty=run["penalty"], **kw)
            n_runs += 1
            if res.cpts != as_list(run["cpts"]):
                mismatches.append((s["case"], run["method"], run["penalty"], res.cpts,
                                   run["cpts"]))
            np.testing.assert_allclose(res.penalty_value, run["pen_value"], rtol=1e-12)
            if scaling == "scaled":
                np.testing.assert_allclose(res.sigma, s["scale_sd_hat"], rtol=1e-10)
                # R reports segment means of the scaled series
                np.testing.assert_allclose(res.segments["mean"] / res.sigma,
                                           as_list(run["segment_means"]), rtol=1e-10)
            else:
                np.testing.assert_allclose(res.segments["mean"],
                                           as_list(run["segment_means"]), rtol=1e-10)
    assert n_runs == count(58, 8) * 6
    assert mismatches == []


def test_scaled_finds_the_design_change_in_sim01(cases):
    # domain/methods.md 6.3: after scaling every method gives 10 on sim01; raw PELT gives 7-8
    s, x = next(c for c in cases if c[0]["case"] == "sim01")
    for m in ("amoc", "pelt", "binseg", "op"):
        assert cpt_mean(x, method=m).cpts == [10]
    assert cpt_mean(x, method="pelt", raw=True).n_cpts == 7


def test_op_equals_pelt_on_reference_series(cases):
    # PELT with R's pruning and exact optimal partitioning agree on every reference series
    for _s, x in cases:
        for pen in ("MBIC", "BIC"):
            assert (cpt_mean(x, method="pelt", penalty=pen).cpts
                    == cpt_mean(x, method="op", penalty=pen).cpts)
