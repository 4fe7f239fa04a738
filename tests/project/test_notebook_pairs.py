"""Every notebook has a paired py:percent file (the review surface) with the same cells."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
IPYNB = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_there_are_notebooks():
    assert IPYNB


@pytest.mark.parametrize("nb_path", IPYNB, ids=lambda p: p.stem)
def test_pair_in_sync(nb_path):
    py_path = nb_path.with_suffix(".py")
    assert py_path.exists(), f"{nb_path.name} has no paired {py_path.name}"
    nb = nbformat.read(nb_path, as_version=4)
    assert "py:percent" in nb.metadata.get("jupytext", {}).get("formats", ""), \
        f"{nb_path.name}: jupytext formats must pair it with py:percent"
    py = jupytext.read(py_path)
    a = [(c.cell_type, c.source.strip()) for c in nb.cells]
    b = [(c.cell_type, c.source.strip()) for c in py.cells]
    assert a == b, f"{nb_path.name} and {py_path.name} differ: run jupytext --sync"


@pytest.mark.parametrize("nb_path", IPYNB, ids=lambda p: p.stem)
def test_stored_outputs_are_from_a_run(nb_path):
    # nbval refuses stored outputs of unrun cells; a run notebook numbers its cells 1, 2, ...
    nb = nbformat.read(nb_path, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert all(c is not None for c in counts), f"{nb_path.name} has unexecuted cells"
    assert counts == sorted(counts), f"{nb_path.name} was not executed top to bottom"
