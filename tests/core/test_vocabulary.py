"""Every public function speaks the vocabulary of ``docs/vocabulary.md``.

The test walks the signature of every public function (``casekit.__all__`` and the ``__all__``
of every submodule) and checks the names of the roles: column-name arguments end in ``_col``,
phase labels are ``baseline_phase``/``treatment_phase``, interval levels ``confidence``,
minimum sizes ``min_size``; the names that were renamed are gone from the signatures (they
still work, with a FutureWarning, for one release).
"""

from __future__ import annotations

import importlib
import inspect
import warnings

import pytest

import casekit

# Modules whose functions are checked. Every public module is listed; a module leaves
# PENDING when its renovation lands (one line each, so parallel work merges cleanly).
PENDING: set[str] = set()

MODULES = ["io", "validation", "schema", "registry", "scoring", "datasets", "clinical",
           "effects", "sudden", "changepoint", "its", "randomization", "alliance", "simulate",
           "plot", "results", "tables", "describe", "visual", "outliers", "missing", "case",
           "power", "batch", "teaching"]

#: old name -> the vocabulary's name (docs/vocabulary.md, "Renamed arguments")
RENAMED = {
    "outcome": "value_col", "value": "value_col", "session": "session_col or sessions",
    "phase": "phase_col or phases", "id": "case_col", "time": "time_col", "ids": "cases",
    "y": "values", "ci_level": "confidence", "credible": "confidence",
    "min_seg_len": "min_size", "dvar": "value_col", "pvar": "phase_col", "mvar": "session_col",
}

CANONICAL_COLUMNS = {"value_col": "value", "session_col": "session", "phase_col": "phase",
                     "case_col": "case", "measure_col": "measure", "rater_col": "rater"}


def _public_functions():
    seen = {}
    for mod_name in MODULES:
        mod = importlib.import_module(f"casekit.{mod_name}")
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            if inspect.isfunction(obj) and obj.__module__.startswith("casekit"):
                seen.setdefault(f"{obj.__module__}.{obj.__qualname__}", (mod_name, obj))
    for name in casekit.__all__:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            obj = getattr(casekit, name)
        if inspect.isfunction(obj) and obj.__module__.startswith("casekit"):
            mod_name = obj.__module__.split(".")[1]
            seen.setdefault(f"{obj.__module__}.{obj.__qualname__}", (mod_name, obj))
    return sorted(seen.items())


FUNCTIONS = _public_functions()


@pytest.mark.parametrize("qualname,entry", FUNCTIONS, ids=[q for q, _ in FUNCTIONS])
def test_signature_speaks_the_vocabulary(qualname, entry):
    mod_name, func = entry
    if mod_name in PENDING:
        pytest.skip(f"casekit.{mod_name} is not renovated yet")
    params = inspect.signature(func).parameters
    problems = []
    for name, p in params.items():
        generic = name in ("value", "session", "phase") and p.default is inspect.Parameter.empty
        if name in RENAMED and not generic:  # to_python(value) is a plain utility argument
            problems.append(f"{name!r} is an old name: use {RENAMED[name]}")
        if name in CANONICAL_COLUMNS and p.default not in (CANONICAL_COLUMNS[name], None,
                                                           inspect.Parameter.empty):
            problems.append(f"{name}={p.default!r}: the default column is "
                            f"{CANONICAL_COLUMNS[name]!r}")
        if name == "case" and p.default == "case":
            problems.append("case= is a case label; a column name is case_col=")
        if name in ("baseline", "treatment") and p.default not in (None, inspect.Parameter.empty):
            problems.append(f"{name}= holds values (arrays); a phase label is {name}_phase=")
        if name in ("alliance", "symptoms") and p.default is not None:
            problems.append(f"{name}= holds a series; a measure label is {name.rstrip('s')}"
                            "_measure= (symptom_measure=)")
        if name in ("ci_level", "credible_level", "conf_level", "alpha_ci", "ci"):
            problems.append(f"{name}: an interval level is confidence=")
    assert not problems, f"{qualname}: " + "; ".join(problems)


def test_every_public_module_is_listed():
    listed = set(MODULES)
    for name in ("io", "validation", "schema", "registry", "scoring", "datasets", "clinical",
                 "effects", "sudden", "changepoint", "its", "randomization", "alliance",
                 "simulate", "plot", "results"):
        assert name in listed
