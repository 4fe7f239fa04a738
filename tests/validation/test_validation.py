"""casekit.validate: every class of bad input is reported, with its rows, all at once.

Instrument ranges are those of the registry (PHQ-9 items 0-3, total 0-27: Kroenke, Spitzer &
Williams 2001, doi:10.1046/j.1525-1497.2001.016009606.x). The event vocabulary, phase roles and
definitions are those of casekit.schema (case-narrative data proposal §5).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataError, CaseDataWarning, MissedSessionWarning
from casekit.validation import ValidationReport


def ratings(n=4, case="c1", measure="PHQ-9", **extra):
    df = pd.DataFrame({"case": case, "session": np.arange(1, n + 1), "measure": measure,
                       "scale": "total", "value": np.linspace(20, 8, n)})
    for k, v in extra.items():
        df[k] = v
    return df


def phq_items(session=1, values=(3, 2, 1, 0, 1, 2, 3, 0, 0), case="c1"):
    return pd.DataFrame({"case": case, "session": session, "measure": "PHQ-9",
                         "item": np.arange(1, 10), "value": np.asarray(values, float)})


def problems_of(df, **kw):
    with pytest.raises(CaseDataError) as exc:
        casekit.validate(df, **kw)
    return exc.value.problems


def test_clean_data_pass_and_report_prints():
    rep = casekit.validate(ratings())
    assert isinstance(rep, ValidationReport) and isinstance(rep, casekit.Result)
    assert rep.ok and rep.n_problems == 0 and rep.n_warnings == 0
    assert rep.to_text().startswith("Validation OK: 0 problems, 0 warnings")
    assert "<table" in rep._repr_html_()


def test_case_data_error_is_value_error():
    assert issubclass(CaseDataError, ValueError)


def test_missing_required_columns():
    p = problems_of(ratings().drop(columns=["session", "value"]))
    assert set(p["column"]) == {"session", "value"}
    assert p["row"].isna().all()
    assert p["problem"].str.contains("required column").all()


def test_duplicate_keys_name_every_row():
    df = pd.concat([ratings(), ratings().iloc[[1]]], ignore_index=True)
    p = problems_of(df)
    assert p["row"].tolist() == [1, 4]
    assert p["problem"].str.startswith("duplicate key (case, session, measure, scale)").all()


def test_duplicates_distinguished_by_rater_or_item_are_fine():
    a = ratings(measure="X").assign(rater="client")
    b = ratings(measure="X").assign(rater="therapist")
    assert casekit.validate(pd.concat([a, b], ignore_index=True)).ok


def test_non_numeric_values_and_sessions():
    df = ratings(measure="X").astype({"value": object, "session": object})
    df.loc[1, "value"] = "abc"
    df.loc[2, "session"] = "third"
    df.loc[3, "session"] = 3.5
    p = problems_of(df)
    got = {(r.row, r.column): r.problem for r in p.itertuples()}
    assert got[(1, "value")].startswith("value is not a number")
    assert got[(2, "session")] == "session is not a number"
    assert got[(3, "session")] == "session must be a whole number"


def test_missing_keys_and_infinite_values():
    df = ratings(measure="X")
    df.loc[0, "case"] = None
    df.loc[2, "value"] = np.inf
    p = problems_of(df)
    assert {(r.row, r.column) for r in p.itertuples()} == {(0, "case"), (2, "value")}


def test_missing_code_on_present_value():
    df = ratings(measure="X", missing_code=[None, "-9", None, None])
    p = problems_of(df)
    assert p[["row", "column"]].values.tolist() == [[1, "missing_code"]]


def test_item_and_total_ranges_of_registry_instrument():
    items = phq_items(values=(3, 4, 1, 0, 1, 2, 3, 0, -1))
    items.loc[5, "value"] = 1.5
    extra_item = phq_items(session=2).iloc[[0]].assign(item=10, value=1.0)
    total = ratings(n=3).assign(value=[30.0, 12.0, 11.0])
    df = pd.concat([items, extra_item, total], ignore_index=True)
    p = problems_of(df)
    msgs = dict(zip(p["row"], p["problem"], strict=True))
    assert msgs[1] == "value 4 outside the PHQ-9 item range 0–3"
    assert msgs[8] == "value -1 outside the PHQ-9 item range 0–3"
    assert msgs[5] == "PHQ-9 items are whole numbers; got 1.5"
    assert msgs[9] == "PHQ-9 has items 1–9; got item 10"
    assert msgs[10] == "value 30 outside the range 0–27 of PHQ-9 scale 'total'"
    assert len(p) == 5


def test_unknown_scale_of_instrument():
    p = problems_of(ratings().assign(scale="somatic"))
    assert p["problem"].str.contains("PHQ-9 has no scale 'somatic'").all()
    assert len(p) == 4


def test_unknown_measures_are_fine_unless_named():
    df = ratings(measure="my diary")
    assert casekit.validate(df).ok
    p = problems_of(df, instruments=["my diary"])
    assert p["problem"].iloc[0].startswith("unknown instrument")
    p = problems_of(df, instruments={"PHQ": "PHQ-9"})
    assert "not in the data" in p["problem"].iloc[0]
    # a mapping puts a data label under an instrument's ranges
    df = ratings(measure="phq_total").assign(value=[3.0, 40.0, 5.0, 6.0])
    assert casekit.validate(df).ok
    p = problems_of(df, instruments={"phq_total": "PHQ-9"})
    assert p[["row", "column"]].values.tolist() == [[1, "value"]]


def test_dates_going_backwards_and_unreadable():
    df = ratings(n=4, measure="X", date=["2024-01-01", "2024-01-08", "2024-01-05",
                                         "not a date"])
    p = problems_of(df)
    got = {(r.row, r.column): r.problem for r in p.itertuples()}
    assert got[(2, "date")].startswith("date of session 3 of case 'c1' is earlier")
    assert got[(3, "date")].startswith("date cannot be read")


def test_phase_column_two_phases_in_one_session():
    df = pd.concat([ratings(measure="X"), ratings(measure="Y")], ignore_index=True)
    df["phase"] = ["A", "A", "B", "B", "A", "B", "B", "B"]
    p = problems_of(df)
    assert p["problem"].tolist() == ["session 2 of case 'c1' has 2 different phases"]


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


def test_several_problem_classes_in_one_error():
    df = ratings(n=5).astype({"value": object})
    df.loc[0, "value"] = "n/a"                      # non-numeric
    df.loc[1, "value"] = 28.0                       # out of range
    df = pd.concat([df, df.iloc[[3]]], ignore_index=True)   # duplicate (rows 3 and 5)
    df["date"] = ["2024-01-01", "2024-01-08", "2024-01-03", "2024-01-22", "2024-01-29",
                  "2024-01-22"]
    ev = events_table([["c1", 7, "note", ""]])
    ph = phases_table([["c1", "A", 1, 2, "baseline", "post_hoc"]])
    with pytest.raises(CaseDataError) as exc:
        casekit.validate(df, events=ev, phases=ph)
    p = exc.value.problems
    kinds = {"value is not a number", "outside the range", "duplicate key", "is earlier than",
             "which has no ratings", "not covered by any phase"}
    for k in kinds:
        assert p["problem"].str.contains(k, regex=False).any(), k
    assert list(p.columns[:4]) == ["row", "column", "value", "problem"]
    msg = str(exc.value)
    assert msg.splitlines()[0] == f"{len(p)} problems found in the data:"
    assert "row 0" in msg and "row 5" in msg


def test_report_without_raising_holds_problems_and_warnings():
    df = ratings(n=4, measure="X").assign(session=[1, 2, 5, 6])
    df.loc[0, "value"] = np.inf
    with pytest.warns(MissedSessionWarning, match="no ratings for sessions 3–4"):
        rep = casekit.validate(df, raise_on_error=False)
    assert not rep.ok and rep.n_problems == 1 and rep.n_warnings == 1
    assert rep.warnings["warning"].tolist() == ["MissedSessionWarning"]
    s = rep.summary
    assert s["severity"].tolist() == ["error", "warning"]
    assert "Validation FAILED: 1 problem, 1 warning" in repr(rep)
    with pytest.raises(CaseDataError):
        rep.raise_if_problems()


def test_single_missed_session_wording_and_quiet_mode():
    df = ratings(n=3, measure="X").assign(session=[1, 3, 4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rep = casekit.validate(df, warn=False)
    assert rep.warnings["problem"].tolist() == ["case 'c1': no ratings for session 2"]


def test_imported_total_disagreeing_with_items_warns():
    items = phq_items(values=(3, 2, 1, 0, 1, 2, 3, 0, 0))           # sum 12
    good = pd.DataFrame({"case": "c1", "session": [1], "measure": "PHQ-9", "scale": "total",
                         "value": [12.0]})
    df = pd.concat([items, good], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert casekit.validate(df).n_warnings == 0
    bad = good.assign(value=13.0)
    df = pd.concat([items, bad], ignore_index=True)
    with pytest.warns(CaseDataWarning, match=r"imported PHQ-9 total 13 .* disagrees with the "
                                             r"sum of its items \(12\)"):
        rep = casekit.validate(df)
    assert rep.ok and rep.warnings["row"].tolist() == [9]


def test_totals_not_checked_when_items_incomplete():
    items = phq_items(values=(3, 2, 1, 0, 1, 2, 3, 0, np.nan))
    bad = pd.DataFrame({"case": "c1", "session": [1], "measure": "PHQ-9", "scale": "total",
                        "value": [20.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert casekit.validate(pd.concat([items, bad], ignore_index=True)).n_warnings == 0


def test_type_errors_name_the_argument():
    with pytest.raises(TypeError, match="ratings must be a pandas DataFrame"):
        casekit.validate([1, 2, 3])
    with pytest.raises(TypeError, match="events must be a pandas DataFrame"):
        casekit.validate(ratings(), events="events.csv")


def test_totals_use_reverse_keys_and_raters():
    # CORE-10 items 2 and 3 are reverse keyed (0-4): raw 0 counts as 4 (registry entry)
    raw = [2, 0, 0, 2, 2, 2, 2, 2, 2, 2]                 # raw sum 16, keyed sum 24
    rows = []
    for rater, total in (("client", 24.0), ("therapist", 16.0)):
        rows += [{"case": "c1", "session": 1, "measure": "CORE-10", "rater": rater,
                  "item": k + 1, "value": float(v)} for k, v in enumerate(raw)]
        rows.append({"case": "c1", "session": 1, "measure": "CORE-10", "rater": rater,
                     "scale": "total", "value": total})
    df = pd.DataFrame(rows)
    with pytest.warns(CaseDataWarning, match=r"imported CORE-10 total 16 .* \(24\)"):
        rep = casekit.validate(df)
    assert rep.warnings["row"].tolist() == [21]


def test_scale_checks_for_mean_scored_subscales():
    # WAI-SR subscales are sums of 4 items (4-20); a 'goal' of 21 is out of range
    df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "WAI-SR",
                       "scale": ["goal", "goal"], "value": [12.0, 21.0]})
    p = problems_of(df)
    assert p["problem"].tolist() == ["value 21 outside the range 4–20 of WAI-SR scale 'goal'"]
