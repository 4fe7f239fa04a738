"""The command line, in process (``casekit.cli.main``): help, ``validate``, problems on the
command line, messages in command-line words, and the option checks of ``report`` that run
before any analysis. The reports themselves are in test_report.py; the output folder's
safety in test_outdir.py; two subprocess smoke tests in test_smoke.py."""

from __future__ import annotations

import pandas as pd
import pytest

import casekit

# -- help ------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["--help"], ["validate", "report", "examples:", "exit status"]),
    (["validate", "--help"], ["DATA", "--spec", "--case", "--max-problems", "--problems",
                              "--header-row", "--date-format", "--input-format"]),
    (["report", "--help"], ["-o OUTDIR", "--format", "--force", "--show-code", "--alliance",
                            "--symptoms", "--baseline-phase", "--seed", "--alliance-sd"]),
])
def test_help_is_readable(cli, args, words):
    code, out, _ = cli(*args)
    assert code == 0
    for word in words:
        assert word in out
    assert max(len(line) for line in out.splitlines()) <= 100


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"casekit {casekit.__version__}"


# -- validate --------------------------------------------------------------------------------

def test_validate_good_file(cli, tmp_path):
    data = pd.DataFrame({"case": "c1", "session": [1, 2, 3, 5], "measure": "PHQ-9",
                         "scale": "total", "value": [18.0, 17.0, 15.0, 12.0]})
    data.to_csv(tmp_path / "good.csv", index=False)
    code, out, err = cli("validate", tmp_path / "good.csv")
    assert code == 0, out + err
    assert out.startswith("Validation OK: 0 problems, 1 warning")
    assert "no ratings for session 4" in out  # the missed session, reported once
    assert err == ""  # no Python warning lines


@pytest.fixture()
def bad_files(tmp_path):
    """Ratings, events and phases with six problems in three tables."""
    ratings = pd.DataFrame({
        "case": "c1", "session": [1, 2, 2, 3, 4],
        "date": ["2024-01-08", "2024-01-15", "2024-01-15", "2024-01-10", "2024-01-29"],
        "measure": "PHQ-9", "scale": "total", "value": [18, 31, 17, 15, 12]})
    events = pd.DataFrame({"case": ["c1"], "session": [9], "event": ["rupture_noted"],
                           "note": ["withdrawal"]})
    phases = pd.DataFrame({"case": "c1", "phase": ["A", "B"], "start": [1, 3], "end": [3, 4],
                           "role": ["baseline", "intervention"], "definition": "a_priori"})
    paths = {}
    for name, table in (("ratings", ratings), ("events", events), ("phases", phases)):
        paths[name] = tmp_path / f"{name}.csv"
        table.to_csv(paths[name], index=False)
    return paths


# (table, place as a spreadsheet shows it, text) of every problem planted in bad_files
BAD_PROBLEMS = [
    ("ratings", "ratings.csv, row 3", "duplicate key"),
    ("ratings", "ratings.csv, row 4", "duplicate key"),
    ("ratings", "ratings.csv, row 3, column 'value'", "value 31 outside the range 0–27"),
    ("ratings", "ratings.csv, row 5, column 'date'", "earlier than the date of an earlier"),
    ("phases", "phases.csv, row 3", "overlaps phase 'A'"),
    ("events", "events.csv, row 2", "event on session 9 of case 'c1', which has no ratings"),
]


def test_validate_reports_every_problem_at_its_place(cli, bad_files):
    code, out, err = cli("validate", bad_files["ratings"], "--events", bad_files["events"],
                         "--phases", bad_files["phases"])
    assert code == 1 and err == ""
    assert out.startswith("Validation FAILED: 6 problems")
    lines = [line for line in out.splitlines() if line.strip().startswith("error")]
    assert len(lines) == len(BAD_PROBLEMS)
    for table, place, text in BAD_PROBLEMS:
        assert any(line.split()[1] == table and place in line and text in line
                   for line in lines), (table, place, text, lines)


def test_validate_unparseable_cells_listed_with_the_rest(cli, tmp_path):
    (tmp_path / "r.csv").write_text("case,session,measure,scale,value\n"
                                    "c1,1,PHQ-9,total,18\nc1,2,PHQ-9,total,abc\n"
                                    "c1,3,PHQ-9,total,40\n", encoding="utf-8")
    code, out, _ = cli("validate", tmp_path / "r.csv")
    assert code == 1
    assert "r.csv, row 3, column 'value'" in out and "'abc'" in out
    assert "value 40 outside the range 0–27" in out


def test_validate_case_option_picks_or_labels(cli, tmp_path):
    two = pd.DataFrame({"case": ["a", "a", "b"], "session": [1, 2, 1], "measure": "PHQ-9",
                        "scale": "total", "value": [10.0, 12.0, 99.0]})
    two.to_csv(tmp_path / "two.csv", index=False)
    assert cli("validate", tmp_path / "two.csv")[0] == 1  # case b is bad
    code, out, err = cli("validate", tmp_path / "two.csv", "--case", "a")
    assert code == 0, out + err
    code, out, err = cli("validate", tmp_path / "two.csv", "--case", "zz")
    assert code == 2 and "'zz' is not in" in err
    assert "cases present: 'a', 'b'" in err and "two.csv" in err and "Traceback" not in err
    two[two["case"] == "a"].drop(columns="case").to_csv(tmp_path / "one.csv", index=False)
    assert cli("validate", tmp_path / "one.csv", "--case", "a")[0] == 0
    # events and phases of both cases: --case picks case a's rows there too
    pd.DataFrame({"case": ["a", "b"], "session": [2, 7], "event": "rupture_noted",
                  "note": ""}).to_csv(tmp_path / "events.csv", index=False)
    pd.DataFrame({"case": ["a", "a", "b"], "phase": ["A", "B", "A"], "start": [1, 2, 1],
                  "end": [1, 2, 1], "role": ["baseline", "intervention", "baseline"],
                  "definition": "a_priori"}).to_csv(tmp_path / "phases.csv", index=False)
    code, out, err = cli("validate", tmp_path / "two.csv", "--case", "a", "--events",
                         tmp_path / "events.csv", "--phases", tmp_path / "phases.csv")
    assert code == 0, out + err


def test_validate_messy_exports_as_documented(cli, exports):
    """The wide workbook with a title row, the REDCap export: valid on the first try, the
    missed sessions counted as warnings, nothing on stderr."""
    code, out, err = cli("validate", "export.xlsx", "--spec", "spec.toml", "--case", "C01")
    assert (code, err) == (0, ""), out + err
    assert out.startswith("Validation OK: 0 problems, 2 warnings")
    assert "export.xlsx, sheet 'Sessions', column 'Sitzung' (A)" in out
    assert "no ratings for session 5" in out and "no ratings for session 15" in out
    code, out, err = cli("validate", "redcap.csv", "--spec", "redcap.toml")
    assert (code, err) == (0, ""), out + err
    # the reading warning (a column mapped to no measure) is counted, in command-line words
    assert out.startswith("Validation OK: 0 problems, 3 warnings")
    assert "age" in out and "the spec key measures" in out and "measures=" not in out


def test_validate_typo_at_its_spreadsheet_row(cli, exports):
    code, out, _ = cli("validate", "typo.csv")
    assert code == 1
    # session 8 of PHQ-9 is line 14 of the file (header line 1; sessions 5 missed)
    assert "typo.csv, row 14, column 'value': value 72 outside the range 0–27" in out


# -- problems on the command line ------------------------------------------------------------

@pytest.fixture()
def many_problems(tmp_path):
    """200 sessions with an out-of-range PHQ-9 total, and one formula-like label."""
    data = pd.DataFrame({"case": "c1", "session": range(1, 201), "measure": "PHQ-9",
                         "scale": "total", "value": "99"})
    data.loc[0, "value"] = "=HYPERLINK(1)"
    path = tmp_path / "many.csv"
    data.to_csv(path, index=False)
    return path


def test_problems_are_capped_and_counted(cli, many_problems, tmp_path):
    code, out, err = cli("validate", many_problems)
    assert code == 1 and err == ""
    assert out.startswith("Validation FAILED: 200 problems")
    errors = [line for line in out.splitlines() if line.strip().startswith("error")]
    assert len(errors) == 50  # the default --max-problems
    assert "150 more not shown (--max-problems 50); write them all with --problems" in out
    code, out, _ = cli("validate", many_problems, "--max-problems", "3")
    assert len([line for line in out.splitlines() if line.strip().startswith("error")]) == 3
    assert "197 more not shown" in out


def test_problems_file_holds_every_problem_neutralised(cli, many_problems, tmp_path):
    target = tmp_path / "problems.csv"
    code, out, _ = cli("validate", many_problems, "--max-problems", "0", "--problems", target)
    assert code == 1 and "all are in problems.csv" in out
    table = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert (table["severity"] == "error").sum() == 200
    assert {"severity", "table", "where", "value", "problem"} <= set(table.columns)
    # the formula-like cell is written as text (OWASP): a leading apostrophe
    assert (table["value"] == "'=HYPERLINK(1)").sum() == 1
    assert not table["value"].str.startswith("=").any()
    assert table["where"].str.contains(r"many\.csv, row \d+").all()


def test_report_invalid_data_prints_capped_problems_and_writes_them(cli, many_problems,
                                                                    tmp_path):
    out_dir, target = tmp_path / "out", tmp_path / "all.csv"
    code, out, err = cli("report", many_problems, "-o", out_dir, "--max-problems", "5",
                         "--problems", target, "-q")
    assert code == 2 and out == ""
    assert "Validation FAILED: 200 problems" in err
    assert len([line for line in err.splitlines() if line.strip().startswith("error")]) == 5
    assert "nothing was written" in err and "Traceback" not in err
    assert not out_dir.exists()
    assert (pd.read_csv(target)["severity"] == "error").sum() == 200


def test_report_on_invalid_data_writes_nothing(cli, bad_files, tmp_path):
    out_dir = tmp_path / "out"
    code, out, err = cli("report", bad_files["ratings"], "--events", bad_files["events"],
                         "--phases", bad_files["phases"], "-o", out_dir)
    assert code == 2 and out == ""
    assert "Validation FAILED: 6 problems" in err and "nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "phases.csv",
                                                          "ratings.csv"]


# -- messages in command-line words ----------------------------------------------------------

def test_messages_name_flags_and_spec_keys(cli, exports):
    code, out, _ = cli("validate", "export.xlsx")  # title rows, no spec
    assert code == 1
    assert "--header-row" in out and "header_row=" not in out
    code, out, _ = cli("validate", "redcap.csv")  # wide, no spec
    assert "--spec" in out and "measures=" not in out and "pattern=" not in out
    wrong = exports["sessions.csv"].read_text(encoding="utf-8").replace("2024-01-", "01/")
    (exports["sessions.csv"].parent / "dates.csv").write_text(wrong, encoding="utf-8")
    code, out, _ = cli("validate", "dates.csv")
    assert code == 1 and "--date-format" in out and "date_format=" not in out


def test_missing_case_column_mentions_case_flag(cli, exports, tmp_path):
    table = pd.read_csv("sessions.csv").drop(columns="case")
    table.to_csv("nocase.csv", index=False)
    code, out, err = cli("report", "nocase.csv", "-o", tmp_path / "out", "-q")
    assert code == 2 and "--case" in err and "case=" not in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_missing_file_is_one_line(cli, tmp_path):
    code, _, err = cli("validate", tmp_path / "nope.csv")
    assert code == 2 and err.strip() == f"casekit: DATA {tmp_path / 'nope.csv'}: no such file"
    code, _, err = cli("report", tmp_path / "nope.csv", "-o", tmp_path / "o")
    assert code == 2 and "no such file" in err and not (tmp_path / "o").exists()


def test_bad_spec_file_is_named(cli, exports):
    (exports["spec.toml"].parent / "broken.toml").write_text("sheet = \n", encoding="utf-8")
    code, _, err = cli("validate", "export.xlsx", "--spec", "broken.toml")
    assert code == 2 and "--spec broken.toml is not valid TOML" in err
    (exports["spec.toml"].parent / "typo.toml").write_text("shet = 'x'\n", encoding="utf-8")
    code, _, err = cli("validate", "export.xlsx", "--spec", "typo.toml")
    assert code in (1, 2) and "Traceback" not in err


# -- report options checked before any work --------------------------------------------------

def test_report_alliance_norms_go_together(cli, tmp_path):
    code, _, err = cli("report", tmp_path / "missing.csv", "-o", tmp_path / "o",
                       "--alliance-sd", "8")
    assert code == 2 and "go together" in err
    assert not (tmp_path / "o").exists()


def test_report_format_chooses_outputs(cli, exports, tmp_path):
    code, _, err = cli("report", "redcap.csv", "--format", "redcap", "-o", tmp_path / "o")
    assert code == 2 and "--input-format redcap" in err
    code, _, err = cli("report", "sessions.csv", "--format", "html,gif", "-o", tmp_path / "o")
    assert code == 2 and "gif is not an output format" in err


def test_report_checks_phase_options_first(cli, tmp_path):
    case = casekit.datasets.load_case("SIM-NPD-01")
    case.ratings.to_csv(tmp_path / "r.csv", index=False)
    case.phases.to_csv(tmp_path / "p.csv", index=False)
    out_dir = tmp_path / "out"
    code, _, err = cli("report", tmp_path / "r.csv", "--phases", tmp_path / "p.csv",
                       "--baseline-phase", "A", "-o", out_dir, "-q")
    assert code == 2
    assert "--baseline-phase 'A' is not a phase of the data; phases: P0, P1, P2, P3, P4" in err
    assert not out_dir.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["p.csv",
                                                                                   "r.csv"]


def test_say_rephrases_python_arguments():
    from casekit.cli import say
    assert say("pass date_format= (here '%d.%m.%Y')") == "pass --date-format (here '%d.%m.%Y')"
    assert say("needs measures= or pattern=") == ("needs the spec key measures (in the --spec "
                                                   "file) or the spec key pattern (in the "
                                                   "--spec file)")
    assert say("sheet given both in spec and as arguments").startswith(
        "sheet given both in the --spec file and as a flag")


def test_python_warnings_never_reach_stderr(cli, tmp_path, monkeypatch):
    """A library's warning while reading is counted and listed, never printed raw."""
    import warnings

    import casekit.io as io

    real = io.read_sessions

    def noisy(*args, **kwargs):
        warnings.warn("Workbook contains no default style", UserWarning, stacklevel=2)
        warnings.warn("a developer's deprecation", DeprecationWarning, stacklevel=2)
        return real(*args, **kwargs)

    monkeypatch.setattr(io, "read_sessions", noisy)
    pd.DataFrame({"case": "c1", "session": [1, 2], "measure": "PHQ-9", "scale": "total",
                  "value": [10.0, 8.0]}).to_csv(tmp_path / "r.csv", index=False)
    code, out, err = cli("validate", tmp_path / "r.csv")
    assert (code, err) == (0, "")
    assert out.startswith("Validation OK: 0 problems, 1 warning")
    assert "UserWarning: Workbook contains no default style" in out
    assert "deprecation" not in out


@pytest.mark.parametrize("command", ["validate", "report"])
def test_case_option_keeps_the_files_row(cli, tmp_path, command):
    """With --case picking case b, a problem of case b still names its row in the file."""
    (tmp_path / "two.csv").write_text("case,session,measure,scale,value\na,1,PHQ-9,total,10\n"
                                      "a,2,PHQ-9,total,12\nb,1,PHQ-9,total,11\n"
                                      "b,2,PHQ-9,total,99\n", encoding="utf-8")
    extra = ["-o", tmp_path / "out", "-q"] if command == "report" else []
    code, out, err = cli(command, tmp_path / "two.csv", "--case", "b", *extra)
    assert code == (2 if command == "report" else 1)
    assert "two.csv, row 5, column 'value': value 99 outside the range" in out + err


@pytest.mark.parametrize("name, content, status, words", [
    ("empty.csv", b"", 1, "no ratings in empty.csv"),
    ("bad.xlsx", b"PK\x03\x04 not a workbook", 2, "not a valid .xlsx file"),
    ("ragged.csv", b"case,session,measure,scale,value\nc1,1,PHQ-9,total,18,7\nc1,2\n", 1,
     "ragged.csv, row 3"),
    ("u16.csv", "case,session,measure,scale,value\nc1,1,PHQ-9,total,18\n".encode("utf-16"),
     0, "Validation OK"),
    ("folder", None, 2, "is a folder"),
])
def test_malformed_inputs_end_in_a_message(cli, tmp_path, name, content, status, words):
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    code, out, err = cli("validate", path)
    assert code == status, out + err
    assert words in out + err and "Traceback" not in out + err
    code, out, err = cli("report", path, "-o", tmp_path / "out", "-q")
    if status:  # data that validate refuses: report refuses them too, writing nothing
        assert code == 2 and not (tmp_path / "out").exists(), out + err
    assert "Traceback" not in out + err
