"""Excel workbooks: serial and date cells, sheets, column letters, formulas, damaged files.

Workbooks are built with openpyxl in the tests. Serial dates: 1900 date system, serial 45292 =
2024-01-01 (ECMA-376 Part 1 §18.17.4.1; Excel's DATE(2024,1,1) returns 45292); in the 1904
system serial 0 = 1904-01-01.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError, CaseFileError
from casekit.exceptions import ArgumentError
from casekit.io import read_phases, read_sessions

openpyxl = pytest.importorskip("openpyxl")


def test_excel_serial_and_iso_dates(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Patient", "Sitzung", "Datum", "PHQ9_1", "PHQ9_2"])
    ws.append(["c1", 1, 45292, 3, 2])                         # serial number
    ws.append(["c1", 2, dt.datetime(2024, 1, 8), 2, -9])      # date cell
    ws.append(["c1", 3, "2024-01-15", 1, None])               # ISO text, empty cell
    ws.append(["c1", 4, 45306.5, 1, 1])                       # serial with a time
    path = tmp_path / "w.xlsx"
    wb.save(path)
    df = read_sessions(path, columns={"Patient": "case", "Sitzung": "session", "Datum": "date"},
                       measures={"PHQ-9": r"PHQ9_(?P<item>\d+)"})
    dates = df.drop_duplicates("session")["date"].tolist()
    assert dates == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08"),
                     pd.Timestamp("2024-01-15"), pd.Timestamp("2024-01-15 12:00")]
    assert df["missing_code"].fillna("").tolist() == ["", "", "", "-9", "", "", "", ""]
    assert np.isnan(df["value"].iloc[5]) and pd.isna(df["missing_code"].iloc[5])
    assert df["session"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4]


def test_phases_reader_excel(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["case", "phase", "start", "end", "role", "definition", "label"])
    ws.append(["c1", "P0", 1, 3, "baseline", "post_hoc", "Intake"])
    ws.append(["c1", "P1", 4, 10, "intervention", "post_hoc", "Early ruptures"])
    wb.save(tmp_path / "p.xlsx")
    ph = read_phases(tmp_path / "p.xlsx")
    assert ph["start"].tolist() == [1, 4] and ph["end"].dtype == "int64"
    ws.append(["c1", "P2", 9, 12, "therapy", "post_hoc", ""])
    wb.save(tmp_path / "p2.xlsx")
    with pytest.raises(CaseDataError) as exc:
        read_phases(tmp_path / "p2.xlsx")
    assert exc.value.problems["row"].tolist() == [2, 2]


def _book(path, rows, title="Sessions", epoch=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    if epoch is not None:
        wb.epoch = epoch
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


HEADER = ["session", "date", "PHQ9_1", "PHQ9_2"]


def test_problems_name_sheet_row_column_and_letter(tmp_path):
    rows = [["Weekly ratings"], [], HEADER] + [[s, dt.datetime(2024, 1, s), 1, 2]
                                               for s in range(1, 12)]
    rows[12][3] = 7   # session 10: PHQ9_2 out of range, spreadsheet row 13, column D
    path = _book(tmp_path / "s.xlsx", rows)
    spec = {"PHQ-9": r"PHQ9_(?P<item>\d)"}
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, measures=spec, case="c1", header_row=3)
    p = exc.value.problems
    assert p["where"].tolist() == ["s.xlsx, sheet 'Sessions', row 13, column 'PHQ9_2' (D)"]
    assert p[["sheet", "source_row", "source_column", "column_letter"]].values.tolist() == [
        ["Sessions", 13, "PHQ9_2", "D"]]
    assert p[["row", "column"]].values.tolist() == [[9, "PHQ9_2"]]   # data row, source column
    assert str(exc.value).splitlines()[1].startswith(
        "  - s.xlsx, sheet 'Sessions', row 13, column 'PHQ9_2' (D): value 7 outside")


def test_sheets_by_name_or_position(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["free text"])
    ws = wb.create_sheet("Data")
    for r in [["case", "session", "measure", "value"], ["c1", 1, "X", 3]]:
        ws.append(r)
    wb.save(tmp_path / "b.xlsx")
    a = read_sessions(tmp_path / "b.xlsx", sheet="Data")
    b = read_sessions(tmp_path / "b.xlsx", sheet=1)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["casekit"]["sheet"] == "Data"
    with pytest.raises(ArgumentError, match="sheets: 'Notes', 'Data'"):
        read_sessions(tmp_path / "b.xlsx", sheet="Daten")


def test_formula_without_saved_value_is_a_problem_naming_the_cell(tmp_path):
    rows = [["case", "session", "measure", "value"], ["c1", 1, "X", 3],
            ["c1", 2, "X", "=D2*2"]]
    path = _book(tmp_path / "f.xlsx", rows)   # openpyxl saves formulas without values
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, validate=False)
    p = exc.value.problems
    assert p["problem"].iloc[0].startswith("cell D3 holds a formula (=D2*2) without a saved "
                                           "value; open the workbook in Excel or LibreOffice")
    assert p["where"].iloc[0] == "f.xlsx, sheet 'Sessions', row 3, column 'value' (D)"


def test_dates_of_the_1904_date_system(tmp_path):
    rows = [["case", "session", "date", "measure", "value"], ["c1", 1, 43830, "X", 3]]
    path = _book(tmp_path / "m.xlsx", rows, epoch=dt.datetime(1904, 1, 1))
    df = read_sessions(path)
    # serial 43830 in the 1904 system is 2024-01-01 (1462 days later than in the 1900 system)
    assert df["date"].tolist() == [pd.Timestamp("2024-01-01")]


def test_serial_dates_beyond_2262_are_problems_not_wrapped(tmp_path):
    rows = [["case", "session", "date", "measure", "value"], ["c1", 1, 2958465, "X", 3],
            ["c1", 2, 45292, "X", 3], ["c1", 3, -5, "X", 3]]
    path = _book(tmp_path / "d.xlsx", rows)
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path)
    p = exc.value.problems
    assert p["row"].tolist() == [2, 0]
    assert p["problem"].iloc[0].startswith("date (session 3) cannot be read")
    assert "outside the dates casekit can hold (1677-09-22 to 2262-04-11)" in p["problem"].iloc[1]


def test_booleans_and_error_cells_are_not_numbers(tmp_path):
    rows = [["case", "session", "measure", "value"], ["c1", 1, "X", True],
            ["c1", 2, "X", "#DIV/0!"], ["c1", 3, "X", 1]]
    with pytest.raises(CaseDataError) as exc:
        read_sessions(_book(tmp_path / "b.xlsx", rows))
    assert exc.value.problems["row"].tolist() == [0, 1]
    assert exc.value.problems["value"].tolist() == [True, "#DIV/0!"]


@pytest.mark.parametrize("content, cause", [
    (b"PK\x03\x04 not really a zip", "not a valid .xlsx file (is it password-protected or "
                                     "damaged?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel .xls file or a "
                                                           "password-protected workbook"),
    (b"", "not a valid .xlsx file")])
def test_files_that_are_not_workbooks_are_one_clear_error(tmp_path, content, cause):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(content)
    with pytest.raises(CaseFileError) as exc:
        read_sessions(path)
    assert cause in str(exc.value) and str(exc.value).startswith("broken.xlsx: ")
    assert exc.value.problems["file"].tolist() == [str(path)]


def test_truncated_workbook_is_one_clear_error(tmp_path):
    path = _book(tmp_path / "t.xlsx", [["case", "session", "measure", "value"], ["c1", 1, "X", 3]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CaseFileError, match="not a valid .xlsx file"):
        read_sessions(path)


def test_old_xls_and_other_spreadsheets_name_what_to_do(tmp_path):
    for name in ("old.xls", "sheet.ods"):
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
        with pytest.raises(CaseFileError, match="save it as .xlsx or .csv"):
            read_sessions(tmp_path / name)


def test_a_title_above_merged_group_headers_points_to_the_real_header(tmp_path):
    # row 1 title, row 2 group titles merged over pairs of columns, row 3 the header: the
    # problem pointed at row 2 (the group titles), which renames no column the spec names
    rows = [["Simulated case S-02"], ["Session info", None, "Questionnaires", None, "Notes"],
            ["Session", "Date", "PHQ-9 total", "SRS total", "Notes"]]
    rows += [[s, dt.datetime(2024, 1, s), 10, 30, None] for s in range(1, 6)]
    path = _book(tmp_path / "s.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("A2:B2")
    wb.active.merge_cells("C2:D2")
    wb.save(path)
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, measures={"PHQ-9": "PHQ-9 total"}, case="c1")
    text = exc.value.problems["problem"].iloc[0]
    assert "row 3 has 5; if the header is on row 3, set header_row= to 3" in text
