"""Two smoke tests through ``python -m casekit`` in a subprocess, as an author runs it: the
entry point answers, and a signal while the report is written ends cleanly (exit 130 / 143,
one line, no traceback, no temporary folder, no half report)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

import casekit

from ._data import write_exports


def test_entry_point_runs():
    res = subprocess.run([sys.executable, "-m", "casekit", "--version"], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == f"casekit {casekit.__version__}"


@pytest.mark.slow
@pytest.mark.parametrize("sig, status, word", [(signal.SIGTERM, 143, "terminated"),
                                               (signal.SIGINT, 130, "interrupted")])
def test_a_signal_while_writing_cleans_up(tmp_path, sig, status, word):
    paths = write_exports(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "casekit", "report",
                             str(paths["sessions.csv"]), "-o", str(tmp_path / "out")],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    seen = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # wait until the report is being written
        line = proc.stderr.readline()
        seen.append(line)
        if line.startswith("[3/4]") or not line:
            break
    assert any(s.startswith("[3/4]") for s in seen), "".join(seen)
    time.sleep(0.3)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == status, err
    assert f"{word}; nothing was written" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".casekit")]
