"""Write the API reference pages (``docs/api/*.rst``) from the modules' ``__all__``.

Every public name is documented exactly once, in the module where it is defined (the public
module whose ``__all__`` lists it and whose package holds ``obj.__module__``); a module that
re-exports a name from elsewhere lists it with a link. ``casekit.__all__`` gets an overview page
that links every top-level name to that entry. ``tests/test_docs.py`` checks the coverage.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import casekit

HEADER = ".. This file is written by docs/_api.py at every build; do not edit.\n\n"


def public_modules() -> list[str]:
    """``casekit`` submodules (one level) that are public and have an ``__all__``."""
    out = []
    for m in pkgutil.iter_modules(casekit.__path__):
        if m.name.startswith("_"):
            continue
        mod = importlib.import_module(f"casekit.{m.name}")
        if hasattr(mod, "__all__"):
            out.append(f"casekit.{m.name}")
    return sorted(out)


def _home(name: str, obj, modules: list[str]) -> str | None:
    """The public module where ``obj`` is documented, or None (documented under casekit)."""
    owner = getattr(obj, "__module__", None) or ""
    listing = [m for m in modules if name in importlib.import_module(m).__all__
               and getattr(importlib.import_module(m), name) is obj]
    for m in listing:
        if owner == m or owner.startswith(m + "."):
            return m
    return listing[0] if listing else None


def documented_names() -> dict[str, str]:
    """``{qualified name as documented: canonical target}`` for every public name."""
    modules = public_modules()
    out: dict[str, str] = {}
    for m in modules:
        mod = importlib.import_module(m)
        for name in mod.__all__:
            home = _home(name, getattr(mod, name), modules) or m
            out[f"{m}.{name}"] = f"{home}.{name}"
    for name in casekit.__all__:
        home = _home(name, getattr(casekit, name), modules)
        out[f"casekit.{name}"] = f"{home}.{name}" if home else f"casekit.{name}"
    return out


def _title(text: str, char: str = "=") -> str:
    return f"{text}\n{char * len(text)}\n"


def write_api_pages(folder: Path) -> list[str]:
    """Write ``index.rst``, ``casekit.rst`` and one page per public module; return the pages."""
    folder.mkdir(parents=True, exist_ok=True)
    modules = public_modules()
    targets = documented_names()
    pages = {}
    # top level: names defined in casekit itself are documented here, the rest linked
    submodules = [n for n in casekit.__all__ if f"casekit.{n}" in modules]
    own = [n for n in casekit.__all__ if targets[f"casekit.{n}"] == f"casekit.{n}"
           and n not in submodules and not n.startswith("__")]
    linked = [n for n in casekit.__all__ if targets[f"casekit.{n}"] != f"casekit.{n}"]
    text = HEADER + _title("casekit (top level)") + "\n.. module:: casekit\n   :no-index:\n\n"
    text += ("Every name below can be imported from ``casekit`` directly "
             "(``import casekit; casekit.nap(...)``). Each is documented once, in the module "
             "that defines it.\n\n")
    text += ("The version is ``casekit.__version__``. The submodules, each with its own page: "
             + ", ".join(f":doc:`casekit.{n} <{n}>`" for n in submodules) + ".\n\n")
    if own:
        text += (".. currentmodule:: casekit\n\n.. autosummary::\n   :toctree: generated\n\n"
                 + "".join(f"   {n}\n" for n in own) + "\n")
    if linked:
        text += (".. list-table::\n   :header-rows: 1\n   :widths: 30 70\n\n"
                 "   * - ``casekit.`` name\n     - documented at\n")
        for n in linked:
            text += f"   * - ``{n}``\n     - :py:obj:`{targets['casekit.' + n]}`\n"
    pages["casekit"] = text
    for m in modules:
        mod = importlib.import_module(m)
        doc = (mod.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        own = [n for n in mod.__all__ if targets[f"{m}.{n}"] == f"{m}.{n}"]
        linked = [n for n in mod.__all__ if n not in own]
        text = HEADER + _title(f"``{m}``") + f"\n.. currentmodule:: {m}\n\n"
        text += (f".. automodule:: {m}\n   :no-members:\n   :no-index:\n\n" if doc else "")
        if own:
            text += ".. autosummary::\n   :toctree: generated\n\n" + "".join(
                f"   {n}\n" for n in own) + "\n"
        if linked:
            text += "Also available here (documented where they are defined):\n\n"
            text += "".join(f"- :py:obj:`{m}.{n} <{targets[m + '.' + n]}>`\n" for n in linked)
        pages[m.split(".", 1)[1]] = text
    index = HEADER + _title("API reference") + (
        "\nGenerated from the docstrings: formulas, the R function each result mirrors, "
        "references and doctested examples. Every name in ``casekit.__all__`` and in the "
        "submodules' ``__all__`` is listed.\n\n.. toctree::\n   :maxdepth: 1\n\n   casekit\n")
    index += "".join(f"   {p}\n" for p in sorted(pages) if p != "casekit")
    pages["index"] = index
    for name, text in pages.items():
        path = folder / f"{name}.rst"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return sorted(pages)
