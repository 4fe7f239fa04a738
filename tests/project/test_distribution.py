"""The sdist and the wheel build (python -m build, pinned hatchling, no network) and pass
``twine check --strict``; the wheel ships py.typed, both licence files, the bundled data and the
report template; the metadata has classifiers and no project URL that does not exist."""

from __future__ import annotations

import email
import subprocess
import sys
import tarfile
import zipfile

import pytest

from tests._paths import ROOT


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    pytest.importorskip("build")
    pytest.importorskip("twine")
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: the pinned hatchling of this environment, no download
    proc = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel",
                           "--outdir", str(out), str(ROOT)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    sdist, = out.glob("casekit-*.tar.gz")
    wheel, = out.glob("casekit-*.whl")
    return sdist, wheel


@pytest.mark.slow
def test_twine_check_strict(dist):
    proc = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, dist)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("PASSED") == 2


@pytest.mark.slow
def test_wheel_contents_and_metadata(dist):
    _, wheel = dist
    z = zipfile.ZipFile(wheel)
    names = set(z.namelist())
    assert "casekit/py.typed" in names
    info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
    assert {f"{info}/licenses/LICENSE", f"{info}/licenses/data/LICENSE"} <= names
    data_files = {p.name for p in (ROOT / "data").iterdir() if p.is_file()}
    assert {f"casekit/_data/{n}" for n in data_files} <= names
    assert "casekit/_templates/case_template.ipynb" in names
    assert not any(n.startswith(("tests/", "docs/", "notebooks/")) for n in names)
    meta = email.message_from_bytes(z.read(f"{info}/METADATA"))
    assert meta["Name"] == "casekit" and meta["Requires-Python"] == ">=3.11"
    assert meta["License-Expression"] == "BSD-3-Clause AND CC-BY-4.0"
    classifiers = meta.get_all("Classifier")
    assert "Typing :: Typed" in classifiers and len(classifiers) >= 10
    assert meta.get_all("Project-URL") is None  # none until the project has public URLs
    assert meta["Description-Content-Type"] == "text/markdown"


@pytest.mark.slow
def test_sdist_contents(dist):
    sdist, _ = dist
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    for f in ("pyproject.toml", "LICENSE", "data/LICENSE", "casekit/py.typed", "tasks.py",
              "requirements/constraints.txt", "docs/conf.py", "packaging/conda/meta.yaml",
              "tests/reference_values/values/effect_sizes.json",
              "notebooks/case_template.ipynb"):
        assert f in names, f
    assert not any(n.startswith(("docs/_build/", "docs/api/", ".venv/")) for n in names)
