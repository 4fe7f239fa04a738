"""``casekit report`` in process on an author's messy exports: what it writes, a report.html a
reader can share (contents, provenance, no code, no path), sessions that match the data, and
every example of ``casekit --help`` run as written."""

from __future__ import annotations

import getpass
import hashlib
import json
import re
import shlex
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from casekit.cli import EPILOG

pytestmark = pytest.mark.slow

FIGURES = ["series", "changepoints", "ruptures"]


def _all_bytes(path: Path) -> list[bytes]:
    """The bytes of a file, and of every member of a .docx (zip)."""
    data = [path.read_bytes()]
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            data += [z.read(n) for n in z.namelist()]
    return data


def _leaks(folder: Path, secrets: list[str]) -> list[str]:
    found = []
    for p in folder.rglob("*"):
        if p.is_file():
            for blob in _all_bytes(p):
                found += [f"{p.name}: {s}" for s in secrets if s.encode() in blob]
    return found


@pytest.fixture(scope="module")
def full_report(tmp_path_factory):
    """The default report of the long CSV with events and phases (run once)."""
    from casekit.cli import main

    from ._data import write_exports

    root = tmp_path_factory.mktemp("full")
    paths = write_exports(root)
    out = root / "report"
    code = main(["report", str(paths["sessions.csv"]), "--events", str(paths["events.csv"]),
                 "--phases", str(paths["phases.csv"]), "-o", str(out), "-q"])
    assert code == 0
    return root, out


def test_report_writes_every_format(full_report):
    _, out = full_report
    expected = ["report.html", "results_paragraph.txt", "notes.txt", "provenance.json",
                ".casekit-manifest.json", "tables/tables.html", "tables/tables.docx",
                "tables/README-csv.txt"]
    expected += [f"figures/{f}.{ext}" for f in FIGURES for ext in ("pdf", "svg", "png")]
    expected += [f"tables/{t}.{ext}" for t in ("reliable_change", "phase_summary",
                                                "effect_sizes", "change_points",
                                                "rupture_repair") for ext in ("csv", "tex")]
    missing = [n for n in expected if not (out / n).is_file() or not (out / n).stat().st_size]
    assert not missing
    assert (out / "figures/series.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "figures/series.png").read_bytes().startswith(b"\x89PNG")


def test_manifest_covers_every_file(full_report):
    _, out = full_report
    manifest = json.loads((out / ".casekit-manifest.json").read_text(encoding="utf-8"))
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert set(manifest["files"]) == files - {".casekit-manifest.json"}
    for rel, digest in manifest["files"].items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest


def test_report_html_is_shareable(full_report):
    root, out = full_report
    html = (out / "report.html").read_text(encoding="utf-8")
    # contents, figures, tables, notes, provenance; no code; print CSS
    assert '<nav class="ck-toc">' in html
    for anchor in ("results", "figures", "tables", "notes", "provenance"):
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html
    assert 'id="code"' not in html and "import casekit" not in html
    assert "@media print" in html and "break-inside: avoid" in html
    assert "Table 1" in html and "Figure 1" in html
    assert html.count("<figure") >= 3
    # provenance: version, input names without folders and their checksums, seed
    digest = hashlib.sha256((root / "sessions.csv").read_bytes()).hexdigest()
    assert digest in html and ">sessions.csv<" in html and "20240601" in html
    assert "Traceback" not in html and "stderr" not in html
    # formula-like text in CSV tables: said in the report and next to the tables
    assert "OWASP" in html and "OWASP" in (out / "tables/README-csv.txt").read_text()


def test_no_absolute_path_or_user_name_in_any_output(full_report):
    root, out = full_report
    user = getpass.getuser()
    secrets = [str(root), str(root.resolve()), str(Path.home()), f"/{user}/", f"\\{user}\\"]
    assert _leaks(out, secrets) == []


def test_locations_are_the_sessions_of_the_data(full_report):
    """Sessions 5 and 15 are missed and the drop comes after session 12: every change point
    says 12 (a position would say 11)."""
    _, out = full_report
    cps = pd.read_csv(out / "tables/change_points.csv")
    assert set(cps["session"]) == {12}
    assert "after session 12" in (out / "results_paragraph.txt").read_text(encoding="utf-8")


def test_show_code_and_formats(cli, exports, tmp_path):
    out = tmp_path / "r"
    code, stdout, err = cli("report", "sessions.csv", "-o", out, "--format", "html,csv",
                            "--show-code")
    assert code == 0, err
    # one progress line per stage on stderr, the files written on stdout
    assert [line[:5] for line in err.splitlines() if line.startswith("[")] == \
        ["[1/4]", "[2/4]", "[3/4]", "[4/4]"]
    assert "wrote" in stdout and "report.html" in stdout
    assert not list(out.glob("figures/*"))  # no figure files asked for ...
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<figure") >= 2  # ... but the page still shows the figures
    assert 'id="code"' in html and "casekit.read_case(&#x27;sessions.csv&#x27;" in html
    assert not list(out.glob("tables/*.tex")) and list(out.glob("tables/*.csv"))
    # the code shown runs as written and gives the report's paragraph
    import html as _html
    code = _html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", html, re.S).group(1))
    code = code.replace("analysis.write('report'", "analysis.write('from-code'")
    exec(compile(code, "report-code", "exec"), {})
    paragraph = (out / "results_paragraph.txt").read_text(encoding="utf-8")
    assert paragraph == Path("from-code/results_paragraph.txt").read_text(encoding="utf-8")


def test_examples_of_the_help_run_as_written(cli, exports):
    """Every ``casekit ...`` line of ``casekit --help`` on the generated exports."""
    lines = [line.strip() for line in EPILOG.splitlines() if line.startswith("  casekit ")]
    assert len(lines) >= 6
    for line in lines:
        argv = shlex.split(line)[1:]
        code, out, err = cli(*argv, *(["-q"] if argv[0] == "report" else []))
        assert code == 0, (line, out[-2000:], err[-2000:])
        assert "Traceback" not in out + err and "Warning:" not in err
        if argv[0] == "report":
            outdir = Path(argv[argv.index("-o") + 1])
            assert (outdir / "report.html").is_file()


def test_examples_of_the_docs_run_as_written(cli, exports):
    """Every ``casekit ...`` line in a console block of docs/command-line.md."""
    doc = Path(__file__).resolve().parents[2] / "docs" / "command-line.md"
    blocks = re.findall(r"```console\n(.*?)```", doc.read_text(encoding="utf-8"), re.S)
    lines = [ln[2:].strip() for b in blocks for ln in b.splitlines()
             if ln.startswith("$ casekit ")]
    assert len(lines) >= 5
    for line in lines:
        argv = shlex.split(line)[1:]
        code, out, err = cli(*argv)
        expected = 1 if "typo.csv" in line and argv[0] == "validate" else 0
        assert code == expected, (line, out[-2000:], err[-2000:])


def test_spss_with_user_missing_codes(cli, exports):
    """A .sav with a declared user-missing code (99): valid on the first try, the code is a
    missing item (never a score), the change point is the session of the data."""
    pyreadstat = pytest.importorskip("pyreadstat")
    from ._data import case_tables

    wide = case_tables().rename(columns={"Sitzung": "sitzung"}).drop(
        columns=["Datum", "PHQ9_total"])
    wide.insert(0, "id", 7)
    wide.loc[3, "PHQ9_2"] = 99
    pyreadstat.write_sav(wide, "sessions.sav",
                         missing_ranges={f"PHQ9_{i}": [99] for i in range(1, 10)})
    Path("spss.toml").write_text(
        '[columns]\nid = "case"\nsitzung = "session"\n\n[measures.PHQ-9]\n'
        "items = 'PHQ9_(?P<item>\\d)'\n\n[measures]\nWAI-SR = 'WAI_(?P<item>\\d+)'\n",
        encoding="utf-8")
    code, out, err = cli("validate", "sessions.sav", "--spec", "spss.toml")
    assert (code, err) == (0, ""), out
    code, out, err = cli("report", "sessions.sav", "--spec", "spss.toml", "-o", "spss",
                         "--format", "csv", "-q")
    assert code == 0, err
    desc = pd.read_csv("spss/tables/descriptives.csv").set_index(["measure", "scale"])
    assert desc.loc[("PHQ-9", "total"), "max"] <= 27
    assert set(pd.read_csv("spss/tables/change_points.csv")["session"]) == {12}


def test_formula_like_labels_are_neutralised_in_csv(cli, exports):
    """A phase named like a spreadsheet formula: every CSV cell holding it starts with an
    apostrophe (OWASP), the numbers are unchanged, README-csv.txt says so."""
    phases = pd.read_csv("phases.csv")
    phases.loc[1, "phase"] = "=cmd|B"
    phases.to_csv("evil.csv", index=False)
    code, _, err = cli("report", "sessions.csv", "--phases", "evil.csv", "-o", "evil",
                       "--format", "csv", "-q")
    assert code == 0, err
    cells = []
    for path in Path("evil/tables").glob("*.csv"):
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        cells += [v for col in table.columns for v in table[col] if "cmd|B" in v]
    assert cells and all(v.startswith("'=cmd|B") for v in cells)
    summary = pd.read_csv("evil/tables/phase_summary.csv")
    assert (summary["mean"] > 0).all()
    assert "apostrophe" in Path("evil/tables/README-csv.txt").read_text(encoding="utf-8")
