"""CSV files: types, sentinels, dialects, encodings, title rows and the shape of the text.

Text written in the tests. Encodings: a byte-order mark decides; otherwise UTF-8, UTF-16 (NUL
bytes every other byte) or Windows-1252 (with a warning naming it). Every row keeps the row
number a spreadsheet shows (header counted: the first data row under a one-line header is
row 2).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataError, CaseDataWarning
from casekit.io import read_sessions, write_sessions


def write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


LONG_CSV = """case,session,date,measure,item,value
c1,1,2024-01-08,PHQ-9,1,3
c1,1,2024-01-08,PHQ-9,2,2
c1,2,2024-01-15,PHQ-9,1,-9
c1,2,2024-01-15,PHQ-9,2,.
c1,3,2024-01-22,PHQ-9,1,1
c1,3,2024-01-22,PHQ-9,2,
"""


def test_long_csv_types_sentinels_and_blank(tmp_path):
    df = read_sessions(write(tmp_path, "r.csv", LONG_CSV))
    assert list(df.columns) == ["case", "session", "date", "measure", "item", "value",
                                "missing_code"]
    assert df["session"].dtype == "int64" and df["item"].dtype == "Int64"
    assert df["value"].dtype == "float64" and pd.api.types.is_datetime64_any_dtype(df["date"])
    np.testing.assert_array_equal(df["value"], [3, 2, np.nan, np.nan, 1, np.nan])
    assert df["missing_code"].tolist()[:4] == [None, None, "-9", "."] or \
        df["missing_code"].fillna("NA").tolist() == ["NA", "NA", "-9", ".", "NA", "NA"]
    assert df["missing_code"].fillna("NA").tolist() == ["NA", "NA", "-9", ".", "NA", "NA"]
    assert df.attrs["casekit"]["format"] == "csv"


def test_round_trip_read_write_read_identical(tmp_path):
    first = read_sessions(write(tmp_path, "r.csv", LONG_CSV))
    p = write_sessions(first, tmp_path / "out.csv")
    second = read_sessions(p)
    pd.testing.assert_frame_equal(first, second)
    # also through the German/Italian dialect
    thirds = first.assign(value=first["value"] / 3, measure="X")
    p2 = write_sessions(thirds, tmp_path / "de.csv", sep=";", decimal=",")
    third = read_sessions(p2)
    pd.testing.assert_frame_equal(thirds, third, check_exact=True)


def test_round_trip_wide_with_extras(tmp_path):
    text = ("session,date,PHQ9_1,PHQ9_2,SRS_total,phq9_complete\n"
            "1,2024-01-08,3,2,31.5,2\n2,2024-01-15,-99,1,,1\n")
    first = read_sessions(write(tmp_path, "w.csv", text), case="c7",
                          measures={"PHQ-9": r"PHQ9_(?P<item>\d+)", "SRS": "SRS_total"})
    assert first["phq9_complete"].dtype == "Int64"
    second = read_sessions(write_sessions(first, tmp_path / "o.csv"))
    pd.testing.assert_frame_equal(first, second)


def test_decimal_comma_semicolon_csv(tmp_path):
    text = ("case;session;measure;value\n"
            "c1;1;SRS;31,5\nc1;2;SRS;-9\nc1;3;SRS;36,25\nc1;4;SRS;1e1\n")
    df = read_sessions(write(tmp_path, "de.csv", text))
    np.testing.assert_array_equal(df["value"], [31.5, np.nan, 36.25, 10.0])
    assert df["missing_code"].iloc[1] == "-9"
    assert df.attrs["casekit"]["sep"] == ";"
    # a point in a decimal-comma file is reported, not guessed (1.500 could mean 1500)
    bad = write(tmp_path, "bad.csv", text.replace("36,25", "1.500"))
    with pytest.raises(CaseDataError) as exc:
        read_sessions(bad)
    p = exc.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[2, "value", "1.500"]]


def test_unparseable_cells_reported_with_rows_not_nan(tmp_path):
    text = "case,session,measure,value\nc1,1,X,4\nc1,2,X,n/a\nc1,3,X,NA\nc1,4,X,5\n"
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "r.csv", text))
    p = exc.value.problems
    assert p["row"].tolist() == [1, 2]
    assert [t.split(" is neither a number nor a declared")[0] for t in p["problem"]] == [
        "value (session 2)", "value (session 3)"]
    # still reported with validate=False: parsing problems are not validation options
    with pytest.raises(CaseDataError):
        read_sessions(write(tmp_path, "r.csv", text), validate=False)
    # declared: NA as a plain blank, n/a as a sentinel code
    df = read_sessions(write(tmp_path, "r.csv", text), na_values=("", "NA"),
                       sentinels=(-9, "n/a"))
    assert df["missing_code"].fillna("").tolist() == ["", "n/a", "", ""]
    assert np.isnan(df["value"].iloc[2])


def test_custom_numeric_sentinel_matches_numerically(tmp_path):
    text = "case,session,measure,value\nc1,1,X,99.0\nc1,2,X,99\nc1,3,X,999\n"
    df = read_sessions(write(tmp_path, "r.csv", text), sentinels=(99,))
    assert df["missing_code"].tolist()[:2] == ["99.0", "99"]
    assert df["value"].iloc[2] == 999.0  # no longer a sentinel once sentinels are replaced


def test_write_sessions_checks_input(tmp_path):
    with pytest.raises(ValueError, match="required columns value"):
        write_sessions(pd.DataFrame({"case": ["a"], "session": [1], "measure": ["x"]}),
                       tmp_path / "x.csv")
    with pytest.raises(ValueError, match="sep and decimal must differ"):
        write_sessions(pd.DataFrame({"case": ["a"], "session": [1], "measure": ["x"],
                                     "value": [1.0]}), tmp_path / "x.csv", sep=",",
                       decimal=",")


# -- encodings and dialects ------------------------------------------------------------------

GOOD = "case,session,measure,value\nc1,1,PHQ-9,12\nc1,2,PHQ-9,10\n"


@pytest.mark.parametrize("encoding, name", [("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig"),
                                            ("utf-32", "utf-32")])
def test_byte_order_marks_decide_the_encoding(tmp_path, encoding, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing guessed: no warning
        df = read_sessions(write(tmp_path, "bom.csv", GOOD, encoding))
    assert df["value"].tolist() == [12.0, 10.0]
    assert df.attrs["casekit"]["encoding"] == name


def test_utf16_without_bom_and_windows_1252_are_read_and_named(tmp_path):
    text = GOOD.replace("c1", "Zoë")
    with pytest.warns(CaseDataWarning, match="not UTF-8; it was read as utf-16-le"):
        df = read_sessions(write(tmp_path, "u16.csv", text, "utf-16-le"))
    assert df["case"].unique().tolist() == ["Zoë"]
    with pytest.warns(CaseDataWarning, match="read as cp1252") as rec:
        df = read_sessions(write(tmp_path, "w.csv", text, "cp1252"))
    assert df["case"].unique().tolist() == ["Zoë"]
    assert df.attrs["casekit"]["encoding"] == "cp1252"
    assert len(rec) == 1
    # collected too, with the argument that changes it
    w = casekit.io.reading_warnings(df)
    assert w["argument"].tolist() == ["encoding"]


def test_a_stated_encoding_that_does_not_fit_is_a_problem_naming_the_line(tmp_path):
    path = write(tmp_path, "w.csv", GOOD + "Zoë,3,PHQ-9,9\n", "cp1252")
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, encoding="utf-8")
    p = exc.value.problems
    assert p["problem"].iloc[0].startswith("line 4 is not valid utf-8 text; the file looks "
                                           "like cp1252")
    assert p["argument"].iloc[0] == "encoding"
    with pytest.raises(casekit.ArgumentError, match="not a text encoding"):
        read_sessions(path, encoding="klingon")


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_separators_are_detected(tmp_path, sep):
    df = read_sessions(write(tmp_path, "s.csv", GOOD.replace(",", sep)))
    assert df["value"].tolist() == [12.0, 10.0] and df.attrs["casekit"]["sep"] == sep


def test_quoted_values_and_line_breaks_inside_quotes(tmp_path):
    text = ('"case","session","measure","value","note"\n"c1",1,"PHQ-9",12,"a, b"\n'
            '"c1",2,"PHQ-9",10,"two\nlines"\n"c1",3,"PHQ-9",9,""\n')
    df = read_sessions(write(tmp_path, "q.csv", text))
    assert df["note"].tolist()[:2] == ["a, b", "two\nlines"] and pd.isna(df["note"].iloc[2])
    # the record after the quoted line break is on spreadsheet row 4 (one record, two lines)
    df.loc[2, "value"] = 99.0
    p = casekit.validate(df.assign(measure="PHQ-9", scale="total"), raise_on_error=False,
                         warn=False).problems
    assert p["source_row"].tolist() == [4]


# -- the shape of the text: rows, blank lines, headers ---------------------------------------

def test_rows_with_more_or_fewer_fields_are_problems_with_their_rows(tmp_path):
    text = GOOD + "c1,3,PHQ-9,9,extra\nc1,4,PHQ-9\nc1,5,PHQ-9,8,,\n"
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "r.csv", text))
    p = exc.value.problems
    assert p["source_row"].tolist() == [4, 5]           # row 6: trailing separators only
    assert p["problem"].tolist() == [
        "row 4 has 5 fields, the header 4: a value holding the separator? (quote it, or set "
        "the separator with sep=)",
        "row 5 has only 3 of the 4 fields of the header (a row cut short?)"]
    assert p["value"].iloc[0] == "extra" and p["argument"].iloc[0] == "sep"
    assert p["where"].tolist() == ["r.csv, row 4", "r.csv, row 5"]


def test_blank_lines_are_skipped_and_still_counted(tmp_path):
    text = "\n" + GOOD.replace("c1,2,", "\n,,,\nc1,2,") + "\n\n"
    df = read_sessions(write(tmp_path, "b.csv", text))
    assert df["session"].tolist() == [1, 2]
    smap = df.attrs["casekit_source"]
    assert smap.source_row.tolist() == [3, 6]  # header on row 2, a blank and a ",,," row


@pytest.mark.parametrize("text, what", [
    ("", "the file is empty"), ("\n \n\n", "the file is empty"),
    ("case,session,measure,value\n", "it has a header but no data rows"),
    ("case,session,measure,value\n,,,\n\n", "it has a header but no data rows")])
def test_files_without_ratings_are_an_error(tmp_path, text, what):
    with pytest.raises(CaseDataError, match="no ratings in e.csv") as exc:
        read_sessions(write(tmp_path, "e.csv", text))
    assert exc.value.problems["problem"].tolist() == [f"no ratings in e.csv: {what}"]


def test_duplicate_and_colliding_header_names_are_problems(tmp_path):
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "d.csv", "case,session,measure,value,value\n"
                                               "c1,1,X,1,2\n"))
    assert exc.value.problems["problem"].tolist() == [
        "column name 'value' appears 2 times in the header (columns 4, 5); rename or remove "
        "the copies"]
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "c.csv", "case, session ,session,measure,value\n"
                                               "c1,1,1,X,1\n"))
    assert exc.value.problems["problem"].tolist() == [
        "columns ' session ', 'session' have the same name once spaces are removed (columns "
        "2, 3); rename one"]


def test_unnamed_columns_are_dropped_when_empty_and_kept_with_a_warning(tmp_path):
    text = "case,session,measure,value,,\nc1,1,X,1,,\nc1,2,X,2,,n\n"
    with pytest.warns(CaseDataWarning, match="column 6 has no name in the header but holds "
                                             "data; it is kept as '\\(column 6\\)'"):
        df = read_sessions(write(tmp_path, "u.csv", text))
    assert df.columns.tolist()[-1] == "(column 6)" and df["(column 6)"].tolist()[1] == "n"


def test_title_rows_need_header_row_or_skip_rows(tmp_path):
    path = write(tmp_path, "t.csv", "Clinic export, 2024\n\n" + GOOD)
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path)
    p = exc.value.problems
    assert p["problem"].iloc[0] == (
        "row 1 looks like a title, not the header: it has 2 filled cells, row 3 has 4; if "
        "the header is on row 3, set header_row= to 3 (or skip_rows= to 2)")
    assert p["argument"].iloc[0] == "header_row, skip_rows" and p["source_row"].iloc[0] == 1
    a = read_sessions(path, header_row=3)
    b = read_sessions(path, skip_rows=2)
    c = read_sessions(path, spec={"header_row": 3})
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)
    assert a.attrs["casekit_source"].source_row.tolist() == [4, 5]
    with pytest.raises(casekit.ArgumentError, match="disagree"):
        read_sessions(path, header_row=3, skip_rows=1)
    with pytest.raises(CaseDataError, match="the header is to be on row 9"):
        read_sessions(path, header_row=9)


# -- cells -----------------------------------------------------------------------------------

def test_digits_of_other_scripts_are_read_and_said(tmp_path):
    text = "case,session,measure,value\nc1,1,X,\uff15\nc1,\u0662,X,\u0663.5\nc1,3,X,\u2212\uff11\n"
    with pytest.warns(CaseDataWarning, match="digits of another script") as rec:
        df = read_sessions(write(tmp_path, "u.csv", text))
    assert df["value"].tolist() == [5.0, 3.5, -1.0] and df["session"].tolist() == [1, 2, 3]
    assert len(rec) == 2   # one warning per column (session, value)


def test_huge_numbers_are_problems_not_crashes(tmp_path):
    text = ("case,session,measure,item,value,extra\n"
            "c1,1e30,X,1,3,100000000000000000000000000000\nc1,2,X,1e30,1e30,1\nc1,3,X,1,1e400,2\n")
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "h.csv", text))
    p = exc.value.problems
    assert p[["row", "column"]].values.tolist() == [[0, "session"], [1, "item"], [2, "value"]]
    assert p["problem"].iloc[0] == "session 1e+30 is too large to be a session number (at most " \
                                   "2147483647)"
    df = read_sessions(write(tmp_path, "ok.csv", text.replace("1e30", "7").replace(
        "1e400", "8")), validate=False)
    assert df["extra"].tolist()[0] == "100000000000000000000000000000"  # too big for Int64


def test_binary_and_misnamed_files_are_one_clear_error(tmp_path):
    with pytest.raises(casekit.CaseFileError, match="z.csv: looks like an Excel workbook"):
        read_sessions(write(tmp_path, "z.csv", b"PK\x03\x04\x14\x00rest"))
    with pytest.raises(casekit.CaseFileError, match="holds NUL bytes"):
        read_sessions(write(tmp_path, "n.csv", b"case,session\x00\x01\x02,measure\n"))
    with pytest.raises(casekit.CaseFileError, match="is a folder"):
        read_sessions(tmp_path, format="csv")


def test_excel_sep_line_and_separator_sniffing_past_a_title(tmp_path):
    df = read_sessions(write(tmp_path, "s.csv", "sep=;\ncase;session;measure;value\n"
                                                "c1;1;SRS;31,5\n"))
    assert df["value"].tolist() == [31.5] and df.attrs["casekit_source"].source_row.tolist() == [3]
    text = "Therapy log, client K7\nKlient;Sitzung;Instrument;Wert\nK7;1;SRS;31,5\n"
    df = read_sessions(write(tmp_path, "t.csv", text), skip_rows=1,
                       columns={"Klient": "case", "Sitzung": "session", "Instrument": "measure",
                                "Wert": "value"})
    assert df.attrs["casekit"]["sep"] == ";" and df["value"].tolist() == [31.5]


def test_a_decimal_comma_in_a_comma_separated_file_is_named(tmp_path):
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "d.csv", 'case,session,measure,value\nc1,1,SRS,"31,5"\n'))
    p = exc.value.problems
    assert p["argument"].tolist() == ["decimal"]
    assert p["problem"].iloc[0] == ("value (session 1) is not a number with a decimal point (a "
                                    "decimal comma? set decimal= to ',')")


def test_reading_problems_about_a_value_name_its_session(tmp_path):
    # the file row does not say which session a value belongs to: the problem text does, in
    # the wording of validation ("(session N)", "(case 'X', session N)" when several cases);
    # a row whose session cannot be read gets nothing extra
    text = ("case,session,measure,item,value\n"
            "a,3,X,1,n/a\n"
            "a,4,X,1,1e400\n"
            "b,2,X,1.5,\"2,5\"\n"
            "b,oops,X,1,n/a\n")
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "s.csv", text))
    p = exc.value.problems
    assert p[["where", "problem"]].values.tolist() == [
        ["s.csv, row 5, column 'session'", "session is not a number"],
        ["s.csv, row 4, column 'item'", "item (case 'b', session 2) must be a whole number"],
        ["s.csv, row 2, column 'value'",
         "value (case 'a', session 3) is neither a number nor a declared sentinel code "
         "(sentinel codes: '-9', '-99', '999', '.'; declare it with sentinels= or na_values=)"],
        ["s.csv, row 4, column 'value'", "value (case 'b', session 2) is not a number with a "
                                         "decimal point (a decimal comma? set decimal= to ',')"],
        ["s.csv, row 5, column 'value'",
         "value is neither a number nor a declared sentinel code (sentinel codes: '-9', '-99', "
         "'999', '.'; declare it with sentinels= or na_values=)"],
        ["s.csv, row 3, column 'value'",
         "value (case 'a', session 4) is infinite (a number too large for a float)"]]
    # one case selected: the session alone
    with pytest.raises(CaseDataError) as exc:
        read_sessions(write(tmp_path, "s.csv", text), case="a")
    assert exc.value.problems["problem"].str.extract(r"^value (\([^)]*\))")[0].tolist() == [
        "(session 3)", "(session 4)"]
