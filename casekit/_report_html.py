"""report.html of ``casekit report``: one self-contained page a reader can share.

Built from the :class:`casekit.case.CaseAnalysis` (never from an executed notebook): the
results paragraph, the figures with their captions, the APA tables, the notes and warnings,
and a provenance block. No code by default (``show_code=True`` adds the Python that
reproduces the report); no absolute path or user name (input files are named without their
folders); print-friendly CSS (figures and table rows are not split across pages, the table of
contents and the code are not printed).
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .datasets import CaseData
from .tables import TABLE_CSS, to_html

if TYPE_CHECKING:
    from .case import CaseAnalysis

__all__ = ["report_html", "REPORT_CSS"]

REPORT_CSS = """\
body { font-family: Georgia, 'Times New Roman', Times, serif; line-height: 1.45;
  margin: 2em auto; max-width: 52em; padding: 0 1em; color: #111; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #999; margin-top: 2em; }
.ck-simulated { border: 2px solid #b00; color: #b00; padding: .4em .8em; font-weight: bold; }
nav.ck-toc ol { padding-left: 1.4em; }
figure { margin: 1.5em 0; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; display: block; }
figcaption { font-size: .95em; margin-top: .4em; }
figcaption .ck-fignum { font-weight: bold; display: block; }
dl.ck-prov { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.ck-prov dt { font-weight: bold; }
dl.ck-prov dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: Consolas, 'DejaVu Sans Mono', monospace; font-size: .9em; }
pre { background: #f5f5f5; padding: .8em; overflow-x: auto; }
table.ck-inputs { border-collapse: collapse; }
table.ck-inputs td, table.ck-inputs th { padding: .1em .6em; text-align: left;
  border-bottom: 1px solid #ddd; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  nav.ck-toc, .ck-code { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _esc(text: object) -> str:
    return html.escape(str(text))


def _image(folder: Path, name: str,
           figure_files: dict[tuple[str, str], Path]) -> tuple[str, str] | None:
    """``(mime, base64)`` of a written figure file (SVG preferred, then PNG)."""
    for ext, mime in (("svg", "image/svg+xml"), ("png", "image/png")):
        path = figure_files.get((name, ext))
        if path is not None and path.is_file():
            return mime, base64.b64encode(path.read_bytes()).decode("ascii")
    return None


def _drawn(analysis: CaseAnalysis, name: str) -> tuple[str, str]:
    """Draw a figure that was not written (no svg/png asked for) as SVG in memory."""
    import matplotlib.pyplot as plt

    fig = analysis.figure(name)
    try:
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    return "image/svg+xml", base64.b64encode(buf.getvalue()).decode("ascii")


def _provenance_block(analysis: CaseAnalysis, options: dict[str, Any], date: str) -> str:
    rows = [("casekit version", __version__), ("date", date), ("case", analysis.case),
            ("seed", analysis.seed)]
    data = analysis.data
    assert isinstance(data, CaseData)  # analyze_case always holds a CaseData
    inputs = "".join(
        f"<tr><td>{_esc(r['table'])}</td><td>{_esc(r['file'] or '(a table)')}</td>"
        f"<td><code>{_esc(r['sha256'])}</code></td></tr>"
        for r in data.sources.to_dict("records"))
    dl = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in rows)
    shown = {k: v for k, v in sorted(options.items()) if v not in (None, {}, [], False)}
    opts = "".join(f"<dt>{_esc(k)}</dt><dd><code>"
                   f"{_esc(json.dumps(v, ensure_ascii=False, default=str))}</code></dd>"
                   for k, v in shown.items())
    return (f'<dl class="ck-prov">{dl}</dl>\n<p>Input files (names without their folders) '
            "and their SHA-256 checksums:</p>\n<table class=\"ck-inputs\"><thead><tr>"
            "<th>table</th><th>file</th><th>SHA-256</th></tr></thead><tbody>"
            f"{inputs}</tbody></table>\n<p>Options (those set; the others at their "
            f"defaults):</p>\n<dl class=\"ck-prov\">{opts}</dl>\n"
            "<p>The checksum of every file of this report is in <code>provenance.json</code> "
            "and <code>.casekit-manifest.json</code>.</p>\n")


def report_html(analysis: CaseAnalysis, folder: Path, written: list[Path], *,
                options: dict[str, Any], date: str,
                code: str | None = None, csv_written: bool = False) -> str:
    """The report page of ``analysis`` whose files were written into ``folder``.

    Parameters
    ----------
    analysis : casekit.case.CaseAnalysis
    folder : pathlib.Path
        The report folder (figures are read back from ``figures/``).
    written : list of pathlib.Path
        The files :meth:`CaseAnalysis.write` wrote.
    options : dict
        The command-line options, as recorded in the provenance (no paths).
    date : str
        The date of the report (ISO 8601).
    code : str, optional
        Python that reproduces the report; shown in a "Code" section when given.
    csv_written : bool
        The CSV tables were written (the page then says how formula-like text was written).
    """
    figure_files: dict[tuple[str, str], Path] = {}
    for p in written:
        if p.parent.name == "figures":
            figure_files[(p.stem, p.suffix.lstrip("."))] = p
    sections: list[tuple[str, str, str]] = []  # (id, heading, body)

    para = "".join(f"<p>{_esc(p)}</p>" for p in analysis.paragraph().split("\n\n") if p.strip())
    comp = analysis.comparison
    design = ""
    if comp is not None and comp.kind != "none":
        reason = str(comp.reason)
        design = (f"<p><strong>Comparison.</strong> {_esc(comp.label)}. "
                  f"{_esc(reason[:1].upper() + reason[1:])}.</p>")
    sections.append(("results", "Results", design + para))

    figs = []
    for i, name in enumerate(analysis.figure_names, 1):
        img = _image(folder, name, figure_files) or _drawn(analysis, name)
        cap = analysis.figure_caption(name)
        alt = cap.split(". ")[0] if cap else name
        figs.append(f'<figure id="figure-{_esc(name)}"><img alt="Figure {i}: {_esc(alt)}" '
                    f'src="data:{img[0]};base64,{img[1]}">'
                    f'<figcaption><span class="ck-fignum">Figure {i}</span>'
                    f"{_esc(cap)}</figcaption></figure>")
    if figs:
        sections.append(("figures", "Figures", "\n".join(figs)))

    tables = analysis.apa_tables()
    if tables:
        body = "".join(to_html(t, css=False, number=i)
                       for i, t in enumerate(tables.values(), 1))
        if csv_written:
            body += ("<p>The CSV files in <code>tables/</code> hold the same numbers at full "
                     "precision. Text cells that begin with =, +, &minus;, @, a tab or a "
                     "carriage return are written there with a leading apostrophe (') so that "
                     "a spreadsheet shows them as text instead of running them as formulas "
                     "(OWASP, &ldquo;CSV Injection&rdquo;); see "
                     "<code>tables/README-csv.txt</code>.</p>")
        sections.append(("tables", "Tables", body))

    notes = [f"<li>{_esc(n)}</li>" for n in analysis.notes]
    skipped = [f"<li><strong>{_esc(k)}</strong>: {_esc(v)}</li>"
               for k, v in analysis.skipped.items()]
    warns = [f"<li>{_esc(w.stage)} ({_esc(w.category)}): {_esc(w.message)}</li>"
             for w in analysis.warnings.itertuples()] if analysis.warnings is not None else []
    nbody = (f"<h3>Notes</h3><ul>{''.join(notes) or '<li>none</li>'}</ul>"
             f"<h3>Sections skipped</h3><ul>{''.join(skipped) or '<li>none</li>'}</ul>"
             f"<h3>Warnings ({len(warns)})</h3><ul>{''.join(warns) or '<li>none</li>'}</ul>")
    sections.append(("notes", "Notes and warnings", nbody))
    sections.append(("provenance", "Provenance", _provenance_block(analysis, options, date)))
    if code is not None:
        sections.append(("code", "Code", '<div class="ck-code"><p>The Python that reproduces '
                         "this report (run it in the folder of the input files):</p>"
                         f"<pre><code>{_esc(code)}</code></pre></div>"))

    toc = "".join(f'<li><a href="#{sid}">{_esc(h)}</a></li>' for sid, h, _ in sections)
    title = f"Case analysis of {analysis.case}"
    banner = ""
    if analysis.simulated:
        banner = ('<p class="ck-simulated">SIMULATED DATA: a teaching case, not patient '
                  "data.</p>")
    body = "\n".join(f'<section id="{sid}"><h2>{_esc(h)}</h2>\n{b}\n</section>'
                     for sid, h, b in sections)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(title)}</title>\n<style>\n{REPORT_CSS}{TABLE_CSS}</style>\n"
            f"</head>\n<body>\n<header><h1>{_esc(title)}</h1>\n"
            f"<p>casekit {_esc(__version__)} &middot; {_esc(date)}</p>{banner}</header>\n"
            f'<nav class="ck-toc"><h2>Contents</h2><ol>{toc}</ol></nav>\n'
            f"{body}\n</body>\n</html>\n")
