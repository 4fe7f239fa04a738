"""casekit._runner, the one notebook runner of reproduce and rebaseline: it executes a
notebook in a fresh kernel with the environment asked for, restores the environment, and
leaves no kernel socket folder behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
import pytest

from casekit import _runner


def _kernel_folders():
    return {p.name for p in Path(tempfile.gettempdir()).glob("casekit-kernel-*")}


@pytest.mark.slow
def test_execute_and_rebaseline(tmp_path, monkeypatch):
    monkeypatch.delenv("CASEKIT_OUTPUT", raising=False)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import os\nprint(os.environ.get('CASEKIT_OUTPUT'), os.getcwd())")]
    path = tmp_path / "nb" / "t.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, str(path))
    before = _kernel_folders()
    lines: list[str] = []
    done = _runner.execute(path, env={"CASEKIT_OUTPUT": "here"}, progress=lines.append)
    assert lines == ["cell 1/1: import os"]
    text = done.cells[0].outputs[0]["text"]
    assert text.split() == ["here", str(path.parent)]
    assert "CASEKIT_OUTPUT" not in os.environ
    assert _kernel_folders() == before
    assert "<html" in _runner.to_html(done)
    _runner.rebaseline(path)
    stored = nbformat.read(str(path), as_version=4)
    assert stored.cells[0].outputs[0]["text"].split()[0] == "None"


def test_cell_line_names_the_first_line_of_code():
    src = "# a comment first\n\nanalysis = ck.analyze_case(case, norms=NORMS, seed=SEED, progress=True)"
    line = _runner.cell_line(3, 41, src)
    assert line.startswith("cell 3/41: analysis = ck.analyze_case(")
    assert line.endswith("...") and len(line) <= len("cell 3/41: ") + 60
    assert _runner.cell_line(1, 1, "") == "cell 1/1: "
