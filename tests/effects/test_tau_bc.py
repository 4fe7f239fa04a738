"""Baseline-corrected Tau: labelled by what it computes; scan's corrected Tau as a variant
(session numbers, trend pretest, Theil-Sen or repeated-medians line, tau-a/b)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import effects as E
from casekit._robust_lines import repeated_medians, theil_sen

INC = {"improvement": "increase"}
# the ?corrected_tau example of scan 0.67.1
A = [33, 25, 17, 25, 14, 13, 15]
B = [15, 16, 16, 5, 7, 9, 6, 5, 3, 3, 8, 11, 7]


def test_labels_name_what_is_computed():
    default = E.tau_bc(A, B, **INC)
    assert "Tarlow" not in default.method
    assert default.method == "Tau of baseline-detrended values (SingleCaseES Tau_BC default)"
    assert "not Tarlow's (2017) Kendall tau-b" in default.variant
    kendall = E.tau_bc(A, B, kendall=True, **INC)
    assert "Tarlow" not in kendall.method and "Kendall's tau-b" in kendall.method
    tarlow = E.tau_bc(A, B, kendall=True, pretest_trend=0.05, **INC)
    assert tarlow.method == "Tau-BC (Tarlow 2017)"
    scan = E.tau_bc(A, B, variant="scan", **INC)
    assert scan.method.startswith("Tau-BC (Tarlow 2017)")
    assert all(r.es == "Tau-BC" for r in (default, kendall, tarlow, scan))


def test_scan_variant_table_and_correction():
    r = E.tau_bc(A, B, variant="scan", **INC)
    assert list(r.table["Model"]) == ["Baseline autocorrelation", "Uncorrected tau",
                                      "Baseline corrected tau"]
    assert r.corrected and r.p_trend <= 0.05  # the falling baseline is significant
    assert r.est == r.tau_corrected == r.table["tau"].iloc[2]
    assert (r.z, r.p) == (r.table["z"].iloc[2], r.table["p"].iloc[2])
    slope, intercept = theil_sen(np.array(A, float), np.arange(1.0, 8.0))
    assert (r.slope, r.intercept) == (slope, intercept)
    assert np.isnan(r.se) and np.isnan(r.ci_lower)
    rep = E.tau_bc(A, B, variant="scan", repeated=True, **INC)
    assert (rep.slope, rep.intercept) == repeated_medians(np.array(A, float),
                                                          np.arange(1.0, 8.0))
    loose = E.tau_bc(A, B, variant="scan", alpha=0.01, **INC)
    assert not loose.corrected and loose.est == loose.tau_uncorrected
    assert any("not significant" in n for n in loose.notes)


def test_scan_variant_uses_the_session_numbers():
    sessions = np.r_[0, 1, 3, 4, 7, 8, 9, np.arange(10, 23)]  # gaps, starting at 0
    d = pd.DataFrame({"session": sessions, "phase": ["A"] * 7 + ["B"] * 13,
                      "value": A + B})
    gapped = E.tau_bc(d, variant="scan", **INC)
    assert gapped.slope == theil_sen(np.array(A, float), sessions[:7].astype(float))[0]
    positions = E.tau_bc(A, B, variant="scan", **INC)
    assert gapped.slope != positions.slope
    # the SingleCaseES variant always uses positions 1..m+n
    assert E.tau_bc(d, **INC).slope == E.tau_bc(A, B, **INC).slope


def test_scan_variant_constant_baseline_is_not_tested():
    r = E.tau_bc([4, 4, 4, 4], [1, 2, 6, 7], variant="scan", **INC)
    assert np.isnan(r.p_trend) and np.isnan(r.auto_tau) and not r.corrected
    assert any("constant" in n for n in r.notes)


def test_scan_variant_decrease_mirrors_increase():
    for kw in ({}, {"tau_method": "a", "continuity": True}, {"repeated": True}):
        up = E.tau_bc(A, B, variant="scan", **kw, **INC)
        down = E.tau_bc(A, B, variant="scan", improvement="decrease", **kw)
        assert down.est == -up.est and down.corrected == up.corrected
        assert down.p == up.p


def test_options_of_the_other_variant_are_refused():
    with pytest.raises(ValueError, match="kendall set, but it applies to "
                                         "variant='singlecasees'"):
        E.tau_bc(A, B, variant="scan", kendall=True, **INC)
    with pytest.raises(ValueError, match="continuity, repeated set, but they apply to "
                                         "variant='scan'"):
        E.tau_bc(A, B, continuity=True, repeated=True, **INC)
    with pytest.raises(ValueError, match="variant must be one of 'singlecasees', 'scan'"):
        E.tau_bc(A, B, variant="tarlow", **INC)
    with pytest.raises(ValueError, match="tau_method must be one of 'b', 'a'"):
        E.tau_bc(A, B, variant="scan", tau_method="c", **INC)


def test_ceiling_note_for_the_nap_based_default():
    r = E.tau_bc([1, 3, 2, 4], [20, 21, 22], **INC)
    assert r.est == 1.0 and r.ci_lower < 1
    assert any("Tau-BC is at its bound" in n for n in r.notes)
