"""Picking one case from a multi-case file: ``case=`` of read_sessions / read_events /
read_phases.

``case=`` means "the case this table is about": it labels a source without a case column and
selects the rows of that case from a source with one (casekit.io, Notes of read_sessions). The
rule kept throughout: a stated case never silently replaces a different one in the data (an
absent case is an error listing the cases present; a blank case cell is a problem), and the
``row`` of every problem stays the 0-based row of the source. Small tables built here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import read_events, read_phases, read_sessions
from casekit.exceptions import CaseDataError

LONG = ("case,session,measure,value\n"
        "a,1,PHQ-9,12\n"
        "b,1,PHQ-9,x\n"        # row 1: unreadable, but case b's
        "a,2,PHQ-9,10\n"
        "b,2,PHQ-9,40\n"       # row 3: out of range, case b's
        "a,3,PHQ-9,-9\n")      # row 4: sentinel of case a


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_case_selects_rows_of_that_case(tmp_path):
    df = read_sessions(write(tmp_path, "two.csv", LONG), case="a")
    assert df["case"].tolist() == ["a", "a", "a"]
    assert df["session"].tolist() == [1, 2, 3]
    np.testing.assert_array_equal(df["value"], [12.0, 10.0, np.nan])
    assert df["missing_code"].tolist()[2] == "-9"
    assert list(df.index) == [0, 1, 2]
    assert df.attrs["casekit"]["selected_case"] == "a"
    assert df.attrs["casekit"]["other_case_rows"] == 2


def test_other_cases_problems_are_not_reported_but_are_without_case(tmp_path):
    path = write(tmp_path, "two.csv", LONG)
    read_sessions(path, case="a")   # case b's bad cells do not concern case a
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, case="b")
    p = exc.value.problems
    # rows are rows of the source file, not of the selection
    assert sorted(p["row"].tolist()) == [1, 3]
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path)
    assert sorted(exc.value.problems["row"].tolist()) == [1, 3]


def test_absent_case_is_an_error_listing_the_cases(tmp_path):
    path = write(tmp_path, "two.csv", LONG)
    with pytest.raises(ValueError, match=r"case='zz' is not in the ratings source; cases "
                                         r"present: 'a', 'b'"):
        read_sessions(path, case="zz")
    # a one-case file with its own case column is never relabelled
    one = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "PHQ-9",
                        "value": [3.0, 4.0]})
    with pytest.raises(ValueError, match="cases present: 'c1'") as exc:
        read_sessions(one, case="C1")
    assert not isinstance(exc.value, CaseDataError)


@pytest.mark.filterwarnings("ignore::casekit.exceptions.MissedSessionWarning")
def test_blank_case_cell_is_a_problem_with_the_others(tmp_path):
    text = LONG + ",4,PHQ-9,9\na,5,PHQ-9,y\n"   # row 5: blank case; row 6: case a, bad value
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "blank.csv", text), case="a")
    p = exc.value.problems
    assert p[["row", "column"]].values.tolist() == [[6, "value"], [5, "case"]]
    assert "cannot be told to belong to case 'a'" in p["problem"].iloc[1]


def test_source_without_case_column_is_labelled():
    wide = pd.DataFrame({"session": [1, 2], "PHQ9_1": [3, 2], "PHQ9_2": [1, 0]})
    df = read_sessions(wide, case="c1", measures={"PHQ-9": r"PHQ9_(?P<item>\d+)"},
                       validate=False)
    assert df["case"].unique().tolist() == ["c1"]
    assert "selected_case" not in df.attrs["casekit"]


def test_numeric_case_ids_compare_as_text(tmp_path):
    text = "case,session,measure,value\n1,1,SRS,30\n2,1,SRS,31\n1,2,SRS,32\n"
    df = read_sessions(write(tmp_path, "num.csv", text), case=1)
    assert df["case"].tolist() == ["1", "1"] and df["value"].tolist() == [30.0, 32.0]


def test_wide_multi_case_file_keeps_source_rows_and_columns(tmp_path):
    text = ("case,session,PHQ9_1,PHQ9_2\n"
            "a,1,3,2\n"
            "b,1,1,zz\n"      # row 1, case b
            "a,2,2,q\n")      # row 2, case a: column PHQ9_2
    path = write(tmp_path, "wide.csv", text)
    spec = {"PHQ-9": r"PHQ9_(?P<item>\d+)"}
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, case="a", measures=spec, validate=False)
    assert exc.value.problems[["row", "column"]].values.tolist() == [[2, "PHQ9_2"]]
    df = read_sessions(path, case="b", measures=spec, validate=False,
                       sentinels=("zz",))
    assert df[["session", "item"]].values.tolist() == [[1, 1], [1, 2]]
    assert df["missing_code"].isna().tolist() == [True, False]
    assert df["missing_code"].iloc[1] == "zz"
    assert df.attrs["casekit"]["other_case_rows"] == 2


def test_redcap_record_is_selected():
    export = pd.DataFrame({
        "record_id": ["101", "101", "101", "102"],
        "redcap_event_name": ["session_1_arm_1", "session_2_arm_1", "intake_arm_1",
                              "session_1_arm_1"],
        "phq9_1": ["3", "2", "3", "1"],
        "phq9_complete": ["2", "1", "2", "2"],
    })
    spec = {"PHQ-9": r"phq9_(?P<item>\d+)"}
    # record 101 has an event without a session (row 2); record 102 is readable on its own
    df = read_sessions(export, format="redcap", measures=spec, case="102", validate=False)
    assert df[["case", "session", "value"]].values.tolist() == [["102", 1, 1.0]]
    with pytest.raises(CaseDataError) as exc:
        read_sessions(export, format="redcap", measures=spec, case="101", validate=False)
    assert exc.value.problems[["row", "column"]].values.tolist() == [[2, "redcap_event_name"]]


def test_spec_case_key_selects_too(tmp_path):
    df = read_sessions(write(tmp_path, "two.csv", LONG), spec={"case": "a"})
    assert df["case"].unique().tolist() == ["a"]


EVENTS = pd.DataFrame({"case": ["a", "b", "a", "b"], "session": [1, 2, 3, 1],
                       "event": ["rupture_noted", "repair_noted", "life_event", "no_such_type"],
                       "note": ["", "", "move", ""]})


def test_read_events_selects_and_reports_source_rows():
    ev = read_events(EVENTS, case="a")
    assert ev["session"].tolist() == [1, 3] and ev["event"].tolist() == ["rupture_noted",
                                                                         "life_event"]
    assert ev.attrs["casekit"] == {"selected_case": "a", "other_case_rows": 2}
    with pytest.raises(CaseDataError) as exc:
        read_events(EVENTS, case="b")
    p = exc.value.problems
    assert p["row"].tolist() == [3] and p["table"].tolist() == ["events"]
    with pytest.raises(ValueError, match=r"case='c' is not in the events source; cases "
                                         r"present: 'a', 'b'"):
        read_events(EVENTS, case="c")
    # no case column: labelled, as before
    ev = read_events(EVENTS.drop(columns="case").iloc[:1], case="z")
    assert ev["case"].tolist() == ["z"]


def test_read_events_blank_case_cell():
    ev = EVENTS.iloc[:3].copy()
    ev.loc[1, "case"] = ""
    with pytest.raises(CaseDataError) as exc:
        read_events(ev, case="a")
    p = exc.value.problems
    assert p[["row", "column", "table"]].values.tolist() == [[1, "case", "events"]]


PHASES = pd.DataFrame({"case": ["a", "a", "b", "b"], "phase": ["A", "B", "A", "B"],
                       "start": [1, 4, 1, 3], "end": [3, 8, 4, 6],   # case b: overlap
                       "role": ["baseline", "intervention", "baseline", "intervention"],
                       "definition": "a_priori"})


def test_read_phases_selects_and_reports_source_rows():
    ph = read_phases(PHASES, case="a")
    assert ph[["phase", "start", "end"]].values.tolist() == [["A", 1, 3], ["B", 4, 8]]
    assert ph.attrs["casekit"]["selected_case"] == "a"
    with pytest.raises(CaseDataError) as exc:
        read_phases(PHASES, case="b")
    p = exc.value.problems
    assert p[["row", "column", "table"]].values.tolist() == [[3, "start", "phases"]]
    assert "overlaps" in p["problem"].iloc[0]
    with pytest.raises(ValueError, match="cases present: 'a', 'b'"):
        read_phases(PHASES, case="x")
    ph = read_phases(PHASES.drop(columns="case").iloc[:2], case="k")
    assert ph["case"].tolist() == ["k", "k"]


def test_places_in_the_file_survive_case_selection(tmp_path):
    text = ("case,session,measure,value\n"
            "a,1,PHQ-9,12\nb,1,PHQ-9,3\nb,2,PHQ-9,4\na,2,PHQ-9,30\n")   # row 5: case a, 30
    path = write(tmp_path, "two.csv", text)
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, case="a")
    p = exc.value.problems
    assert p[["row", "source_row", "where"]].values.tolist() == [
        [3, 5, "two.csv, row 5, column 'value'"]]
    df = read_sessions(path, case="a", validate=False)
    rep = casekit.validate(df, raise_on_error=False, warn=False)
    # validate: the row label of the selected table (1), the place in the file (row 5)
    assert rep.problems[["row", "source_row"]].values.tolist() == [[1, 5]]
