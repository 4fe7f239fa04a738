"""casekit.validate with phase and event tables (roles, overlaps, coverage, event sessions).

The event vocabulary, phase roles and definitions are those of casekit.schema (case-narrative
data proposal §5).
"""

from __future__ import annotations

import pandas as pd

import casekit

from ._helpers import problems_of, ratings


def phases_table(rows):
    return pd.DataFrame(rows, columns=["case", "phase", "start", "end", "role", "definition"])


def test_phase_table_problems_all_reported():
    ph = phases_table([
        ["c1", "A", 1, 2, "baseline", "a_priori"],
        ["c1", "B", 2, 3, "treatment", "a_priori"],      # overlap + bad role
        ["c1", "C", 6, 5, "follow_up", "guess"],         # start > end + bad definition
        ["c9", "A", 1, 2, "baseline", "a_priori"],       # case without ratings
    ])
    p = problems_of(ratings(n=4, measure="X"), phases=ph)
    by = {(r.table, r.row, r.column): r.problem for r in p.itertuples()}
    assert by[("phases", 1, "role")].startswith("role must be one of 'baseline'")
    assert by[("phases", 2, "definition")].startswith("definition must be one of")
    assert by[("phases", 2, "start")] == "start 6 is after end 5"
    assert by[("phases", 1, "start")].startswith("phase 'B' of case 'c1' (2–3) overlaps")
    assert by[("phases", 3, "case")].startswith("phase table names case 'c9'")
    # session 4 is covered by no phase (row 3 of the ratings)
    assert by[("ratings", 3, "session")].startswith("session 4 of case 'c1' is not covered")


def test_phase_table_disagreeing_with_phase_column():
    ph = phases_table([["c1", "A", 1, 2, "baseline", "a_priori"],
                       ["c1", "B", 3, 4, "intervention", "a_priori"]])
    df = ratings(measure="X", phase=["A", "A", "A", "B"])
    p = problems_of(df, phases=ph)
    assert p[["table", "row", "column"]].values.tolist() == [["ratings", 2, "phase"]]
    assert casekit.validate(ratings(measure="X", phase=["A", "A", "B", "B"]), phases=ph).ok


def test_phase_table_missing_columns():
    ph = phases_table([["c1", "A", 1, 4, "baseline", "a_priori"]]).drop(columns="definition")
    p = problems_of(ratings(measure="X"), phases=ph)
    assert p[["table", "column"]].values.tolist() == [["phases", "definition"]]


def events_table(rows):
    return pd.DataFrame(rows, columns=["case", "session", "event", "note"])


def test_event_problems_and_custom_types():
    ev = events_table([
        ["c1", 2, "rupture_noted", "withdrawal"],
        ["c1", 9, "repair_noted", "session 9 was never rated"],
        ["c2", 1, "note", "unknown case"],
        ["c1", 3, "dream_report", "custom type"],
        ["c1", None, "note", "no session, no date"],
    ])
    p = problems_of(ratings(measure="X"), events=ev)
    by = {(r.row, r.column): r.problem for r in p.itertuples()}
    assert by[(1, "session")] == "event on session 9 of case 'c1', which has no ratings"
    assert by[(2, "case")] == "event on case 'c2', which has no ratings"
    assert by[(3, "event")].startswith("unknown event type 'dream_report'; valid types: "
                                       "rupture_noted")
    assert by[(4, "session")].startswith("session is missing")
    assert len(p) == 4
    p = problems_of(ratings(measure="X"), events=ev, event_types=["dream_report"])
    assert len(p) == 3


def test_missed_session_event_on_a_session_without_ratings_is_fine():
    ev = events_table([["c1", 9, "missed_session", "cancelled"], ["c1", 9, "note", "x"]])
    p = problems_of(ratings(measure="X"), events=ev)
    assert p[["table", "row"]].values.tolist() == [["events", 1]]
    assert casekit.validation.validate_events(ev.iloc[[0]], ratings=ratings(measure="X")).ok


def test_coverage_of_many_cases_with_and_without_overlaps():
    r = pd.concat([ratings(n=6, case=f"k{i}", measure="X") for i in range(50)],
                  ignore_index=True)
    rows = []
    for i in range(50):
        rows += [[f"k{i}", "A", 1, 3, "baseline", "a_priori"],
                 [f"k{i}", "B", 4, 5 if i == 7 else 6, "intervention", "a_priori"]]
    p = problems_of(r, phases=phases_table(rows))
    assert p[["table", "row", "column"]].values.tolist() == [["ratings", 47, "session"]]
    assert p["problem"].iloc[0] == ("session 6 of case 'k7' is not covered by any phase of "
                                    "the phase table")
    rows[1][3] = 2   # case k0: B 4-2 is start > end; A and B no longer cover sessions 4-6
    rows[3][2] = 3   # case k1: B starts at 3, overlapping A
    p = problems_of(r, phases=phases_table(rows))
    assert {(t, c) for t, c in p[["table", "column"]].values.tolist()} == {
        ("phases", "start"), ("ratings", "session")}
    assert casekit.validation.validate_phases(phases_table(rows[4:]), raise_on_error=False).ok
