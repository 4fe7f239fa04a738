"""Review regressions for casekit.io: the ``columns=`` rename.

- A ``columns`` key naming no source column (``{"Sitz": "session"}`` for a column
  ``Sitzung``) was ignored silently.
- A rename onto a name the source already has (``{"Sitzung": "session"}`` when ``session``
  exists) left two ``session`` columns and failed deep inside pandas ("Data must be
  1-dimensional").
Both now raise ``ValueError`` naming the argument and the columns, for ratings, events and
phases alike.
"""

from __future__ import annotations

import pandas as pd
import pytest

from casekit.io import read_events, read_phases, read_sessions

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


def test_digit_only_dates_follow_date_format():
    # "20240105" matched the Excel-serial pattern before date_format was tried, so
    # date_format="%Y%m%d" could never apply (and the error told the caller to pass it)
    df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "PHQ-9",
                       "value": [10.0, 8.0], "date": ["20240105", "20240112"]})
    out = read_sessions(df, date_format="%Y%m%d")
    assert out["date"].tolist() == [pd.Timestamp("2024-01-05"), pd.Timestamp("2024-01-12")]


def test_excel_serial_text_still_read_without_matching_format():
    # 45296 = 2024-01-05 in Excel's 1900 date system (origin 1899-12-30)
    df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "PHQ-9",
                       "value": [10.0, 8.0], "date": ["45296", "2024-01-12"]})
    assert read_sessions(df)["date"].tolist() == [pd.Timestamp("2024-01-05"),
                                                  pd.Timestamp("2024-01-12")]
    fmt = df.assign(date=["45296", "12.01.2024"])
    assert read_sessions(fmt, date_format="%d.%m.%Y")["date"].tolist() == [
        pd.Timestamp("2024-01-05"), pd.Timestamp("2024-01-12")]
