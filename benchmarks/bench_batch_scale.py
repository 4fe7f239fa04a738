"""Practice-scale screening from Parquet: 10k -> 100k -> 1M patients x 20 sessions (issue #16).

For each size the script writes a Parquet file of simulated PHQ-9 totals (one row per patient x
session: ``case`` int64, ``session``, ``value``; not timed), then, **in a fresh process** (so
that the peak resident memory belongs to this size alone):

1. reads the file (pyarrow -> pandas; timed as *read*);
2. screens every patient for reliable change and clinical significance
   (``casekit.batch_reliable_change(instrument="PHQ-9", cutoff="instrument")``, first vs last
   session);
3. finds sudden gains (``casekit.batch_sudden_gains``, criterion 1 = the PHQ-9 reliable change
   of 6 points, criteria 2 and 3 as suddengains);

and reports the wall-clock seconds of each step, the total, and the peak resident set size
(``ru_maxrss``) of the process. The imports (casekit, scipy.stats, pyarrow) happen before the
timed region and are reported separately. Targets (issue #16): 1,000,000 patients in <= 60 s
and <= 4 GB; time and memory linear in the number of patients.

Usage::

    python benchmarks/bench_batch_scale.py [--sizes 10000 100000 1000000] [--chunk-size 10000]
                                           [--out docs/benchmarks/batch_scale.md]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

N_SESSIONS = 20


def write_parquet(path: Path, n_cases: int, seed: int = 16) -> None:
    """Simulated PHQ-9 totals: improving on average, a sudden drop for ~30 % of patients."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    t = np.arange(N_SESSIONS)
    level = rng.uniform(10, 24, n_cases)[:, None]
    slope = rng.uniform(0, 0.6, n_cases)[:, None]
    y = level - slope * t + rng.normal(0, 2.5, (n_cases, N_SESSIONS))
    jump = rng.random(n_cases) < 0.3
    at = rng.integers(3, N_SESSIONS - 3, n_cases)
    y -= (jump[:, None] & (t[None, :] >= at[:, None])) * rng.uniform(4, 9, n_cases)[:, None]
    y = np.clip(np.round(y), 0, 27)
    df = pd.DataFrame({"case": np.repeat(np.arange(n_cases, dtype=np.int64), N_SESSIONS),
                       "session": np.tile(np.arange(1, N_SESSIONS + 1, dtype=np.int64),
                                          n_cases),
                       "value": y.ravel()})
    df.to_parquet(path, index=False, row_group_size=1_000_000)


def run_one(path: str, chunk_size: int) -> dict:
    """The timed screening of one file (called in a fresh process)."""
    import resource

    t0 = time.perf_counter()
    import pyarrow.parquet as pq
    import scipy.stats  # noqa: F401  (lazy in casekit; loaded here, outside the timed region)

    import casekit
    from casekit.batch import batch_reliable_change, batch_sudden_gains
    casekit.reliable_change(20, 8, instrument="PHQ-9")  # registry loaded outside the timing
    t_import = time.perf_counter() - t0

    t0 = time.perf_counter()
    df = pq.read_table(path).to_pandas()
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    rc = batch_reliable_change(df, instrument="PHQ-9", cutoff="instrument",
                               chunk_size=chunk_size)
    t_rc = time.perf_counter() - t0
    t0 = time.perf_counter()
    sg = batch_sudden_gains(df, sg_crit1_cutoff=6, improvement="decrease",
                            chunk_size=chunk_size)
    t_sg = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB (Linux)
    return {"n_cases": int(rc.n_cases), "rows": int(len(df)), "import_s": t_import,
            "read_s": t_read, "reliable_change_s": t_rc, "sudden_gains_s": t_sg,
            "total_s": t_read + t_rc + t_sg, "peak_mib": peak,
            "recovered": int((rc.summary["category"] == "recovered").sum()),
            "with_gain": int(sg.summary["has_gain"].sum()), "gains": int(len(sg.events))}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--chunk-size", type=int, default=10_000)
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "batch_scale.md"))
    ap.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one file, print JSON
    a = ap.parse_args(argv)
    if a.one:
        print(json.dumps(run_one(a.one, a.chunk_size)))
        return
    from _timing import machine_line

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.sizes:
            path = Path(tmp) / f"sessions_{n}.parquet"
            t0 = time.perf_counter()
            write_parquet(path, n)
            t_write = time.perf_counter() - t0
            out = subprocess.run([sys.executable, __file__, "--one", str(path),
                                  "--chunk-size", str(a.chunk_size)],
                                 capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            r["write_s"] = t_write
            r["file_mib"] = os.path.getsize(path) / 2**20
            results.append(r)
            print(f"{n:>9,} patients: read {r['read_s']:.2f} s, reliable change "
                  f"{r['reliable_change_s']:.2f} s, sudden gains {r['sudden_gains_s']:.2f} s, "
                  f"total {r['total_s']:.2f} s, peak {r['peak_mib']:.0f} MiB "
                  f"(imports {r['import_s']:.2f} s, not counted)", flush=True)
            path.unlink()
    lines = [
        "# Batch screening at practice scale (issue #16 item 3)",
        "",
        "Produced by `python benchmarks/bench_batch_scale.py`: simulated PHQ-9 totals, "
        f"{N_SESSIONS} sessions per patient, read from Parquet; reliable change + clinical "
        "significance (`batch_reliable_change(instrument='PHQ-9', cutoff='instrument')`) and "
        "sudden gains (`batch_sudden_gains(sg_crit1_cutoff=6)`), each size in a fresh process "
        f"(peak = ru_maxrss of that process); chunk size {a.chunk_size:,} patients. Imports "
        "are outside the timed region (reported separately).",
        "",
        f"Machine: {machine_line()}",
        "",
        "| patients | rows | Parquet (MiB) | read (s) | reliable change (s) | sudden gains (s) "
        "| total (s) | peak RSS (MiB) | s per 100k | imports (s) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(f"| {r['n_cases']:,} | {r['rows']:,} | {r['file_mib']:.1f} | "
                     f"{r['read_s']:.2f} | {r['reliable_change_s']:.2f} | "
                     f"{r['sudden_gains_s']:.2f} | {r['total_s']:.2f} | {r['peak_mib']:.0f} | "
                     f"{r['total_s'] / r['n_cases'] * 1e5:.2f} | {r['import_s']:.2f} |")
    lines += ["", "Found: " + "; ".join(
        f"{r['n_cases']:,} patients: {r['recovered']:,} recovered, {r['with_gain']:,} with a "
        f"sudden gain ({r['gains']:,} gains)" for r in results), ""]
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines))
    print(f"written {out}")


if __name__ == "__main__":
    main()
