"""Every seminar exercise has a self-check cell that stays in the student copy.

A self-check cell (tags ``exercise`` and ``self-check``) follows each exercise scaffold and calls
``self_check("Exercise N", [...])``: it compares the student's answer with the expected value
within a tolerance and says what to look at when it is off. The helper itself is defined once
per notebook in a self-check cell before the first exercise. The student copy
(``scripts/make_student_copies.py``) removes the solutions and keeps every self-check cell; no
self-check may need a name that only a solution defines.
"""

from __future__ import annotations

import ast
import importlib.util
import re

import nbformat
import pytest

from tests._paths import ROOT

SEMINARS = sorted((ROOT / "notebooks").glob("seminar_*.ipynb"))
spec = importlib.util.spec_from_file_location("make_student_copies",
                                              ROOT / "scripts" / "make_student_copies.py")
msc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(msc)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def _names_defined(source: str) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.alias):
            out.add((node.asname or node.name).split(".")[0])
    return out


@pytest.mark.parametrize("path", SEMINARS, ids=lambda p: p.stem)
def test_every_exercise_has_a_self_check_that_survives_the_student_copy(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    scaffolds = [i for i, c in enumerate(code) if _tags(c) == ["exercise"]]
    assert scaffolds, path.name
    for n, i in enumerate(scaffolds, start=1):
        nxt = code[i + 1]
        assert "self-check" in _tags(nxt) and "exercise" in _tags(nxt), (path.name, n)
        assert f'self_check("Exercise {n}"' in nxt.source, (path.name, n)
        assert re.search(r",\s*\d", nxt.source), "a tolerance and an expected value"
    helper = [c for c in code if "self-check" in _tags(c)
              and "from casekit.teaching import self_check" in c.source]
    assert len(helper) == 1 and code.index(helper[0]) < scaffolds[0]

    copy = msc.student_copy(nb, path.name)[0]
    kept = [c for c in copy.cells if "self-check" in _tags(c)]
    assert len(kept) == len(scaffolds) + 1
    # names used by the self-checks exist without the solutions
    defined: set[str] = set(dir(__builtins__))
    for c in copy.cells:
        if c.cell_type == "code":
            defined |= _names_defined(c.source)
    solution_only = set()
    for c in nb.cells:
        if c.cell_type == "code" and "solution" in _tags(c):
            solution_only |= _names_defined(c.source)
    for c in kept:
        used = {node.id for node in ast.walk(ast.parse(c.source))
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
        missing = {u for u in used if u not in defined and u in solution_only}
        assert not missing, (path.name, missing)


def test_self_check_reports_correct_open_and_wrong_answers(capsys):
    from casekit.teaching import self_check

    lines = self_check("Exercise 9", [("a", 0.5004, 0.5, 1e-3, "h1"), ("b", None, 1, 0, "h2"),
                                      ("c", [1, 2], [1, 3], 0, "look here"),
                                      ("d", {"x": [1]}, {"x": [1]}, 0, "h4"),
                                      ("e", 0.52, 0.5, 1e-3, "h5")])
    out = capsys.readouterr().out.splitlines()
    assert out == lines
    assert out[0] == "Exercise 9 a: correct"
    assert "not answered yet" in out[1]
    assert out[2].startswith("Exercise 9 c: not yet") and out[2].endswith("look at: look here")
    assert out[3] == "Exercise 9 d: correct"
    assert out[4] == "Exercise 9 e: not yet (0.52); look at: h5"


def test_self_check_reads_a_results_estimate():
    import casekit as ck
    from casekit.teaching import self_check

    res = ck.nap([3, 4, 5], [6, 7, 8], improvement="increase")
    assert self_check("E", [("NAP", res, 1.0, 1e-9, "h")]) == ["E NAP: correct"]


@pytest.mark.slow
@pytest.mark.parametrize("path", SEMINARS, ids=lambda p: p.stem)
def test_the_worked_solutions_pass_every_self_check(path, capsys, monkeypatch, tmp_path):
    # The expected values inside the self-checks must follow the library: when a default
    # changes (e.g. a calibrated change-point model), the worked solution and its self-check
    # must still agree. Run the notebook's code in order and, after each solution cell,
    # the self-check cell of that exercise again.
    import matplotlib.pyplot as plt

    monkeypatch.chdir(path.parent)
    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    nb = nbformat.read(path, as_version=4)
    ns: dict = {"__name__": "__seminar__"}
    last_check, verdicts = None, {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tags = _tags(cell)
        exec(compile(cell.source, f"{path.name}", "exec"), ns)  # noqa: S102 (our notebook)
        if "self-check" in tags and "self_check(" in cell.source:
            last_check = cell.source
        elif "solution" in tags and last_check is not None:
            # after every solution cell of the exercise; the last run is its verdict
            capsys.readouterr()
            exec(compile(last_check, f"{path.name} (self-check)", "exec"), ns)  # noqa: S102
            verdicts[last_check] = capsys.readouterr().out
        plt.close("all")
    verdicts = list(verdicts.values())
    assert verdicts, "no solution followed a self-check"
    wrong = [v for v in verdicts if "not yet" in v or "not answered" in v]
    assert not wrong, "".join(wrong)
