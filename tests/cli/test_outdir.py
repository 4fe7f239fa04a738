"""The output folder of ``casekit report`` is safe: ``--force`` replaces only what an
earlier report wrote (its manifest), some folders are refused outright, paths that cannot be
written are one clear message, and a failure or an interrupt leaves nothing behind."""

from __future__ import annotations

import json
import os

import pandas as pd
import pytest

from casekit._outdir import (
    MANIFEST,
    TEMP_PREFIX,
    OutputError,
    check_outdir,
    read_manifest,
    staging,
    write_manifest,
)


def _fake_report(folder):
    """A folder as an earlier report leaves it: files and their manifest."""
    (folder / "figures").mkdir(parents=True)
    (folder / "figures" / "series.png").write_bytes(b"\x89PNG...")
    (folder / "report.html").write_text("<html></html>", encoding="utf-8")
    write_manifest(folder, "0.0")
    return folder


def _tree(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# -- the manifest ----------------------------------------------------------------------------

def test_manifest_lists_every_file_with_its_checksum(tmp_path):
    folder = _fake_report(tmp_path / "r")
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert data["written_by"] == "casekit report"
    assert sorted(data["files"]) == ["figures/series.png", "report.html"]
    import hashlib
    assert data["files"]["report.html"] == hashlib.sha256(b"<html></html>").hexdigest()
    assert read_manifest(folder) == data


# -- refusals --------------------------------------------------------------------------------

def test_a_new_or_empty_folder_is_fine(tmp_path):
    assert check_outdir(tmp_path / "new") == (tmp_path / "new").resolve()
    (tmp_path / "empty").mkdir()
    assert check_outdir(tmp_path / "empty").name == "empty"


def test_foreign_files_are_refused_even_with_force(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "thesis.docx").write_text("mine", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(OutputError, match="casekit did not write"):
            check_outdir(out, force=force)
    assert _tree(out) == ["thesis.docx"]


def test_an_earlier_report_needs_force(tmp_path):
    out = _fake_report(tmp_path / "out")
    with pytest.raises(OutputError, match="pass --force"):
        check_outdir(out)
    assert check_outdir(out, force=True) == out.resolve()


@pytest.mark.parametrize("change", ["added", "edited", "folder"])
def test_a_report_with_the_users_files_is_refused(tmp_path, change):
    out = _fake_report(tmp_path / "out")
    if change == "added":
        (out / "figures" / "my_notes.txt").write_text("keep", encoding="utf-8")
        expected = "figures/my_notes.txt"
    elif change == "edited":
        (out / "report.html").write_text("<html>my edits</html>", encoding="utf-8")
        expected = "report.html (changed since casekit wrote it)"
    else:
        (out / "drafts").mkdir()
        expected = "drafts/ (a folder the earlier report did not make)"
    with pytest.raises(OutputError) as info:
        check_outdir(out, force=True)
    assert expected in str(info.value)


def test_the_datas_folder_is_refused(tmp_path):
    data = tmp_path / "study" / "sessions.csv"
    data.parent.mkdir()
    data.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="holds the input file sessions.csv"):
        check_outdir(tmp_path / "study", inputs=[data], force=True)
    with pytest.raises(OutputError, match="holds the input file"):
        check_outdir(tmp_path, inputs=[data], force=True)


def test_current_folder_home_and_root_are_refused(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    with pytest.raises(OutputError, match="the current folder"):
        check_outdir(".", force=True)
    with pytest.raises(OutputError, match="above the current folder"):
        check_outdir("..", force=True)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    with pytest.raises(OutputError, match="your home folder"):
        check_outdir("~", force=True)
    with pytest.raises(OutputError, match="your home folder"):
        check_outdir(home, force=True)
    with pytest.raises(OutputError, match="root folder"):
        check_outdir("/", force=True)


def test_a_symbolic_link_is_refused(tmp_path):
    target = _fake_report(tmp_path / "real")
    (tmp_path / "link").symlink_to(target, target_is_directory=True)
    with pytest.raises(OutputError, match="symbolic link"):
        check_outdir(tmp_path / "link", force=True)
    assert _tree(target) == [MANIFEST, "figures", "figures/series.png", "report.html"]


def test_a_file_or_a_path_under_a_file_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_outdir(tmp_path / "notes.txt")
    with pytest.raises(OutputError, match="lies under notes.txt, which is a file"):
        check_outdir(tmp_path / "notes.txt" / "report")


def test_a_read_only_folder_is_refused(tmp_path, monkeypatch):
    # root may write anywhere: the permission answer is simulated
    monkeypatch.setattr("casekit._outdir.os.access", lambda path, mode: False)
    with pytest.raises(OutputError, match="permission denied"):
        check_outdir(tmp_path / "report")


# -- staging and the swap --------------------------------------------------------------------

def test_staging_moves_the_new_report_into_place(tmp_path):
    out = _fake_report(tmp_path / "out")
    with staging(out) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(TEMP_PREFIX)
        (tmp / "report.html").write_text("new", encoding="utf-8")
        write_manifest(tmp, "0.0")
    assert _tree(out) == [MANIFEST, "report.html"]
    assert (out / "report.html").read_text(encoding="utf-8") == "new"
    assert _tree(tmp_path) == ["out", f"out/{MANIFEST}", "out/report.html"]
    assert oct(os.stat(out).st_mode & 0o777) != oct(0o700)


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt, SystemExit])
def test_a_failure_leaves_the_earlier_report_and_no_temp_folder(tmp_path, exc):
    out = _fake_report(tmp_path / "out")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(exc):
        with staging(out) as tmp:
            (tmp / "half.png").write_bytes(b"...")
            raise exc()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


# -- through the command line ----------------------------------------------------------------

def _case(tmp_path):
    data = pd.DataFrame({"case": "c1", "session": range(1, 13), "measure": "PHQ-9",
                         "scale": "total", "value": [18, 19, 17, 18, 12, 11, 10, 9, 9, 8, 7, 8]})
    path = tmp_path / "data" / "r.csv"
    path.parent.mkdir()
    data.to_csv(path, index=False)
    return path


def test_cli_refusals_exit_2_with_one_message(cli, tmp_path, monkeypatch):
    data = _case(tmp_path)
    monkeypatch.chdir(data.parent)
    listing = _tree(tmp_path)
    for args, words in [
        (["-o", "."], "is the current folder"),
        (["-o", ".", "--force"], "is the current folder"),
        (["-o", str(data.parent), "--force"], "is the current folder"),
        (["-o", str(data)], "holds the input file r.csv"),
        (["-o", "r.csv/out"], "lies under r.csv, which is a file"),
        (["-o", "/", "--force"], "root folder"),
    ]:
        code, out, err = cli("report", "r.csv", *args, "-q")
        assert code == 2, (args, err)
        assert words in err and "nothing was written" in err and "Traceback" not in err
        assert out == ""
    assert _tree(tmp_path) == listing  # nothing was written, nothing deleted


def test_cli_force_replaces_an_earlier_report_only(cli, tmp_path, monkeypatch):
    data = _case(tmp_path)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "report"
    code, stdout, err = cli("report", data, "-o", out, "--format", "csv", "-q",
                            "--problems", tmp_path / "p.csv")
    assert code == 0, err
    # no problems: the file is still written (the warnings; none here)
    assert list(pd.read_csv(tmp_path / "p.csv").columns[:3]) == ["severity", "table", "where"]
    (tmp_path / "p.csv").unlink()
    assert "wrote" in stdout and "tables/descriptives.csv" in stdout
    manifest = read_manifest(out)
    assert set(manifest["files"]) == {p for p in _tree(out) if "." in p.split("/")[-1]
                                      and p != MANIFEST}
    code, _, err = cli("report", data, "-o", out, "--format", "csv", "-q")
    assert code == 2 and "--force" in err
    code, _, err = cli("report", data, "-o", out, "--format", "csv", "-q", "--force")
    assert code == 0, err
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    code, _, err = cli("report", data, "-o", out, "--format", "csv", "-q", "--force")
    assert code == 2 and "mine.txt" in err
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".casekit")]


def test_cli_interrupt_cleans_up(cli, tmp_path, monkeypatch):
    """Ctrl-C while writing: exit 130, one line, no temporary folder, no report."""
    data = _case(tmp_path)
    import casekit.case.analysis as analysis

    def interrupted(self, outdir, **kwargs):
        (outdir / "half.csv").write_text("x", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(analysis.CaseAnalysis, "write", interrupted)
    code, out, err = cli("report", data, "-o", tmp_path / "out", "-q")
    assert code == 130 and "interrupted; nothing was written" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


@pytest.mark.parametrize("signame, status, word", [("SIGINT", 130, "interrupted"),
                                                   ("SIGTERM", 143, "terminated")])
def test_cli_signal_that_surfaces_as_another_error_is_still_an_interruption(
        cli, tmp_path, monkeypatch, signame, status, word):
    """A signal arriving while an extension module initialises surfaces as ``ImportError:
    initialization failed`` (seen in CI): still an interruption, not "a bug in casekit"."""
    import signal

    data = _case(tmp_path)
    import casekit.case.analysis as analysis

    def interrupted(self, outdir, **kwargs):
        (outdir / "half.csv").write_text("x", encoding="utf-8")
        try:
            signal.raise_signal(getattr(signal, signame))
        except BaseException as exc:  # what the extension module's initialisation does
            raise ImportError("initialization failed") from exc

    monkeypatch.setattr(analysis.CaseAnalysis, "write", interrupted)
    code, out, err = cli("report", data, "-o", tmp_path / "out", "-q")
    assert code == status and f"{word}; nothing was written" in err, err
    assert "bug in casekit" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
