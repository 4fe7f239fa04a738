"""R beside casekit: the one check the side-by-side benchmarks (``bench_vs_r*.py``) share."""

from __future__ import annotations

import shutil
import subprocess


def r_unavailable(package: str) -> str | None:
    """None when ``Rscript`` and the R ``package`` are installed, else the reason to skip."""
    if shutil.which("Rscript") is None:
        return "Rscript not found"
    ok = subprocess.run(["Rscript", "-e", f"quit(status = !requireNamespace('{package}', "
                         "quietly = TRUE))"], capture_output=True)
    return None if ok.returncode == 0 else f"R package {package} not installed"
