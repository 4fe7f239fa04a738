"""read_events and read_phases: types, checks, events on missed sessions."""

from __future__ import annotations

import pandas as pd
import pytest

import casekit
from casekit import CaseDataError
from casekit.io import read_events, read_phases


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_events_reader(tmp_path):
    text = ("case,session,event,note,source\n"
            "c1,1,rupture_noted,withdrawal,therapist_note\n"
            "c1,3,contract_agreed,,therapist_note\n")
    ratings = pd.DataFrame({"case": "c1", "session": [1, 2, 3], "measure": "X",
                            "value": [1.0, 2.0, 3.0]})
    ev = read_events(write(tmp_path, "e.csv", text), ratings=ratings)
    assert ev.columns.tolist() == ["case", "session", "event", "note", "source"]
    assert ev["session"].dtype == "Int64" and pd.isna(ev["note"].iloc[1])
    bad = text + "c1,x,coffee,,\nc1,9,note,,\n"
    with pytest.raises(CaseDataError) as exc:
        read_events(write(tmp_path, "e2.csv", bad), ratings=ratings)
    p = exc.value.problems
    assert sorted(p["row"].tolist()) == [2, 2, 3]
    assert set(p["table"]) == {"events"}


RATINGS = pd.DataFrame({"case": "c1", "session": [1, 2, 4], "measure": "X",
                        "value": [1.0, 2.0, 3.0]})


def test_missed_session_events_may_sit_on_sessions_without_ratings(tmp_path):
    text = ("case,session,event,note\nc1,3,missed_session,cancelled\n"
            "c1,3,life_event,moved\n")
    with pytest.raises(CaseDataError) as exc:
        read_events(write(tmp_path, "e.csv", text), ratings=RATINGS)
    p = exc.value.problems
    assert p["row"].tolist() == [1]          # the life event, not the missed session
    assert p["where"].tolist() == ["e.csv, row 3, column 'session'"]
    ev = read_events(write(tmp_path, "ok.csv", text.splitlines()[0] + "\n"
                           + text.splitlines()[1] + "\n"), ratings=RATINGS)
    assert casekit.validate(RATINGS, events=ev, warn=False).ok


def test_header_only_tables_are_empty_and_blank_files_an_error(tmp_path):
    ev = read_events(write(tmp_path, "e.csv", "case,session,event,note\n"))
    assert len(ev) == 0 and list(ev.columns) == ["case", "session", "event", "note"]
    with pytest.raises(CaseDataError, match="no events in b.csv: the file is empty"):
        read_events(write(tmp_path, "b.csv", "\n"))
    ph = read_phases(write(tmp_path, "p.csv", "case,phase,start,end,role,definition\n"))
    assert len(ph) == 0


def test_event_and_phase_problems_name_their_place(tmp_path):
    text = ("Events of client c1\n\ncase;session;event;note\nc1;1;note;x\nc1;2;coffee;\n")
    with pytest.raises(CaseDataError) as exc:
        read_events(write(tmp_path, "e.csv", text), header_row=3)
    p = exc.value.problems
    assert p[["row", "table", "where"]].values.tolist() == [
        [1, "events", "e.csv, row 5, column 'event'"]]
    ph = ("case,phase,start,end,role,definition\nc1,A,1,3,baseline,a_priori\n"
          "c1,B,3,6,intervention,a_priori\n")
    with pytest.raises(CaseDataError) as exc:
        read_phases(write(tmp_path, "p.csv", ph))
    assert exc.value.problems["where"].tolist() == ["p.csv, row 3, column 'start'"]
