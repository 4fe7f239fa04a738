"""Fixtures of the command-line tests: the messy exports and an in-process runner."""

from __future__ import annotations

import pytest

from casekit.cli import main

from ._data import write_exports


@pytest.fixture()
def exports(tmp_path, monkeypatch):
    """The exports of ``_data.write_exports`` in ``tmp_path/data``, the current folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    paths = write_exports(folder)
    monkeypatch.chdir(folder)
    return paths


@pytest.fixture()
def cli(capsys):
    """Run ``casekit ARGS`` in process: ``(exit status, stdout, stderr)``."""
    def run(*args):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err
    return run
