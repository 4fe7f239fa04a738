"""The rule that chooses the comparison of a case (``casekit.choose_comparison``).

Rules, in order (at least 5 scores per period, Kratochwill et al. 2013,
doi:10.1177/0741932512452794): (0) the caller's phases; (1) baseline phase vs last phase;
(2) split at the first ``phase_change`` / ``contract_agreed`` event leaving 5 scores on each
side; (3) first phase with 5 scores vs last phase; (4) baseline vs last, flagged. Scores are
counted, so missed sessions do not count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit as ck
from casekit.case import ComparisonResult, choose_comparison


def phases(*spans, definition="a_priori", roles=None):
    names = [f"P{i}" for i in range(len(spans))]
    roles = roles or ["baseline"] + ["intervention"] * (len(spans) - 1)
    return pd.DataFrame({"case": "c", "phase": names, "start": [a for a, _ in spans],
                         "end": [b for _, b in spans], "role": roles,
                         "definition": definition})


def events(*pairs):
    return pd.DataFrame({"case": "c", "session": [s for s, _ in pairs],
                         "event": [e for _, e in pairs], "note": ""})


def scores(sessions, measure="PHQ-9", missing=()):
    sessions = list(sessions)
    values = [np.nan if s in missing else 10.0 for s in sessions]
    return pd.DataFrame({"case": "c", "session": sessions, "measure": measure,
                         "scale": "total", "value": values})


def test_rule_1_baseline_against_last_phase():
    res = choose_comparison(scores(range(1, 21)), phases=phases((1, 6), (7, 14), (15, 20)),
                            measure="PHQ-9")
    assert isinstance(res, ComparisonResult)
    assert (res.kind, res.rule, res.baseline, res.treatment) == ("phases", 1, "P0", "P2")
    assert res.baseline_sessions == (1, 6) and res.treatment_sessions == (15, 20)
    assert (res.n_baseline, res.n_treatment) == (6, 6)
    assert res.reference_phase == "P0" and res.definition == "a_priori"
    assert res.label == "P0 (sessions 1–6) vs P2 (sessions 15–20)"
    assert res.reason.startswith("rule 1: the baseline phase P0 has 6 PHQ-9 scores")


def test_rule_1_takes_the_phase_with_the_baseline_role():
    res = choose_comparison(sessions=range(1, 21), phases=phases(
        (1, 2), (3, 9), (10, 20), roles=["follow_up", "baseline", "intervention"]))
    assert (res.rule, res.baseline, res.treatment) == (1, "P1", "P2")
    assert res.counted == "rated sessions"


def test_rule_2_splits_at_the_first_event_that_leaves_five_scores_each_side():
    ev = events((3, "contract_agreed"), (8, "phase_change"), (12, "contract_agreed"))
    res = choose_comparison(scores(range(1, 21)), phases=phases((1, 3), (4, 20)), events=ev,
                            measure="PHQ-9")
    # the event of session 3 leaves 3 scores before it: the one of session 8 is the first
    assert (res.kind, res.rule, res.split_session, res.event) == ("event", 2, 8,
                                                                  "phase_change")
    assert res.baseline_sessions == (1, 8) and res.treatment_sessions == (9, 20)
    assert (res.n_baseline, res.n_treatment) == (8, 12)
    assert res.definition == "post_hoc"
    assert res.reason.startswith("rule 2: the baseline phase P0 has only 3 PHQ-9 scores")
    assert res.reference_phase == "P1"   # the first phase with 5 scores
    assert res.label == "sessions 1–8 (up to the phase change event) vs sessions 9–20"


def test_rule_2_without_phases():
    res = choose_comparison(sessions=range(1, 13), events=events((6, "contract_agreed")))
    assert (res.kind, res.rule, res.split_session) == ("event", 2, 6)
    assert res.reference_phase is None
    assert "no phase table" in res.reason


def test_rule_3_first_phase_with_five_scores():
    res = choose_comparison(scores(range(1, 31)), phases=phases((1, 3), (4, 10), (11, 30)),
                            events=events((20, "note")), measure="PHQ-9")
    assert (res.rule, res.baseline, res.treatment) == (3, "P1", "P2")
    assert (res.n_baseline, res.n_treatment) == (7, 20)
    assert res.reference_phase == "P1" and not res.too_short


def test_rule_4_flags_periods_too_short():
    res = choose_comparison(sessions=range(1, 9), phases=phases((1, 3), (4, 6), (7, 8)))
    assert (res.rule, res.baseline, res.treatment, res.too_short) == (4, "P0", "P2", True)
    assert "too imprecise" in res.reason
    assert any("too imprecise" in n for n in res.notes)


def test_rule_0_the_callers_phases():
    p = phases((1, 3), (4, 10), (11, 20))
    res = choose_comparison(sessions=range(1, 21), phases=p, baseline_phase="P1")
    assert (res.rule, res.baseline, res.treatment) == (0, "P1", "P2")
    res = choose_comparison(sessions=range(1, 21), phases=p, treatment_phase="P1")
    assert (res.rule, res.baseline, res.treatment) == (0, "P0", "P1")


def test_missed_sessions_do_not_count():
    # P0 spans sessions 1-6 but sessions 2 and 4 were missed: 4 scores, so rule 1 fails and
    # the contract event (session 9: 7 scores before it) splits the series
    data = scores([1, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
    res = choose_comparison(data, phases=phases((1, 6), (7, 15)),
                            events=events((9, "contract_agreed")), measure="PHQ-9")
    assert (res.rule, res.n_baseline, res.n_treatment) == (2, 7, 6)
    # a missing value is a missed session too (NaN rows do not count)
    data = scores(range(1, 16), missing=(2, 4))
    res = choose_comparison(data, phases=phases((1, 6), (7, 15)), measure="PHQ-9")
    assert res.rule != 1 and res.n_baseline == 4
    res = choose_comparison(scores(range(1, 16)), phases=phases((1, 6), (7, 15)),
                            measure="PHQ-9")
    assert (res.rule, res.n_baseline) == (1, 6)


def test_other_measures_are_not_counted():
    data = pd.concat([scores(range(1, 21), "WAI-SR"), scores(range(1, 21, 2))])
    res = choose_comparison(data, phases=phases((1, 8), (9, 20)), measure="PHQ-9")
    assert (res.n_baseline, res.n_treatment, res.rule) == (4, 6, 4)
    res = choose_comparison(data, phases=phases((1, 8), (9, 20)), measure="CORE-10")
    assert res.counted == "rated sessions" and res.n_baseline == 8


def test_no_phases_and_no_event_is_no_comparison():
    res = choose_comparison(sessions=range(1, 21), events=events((3, "contract_agreed")))
    assert res.kind == "none" and res.rule is None and res.parts is None
    assert "no phases" in res.reason


def test_assign_labels_the_two_periods():
    res = choose_comparison(sessions=range(1, 21), phases=phases((1, 6), (7, 14), (15, 20)))
    out = res.assign(scores(range(1, 21)))
    assert out["comparison"].value_counts().to_dict() == {"P0": 6, "P2": 6}
    assert out["session"].tolist() == [*range(1, 7), *range(15, 21)]


def test_errors_name_the_argument():
    p = phases((1, 5), (6, 12))
    with pytest.raises(ck.ArgumentError, match="baseline_phase / treatment_phase"):
        choose_comparison(sessions=range(1, 13), baseline_phase="P0")
    with pytest.raises(ck.ArgumentError, match="valid: P0, P1"):
        choose_comparison(sessions=range(1, 13), phases=p, treatment_phase="B")
    with pytest.raises(ck.ArgumentError, match="both 'P0'"):
        choose_comparison(sessions=range(1, 13), phases=p, baseline_phase="P0",
                          treatment_phase="P0")
    with pytest.raises(ck.ArgumentError, match="data= or sessions="):
        choose_comparison(scores(range(1, 5)), sessions=range(1, 5))
