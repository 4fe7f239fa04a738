"""CSV writer: full precision, formula-like text neutralised (OWASP "CSV Injection", issue 13)."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from casekit.tables import CSV_README_NAME, apa_table, neutralise, write_csv

from ._results import HOSTILE, results


@pytest.mark.parametrize("text", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'quoted"])
def test_formula_like_text_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["PHQ-9", "a=b", "", "1e5", "Zoë"])
def test_other_text_is_untouched(text):
    assert neutralise(text) == text


def test_numbers_keep_full_precision_and_are_never_touched(tmp_path):
    df = pd.DataFrame({"label": ["=HYPERLINK(\"http://x\")", "-3", "@x", "ok", None],
                       "value": [-0.5, 1 / 3, -1e-12, 2.0, np.nan],
                       "mixed": [-1.25, "-1.25", 3, True, None],
                       "n": [1, 2, 3, 4, 5], "flag": [True, False, True, False, True]})
    path = write_csv(df, tmp_path / "t.csv")
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    assert rows[0] == ["label", "value", "mixed", "n", "flag"]
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'-3", "'@x", "ok", ""]
    assert [float(r[1]) for r in rows[1:5]] == [-0.5, 1 / 3, -1e-12, 2.0] and rows[5][1] == ""
    assert [r[2] for r in rows[1:]] == ["-1.25", "'-1.25", "3", "True", ""]
    back = pd.read_csv(path)
    assert back["value"].iloc[1] == 1 / 3  # shortest round-trip text: every digit kept
    assert back["n"].tolist() == [1, 2, 3, 4, 5]
    assert path.read_bytes().count(b"\r") == 0


def test_undoing_the_rule_recovers_the_text_exactly(tmp_path):
    texts = ["=1", "'=1", "''x", "plain", "-x", HOSTILE]
    path = write_csv(pd.DataFrame({"t": texts}), tmp_path / "t.csv")
    back = [r[0] for r in list(csv.reader(path.open(encoding="utf-8", newline="")))[1:]]
    assert [b[1:] if b.startswith("'") else b for b in back] == texts


def test_column_names_are_neutralised_and_readme_is_written(tmp_path):
    path = write_csv(pd.DataFrame({"=cmd": [1.0]}), tmp_path / "t.csv")
    assert path.read_text(encoding="utf-8").splitlines()[0] == "'=cmd"
    readme = (tmp_path / CSV_README_NAME).read_text(encoding="utf-8")
    assert "apostrophe" in readme and "OWASP" in readme and "full precision" in readme
    write_csv(pd.DataFrame({"x": [1]}), tmp_path / "u.csv")
    assert (tmp_path / CSV_README_NAME).read_text(encoding="utf-8") == readme
    write_csv(pd.DataFrame({"x": [1]}), tmp_path / "sub.csv", readme=False)


def test_results_and_tables_write_their_full_numbers(tmp_path):
    res = results()["sudden_gains"]
    t = apa_table(res)
    a = write_csv(res, tmp_path / "a.csv").read_text(encoding="utf-8")
    b = write_csv(t, tmp_path / "b.csv").read_text(encoding="utf-8")
    assert a == b  # the table's data: every column, also those of the supplementary table
    back = pd.read_csv(tmp_path / "a.csv")
    assert list(back.columns) == list(res.summary.columns)
    assert back["change_proportion"].iloc[0] == res.summary["change_proportion"].iloc[0]
    with pytest.raises(TypeError, match="Result, a Table or a pandas DataFrame"):
        write_csv([1, 2], tmp_path / "c.csv")
