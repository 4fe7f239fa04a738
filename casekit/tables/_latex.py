"""LaTeX writer: booktabs rules, threeparttable notes, APA captions."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..results import escape_latex
from ._markup import parse
from ._model import WRAP_AT, Table

__all__ = ["to_latex", "write_latex", "latex_preamble", "LATEX_PACKAGES"]

#: The packages the tables need, with what each is for.
LATEX_PACKAGES = {
    "booktabs": r"\toprule, \midrule, \bottomrule",
    "threeparttable": "notes under the table, as wide as the table (notes='threeparttable')",
    "array": r"wrapped text columns >{\raggedright\arraybackslash}p{...}",
    "caption": "APA captions: bold number, the title in italics on the next line",
    "rotating": "sidewaystable: a table wider than the page's text is set in landscape",
}


def latex_preamble() -> str:
    r"""The ``\usepackage`` lines (and the APA caption style) the tables need.

    Examples
    --------
    >>> print(latex_preamble())  # doctest: +ELLIPSIS
    \usepackage{booktabs}...
    \captionsetup[table]{labelsep=newline, labelfont=bf, textfont=it, ...}
    """
    lines = [rf"\usepackage{{{p}}}  % {why}" for p, why in LATEX_PACKAGES.items()]
    lines.append(r"\captionsetup[table]{labelsep=newline, labelfont=bf, textfont=it, "
                 r"justification=raggedright, singlelinecheck=false}")
    return "\n".join(lines)


def _markup(text: str, *, italic_context: bool = False) -> str:
    out = []
    for run in parse(text):
        s = escape_latex(run.text)
        if run.italic and not italic_context:
            s = r"\textit{" + s + "}"
        if run.script:
            s = (r"\textsubscript{" if run.script == "sub" else r"\textsuperscript{") + s + "}"
        out.append(s)
    return "".join(out)


def _numbering(number: int | str | None) -> list[str]:
    if number is None:
        return []
    if isinstance(number, int) and not isinstance(number, bool):
        return [rf"\setcounter{{table}}{{{number - 1}}}"]
    return [r"\renewcommand{\thetable}{" + escape_latex(number) + "}",
            r"\addtocounter{table}{-1}"]


def _spec(table: Table, cells: list[list[str]]) -> str:
    spec = []
    for j, col in enumerate(table.columns):
        widest = max([len(r[j]) for r in cells] or [0])
        if col.align == "left" and widest > WRAP_AT:
            spec.append(rf">{{\raggedright\arraybackslash}}p{{{WRAP_AT * 0.5:g}em}}")
        else:
            spec.append("l" if col.align == "left" else "r")
    return "".join(spec)


def _header(lines: list[str], align: str) -> str:
    """A header cell: one line as is, several stacked in a nested tabular."""
    pos = "l" if align == "left" else "c"
    if len(lines) == 1:
        text = _markup(lines[0])
    else:
        text = (rf"\begin{{tabular}}[b]{{@{{}}{pos}@{{}}}}"
                + r" \\ ".join(_markup(x) for x in lines) + r"\end{tabular}")
    return text if align == "left" else r"\multicolumn{1}{c}{" + text + "}"


def to_latex(table: Table, *, notes: str = "threeparttable", position: str = "htbp",
             supplementary: bool = True) -> str:
    r"""The table as a LaTeX ``table`` float (booktabs rules, APA notes).

    Parameters
    ----------
    table : Table
        From :func:`casekit.tables.apa_table`.
    notes : {"threeparttable", "plain"}
        ``"threeparttable"``: notes in a ``tablenotes`` environment as wide as the table
        (packages: booktabs, threeparttable, array; caption for the APA caption style, see
        :func:`latex_preamble`). ``"plain"``: notes as a small paragraph under the table,
        specific notes marked with ``\textsuperscript`` (packages: booktabs, array).
    position : str
        Float position (``"htbp"``).
    supplementary : bool
        Also write the supplementary table, after the main one.

    Returns
    -------
    str
        LaTeX source. Headers are centred over right-aligned numbers (long ones stacked on
        lines about as wide as the column); long text columns wrap; a table wider than its
        width budget (``Table.max_width``) is a ``sidewaystable`` (landscape).
        Every label is escaped (:func:`casekit.results.escape_latex`); minus signs print as
        ``$-$``. A table number, if set, is applied with ``\setcounter`` (or ``\thetable`` for
        "S1"); an unnumbered table takes LaTeX's next number.
    """
    if notes not in ("threeparttable", "plain"):
        raise ValueError(f"notes must be one of 'threeparttable', 'plain'; got {notes!r}")
    tpt = notes == "threeparttable"
    cells = table.cells()
    marks = table.header_notes()
    wide = table.width() > table.max_width
    env = "sidewaystable" if wide else "table"
    out = [rf"\begin{{{env}}}[{position}]", r"\centering"]
    if wide or table.width() > 0.8 * table.max_width:
        out.append(r"\small")
    out += _numbering(table.number)
    if tpt:
        out.append(r"\begin{threeparttable}")
    out.append(r"\caption{" + _markup(table.title, italic_context=True) + "}")
    if table.label:
        out.append(r"\label{" + escape_latex(table.label) + "}")
    out.append(r"\begin{tabular}{" + _spec(table, cells) + "}")
    out.append(r"\toprule")
    heads = []
    for col, mark, lines in zip(table.columns, marks, table.header_lines(), strict=True):
        if mark:
            lines = [*lines[:-1], lines[-1] + "^{" + mark + "}"]
        heads.append(_header(lines, col.align))
    out.append(" & ".join(heads) + r" \\")
    out.append(r"\midrule")
    for row in cells:
        out.append(" & ".join(escape_latex(c) for c in row) + r" \\")
    out.append(r"\bottomrule")
    out.append(r"\end{tabular}")
    out += _notes(table, tpt)
    if tpt:
        out.append(r"\end{threeparttable}")
    out.append(rf"\end{{{env}}}")
    text = "\n".join(out) + "\n"
    if supplementary and table.supplementary is not None:
        text += "\n" + to_latex(table.supplementary, notes=notes, position=position)
    return text


def _notes(table: Table, tpt: bool) -> list[str]:
    general = " ".join(_markup(n) for n in table.general_note())
    items: list[tuple[str | None, str]] = []
    if general:
        items.append((None, r"\textit{Note.} " + general))
    items += [(letter, _markup(text)) for letter, text in table.specific_notes()]
    if table.probability_note:
        items.append((None, _markup(table.probability_note)))
    if not items:
        return []
    if tpt:
        out = [r"\begin{tablenotes}[flushleft]", r"\small"]
        out += [(rf"\item[{letter}] " if letter else r"\item ") + text for letter, text in items]
        return out + [r"\end{tablenotes}"]
    out = [r"\par\smallskip", r"{\small\raggedright"]
    out += [(rf"\textsuperscript{{{letter}}}" if letter else "") + text + r"\par"
            for letter, text in items]
    return out + ["}"]


def write_latex(tables: Table | Iterable[Table], path: str | os.PathLike[str], *,
                standalone: bool = False, notes: str = "threeparttable") -> Path:
    """Write one or more tables (each followed by its supplementary table) to a .tex file.

    Parameters
    ----------
    tables : Table or iterable of Table
    path : str or path-like
    standalone : bool
        Write a complete document (``article`` class with :func:`latex_preamble`) that
        compiles on its own with pdfLaTeX; otherwise only the table floats, to ``\\input``.
    notes : {"threeparttable", "plain"}
        See :func:`to_latex`.

    Returns
    -------
    pathlib.Path
        The file written (UTF-8, ``\\n`` line ends).
    """
    tables = [tables] if isinstance(tables, Table) else list(tables)
    body = "\n".join(to_latex(t, notes=notes) for t in tables)
    if standalone:
        body = ("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n" + latex_preamble()
                + "\n\\begin{document}\n" + body + "\\end{document}\n")
    path = Path(path)
    path.write_text(body, encoding="utf-8", newline="\n")
    return path
