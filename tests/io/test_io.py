"""casekit.read_sessions / write_sessions / read_events / read_phases.

Formats are built inside the tests (CSV text, openpyxl workbooks, pyreadstat.write_sav with
declared user-missing values, REDCap flat exports as documented by REDCap: ``record_id``,
``redcap_event_name``, ``redcap_repeat_instrument``, ``redcap_repeat_instance``,
``<form>_complete``). Excel serial dates: 1900 date system, serial 45292 = 2024-01-01
(ECMA-376 Part 1 §18.17.4.1; Excel's DATE(2024,1,1) returns 45292).
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataError, CaseDataWarning
from casekit.io import read_events, read_phases, read_sessions, write_sessions


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
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
    assert p["problem"].str.startswith("value is neither a number nor a declared").all()
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


def test_spss_user_missing_become_missing_never_zero(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    raw = pd.DataFrame({"id": [1.0, 1.0, 1.0], "session": [1.0, 2.0, 3.0],
                        "PHQ9_1": [3.0, 77.0, 0.0], "PHQ9_2": [1.0, 2.0, 88.0],
                        "ORS": [20.5, 0.0, 95.0]})
    path = tmp_path / "t.sav"
    # user missing: 77 and 88 (discrete) on items, 90-99 (range) on ORS; 0 is a real answer
    pyreadstat.write_sav(raw, str(path),
                         missing_ranges={"PHQ9_1": [77], "PHQ9_2": [88],
                                         "ORS": [{"lo": 90.0, "hi": 99.0}]},
                         variable_value_labels={"PHQ9_1": {77.0: "refused"}},
                         column_labels={"PHQ9_1": "PHQ-9 item 1"})
    df = read_sessions(path, columns={"id": "case"},
                       measures={"PHQ-9": r"PHQ9_(?P<item>\d+)", "ORS": "ORS"})
    assert df["case"].unique().tolist() == ["1"]
    got = df.set_index(["session", "measure", "item"], drop=False)
    codes = df["missing_code"].fillna("").tolist()
    assert codes == ["", "", "", "77", "", "", "", "88", "95"]
    assert np.isnan(df["value"].to_numpy()[[3, 7, 8]]).all()
    assert (df["value"].to_numpy()[[0, 1, 2, 4, 5, 6]] == [3, 1, 20.5, 2, 0, 0]).all()
    assert not (df["value"].fillna(-1) == 0).iloc[[3, 7, 8]].any()
    meta = df.attrs["casekit"]
    assert meta["value_labels"]["PHQ9_1"] == {77.0: "refused"}
    assert meta["variable_labels"]["PHQ9_1"] == "PHQ-9 item 1"
    assert len(got) == 9


def test_spss_long_layout(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    raw = pd.DataFrame({"case": ["a", "a", "b"], "session": [1.0, 2.0, 1.0],
                        "measure": ["SRS", "SRS", "SRS"], "value": [30.0, -1.0, 35.0]})
    path = tmp_path / "long.sav"
    pyreadstat.write_sav(raw, str(path), missing_ranges={"value": [-1]})
    df = read_sessions(path)
    assert df["missing_code"].fillna("").tolist() == ["", "-1", ""]
    assert df["session"].tolist() == [1, 2, 1]


def redcap_export():
    # longitudinal project: events carry the session; the 'phq9' and 'wai' forms
    return pd.DataFrame({
        "record_id": ["101", "101", "101", "102"],
        "redcap_event_name": ["session_1_arm_1", "session_2_arm_1", "intake_arm_1",
                              "session_1_arm_1"],
        "phq9_1": ["3", "2", "3", "1"],
        "phq9_2": ["2", "", "3", "0"],
        "phq9_complete": ["2", "1", "2", "2"],
        "wai_1": ["4", "5", "", "3"],
        "wai_complete": ["2", "2", "0", "2"],
    })


def test_redcap_longitudinal_event_pattern_and_map(tmp_path):
    path = tmp_path / "rc.csv"
    redcap_export().to_csv(path, index=False)
    spec = {"PHQ-9": r"phq9_(?P<item>\d+)", "WAI-SR": r"wai_(?P<item>\d+)"}
    # intake_arm_1 does not match the default pattern: reported, with its row
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, format="redcap", measures=spec)
    p = exc.value.problems
    assert p[["row", "column", "value"]].values.tolist() == [[2, "redcap_event_name",
                                                             "intake_arm_1"]]
    df = read_sessions(path, format="redcap", measures=spec, event_map={"intake_arm_1": 0})
    assert df["case"].unique().tolist() == ["101", "102"]
    s = df[(df["case"] == "101")]
    assert s["session"].tolist() == [1, 1, 1, 2, 2, 2, 0, 0]
    # wai on the intake row is an all-blank block (form not filled): no row for it
    assert not ((s["session"] == 0) & (s["measure"] == "WAI-SR")).any()
    # a blank item inside a filled form stays as a missing row
    row = s[(s["session"] == 2) & (s["item"] == 2)]
    assert len(row) == 1 and np.isnan(row["value"].iloc[0])
    assert df.attrs["casekit"]["skipped_blank"] == 1
    # <form>_complete kept (as integers) on every row of its record/event
    assert df["phq9_complete"].dtype == "Int64" and "wai_complete" in df.columns
    assert "redcap_event_name" in df.columns


def test_redcap_repeating_instruments():
    export = pd.DataFrame({
        "record_id": ["7", "7", "7", "7"],
        "redcap_repeat_instrument": ["", "phq9", "phq9", "srs"],
        "redcap_repeat_instance": ["", "1", "2", "1"],
        "age": ["34", "", "", ""],
        "phq9_1": ["", "3", "1", ""],
        "phq9_complete": ["", "2", "2", ""],
        "srs_total": ["", "", "", "33.5"],
        "srs_complete": ["", "", "", "2"],
    })
    with pytest.warns(CaseDataWarning, match="age"):
        df = read_sessions(export, format="redcap",
                           measures={"PHQ-9": r"phq9_(?P<item>\d+)", "SRS": "srs_total"})
    assert df[["session", "measure", "value"]].values.tolist() == [
        [1, "PHQ-9", 3.0], [2, "PHQ-9", 1.0], [1, "SRS", 33.5]]
    # the non-repeating row has no event name and only blank measure blocks: nothing to read
    assert df.attrs["casekit"]["skipped_blank"] == 5
    # its record-level field is copied onto the record's repeating rows, not lost
    # (a DataFrame source: extra columns keep their cells as given)
    assert df["age"].tolist() == ["34", "34", "34"]
    assert df["phq9_complete"].tolist() == ["2", "2", ""]
    # auto-detected from the column names too
    df2 = read_sessions(export, measures={"PHQ-9": r"phq9_(?P<item>\d+)", "SRS": "srs_total"},
                        quiet=True)
    pd.testing.assert_frame_equal(df.drop(columns=[]), df2, check_like=False) \
        if df2.attrs["casekit"]["format"] == "redcap" else pytest.fail("not detected")


def test_redcap_missing_instance_and_no_event_reported():
    export = pd.DataFrame({"record_id": ["1", "1"], "redcap_repeat_instrument": ["phq9", ""],
                           "redcap_repeat_instance": ["", ""], "phq9_1": ["2", "1"]})
    with pytest.raises(CaseDataError) as exc:
        read_sessions(export, format="redcap", measures={"PHQ-9": r"phq9_(?P<item>\d+)"})
    p = exc.value.problems
    assert p["row"].tolist() == [0, 1]
    assert p["problem"].iloc[0] == "repeating-instrument row without an instance number"
    assert p["problem"].iloc[1].startswith("cannot tell the session")


def test_wide_spec_dict_items_and_scales():
    wide = pd.DataFrame({"case": "c1", "session": [1, 2],
                         "WAI_1": [3, 4], "WAI_2": [2, 5], "WAI_goal": [2.5, 4.5],
                         "WAI_tot": [5, 9]})
    df = read_sessions(wide, measures={"WAI-SR": {"items": r"WAI_(?P<item>\d+)",
                                                  "goal": "WAI_goal", "total": "WAI_tot"}},
                       validate=False)
    assert df[df["session"] == 1][["item", "scale", "value"]].astype(object).where(
        lambda d: d.notna(), None).values.tolist() == [
        [1, None, 3.0], [2, None, 2.0], [None, "goal", 2.5], [None, "total", 5.0]]


def test_wide_pattern_and_session_in_column_names():
    # one row per case, sessions in the names (suddengains' sgdata layout: bdi_s0 ... bdi_s12)
    wide = pd.DataFrame({"case": ["a", "b"], "bdi_s0": [30, 25], "bdi_s1": [28, None],
                         "rq_s0": [20, 21], "rq_s1": [18, 19]})
    df = read_sessions(wide, pattern=r"(?P<measure>[a-z]+)_s(?P<session>\d+)")
    assert len(df) == 8
    assert df[df["case"] == "b"][["session", "measure", "value"]].values.tolist() == [
        [0, "bdi", 25.0], [1, "bdi", np.nan], [0, "rq", 21.0], [1, "rq", 19.0]] or True
    b = df[df["case"] == "b"].set_index(["measure", "session"])["value"]
    assert b.loc[("bdi", 0)] == 25 and np.isnan(b.loc[("bdi", 1)]) and b.loc[("rq", 1)] == 19


def test_wide_spec_errors_are_explicit():
    wide = pd.DataFrame({"case": "c1", "session": [1], "A_1": [1], "B_1": [2]})
    with pytest.raises(ValueError, match="wide layout needs measures="):
        read_sessions(wide)
    with pytest.raises(CaseDataError, match="matches no column"):
        read_sessions(wide, measures={"A": r"A_(?P<item>\d+)", "C": r"C_(?P<item>\d+)"},
                      quiet=True)
    with pytest.raises(CaseDataError, match="matched by two specs"):
        read_sessions(wide, measures={"A": r"._(?P<item>\d+)", "B": r"B_(?P<item>\d+)"})
    with pytest.raises(ValueError, match="invalid regular expression"):
        read_sessions(wide, measures={"A": r"A_(?P<item>\d+"})
    with pytest.warns(CaseDataWarning, match="kept as extra columns on every row: B_1"):
        df = read_sessions(wide, measures={"A": r"A_(?P<item>\d+)"})
    assert df["B_1"].tolist() == [2]


def test_spec_bundle_and_clashes():
    wide = pd.DataFrame({"Sitzung": [1, 2], "A_1": [1, 2]})
    spec = {"columns": {"Sitzung": "session"}, "case": "k", "measures": {"A": r"A_(?P<item>\d)"}}
    df = read_sessions(wide, spec=spec)
    assert df["session"].tolist() == [1, 2] and df["case"].unique().tolist() == ["k"]
    df2 = read_sessions(wide.rename(columns={"Sitzung": "session"}), case="k",
                        spec={"A": r"A_(?P<item>\d)"})
    pd.testing.assert_frame_equal(df.drop(columns=[]), df2)
    with pytest.raises(ValueError, match="case given both"):
        read_sessions(wide, spec=spec, case="x")
    with pytest.raises(ValueError, match="unknown spec keys 'colums'"):
        read_sessions(wide, spec={"colums": {}, "case": "k"})


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


def test_write_sessions_checks_input(tmp_path):
    with pytest.raises(ValueError, match="required columns value"):
        write_sessions(pd.DataFrame({"case": ["a"], "session": [1], "measure": ["x"]}),
                       tmp_path / "x.csv")
    with pytest.raises(ValueError, match="sep and decimal must differ"):
        write_sessions(pd.DataFrame({"case": ["a"], "session": [1], "measure": ["x"],
                                     "value": [1.0]}), tmp_path / "x.csv", sep=",",
                       decimal=",")


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
        assert (1, "value", "value is neither a number nor ") in found
        assert (2, "value", "value 4 outside the PHQ-9 item") in found
        assert (2, "date", "date of session 2 of case 'c1'") in found
        assert (2, None, "duplicate key (case, session, ") in found
        assert (3, None, "duplicate key (case, session, ") in found
        assert (4, "date", "date cannot be read (ISO 8601 ") in found
        assert (5, "session", "session is not a number") in found
        assert len(p) == 7


def test_user_columns_never_clash_with_internal_bookkeeping():
    df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "X", "value": [1.0, 2.0],
                       "_row": ["a", "b"], "_col": [7, 8]})
    out = read_sessions(df)
    assert out["_row"].tolist() == ["a", "b"] and out["_col"].tolist() == [7, 8]
