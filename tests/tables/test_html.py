"""HTML writer: a self-contained table with APA rules, escaped labels, printable without clipping."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd

from casekit.tables import TABLE_CSS, apa_table, plain, to_html, write_html

from ._results import HOSTILE, LONG, results

VOID = {"meta", "br", "hr", "img", "link", "col"}


class _Tree(HTMLParser):
    """Checks that tags nest and collects the text of every cell."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.cells, self.heads, self._buf = [], [], [], None

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
        if tag in ("td", "th"):
            self._buf = []

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()
        if tag in ("td", "th"):
            (self.cells if tag == "td" else self.heads).append("".join(self._buf))
            self._buf = None

    def handle_data(self, data):
        if self._buf is not None:
            self._buf.append(data)


def parse(html_text: str) -> _Tree:
    tree = _Tree()
    tree.feed(html_text)
    tree.close()
    assert tree.stack == []
    return tree


def test_html_table_structure_and_apa_rules():
    t = apa_table(results()["nap_parker"], number=1)
    out = to_html(t)
    tree = parse(out)
    assert tree.heads == ["Effect size", "Estimate", "SE", "95% CI", "n baseline",
                          "n treatment"]
    assert tree.cells == ["NAP", ".92", ".07", "[.60, .99]", "6", "7"]
    assert '<span class="ck-number">Table 1</span>' in out
    assert '<span class="ck-title">NAP (Parker &amp; Vannest 2009)</span>' in out
    assert '<th scope="col" class="ck-r"><em>SE</em></th>' in out
    assert "<p><em>Note.</em> <em>SE</em> = standard error;" in out
    assert out.startswith("<style>")
    # APA rules: lines above and below the table and under the header; none vertical
    assert "border-top: 1px solid" in TABLE_CSS and "border-bottom: 1px solid" in TABLE_CSS
    assert "border-left" not in TABLE_CSS and "border-right" not in TABLE_CSS


def test_print_css_never_clips_wide_tables():
    css = TABLE_CSS.split("@media print", 1)[1]
    assert "overflow: visible" in css and "white-space: normal" in css
    assert "width: 100%" in css and "overflow-wrap: anywhere" in css
    assert "display: table-header-group" in css  # the header repeats on every page
    assert "overflow: hidden" not in TABLE_CSS


def test_true_minus_signs_in_cells():
    out = to_html(apa_table(pd.DataFrame({"estimate": [-6.75]})))
    assert "<td class=\"ck-r\">\u22126.75</td>" in out


def test_hostile_labels_are_escaped():
    df = pd.DataFrame({HOSTILE: [HOSTILE, LONG], "value": [1.5, -2.0]})
    t = apa_table(df, title=plain(HOSTILE), note=plain("<script>alert(1)</script>"),
                  column_notes={"value": plain(HOSTILE)})
    out = to_html(t)
    tree = parse(out)
    assert "<script>" not in out and "&lt;script&gt;" in out
    clean = HOSTILE.replace("\x07", "\ufffd")
    assert tree.cells[0] == clean and tree.heads[0] == clean
    assert "\x07" not in out


def test_supplementary_follows_and_write_html_is_self_contained(tmp_path):
    t = apa_table(results()["sudden_gains"])
    frag = to_html(t, number=4)
    assert "Table 4</span>" in frag and "Table S4</span>" in frag
    assert frag.count("<style>") == 1
    path = write_html([apa_table(r) for r in results().values()], tmp_path / "t.html",
                      title="Tables & more")
    page = path.read_text(encoding="utf-8")
    parse(page.split("<body>", 1)[1].rsplit("</body>", 1)[0])
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<title>Tables &amp; more</title>" in page
    assert page.count("<style>") == 1 and "<link" not in page and "src=" not in page
    assert "Table 1</span>" in page and "Table S3</span>" in page  # tau_u: S_AB, S_A
