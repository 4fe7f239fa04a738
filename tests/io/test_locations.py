"""Every problem names its place in the source as the user sees it; warnings are collected.

The source map a reader attaches (``df.attrs["casekit_source"]``) gives, for each row of the
table, the file, sheet, row number as a spreadsheet shows it (header counted) and the column;
``casekit.validate`` on the table (filtered, sorted, one case selected) uses it. It is shared,
never copied by pandas, and never gives a wrong place: a row whose session or measure changed
since reading gets none.
"""

from __future__ import annotations

import copy
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataError, CaseDataWarning
from casekit.io import read_sessions, reading_warnings

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture()
def workbook(tmp_path):
    """A clinic sheet: a title, the header on row 3, PHQ-9 items by session (13 sessions)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sessions"
    ws.append(["Client C01"])
    ws.append([])
    ws.append(["Sitzung"] + [f"PHQ9_{k}" for k in range(1, 10)] + ["Notes"])
    for s in range(1, 14):
        ws.append([s] + [1] * 9 + [None])
    ws["E13"] = 5          # session 10, item 4: spreadsheet row 13, column E
    ws["K5"] = "late"      # an unmapped column (warned)
    path = tmp_path / "sessions.xlsx"
    wb.save(path)
    return path


SPEC = {"header_row": 3, "case": "C01", "columns": {"Sitzung": "session"},
        "measures": {"PHQ-9": r"PHQ9_(?P<item>\d)"}}


def _read(path, **kw):
    return read_sessions(path, spec=SPEC, **kw)


def test_api_error_and_validate_name_the_same_place(workbook):
    with pytest.raises(CaseDataError) as exc:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CaseDataWarning)
            _read(workbook)
    where = "sessions.xlsx, sheet 'Sessions', row 13, column 'PHQ9_4' (E)"
    assert exc.value.problems["where"].tolist() == [where]
    df = _read(workbook, validate=False, warn=False)
    rep = casekit.validate(df, raise_on_error=False, warn=False)
    assert rep.problems["where"].tolist() == [where]
    assert rep.problems["row"].tolist() == [84]          # the row label of the long table
    assert df.loc[84, ["session", "item"]].tolist() == [10, 4]
    assert rep.summary["where"].tolist()[0] == where
    # filtered and sorted: same labels, same places
    sub = df[df["item"] == 4].sort_values("session", ascending=False)
    p = casekit.validate(sub, raise_on_error=False, warn=False).problems
    assert p[["row", "where"]].values.tolist() == [[84, where]]


def test_a_row_changed_since_reading_gets_no_place(workbook):
    df = _read(workbook, validate=False, warn=False)
    shuffled = df.sample(frac=1, random_state=3).reset_index(drop=True)
    p = casekit.validate(shuffled, raise_on_error=False, warn=False).problems
    assert len(p) == 1
    label = p["row"].iloc[0]
    smap = df.attrs["casekit_source"]
    same = (shuffled.loc[label, "session"] == smap.session[label]
            and shuffled.loc[label, "measure"] == smap.measure[label])
    # a place is given only where the row still holds what was read at that label
    assert (p["source_row"].iloc[0] is not None) == bool(same)


def test_the_map_is_shared_not_copied(workbook):
    df = _read(workbook, validate=False, warn=False)
    smap = df.attrs["casekit_source"]
    assert copy.deepcopy(smap) is smap
    assert df.copy().attrs["casekit_source"] is smap
    assert df[df["session"] > 3].attrs["casekit_source"] is smap
    assert df.assign(x=1).attrs["casekit_source"] is smap
    back = pickle.loads(pickle.dumps(df))
    assert back.attrs["casekit_source"].source_row.tolist() == smap.source_row.tolist()
    both = pd.concat([df, df.copy()], ignore_index=True)   # one map, same object: kept
    assert casekit.validate(both, raise_on_error=False, warn=False).n_problems > 0


def test_warnings_are_collected_and_counted_not_leaked(workbook):
    with warnings.catch_warnings():
        warnings.simplefilter("error")       # nothing reaches the warnings machinery
        df = _read(workbook, validate=False, warn=False)
        rep = casekit.validate(df, raise_on_error=False, warn=False)
    w = reading_warnings(df)
    assert w["problem"].tolist() == [
        "1 column(s) map to no measure and are kept as extra columns on every row: Notes; "
        "map them in measures= or drop them before reading"]
    assert w[["warning", "argument"]].values.tolist() == [["CaseDataWarning", "measures"]]
    assert rep.n_warnings == 1 and rep.warnings["problem"].tolist() == w["problem"].tolist()
    assert "Validation FAILED: 1 problem, 1 warning" in rep.to_text()
    # the error of a read carries them too
    with pytest.raises(CaseDataError) as exc:
        _read(workbook, warn=False)
    assert exc.value.warnings["problem"].tolist() == w["problem"].tolist()
    # by default they are emitted as Python warnings, once
    with pytest.warns(CaseDataWarning, match="Notes") as rec:
        _read(workbook, validate=False)
    assert len(rec) == 1


def test_validation_warnings_have_places_too(tmp_path):
    path = tmp_path / "g.csv"
    path.write_text("case,session,measure,value\nc1,1,X,1\nc1,3,X,2\n", encoding="utf-8")
    df = read_sessions(path, validate=False)
    rep = casekit.validate(df, raise_on_error=False, warn=False)
    assert rep.warnings[["warning", "where"]].values.tolist() == [
        ["MissedSessionWarning", "g.csv, column 'session'"]]


def test_tables_not_read_by_casekit_keep_the_old_display():
    df = pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "X", "value": [1.0, np.inf]})
    rep = casekit.validate(df, raise_on_error=False, warn=False)
    assert list(rep.summary.columns) == ["severity", "table", "row", "column", "value",
                                         "problem", "warning"]
    assert rep.problems["where"].isna().all()
    assert str(CaseDataError(rep.problems)).splitlines()[1] == \
        "  - row 1, column 'value': value is infinite (value inf)"
