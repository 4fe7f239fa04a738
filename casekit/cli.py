"""Command line: ``casekit validate DATA`` and ``casekit report DATA -o OUTDIR``.

``validate`` reads a data file (and its events and phase tables), and prints the number of
problems and warnings and the first ``--max-problems`` of them, each at its place in the file
as a spreadsheet shows it; ``--problems FILE.csv`` writes them all.

``report`` reads and validates the case once (:func:`casekit.read_case`), analyses it with the
library's case pipeline (:func:`casekit.analyze_case`, the same code the template and the
case-study notebooks call) and writes figures, APA tables, the results paragraph, notes,
provenance and a shareable ``report.html`` into OUTDIR. No notebook is executed: the report is
built from the :class:`~casekit.case.CaseAnalysis` directly, which is faster (no kernel start),
leaves no kernel temporary folder behind, and can hold no code cell, stderr box or absolute
path. The report is built in a hidden sibling folder and moved into place only when complete;
``--force`` replaces only a folder an earlier ``casekit report`` wrote (see
:mod:`casekit._outdir`).

Exit status: 0 success; 1 ``validate`` found problems; 2 a data, option or output-folder
problem (nothing written); 3 the analysis failed unexpectedly; 130 interrupted (Ctrl-C);
143 terminated (SIGTERM); 141 the output pipe was closed (``| head``). No Python traceback is printed (set ``CASEKIT_TRACEBACK=1`` to see
one for an unexpected error).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import pandas as pd

    from .case import CaseAnalysis
    from .exceptions import CaseDataError

EPILOG = """\
examples:
  casekit validate sessions.csv
  casekit validate sessions.csv --events events.csv --phases phases.csv
  casekit validate export.xlsx --spec spec.toml --case C01 --problems problems.csv
  casekit validate redcap.csv --spec redcap.toml
  casekit report sessions.csv --events events.csv --phases phases.csv -o report
  casekit report export.xlsx --spec spec.toml --case C01 -o report-C01 --format html,png,csv
  casekit report redcap.csv --spec redcap.toml -o report-101 --format html,csv,docx

The data file holds session ratings: long (one row per case/session/measure[/item]) or wide
(one row per session, one column per measure or item, mapped by a --spec file). See
docs/data-format.md for the formats and the spec keys, docs/command-line.md for every option.
exit status: 0 ok, 1 validate found problems, 2 data/option/output problem (nothing written),
3 the analysis failed, 130 interrupted, 143 terminated.
"""

#: Output formats of ``report --format``: ``html`` is report.html (and tables/tables.html),
#: the figure formats and the table formats are those of :meth:`CaseAnalysis.write`.
OUTPUT_FORMATS = ("html", "pdf", "svg", "png", "tiff", "csv", "tex", "docx")
DEFAULT_FORMATS = ("html", "pdf", "svg", "png", "csv", "tex", "docx")
INPUT_FORMATS = ("csv", "excel", "spss", "redcap")
DEFAULT_SEED = 20240601
DEFAULT_MAX_PROBLEMS = 50

#: How a reading or analysis option (named ``name=`` in casekit's messages) is set on the
#: command line: a flag, or a key of the --spec file (docs/data-format.md).
CLI_WORDS = {
    "format": "--input-format",
    "layout": "--layout",
    "case": "--case",
    "sheet": "--sheet",
    "sep": "--sep",
    "decimal": "--decimal",
    "header_row": "--header-row",
    "skip_rows": "--skip-rows",
    "date_format": "--date-format",
    "measures": "the spec key measures (in the --spec file)",
    "pattern": "the spec key pattern (in the --spec file)",
    "columns": "the spec key columns (in the --spec file)",
    "encoding": "the spec key encoding (in the --spec file)",
    "sentinels": "the spec key sentinels (in the --spec file)",
    "na_values": "the spec key na_values (in the --spec file)",
    "event_map": "the spec key event_map (in the --spec file)",
    "event_pattern": "the spec key event_pattern (in the --spec file)",
    "empty_blocks": "the spec key empty_blocks (in the --spec file)",
    "spec": "--spec",
    "events": "--events",
    "phases": "--phases",
    "baseline_phase": "--baseline-phase",
    "treatment_phase": "--treatment-phase",
    "alliance_measure": "--alliance",
    "symptom_measure": "--symptoms",
    "norms": "--alliance-sd and --alliance-reliability",
    "seed": "--seed",
}


class CliError(Exception):
    """An error to print as ``casekit: <message>`` with exit status ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class _Terminated(BaseException):
    """SIGTERM, raised in the main thread so that clean-up code runs."""


def say(text: object) -> str:
    """A casekit message in command-line words: ``date_format=`` -> ``--date-format``...

    Uses :func:`casekit.exceptions.rephrase`; "given both in spec and as arguments" and
    "the .problems table" are said the command line's way too.
    """
    from .exceptions import rephrase

    said = rephrase(str(text), CLI_WORDS)
    said = said.replace("given both in spec and as arguments",
                        "given both in the --spec file and as a flag (keep one)")
    said = said.replace("see the .problems table", "write them all with --problems FILE.csv")
    return said


# -- options ---------------------------------------------------------------------------------

def _load_spec(path: str) -> dict[str, Any]:
    """The --spec file, read by the library's loader; its messages in the flag's words."""
    from .exceptions import ArgumentError
    from .io._spec import load_spec

    p = Path(path)
    if not p.is_file():
        raise CliError(f"--spec {path}: no such file")
    try:
        return load_spec(p)
    except ArgumentError as exc:
        raise CliError(str(exc).replace(f"spec file {p.name!r}", f"--spec {p.name}")
                       .replace("a spec file must be", "--spec must be")) from None


def _read_options(args: argparse.Namespace) -> dict[str, Any]:
    """The reading options of the flags (and --spec), as read_sessions arguments."""
    opts: dict[str, Any] = {}
    if args.input_format:
        opts["format"] = args.input_format
    if args.layout:
        opts["layout"] = args.layout
    if args.spec:
        opts["spec"] = _load_spec(args.spec)
    if args.sheet is not None:  # "2" is the third sheet, any other text a sheet name
        opts["sheet"] = int(args.sheet) if args.sheet.isdigit() else args.sheet
    for name in ("sep", "decimal", "date_format", "header_row", "skip_rows"):
        value = getattr(args, name)
        if value is not None:
            opts[name] = value
    return opts


def _alliance_norms(args: argparse.Namespace) -> dict[str, float | str] | None:
    """Stated norms for the alliance measure's RCI (``--alliance-sd``/``--alliance-reliability``)."""
    if args.alliance_sd is None and args.alliance_reliability is None:
        return None
    if args.alliance_sd is None or args.alliance_reliability is None:
        raise CliError("--alliance-sd and --alliance-reliability go together")
    if not args.alliance_sd > 0 or not 0 < args.alliance_reliability < 1:
        raise CliError("--alliance-sd must be > 0 and --alliance-reliability strictly "
                       "between 0 and 1")
    return {"sd": args.alliance_sd, "reliability": args.alliance_reliability,
            "source": args.alliance_norms_source or "stated on the command line"}


def _formats(text: str) -> list[str]:
    chosen = [f.strip().lower() for f in text.split(",") if f.strip()]
    if chosen == ["all"]:
        return list(OUTPUT_FORMATS)
    bad = [f for f in chosen if f not in OUTPUT_FORMATS]
    if bad and set(bad) <= set(INPUT_FORMATS) - set(OUTPUT_FORMATS):
        raise CliError(f"--format chooses the outputs ({', '.join(OUTPUT_FORMATS)}); the "
                       f"file format of the data is --input-format {bad[0]}")
    if bad or not chosen:
        raise CliError(f"--format: {', '.join(bad) or 'nothing'} is not an output format; "
                       f"choose among {', '.join(OUTPUT_FORMATS)} (comma-separated) or all")
    return [f for f in OUTPUT_FORMATS if f in chosen]


# -- problems --------------------------------------------------------------------------------

def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v)


def _place(rec: Mapping[Hashable, Any]) -> str:
    """Where a problem is, as the user sees it (file, sheet, row, column) or in the table."""
    where = rec.get("where")
    if isinstance(where, str) and where:
        return where
    parts: list[str] = []
    if not _blank(rec.get("row")):
        parts.append(f"row {rec['row']}")
    if not _blank(rec.get("column")):
        parts.append(f"column {rec['column']!r}")
    return ", ".join(parts)


def problem_table(problems: pd.DataFrame | None, warnings_: pd.DataFrame | None = None,
                  extra_warnings: Sequence[str] = ()) -> pd.DataFrame:
    """Problems and warnings as one table in command-line words: ``severity, table, where,
    value, problem`` (plus ``file, sheet, source_row, source_column`` when known)."""
    import pandas as pd

    frames: list[pd.DataFrame] = []
    for severity, frame in (("error", problems), ("warning", warnings_)):
        if frame is None or not len(frame):
            continue
        f = pd.DataFrame(frame).copy()
        f.insert(0, "severity", severity)
        frames.append(f)
    if extra_warnings:
        frames.append(pd.DataFrame([{"severity": "warning", "table": "reading",
                                     "problem": text} for text in extra_warnings]))
    cols = ["severity", "table", "where", "file", "sheet", "source_row", "source_column",
            "row", "column", "value", "problem"]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True).reindex(columns=cols)
    out["where"] = [_place(r) for r in out.to_dict("records")]
    out["problem"] = [say(p) if isinstance(p, str) else p for p in out["problem"]]
    return out.astype(object).where(out.notna(), None)


def _said(value: object, problem: str) -> bool:
    """The value is blank or the problem's sentence already quotes it."""
    if _blank(value):
        return True
    forms = {str(value), repr(value)}
    if isinstance(value, float) and value.is_integer():
        forms.add(str(int(value)))
    return any(f in problem for f in forms)


def _line(rec: Mapping[Hashable, Any]) -> str:
    table = rec.get("table") if isinstance(rec.get("table"), str) else ""
    where = rec["where"] or "(whole table)"
    value = "" if _said(rec.get("value"), str(rec["problem"])) else f" (value {rec['value']!r})"
    return f"  {rec['severity']:<7} {table:<8} {where}: {rec['problem']}{value}"


def print_problems(table: pd.DataFrame, *, title: str, max_problems: int,
                   problems_file: str | None, stream: TextIO) -> None:
    """A title with the counts, then the first ``max_problems`` problems and warnings."""
    print(title, file=stream)
    n = len(table)
    shown = table.head(max_problems).to_dict("records") if max_problems > 0 else []
    for rec in shown:
        print(_line(rec), file=stream)
    if n > len(shown):
        hint = (f"all are in {Path(problems_file).name}" if problems_file
                else "write them all with --problems FILE.csv")
        print(f"  ... {n - len(shown)} more not shown (--max-problems {max_problems}); "
              f"{hint}", file=stream)


def write_problems(table: pd.DataFrame, path: str) -> None:
    """The full problems table as CSV (formula-like text neutralised)."""
    from .tables import write_csv

    target = Path(path)
    if target.is_dir():
        raise CliError(f"--problems {path} is a folder; give a file name, e.g. problems.csv")
    try:
        write_csv(table, target, readme=False)
    except OSError as exc:
        raise CliError(f"--problems {path}: cannot write ({exc.strerror or exc})") from None


def _title(status: str, table: pd.DataFrame) -> str:
    n_p = int((table["severity"] == "error").sum())
    n_w = int((table["severity"] == "warning").sum())
    return (f"Validation {status}: {n_p} problem{'s' if n_p != 1 else ''}, "
            f"{n_w} warning{'s' if n_w != 1 else ''}")


_DEVELOPER_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)


def _caught_texts(caught: Sequence[warnings.WarningMessage]) -> list[str]:
    """Python warnings caught while reading, as text (casekit collects its own; warnings
    meant for developers, such as a library's deprecations, are left out)."""
    return [f"{w.category.__name__}: {w.message}" for w in caught
            if not issubclass(w.category, _DEVELOPER_WARNINGS)]


# -- validate --------------------------------------------------------------------------------

def _check_input(flag: str, source: str) -> None:
    path = Path(source)
    if not path.exists():
        raise CliError(f"{flag} {source}: no such file")
    if path.is_dir():
        raise CliError(f"{flag} {source} is a folder; give the data file in it")


def _read(reader: Callable[..., pd.DataFrame], table: str, source: str,
          problems: list[pd.DataFrame], **options: Any) -> pd.DataFrame | None:
    from .exceptions import CaseDataError, CaseFileError

    _check_input({"ratings": "DATA", "events": "--events", "phases": "--phases"}[table],
                 source)
    try:
        return reader(source, validate=False, warn=False, **options)
    except CaseFileError as exc:
        raise CliError(say(exc)) from None
    except CaseDataError as exc:
        found = exc.problems.copy()
        found["table"] = found["table"].fillna(table) if "table" in found else table
        problems.append(found)
        return None
    except (ValueError, TypeError) as exc:  # ArgumentError: an option that does not fit
        raise CliError(f"{Path(source).name}: {say(exc)}") from None


def cmd_validate(args: argparse.Namespace, caught: Sequence[warnings.WarningMessage]) -> int:
    import pandas as pd

    from . import io
    from .validation import validate

    opts = _read_options(args)
    case = args.case
    problems: list[pd.DataFrame] = []
    ratings = _read(io.read_sessions, "ratings", args.data, problems, case=case, **opts)
    events = (_read(io.read_events, "events", args.events, problems, case=case)
              if args.events else None)
    phases = (_read(io.read_phases, "phases", args.phases, problems, case=case)
              if args.phases else None)
    if problems:
        table = problem_table(pd.concat(problems, ignore_index=True), None,
                              _caught_texts(caught))
    else:
        assert ratings is not None  # _read returns None only after adding problems
        report = validate(ratings, events=events, phases=phases, raise_on_error=False,
                          warn=False)
        table = problem_table(report.problems, report.warnings, _caught_texts(caught))
    ok = not (table["severity"] == "error").any()
    print_problems(table, title=_title("OK" if ok else "FAILED", table),
                   max_problems=args.max_problems, problems_file=args.problems,
                   stream=sys.stdout)
    if args.problems:
        write_problems(table, args.problems)
        print(f"wrote {len(table)} problems and warnings to {args.problems}")
    return 0 if ok else 1


# -- report ----------------------------------------------------------------------------------

def _check_phase_options(args: argparse.Namespace, ratings: pd.DataFrame,
                         phases: pd.DataFrame | None) -> None:
    """``--baseline-phase``/``--treatment-phase`` must name phases of the data."""
    if phases is not None:
        labels = [str(p) for p in phases["phase"].dropna().unique()]
    elif "phase" in ratings.columns:
        labels = [str(p) for p in ratings["phase"].dropna().unique()]
    else:
        labels = []
    for option, value in (("--baseline-phase", args.baseline_phase),
                          ("--treatment-phase", args.treatment_phase)):
        if value is not None and value not in labels:
            valid = ", ".join(labels) if labels else "none (no --phases table or phase column)"
            raise CliError(f"{option} {value!r} is not a phase of the data; phases: {valid}; "
                           "nothing was written")


class _Progress:
    """One line per stage on stderr (``-q``: none)."""

    def __init__(self, quiet: bool, total: int) -> None:
        self.quiet, self.total, self.step = quiet, total, 0

    def stage(self, text: str) -> None:
        self.step += 1
        self.line(f"[{self.step}/{self.total}] {text}")

    def line(self, text: str) -> None:
        if not self.quiet:
            print(text, file=sys.stderr, flush=True)

    def analysis(self, text: str) -> None:
        self.line(f"      {text}")


def _code(args: argparse.Namespace, formats: Sequence[str]) -> str:
    """Python that reproduces the report (file names as given on the command line)."""
    read = [repr(args.data)]
    for name in ("events", "phases", "case"):
        if getattr(args, name):
            read.append(f"{name}={getattr(args, name)!r}")
    lines = ["import casekit"]
    if args.spec:
        loader = {".toml": "tomllib.load(open({!r}, 'rb'))",
                  ".json": "json.load(open({!r}, encoding='utf-8'))"}.get(
            Path(args.spec).suffix.lower(), "yaml.safe_load(open({!r}, encoding='utf-8'))")
        module = loader.split(".")[0]
        lines = [f"import {module}", *lines, "", f"spec = {loader.format(args.spec)}"]
        read.append("spec=spec")
    opts = {k: v for k, v in _read_options_plain(args).items()}
    read += [f"{k}={v!r}" for k, v in opts.items()]
    norms = _alliance_norms(args)
    analysis = [f"alliance_measure={args.alliance!r}", f"symptom_measure={args.symptoms!r}",
                f"seed={args.seed!r}"]
    if args.baseline_phase:
        analysis.append(f"baseline_phase={args.baseline_phase!r}")
    if args.treatment_phase:
        analysis.append(f"treatment_phase={args.treatment_phase!r}")
    if norms:
        analysis.append(f"norms={{{args.alliance!r}: {norms!r}}}")
    figs_tables = [f for f in formats if f != "html" or len(formats) == 1] or ["html"]
    return "\n".join([*lines, "", f"case = casekit.read_case({', '.join(read)})",
                      f"analysis = casekit.analyze_case(case, {', '.join(analysis)})",
                      "print(analysis.paragraph())",
                      f"analysis.write('report', formats={figs_tables!r})", ""])


def _read_options_plain(args: argparse.Namespace) -> dict[str, Any]:
    """The flags that are reading options (not --spec, --case), for the code section."""
    opts: dict[str, Any] = {}
    if args.input_format:
        opts["format"] = args.input_format
    for name in ("layout", "sep", "decimal", "date_format", "header_row", "skip_rows"):
        if getattr(args, name) is not None:
            opts[name] = getattr(args, name)
    if args.sheet is not None:
        opts["sheet"] = int(args.sheet) if args.sheet.isdigit() else args.sheet
    return opts


def _recorded_options(args: argparse.Namespace, formats: Sequence[str]) -> dict[str, Any]:
    """The options of the run as the provenance records them (file names, no folders)."""
    def name(p: str | None) -> str | None:
        return None if p is None else Path(p).name
    return {"data": name(args.data), "events": name(args.events), "phases": name(args.phases),
            "spec": name(args.spec), "case": args.case, "input_format": args.input_format,
            "read_options": _read_options_plain(args), "alliance": args.alliance,
            "symptoms": args.symptoms, "baseline_phase": args.baseline_phase,
            "treatment_phase": args.treatment_phase, "alliance_norms": _alliance_norms(args),
            "seed": args.seed, "formats": list(formats), "show_code": args.show_code}


def _report_date() -> str:
    """Today (UTC), or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
    return _dt.datetime.now(_dt.UTC).date().isoformat()


def cmd_report(args: argparse.Namespace, caught: Sequence[warnings.WarningMessage]) -> int:
    from . import __version__
    from ._outdir import OutputError, check_outdir, staging, write_manifest
    from .case import analyze_case, read_case
    from .exceptions import ArgumentError, CaseDataError, CaseFileError

    formats = _formats(args.format)
    norms = _alliance_norms(args)  # option errors before any work
    inputs = [args.data, args.events, args.phases, args.spec, args.problems]
    try:
        outdir = check_outdir(args.output, inputs=inputs, force=args.force)
    except OutputError as exc:
        raise CliError(f"{exc}; nothing was written") from None
    progress = _Progress(args.quiet, total=4)
    for flag, path in (("DATA", args.data), ("--events", args.events),
                       ("--phases", args.phases)):
        if path is not None:
            try:
                _check_input(flag, path)
            except CliError as exc:
                raise CliError(f"{exc}; nothing was written") from None
    named = ", ".join(Path(p).name for p in (args.data, args.events, args.phases) if p)
    progress.stage(f"reading and validating {named}")
    opts = _read_options(args)
    try:
        case = read_case(args.data, events=args.events, phases=args.phases, case=args.case,
                         **opts)
    except CaseFileError as exc:
        raise CliError(f"{say(exc)}; nothing was written") from None
    except CaseDataError as exc:
        return _refuse_data(args, exc, caught)
    except (ArgumentError, ValueError, TypeError) as exc:
        raise CliError(f"{say(exc)}; nothing was written") from None
    _check_phase_options(args, case.ratings, case.phases)
    if args.problems:  # no problems: the warnings, so that the file exists on every path
        assert case.validation is not None  # read_case always validates
        table = problem_table(None, case.validation.warnings, _caught_texts(caught))
        write_problems(table, args.problems)

    progress.stage("analysing the case")
    try:
        analysis = analyze_case(
            case, alliance_measure=args.alliance, symptom_measure=args.symptoms,
            baseline_phase=args.baseline_phase, treatment_phase=args.treatment_phase,
            norms=None if norms is None else {args.alliance: norms}, seed=args.seed,
            progress=progress.analysis)
    except CaseDataError as exc:
        return _refuse_data(args, exc, caught)
    except ArgumentError as exc:
        raise CliError(f"{say(exc)}; nothing was written") from None

    _in_cli_words(analysis)
    writes = [f for f in formats if f != "html"] + (["html"] if "html" in formats else [])
    progress.stage(f"writing {', '.join(formats)} into a temporary folder")
    try:
        with staging(outdir) as tmp:
            analysis.record_warnings(_warning_frame(caught))  # reading's, into notes.txt
            written = analysis.write(tmp, formats=writes)
            if "html" in formats:
                from ._report_html import report_html

                page = report_html(analysis, tmp, written,
                                   options=_recorded_options(args, formats),
                                   date=_report_date(),
                                   code=_code(args, formats) if args.show_code else None,
                                   csv_written="csv" in formats)
                (tmp / "report.html").write_text(page, encoding="utf-8", newline="\n")
            write_manifest(tmp, __version__)
            progress.stage(f"moving the report into place: {args.output}")
            try:  # the folder may have changed while the report was built
                check_outdir(args.output, inputs=inputs, force=args.force)
            except OutputError as exc:
                raise CliError(f"{exc}; nothing was written") from None
    except OSError as exc:
        raise CliError(f"cannot write the report to {args.output}: "
                       f"{exc.strerror or exc}; nothing was written") from None
    files = sorted(p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file())
    print(f"wrote {len(files)} files to {args.output}:")
    for f in files:
        print(f"  {f}")
    n_w = 0 if analysis.warnings is None else len(analysis.warnings)
    if n_w:
        print(f"{n_w} warning{'s' if n_w != 1 else ''}: see notes.txt"
              + (" and report.html" if "html" in formats else ""))
    return 0


def _in_cli_words(analysis: CaseAnalysis) -> None:
    """Notes, skip reasons and warnings of the analysis in command-line words."""
    analysis.notes = [say(n) for n in analysis.notes]
    analysis.skipped = {k: say(v) for k, v in analysis.skipped.items()}
    if analysis.warnings is not None and len(analysis.warnings):
        analysis.warnings = analysis.warnings.assign(
            message=[say(m) for m in analysis.warnings["message"]])


def _warning_frame(caught: Sequence[warnings.WarningMessage]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([{"stage": "command line", "category": w.category.__name__,
                          "message": str(w.message)} for w in caught
                         if not issubclass(w.category, _DEVELOPER_WARNINGS)],
                        columns=["stage", "category", "message"], dtype=object)


def _refuse_data(args: argparse.Namespace, exc: CaseDataError,
                 caught: Sequence[warnings.WarningMessage]) -> int:
    table = problem_table(exc.problems, exc.warnings, _caught_texts(caught))
    print_problems(table, title=_title("FAILED", table), max_problems=args.max_problems,
                   problems_file=args.problems, stream=sys.stderr)
    if args.problems:
        write_problems(table, args.problems)
        print(f"casekit: wrote {len(table)} problems and warnings to {args.problems}",
              file=sys.stderr)
    print("casekit: the data are not usable; nothing was written.", file=sys.stderr)
    return 2


# -- parser and main -------------------------------------------------------------------------

def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more; got {value}")
    return value


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more (spreadsheet rows count from 1)")
    return value


def _wrap(text: str) -> str:
    import textwrap
    return textwrap.fill(text, width=88)


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="casekit",
        description="Single-case psychotherapy research: check a data file, or turn it into\n"
                    "the full set of figures and tables of a case analysis.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"casekit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def data_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("data", metavar="DATA", help="ratings file: .csv, .xlsx, .sav or a REDCap export")
        p.add_argument("--events", metavar="FILE", help="events table (case, session, event, note)")
        p.add_argument("--phases", metavar="FILE",
                       help="phase table (case, phase, start, end, role, definition)")
        p.add_argument("--spec", metavar="FILE",
                       help="reading spec (.toml/.json/.yaml): measures, columns, sheet, "
                            "header_row, date_format ... (docs/data-format.md)")
        p.add_argument("--case", help="case id (for files holding one case without a case "
                                      "column, or to pick one case)")
        p.add_argument("--input-format", choices=INPUT_FORMATS,
                       help="file format of DATA (default: from the file name)")
        p.add_argument("--layout", choices=["long", "wide"], help="table layout (default: detect)")
        p.add_argument("--sheet", help="Excel sheet name or index (0 is the first)")
        p.add_argument("--header-row", type=_positive, metavar="N",
                       help="row of the header as a spreadsheet shows it (title rows above)")
        p.add_argument("--skip-rows", type=_non_negative, metavar="N",
                       help="rows to skip above the header")
        p.add_argument("--sep", help="CSV separator (default: detect , ; tab)")
        p.add_argument("--decimal", help="decimal mark (default: detect . or ,)")
        p.add_argument("--date-format", metavar="FMT",
                       help="strftime format of the date column, e.g. %%d.%%m.%%Y")
        p.add_argument("--max-problems", type=_non_negative, default=DEFAULT_MAX_PROBLEMS,
                       metavar="N", help="problems printed (default 50; all are counted)")
        p.add_argument("--problems", metavar="FILE.csv",
                       help="write every problem and warning to this CSV file")

    pv = sub.add_parser("validate", help="print the problems and warnings of a data file",
                        description=_wrap("Read DATA (and --events, --phases) and print the number "
                                    "of problems and warnings and the first --max-problems, "
                                    "each at its place in the file. Exit status 0 when the "
                                    "data are usable, 1 when they have problems, 2 when they "
                                    "cannot be read."),
                        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    data_args(pv)
    # the flag of casekit < 0.6 for the input format (report's --format chooses outputs)
    pv.add_argument("--format", dest="input_format", choices=INPUT_FORMATS,
                    help=argparse.SUPPRESS)
    pv.set_defaults(func=cmd_validate)

    pr = sub.add_parser("report", help="run the full case analysis and write figures and tables",
                        description=_wrap("Validate DATA, analyse the case (casekit.analyze_case) "
                                    "and write report.html, figures, APA tables, the results "
                                    "paragraph, notes and provenance to OUTDIR. On invalid "
                                    "data, print the problems, write nothing and exit 2."),
                        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    data_args(pr)
    pr.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                    help="output folder (new, or an earlier report with --force)")
    pr.add_argument("--format", default=",".join(DEFAULT_FORMATS), metavar="LIST",
                    help="outputs, comma-separated among " + ",".join(OUTPUT_FORMATS)
                         + " or all (default: " + ",".join(DEFAULT_FORMATS) + ")")
    pr.add_argument("--alliance", default="WAI-SR", metavar="MEASURE", help="alliance measure (default WAI-SR)")
    pr.add_argument("--symptoms", default="PHQ-9", metavar="MEASURE", help="symptom measure (default PHQ-9)")
    pr.add_argument("--alliance-sd", type=float, metavar="SD",
                    help="norm SD of the alliance measure, for its reliable change index "
                         "(with --alliance-reliability; WAI-SR has no published RCI)")
    pr.add_argument("--alliance-reliability", type=float, metavar="R",
                    help="reliability of the alliance measure (with --alliance-sd)")
    pr.add_argument("--alliance-norms-source", metavar="TEXT",
                    help="citation of the stated alliance norms (printed in the report)")
    pr.add_argument("--baseline-phase", metavar="PHASE", help="phase used as baseline (default: the rule of "
                                             "casekit.choose_comparison)")
    pr.add_argument("--treatment-phase", metavar="PHASE", help="phase compared with it")
    pr.add_argument("--seed", type=_non_negative, default=DEFAULT_SEED,
                    help=f"seed for resampling steps (default {DEFAULT_SEED})")
    pr.add_argument("--show-code", action="store_true",
                    help="add the Python that reproduces the report to report.html")
    pr.add_argument("--force", action="store_true",
                    help="replace OUTDIR if it holds an earlier casekit report (and nothing "
                         "else)")
    pr.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    pr.set_defaults(func=cmd_report)
    return parser


@contextmanager
def _signals(received: list[int]) -> Iterator[None]:
    """SIGTERM raises :class:`_Terminated` and SIGINT ``KeyboardInterrupt`` in the main thread,
    so clean-up code runs; ``received`` records which arrived.

    The record matters because the exception a signal raises does not always reach
    :func:`main` as itself: arriving while an extension module initialises, it surfaces as
    ``ImportError: initialization failed``, which is no bug of casekit's.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_term(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        raise _Terminated()

    def on_int(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        raise KeyboardInterrupt

    previous_term = signal.signal(signal.SIGTERM, on_term)
    previous_int = signal.signal(signal.SIGINT, on_int)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)


def _interrupted() -> int:
    print("\ncasekit: interrupted; nothing was written", file=sys.stderr)
    return 130


def _terminated() -> int:
    print("casekit: terminated; nothing was written", file=sys.stderr)
    return 143


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    received: list[int] = []
    try:
        with _signals(received), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            status: int = args.func(args, caught)
            return status
    except CliError as exc:
        print(f"casekit: {exc}", file=sys.stderr)
        return exc.code
    except BrokenPipeError:  # `casekit validate big.csv | head`: stop quietly, as cat does
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):  # pragma: no cover - stdout without a file descriptor
            pass
        return 141
    except KeyboardInterrupt:
        return _interrupted()
    except _Terminated:
        return _terminated()
    except Exception as exc:
        if received:  # the signal's exception, transformed on its way (see _signals)
            return _terminated() if received[0] == signal.SIGTERM else _interrupted()
        if os.environ.get("CASEKIT_TRACEBACK"):
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        print(f"casekit: the {args.command} failed unexpectedly ({type(exc).__name__}: "
              f"{say(first)}); nothing was written. This is a bug in casekit: please report "
              "it (CASEKIT_TRACEBACK=1 shows the traceback).", file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
