"""Readers for the R reference values shared by the parity tests.

The folder comes from the ``reference_dir`` fixture (tests/conftest.py): ``../shared/reference``
when present, otherwise ``tests/reference_values``, which holds only casekit's simulated series
sim01-sim08 (their R values, calls and versions). A file that only the full folder has (a public
example dataset) makes the test skip cleanly through :func:`require`.
Layout (reference README): ``values/<name>.json`` holds R results written by jsonlite,
``data/<name>.csv`` the inputs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest


def as_list(value):
    """An R vector from the reference JSON as a Python list.

    jsonlite writes a length-1 vector as a bare scalar (``auto_unbox``), so a single change
    point arrives as ``5`` and two as ``[5, 12]``; this gives ``[5]`` and ``[5, 12]``.
    """
    return value if isinstance(value, list) else [value]


ROOT = Path(__file__).resolve().parents[1]
#: the full R reference folder (public example datasets and casekit's simulated series); the
#: variable CASEKIT_SHARED_REFERENCE points elsewhere (a missing path simulates a clean clone)
SHARED = Path(os.environ.get("CASEKIT_SHARED_REFERENCE") or ROOT.parent / "shared" / "reference")
#: the R values of casekit's own simulated series sim01-sim08, kept in the repository
#: (tests/reference_values/README.md, written by scripts/extract_sim_reference.py)
IN_REPO = ROOT / "tests" / "reference_values"
#: whether the full shared folder is present (else the parity tests run on the sim series only)
FULL = SHARED.is_dir()
#: the number of AB series in ``data/ab_cases.csv`` of the folder in use
N_SERIES = 57 if FULL else 8


#: marks a test that needs a public R example dataset (skips without ../shared/reference)
needs_public = pytest.mark.skipif(not FULL, reason="needs public R example data (only in "
                                  "../shared/reference; tests/reference_values has sim series)")


def reference_root() -> Path:
    """The folder the ``reference_dir`` fixture gives: the shared one if present, else in-repo."""
    return SHARED.resolve() if FULL else IN_REPO


def count(full: int, sim: int) -> int:
    """An expected count: ``full`` with the shared folder, ``sim`` with the in-repo sim subset."""
    return full if FULL else sim


def require(path: Path) -> Path:
    """``path`` if it exists; otherwise skip the test (a public dataset outside the repository)."""
    if not path.is_file():
        pytest.skip(f"{path.parent.name}/{path.name} is not in this reference folder: public "
                    "R example data live in ../shared/reference only")
    return path


def is_full(reference_dir: Path) -> bool:
    """Whether ``reference_dir`` is the full shared folder (not the in-repo sim subset)."""
    return (reference_dir / "data" / "R_Nile.csv").is_file()


def load_values(reference_dir: Path, name: str):
    """The parsed JSON of ``values/<name>`` (UTF-8); skips when the file is absent."""
    return json.loads(require(reference_dir / "values" / name).read_text(encoding="utf-8"))


def load_data(reference_dir: Path, name: str) -> pd.DataFrame:
    """The CSV ``data/<name>`` as read by :func:`pandas.read_csv`; skips when absent."""
    return pd.read_csv(require(reference_dir / "data" / name))


def reference_series(reference_dir: Path, entries) -> list[tuple[dict, np.ndarray]]:
    """Pair each ``series`` entry of a reference JSON with its input values.

    An entry names ``dataset`` and ``case``: ``"R_Nile"`` is R's Nile series
    (``data/R_Nile.csv``), any other dataset a case of ``data/ab_cases.csv``, whose values are
    taken in session order. When an entry states ``n``, the series must have that length.
    Returns ``(entry, values)`` pairs in the order of ``entries``; values are float arrays.
    """
    ab = load_data(reference_dir, "ab_cases.csv")
    out = []
    for s in entries:
        if s["dataset"] == "R_Nile":
            x = load_data(reference_dir, "R_Nile.csv")["value"].to_numpy(float)
        else:
            sel = ab[(ab["dataset"] == s["dataset"]) & (ab["case"] == s["case"])]
            x = sel.sort_values("session")["value"].to_numpy(float)
        if "n" in s:
            assert x.size == s["n"], (s["dataset"], s["case"], x.size, s["n"])
        out.append((s, x))
    return out
