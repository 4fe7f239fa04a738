"""SIM-NPD-01 seen through casekit's own analysis modules.

The target properties are checked with independent numpy/pandas logic in
``test_simulate_sim_npd_01.py``; this file checks that casekit's analyses find the same
things, so that the seminar notebooks (which call these functions) show the teaching points:
scoring (reverse keys, item 9 risk flag), sudden gains (suddengains 0.7.2 rules; Tang &
DeRubeis 1999, doi:10.1037/0022-006X.67.6.894), rupture-repair criteria (Stiles et al. 2004
2 x SD; Gumz-style max(2 x SD, RCI) with PLACEHOLDER WAI-SR norms SD 8, alpha .91), and the
order of the alliance and symptom change points. The data are a SIMULATION (no patient data).
"""

from __future__ import annotations

import warnings

import pytest

import casekit
from casekit.simulate import simulate_case_sim_npd_01


@pytest.fixture(scope="module")
def totals():
    r = simulate_case_sim_npd_01().ratings
    sc = casekit.score(r[r["item"].notna()])
    return sc[sc["scale"] == "total"]


def _series(totals, measure):
    return totals[totals["measure"] == measure]


def test_scoring(totals):
    phq = _series(totals, "PHQ-9").set_index("session")["value"]
    core = _series(totals, "CORE-10").set_index("session")["value"]
    assert len(phq) == 44 and 17.5 <= phq.loc[1:3].mean() <= 20 and phq.loc[44] <= 7
    assert not _series(totals, "PHQ-9")["risk_flag"].astype(bool).any()
    assert 20 <= core.loc[1] <= 24 and core.loc[27] < 11 and core.loc[44] < 11


def test_one_sudden_gain_not_reversed(totals):
    from casekit.sudden import sudden_gains
    g = sudden_gains(_series(totals, "PHQ-9"), sg_crit1_cutoff=6, measure="PHQ-9",
                     improvement="decrease").summary
    assert len(g) == 1
    row = g.iloc[0]
    assert (row["pregain_session"], row["postgain_session"]) == (23, 24)
    assert row["magnitude"] >= 6 and not bool(row["reversed"])
    assert abs(row["crit3_critical_value"] - 2.776) < 1e-3       # t_.975(4), 3 + 3 scores


@pytest.mark.parametrize("noise, kwargs", [("window", {"noise_window": (19, 34)}),
                                           ("mad", {})])
def test_rupture_criteria(totals, noise, kwargs):
    from casekit.alliance import rupture_repair
    wai = _series(totals, "WAI-SR")
    two_sd = rupture_repair(wai, criterion="stiles2sd", noise=noise, instrument="WAI-SR",
                            **kwargs).summary
    gumz = rupture_repair(wai, criterion="gumz", noise=noise, instrument="WAI-SR", sd=8.0,
                          reliability=0.91, **kwargs).summary
    one_sd = rupture_repair(wai, criterion="strauss1sd", noise=noise, instrument="WAI-SR",
                            **kwargs).summary
    assert two_sd["start"].tolist() == [5, 8, 14, 37]
    assert (two_sd["status"] == "repaired").all()
    assert (two_sd["repair_session"] - two_sd["start"] <= 2).all()
    assert gumz["start"].tolist() == [5, 8, 14]
    assert len(one_sd) > len(two_sd)                               # over-detection
    assert 3 not in set(one_sd["start"])                           # intake rupture: no drop


def test_alliance_changes_before_symptoms(totals):
    try:
        from casekit.changepoint import amoc, pettitt
    except ImportError:  # pragma: no cover - module not yet available
        pytest.skip("casekit.changepoint not available")
    wai, phq = _series(totals, "WAI-SR"), _series(totals, "PHQ-9")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", casekit.AutocorrelationWarning)
        a_w, a_p = amoc(data=wai).session, amoc(data=phq).session
        p_w, p_p = pettitt(data=wai).session, pettitt(data=phq).session
    assert 17 <= a_w <= 21 and 17 <= p_w <= 21
    assert a_p in (23, 24) and p_p in (23, 24)
