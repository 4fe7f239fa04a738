"""REDCap flat exports: records, events, repeating instruments.

Exports as documented by REDCap: ``record_id`` (the record ID field, first column),
``redcap_event_name``, ``redcap_repeat_instrument``, ``redcap_repeat_instance``,
``<form>_complete``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError, CaseDataWarning
from casekit.io import read_sessions


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


def test_record_id_field_is_the_first_column_whatever_its_name():
    export = pd.DataFrame({"participant": ["9", "9"], "redcap_repeat_instrument": ["srs", "srs"],
                           "redcap_repeat_instance": ["1", "2"], "srs_total": ["30", "33"]})
    df = read_sessions(export, measures={"SRS": "srs_total"})
    assert df[["case", "session", "value"]].values.tolist() == [["9", 1, 30.0], ["9", 2, 33.0]]
    assert df.attrs["casekit"]["format"] == "redcap"


def test_event_problems_name_event_map():
    export = redcap_export()
    with pytest.raises(CaseDataError) as exc:
        read_sessions(export, format="redcap", measures={"PHQ-9": r"phq9_(?P<item>\d+)"},
                      quiet=True)
    p = exc.value.problems
    assert p["argument"].tolist() == ["event_map"]
    assert "give its session with event_map=" in p["problem"].iloc[0]


def test_out_of_range_item_names_session_and_record_beside_its_cell(tmp_path):
    # note_dog: "row 10, column 'wai_3': value 8 outside the WAI-SR item range 1–5" -- the
    # session lives in the event name, not in the row: the problem says it
    export = pd.DataFrame({
        "record_id": ["101", "101", "102"],
        "redcap_event_name": ["session_1_arm_1", "session_9_arm_1", "session_1_arm_1"],
        "wai_1": ["4", "5", "3"], "wai_3": ["4", "8", "3"]})
    path = tmp_path / "rc.csv"
    export.to_csv(path, index=False)
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, format="redcap", measures={"WAI-SR": r"wai_(?P<item>\d+)"})
    p = exc.value.problems
    assert p["where"].tolist() == ["rc.csv, row 3, column 'wai_3'"]
    assert p["problem"].tolist() == [
        "value 8 outside the WAI-SR item range 1–5 (case '101', session 9)"]
    assert "rc.csv, row 3, column 'wai_3': value 8 outside the WAI-SR item range 1–5 " \
           "(case '101', session 9)" in str(exc.value)
