"""Benchmark: ``casekit report`` end to end on the bundled 44-session case (SIM-NPD-01).

Run with ``python benchmarks/bench_report.py [--repeat N] [--write docs/benchmarks/report.md]``.
The case's ratings, events and phases are written to CSV files in a temporary folder (outside
the timed region); timed: ``python -m casekit report ratings.csv --events events.csv --phases
phases.csv -o report -q`` in a subprocess, as an author runs it (interpreter start and imports
included), with the default formats (HTML + PDF/SVG/PNG figures + CSV/LaTeX/DOCX tables).
Reported: wall-clock seconds (best and median of ``--repeat`` runs, no warm-up) and the CPU
seconds of the child process (user + system, ``resource.getrusage(RUSAGE_CHILDREN)``), which
are less sensitive than wall time to other jobs on a shared machine. One more run in process
splits the time by stage (read and validate, analysis, write, report.html).

Target (issue 11, item 6): <= 30 s end to end on a 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _timing import machine_line

import casekit


def _inputs(folder: Path) -> list[str]:
    case = casekit.datasets.load_case("SIM-NPD-01")
    for name in ("ratings", "events", "phases"):
        getattr(case, name).to_csv(folder / f"{name}.csv", index=False)
    return ["ratings.csv", "--events", "events.csv", "--phases", "phases.csv"]


def end_to_end(folder: Path, args: list[str]) -> tuple[float, float]:
    out = folder / "report"
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "casekit", "report", *args, "-o", "report", "-q"],
                   cwd=folder, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def stages(folder: Path) -> dict:
    """Seconds per stage, in process (imports already done)."""
    import matplotlib
    matplotlib.use("Agg")
    from casekit._report_html import report_html

    out = {}
    t = time.perf_counter()
    case = casekit.read_case(folder / "ratings.csv", events=folder / "events.csv",
                             phases=folder / "phases.csv")
    out["read and validate"] = time.perf_counter() - t
    t = time.perf_counter()
    analysis = casekit.analyze_case(case)
    out["analysis"] = time.perf_counter() - t
    target = folder / "stages"
    shutil.rmtree(target, ignore_errors=True)
    t = time.perf_counter()
    written = analysis.write(target)
    out["write figures and tables"] = time.perf_counter() - t
    t = time.perf_counter()
    report_html(analysis, target, written, options={}, date="2026-01-01")
    out["report.html"] = time.perf_counter() - t
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write", metavar="FILE", help="write the results as Markdown")
    opts = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        args = _inputs(folder)
        runs = [end_to_end(folder, args) for _ in range(opts.repeat)]
        split = stages(folder)
    walls = [w for w, _ in runs]
    cpus = [c for _, c in runs]
    lines = [
        "# casekit report: end-to-end time",
        "",
        "`python benchmarks/bench_report.py` (see its docstring for what is timed): "
        "`casekit report` on the bundled 44-session case SIM-NPD-01 (simulated data), default "
        "formats, in a subprocess.",
        "",
        f"Machine: {machine_line()}",
        "",
        "| measure | best | median |",
        "|---|---|---|",
        f"| wall-clock seconds ({opts.repeat} runs) | {min(walls):.1f} | "
        f"{float(np.median(walls)):.1f} |",
        f"| CPU seconds of the process (user + system) | {min(cpus):.1f} | "
        f"{float(np.median(cpus)):.1f} |",
        "",
        "Seconds by stage (one run in process, imports done):",
        "",
        "| stage | seconds |",
        "|---|---|",
        *[f"| {k} | {v:.1f} |" for k, v in split.items()],
        "",
        "Target (issue 11, item 6): <= 30 s end to end on a 2-core machine. "
        f"{'Met' if float(np.median(walls)) <= 30 else 'Not met'} by the median wall time "
        "of this run (the machine may be shared: the CPU seconds bound what one report "
        "costs).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if opts.write:
        Path(opts.write).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
