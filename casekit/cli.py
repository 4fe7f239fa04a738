"""Command line: ``casekit validate DATA`` and ``casekit report DATA -o OUTDIR``.

``validate`` prints the validation report of a data file (every problem, with its rows) and
exits non-zero when the data are not usable. ``report`` validates first, then executes the
author template notebook headless (papermill) on the data and writes the executed notebook as
HTML plus every figure and table into OUTDIR. It works in a temporary folder next to OUTDIR and
moves the result into place only when everything succeeded, so a failed run writes nothing
partial.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

TEMPLATE_NAME = "case_template.ipynb"

EPILOG = """\
examples:
  casekit validate sessions.csv
  casekit validate export.xlsx --layout wide --spec spec.toml --case C01
  casekit report sessions.csv --events events.csv --phases phases.csv -o report/
  casekit report redcap.csv --format redcap --alliance WAI-SR --symptoms PHQ-9 -o out/

The data file holds session ratings: long (one row per case/session/measure[/item]) or wide
(one row per session, one column per measure or item, mapped by --spec). See
docs/data-format.md for the format and the wide-layout spec.
"""


def template_path() -> Path:
    """The author template: packaged copy (wheel) or the repository's notebooks/ folder."""
    packaged = resources.files("casekit").joinpath("_templates", TEMPLATE_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    repo = Path(__file__).resolve().parents[1] / "notebooks" / TEMPLATE_NAME
    if repo.is_file():
        return repo
    raise FileNotFoundError(f"the report template {TEMPLATE_NAME} is not installed")


def _read_options(args) -> dict:
    opts = {}
    if args.format:
        opts["format"] = args.format
    if args.layout:
        opts["layout"] = args.layout
    if args.spec:
        opts["spec"] = _load_spec(args.spec)
    if args.sheet is not None:  # "2" is the third sheet, any other text a sheet name
        opts["sheet"] = int(args.sheet) if args.sheet.isdigit() else args.sheet
    if args.sep:
        opts["sep"] = args.sep
    if args.decimal:
        opts["decimal"] = args.decimal
    if args.case:
        opts["case"] = args.case
    return opts


def _load_spec(path: str) -> dict:
    p = Path(path)
    if p.suffix.lower() == ".json":
        return json.loads(p.read_text(encoding="utf-8"))
    if p.suffix.lower() == ".toml":
        import tomllib
        return tomllib.loads(p.read_text(encoding="utf-8"))
    if p.suffix.lower() in (".yaml", ".yml"):
        import yaml
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    raise SystemExit(f"casekit: --spec must be a .toml, .json or .yaml file; got {path!r}")


def _read_case(reader, source, case, **options):
    """Read one table for ``case`` (``None``: the whole table).

    ``--case`` is the readers' ``case=``: it names the case of a file without a case column,
    or picks that case from a file with one; a case the file does not hold is an error listing
    the cases it does hold. Errors about the arguments are prefixed with the file name.
    """
    from .exceptions import CaseDataError
    try:
        return reader(source, validate=False, case=case, **options)
    except CaseDataError:
        raise
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from exc


def _load_all(args):
    """Read and validate ratings, events and phases; raise CaseDataError with every problem."""
    from . import io
    from .validation import validate

    opts = _read_options(args)
    case = opts.pop("case", None)
    ratings = _read_case(io.read_sessions, args.data, case, **opts)
    events = _read_case(io.read_events, args.events, case) if args.events else None
    phases = _read_case(io.read_phases, args.phases, case) if args.phases else None
    # warn=False: the report lists the warnings itself (no Python warning lines on stderr)
    report = validate(ratings, events=events, phases=phases, raise_on_error=False, warn=False)
    return ratings, events, phases, report


def cmd_validate(args) -> int:
    from .exceptions import CaseDataError
    try:
        _, _, _, report = _load_all(args)
    except CaseDataError as exc:  # problems found while reading (e.g. unparseable cells)
        print(exc)  # the report asked for: stdout, like a clean report
        return 1
    except (FileNotFoundError, ValueError) as exc:
        print(f"casekit: {exc}", file=sys.stderr)
        return 1
    print(report.to_text())
    return 0 if report.ok else 1


def _alliance_norms(args):
    """Stated norms for the alliance measure's RCI (``--alliance-sd``/``--alliance-reliability``)."""
    if args.alliance_sd is None and args.alliance_reliability is None:
        return None
    if args.alliance_sd is None or args.alliance_reliability is None:
        raise SystemExit("casekit: --alliance-sd and --alliance-reliability go together")
    if not args.alliance_sd > 0 or not 0 < args.alliance_reliability < 1:
        raise SystemExit("casekit: --alliance-sd must be > 0 and --alliance-reliability "
                         "strictly between 0 and 1")
    return {"sd": args.alliance_sd, "reliability": args.alliance_reliability,
            "source": args.alliance_norms_source or "stated on the command line"}


def _check_phase_options(args, ratings, phases) -> str | None:
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
            return f"{option} {value!r} is not a phase of the data; phases: {valid}"
    return None


def _progress(step: int, total: int, text: str) -> None:
    print(f"[{step}/{total}] {text}", file=sys.stderr, flush=True)


def cmd_report(args) -> int:
    from .exceptions import CaseDataError

    total = 4
    _alliance_norms(args)  # option errors before any work
    _progress(1, total, f"validating {args.data}")
    try:
        ratings, _, phases, report = _load_all(args)
    except CaseDataError as exc:
        print(exc, file=sys.stderr)
        print("casekit: the data are not usable; nothing was written.", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError) as exc:
        print(f"casekit: {exc}", file=sys.stderr)
        return 2
    if not report.ok:
        print(report.to_text(), file=sys.stderr)
        print("casekit: the data are not usable; nothing was written.", file=sys.stderr)
        return 2

    bad_phase = _check_phase_options(args, ratings, phases)
    if bad_phase:
        print(f"casekit: {bad_phase}; nothing was written.", file=sys.stderr)
        return 2

    outdir = Path(args.output).resolve()
    if outdir.exists() and any(outdir.iterdir()) and not args.force:
        print(f"casekit: {outdir} exists and is not empty; pass --force to replace it",
              file=sys.stderr)
        return 2
    try:
        import nbformat
        import papermill as pm
        from nbconvert import HTMLExporter
    except ImportError as exc:  # pragma: no cover - depends on the environment
        print(f"casekit report needs the report extra: pip install 'casekit[report]' ({exc})",
              file=sys.stderr)
        return 2

    outdir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".casekit-report-", dir=outdir.parent))
    try:
        params = {
            "data_file": str(Path(args.data).resolve()),
            "read_options": _read_options(args),
            "events_file": str(Path(args.events).resolve()) if args.events else None,
            "phases_file": str(Path(args.phases).resolve()) if args.phases else None,
            "case_id": args.case,
            "alliance_measure": args.alliance,
            "symptom_measure": args.symptoms,
            "baseline_phase": args.baseline_phase,
            "treatment_phase": args.treatment_phase,
            "output_dir": str(tmp),
            "seed": args.seed,
            "alliance_norms": _alliance_norms(args),
        }
        executed = tmp / "report.ipynb"
        _progress(2, total, "running the analysis (template notebook)")
        from ._kernel import ipc_kernel_config
        with tempfile.TemporaryDirectory(prefix="casekit-kernel-") as sockets:
            pm.execute_notebook(str(template_path()), str(executed), parameters=params,
                                progress_bar=not args.quiet, kernel_name="python3",
                                cwd=str(tmp), config=ipc_kernel_config(Path(sockets)))
        _progress(3, total, "rendering HTML")
        nb = nbformat.read(executed, as_version=4)
        html, _ = HTMLExporter().from_notebook_node(nb)
        (tmp / "report.html").write_text(html, encoding="utf-8")
        _progress(4, total, f"writing {outdir}")
        if outdir.exists():
            shutil.rmtree(outdir)
        tmp.rename(outdir)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, KeyboardInterrupt):
            raise
        print(f"casekit: the report failed; nothing was written ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return 3
    files = sorted(p.relative_to(outdir) for p in outdir.rglob("*") if p.is_file())
    print(f"wrote {len(files)} files to {outdir}")
    for f in files:
        print(f"  {f}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="casekit",
        description="Single-case psychotherapy research: check a data file, or turn it into\n"
                    "the full set of figures and tables of a case analysis.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"casekit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def data_args(p):
        p.add_argument("data", help="ratings file: .csv, .xlsx, .sav or a REDCap export")
        p.add_argument("--events", metavar="FILE", help="events table (case, session, event, note)")
        p.add_argument("--phases", metavar="FILE",
                       help="phase table (case, phase, start, end, role, definition)")
        p.add_argument("--format", choices=["csv", "excel", "spss", "redcap"],
                       help="file format (default: from the file name)")
        p.add_argument("--layout", choices=["long", "wide"], help="table layout (default: detect)")
        p.add_argument("--spec", metavar="FILE",
                       help="wide-layout column spec (.toml/.json/.yaml): measure -> column pattern")
        p.add_argument("--sheet", help="Excel sheet name or index")
        p.add_argument("--sep", help="CSV separator (default: detect , or ;)")
        p.add_argument("--decimal", help="decimal mark (default: detect . or ,)")
        p.add_argument("--case", help="case id (for files holding one case without a case column, "
                                      "or to pick one case)")

    pv = sub.add_parser("validate", help="print the validation report of a data file",
                        description="Read DATA and print every problem found (with rows). "
                                    "Exit status 0 when the data are usable, 1 otherwise.")
    data_args(pv)
    pv.set_defaults(func=cmd_validate)

    pr = sub.add_parser("report", help="run the full case analysis and write figures and tables",
                        description="Validate DATA, run the case template notebook on it and "
                                    "write the executed notebook (HTML) plus every figure and "
                                    "table to OUTDIR. On invalid data, print the validation "
                                    "report, write nothing and exit with status 2.")
    data_args(pr)
    pr.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output folder")
    pr.add_argument("--alliance", default="WAI-SR", help="alliance measure (default WAI-SR)")
    pr.add_argument("--symptoms", default="PHQ-9", help="symptom measure (default PHQ-9)")
    pr.add_argument("--alliance-sd", type=float, metavar="SD",
                    help="norm SD of the alliance measure, for its reliable change index "
                         "(with --alliance-reliability; WAI-SR has no published RCI)")
    pr.add_argument("--alliance-reliability", type=float, metavar="R",
                    help="reliability of the alliance measure (with --alliance-sd)")
    pr.add_argument("--alliance-norms-source", metavar="TEXT",
                    help="citation of the stated alliance norms (printed in the report)")
    pr.add_argument("--baseline-phase", help="phase used as baseline (default: first phase)")
    pr.add_argument("--treatment-phase", help="phase compared with it (default: last phase)")
    pr.add_argument("--seed", type=int, default=20240601, help="seed for resampling steps")
    pr.add_argument("--force", action="store_true", help="replace a non-empty OUTDIR")
    pr.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    pr.set_defaults(func=cmd_report)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
