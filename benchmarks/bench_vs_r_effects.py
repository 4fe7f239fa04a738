"""casekit against R SingleCaseES, side by side in one run (issue #16 item 5).

The same simulated AB series (one row per case x session; baseline 5-10 sessions, treatment
8-15) get NAP, Tau, Tau-U and SMD from

* R SingleCaseES: ``batch_calc_ES(dat, grouping = case, condition = phase, outcome = value,
  session_number = session, baseline_phase = "A", intervention_phase = "B", ES = c("NAP",
  "Tau", "Tau-U", "SMD"), improvement = "decrease")`` (``system.time`` around the call only);
* casekit: ``effect_sizes`` and ``batch_effect_sizes`` on the same table (imports and a
  warm-up call outside the timed region).

The estimates are compared (largest absolute difference) and the timings, the R version and
the package version are written to ``docs/benchmarks/vs_r_effects.md``. Without ``Rscript``
or SingleCaseES the script says so and exits 0.

Usage::

    python benchmarks/bench_vs_r_effects.py [--n-cases 1000] [--out ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _r import r_unavailable  # noqa: E402 (after the path set-up)

ES = ("NAP", "Tau", "Tau-U", "SMD")
R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(SingleCaseES))
dat <- read.csv(args[1])
tm <- system.time(
  res <- batch_calc_ES(dat, grouping = case, condition = phase, outcome = value,
                       session_number = session, baseline_phase = "A",
                       intervention_phase = "B", ES = c("NAP", "Tau", "Tau-U", "SMD"),
                       improvement = "decrease", warn = FALSE))[["elapsed"]]
write.csv(res[, c("case", "ES", "Est")], args[2], row.names = FALSE)
cat(paste0('{"seconds": ', tm, ', "r": "', R.version.string, '", "SingleCaseES": "',
    as.character(packageVersion("SingleCaseES")), '"}'))
"""


def simulate(n_cases: int, seed: int = 16):
    import pandas as pd

    rng = np.random.default_rng(seed)
    parts = []
    for i in range(n_cases):
        m, n = int(rng.integers(5, 11)), int(rng.integers(8, 16))
        y = np.concatenate([rng.normal(18, 3, m), rng.normal(18 - rng.uniform(0, 8), 3, n)])
        parts.append(pd.DataFrame({"case": i, "session": np.arange(1, m + n + 1),
                                   "phase": ["A"] * m + ["B"] * n, "value": np.round(y)}))
    return pd.concat(parts, ignore_index=True)




def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-cases", type=int, default=1_000)
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "vs_r_effects.md"))
    a = ap.parse_args(argv)
    why = r_unavailable("SingleCaseES")
    if why:
        print(f"skipped: {why} (the side-by-side comparison needs R and SingleCaseES)")
        return 0
    import pandas as pd
    from _timing import machine_line

    import casekit

    dat = simulate(a.n_cases)
    casekit.effect_sizes(dat[dat["case"] < 10], es=ES, improvement="decrease")  # warm-up
    with tempfile.TemporaryDirectory() as tmp:
        csv, rout, rfile = Path(tmp) / "d.csv", Path(tmp) / "r.csv", Path(tmp) / "b.R"
        dat.to_csv(csv, index=False)
        rfile.write_text(R_SCRIPT)
        out = subprocess.run(["Rscript", str(rfile), str(csv), str(rout)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        r_est = pd.read_csv(rout)
    t0 = time.perf_counter()
    one = casekit.effect_sizes(dat, es=ES, improvement="decrease")
    t_one = time.perf_counter() - t0
    t0 = time.perf_counter()
    bat = casekit.batch_effect_sizes(dat, es=ES, improvement="decrease")
    t_batch = time.perf_counter() - t0
    r_est["ES"] = r_est["ES"].replace({"Tau_U": "Tau-U"})
    merged = one.summary[["case", "es", "est"]].merge(
        r_est.rename(columns={"ES": "es", "Est": "r_est"}), on=["case", "es"])
    diff = float(np.nanmax(np.abs(merged["est"] - merged["r_est"])))
    bdiff = float(np.nanmax(np.abs(bat.summary["est"].to_numpy()
                                   - one.summary["est"].to_numpy())))
    print(f"R {r['r']}, SingleCaseES {r['SingleCaseES']}: batch_calc_ES {r['seconds']:.2f} s")
    print(f"casekit effect_sizes {t_one:.3f} s, batch_effect_sizes {t_batch:.3f} s; "
          f"{len(merged)} estimates compared, max |casekit - R| = {diff:.2e}; batch vs "
          f"effect_sizes {bdiff:.1e}")
    lines = [
        "# casekit and R SingleCaseES side by side (issue #16 item 5)",
        "",
        "Produced by `python benchmarks/bench_vs_r_effects.py` in one run on the same inputs: "
        f"{a.n_cases:,} simulated AB series (baseline 5-10, treatment 8-15 sessions), "
        f"{', '.join(ES)} with improvement = decrease. R time is `system.time` around "
        "`batch_calc_ES` (package loading and CSV reading excluded); casekit times are "
        "wall-clock after a warm-up call (imports excluded).",
        "",
        f"Machine: {machine_line()}",
        f"R: {r['r']}, SingleCaseES {r['SingleCaseES']}",
        "",
        "| implementation | seconds |",
        "| --- | ---: |",
        f"| R `batch_calc_ES` | {r['seconds']:.2f} |",
        f"| casekit `effect_sizes` | {t_one:.3f} |",
        f"| casekit `batch_effect_sizes` (chunks of 10,000 cases) | {t_batch:.3f} |",
        "",
        f"{len(merged):,} estimates compared: largest |casekit - R| = {diff:.2e}. Ratio R / "
        f"casekit: {r['seconds'] / t_one:.0f} (`effect_sizes`), "
        f"{r['seconds'] / t_batch:.0f} (`batch_effect_sizes`). Shared machine (load average "
        "in the machine line); both sides ran in the same run.",
        "",
    ]
    outp = Path(a.out)
    outp.parent.mkdir(parents=True, exist_ok=True)
    outp.write_text("\n".join(lines))
    print(f"written {outp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
