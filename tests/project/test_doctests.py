"""Run the Examples sections of every public module as doctests (numpydoc examples must run)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import matplotlib
import pytest

import casekit

matplotlib.use("Agg")

MODULES = sorted(
    m.name for m in pkgutil.walk_packages(casekit.__path__, prefix="casekit.")
    if not m.name.split(".")[-1].startswith("_") and m.name not in ("casekit.__main__",)
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
