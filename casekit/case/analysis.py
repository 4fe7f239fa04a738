"""The case analysis as one library object: :func:`analyze_case` -> :class:`CaseAnalysis`."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._validate import make_rng
from ..datasets import CaseData
from ..exceptions import ArgumentError
from ..io import read_events, read_phases
from ..registry import Instrument
from ..results import Result
from ..validation import ValidationReport
from . import _write, figures, paragraph
from ._log import Log
from ._prepare import (
    Context,
    instrument_for,
    match_measure,
    score_ratings,
    settle_phases,
    validate_once,
    with_phases,
)
from ._sections import SECTIONS
from .comparison import ComparisonResult, choose_comparison
from .reading import InputSource, source_record

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..tables import Table

__all__ = ["analyze_case", "CaseAnalysis", "TABLE_ORDER"]

#: The report tables in the order a case paper presents them (those the data allow).
TABLE_ORDER = ("reliable_change", "session_reliable_change", "phase_summary", "comparison",
               "effect_sizes", "piecewise_regression", "change_points", "sudden_gains",
               "sudden_gains_by_person", "rupture_repair", "rupture_agreement",
               "changepoint_precedence", "lagged_precedence", "descriptives")
_PREP_STAGES = ("validation", "scoring", "phases", "comparison")


class CaseAnalysis(Result):
    """Every analysis of one case, with its notes, warnings, figures, paragraph and files.

    Returned by :func:`analyze_case`. The ``.summary`` lists the sections of the report:
    ``section``, ``status`` (``done`` / ``skipped``), ``tables`` (their names in
    :attr:`tables`) and ``reason`` (why a section was skipped).

    Attributes
    ----------
    case : str
        The case id.
    data : casekit.datasets.CaseData
        The input tables and their provenance (file names, checksums, validation report).
    validation : casekit.ValidationReport
        The report of validating ratings, events and phases together (once).
    scores : pandas.DataFrame
        Every score analysed: item rows scored with :func:`casekit.score`, score rows as
        given (an imported total beside its items counted once), with the phase of each
        session; ``origin`` is ``scored`` or ``imported``. Missing scores are kept as rows
        with NaN values (the analyses leave them out, with a note).
    phases : pandas.DataFrame or None
        The phase table used (given, or derived from a phase column as post hoc).
    events : pandas.DataFrame or None
        The events table.
    comparison : ComparisonResult or None
        The two periods compared (:func:`choose_comparison`); ``kind="none"`` when the data
        have no phases and no split event.
    tables : dict of str -> Result
        The report tables by name, in :data:`TABLE_ORDER`: ``reliable_change``,
        ``session_reliable_change``, ``phase_summary``, ``comparison``, ``effect_sizes``,
        ``piecewise_regression``, ``change_points``, ``sudden_gains``,
        ``sudden_gains_by_person``, ``rupture_repair``, ``rupture_agreement``,
        ``changepoint_precedence``, ``lagged_precedence``, ``descriptives`` (those the data
        allow).
    results : dict of str -> Result
        The individual results behind the combined tables, e.g.
        ``"bayes_changepoint/WAI-SR"``, ``"amoc/PHQ-9"``, ``"reliable_change/PHQ-9"``,
        ``"nap/PHQ-9"`` (the comparison), ``"nap/PHQ-9/P3"`` (a phase against the reference).
    skipped : dict of str -> str
        Sections not run, and why.
    warnings : pandas.DataFrame
        Every warning raised on the way, ``stage, category, message`` (validation, reading,
        and the analyses' own warnings); nothing reaches stderr.
    alliance_measure : str or None
        The measure label of the data used as the alliance (``None`` when absent).
    symptom_measure : str or None
        The measure label of the data used as the symptoms (``None`` when absent).
    instruments : dict of str -> Instrument or None
        The registry entry of each measure, with stated norms applied.
    norms : dict
        The norms stated by the caller, by measure (``norms=``).
    simulated : bool
        The data are simulated (a bundled teaching case): every figure and the paragraph say
        so.
    """

    case: str
    data: CaseData
    validation: ValidationReport
    scores: pd.DataFrame
    phases: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    comparison: ComparisonResult | None = None
    tables: dict[str, Result] = {}
    results: dict[str, Result] = {}
    skipped: dict[str, str] = {}
    warnings: pd.DataFrame | None = None
    alliance_measure: str | None = None
    symptom_measure: str | None = None
    instruments: dict[str, Instrument | None] = {}
    norms: dict[str, dict[str, Any]] = {}
    simulated: bool = False

    # -- access ----------------------------------------------------------------------------
    def table(self, name: str) -> Result:
        """One report table by name (the message lists the tables and the skipped
        sections)."""
        if name in self.tables:
            return self.tables[name]
        skipped = "; ".join(f"{k}: {v}" for k, v in self.skipped.items())
        raise KeyError(f"no table {name!r}; tables: {', '.join(self.tables) or 'none'}"
                       + (f" (skipped: {skipped})" if skipped else ""))

    def show(self, name: str) -> Result | Figure | None:
        """A table or figure of the report for display, or the reason it is missing.

        Parameters
        ----------
        name : str
            A table name (:data:`TABLE_ORDER`) or a figure name (:meth:`figure`).

        Returns
        -------
        Result, matplotlib.figure.Figure or None
            The table (displayed as the last expression of a notebook cell), the drawn
            figure, or ``None`` after printing why the section is not there (skipped, or
            not applicable to these data).
        """
        if name in self.tables:
            return self.tables[name]
        if name in figures.FIGURES:
            if name in self.figure_names:
                return self.figure(name)
            print(f"Figure {name!r} not drawn: {figures.unavailable(self, name)}.")
            return None
        if name not in TABLE_ORDER:
            raise KeyError(f"no table or figure {name!r}; tables: {', '.join(TABLE_ORDER)}; "
                           f"figures: {', '.join(figures.FIGURES)}")
        section = _section_of(name)
        reason = self.skipped.get(section, "not applicable to these data")
        print(f"Table {name!r} not made: {reason}.")
        return None

    @property
    def figure_names(self) -> list[str]:
        """The figures the data allow, in report order (see :meth:`figure`)."""
        return figures.available(self)

    def figure(self, name: str, **options: Any) -> Figure:
        """Draw one figure of the report.

        Parameters
        ----------
        name : {"series", "changepoints", "ruptures", "gains", "jacobson"}
            ``series``: the alliance and symptom series (or the one there is) with phases,
            noted events and the symptom cutoff; ``changepoints``: each series with its
            change point beside the posterior of the change location; ``ruptures``: the
            alliance with the episodes of each criterion and the noted ruptures; ``gains``:
            the symptom series with each sudden gain; ``jacobson``: last against first
            score of the symptom measure (else the first measure with reliable change).
        **options
            Passed to the :mod:`casekit.plot` function that draws it (e.g. ``events=`` a
            table of the events to mark).

        Returns
        -------
        matplotlib.figure.Figure
            With the simulation notice as its title when the data are simulated.
        """
        log = Log()
        with log.capture(f"figure {name}"):
            fig = figures.draw(self, name, **options)
        self.record_warnings(log.warnings)
        return fig

    def record_warnings(self, found: pd.DataFrame) -> None:
        """Add warnings (``stage, category, message``) raised after the analysis, e.g.
        while drawing or writing, to :attr:`warnings` (once each)."""
        if len(found):
            self.warnings = pd.concat([self.warnings, found], ignore_index=True) \
                .drop_duplicates(ignore_index=True)

    def figures(self) -> dict[str, Figure]:
        """Every figure the data allow: ``{name: Figure}`` in report order."""
        return {name: self.figure(name) for name in self.figure_names}

    def figure_caption(self, name: str) -> str:
        """The caption of a figure, in words (APA style, without the "Figure n." label)."""
        return figures.caption(self, name)

    def paragraph(self) -> str:
        """The results paragraph, in APA style, built from the typed results (see
        :func:`casekit.case.paragraph.results_paragraph`)."""
        return paragraph.results_paragraph(self)

    def apa_tables(self) -> dict[str, Table]:
        """The report tables as APA 7 tables (:class:`casekit.tables.Table`) by name."""
        return _write.apa_tables(self)

    def write(self, outdir: str | os.PathLike[str], *,
              formats: Sequence[str] = _write.FORMATS) -> list[Path]:
        """Write figures, tables, the paragraph, the notes and the provenance to ``outdir``.

        Parameters
        ----------
        outdir : str or path-like
            Folder (created if needed).
        formats : sequence of str
            Figure formats among ``pdf``, ``svg``, ``png``, ``tiff`` and table formats among
            ``csv``, ``tex``, ``html``, ``docx`` (default: all but ``tiff``).

        Returns
        -------
        list of pathlib.Path
            Every file written: ``figures/<name>.<ext>``, ``tables/<name>.csv`` (+
            ``README-csv.txt``), ``tables/<name>.tex``, ``tables/tables.html``,
            ``tables/tables.docx``, ``results_paragraph.txt``, ``notes.txt`` and
            ``provenance.json`` (casekit and library versions, input file names without
            folders and their SHA-256 checksums, options, seed, and the checksum of every
            file written). A second run writes byte-identical files.
        """
        return _write.write(self, outdir, formats=formats)

    # -- display -----------------------------------------------------------------------------
    def to_text(self, decimals: int | None = None) -> str:
        lines = [super().to_text(decimals)]
        if self.warnings is not None and len(self.warnings):
            lines.append(f"warnings: {len(self.warnings)} (see .warnings)")
        return "\n".join(lines)


def _as_frame(source: InputSource | None, reader: Callable[..., pd.DataFrame], case: str,
              name: str) -> pd.DataFrame | None:
    if source is None or isinstance(source, pd.DataFrame):
        return source
    if isinstance(source, (str, os.PathLike)):
        return reader(source, case=case, validate=False, warn=False)
    raise TypeError(f"{name} must be a DataFrame or a file path; got {type(source).__name__}")


def _as_case_data(case: CaseData | pd.DataFrame, events: InputSource | None,
                  phases: InputSource | None) -> CaseData:
    """The input as CaseData (events/phases given here replace those of a CaseData)."""
    if isinstance(case, CaseData):
        if events is None and phases is None:
            return case
        ev = _as_frame(events, read_events, case.case, "events")
        ph = _as_frame(phases, read_phases, case.case, "phases")
        tables = dict(case.tables)
        sources: list[Mapping[Any, Any]] = list(case.sources.to_dict("records"))
        for name, table, src in (("events", ev, events), ("phases", ph, phases)):
            if table is not None:
                assert src is not None  # the table was read from it
                tables[name] = table
                sources = [s for s in sources if s["table"] != name] + \
                    [source_record(name, src)]
        return CaseData(case.case, tables, case.card, case.entries, validation=None,
                        sources=sources, simulated=case.simulated)
    if not isinstance(case, pd.DataFrame):
        raise TypeError("case must be a CaseData (casekit.read_case, "
                        "casekit.datasets.load_case) or a tidy ratings DataFrame; got "
                        f"{type(case).__name__}")
    if "case" not in case.columns or case["case"].astype(str).nunique() != 1:
        found = sorted(case["case"].astype(str).unique()) if "case" in case.columns else []
        raise ArgumentError("a ratings table for analyze_case must hold one case in a case "
                            f"column (found {found or 'no case column'}); read it with "
                            "casekit.read_case(..., case=) first", argument="case")
    case_id = str(case["case"].iloc[0])
    ev = _as_frame(events, read_events, case_id, "events")
    ph = _as_frame(phases, read_phases, case_id, "phases")
    tables = {k: v for k, v in (("ratings", case), ("events", ev), ("phases", ph))
              if v is not None}
    sources = [source_record(k, src) for k, src in
               (("ratings", case), ("events", events), ("phases", phases)) if src is not None]
    simulated = bool(case.attrs.get("casekit", {}).get("dataset", {}).get("simulated", False))
    return CaseData(case_id, tables, sources=sources, simulated=simulated)


def _check_norms(norms: Mapping[str, Mapping[str, Any]] | None) -> dict[str, dict[str, Any]]:
    if norms is None:
        return {}
    if not isinstance(norms, Mapping) or not all(isinstance(v, Mapping)
                                                 for v in norms.values()):
        raise ArgumentError("norms must map a measure to its stated norms, e.g. "
                            "{'WAI-SR': {'sd': 8.0, 'reliability': 0.91, 'source': '...'}}",
                            argument="norms")
    return {str(k): dict(v) for k, v in norms.items()}


def _roles(measures: list[str], alliance_measure: str | None, symptom_measure: str | None,
           log: Log) -> list[str | None]:
    out: list[str | None] = []
    for role, label in (("alliance", alliance_measure), ("symptom", symptom_measure)):
        found = match_measure(label, measures)
        if found is not None and found != label:
            log.note(f"{role} measure: {label!r} is {found!r} in the data")
        if found is None and label is not None:
            log.note(f"no {label} scores: the {role} analyses are skipped")
        out.append(found)
    return out


def analyze_case(case: CaseData | pd.DataFrame, *, events: InputSource | None = None,
                 phases: InputSource | None = None, alliance_measure: str | None = "WAI-SR",
                 symptom_measure: str | None = "PHQ-9", baseline_phase: str | None = None,
                 treatment_phase: str | None = None,
                 norms: Mapping[str, Mapping[str, Any]] | None = None,
                 seed: int | None = 20240601,
                 progress: bool | Callable[[str], None] | None = None) -> CaseAnalysis:
    """Analyse one case as a case paper reports it: every table, figure and the paragraph.

    The stages, each reported on one line to ``progress``:

    1. **validation**: ratings, events and phases checked together by
       :func:`casekit.validate`, once (a :class:`~casekit.datasets.CaseData` validated by
       :func:`casekit.read_case` or :func:`~casekit.datasets.load_case` is not checked
       again). Problems raise one :class:`casekit.CaseDataError`; warnings are kept.
    2. **scoring**: item rows scored with :func:`casekit.score` (registry keys, reverse
       items, missing-item rules); score rows kept as given; an imported total beside its
       items counted once.
    3. **phases**: the phase table, else one derived from a phase column (read as post hoc).
    4. **comparison**: the two periods compared, by the rule of :func:`choose_comparison`
       (or ``baseline_phase`` / ``treatment_phase``), counting the symptom scores.
    5. the sections: **reliable change** (first against last score of every measure the
       registry has constants for; Jacobson & Truax 1991; the symptom series session by
       session), **phase summary** (n, *M*, *SD*, slope per phase; NAP and Tau-U of each
       later phase against the reference phase), **effect sizes** of the comparison (NAP;
       Tau-U in its unbounded and bounded variants), **piecewise regression** at the
       comparison (AR(1) errors, parametric-bootstrap test), **change points** (Bayesian
       posterior and AMOC per series, on session numbers), **sudden gains** (Tang &
       DeRubeis criteria; by person), **rupture-repair** episodes under two criteria and
       their agreement with the noted ruptures, **precedence** (the posterior comparison
       and the lagged test, both directions) and **descriptives**.

    A section whose measure or table is missing is skipped with the reason
    (:attr:`CaseAnalysis.skipped`); a missed session is left out of the series, never
    filled in, and every location is a session number.

    Parameters
    ----------
    case : CaseData or pandas.DataFrame
        The case (:func:`casekit.read_case`, :func:`casekit.datasets.load_case`) or its tidy
        ratings (one case).
    events, phases : pandas.DataFrame or path, optional
        Events and phase tables; with a CaseData they replace its own (and the tables are
        validated again).
    alliance_measure, symptom_measure : str or None
        Measure labels of the two roles (an instrument name matches its label in the data:
        ``"PHQ-9"`` finds ``"PHQ9"``). ``None`` or absent: those analyses are skipped.
    baseline_phase, treatment_phase : str, optional
        The comparison, instead of the rule of :func:`choose_comparison`.
    norms : mapping, optional
        Stated norms per measure, for instruments without published reliable-change
        constants (or to replace them): ``{"WAI-SR": {"sd": 8.0, "reliability": 0.91,
        "source": "..."}}``; keys ``sd`` and ``reliability``, or ``rci`` (points), and
        ``cutoff`` (a number or the name of a registry cutoff) and ``source``. Stated norms
        are flagged as stated in the tables and notes.
    seed : int or None
        Seed of every resampling step (bootstrap, surrogates); ``None`` draws one and
        records it.
    progress : callable, bool or None
        ``True`` prints one line per stage; a callable receives each line.

    Returns
    -------
    CaseAnalysis

    Raises
    ------
    casekit.CaseDataError
        The tables have problems (all listed, with their places in the source files).
    casekit.ArgumentError
        An option that does not fit the data (phase labels, norms, several cases).

    See Also
    --------
    casekit.read_case : read an author's files.
    choose_comparison : the rule that picks the comparison.
    casekit.case.paragraph.results_paragraph : the paragraph.

    Examples
    --------
    >>> import casekit
    >>> case = casekit.datasets.load_case("SIM-NPD-01")
    >>> analysis = casekit.analyze_case(case)            # doctest: +SKIP
    >>> analysis.comparison.label                        # doctest: +SKIP
    'sessions 1–18 (up to the contract agreed event) vs sessions 19–44'
    """
    if isinstance(seed, bool) or (seed is not None and not isinstance(seed, int)):
        raise TypeError(f"seed must be a non-negative integer or None; got {seed!r}")
    seed = make_rng(seed)[1]
    norms = _check_norms(norms)
    log = Log(progress, stages=len(_PREP_STAGES) + len(SECTIONS))
    data = _as_case_data(case, events, phases)
    ctx = _prepare(data, log, alliance_measure, symptom_measure, norms, seed)
    with log.stage("comparison", catch=False) as st:
        ctx.comparison = choose_comparison(
            ctx.scores, phases=ctx.phases, events=ctx.events, measure=ctx.symptoms,
            baseline_phase=baseline_phase, treatment_phase=treatment_phase)
        if ctx.comparison.kind != "none":
            log.note(f"comparison: {ctx.comparison.label} ({ctx.comparison.reason})")
        st["summary"] = ctx.comparison.label or ctx.comparison.reason
    for stage, section, func in SECTIONS:
        with log.stage(stage, section) as st:
            st["summary"] = func(ctx)
    return _build(ctx, data, log, options=dict(
        alliance_measure=alliance_measure, symptom_measure=symptom_measure,
        baseline_phase=baseline_phase, treatment_phase=treatment_phase, seed=seed))


def _prepare(data: CaseData, log: Log, alliance_measure: str | None,
             symptom_measure: str | None, norms: dict[str, dict[str, Any]],
             seed: int | None) -> Context:
    with log.stage("validation", catch=False) as st:
        report, fresh = validate_once(data, log)
        for rec in report.warnings.to_dict("records"):
            where = rec.get("where")
            text = rec.get("problem") or ""
            log.warn("validation", str(rec.get("warning") or "CaseDataWarning"),
                     f"{where}: {text}" if isinstance(where, str) and where else text)
        st["summary"] = (f"{report.n_problems} problems, {report.n_warnings} warnings"
                         + ("" if fresh else " (validated when read)"))
    with log.stage("scoring", catch=False) as st:
        scores = score_ratings(data.ratings, log)
        st["summary"] = f"{scores['measure'].nunique()} measures"
    with log.stage("phases", catch=False) as st:
        phases = settle_phases(data.ratings, data.phases, log)
        scores = with_phases(scores, phases)
        st["summary"] = (", ".join(phases["phase"].astype(str)) if phases is not None
                         else "none")
    measures = sorted(scores.loc[scores["scale"] == "total", "measure"].astype(str).unique())
    alliance, symptoms = _roles(measures, alliance_measure, symptom_measure, log)
    instruments: dict[str, Instrument | None] = {}
    used: dict[str, dict[str, Any]] = {}
    for m in measures:
        instruments[m], stated = instrument_for(m, norms, log)
        if stated is not None:
            used[m] = stated
    for m in sorted(set(norms) - set(measures)):
        log.note(f"norms given for {m!r}, which has no total scores: not used")
    events = data.events if data.events is not None and len(data.events) else None
    return Context(case=data.case, ratings=data.ratings, events=events, phases=phases,
                   scores=scores, alliance=alliance, symptoms=symptoms,
                   instruments=instruments, norms_used=used, seed=seed, log=log,
                   validation=report)


def _build(ctx: Context, data: CaseData, log: Log, options: dict[str, Any]) -> CaseAnalysis:
    tables = {name: ctx.tables[name] for name in TABLE_ORDER if name in ctx.tables}
    rows = []
    for _, section, _ in SECTIONS:
        made = [n for n in tables if _section_of(n) == section]
        rows.append({"section": section, "status": "skipped" if section in log.skipped
                     else "done", "tables": ", ".join(made),
                     "reason": log.skipped.get(section, "")})
    return CaseAnalysis(
        pd.DataFrame(rows), method="Case analysis (casekit.analyze_case)",
        title=f"Case analysis of {ctx.case}" + (" (SIMULATED DATA)" if data.simulated else ""),
        options=options, seed=ctx.seed, notes=list(log.notes),
        variant="validation, scoring, comparison rule, and the analyses of a case report",
        case=ctx.case, data=data, validation=ctx.validation, scores=ctx.scores,
        phases=ctx.phases, events=ctx.events, comparison=ctx.comparison, tables=tables,
        results=dict(ctx.results), skipped=dict(log.skipped), warnings=log.warnings,
        alliance_measure=ctx.alliance, symptom_measure=ctx.symptoms,
        instruments=dict(ctx.instruments), norms=dict(ctx.norms_used),
        simulated=bool(data.simulated))


_SECTION_OF = {"session_reliable_change": "reliable_change", "comparison": "effect_sizes",
               "sudden_gains_by_person": "sudden_gains", "rupture_agreement": "rupture_repair",
               "changepoint_precedence": "precedence", "lagged_precedence": "precedence"}


def _section_of(table: str) -> str:
    return _SECTION_OF.get(table, table)
