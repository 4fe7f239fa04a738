"""Outlier screening against scan 0.67.1 ``outlier`` (57 series x 5 criteria).

R calls (``../shared/reference/README.md``, ``values/scan_outlier.json``), with
``sd1 <- scdf(values = value, phase = phase, mt = session, name = case)``:

* ``outlier(sd1)`` (method "MAD", criteria 3.5) and ``outlier(sd1, criteria = c("MAD", 3.5))``;
* ``outlier(sd1, criteria = c("SD", 2))``;
* ``outlier(sd1, criteria = c("CI", 0.99))``;
* ``outlier(sd1, criteria = c("Cook", "4/n"))``, with ``cook_unrounded =
  cooks.distance(plm(sd1)$full.model)`` computed next to the call.

The flagged sessions (``dropped.mt``) and values must be identical. Bounds, centres and spreads
are closed form (rtol = atol = 1e-10; observed about 1e-14); Cook's distances come from a
different factorisation of the same least-squares fit (rtol = atol = 1e-10; observed 4e-13).
scan prints the MAD unscaled (``mad(x, constant = 1)``) and uses the scaled one for its bounds;
casekit reports the scaled MAD, so the table value is compared after dividing by 1.4826.
"""

from __future__ import annotations

import pytest

from casekit.outliers import MAD_CONSTANT, flag_outliers
from tests._reference import N_SERIES, as_list, load_data, load_values

TOL = 1e-10
VARIANTS = {"default": ("mad", None), "MAD_3.5": ("mad", 3.5), "SD_2": ("sd", 2.0),
            "CI_0.99": ("ci", 0.99), "Cook_4n": ("cook", "4/n")}
TABLE = {"sd": ("sd_matrix", {"m": "mean", "sd": "sd"}),
         "mad": ("mad_matrix", {"md": "median", "mad": "mad"}),
         "ci": ("ci_matrix", {"m": "mean", "se": "se"})}


@pytest.fixture(scope="module")
def reference(reference_dir):
    ref = load_values(reference_dir, "scan_outlier.json")
    assert len(ref["cases"]) == N_SERIES
    return ref["cases"], load_data(reference_dir, "ab_cases.csv")


@pytest.mark.reference
@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("i", range(N_SERIES))
def test_outlier(reference, i, variant):
    # R: outlier(sd1, criteria = c(M, c)) (calls in the module docstring)
    cases, ab = reference
    c = cases[i]
    want = c["variants"][variant]
    d = ab[(ab["dataset"] == c["dataset"]) & (ab["case"] == c["case"])]
    method, criterion = VARIANTS[variant]
    res = flag_outliers(d, method=method, criterion=criterion)
    assert res.sessions == as_list(want["dropped_mt"]) and len(res.sessions) == \
        want["dropped_n"]
    assert res.summary["value"].tolist() == [float(v) for v in as_list(want["dropped_values"])]
    if method == "cook":
        got = res.points["cooks_distance"].to_numpy()
        assert got == pytest.approx(want["cook_unrounded"], rel=TOL, abs=TOL)
        assert res.cutoff == pytest.approx(want["cook_cutoff"], rel=TOL)
        assert [round(v, 2) for v in got] == pytest.approx(
            [r["Cook"] for r in want["cook_table_rounded"]], abs=1e-12)
        assert res.points["session"].tolist() == [r["MT"] for r in want["cook_table_rounded"]]
        return
    key, cols = TABLE[method]
    bounds = res.bounds
    assert bounds["phase"].tolist() == [r["phase"] for r in want[key]]
    for row, (_, mine) in zip(want[key], bounds.iterrows(), strict=True):
        for theirs, ours in {**cols, "lower": "lower", "upper": "upper"}.items():
            got = mine[ours] / (MAD_CONSTANT if (method, theirs) == ("mad", "mad") else 1.0)
            assert got == pytest.approx(row[theirs], rel=TOL, abs=TOL), (theirs, row["phase"])
