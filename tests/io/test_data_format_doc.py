"""The examples of docs/data-format.md read and validate as documented.

The three tidy tables of §1-3 are read as written. Every spec example of §5 is run as the
user would: the data file is built from the block the doc shows (an Excel workbook from the
sheet's rows, an SPSS file with the user-missing code the doc names, CSV text as written), the
TOML block is parsed with tomllib, and ``read_sessions(..., spec=...)`` and ``casekit validate
FILE --spec spec.toml`` (in process) must give what the doc says.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import warnings

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import cli


@pytest.fixture(scope="module")
def doc(project_root):
    return (project_root / "docs" / "data-format.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def blocks(doc):
    return re.findall(r"```text\n(.*?)```", doc, flags=re.S)


def test_doc_examples_read_and_agree(blocks, tmp_path):
    ratings_txt, events_txt, phases_txt = blocks[:3]
    paths = {}
    for name, txt in (("r", ratings_txt), ("e", events_txt), ("p", phases_txt)):
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(txt, encoding="utf-8")
    r = casekit.read_sessions(paths["r"])
    assert r["missing_code"].fillna("").tolist() == ["", "", "", "-9", ""]
    assert r["scale"].fillna("").tolist() == ["", "", "total", "", ""]
    ev = casekit.read_events(paths["e"])
    assert ev["event"].tolist() == ["rupture_noted", "repair_noted", "contract_agreed"]
    ph = casekit.read_phases(paths["p"])
    assert ph["role"].tolist() == ["baseline", "intervention"]


# -- §5: spec files ----------------------------------------------------------------------------

def _example(doc, title):
    """(data block lines, spec, spec text) of the spec example headed ``**{title}**``."""
    start = doc.index(f"**{title}")
    data = re.search(r"```text\n(.*?)```", doc[start:], flags=re.S)
    spec = re.search(r"```toml\n(.*?)```", doc[start + data.end():], flags=re.S)
    return data.group(1).splitlines(), tomllib.loads(spec.group(1)), spec.group(1)


def _cell(text):
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        return dt.datetime.fromisoformat(text)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text or None


def _workbook(lines, path, sheet):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for line in lines:
        ws.append([] if line == "(empty row)" else [_cell(c) for c in line.split("|")])
    wb.save(path)
    return path


def _cli_validate(path, spec_text, tmp_path):
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text(spec_text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", casekit.CaseDataWarning)
        return cli.main(["validate", str(path), "--spec", str(spec_file)])


def _read(path, spec):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", casekit.CaseDataWarning)
        return casekit.read_sessions(path, spec=spec)


def test_spec_example_wide_excel_with_items_and_total(doc, tmp_path, capsys):
    lines, spec, text = _example(doc, "Wide Excel workbook")
    path = _workbook(lines, tmp_path / "sessions.xlsx", "Sessions")
    df = _read(path, spec)
    assert len(df) == 88
    per = df.groupby(["session", "measure"]).size().to_dict()
    assert per == {(s, m): n for s in (1, 3, 4, 5) for m, n in (("PHQ-9", 10), ("WAI-SR", 12))}
    totals = df[df["scale"] == "total"]
    assert totals["value"].tolist() == [14.0, 12.0, 8.0, 5.0]       # one value per session
    assert df["date"].iloc[0] == pd.Timestamp("2024-01-08")
    with pytest.warns(casekit.MissedSessionWarning, match="no ratings for session 2"):
        casekit.validate(df)
    assert _cli_validate(path, text, tmp_path) == 0
    assert "Validation OK" in capsys.readouterr().out
    # the doc's example of a total that disagrees: its place in the user's words
    lines[4] = lines[4].replace("|12|3|4|", "|13|3|4|")
    bad = _workbook(lines, tmp_path / "bad.xlsx", "Sessions")
    with pytest.raises(casekit.CaseDataError) as exc:
        _read(bad, spec)
    p = exc.value.problems
    assert p["where"].tolist() == ["bad.xlsx, sheet 'Sessions', row 5, column 'PHQ9_total' (L)"]
    assert "disagrees with the sum of its items (12)" in p["problem"].iloc[0]


def test_spec_example_redcap_repeating_instruments(doc, tmp_path):
    lines, spec, text = _example(doc, "REDCap repeating instruments")
    path = tmp_path / "redcap.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df = _read(path, spec)
    assert len(df) == 20
    assert df.groupby(["session", "measure"]).size().to_dict() == {
        (1, "PHQ-9"): 9, (2, "PHQ-9"): 9, (1, "SRS"): 1, (2, "SRS"): 1}
    assert set(df["age"].dropna()) == {34} and "phq9_complete" in df.columns
    assert df.loc[df["measure"] == "SRS", "value"].tolist() == [31.5, 34.0]
    assert _cli_validate(path, text, tmp_path) == 0
    every = _read(path, {k: v for k, v in spec.items() if k != "case"})
    assert sorted(every["case"].unique()) == ["101", "102"]


def test_spec_example_spss_user_missing(doc, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    lines, spec, text = _example(doc, "SPSS with user-missing")
    assert "99 declared as user-missing" in doc
    table = pd.DataFrame([[float(c) for c in ln.split(",")] for ln in lines[1:]],
                         columns=lines[0].split(","))
    path = tmp_path / "sessions.sav"
    items = [c for c in table.columns if c.startswith("PHQ9_")]
    pyreadstat.write_sav(table, str(path), missing_ranges={c: [99] for c in items},
                         variable_value_labels={c: {99.0: "refused"} for c in items})
    df = _read(path, spec)
    assert len(df) == 27
    hit = df[(df["session"] == 2) & (df["item"] == 2)]
    assert np.isnan(hit["value"].iloc[0]) and hit["missing_code"].iloc[0] == "99"
    assert (df["value"].dropna() < 99).all()
    assert _cli_validate(path, text, tmp_path) == 0


def test_spec_example_long_german_csv(doc, tmp_path):
    lines, spec, text = _example(doc, "Long CSV from a German")
    path = tmp_path / "verlauf.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    df = _read(path, spec)
    assert len(df) == 5
    assert df.attrs["casekit"]["sep"] == ";"
    assert df["value"].fillna(-1).tolist() == [14.0, -1, 9.0, 31.5, 35.0]
    assert df["missing_code"].fillna("").tolist() == ["", "-9", "", "", ""]
    assert df["date"].iloc[2] == pd.Timestamp("2024-01-22")
    assert _cli_validate(path, text, tmp_path) == 0
    # without date_format: the one problem the doc quotes
    with pytest.raises(casekit.CaseDataError) as exc:
        _read(path, {k: v for k, v in spec.items() if k != "date_format"})
    p = exc.value.problems
    assert len(p) == 1 and p["argument"].iloc[0] == "date_format"
    assert p["problem"].iloc[0].startswith("5 dates in column 'Datum' are not in ISO 8601 "
                                           "YYYY-MM-DD: ")
    assert p["problem"].iloc[0].endswith("set their format with date_format= (here probably "
                                         "'%d.%m.%Y')")


def test_every_spec_key_is_documented(doc):
    table = doc[doc.index("## 5. Spec files"):doc.index("**Wide Excel workbook")]
    for key in casekit.io.SPEC_KEYS:
        assert f"`{key}`" in table, key
