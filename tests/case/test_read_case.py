"""``casekit.read_case``: an author's files read, the case picked, validated together once."""

from __future__ import annotations

import hashlib
import warnings

import pandas as pd
import pytest

import casekit as ck
from casekit.datasets import CaseData


def ratings(case="C1", sessions=(1, 2, 3, 5, 6), values=(18, 17, 15, 9, 8)):
    out = pd.DataFrame({"session": list(sessions), "measure": "PHQ-9", "scale": "total",
                        "value": [float(v) for v in values]})
    if case is not None:
        out.insert(0, "case", case)
    return out


def events(case="C1"):
    out = pd.DataFrame({"session": [2, 4], "event": ["rupture_noted", "missed_session"],
                        "note": ["", "holiday"]})
    if case is not None:
        out.insert(0, "case", case)
    return out


def test_a_table_without_a_case_column_is_labelled():
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # the gap at session 4 is collected, not emitted
        case = ck.read_case(ratings(case=None), events=events(case=None), case="C1")
    assert isinstance(case, CaseData)
    assert case.case == "C1" and case.validated
    assert set(case.ratings["case"]) == {"C1"} and set(case.events["case"]) == {"C1"}
    assert case.warnings["problem"].str.contains("session 4").any()
    assert case.sources["kind"].tolist() == ["dataframe", "dataframe"]
    text = ratings(case=None).to_csv(index=False, lineterminator="\n").encode()
    assert case.checksums["ratings"] == hashlib.sha256(text).hexdigest()
    assert not case.simulated


def test_files_keep_their_names_without_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    r = tmp_path / "sub" / "sessions.csv"
    ratings().to_csv(r, index=False)
    e = tmp_path / "events.csv"
    events().to_csv(e, index=False)
    case = ck.read_case(r, events=e)
    assert case.files == {"ratings": "sessions.csv", "events": "events.csv"}
    assert case.checksums["ratings"] == hashlib.sha256(r.read_bytes()).hexdigest()
    assert case.source == "sessions.csv; events.csv"
    assert str(tmp_path) not in repr(case)


def test_the_case_is_picked_from_a_file_with_several(tmp_path):
    both = pd.concat([ratings("C1"), ratings("C2", values=(10, 10, 11, 12, 12))])
    ev = pd.concat([events("C1"), events("C2")])
    case = ck.read_case(both, events=ev, case="C2")
    assert case.case == "C2" and set(case.events["case"]) == {"C2"}
    assert case.ratings["value"].tolist() == [10, 10, 11, 12, 12]
    with pytest.raises(ck.ArgumentError, match=r"2 cases \('C1', 'C2'\); choose one with "
                                               r"case="):
        ck.read_case(both)
    with pytest.raises(ck.ArgumentError, match="no case column: name the case with case="):
        ck.read_case(ratings(case=None))


def test_every_problem_of_every_table_at_once():
    bad = ratings(values=(18, 17, 31, 9, 8))               # 31 is outside PHQ-9's 0-27
    ev = events()
    ev.loc[0, "session"] = 3
    ev.loc[1, "event"] = "lunch"                           # an unknown event type
    ph = pd.DataFrame({"case": "C1", "phase": ["A", "B"], "start": [1, 3], "end": [2, 5],
                       "role": ["baseline", "treatment"], "definition": "a_priori"})
    with pytest.raises(ck.CaseDataError) as err:
        ck.read_case(bad, events=ev, phases=ph)
    p = err.value.problems
    assert set(p["table"]) == {"ratings", "events", "phases"}
    text = " ".join(p["problem"])
    values = set(p["value"].astype(str))
    assert "outside the range" in text and {"lunch", "treatment"} <= values
    assert "session 6 of case 'C1' is not covered by any phase" in text
    assert len(p) == 5   # also: the 'lunch' event sits on session 4, which has no ratings


def test_unreadable_ratings_still_report_the_other_tables(tmp_path):
    r = tmp_path / "sessions.csv"
    r.write_text("case,session,measure,scale,value\nC1,1,PHQ-9,total,1O\n", encoding="utf-8")
    ev = events()
    ev.loc[1, "event"] = "lunch"
    with pytest.raises(ck.CaseDataError) as err:
        ck.read_case(r, events=ev)
    p = err.value.problems
    assert set(p["table"]) == {"ratings", "events"}
    assert p.loc[p["table"] == "ratings", "where"].iloc[0].startswith("sessions.csv, row 2")


def test_load_case_gives_the_same_kind_of_object():
    bundle = ck.datasets.load_case("SIM-NPD-01")
    assert isinstance(bundle, CaseData) and bundle.validated and bundle.simulated
    assert bundle.files["ratings"] == "sim_npd_01_ratings.csv"
    assert len(bundle.checksums["ratings"]) == 64
    own = ck.read_case(bundle.ratings, events=bundle.events, phases=bundle.phases)
    assert own.simulated          # the frames carry the dataset's simulation flag
    assert own.case == bundle.case and own.validated
