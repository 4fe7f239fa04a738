"""Every figure test closes the figures it made (tests/conftest.py sets the Agg backend)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")
