"""Writing a case analysis: figures, APA tables, the paragraph, notes and provenance."""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._validate import check_option
from .._version import __version__
from ..datasets import sha256_of
from ..plot import save
from ..tables import Table, apa_table, write_tables
from ._log import Log

if TYPE_CHECKING:
    from .analysis import CaseAnalysis

__all__ = ["FORMATS", "FIGURE_FORMATS", "TABLE_FORMATS", "write", "apa_tables",
           "PROVENANCE_FILE", "PARAGRAPH_FILE", "NOTES_FILE"]

FIGURE_FORMATS = ("pdf", "svg", "png", "tiff")
TABLE_FORMATS = ("csv", "tex", "html", "docx")
#: what :meth:`CaseAnalysis.write` writes by default
FORMATS = ("pdf", "svg", "png", "csv", "tex", "html", "docx")
PARAGRAPH_FILE = "results_paragraph.txt"
NOTES_FILE = "notes.txt"
PROVENANCE_FILE = "provenance.json"
_LIBRARIES = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib")

#: apa_table options per report table (headers of the columns casekit's registry does not
#: name, and the main columns of the tables that would be too wide)
_TABLE_OPTIONS: dict[str, dict[str, Any]] = {
    "reliable_change": dict(headers={"pre_session": "Pre session",
                                     "post_session": "Post session",
                                     "source": "Reliable-change constants"}),
    "comparison": dict(headers={"kind": "Split", "rule": "Rule", "baseline": "Baseline",
                                "treatment": "Treatment", "definition": "Definition",
                                "reason": "Why"}),
    "effect_sizes": dict(headers={"variant": "Variant"}),
    "piecewise_regression": dict(
        main=("case", "term", "estimate", "se", "p_bootstrap"),
        headers={"p_bootstrap": "*p* (AR(1) bootstrap)"},
        note="*p* (AR(1) bootstrap): the calibrated test casekit recommends for one short "
             "series; the *t* test and its interval (supplementary columns) are liberal for "
             "short series."),
    "change_points": dict(headers={"method": "Method",
                                   "session": "Last session before the change"}),
    "descriptives": dict(headers={"first": "First score", "last": "Last score",
                                  "n_missing": "Missing"}),
}


def apa_tables(a: CaseAnalysis) -> dict[str, Table]:
    """The report tables of ``a`` as :class:`casekit.tables.Table` objects, by name."""
    out: dict[str, Table] = {}
    for name, res in a.tables.items():
        opts = dict(_TABLE_OPTIONS.get(name, {}))
        if name == "piecewise_regression" and "p_bootstrap" not in res.summary.columns:
            opts.pop("main"), opts.pop("note")
        out[name] = apa_table(res, **opts)
    return out


def _formats(formats: str | Sequence[str]) -> tuple[list[str], list[str]]:
    if isinstance(formats, str):
        formats = [formats]
    chosen = [check_option(f, "formats", FIGURE_FORMATS + TABLE_FORMATS) for f in formats]
    return ([f for f in chosen if f in FIGURE_FORMATS],
            [f for f in chosen if f in TABLE_FORMATS])


def _write_figures(a: CaseAnalysis, folder: Path, formats: list[str]) -> list[Path]:
    import matplotlib.pyplot as plt  # lazy: keeps `import casekit` light

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    log = Log()
    for name in a.figure_names:
        fig = a.figure(name)
        try:
            with log.capture(f"figure {name}"):
                written += save(fig, folder / name, formats=formats)
        finally:
            plt.close(fig)
    a.record_warnings(log.warnings)
    return written


def _notes_text(a: CaseAnalysis) -> str:
    lines = [f"Case analysis of {a.case} (casekit {__version__})"
             + (" - SIMULATED DATA" if a.simulated else ""), "", "Notes"]
    lines += [f"- {n}" for n in a.notes] or ["- none"]
    lines += ["", "Sections skipped"]
    lines += [f"- {k}: {v}" for k, v in a.skipped.items()] or ["- none"]
    lines += ["", "Warnings (stage, category: message)"]
    w = a.warnings
    assert w is not None  # set by analyze_case
    lines += [f"- {stage}, {category}: {message}" for stage, category, message in
              zip(w["stage"], w["category"], w["message"], strict=True)] or ["- none"]
    return "\n".join(lines) + "\n"


def _versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version(), "casekit": __version__}
    for lib in _LIBRARIES:
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            out[lib] = None
    return out


def _provenance(a: CaseAnalysis, outdir: Path, written: list[Path],
                formats: list[str]) -> dict[str, Any]:
    c = a.comparison
    return {
        "casekit_version": __version__,
        "case": a.case,
        "simulated": bool(a.simulated),
        "inputs": [{k: (None if v != v else v) for k, v in rec.items()}
                   for rec in a.data.sources.to_dict("records")],
        "options": {**a.options, "norms": a.norms, "formats": list(formats)},
        "seed": a.seed,
        "comparison": None if c is None else {"kind": c.kind, "rule": c.rule,
                                              "label": c.label, "reason": c.reason},
        "sections_skipped": dict(a.skipped),
        "versions": _versions(),
        "outputs": [{"file": p.relative_to(outdir).as_posix(), "sha256": sha256_of(p)}
                    for p in written],
    }


def write(a: CaseAnalysis, outdir: str | os.PathLike[str], *,
          formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write everything of the analysis ``a`` into ``outdir`` (see
    :meth:`casekit.case.CaseAnalysis.write`)."""
    fig_formats, table_formats = _formats(formats)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fig_formats:
        written += _write_figures(a, outdir / "figures", fig_formats)
    if table_formats and a.tables:
        written += write_tables(a.apa_tables(), outdir / "tables", formats=table_formats)
    for name, text in ((PARAGRAPH_FILE, a.paragraph() + "\n"), (NOTES_FILE, _notes_text(a))):
        path = outdir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    prov = outdir / PROVENANCE_FILE
    prov.write_text(json.dumps(_provenance(a, outdir, written, [*fig_formats,
                                                                  *table_formats]),
                               indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8", newline="\n")
    return [*written, prov]
