"""casekit against R suddengains, side by side in one run (issue #16 item 5).

The same simulated people (``bench_sudden_gains.simulate``: BDI-like scores, 12 sessions, 10 %
missing) are screened for sudden gains by

* R suddengains: ``create_bysg(wide, sg_crit1_cutoff = 7, ...)`` (one call; ``system.time``
  around it only, loading the package and reading the CSV excluded);
* casekit: ``sudden_gains(long, sg_crit1_cutoff=7, improvement="decrease", missing="drop")``
  and ``batch_sudden_gains`` on the same long table (imports and one warm-up call outside the
  timed region).

The gains found (person, pregain session) are compared and the timings, the R version and the
package version are written to ``docs/benchmarks/vs_r_sudden_gains.md``. Without ``Rscript``
or suddengains the script says so and exits 0.

Usage::

    python benchmarks/bench_vs_r_sudden.py [--n-people 2000] [--out ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _r import r_unavailable  # noqa: E402 (after the path set-up)

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(suddengains))
wide <- read.csv(args[1])
vars <- paste0("s", 1:12)
tm <- system.time(
  bysg <- suppressMessages(suppressWarnings(create_bysg(
    data = wide, sg_crit1_cutoff = 7, id_var_name = "id", sg_var_list = vars,
    tx_start_var_name = "s1", tx_end_var_name = "s12", sg_measure_name = "bdi"))))[["elapsed"]]
cat(paste0('{"seconds": ', tm, ', "r": "', R.version.string, '", "suddengains": "',
    as.character(packageVersion("suddengains")), '", "id": [',
    paste(bysg$id, collapse = ","), '], "pregain": [',
    paste(bysg$sg_session_n, collapse = ","), ']}'))
"""




def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-people", type=int, default=2_000)
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" /
                                         "vs_r_sudden_gains.md"))
    a = ap.parse_args(argv)
    why = r_unavailable("suddengains")
    if why:
        print(f"skipped: {why} (the side-by-side comparison needs R and suddengains)")
        return 0
    from _timing import machine_line
    from bench_sudden_gains import simulate

    import casekit

    long = simulate(a.n_people)
    wide = long.pivot(index="case", columns="session", values="value")
    wide.columns = [f"s{c}" for c in wide.columns]
    wide = wide.reset_index().rename(columns={"case": "id"})
    kw = {"sg_crit1_cutoff": 7, "improvement": "decrease", "missing": "drop"}
    casekit.sudden_gains(long.iloc[:1200], **kw)  # imports outside the timed region

    with tempfile.TemporaryDirectory() as tmp:
        csv, rfile = Path(tmp) / "wide.csv", Path(tmp) / "b.R"
        wide.to_csv(csv, index=False, na_rep="NA")
        rfile.write_text(R_SCRIPT)
        out = subprocess.run(["Rscript", str(rfile), str(csv)], capture_output=True, text=True,
                             check=True)
    r = json.loads(out.stdout)
    r_gains = sorted(zip(r["id"], r["pregain"], strict=True))

    t0 = time.perf_counter()
    res = casekit.sudden_gains(long, **kw)
    t_one = time.perf_counter() - t0
    t0 = time.perf_counter()
    bres = casekit.batch_sudden_gains(long, **kw)
    t_batch = time.perf_counter() - t0
    ck_gains = sorted(zip(res.summary["case"].astype(int), res.summary["pregain_session"]
                          .astype(int), strict=True))
    b_gains = sorted(zip(bres.events["case"].astype(int), bres.events["pregain_session"]
                         .astype(int), strict=True))
    same = ck_gains == [(int(i), int(s)) for i, s in r_gains]
    print(f"R {r['r']}, suddengains {r['suddengains']}: create_bysg {r['seconds']:.2f} s, "
          f"{len(r_gains)} gains")
    print(f"casekit sudden_gains {t_one:.3f} s, batch_sudden_gains {t_batch:.3f} s, "
          f"{len(ck_gains)} gains; identical to R: {same}; batch = one call: "
          f"{b_gains == ck_gains}")
    lines = [
        "# casekit and R suddengains side by side (issue #16 item 5)",
        "",
        "Produced by `python benchmarks/bench_vs_r_sudden.py` in one run on the same inputs: "
        f"{a.n_people:,} simulated people x 12 sessions (BDI-like, 10 % missing; "
        "`bench_sudden_gains.simulate`), criterion 1 = 7 points, suddengains defaults "
        "otherwise. R time is `system.time` around `create_bysg` (package loading and CSV "
        "reading excluded); casekit times are wall-clock after a warm-up call (imports "
        "excluded).",
        "",
        f"Machine: {machine_line()}",
        f"R: {r['r']}, suddengains {r['suddengains']}",
        "",
        "| implementation | seconds | gains | same gains as R |",
        "| --- | ---: | ---: | --- |",
        f"| R `create_bysg` | {r['seconds']:.2f} | {len(r_gains):,} | - |",
        f"| casekit `sudden_gains` (one call, long table) | {t_one:.3f} | {len(ck_gains):,} | "
        f"{'yes' if same else 'no'} |",
        f"| casekit `batch_sudden_gains` | {t_batch:.3f} | {len(b_gains):,} | "
        f"{'yes' if b_gains == [(int(i), int(s)) for i, s in r_gains] else 'no'} |",
        "",
        f"Ratio R / casekit: {r['seconds'] / t_one:.0f} (one call), "
        f"{r['seconds'] / t_batch:.0f} (batch). The machine is shared (load average in the "
        "machine line); both sides ran in the same run.",
        "",
    ]
    outp = Path(a.out)
    outp.parent.mkdir(parents=True, exist_ok=True)
    outp.write_text("\n".join(lines))
    print(f"written {outp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
