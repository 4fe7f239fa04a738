"""The contract every result class keeps (``casekit.results.Result``).

For every ``Result`` subclass casekit defines: its fields are declared and documented in the
class docstring's ``Attributes`` section; an example instance (``_examples.py``) has a numeric
``.summary`` at full precision (numbers are never stored as formatted text), renders as text,
HTML and LaTeX, and has a method card that names the method, the variant, what it mirrors and
its references.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.results import Result

from ._examples import EXAMPLES

# Modules whose result classes are not renovated yet (none left; kept for new modules).
PENDING: set[str] = set()


def _result_classes():
    found = {}
    for info in pkgutil.walk_packages(casekit.__path__, "casekit."):
        if ".plot" in info.name or info.name.endswith("__main__"):
            continue
        mod = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(mod, inspect.isclass):
            if issubclass(obj, Result) and obj.__module__.startswith("casekit"):
                found[obj.__name__] = obj
    return dict(sorted(found.items()))


CLASSES = _result_classes()


def _pending(cls) -> bool:
    return any(cls.__module__ == m or cls.__module__.startswith(m + ".") for m in PENDING)


def _documented_attributes(cls) -> set[str]:
    doc = inspect.getdoc(cls) or ""
    m = re.search(r"^Attributes\n-+\n(.*?)(?:^\S[^\n]*\n-+\n|\Z)", doc, re.S | re.M)
    if not m:
        return set()
    return set(re.findall(r"^(\w+)\s*(?::|$)", m.group(1), re.M))


@pytest.mark.parametrize("name", list(CLASSES))
def test_fields_are_declared_and_documented(name):
    cls = CLASSES[name]
    if _pending(cls):
        pytest.skip(f"{cls.__module__} is not renovated yet")
    documented = _documented_attributes(cls)
    undocumented = sorted(set(cls.fields()) - documented)
    assert not undocumented, f"{name}: fields without an Attributes entry: {undocumented}"


@pytest.mark.parametrize("name", list(CLASSES))
def test_example_instance_keeps_the_contract(name):
    cls = CLASSES[name]
    if _pending(cls):
        pytest.skip(f"{cls.__module__} is not renovated yet")
    assert name in EXAMPLES, f"add an example of {name} to tests/results/_examples.py"
    res = EXAMPLES[name]()
    assert isinstance(res, cls)
    table = res.summary
    assert isinstance(table, pd.DataFrame)
    for col in table.columns:
        s = table[col]
        if s.dtype == object:
            texts = [v for v in s.dropna() if isinstance(v, str)]
            numeric_text = [v for v in texts if re.fullmatch(r"[-+−]?\d+(\.\d+)?", v)]
            assert not numeric_text, f"{name}.summary[{col!r}] stores numbers as text"
        assert not any(isinstance(v, np.generic) for v in s.tolist() if s.dtype == object), \
            f"{name}.summary[{col!r}] holds numpy scalars in an object column"
    for field, value in res.to_dict().items():
        assert not isinstance(value, np.generic), f"{name}.{field} is a numpy scalar"
    assert isinstance(res.to_text(), str) and res.to_text()
    assert res.to_html().startswith("<")
    assert "\\begin{tabular}" in res.to_latex()
    card = res.method_card
    for key in ("method", "variant", "options", "reference", "mirrors", "casekit_version"):
        assert key in card, f"{name}.method_card lacks {key!r}"
    assert card["method"]


def test_every_result_class_has_a_home():
    assert "Result" in CLASSES and len(CLASSES) > 10
