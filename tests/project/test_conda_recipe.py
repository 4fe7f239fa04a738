"""The conda-forge recipe (packaging/conda/meta.yaml) has the fields conda-forge requires and
agrees with pyproject.toml (name, licence, licence files, entry point, run requirements)."""

from __future__ import annotations

import re
import tomllib

import pytest

from tests._paths import ROOT

yaml = pytest.importorskip("yaml")
jinja2 = pytest.importorskip("jinja2")

RECIPE = ROOT / "packaging" / "conda" / "meta.yaml"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# conda-forge package names that differ from PyPI's
CONDA_NAME = {"matplotlib": "matplotlib-base"}


def _render() -> dict:
    text = RECIPE.read_text(encoding="utf-8")
    rendered = jinja2.Template(text).render(PYTHON="python")
    return yaml.safe_load(rendered)


def _spec(req: str) -> tuple[str, str]:
    m = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", req.strip())
    return m.group(1).lower(), m.group(2).replace(" ", "")


def test_required_sections_and_fields():
    r = _render()
    for key in ("package", "source", "build", "requirements", "test", "about", "extra"):
        assert key in r, key
    assert r["package"]["name"] == PYPROJECT["project"]["name"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", str(r["package"]["version"]))
    assert r["source"]["url"].endswith(f"casekit-{r['package']['version']}.tar.gz")
    assert re.fullmatch(r"[0-9a-f]{64}", r["source"]["sha256"])
    assert r["build"]["noarch"] == "python" and r["build"]["number"] == 0
    assert "pip install . " in r["build"]["script"] and "--no-deps" in r["build"]["script"]
    host = [_spec(x)[0] for x in r["requirements"]["host"]]
    assert {"python", "pip", "hatchling"} <= set(host)
    assert "casekit" in r["test"]["imports"]
    assert "pip check" in r["test"]["commands"]
    about = r["about"]
    for key in ("home", "license", "license_file", "summary"):
        assert about.get(key), key
    assert r["extra"]["recipe-maintainers"]


def test_agrees_with_pyproject():
    r = _render()
    project = PYPROJECT["project"]
    assert r["about"]["license"] == project["license"]
    assert sorted(r["about"]["license_file"]) == sorted(project["license-files"])
    for f in r["about"]["license_file"]:
        assert (ROOT / f).is_file(), f
    scripts = [f"{k} = {v}" for k, v in project["scripts"].items()]
    assert r["build"]["entry_points"] == scripts
    run = dict(_spec(x) for x in r["requirements"]["run"])
    assert run.pop("python") == ">=3.11"
    assert project["requires-python"] == ">=3.11"
    wanted = {}
    for dep in project["dependencies"]:
        name, spec = _spec(dep)
        wanted[CONDA_NAME.get(name, name)] = spec
    assert run == wanted
    optional = dict(_spec(x) for x in r["requirements"]["run_constrained"])
    assert optional == dict(_spec(x) for x in project["optional-dependencies"]["io"])
