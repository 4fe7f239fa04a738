"""Readers for the R reference values in ``../shared/reference`` shared by the parity tests.

The folder itself comes from the ``reference_dir`` fixture (tests/conftest.py), which skips a
test cleanly when it is absent; these helpers only read files below it and never copy them.
Layout (reference README): ``values/<name>.json`` holds R results written by jsonlite,
``data/<name>.csv`` the inputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd


def as_list(value):
    """An R vector from the reference JSON as a Python list.

    jsonlite writes a length-1 vector as a bare scalar (``auto_unbox``), so a single change
    point arrives as ``5`` and two as ``[5, 12]``; this gives ``[5]`` and ``[5, 12]``.
    """
    return value if isinstance(value, list) else [value]


def load_values(reference_dir: Path, name: str):
    """The parsed JSON of ``values/<name>`` (UTF-8)."""
    return json.loads((reference_dir / "values" / name).read_text(encoding="utf-8"))


def load_data(reference_dir: Path, name: str) -> pd.DataFrame:
    """The CSV ``data/<name>`` as read by :func:`pandas.read_csv` with default options."""
    return pd.read_csv(reference_dir / "data" / name)


def reference_series(reference_dir: Path, entries) -> list[tuple[dict, np.ndarray]]:
    """Pair each ``series`` entry of a reference JSON with its input values.

    An entry names ``dataset`` and ``case``: ``"R_Nile"`` is R's Nile series
    (``data/R_Nile.csv``), any other dataset a case of ``data/ab_cases.csv``, whose values are
    taken in session order. When an entry states ``n``, the series must have that length.
    Returns ``(entry, values)`` pairs in the order of ``entries``; values are float arrays.
    """
    ab = load_data(reference_dir, "ab_cases.csv")
    nile = load_data(reference_dir, "R_Nile.csv")
    out = []
    for s in entries:
        if s["dataset"] == "R_Nile":
            x = nile["value"].to_numpy(float)
        else:
            sel = ab[(ab["dataset"] == s["dataset"]) & (ab["case"] == s["case"])]
            x = sel.sort_values("session")["value"].to_numpy(float)
        if "n" in s:
            assert x.size == s["n"], (s["dataset"], s["case"], x.size, s["n"])
        out.append((s, x))
    return out
