"""Student copies of the seminar notebooks (``scripts/make_student_copies.py``).

The script is the contract between the seminar notebooks and the teachers who hand them out:
cells tagged ``solution`` are removed, outputs cleared, ``exercise`` cells kept, originals left
untouched. These tests run the script (as a teacher would, in a subprocess) on every
``notebooks/seminar_*.ipynb`` present, writing into a temporary folder, and check the copies;
they also check the seminar rules the script relies on (at least one exercise and one
solution per seminar notebook, runnable scaffolds without ``...``, no later cell that needs a
name only a solution cell defines).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import io
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_student_copies.py"
SEMINARS = sorted((ROOT / "notebooks").glob("seminar_*.ipynb"))

_spec = importlib.util.spec_from_file_location("make_student_copies", SCRIPT)
msc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(msc)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, check=False)


def _code(source: str) -> str:
    """Cell source without IPython magics / shell lines (so that ``ast`` can parse it)."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                     for line in source.splitlines())


def _stored(names_of_cell):
    stored, loaded = set(), set()
    for node in ast.walk(names_of_cell):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, (ast.Store, ast.Del)) else loaded).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stored.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                stored.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.arg):
            stored.add(node.arg)
    return stored, loaded


seminar_params = [pytest.param(p, id=p.stem) for p in SEMINARS] or [
    pytest.param(None, marks=pytest.mark.skip(reason="no notebooks/seminar_*.ipynb yet"))]


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """Snapshot the seminar notebooks, run the script on the snapshot, record the digests.

    Working on a snapshot keeps the test independent of a colleague re-executing a notebook
    in the same working tree while the tests run.
    """
    if not SEMINARS:
        pytest.skip("no notebooks/seminar_*.ipynb yet")
    src = tmp_path_factory.mktemp("notebooks")
    for p in SEMINARS:
        shutil.copy2(p, src / p.name)
    out = tmp_path_factory.mktemp("student")
    before = {p: _digest(p) for p in sorted(src.glob("*.ipynb"))}
    proc = _run("--source", src, "--out", out)
    return {"src": src, "out": out, "before": before, "proc": proc}


def test_defaults_are_the_project_folders():
    assert msc.NOTEBOOKS == ROOT / "notebooks"
    assert msc.PATTERN == "seminar_*.ipynb"
    assert "notebooks/student/" in (ROOT / ".gitignore").read_text().splitlines()


def test_script_succeeds_and_writes_one_copy_per_seminar(copies):
    proc = copies["proc"]
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # no "has no solution cell" warnings
    written = sorted(p.name for p in copies["out"].glob("*.ipynb"))
    assert written == [p.name for p in SEMINARS]


def test_originals_unchanged(copies):
    for path, digest in copies["before"].items():
        assert _digest(path) == digest, f"{path.name} was modified by the script"


@pytest.mark.parametrize("original", seminar_params)
def test_student_copy(copies, original):
    nb = nbformat.read(copies["src"] / original.name, as_version=4)
    student = nbformat.read(copies["out"] / original.name, as_version=4)
    nbformat.validate(student)

    # the notice comes first; no pairing metadata that would spawn a .py next to the copy
    assert "Student copy" in student.cells[0].source
    assert original.name in student.cells[0].source
    assert "jupytext" not in student.metadata

    # no solution cell, and no solution text anywhere in the copy
    assert not any("solution" in _tags(c) for c in student.cells)
    solutions = [c.source.strip() for c in nb.cells if "solution" in _tags(c)]
    for sol in solutions:
        if sol:
            leaks = [i for i, c in enumerate(student.cells) if sol in c.source]
            assert not leaks, f"solution code of {original.name} left in copy cells {leaks}"

    # every exercise cell kept, in order and unchanged
    ex_orig = [(c.cell_type, c.source) for c in nb.cells if "exercise" in _tags(c)]
    ex_copy = [(c.cell_type, c.source) for c in student.cells if "exercise" in _tags(c)]
    assert ex_copy == ex_orig
    # every non-solution cell kept (plus the notice)
    assert len(student.cells) == 1 + len(nb.cells) - len(solutions)

    # outputs cleared
    for c in student.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None


@pytest.mark.parametrize("original", seminar_params)
def test_seminar_has_exercises_and_solutions(original):
    nb = nbformat.read(original, as_version=4)
    cells = nb.cells
    ex_md = [c for c in cells if "exercise" in _tags(c) and c.cell_type == "markdown"]
    ex_code = [c for c in cells if "exercise" in _tags(c) and c.cell_type == "code"]
    sol = [c for c in cells if "solution" in _tags(c)]
    assert ex_md and ex_code, f"{original.name} has no exercise (markdown + code scaffold)"
    assert any(c.cell_type == "code" for c in sol), f"{original.name} has no solution code"
    # every run of solution cells follows an exercise cell
    for i, c in enumerate(cells):
        if "solution" in _tags(c) and "solution" not in _tags(cells[i - 1]):
            assert "exercise" in _tags(cells[i - 1]), (
                f"{original.name}: solution cell {i} does not follow an exercise cell")
    # scaffolds run: no Ellipsis placeholder in executed exercise code
    for c in ex_code:
        toks = tokenize.generate_tokens(io.StringIO(_code(c.source) + "\n").readline)
        assert not any(t.type == tokenize.OP and t.string == "..." for t in toks), (
            f"{original.name}: exercise scaffold uses '...':\n{c.source}")


@pytest.mark.parametrize("original", seminar_params)
def test_copy_does_not_need_names_from_solutions(original):
    """A name only a solution cell defines must not be used by a cell the students keep."""
    nb = nbformat.read(original, as_version=4)
    kept_stored, kept_loaded, sol_stored = set(), set(), set()
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        stored, loaded = _stored(ast.parse(_code(c.source)))
        if "solution" in _tags(c):
            sol_stored |= stored
        else:
            kept_stored |= stored
            kept_loaded |= loaded
    missing = sorted((sol_stored - kept_stored) & kept_loaded)
    assert not missing, f"{original.name}: kept cells use names defined only in solutions: " \
                        f"{missing}"


# ---------------------------------------------------------------------------------------------
# the script on a small synthetic notebook (independent of the seminar notebooks present)
# ---------------------------------------------------------------------------------------------


def _toy(tmp_path: Path, name="seminar_toy.ipynb", both=False) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    md = nbformat.v4.new_markdown_cell("## Exercise 1\nCompute x.")
    md.metadata["tags"] = ["exercise"]
    scaffold = nbformat.v4.new_code_cell("x = None  # your code here")
    scaffold.metadata["tags"] = ["exercise", "solution"] if both else ["exercise"]
    scaffold.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    scaffold.execution_count = 2
    sol = nbformat.v4.new_code_cell("x = 6 * 7\nprint(x)")
    sol.metadata["tags"] = ["solution"]
    sol_md = nbformat.v4.new_markdown_cell("The answer is 42.")
    sol_md.metadata["tags"] = ["solution"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Toy"), nbformat.v4.new_code_cell("y = 1"),
                md, scaffold, sol, sol_md]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def test_toy_notebook(tmp_path):
    (tmp_path / "nb").mkdir()
    src = _toy(tmp_path / "nb")
    before = _digest(src)
    out = tmp_path / "student"
    proc = _run("--source", src.parent, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "2 solution cell(s) removed" in proc.stdout
    assert _digest(src) == before
    copy = nbformat.read(out / src.name, as_version=4)
    sources = [c.source for c in copy.cells]
    assert sources[1:] == ["# Toy", "y = 1", "## Exercise 1\nCompute x.",
                           "x = None  # your code here"]
    assert copy.cells[4].outputs == [] and copy.cells[4].execution_count is None
    assert "jupytext" not in copy.metadata
    assert not any("6 * 7" in s or "42" in s for s in sources)


def test_refuses_to_write_over_the_originals(tmp_path):
    src = _toy(tmp_path)
    before = _digest(src)
    with pytest.raises(ValueError, match="refusing to overwrite"):
        msc.make_copies([src], tmp_path)
    proc = _run("--source", tmp_path, "--out", tmp_path)
    assert proc.returncode != 0 and "refusing to overwrite" in proc.stderr
    assert _digest(src) == before


def test_cell_tagged_exercise_and_solution_is_an_error(tmp_path):
    src = _toy(tmp_path, both=True)
    with pytest.raises(ValueError, match="tagged both 'exercise' and 'solution'"):
        msc.make_copies([src], tmp_path / "out")
    assert not (tmp_path / "out" / src.name).exists()


def test_no_seminar_notebooks_is_reported(tmp_path):
    proc = _run("--source", tmp_path, "--out", tmp_path / "out")
    assert proc.returncode == 1
    assert "no notebooks matching seminar_*.ipynb" in proc.stderr


def test_student_copy_does_not_modify_its_input(tmp_path):
    nb = nbformat.read(_toy(tmp_path), as_version=4)
    snapshot = nbformat.writes(nb)
    msc.student_copy(nb, "seminar_toy.ipynb")
    assert nbformat.writes(nb) == snapshot
