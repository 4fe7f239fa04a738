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

from tests._reference import reference_root

matplotlib.use("Agg")

# Property-based tests run derandomized by default, so that the suite (and CI) is deterministic;
# `HYPOTHESIS_PROFILE=explore pytest ...` searches with fresh random examples.
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The R reference values: ../shared/reference when present, else the in-repo sim subset.

    The in-repo folder ``tests/reference_values`` has the same layout but only the eight
    simulated series, so parity tests run from a clean clone; a test that needs a public example
    dataset skips cleanly there (``tests._reference.load_values``/``load_data``/``require``).
    """
    return reference_root()


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT
