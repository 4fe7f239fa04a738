"""read_sessions as a whole: argument errors, every problem in one error, the public names,
``columns=`` renames (for ratings, events and phases alike).

Review regressions kept here: a ``columns`` key naming no source column (``{"Sitz":
"session"}`` for a column ``Sitzung``) was ignored silently; a rename onto a name the source
already has (``{"Sitzung": "session"}`` when ``session`` exists) left two ``session`` columns and
failed deep inside pandas ("Data must be 1-dimensional"). Both raise, naming the argument.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import casekit
from casekit import CaseDataError
from casekit.exceptions import ArgumentError
from casekit.io import read_events, read_phases, read_sessions, write_sessions


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_argument_errors_list_options(tmp_path):
    with pytest.raises(ValueError, match="format must be one of 'csv', 'excel'"):
        read_sessions(tmp_path / "x.dta", format="stata")
    with pytest.raises(ValueError, match="cannot tell the format"):
        read_sessions(tmp_path / "x.dta")
    with pytest.raises(FileNotFoundError):
        read_sessions(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="layout must be one of 'long', 'wide'"):
        read_sessions(pd.DataFrame({"case": ["a"]}), layout="tall")
    with pytest.raises(ValueError, match="decimal must be one of"):
        read_sessions(pd.DataFrame({"case": ["a"]}), decimal=";")
    with pytest.raises(ValueError, match="REDCap exports only"):
        read_sessions(pd.DataFrame({"case": ["a"], "measure": "x", "value": 1, "session": 1}),
                      event_map={"a": 1})


def test_long_dataframe_source_validates(tmp_path):
    df = pd.DataFrame({"case": "c1", "session": [1, 2, 2], "measure": "PHQ-9",
                       "item": [1, 1, 1], "value": [1, 2, 2]})
    with pytest.raises(CaseDataError, match="duplicate key"):
        read_sessions(df)
    out = read_sessions(df.iloc[:2])
    assert out["value"].tolist() == [1.0, 2.0]
    # range checks reach back to file rows
    path = tmp_path / "w.csv"
    pd.DataFrame({"case": "c1", "session": [1, 2], "PHQ9_1": [1, 7],
                  "PHQ9_2": [0, 1]}).to_csv(path, index=False)
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, measures={"PHQ-9": r"PHQ9_(?P<item>\d+)"})
    assert exc.value.problems[["row", "column"]].values.tolist() == [[1, "PHQ9_1"]]


def test_public_names_resolve():
    assert casekit.read_sessions is read_sessions
    assert casekit.write_sessions is write_sessions
    assert casekit.read_events is read_events and casekit.read_phases is read_phases
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert casekit.validate is casekit.validation.validate


def test_file_with_several_problems_reports_all_in_one_error(tmp_path):
    text = ("case,session,date,measure,item,value\n"
            "c1,1,2024-01-08,PHQ-9,1,3\n"
            "c1,1,2024-01-08,PHQ-9,2,abc\n"          # row 1: not a number
            "c1,2,2024-01-01,PHQ-9,1,4\n"            # row 2: out of range + date backwards
            "c1,2,2024-01-01,PHQ-9,1,2\n"            # row 3: duplicate of row 2
            "c1,3,15/01/2024,PHQ-9,1,1\n"            # row 4: unreadable date
            "c1,x,2024-01-22,PHQ-9,1,1\n")           # row 5: session not a number
    for validate in (True, False):
        with pytest.raises(CaseDataError) as exc:
            read_sessions(write(tmp_path, "bad.csv", text), validate=validate)
        p = exc.value.problems
        found = {(r.row, r.column, r.problem[:30]) for r in p.itertuples()}
        assert (1, "value", "value (session 1) is neither a") in found
        assert (2, "value", "value 4 outside the PHQ-9 item") in found
        assert (2, "date", "date of session 2 of case 'c1'") in found
        assert (2, None, "duplicate key (case, session, ") in found
        assert (3, None, "duplicate key (case, session, ") in found
        assert (4, "date", "date (session 3) cannot be rea") in found
        assert (5, "session", "session is not a number") in found
        assert len(p) == 7


def test_user_columns_never_clash_with_internal_bookkeeping():
    df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "X", "value": [1.0, 2.0],
                       "_row": ["a", "b"], "_col": [7, 8]})
    out = read_sessions(df)
    assert out["_row"].tolist() == ["a", "b"] and out["_col"].tolist() == [7, 8]


RATINGS = pd.DataFrame({"case": "c1", "session": [1, 2, 3], "Sitzung": [4, 5, 6],
                        "measure": "PHQ-9", "value": [10.0, 8.0, 7.0]})


EVENTS = pd.DataFrame({"case": "c1", "session": [1], "Sitzung": [3], "event": ["life_event"],
                       "note": ["x"]})


PHASES = pd.DataFrame({"case": "c1", "phase": ["A"], "start": [1], "Ende": [3], "end": [3],
                       "role": ["baseline"], "definition": ["a_priori"]})


@pytest.mark.parametrize("reader, table, new", [(read_sessions, RATINGS, "session"),
                                                (read_events, EVENTS, "session"),
                                                (read_phases, PHASES, "end")])
def test_rename_onto_existing_column_raises(reader, table, new):
    old = "Sitzung" if new == "session" else "Ende"
    with pytest.raises(ValueError, match=f"columns=.*{new}"):
        reader(table, columns={old: new})


@pytest.mark.parametrize("reader, table", [(read_sessions, RATINGS), (read_events, EVENTS),
                                           (read_phases, PHASES)])
def test_rename_of_absent_column_raises(reader, table):
    with pytest.raises(ValueError, match="columns=.*Sitz"):
        reader(table, columns={"Sitz": "session"})


def test_rename_still_works():
    df = RATINGS.drop(columns="session").rename(columns={"Sitzung": "Sess"})
    out = read_sessions(df, columns={"Sess": "session"})
    assert out["session"].tolist() == [4, 5, 6]


def test_option_errors_name_their_argument(tmp_path):
    wide = pd.DataFrame({"case": "c1", "session": [1], "A_1": [1]})
    with pytest.raises(ArgumentError) as exc:
        read_sessions(wide, layout="wide")
    assert exc.value.argument == "measures, pattern"
    with pytest.raises(ArgumentError) as exc:
        read_sessions(wide, measures={"A": r"A_(?P<item>\d"})
    assert exc.value.argument == "measures"
    with pytest.raises(ArgumentError) as exc:
        read_sessions(wide, spec={"colums": {}, "case": "k"})
    assert exc.value.argument == "spec"
    with pytest.raises(ArgumentError) as exc:
        read_sessions(wide.assign(measure="X", value=1), measures={"A": "A_1"})
    assert exc.value.argument == "layout"
    with pytest.raises(ArgumentError) as exc:
        read_sessions(wide, header_row=2)
    assert exc.value.argument == "header_row, skip_rows"
    # a source that is neither long nor given a spec: a data problem naming the options
    with pytest.raises(CaseDataError) as exc:
        read_sessions(wide)
    assert exc.value.problems["argument"].tolist() == ["measures, pattern"]


def test_rephrase_says_the_options_in_other_words():
    from casekit.exceptions import rephrase
    text = ("8 dates in column 'Datum' are not in ISO 8601 YYYY-MM-DD: '08.01.2024'; set their "
            "format with date_format= (here probably '%d.%m.%Y')")
    out = rephrase(text, {"date_format": "the spec key date_format"})
    assert out.endswith("set their format with the spec key date_format (here probably "
                        "'%d.%m.%Y')")
    assert rephrase("pass sentinels= or na_values=", {"sentinels": "--sentinels"}) == \
        "pass --sentinels or na_values="
    assert rephrase("my_date_format= stays", {"date_format": "x"}) == "my_date_format= stays"


def test_rephrase_leaves_key_value_pairs_of_a_message_alone():
    # a duplicate-key problem names the row's key; the command line said "--case'S-02'"
    from casekit.exceptions import rephrase
    text = ("duplicate key (case, session, measure): case='S-02', session=10, "
            "measure='PHQ-9'; name the case with case=")
    out = rephrase(text, {"case": "--case", "measures": "the spec key measures"})
    assert out == ("duplicate key (case, session, measure): case='S-02', session=10, "
                   "measure='PHQ-9'; name the case with --case")
    assert rephrase("sheet=2 of sheet=", {"sheet": "--sheet"}) == "sheet=2 of --sheet"
