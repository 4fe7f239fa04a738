"""Dual criterion and conservative dual criterion against scan 0.67.1 ``cdc`` (57 series x 6).

R calls (``../shared/reference/README.md``, ``values/scan_cdc.json``), with
``sd1 <- scdf(values = value, phase = phase, mt = session, name = case)`` and
``dec <- improvement == "decrease"``:

    cdc(sd1, decreasing = dec, trend_method = M, conservative = C)

for M in "OLS", "bisplit", "trisplit" and C in 0.25 (runs ``*_CDC``) and 0 (``*_DC``). Each run
gives ``cdc`` (decision), ``cdc_be`` (points beyond both lines), ``cdc_b``, ``cdc_p``
(``binom.test(cdc_be, cdc_b, alternative = "greater")``); ``required_k_derived`` and
``details_recomputed`` (trend line on the session numbers as given, A mean and SD, the shift,
the shifted lines at each B session, the 0/1 flags, the split points) were computed next to
the call. The 104 split-line runs with fewer than 5 points in a phase are scan errors and must
raise :class:`~casekit.NotEnoughPointsError` here.

Counts and flags must be identical; p-values are exact binomial sums (compared to 1e-12);
lines, means and SDs are closed form (rtol = atol = 1e-10; observed about 1e-14).
"""

from __future__ import annotations

import pytest

from casekit.exceptions import NotEnoughPointsError
from casekit.visual import dual_criterion
from tests._reference import N_SERIES, load_data, load_values

TOL = 1e-10
RUNS = ["OLS_CDC", "OLS_DC", "bisplit_CDC", "bisplit_DC", "trisplit_CDC", "trisplit_DC"]


@pytest.fixture(scope="module")
def reference(reference_dir):
    ref = load_values(reference_dir, "scan_cdc.json")
    assert len(ref["cases"]) == N_SERIES
    return ref["cases"], load_data(reference_dir, "ab_cases.csv")


def _call(reference, i, run):
    cases, ab = reference
    c = cases[i]
    d = ab[(ab["dataset"] == c["dataset"]) & (ab["case"] == c["case"])]
    method, kind = run.split("_")
    kwargs = dict(improvement=c["improvement"], trend_method=method.lower(),
                  conservative=0.25 if kind == "CDC" else 0.0)
    return c, c["runs"][run], d, kwargs


@pytest.mark.reference
@pytest.mark.parametrize("run", RUNS)
@pytest.mark.parametrize("i", range(N_SERIES))
def test_cdc(reference, i, run):
    # R: cdc(sd1, decreasing = dec, trend_method = M, conservative = C)
    c, want, d, kwargs = _call(reference, i, run)
    if "error" in want:
        assert "less than five data points" in want["error"]
        with pytest.raises(NotEnoughPointsError, match="at least 5 points in each phase"):
            dual_criterion(d, **kwargs)
        return
    res = dual_criterion(d, **kwargs)
    assert (res.beyond, res.n_treatment) == (want["cdc_be"], want["cdc_b"])
    assert res.p_value == pytest.approx(want["cdc_p"], rel=1e-12, abs=1e-15)
    assert res.decision == want["cdc"]
    assert res.required == want["required_k_derived"]
    det = want["details_recomputed"]
    for mine, theirs in (("trend_intercept", "trend_intercept"),
                         ("trend_slope", "trend_slope"), ("baseline_mean", "mean_A"),
                         ("baseline_sd", "sd_A"), ("mean_line", "mean_line")):
        assert getattr(res, mine) == pytest.approx(det[theirs], rel=TOL, abs=TOL), mine
    assert abs(res.shift) == pytest.approx(det["shift"], rel=TOL, abs=TOL)
    treat = res.points[res.points["role"] == "treatment"]
    assert treat["session"].tolist() == det["B_session"]
    assert treat["value"].tolist() == pytest.approx(det["B_value"], abs=0)
    assert treat["trend_line"].tolist() == pytest.approx(det["trend_line_at_B"], rel=TOL,
                                                         abs=TOL)
    assert treat["beyond"].astype(int).tolist() == det["beyond_both"]
    assert res.sessions_beyond == [s for s, f in zip(det["B_session"], det["beyond_both"],
                                                     strict=True) if f]
    if "split_points" in det:
        sp = det["split_points"]
        assert res.split_points[0] == pytest.approx(tuple(sp["first"]), abs=TOL)
        assert res.split_points[1] == pytest.approx(tuple(sp["last"]), abs=TOL)
