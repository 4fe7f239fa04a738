r"""APA 7 tables from casekit results and DataFrames: LaTeX, HTML, Word (.docx) and CSV.

A presentation layer over :class:`casekit.results.Result` objects. :func:`apa_table` turns a
result (or a DataFrame) into a :class:`Table`: readable headers with symbols in italics
("*M*", "*SD*", "*p*", "95% CI"), one interval column "[lo, hi]" for every pair of limits,
numbers at a stated number of decimals with true minus signs, integers as integers, *p*
without a leading zero ("< .001"), missing values as an em dash, and a note with the method,
variant, the R call the numbers mirror and the references. Wide tables are narrowed into a
main table and a supplementary one. The writers:

=====================  ==============================================================
:func:`to_latex`       a LaTeX float: booktabs rules, threeparttable notes
:func:`write_latex`    tables to a .tex file (or a standalone document)
:func:`to_html`        an HTML fragment with its CSS (prints without clipping)
:func:`write_html`     tables to a self-contained HTML page
:func:`write_docx`     tables to a Word document (python-docx; deterministic bytes)
:func:`write_csv`      the numbers at full precision, formula-like text neutralised
:func:`write_tables`   named tables in all of these formats at once, into one folder
=====================  ==============================================================

The number formatters of :mod:`casekit.tables.apa` (:func:`format_p`, :func:`format_prob`,
:func:`format_ci`, :func:`format_sessions`, :func:`format_estimate`) serve tables and running
text alike.

Markup
------
Headers, titles and notes given as text may use ``*italic*``, ``_{subscript}`` and
``^{superscript}``; ``\*`` is a literal asterisk (:func:`plain` escapes a whole text). Cell
values and text taken from results are always literal.

Column headers
--------------
:data:`COLUMNS` maps the column names of casekit's results to an APA header and a *kind*
(how cells print); an unknown column gets a humanised header ("Mean WAI SR"), never its raw
``snake_case`` name.

Narrowing
---------
Unless ``columns=`` is given, :func:`apa_table` keeps in the main table the columns listed for
the result's class in :data:`MAIN_COLUMNS` (e.g. the sudden-gains table: case, measure,
pre- and post-gain session and score, magnitude, proportion of total change, reversal value,
reversed). For other inputs it keeps key columns (case, measure, session, term, ...) and then
the other columns in order while the table fits :data:`MAX_WIDTH` characters (header or
widest cell per column, two between columns). The rest goes to ``Table.supplementary`` (same
rows, key columns repeated). Columns that echo an option on every row (improvement, *SE*
method, confidence level) and a case or measure with one value move into the note.

Examples
--------
>>> import casekit as ck
>>> from casekit import tables
>>> res = ck.nap([20, 20, 26, 25, 22, 23], [28, 25, 24, 27, 30, 30, 29],
...              improvement="increase")
>>> t = tables.apa_table(res, number=1)
>>> t.to_frame()
  Effect size Estimate   SE      95% CI  n baseline  n treatment
0         NAP      .92  .07  [.60, .99]           6            7
>>> print(t.general_note()[0])
*SE* = standard error; CI = confidence interval; NAP = nonoverlap of all pairs.
>>> r"\toprule" in t.to_latex() and "<table>" in t.to_html()
True
"""

from __future__ import annotations

from ._csv import CSV_README_NAME, FORMULA_PREFIXES, neutralise, write_csv
from ._docx import write_docx
from ._headers import BY_RESULT, COLUMNS, KINDS, MAIN_COLUMNS, Spec, humanise
from ._html import TABLE_CSS, to_html, write_html
from ._latex import LATEX_PACKAGES, latex_preamble, to_latex, write_latex
from ._markup import literal as plain
from ._model import DEFAULT_DECIMALS, MAX_WIDTH, Column, Table, apa_table
from ._write import FORMATS, write_tables
from .apa import (
    EM_DASH,
    MINUS,
    MISSING,
    format_ci,
    format_estimate,
    format_integer,
    format_p,
    format_prob,
    format_session,
    format_sessions,
)

__all__ = [
    # model
    "apa_table", "Table", "Column", "plain",
    # writers
    "to_latex", "write_latex", "latex_preamble", "to_html", "write_html", "write_docx",
    "write_csv", "neutralise", "write_tables", "FORMATS",
    # number formatting (tables and running text)
    "format_p", "format_prob", "format_ci", "format_sessions", "format_session",
    "format_estimate", "format_integer", "MINUS", "EM_DASH", "MISSING",
    # registries and settings
    "COLUMNS", "BY_RESULT", "MAIN_COLUMNS", "KINDS", "Spec", "humanise", "DEFAULT_DECIMALS",
    "MAX_WIDTH", "LATEX_PACKAGES", "TABLE_CSS", "CSV_README_NAME", "FORMULA_PREFIXES",
]

# run the Examples of the functions defined in the private modules as doctests too
__test__ = {name: globals()[name] for name in (
    "apa_table", "to_latex", "latex_preamble", "to_html", "write_docx", "write_csv",
    "neutralise", "humanise", "plain")}
