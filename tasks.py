#!/usr/bin/env python3
"""One-line entry points for casekit, needing only Python 3.11+ and pip.

    python3 tasks.py reproduce   # set up, run the case study headless -> output/case-study/
    python3 tasks.py test        # set up, run every test (unit tests + nbval on all notebooks,
                                 # then the Dask/Parquet layer in .venv-scale)
    python3 tasks.py test --fast # the unit layer only (no notebooks, no slow tests), 2 workers
    python3 tasks.py docs        # build the documentation site -> docs/_build/html
    python3 tasks.py student-copies  # seminar notebooks without solutions -> notebooks/student/
    python3 tasks.py lock        # re-pin requirements/constraints.txt (deliberate upgrades)

On Windows, call ``py tasks.py ...`` (or ``python tasks.py ...``).

Each command is idempotent: it creates ``.venv`` beside this file on first use and installs
casekit (editable) with the pinned versions from ``requirements/constraints.txt``; later runs
reuse the environment unless ``pyproject.toml`` or the constraints changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_SCALE = ROOT / ".venv-scale"
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")

if sys.version_info < (3, 11):  # pragma: no cover  # noqa: UP036 (this script may be run by an older python3)
    sys.exit(f"casekit needs Python 3.11 or newer; this is {sys.version.split()[0]}")


def _run(cmd, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def setup(extras: str, venv_dir: Path = VENV) -> Path:
    """Create ``venv_dir`` and install casekit[extras] with the pinned constraints (if needed);
    return its Python."""
    bindir = venv_dir / ("Scripts" if os.name == "nt" else "bin")
    py = bindir / ("python.exe" if os.name == "nt" else "python")
    stamp = venv_dir / f".casekit-{extras}.stamp"
    digest = hashlib.sha256()
    for f in (ROOT / "pyproject.toml", CONSTRAINTS):
        digest.update(f.read_bytes())
    digest = digest.hexdigest()
    if py.exists() and stamp.exists() and stamp.read_text() == digest:
        return py
    if not py.exists():
        print(f"creating virtual environment in {venv_dir}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(venv_dir)
    _run([py, "-m", "pip", "install", "--disable-pip-version-check", "-q",
          "-c", CONSTRAINTS, "-e", f".[{extras}]"])
    stamp.write_text(digest)
    return py


def test(args) -> int:
    setup("test")
    if "--fast" in args:
        # the unit layer: tests/ only (no notebook re-execution), slow tests left out, on two
        # workers; CI always runs the full suite (no --fast)
        args = [a for a in args if a != "--fast"]
        args = ["tests", "-m", "not slow", "-n", "2", "-q", *args]
        return subprocess.run([str(PY), "-m", "pytest", *args], cwd=ROOT).returncode
    # pytest exit code 5 (no tests collected) must fail, and does: it is non-zero.
    code = subprocess.run([str(PY), "-m", "pytest", *args], cwd=ROOT).returncode
    if code or args:
        return code
    # The distributed layer (casekit[scale]: dask, distributed, pyarrow) in an environment of
    # its own: with pyarrow installed pandas stores strings through it, and the main
    # environment must stay the one the notebooks' stored outputs came from.
    scale_py = setup("test,scale", VENV_SCALE)
    return subprocess.run([str(scale_py), "-m", "pytest", "tests/batch", "-q", "-p", "no:nbval",
                           "-o", "addopts=-rfE --strict-markers"], cwd=ROOT).returncode


def reproduce(args) -> int:
    setup("report")
    return subprocess.run([str(PY), str(ROOT / "scripts" / "reproduce.py"), *args],
                          cwd=ROOT).returncode


def docs(args) -> int:
    """Build the documentation site with warnings as errors (Sphinx; notebooks not executed)."""
    setup("docs")
    out = ROOT / "docs" / "_build" / "html"
    code = subprocess.run([str(PY), "-m", "sphinx", "-b", "html", "-W", "--keep-going",
                           *args, str(ROOT / "docs"), str(out)], cwd=ROOT).returncode
    if code == 0:
        print(f"documentation written to {out / 'index.html'}", flush=True)
    return code


def student_copies(args) -> int:
    """Write the student copies of the seminar notebooks (scripts/make_student_copies.py)."""
    setup("report")  # nbformat
    return subprocess.run([str(PY), str(ROOT / "scripts" / "make_student_copies.py"), *args],
                          cwd=ROOT).returncode


def lock(args) -> int:
    """Resolve fresh versions in a scratch venv and write requirements/constraints.txt."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        venv.EnvBuilder(with_pip=True).create(tmp)
        py = Path(tmp) / ("Scripts" if os.name == "nt" else "bin") / "python"
        _run([py, "-m", "pip", "install", "-q", "-e", ".[dev]"])
        frozen = subprocess.run([str(py), "-m", "pip", "freeze", "--exclude-editable"],
                                check=True, capture_output=True, text=True).stdout
    header = CONSTRAINTS.read_text().splitlines()[:2]
    CONSTRAINTS.write_text("\n".join(header) + "\n" + frozen)
    print(f"wrote {CONSTRAINTS}; re-baseline the notebooks: python3 tasks.py rebaseline")
    return 0


def rebaseline(args) -> int:
    """Re-execute every notebook in place in the pinned environment (see README)."""
    setup("test")
    return subprocess.run([str(PY), str(ROOT / "scripts" / "rebaseline.py"), *args],
                          cwd=ROOT).returncode


COMMANDS = {"test": test, "reproduce": reproduce, "docs": docs,
            "student-copies": student_copies, "lock": lock, "rebaseline": rebaseline}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
