"""The documentation site: every public name is in the API reference, and the site builds.

The API pages are written from the modules' ``__all__`` by ``docs/_api.py``; the slow test
builds the whole site as ``python3 tasks.py docs`` does (Sphinx, warnings as errors, notebooks
rendered from stored outputs) and checks the built inventory, so that a broken docstring or
cross-reference fails the suite.
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import casekit
from tests._paths import ROOT

DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS))
import _api  # noqa: E402


def _public_names() -> set[str]:
    names = {f"casekit.{n}" for n in casekit.__all__}
    for m in _api.public_modules():
        names |= {f"{m}.{n}" for n in importlib.import_module(m).__all__}
    return names


def test_every_public_name_has_an_api_entry():
    targets = _api.documented_names()
    names = _public_names()
    assert len(names) > 300
    assert names <= set(targets), sorted(names - set(targets))
    for name, target in targets.items():
        module, _, attr = target.rpartition(".")
        obj = getattr(importlib.import_module(module), attr)
        owner, _, short = name.rpartition(".")
        assert getattr(importlib.import_module(owner), short) is obj, (name, target)


def test_api_pages_list_every_documented_target(tmp_path):
    pages = _api.write_api_pages(tmp_path)
    text = "\n".join((tmp_path / f"{p}.rst").read_text(encoding="utf-8") for p in pages)
    for target in set(_api.documented_names().values()):
        module, _, attr = target.rpartition(".")
        if module == "casekit" and (attr.startswith("__") or f"casekit.{attr}" in
                                    _api.public_modules()):
            continue
        assert f"   {attr}\n" in text, target


@pytest.mark.slow
def test_site_builds_without_warnings_and_documents_every_name(tmp_path):
    pytest.importorskip("sphinx")
    from sphinx.util.inventory import InventoryFile

    out = tmp_path / "html"
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going",
                           "-q", "-d", str(tmp_path / "doctrees"), str(DOCS), str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-5000:]
    with open(out / "objects.inv", "rb") as f:
        inv = InventoryFile.load(f, "", lambda base, uri: uri)
    documented = set()
    for domain, entries in inv.items():
        if domain.startswith("py:"):
            documented |= set(entries)
    targets = _api.documented_names()
    missing = sorted(t for t in set(targets.values()) if t not in documented
                     and not t.rpartition(".")[2].startswith("__")
                     and t not in _api.public_modules())
    assert missing == []
    for page in ("index.html", "getting-started.html", "user-guide/choosing-a-method.html",
                 "notebooks/case_study_SIM-NPD-01.html", "api/effects.html"):
        assert (out / page).is_file(), page
