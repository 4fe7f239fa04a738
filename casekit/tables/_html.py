"""HTML writer: a self-contained ``<table>`` with APA rules in CSS, printable without clipping."""

from __future__ import annotations

import html
import os
from collections.abc import Iterable
from pathlib import Path

from ._markup import parse, to_plain
from ._model import Table

__all__ = ["to_html", "write_html", "TABLE_CSS"]

#: The CSS of the tables (scoped to ``.ck-apa-table``): APA rules (a line above and below the
#: table and under the header, no vertical lines), number and title above, notes below. On
#: screen a wide table scrolls inside its box; in print it wraps and shrinks to the page, never
#: clipped.
TABLE_CSS = """\
.ck-apa-table { margin: 1.5em 0; max-width: 100%; overflow-x: auto;
  font-variant-numeric: tabular-nums lining-nums; }
.ck-apa-table table { border-collapse: collapse; border-top: 1px solid currentColor;
  border-bottom: 1px solid currentColor; margin: 0; }
.ck-apa-table caption { caption-side: top; text-align: left; padding: 0 0 .6em 0; }
.ck-apa-table .ck-number { display: block; font-weight: bold; }
.ck-apa-table .ck-title { display: block; font-style: italic; margin-top: .3em; }
.ck-apa-table th, .ck-apa-table td { padding: .25em .7em; vertical-align: top; }
.ck-apa-table th { font-weight: normal; text-align: center; vertical-align: bottom;
  border-bottom: 1px solid currentColor; }
.ck-apa-table th.ck-l, .ck-apa-table td.ck-l { text-align: left; }
.ck-apa-table td.ck-r { text-align: right; white-space: nowrap; }
.ck-apa-table .ck-notes { font-size: .9em; margin-top: .5em; }
.ck-apa-table .ck-notes p { margin: .2em 0; }
@media print {
  .ck-apa-table { overflow: visible; max-width: none; }
  .ck-apa-table table { width: 100%; table-layout: auto; font-size: 8pt; }
  .ck-apa-table th, .ck-apa-table td { padding: .1em .3em; white-space: normal;
    overflow-wrap: anywhere; }
  .ck-apa-table thead { display: table-header-group; }
  .ck-apa-table tr { break-inside: avoid; }
}
"""


def _markup(text: str) -> str:
    out = []
    for run in parse(text):
        s = html.escape(_clean(run.text))
        if run.italic:
            s = f"<em>{s}</em>"
        if run.script:
            s = f"<{run.script}>{s}</{run.script}>"
        out.append(s)
    return "".join(out)


def _clean(text: str) -> str:
    """Replace control characters (invalid in HTML) by U+FFFD, keep tabs and line ends."""
    return "".join("\ufffd" if (ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127
                   or 0x80 <= ord(ch) < 0xA0 else ch for ch in text)


def to_html(table: Table, *, css: bool = True, supplementary: bool = True,
            number: int | str | None = None) -> str:
    """The table as an HTML fragment (a ``<div>`` holding the table and its notes).

    Parameters
    ----------
    table : Table
        From :func:`casekit.tables.apa_table`.
    css : bool
        Include :data:`TABLE_CSS` in a ``<style>`` element, so the fragment is self-contained
        (turn off when the page has the CSS once, as :func:`write_html` does).
    supplementary : bool
        Also write the supplementary table, after the main one.
    number : int or str, optional
        Number printed when the table has none.

    Returns
    -------
    str
        HTML: the number (bold) and title (italic) in the ``<caption>``, the header in
        ``<thead>`` (repeated on every printed page), the notes under the table. Every label is
        escaped.
    """
    style = f"<style>\n{TABLE_CSS}</style>\n" if css else ""
    cells = table.cells()
    marks = table.header_notes()
    num = table.number if table.number is not None else number
    head = []
    for col, mark in zip(table.columns, marks, strict=True):
        cls = "ck-l" if col.align == "left" else "ck-r"
        sup = f"<sup>{mark}</sup>" if mark else ""
        head.append(f'<th scope="col" class="{cls}">{_markup(col.header)}{sup}</th>')
    body = []
    for row in cells:
        tds = "".join(f'<td class="{"ck-l" if c.align == "left" else "ck-r"}">'
                      f"{html.escape(_clean(v))}</td>" for c, v in zip(table.columns, row,
                                                                        strict=True))
        body.append(f"<tr>{tds}</tr>")
    caption = (f'<caption><span class="ck-number">{html.escape(table.caption(num))}</span>'
               f'<span class="ck-title">{_markup(table.title)}</span></caption>')
    parts = [style, '<div class="ck-apa-table">', "<table>", caption,
             "<thead><tr>" + "".join(head) + "</tr></thead>",
             "<tbody>", *body, "</tbody>", "</table>", _notes(table, num), "</div>"]
    text = "\n".join(p for p in parts if p) + "\n"
    if supplementary and table.supplementary is not None:
        supp_num = None if num is None else f"S{num}"
        text += to_html(table.supplementary, css=False, number=supp_num)
    return text


def _notes(table: Table, number: int | str | None) -> str:
    paras = []
    general = " ".join(_markup(n) for n in table.general_note(number))
    if general:
        paras.append(f"<p><em>Note.</em> {general}</p>")
    paras += [f"<p><sup>{letter}</sup> {_markup(text)}</p>"
              for letter, text in table.specific_notes()]
    if table.probability_note:
        paras.append(f"<p>{_markup(table.probability_note)}</p>")
    return '<div class="ck-notes">' + "".join(paras) + "</div>" if paras else ""


def write_html(tables: Table | Iterable[Table], path: str | os.PathLike[str], *,
               title: str = "Tables") -> Path:
    """Write tables to a self-contained HTML page (UTF-8, the CSS once, no external files).

    Unnumbered tables are numbered by their position (1, 2, ...; supplements S1, S2, ...).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    tables = [tables] if isinstance(tables, Table) else list(tables)
    body = "".join(to_html(t, css=False, number=i) for i, t in enumerate(tables, 1))
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(to_plain(title))}</title>\n<style>\n"
            "body { font-family: 'Times New Roman', Times, serif; margin: 2em auto; "
            "max-width: 60em; padding: 0 1em; }\n"
            f"{TABLE_CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")
    path = Path(path)
    path.write_text(page, encoding="utf-8", newline="\n")
    return path
