"""SPSS files: user-defined missing values never become scores; damaged files.

Files are written with ``pyreadstat.write_sav`` and declared user-missing values (discrete
codes and ranges), as SPSS stores them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError, CaseFileError
from casekit.io import read_sessions

pyreadstat = pytest.importorskip("pyreadstat")


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


def test_damaged_sav_is_one_clear_error(tmp_path):
    raw = pd.DataFrame({"case": ["a", "a"], "session": [1.0, 2.0], "measure": ["SRS", "SRS"],
                        "value": [30.0, 31.0]})
    path = tmp_path / "d.sav"
    pyreadstat.write_sav(raw, str(path))
    data = path.read_bytes()
    for cut in (b"$FL2" + b"\x00" * 10, data[: len(data) // 3], b"not spss at all"):
        path.write_bytes(cut)
        with pytest.raises(CaseFileError, match="d.sav: not a valid SPSS .sav file"):
            read_sessions(path)


def test_spss_rows_are_case_numbers(tmp_path):
    raw = pd.DataFrame({"id": [1.0, 1.0], "session": [1.0, 2.0], "PHQ9_1": [3.0, 7.0]})
    path = tmp_path / "r.sav"
    pyreadstat.write_sav(raw, str(path))
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, columns={"id": "case"}, measures={"PHQ-9": r"PHQ9_(?P<item>\d)"})
    assert exc.value.problems["where"].tolist() == ["r.sav, row 2, column 'PHQ9_1'"]


def test_string_user_missing_codes_become_missing_codes(tmp_path):
    raw = pd.DataFrame({"case": ["a", "a", "a"], "session": [1.0, 2.0, 3.0],
                        "measure": ["SRS", "SRS", "SRS"], "value": ["30", "NA", "31.5"]})
    path = tmp_path / "s.sav"
    pyreadstat.write_sav(raw, str(path), missing_ranges={"value": ["NA"]})
    df = read_sessions(path)
    assert df["missing_code"].fillna("").tolist() == ["", "NA", ""]
    assert np.isnan(df["value"].iloc[1]) and df["value"].iloc[2] == 31.5
