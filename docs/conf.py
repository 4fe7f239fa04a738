"""Sphinx configuration of the casekit documentation site.

Build with ``python3 tasks.py docs`` (warnings are errors) into ``docs/_build/html``.
The API reference pages under ``docs/api/`` are written from the modules' ``__all__`` by
``docs/_api.py`` at the start of every build, so every public name is documented; the notebooks
are rendered from their stored outputs (MyST-NB, never executed).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS))
sys.path.insert(0, str(ROOT))

from _api import write_api_pages  # noqa: E402

import casekit  # noqa: E402

project = "casekit"
author = "The casekit developers"
copyright = "The casekit developers (BSD-3-Clause)"
release = casekit.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "myst_nb",
    "sphinx_copybutton",
    "sphinx_design",
]

# -- sources ------------------------------------------------------------------------------------
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "README.md"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]  # the Markdown pages start at "#" and some skip levels

# notebooks: stored outputs only (the lead re-baselines them; the site never executes code)
nb_execution_mode = "off"
nb_merge_streams = True


def _copy_notebooks() -> None:
    """The notebooks live in ../notebooks; the site renders copies under docs/notebooks."""
    target = DOCS / "notebooks"
    target.mkdir(exist_ok=True)
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        dest = target / nb.name
        if not dest.exists() or dest.read_bytes() != nb.read_bytes():
            shutil.copyfile(nb, dest)


_copy_notebooks()
write_api_pages(DOCS / "api")

# -- API reference -------------------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": False}
autodoc_typehints = "none"  # the numpydoc Parameters sections carry the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()

intersphinx_mapping = {}  # no network during the build

# -- HTML ---------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"casekit {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version", "theme-version"],
}
html_static_path: list[str] = []
html_last_updated_fmt = None


# -- docstrings written for help() as well as for the site ----------------------------------------
# casekit's docstrings use plain-text formulas, where |x| is an absolute value; reStructuredText
# would read it as a substitution (casekit never uses substitutions). Such bars are escaped
# outside literals, math and tables. A numpydoc parameter line continued with a trailing
# backslash (several names sharing one description) is joined with its next line.
_ABS = re.compile(r"(?<![\\`|\w])\|(?=[^\s|`])([^|`\n]*?[^\s|`\\])\|(?![|_`\w])")
_LITERAL = re.compile(r"(``.*?``|:math:`[^`]*`|`[^`]*`)")


def _escape_bars(line: str) -> str:
    parts = _LITERAL.split(line)
    return "".join(p if i % 2 else _ABS.sub(r"\\|\1\\|", p) for i, p in enumerate(parts))


def _plain_text_formulas(app, what, name, obj, options, lines) -> None:
    joined: list[str] = []
    for line in lines:
        if joined and joined[-1].endswith(" \\"):
            joined[-1] = joined[-1][:-2] + " " + line.strip()
        else:
            joined.append(line)
    out, math_indent = [], None
    for line in joined:
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if math_indent is not None and stripped and indent <= math_indent:
            math_indent = None
        if stripped.startswith((".. math::", ">>>", "...")) or math_indent is not None:
            if stripped.startswith(".. math::"):
                math_indent = indent
            out.append(line)
        elif stripped == "|" or stripped.startswith(("| ", "+-", "+=")):
            out.append(line)  # line blocks and grid tables
        else:
            out.append(_escape_bars(line))
    lines[:] = out


def setup(app):
    app.connect("autodoc-process-docstring", _plain_text_formulas, priority=400)
