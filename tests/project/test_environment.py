"""The project's own files agree with each other: environment.yml vs pyproject.toml, the CI
entry point vs the README's test command, the pinned constraints vs the declared dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _env_pip_lines():
    lines = (ROOT / "environment.yml").read_text().splitlines()
    out, in_pip = [], False
    for line in lines:
        if re.match(r"^\s*-\s*pip:\s*$", line):
            in_pip = True
            continue
        if in_pip:
            m = re.match(r"^\s{4,}-\s*(.+?)\s*$", line)
            if m:
                out.append(m.group(1))
            elif line.strip() and not line.startswith(" " * 4):
                in_pip = False
    return out


def test_environment_yml_installs_the_repository_with_existing_extras(pyproject):
    pip_lines = _env_pip_lines()
    editable = [p for p in pip_lines if p.startswith("-e .")]
    assert editable, "environment.yml must install the repository itself (-e .[...])"
    extras = re.search(r"\[(.*)\]", editable[0]).group(1).split(",")
    declared = set(pyproject["project"]["optional-dependencies"])
    assert set(extras) <= declared, f"unknown extras {set(extras) - declared}"
    assert "notebooks" in extras, "Binder users need the notebooks extra (JupyterLab)"


def test_environment_yml_is_thin(pyproject):
    # Dependencies come from pyproject.toml only: no package may be listed twice.
    text = (ROOT / "environment.yml").read_text()
    deps_block = text.split("dependencies:", 1)[1]
    conda_deps = re.findall(r"^\s{2}-\s+([A-Za-z0-9_.-]+)", deps_block, flags=re.M)
    assert set(conda_deps) <= {"python", "pip"}, conda_deps
    py = re.search(r"python=(\d+\.\d+)", text).group(1)
    minimum = re.search(r">=(\d+\.\d+)", pyproject["project"]["requires-python"]).group(1)
    assert tuple(map(int, py.split("."))) >= tuple(map(int, minimum.split(".")))
    for line in _env_pip_lines():
        assert line.startswith(("-e .", "-c requirements/constraints.txt")), line


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].lower().replace("_", "-")


def test_constraints_pin_every_declared_dependency(pyproject):
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    reqs = list(pyproject["project"]["dependencies"])
    for extra in ("io", "report", "test"):
        reqs += [r for r in pyproject["project"]["optional-dependencies"][extra]
                 if not r.startswith("casekit")]
    missing = sorted({_name(r) for r in reqs} - set(pins))
    assert not missing, f"not pinned in requirements/constraints.txt: {missing}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    m = re.search(r"```(?:bash|sh)?\n# (?:set up and )?run every test\n(.+?)\n```", readme)
    assert m, "README must show the test command in a fenced block headed '# run every test'"
    command = m.group(1).strip()
    ci_cmds = [ln.strip() for ln in ci.splitlines()
               if ln.strip() and not ln.strip().startswith(("#", "set ", "cd "))]
    assert ci_cmds == [command], (ci_cmds, command)
