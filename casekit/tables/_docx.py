"""Word (.docx) writer with python-docx: APA rules, italic symbols, notes, deterministic bytes."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from ._markup import parse
from ._model import Table

__all__ = ["write_docx", "DOCX_INSTALL_HINT"]

DOCX_INSTALL_HINT = ("Word output needs the python-docx package: pip install python-docx "
                     "(casekit is tested with python-docx 1.2)")

#: Fixed timestamp of every file inside the .docx (the ZIP format's earliest date), so two
#: runs write identical bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Rules: 4 eighths of a point (Word's "single, ½ pt").
RULE = {"val": "single", "sz": "4", "space": "0", "color": "000000"}

_SUCCESSORS_TBL = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                   "w:tblDescription", "w:tblPrChange")
_SUCCESSORS_TC = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText",
                  "w:vAlign", "w:hideMark", "w:headers", "w:cellIns", "w:cellDel",
                  "w:cellMerge", "w:tcPrChange")


def _docx() -> ModuleType:
    try:
        import docx  # lazy: python-docx is optional (Word output only)
    except ImportError as exc:  # pragma: no cover - exercised when python-docx is absent
        raise ImportError(DOCX_INSTALL_HINT) from exc
    return docx


def write_docx(tables: Table | Iterable[Table], path: str | os.PathLike[str], *,
               font: str = "Times New Roman", font_size: float = 12,
               table_font_size: float = 10,
               page_breaks: bool = True, orientation: str = "auto") -> Path:
    """Write APA tables to a Word document (.docx), one after another.

    Each table is written as APA 7 sets it: the number in bold ("Table 1"), the title in
    italics on the next line, a Word table with a rule above and below it and under the
    header and no vertical lines (the header row repeats on a new page), statistical symbols
    in italics, then the note ("*Note.*" general note, specific notes with superscript letters,
    the probability note). A supplementary table follows its main table. Unnumbered tables
    are numbered by position (1, 2, ...; their supplements S1, S2, ...).

    Parameters
    ----------
    tables : Table or iterable of Table
        From :func:`casekit.tables.apa_table`.
    path : str or path-like
        The .docx file to write.
    font : str
        Font of the document (APA 7 accepts e.g. Times New Roman 12, Calibri 11, Arial 11).
    font_size : float
        Size of the number, title and running text (points).
    table_font_size : float
        Size of the cells and notes (points; APA allows a smaller size in tables).
    page_breaks : bool
        Start every table on a new page (APA manuscripts: one table per page).
    orientation : {"auto", "portrait", "landscape"}
        Page orientation; ``"auto"`` turns a page to landscape for a table wider than
        its width budget (``Table.max_width``, by default ``casekit.tables.MAX_WIDTH``
        characters).

    Returns
    -------
    pathlib.Path
        The file written. The output is deterministic: no creation or modification time, no
        author, fixed timestamps inside the archive, so the same tables give the same bytes.

    Raises
    ------
    ImportError
        If python-docx is not installed (with the command that installs it).
    """
    docx = _docx()
    if orientation not in ("auto", "portrait", "landscape"):
        raise ValueError("orientation must be one of 'auto', 'portrait', 'landscape'; got "
                         f"{orientation!r}")
    tables = [tables] if isinstance(tables, Table) else list(tables)
    if not tables:
        raise ValueError("tables is empty: nothing to write")
    doc = docx.Document()
    _neutral_metadata(doc, docx)
    _base_style(doc, docx, font, font_size)
    queue: list[tuple[Table, int | str]] = []
    for i, t in enumerate(tables, 1):
        number = t.number if t.number is not None else i
        queue.append((t, number))
        if t.supplementary is not None:
            queue.append((t.supplementary, t.supplementary.number or f"S{number}"))
    for k, (t, number) in enumerate(queue):
        landscape = orientation == "landscape" or (orientation == "auto"
                                                   and t.width() > t.max_width)
        section = _section(doc, docx, first=k == 0, landscape=landscape, new_page=page_breaks)
        _write_table(doc, docx, t, number, table_font_size, section)
    return _save(doc, Path(path))


def _neutral_metadata(doc: Any, docx: ModuleType) -> None:
    """No author, dates or template thumbnail from the machine or from python-docx."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT  # lazy: python-docx (optional)
    cp = doc.core_properties
    cp.author = ""
    cp.last_modified_by = ""
    cp.comments = ""
    cp.title = ""
    cp.revision = 1
    element = cp._element
    for tag in ("created", "modified", "lastPrinted"):
        remove = getattr(element, f"_remove_{tag}", None)
        if remove is not None:
            remove()
    pkg = doc.part.package
    for rid, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES and hasattr(rel.target_part, "_blob"):
            blob = rel.target_part._blob.replace(b"Microsoft Macintosh Word", b"casekit")
            rel.target_part._blob = blob


def _base_style(doc: Any, docx: ModuleType, font: str, size: float) -> None:
    from docx.oxml.ns import qn  # lazy: python-docx (optional)
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = docx.shared.Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:eastAsia", "w:cs"):
            fonts.set(qn(attr), font)


def _section(doc: Any, docx: ModuleType, *, first: bool, landscape: bool,
             new_page: bool) -> Any:
    from docx.enum.section import WD_ORIENT, WD_SECTION  # lazy: python-docx (optional)
    want = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    current = doc.sections[-1]
    if first:
        section = current
    elif new_page or current.orientation != want:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
    else:
        doc.add_paragraph()
        return current
    if section.orientation != want:
        w, h = section.page_width, section.page_height
        section.orientation = want
        section.page_width, section.page_height = (max(w, h), min(w, h)) if landscape \
            else (min(w, h), max(w, h))
    return section


def _runs(paragraph: Any, markup: str, *, italic_all: bool = False,
          size: Any = None) -> None:
    for run in parse(markup):
        r = paragraph.add_run(_xml_safe(run.text))
        r.italic = True if (italic_all or run.italic) else None
        if run.script == "sub":
            r.font.subscript = True
        elif run.script == "sup":
            r.font.superscript = True
        if size is not None:
            r.font.size = size


def _xml_safe(text: str) -> str:
    """XML 1.0 refuses most control characters: replace them by U+FFFD (never drop them)."""
    return "".join("\ufffd" if (ord(ch) < 32 and ch not in "\t\n\r") or 0xFFFE <= ord(ch) <= 0xFFFF
                   or 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def _paragraph(doc: Any, docx: ModuleType, *, keep_with_next: bool = False,
               space_after: float = 0) -> Any:
    p = doc.add_paragraph()
    p.paragraph_format.space_before = docx.shared.Pt(0)
    p.paragraph_format.space_after = docx.shared.Pt(space_after)
    p.paragraph_format.keep_with_next = keep_with_next
    return p


def _column_widths(table: Table, section: Any, font_size: float) -> list[int]:
    """Preferred column widths (EMU): the characters each column needs at the table's font
    size (about half an em per character, plus padding), scaled down to the text width."""
    chars = [max(n, 2) + 2 for n in table.char_widths()]
    per_char = int(font_size * 0.5 * 12700)  # EMU per character (12,700 EMU = 1 pt)
    widths = [n * per_char for n in chars]
    available = section.page_width - section.left_margin - section.right_margin
    if sum(widths) > available:
        widths = [int(w * available / sum(widths)) for w in widths]
    return widths


def _write_table(doc: Any, docx: ModuleType, table: Table, number: int | str,
                 table_font_size: float, section: Any) -> None:
    size = docx.shared.Pt(table_font_size)
    p = _paragraph(doc, docx, keep_with_next=True)
    p.add_run(table.caption(number)).bold = True
    p = _paragraph(doc, docx, keep_with_next=True, space_after=6)
    _runs(p, table.title, italic_all=True)
    cells = table.cells()
    grid = doc.add_table(rows=1 + len(cells), cols=len(table.columns))
    grid.autofit = True
    _table_rules(grid)
    widths = _column_widths(table, section, table_font_size)
    for j, width in enumerate(widths):
        grid.columns[j].width = width
    rows = grid.rows
    _header_row(docx, table, rows[0], widths, size)
    for row, values in zip(rows[1:], cells, strict=True):
        _body_row(docx, table, row, values, widths, size)
    _notes(doc, docx, table, number, size)


def _header_row(docx: ModuleType, table: Table, row: Any, widths: list[int],
                size: Any) -> None:
    """Headers: text columns' flush left, the others centred; a rule under every cell."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # lazy: python-docx (optional)
    marks = table.header_notes()
    for cell, col, mark, width in zip(row.cells, table.columns, marks, widths, strict=True):
        cell.width = width
        para = cell.paragraphs[0]
        _runs(para, col.header, size=size)
        if mark:
            r = para.add_run(mark)
            r.font.superscript = True
            r.font.size = size
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT if col.align == "left" \
            else WD_ALIGN_PARAGRAPH.CENTER
        _cell_rule(cell, "bottom")
        _tight(para, docx)
    _repeat_header(row)


def _body_row(docx: ModuleType, table: Table, row: Any, values: list[str], widths: list[int],
              size: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # lazy: python-docx (optional)
    for cell, col, text, width in zip(row.cells, table.columns, values, widths, strict=True):
        cell.width = width
        para = cell.paragraphs[0]
        r = para.add_run(_xml_safe(text))
        r.font.size = size
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT if col.align == "left" \
            else WD_ALIGN_PARAGRAPH.RIGHT
        _tight(para, docx)


def _tight(para: Any, docx: ModuleType) -> None:
    para.paragraph_format.space_before = docx.shared.Pt(1)
    para.paragraph_format.space_after = docx.shared.Pt(1)


def _notes(doc: Any, docx: ModuleType, table: Table, number: int | str, size: Any) -> None:
    general = " ".join(table.general_note(number))
    if general:
        p = _paragraph(doc, docx)
        p.paragraph_format.space_before = docx.shared.Pt(4)
        r = p.add_run("Note.")
        r.italic = True
        r.font.size = size
        _runs(p, " " + general, size=size)
    for letter, text in table.specific_notes():
        p = _paragraph(doc, docx)
        r = p.add_run(letter)
        r.font.superscript = True
        r.font.size = size
        _runs(p, " " + text, size=size)
    if table.probability_note:
        p = _paragraph(doc, docx)
        _runs(p, table.probability_note, size=size)


def _border(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement  # lazy: python-docx (optional)
    from docx.oxml.ns import qn  # lazy: python-docx (optional)
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _table_rules(grid: Any) -> None:
    """Top and bottom rule of the table; no vertical lines, no inner horizontal lines."""
    from docx.oxml import OxmlElement  # lazy: python-docx (optional)
    tbl_pr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(f"w:{side}", **(RULE if side in ("top", "bottom")
                                                else {"val": "nil"})))
    tbl_pr.insert_element_before(borders, *_SUCCESSORS_TBL)


def _cell_rule(cell: Any, side: str) -> None:
    from docx.oxml import OxmlElement  # lazy: python-docx (optional)
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    borders.append(_border(f"w:{side}", **RULE))
    tc_pr.insert_element_before(borders, *_SUCCESSORS_TC)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement  # lazy: python-docx (optional)
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def _save(doc: Any, path: Path) -> Path:
    """Save with fixed timestamps and file order inside the ZIP (byte-identical reruns)."""
    raw = io.BytesIO()
    doc.save(raw)
    raw.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, zin.read(info.filename))
    path.write_bytes(out.getvalue())
    return path
