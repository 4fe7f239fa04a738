"""Write a set of named tables in every format at once (for reports and case studies)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from .._validate import check_option
from ._csv import write_csv
from ._docx import write_docx
from ._html import write_html
from ._latex import write_latex
from ._model import Table

__all__ = ["write_tables", "FORMATS"]

#: The formats :func:`write_tables` writes, in this order.
FORMATS = ("csv", "tex", "html", "docx")
_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def write_tables(tables: Mapping[str, Table], folder: str | os.PathLike[str], *,
                 formats: Sequence[str] = FORMATS, stem: str = "tables") -> list[Path]:
    """Write named tables as CSV, LaTeX, HTML and Word files in one folder.

    Parameters
    ----------
    tables : mapping of str to Table
        ``{name: table}`` in the order the tables appear; ``name`` is a file name stem
        (letters, digits, ``.``, ``_``, ``-``). Unnumbered tables are numbered by position.
    folder : str or path-like
        Created if needed.
    formats : sequence of {"csv", "tex", "html", "docx"}
        ``csv``: ``<name>.csv`` per table at full precision (formula-like text neutralised)
        and ``README-csv.txt``; ``tex``: ``<name>.tex`` per table (for ``\\input``; see
        :func:`latex_preamble` for the packages); ``html``: ``<stem>.html``, one
        self-contained page; ``docx``: ``<stem>.docx``, one Word document (needs python-docx).
    stem : str
        File name stem of the HTML page and the Word document.

    Returns
    -------
    list of pathlib.Path
        Every file written, in the order written.
    """
    formats = [check_option(f, "formats", FORMATS) for f in formats]
    bad = [n for n in [*tables, stem] if not isinstance(n, str) or not _STEM.fullmatch(n)]
    if bad:
        raise ValueError(f"table names and stem must be file name stems (letters, digits, "
                         f"'.', '_', '-'); got {bad}")
    if not tables:
        raise ValueError("tables is empty: nothing to write")
    numbered = _numbered(tables)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if "csv" in formats:
        for name, table in numbered.items():
            written.append(write_csv(table, folder / f"{name}.csv"))
        written.append(folder / "README-csv.txt")
    if "tex" in formats:
        written += [write_latex(t, folder / f"{name}.tex") for name, t in numbered.items()]
    if "html" in formats:
        written.append(write_html(list(numbered.values()), folder / f"{stem}.html"))
    if "docx" in formats:
        written.append(write_docx(list(numbered.values()), folder / f"{stem}.docx"))
    return written


def _numbered(tables: Mapping[str, Table]) -> dict[str, Table]:
    """The tables with a number each (their own, else their position), so that every format
    prints the same numbers."""
    out = {}
    for i, (name, table) in enumerate(tables.items(), 1):
        if not isinstance(table, Table):
            raise TypeError(f"tables[{name!r}] must be a casekit.tables.Table (from "
                            f"apa_table); got {type(table).__name__}")
        if table.number is None:
            number = i
            supp = table.supplementary
            table = replace(table, number=number, supplementary=None if supp is None else
                            replace(supp, number=f"S{number}"))
        out[name] = table
    return out
