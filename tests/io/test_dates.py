"""Dates: ISO text, date_format, Excel serials, one problem per unexpected format, no wrap.

Review regressions kept here: "20240105" matched the Excel-serial pattern before date_format
was tried, so date_format="%Y%m%d" could never apply; Excel serial text must still be read when
it does not match the format.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError
from casekit.io import read_sessions


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


def _long(dates):
    return pd.DataFrame({"case": "c1", "session": range(1, len(dates) + 1), "measure": "X",
                         "value": 1.0, "date": dates})


def test_an_unexpected_format_is_one_problem_with_a_sample_and_the_format():
    dates = [f"{d:02d}.01.2024" for d in range(1, 26)] + ["2024-13-45", "32.01.2024"]
    with pytest.raises(CaseDataError) as exc:
        read_sessions(_long(dates))
    p = exc.value.problems
    # the format once (32.01.2024 looks like the others: it shows once the format is set),
    # the typo of another shape with its row
    assert len(p) == 2
    assert p["problem"].iloc[0] == (
        "26 dates in column 'date' are not in ISO 8601 YYYY-MM-DD: '01.01.2024', "
        "'02.01.2024', '03.01.2024', ...; set their format with date_format= (here probably "
        "'%d.%m.%Y')")
    assert p["row"].iloc[0] is None and p["argument"].tolist() == ["date_format"] * 2
    assert p["row"].tolist()[1:] == [25]
    # with the format: only the two typos are left, each with its row
    with pytest.raises(CaseDataError) as exc:
        read_sessions(_long(dates), date_format="%d.%m.%Y")
    p = exc.value.problems
    assert p["row"].tolist() == [25, 26]
    # a problem about one cell names the session of its row
    assert p["problem"].iloc[0].startswith(
        "date (session 26) cannot be read (the format '%d.%m.%Y', ")


def test_ambiguous_formats_say_day_or_month_first():
    dates = ["01/02/2024", "03/04/2024", "05/06/2024"]
    with pytest.raises(CaseDataError) as exc:
        read_sessions(_long(dates))
    assert exc.value.problems["problem"].iloc[0].endswith(
        "(here '%d/%m/%Y' or '%m/%d/%Y': day or month first?)")


def test_dates_outside_1677_2262_are_problems_never_wrapped():
    with pytest.raises(CaseDataError) as exc:
        read_sessions(_long(["1500-01-03", "2300-01-03", "2024-01-05"]))
    p = exc.value.problems
    assert p["row"].tolist() == [0, 1]
    assert p["problem"].iloc[0] == ("date '1500-01-03' (session 1) is outside the dates "
                                    "casekit can hold "
                                    "(1677-09-22 to 2262-04-11); check the year")
    with pytest.raises(CaseDataError, match="outside the dates casekit can hold"):
        read_sessions(_long([dt.datetime(1500, 1, 3), dt.datetime(2024, 1, 5)]))


def test_time_zones_are_dropped_keeping_the_wall_clock_even_when_mixed():
    df = read_sessions(_long(["2024-01-05T10:00+01:00", "2024-01-06T10:00+02:00",
                              "2024-01-07T10:00Z"]))
    assert df["date"].tolist() == [pd.Timestamp("2024-01-05 10:00"),
                                   pd.Timestamp("2024-01-06 10:00"),
                                   pd.Timestamp("2024-01-07 10:00")]
    assert str(df["date"].dtype) == "datetime64[ns]"


def test_dates_with_digits_of_other_scripts():
    df = read_sessions(_long(["\uff12\uff10\uff12\uff14-01-05"]))
    assert df["date"].tolist() == [pd.Timestamp("2024-01-05")]
    assert np.isnat(read_sessions(_long([""]))["date"].to_numpy()).all()


def test_a_wide_sheet_counts_each_date_cell_once():
    # the date of a row is repeated on each long row made from its items: one cell, one count
    wide = pd.DataFrame({"case": "c1", "session": range(1, 6),
                         "date": [f"{d:02d}.02.2024" for d in range(1, 6)],
                         **{f"PHQ_{i}": [1, 2, 1, 0, 1] for i in range(1, 10)}})
    spec = {"PHQ-9": r"PHQ_(?P<item>\d+)"}
    with pytest.raises(CaseDataError) as exc:
        read_sessions(wide, measures=spec)
    assert exc.value.problems["problem"].iloc[0].startswith("5 dates in column 'date'")
    # two typos stay two problems with their rows (nine long rows each are no "format")
    wide.loc[2, "date"], wide.loc[3, "date"] = "2024-13-45", "31.02.2024"
    with pytest.raises(CaseDataError) as exc:
        read_sessions(wide, measures=spec, date_format="%d.%m.%Y")
    p = exc.value.problems
    assert p["row"].tolist() == [2, 3]
    assert p["problem"].str[:34].tolist() == ["date (session 3) cannot be read (t",
                                              "date (session 4) cannot be read (t"]
