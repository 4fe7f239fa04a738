"""Reproduce the case study headless: execute the notebooks, write figures, tables and HTML.

Called by ``python3 tasks.py reproduce``. The case-study notebook writes its figures and tables
into the folder named by the environment variable ``CASEKIT_OUTPUT`` (default
``output/case-study``); this script executes it there and saves the executed notebook as HTML
beside them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
MAIN = "case_study_SIM-NPD-01.ipynb"


def execute(nb_path: Path, outdir: Path) -> Path:
    """Execute one notebook through the shared runner (casekit._runner) with
    ``CASEKIT_OUTPUT=outdir``; write its HTML rendering into ``outdir``."""
    from casekit import _runner

    # one line per code cell, so the ~40 s of the run are not silent (issue 15 item 5)
    nb = _runner.execute(nb_path, env={"CASEKIT_OUTPUT": str(outdir)},
                         progress=lambda line: print(f"  {line}", flush=True))
    target = outdir / (nb_path.stem + ".html")
    target.write_text(_runner.to_html(nb), encoding="utf-8")
    return target


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-o", "--output", default=str(ROOT / "output" / "case-study"),
                    help="output folder (default: output/case-study)")
    args = ap.parse_args(argv)
    outdir = Path(args.output).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    main_nb = NOTEBOOKS / MAIN
    # Until the case-study notebook exists, run the notebooks that do.
    targets = [main_nb] if main_nb.exists() else sorted(NOTEBOOKS.glob("*.ipynb"))
    if not targets:
        print("no notebooks to run yet", file=sys.stderr)
        return 1
    for nb in targets:
        print(f"executing {nb.relative_to(ROOT)} ...", flush=True)
        html = execute(nb, outdir)
        print(f"  wrote {html}")
    files = sorted(p for p in outdir.rglob("*") if p.is_file())
    print(f"\n{len(files)} files in {outdir}:")
    for p in files:
        print(f"  {p.relative_to(outdir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
