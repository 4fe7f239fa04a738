"""Timing helpers shared by the ``bench_*.py`` scripts (not part of the casekit package).

The scripts run as ``python benchmarks/bench_<topic>.py``, so this folder is on ``sys.path``
and they import the helpers with ``from _timing import best_median, machine_line``.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable

import numpy as np


def best_median(fn: Callable[[], object], repeat: int = 7,
                warmup: int = 1) -> tuple[float, float]:
    """Wall-clock seconds of ``fn()``: (best, median) of ``repeat`` timed calls.

    ``warmup`` untimed calls come first (lazy imports, caches, allocator); pass ``warmup=0``
    for a slow job whose warm-up would cost as much as the measurement.
    """
    if repeat < 1:
        raise ValueError(f"repeat must be >= 1, got {repeat!r}")
    if warmup < 0:
        raise ValueError(f"warmup must be >= 0, got {warmup!r}")
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), float(np.median(times))


def machine_line() -> str:
    """One line naming the software versions and the machine the timings come from."""
    import pandas as pd

    import casekit

    return (f"casekit {casekit.__version__}, Python {platform.python_version()}, numpy "
            f"{np.__version__}, pandas {pd.__version__}, {platform.machine()}, "
            f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}")
