"""Word writer: the .docx is read back with python-docx (cells, header, notes, rules, bytes).

Skipped when python-docx is not installed (it is an optional dependency).
"""

from __future__ import annotations

import builtins
import hashlib
import time
import zipfile

import pandas as pd
import pytest

from casekit.tables import apa_table, plain, write_docx

from ._results import HOSTILE, LONG, results

docx = pytest.importorskip("docx")
from docx.oxml.ns import qn  # noqa: E402  (after the skip)


def _borders(tbl_element, tag):
    el = tbl_element.find(f".//{qn(tag)}")
    assert el is not None, tag
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in el}


def _paragraphs_around(doc, table_index):
    """The paragraphs before (number, title) and after (notes) a table, in body order."""
    body = list(doc.element.body.iterchildren())
    tables = [i for i, el in enumerate(body) if el.tag == qn("w:tbl")]
    pos = tables[table_index]
    end = tables[table_index + 1] if table_index + 1 < len(tables) else len(body)
    paragraph = docx.text.paragraph.Paragraph
    before = [paragraph(el, doc) for el in body[max(pos - 2, 0):pos] if el.tag == qn("w:p")]
    after = [paragraph(el, doc) for el in body[pos + 1:end] if el.tag == qn("w:p")]
    return before, after


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "tables.docx"
    tabs = [apa_table(results()["nap_parker"], number=1),
            apa_table(results()["sudden_gains"], number=2)]
    write_docx(tabs, path)
    return path, docx.Document(str(path))


def test_cells_and_header_read_back(written):
    _, doc = written
    assert len(doc.tables) == 3  # NAP, sudden gains, its supplementary table
    grid = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in grid.rows]
    assert rows == [["Effect size", "Estimate", "SE", "95% CI", "n baseline", "n treatment"],
                    ["NAP", ".92", ".07", "[.60, .99]", "6", "7"]]
    se_runs = grid.rows[0].cells[2].paragraphs[0].runs
    assert [(r.text, r.italic) for r in se_runs] == [("SE", True)]
    n_runs = grid.rows[0].cells[4].paragraphs[0].runs
    assert n_runs[0].text == "n" and n_runs[0].italic and not n_runs[1].italic
    # header row repeats on a new page
    assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # numbers right-aligned, text left
    assert grid.rows[1].cells[1].paragraphs[0].alignment == 2  # RIGHT
    assert grid.rows[1].cells[0].paragraphs[0].alignment == 0  # LEFT


def test_apa_rules_top_bottom_and_under_the_header_only(written):
    _, doc = written
    for grid in doc.tables:
        tbl = grid._tbl
        sides = _borders(tbl.tblPr, "w:tblBorders")
        assert sides["top"] == "single" and sides["bottom"] == "single"
        assert sides["left"] == sides["right"] == "nil"
        assert sides["insideH"] == sides["insideV"] == "nil"
        for cell in grid.rows[0].cells:
            assert _borders(cell._tc.tcPr, "w:tcBorders") == {"bottom": "single"}
        for row in grid.rows[1:]:
            for cell in row.cells:
                assert cell._tc.tcPr is None or cell._tc.tcPr.find(qn("w:tcBorders")) is None


def test_number_bold_title_italic_note_below(written):
    _, doc = written
    before, after = _paragraphs_around(doc, 0)
    number, title = before
    assert number.text == "Table 1" and all(r.bold for r in number.runs)
    assert title.text == "NAP (Parker & Vannest 2009)" and all(r.italic for r in title.runs)
    note = after[0]
    assert note.runs[0].text == "Note." and note.runs[0].italic
    assert "SE = standard error" in note.text
    assert "Reproduces R: SingleCaseES 0.7.4 NAP(SE = 'unbiased'" in note.text
    before, _ = _paragraphs_around(doc, 2)
    assert before[0].text == "Table S2"


def test_wide_supplementary_table_is_set_in_landscape(written):
    _, doc = written
    orient = [s.orientation for s in doc.sections]
    assert orient[-1] == 1 and orient[0] == 0  # LANDSCAPE last, PORTRAIT first
    last = doc.sections[-1]
    assert last.page_width > last.page_height


def test_no_machine_metadata_and_identical_bytes(tmp_path, monkeypatch):
    tabs = [apa_table(r) for r in results().values()]
    a = write_docx(tabs, tmp_path / "a.docx")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86400 * 400)  # another day, a year on
    b = write_docx(tabs, tmp_path / "b.docx")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    props = docx.Document(str(a)).core_properties
    assert props.author == "" and props.last_modified_by == ""
    assert props.created is None and props.modified is None
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in z.namelist()
        assert b"Macintosh" not in z.read("docProps/app.xml")


def test_hostile_labels_survive(tmp_path):
    df = pd.DataFrame({HOSTILE: [HOSTILE, LONG], "value": [1.5, -2.0]})
    t = apa_table(df, title=plain(HOSTILE), note=plain(HOSTILE),
                  column_notes={"value": "Specific *note*."})
    doc = docx.Document(str(write_docx(t, tmp_path / "h.docx")))
    clean = HOSTILE.replace("\x07", "\ufffd")
    grid = doc.tables[0]
    assert grid.rows[0].cells[0].text == clean
    assert grid.rows[1].cells[0].text == clean
    assert grid.rows[2].cells[1].text == "\u22122.00"
    assert grid.rows[0].cells[1].text == "Scorea"
    assert grid.rows[0].cells[1].paragraphs[0].runs[-1].font.superscript
    _, after = _paragraphs_around(doc, 0)
    assert after[1].text == "a Specific note."


def test_bad_arguments_and_missing_python_docx(tmp_path, monkeypatch):
    t = apa_table(pd.DataFrame({"x": [1.0]}))
    with pytest.raises(ValueError, match="orientation"):
        write_docx(t, tmp_path / "x.docx", orientation="sideways")
    with pytest.raises(ValueError, match="nothing to write"):
        write_docx([], tmp_path / "x.docx")
    real_import = builtins.__import__

    def no_docx(name, *args, **kwargs):
        if name == "docx" or name.startswith("docx."):
            raise ImportError("No module named 'docx'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_docx)
    with pytest.raises(ImportError, match="pip install python-docx"):
        write_docx(t, tmp_path / "x.docx")
