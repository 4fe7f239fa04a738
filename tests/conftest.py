"""Shared test configuration.

The Agg backend is set here (not through MPLBACKEND, which would stop the notebook kernels
that nbval starts from displaying figures).
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")

# Property-based tests run derandomized by default, so that the suite (and CI) is deterministic;
# `HYPOTHESIS_PROFILE=explore pytest ...` searches with fresh random examples.
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The R reference folder ../shared/reference; tests using it skip cleanly when absent."""
    if not REF.is_dir():
        pytest.skip("shared reference values not available (../shared/reference)")
    return REF.resolve()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT
