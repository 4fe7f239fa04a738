"""The command line: ``casekit validate`` and ``casekit report`` end to end.

Every call goes through ``python -m casekit`` in a subprocess, as an author would run it.
The report tests execute the author template (notebooks/case_template.ipynb) with papermill on
three inputs: the bundled teaching case written to CSV files, a wide Excel sheet with item
columns and a spec file, and an SPSS file with user-missing codes. The data are simulated in
the tests (``casekit.simulate``); nothing is read from ../shared.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.simulate import items_from_totals, simulate_series

ROOT = Path(__file__).resolve().parents[2]

# the files the template writes through CaseAnalysis.write (casekit.case)
FIGURES = ["figures/series", "figures/changepoints", "figures/ruptures"]
TABLES = ["tables/reliable_change", "tables/phase_summary", "tables/rupture_repair",
          "tables/sudden_gains", "tables/change_points", "tables/piecewise_regression",
          "tables/changepoint_precedence", "tables/lagged_precedence"]


def casekit_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "casekit", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def assert_full_output(outdir: Path, extra_tables=()):
    """report.html, every figure in PDF/SVG/PNG and every table in CSV/LaTeX (+ one HTML
    page and one Word document of all tables)."""
    expected = ["report.html", "results_paragraph.txt", "tables/tables.html",
                "tables/tables.docx", "provenance.json"]
    expected += [f"{f}.{ext}" for f in FIGURES for ext in ("pdf", "svg", "png")]
    expected += [f"{t}.{ext}" for t in (*TABLES, *extra_tables) for ext in ("csv", "tex")]
    missing = [name for name in expected if not (outdir / name).is_file()]
    assert not missing, f"missing outputs: {missing}"
    empty = [name for name in expected if (outdir / name).stat().st_size == 0]
    assert not empty, f"empty outputs: {empty}"
    assert (outdir / "figures/series.pdf").read_bytes().startswith(b"%PDF")
    assert (outdir / "figures/series.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (outdir / "figures/series.svg").read_bytes()[:2000]
    html = (outdir / "report.html").read_text(encoding="utf-8")
    assert "Table 1. Reliable and clinically significant change" in html
    assert "Traceback" not in html
    assert not list(outdir.parent.glob(".casekit-report-*")), "temporary folder left behind"


# -- help ------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["--help"], ["validate", "report", "examples:"]),
    (["validate", "--help"], ["DATA", "--spec", "--layout", "--case"]),
    (["report", "--help"], ["-o OUTDIR", "--alliance", "--symptoms", "--baseline-phase",
                            "--seed", "--alliance-sd"]),
])
def test_help_is_readable(args, words):
    res = casekit_cli(*args)
    assert res.returncode == 0, res.stderr
    for word in words:
        assert word in res.stdout
    assert max(len(line) for line in res.stdout.splitlines()) <= 100


def test_version():
    res = casekit_cli("--version")
    assert res.returncode == 0
    assert res.stdout.strip() == f"casekit {casekit.__version__}"


# -- validate --------------------------------------------------------------------------------

def test_validate_good_file(tmp_path):
    data = pd.DataFrame({"case": "c1", "session": [1, 2, 3, 5], "measure": "PHQ-9",
                         "scale": "total", "value": [18.0, 17.0, 15.0, 12.0]})
    data.to_csv(tmp_path / "good.csv", index=False)
    res = casekit_cli("validate", tmp_path / "good.csv")
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout.startswith("Validation OK: 0 problems, 1 warning")
    assert "no ratings for session 4" in res.stdout  # the missed session, reported once
    assert res.stderr == ""  # no Python warning lines


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


# (table, row, text) of every problem planted in bad_files
BAD_PROBLEMS = [
    ("ratings", "1", "duplicate key"),
    ("ratings", "2", "duplicate key"),
    ("ratings", "1", "value 31 outside the range 0–27 of PHQ-9"),
    ("ratings", "3", "is earlier than the date of an earlier session"),
    ("phases", "1", "overlaps phase 'A'"),
    ("events", "0", "event on session 9 of case 'c1', which has no ratings"),
]


def _problem_lines(text):
    return [line.split() + [line] for line in text.splitlines() if line.strip().startswith("error")]


def test_validate_reports_every_problem_with_rows(bad_files):
    res = casekit_cli("validate", bad_files["ratings"], "--events", bad_files["events"],
                      "--phases", bad_files["phases"])
    assert res.returncode == 1
    assert res.stdout.startswith("Validation FAILED: 6 problems")
    lines = _problem_lines(res.stdout)
    assert len(lines) == len(BAD_PROBLEMS)
    for table, row, text in BAD_PROBLEMS:
        assert any(f[1] == table and f[2] == row and text in f[-1] for f in lines), (table, row)


def test_validate_unparseable_cells_listed_with_the_rest(tmp_path):
    (tmp_path / "r.csv").write_text("case,session,measure,scale,value\n"
                                    "c1,1,PHQ-9,total,18\nc1,2,PHQ-9,total,abc\n"
                                    "c1,3,PHQ-9,total,40\n", encoding="utf-8")
    res = casekit_cli("validate", tmp_path / "r.csv")
    assert res.returncode == 1
    assert "row 1, column 'value'" in res.stdout and "'abc'" in res.stdout
    assert "value 40 outside the range 0–27" in res.stdout


def test_validate_case_option_picks_or_labels(tmp_path):
    two = pd.DataFrame({"case": ["a", "a", "b"], "session": [1, 2, 1], "measure": "PHQ-9",
                        "scale": "total", "value": [10.0, 12.0, 99.0]})
    two.to_csv(tmp_path / "two.csv", index=False)
    assert casekit_cli("validate", tmp_path / "two.csv").returncode == 1  # case b is bad
    res = casekit_cli("validate", tmp_path / "two.csv", "--case", "a")
    assert res.returncode == 0, res.stdout + res.stderr
    res = casekit_cli("validate", tmp_path / "two.csv", "--case", "zz")
    assert res.returncode == 1 and "'zz' is not in" in res.stderr
    assert "cases present: 'a', 'b'" in res.stderr and "two.csv" in res.stderr
    two[two["case"] == "a"].drop(columns="case").to_csv(tmp_path / "one.csv", index=False)
    assert casekit_cli("validate", tmp_path / "one.csv", "--case", "a").returncode == 0
    # events and phases of both cases: --case picks case a's rows there too (case b's event
    # on session 7 would be an error for case a, which has no session 7)
    pd.DataFrame({"case": ["a", "b"], "session": [2, 7], "event": "rupture_noted",
                  "note": ""}).to_csv(tmp_path / "events.csv", index=False)
    pd.DataFrame({"case": ["a", "a", "b"], "phase": ["A", "B", "A"], "start": [1, 2, 1],
                  "end": [1, 2, 1], "role": ["baseline", "intervention", "baseline"],
                  "definition": "a_priori"}).to_csv(tmp_path / "phases.csv", index=False)
    res = casekit_cli("validate", tmp_path / "two.csv", "--case", "a", "--events",
                      tmp_path / "events.csv", "--phases", tmp_path / "phases.csv")
    assert res.returncode == 0, res.stdout + res.stderr
    res = casekit_cli("validate", tmp_path / "one.csv", "--case", "a", "--events",
                      tmp_path / "events.csv")
    assert res.returncode == 0, res.stdout + res.stderr


# -- report ----------------------------------------------------------------------------------

def _series(n, baseline, level_a, level_b, slope_b, bounds, seed):
    s = simulate_series(n, phases=[{"length": baseline, "level": level_a},
                                   {"level": level_b, "slope": slope_b}],
                        phi=0.2, sigma=1.5, bounds=bounds, integer=True, seed=seed)
    return s.data["value"].to_numpy(copy=True)


def _wide_items(n=24, baseline=6, seed=11):
    """One row per session: PHQ9_1..PHQ9_9 and WAI_1..WAI_12 item columns."""
    phq = _series(n, baseline, 18, 16, -0.45, (0, 27), seed)
    wai = _series(n, baseline, 32, 36, 0.5, (12, 60), seed + 1)
    wai[9] = wai[8] - 8  # a V-shaped alliance drop, repaired next session
    phq_items = items_from_totals(phq, "PHQ-9", seed=seed)
    wai_items = items_from_totals(wai, "WAI-SR", seed=seed)
    wide = pd.DataFrame({"session": np.arange(1, n + 1)})
    for i in range(1, 10):
        wide[f"PHQ9_{i}"] = phq_items[i].to_numpy()
    for i in range(1, 13):
        wide[f"WAI_{i}"] = wai_items[i].to_numpy()
    phases = pd.DataFrame({"case": "XL-01", "phase": ["A", "B"], "start": [1, baseline + 1],
                           "end": [baseline, n], "role": ["baseline", "intervention"],
                           "definition": "a_priori"})
    events = pd.DataFrame({"case": "XL-01", "session": [10, 11],
                           "event": ["rupture_noted", "repair_noted"],
                           "note": ["withdrawal", "metacommunication"]})
    return wide, phases, events


SPEC = {"measures": {"PHQ-9": r"^PHQ9_(?P<item>\d+)$", "WAI-SR": r"^WAI_(?P<item>\d+)$"}}


@pytest.mark.slow
def test_report_bundled_case_from_csv(tmp_path):
    case = casekit.datasets.load_case("SIM-NPD-01")
    paths = {}
    for name in ("ratings", "events", "phases"):
        paths[name] = tmp_path / f"{name}.csv"
        getattr(case, name).to_csv(paths[name], index=False)
    out = tmp_path / "report"
    res = casekit_cli("report", paths["ratings"], "--events", paths["events"], "--phases",
                      paths["phases"], "-o", out, "-q", "--alliance-sd", 8,
                      "--alliance-reliability", 0.91, "--alliance-norms-source", "placeholder")
    assert res.returncode == 0, res.stderr[-3000:]
    assert_full_output(out, extra_tables=["tables/rupture_agreement"])
    # the numbers of the teaching case (domain/case-narrative.md §4): one sudden gain in
    # PHQ-9; four drops under 2 x SD (MAD noise), three under max(2 SD, RCI)
    gains = pd.read_csv(out / "tables/sudden_gains.csv")
    assert len(gains) == 1 and gains["magnitude"].iloc[0] >= 6
    episodes = pd.read_csv(out / "tables/rupture_repair.csv")
    assert episodes.groupby("criterion").size().to_dict() == {"gumz": 3, "stiles2sd": 4}
    assert (episodes["noise_method"] == "mad").all()
    rc = pd.read_csv(out / "tables/reliable_change.csv").set_index("measure")
    assert rc.loc["PHQ-9", "category"] == "recovered"
    assert "WAI-SR" in rc.index  # RCI from the stated norms
    assert "placeholder" in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_report_wide_excel_with_spec(tmp_path):
    wide, phases, events = _wide_items()
    wide.to_excel(tmp_path / "export.xlsx", sheet_name="sessions", index=False)
    (tmp_path / "spec.json").write_text(json.dumps(SPEC), encoding="utf-8")
    phases.to_csv(tmp_path / "phases.csv", index=False)
    events.drop(columns="case").to_csv(tmp_path / "events.csv", index=False)
    out = tmp_path / "out"
    res = casekit_cli("report", tmp_path / "export.xlsx", "--layout", "wide", "--spec",
                      tmp_path / "spec.json", "--sheet", "sessions", "--case", "XL-01",
                      "--events", tmp_path / "events.csv", "--phases", tmp_path / "phases.csv",
                      "-o", out, "-q")
    assert res.returncode == 0, res.stderr[-3000:]
    assert_full_output(out, extra_tables=["tables/rupture_agreement"])
    # scored from the items: the first PHQ-9 total equals the row sum of the sheet
    rc = pd.read_csv(out / "tables/reliable_change.csv").set_index("measure")
    assert rc.loc["PHQ-9", "pre"] == wide[[f"PHQ9_{i}" for i in range(1, 10)]].iloc[0].sum()
    # no WAI-SR norms were stated: the 1-SD rule replaces max(2 SD, RCI)
    episodes = pd.read_csv(out / "tables/rupture_repair.csv")
    assert set(episodes["criterion"]) <= {"stiles2sd", "strauss1sd"}
    assert 10 in episodes.loc[episodes["criterion"] == "stiles2sd", "start"].tolist()
    phase_rows = pd.read_csv(out / "tables/phase_summary.csv")
    assert phase_rows.groupby("measure")["n"].sum().to_dict() == {"PHQ-9": 24, "WAI-SR": 24}


@pytest.mark.slow
def test_report_spss_with_user_missing_codes(tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    wide, phases, _ = _wide_items(seed=29)
    wide.insert(0, "case", "SAV-01")
    wide.loc[4, "PHQ9_3"] = 99.0   # user-missing code declared in the file
    wide.loc[7, "WAI_5"] = -9.0    # another declared code
    missing = {f"PHQ9_{i}": [99] for i in range(1, 10)}
    missing.update({f"WAI_{i}": [-9] for i in range(1, 13)})
    pyreadstat.write_sav(wide, tmp_path / "case.sav", missing_ranges=missing)
    (tmp_path / "spec.toml").write_text(
        '[measures]\n"PHQ-9" = \'^PHQ9_(?P<item>\\d+)$\'\n"WAI-SR" = \'^WAI_(?P<item>\\d+)$\'\n',
        encoding="utf-8")
    phases.assign(case="SAV-01").to_csv(tmp_path / "phases.csv", index=False)
    out = tmp_path / "out"
    res = casekit_cli("report", tmp_path / "case.sav", "--spec", tmp_path / "spec.toml",
                      "--phases", tmp_path / "phases.csv", "-o", out, "-q")
    assert res.returncode == 0, res.stderr[-3000:]
    assert_full_output(out)
    assert not (out / "tables/rupture_agreement.csv").exists()  # no events: no comparison
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "no ruptures noted in the events" in html
    # the user-missing codes became missing items (never a score of 99): PHQ-9 session 5
    # is prorated from 8 items, so every phase mean stays within the scale
    phase_rows = pd.read_csv(out / "tables/phase_summary.csv")
    phq = phase_rows[phase_rows["measure"] == "PHQ-9"]
    assert phq["mean"].between(0, 27).all()


@pytest.mark.slow
def test_report_on_invalid_data_writes_nothing(bad_files, tmp_path):
    out = tmp_path / "out"
    res = casekit_cli("report", bad_files["ratings"], "--events", bad_files["events"],
                      "--phases", bad_files["phases"], "-o", out)
    assert res.returncode == 2
    assert "Validation FAILED: 6 problems" in res.stderr
    assert "nothing was written" in res.stderr
    assert res.stdout == ""
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.csv", "phases.csv",
                                                          "ratings.csv"]


def test_report_refuses_non_empty_outdir(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    case = casekit.datasets.load_case("SIM-NPD-01")
    case.ratings.to_csv(tmp_path / "r.csv", index=False)
    res = casekit_cli("report", tmp_path / "r.csv", "-o", out)
    assert res.returncode == 2 and "--force" in res.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_report_alliance_norms_go_together(tmp_path):
    res = casekit_cli("report", tmp_path / "missing.csv", "-o", tmp_path / "o",
                      "--alliance-sd", "8")
    assert res.returncode != 0 and "go together" in res.stderr
    assert not (tmp_path / "o").exists()


def test_template_is_found():
    from casekit.cli import template_path
    path = template_path()
    assert path.name == "case_template.ipynb" and path.is_file()


def test_template_prefers_the_packaged_copy(tmp_path, monkeypatch):
    """An installed wheel carries the template as casekit/_templates/case_template.ipynb."""
    from casekit import cli
    (tmp_path / "_templates").mkdir()
    packaged = tmp_path / "_templates" / "case_template.ipynb"
    packaged.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(cli.resources, "files", lambda package: tmp_path)
    assert cli.template_path() == packaged
    packaged.unlink()
    assert cli.template_path() == ROOT / "notebooks" / "case_template.ipynb"


def test_report_checks_phase_options_first(tmp_path):
    case = casekit.datasets.load_case("SIM-NPD-01")
    case.ratings.to_csv(tmp_path / "r.csv", index=False)
    case.phases.to_csv(tmp_path / "p.csv", index=False)
    out = tmp_path / "out"
    res = casekit_cli("report", tmp_path / "r.csv", "--phases", tmp_path / "p.csv",
                      "--baseline-phase", "A", "-o", out)
    assert res.returncode == 2
    expected = "--baseline-phase 'A' is not a phase of the data; phases: P0, P1, P2, P3, P4"
    assert expected in res.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "r.csv"]
