"""The wide layout: the spec (measures=, pattern=), spec bundles, imported totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataError, CaseDataWarning
from casekit.io import read_sessions


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


PHQ = [2, 3, 2, 2, 1, 2, 1, 1, 0]   # sum 14


def _phq_wide(totals):
    rows = []
    for s, tot in enumerate(totals, start=1):
        rows.append({"session": s, **{f"PHQ9_{k}": v for k, v in enumerate(PHQ, 1)},
                     "PHQ9_total": tot})
    return pd.DataFrame(rows)


SPEC = {"PHQ-9": {"items": r"PHQ9_(?P<item>\d)", "total": "PHQ9_total"}}


def test_imported_total_equal_to_its_items_stays_one_value():
    df = read_sessions(_phq_wide([14, 14]), case="c1", measures=SPEC)
    totals = df[df["scale"] == "total"]
    assert totals[["session", "value"]].values.tolist() == [[1, 14.0], [2, 14.0]]
    assert not df.duplicated(["case", "session", "measure", "item", "scale"]).any()
    assert df.attrs["casekit"]["imported_totals"] == {"PHQ-9": ["PHQ9_total"]}


def test_imported_total_that_disagrees_is_a_problem_of_its_row(tmp_path):
    path = tmp_path / "w.csv"
    _phq_wide([14, 13, 14]).to_csv(path, index=False)
    with pytest.raises(CaseDataError) as exc:
        read_sessions(path, case="c1", measures=SPEC)
    p = exc.value.problems
    assert p["problem"].tolist() == [
        "imported PHQ-9 total 13 of case 'c1' session 2 disagrees with the sum of its items "
        "(14); correct the total or the items (or leave the total out of the spec and let "
        "casekit score the items)"]
    assert p[["row", "column", "source_row", "source_column"]].values.tolist() == [
        [1, "PHQ9_total", 3, "PHQ9_total"]]
    # validate on the table read without validation says the same (not "0 problems")
    df = read_sessions(path, case="c1", measures=SPEC, validate=False)
    rep = casekit.validate(df, raise_on_error=False, warn=False)
    assert rep.n_problems == 1 and rep.problems["where"].tolist() == [
        "w.csv, row 3, column 'PHQ9_total'"]
    # in a long table (totals and items from separate rows) it stays a warning, as before
    long = df.copy()
    del long.attrs["casekit_source"]
    with pytest.warns(CaseDataWarning, match="disagrees with the sum of its items"):
        assert casekit.validate(long).ok


def test_spec_keys_for_title_rows_sheet_and_dates(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("Therapy log\nSitzung;Datum;SRS\n1;08.01.2024;31,5\n2;15.01.2024;33\n",
                    encoding="utf-8")
    spec = {"header_row": 2, "date_format": "%d.%m.%Y", "case": "k",
            "columns": {"Sitzung": "session", "Datum": "date"}, "measures": {"SRS": "SRS"}}
    df = read_sessions(path, spec=spec)
    assert df["date"].tolist() == [pd.Timestamp("2024-01-08"), pd.Timestamp("2024-01-15")]
    assert df["value"].tolist() == [31.5, 33.0]
    with pytest.raises(casekit.ArgumentError, match="header_row given both"):
        read_sessions(path, spec=spec, header_row=2)


def test_every_spec_key_is_an_argument_of_read_sessions():
    import inspect
    params = inspect.signature(read_sessions).parameters
    assert set(casekit.io.SPEC_KEYS) <= set(params)
