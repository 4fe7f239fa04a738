"""The wheel carries the bundled data and the report template, so that casekit.datasets and
`casekit report` work from an installed package, not only from a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_wheel_contains_data_and_template(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(tmp_path), str(ROOT)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"could not build a wheel here (no build backend reachable): "
                    f"{proc.stderr[-300:]}")
    wheel, = tmp_path.glob("casekit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data_files = {p.name for p in (ROOT / "data").iterdir() if p.is_file()}
    assert {f"casekit/_data/{n}" for n in data_files} <= names
    assert "casekit/_templates/case_template.ipynb" in names
    assert any(n.startswith("casekit/registry/instruments/") and n.endswith(".toml")
               for n in names)
    assert "casekit/styles/paper.mplstyle" in names
