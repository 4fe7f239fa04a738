"""The one notebook runner of the project: ``scripts/reproduce.py`` (``tasks.py reproduce``)
and ``scripts/rebaseline.py`` (``tasks.py rebaseline``) execute notebooks through it.

``casekit report`` does not execute a notebook: it builds its report from
:func:`casekit.analyze_case` directly (see :mod:`casekit.cli`), the pipeline the notebooks
call too.

A notebook runs headless in a fresh ``python3`` kernel over IPC sockets in a temporary folder
(:func:`casekit._kernel.ipc_kernel_config`), removed afterwards also when the run fails or is
interrupted; environment variables given for the run are set for the kernel only while it
starts and restored after.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["execute", "to_html", "rebaseline", "cell_line"]

KERNEL = "python3"
TIMEOUT = 600  # seconds per cell


@contextmanager
def _environ(env: Mapping[str, str] | None) -> Iterator[None]:
    if not env:
        yield
        return
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update({k: str(v) for k, v in env.items()})
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def cell_line(index: int, total: int, source: str) -> str:
    """One progress line for a code cell: ``"cell 3/41: analysis = ck.analyze_case(..."``."""
    first = next((ln.strip() for ln in source.splitlines()
                  if ln.strip() and not ln.lstrip().startswith("#")), "")
    first = first if len(first) <= 60 else first[:57] + "..."
    return f"cell {index}/{total}: {first}"


def execute(path: str | os.PathLike[str], *, cwd: str | os.PathLike[str] | None = None,
            env: Mapping[str, str] | None = None, timeout: int = TIMEOUT,
            progress: Callable[[str], None] | None = None) -> NotebookNode:
    """Execute the notebook at ``path``; return the executed notebook (not written).

    Parameters
    ----------
    path : str or path-like
        The ``.ipynb`` file.
    cwd : str or path-like, optional
        The kernel's working folder (default: the notebook's folder).
    env : mapping, optional
        Environment variables for the kernel (e.g. ``CASEKIT_OUTPUT``).
    timeout : int
        Seconds allowed per cell.
    progress : callable, optional
        Called with one line (:func:`cell_line`) before each code cell runs, so a long run
        says what it is doing (``tasks.py reproduce`` prints them).
    """
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    from ._kernel import ipc_kernel_config

    # nbformat and nbconvert have no annotations: the typed names below (``read``, ``parent``,
    # ``make``) let ``mypy --strict`` check the calls without calling an untyped function
    read: Callable[..., NotebookNode] = nbformat.read
    path = Path(path)
    nb = read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="casekit-kernel-") as sockets, _environ(env):
        code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]

        class _Reporting(ExecutePreprocessor):
            def preprocess_cell(self, cell: NotebookNode, resources: dict[str, Any],
                                index: int) -> tuple[NotebookNode, dict[str, Any]]:
                if progress is not None and cell.cell_type == "code":
                    progress(cell_line(code.index(index) + 1, len(code), cell.source))
                parent: Callable[..., tuple[NotebookNode, dict[str, Any]]] = \
                    super().preprocess_cell
                return parent(cell, resources, index)

        make: Callable[..., ExecutePreprocessor] = _Reporting
        ep = make(timeout=timeout, kernel_name=KERNEL, config=ipc_kernel_config(Path(sockets)))
        ep.preprocess(nb, {"metadata": {"path": str(Path(cwd) if cwd else path.parent)}})
    return nb


def to_html(nb: NotebookNode) -> str:
    """The executed notebook as one HTML page (nbconvert's default template)."""
    from nbconvert import HTMLExporter

    make: Callable[[], HTMLExporter] = HTMLExporter  # nbconvert has no annotations
    html, _ = make().from_notebook_node(nb)
    return html


def rebaseline(path: str | os.PathLike[str]) -> None:
    """Execute the notebook at ``path`` and store its outputs in place."""
    import nbformat

    write: Callable[..., None] = nbformat.write  # nbformat has no annotations
    nb = execute(path)
    write(nb, str(path))
