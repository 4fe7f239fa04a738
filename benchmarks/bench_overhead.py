"""Overhead of one public call on a 40-session series, beyond its arithmetic (issue #16 item 2).

For ``cpt_mean``, ``nap``, ``tau_u`` and ``reliable_change`` the script times

* the **public call** on one 40-session series given as plain arrays (median of many calls);
* the **arithmetic**: the numpy core the public function runs (``robust_sigma`` + ``_pelt``;
  ``nap_parts``; ``tau_u_core``; the Jacobson-Truax index and its category);

and reports their difference, the overhead (input checks, the series object, the result
object). Target: <= 0.3 ms. The first call's imports (scipy.stats and friends, loaded lazily)
are timed separately, in a fresh process, and never inside the timed region.

It also times a loop of public ``cpt_mean`` over 10,000 series of 40 sessions (issue #16: R
changepoint's ``cpt.mean`` loop took 1.1 s here) and ``casekit.batch_changepoints`` on the
same series.

Usage::

    python benchmarks/bench_overhead.py [--repeat 2000] [--out docs/benchmarks/overhead.md]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from _timing import best_median, machine_line

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _per_call(fn, repeat: int) -> tuple[float, float]:
    """(best, median) seconds per call, timing blocks of 20 calls."""
    block = 20

    def run():
        for _ in range(block):
            fn()
    best, med = best_median(run, max(3, repeat // block), warmup=2)
    return best / block, med / block


def _import_seconds(stmt: str) -> float:
    code = (f"import time; t = time.perf_counter(); {stmt}; "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return float(out.stdout.strip())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2000)
    ap.add_argument("--loop", type=int, default=10_000, help="series in the cpt_mean loop")
    ap.add_argument("--out", default=str(ROOT / "docs" / "benchmarks" / "overhead.md"))
    a = ap.parse_args(argv)

    first_call = {
        "import casekit": _import_seconds("import casekit"),
        "first cpt_mean (imports included)": _import_seconds(
            "import casekit; casekit.cpt_mean([1.0, 2, 3, 4, 9, 9, 9, 9])"),
        "first nap (imports included)": _import_seconds(
            "import casekit; casekit.nap([1.0, 2, 3], [4.0, 5, 6], improvement='increase')"),
        "first reliable_change (imports included)": _import_seconds(
            "import casekit; casekit.reliable_change(20, 8, instrument='PHQ-9')"),
    }

    import casekit
    from casekit.changepoint.segmentation import _pelt_one, penalty_value, robust_sigma
    from casekit.effects.overlap import nap_parts
    from casekit.effects.trend import tau_u_core

    rng = np.random.default_rng(16)
    y = rng.normal(15, 3, 40).round()
    y[20:] -= 6
    A, B = y[:20], y[20:]
    pen = penalty_value("MBIC", 40)

    def cpt_core():
        s, _ = robust_sigma(y)
        return _pelt_one(y / s, pen, True, 1, True)

    def nap_core():
        return nap_parts(-A[None, :], -B[None, :], "unbiased", 0.95, "newcombe")

    def tau_core():
        return tau_u_core(-A[None, :], -B[None, :])

    sd, rel, z = 5.0, 0.84, 1.959963984540054

    def rc_core():
        rc = (y[-1] - y[0]) / (np.sqrt(2.0) * sd * np.sqrt(1.0 - rel))
        return -rc > z, rc < -z

    cases = {
        "cpt_mean": (lambda: casekit.cpt_mean(y), cpt_core),
        "nap": (lambda: casekit.nap(A, B, improvement="decrease"), nap_core),
        "tau_u": (lambda: casekit.tau_u(A, B, improvement="decrease"), tau_core),
        "reliable_change": (lambda: casekit.reliable_change(
            y[0], y[-1], sd=sd, reliability=rel, improvement="decrease"), rc_core),
    }
    rows = []
    for name, (public, core) in cases.items():
        pb, pm = _per_call(public, a.repeat)
        cb, cm = _per_call(core, a.repeat)
        rows.append((name, pb * 1e3, cb * 1e3, (pb - cb) * 1e3, pm * 1e3, cm * 1e3))
        print(f"{name:16s} best: public {pb * 1e3:7.3f} ms  arithmetic {cb * 1e3:7.3f} ms  "
              f"overhead {(pb - cb) * 1e3:7.3f} ms; median: public {pm * 1e3:.3f} ms, "
              f"arithmetic {cm * 1e3:.3f} ms")

    # other public calls a loop over many series may make: whole call per 40-session series
    # (no split into arithmetic and overhead; a table to spot the expensive ones)
    ph = np.array(["A"] * 20 + ["B"] * 20, dtype=object)
    others = {
        "pnd": lambda: casekit.pnd(A, B, improvement="decrease"),
        "pem": lambda: casekit.pem(A, B, improvement="decrease"),
        "smd": lambda: casekit.smd(A, B, improvement="decrease"),
        "tau": lambda: casekit.tau(A, B, improvement="decrease"),
        "lrr_d": lambda: casekit.lrr_d(A, B, improvement="decrease"),
        "session_reliable_change": lambda: casekit.session_reliable_change(
            y, sd=sd, reliability=rel, improvement="decrease"),
        "sudden_gains": lambda: casekit.sudden_gains(y, sg_crit1_cutoff=5.0,
                                                     improvement="decrease"),
        "pettitt": lambda: casekit.pettitt(y),
        "describe_phases": lambda: casekit.describe_phases(y, phases=ph),
    }
    other_rows = []
    for name, fn in others.items():
        pb, pm = _per_call(fn, max(200, a.repeat // 4))
        other_rows.append((name, pb * 1e3, pm * 1e3))
        print(f"{name:24s} best {pb * 1e3:7.3f} ms, median {pm * 1e3:7.3f} ms")

    Y = rng.normal(0, 2.5, (a.loop, 40)).round()
    Y[: a.loop // 2, 20:] -= 6
    t0 = time.perf_counter()
    loop = [casekit.cpt_mean(Y[i]).cpts for i in range(a.loop)]
    t_loop = time.perf_counter() - t0
    import pandas as pd

    long = pd.DataFrame({"case": np.repeat(np.arange(a.loop), 40),
                         "session": np.tile(np.arange(1, 41), a.loop), "value": Y.ravel()})
    t0 = time.perf_counter()
    res = casekit.batch_changepoints(long)
    t_batch = time.perf_counter() - t0
    ev = res.events.groupby("case")["k"].apply(list)
    assert all(loop[i] == ev.get(i, []) for i in range(a.loop))
    print(f"cpt_mean loop over {a.loop:,} series: {t_loop:.2f} s; batch_changepoints: "
          f"{t_batch:.2f} s (same change points)")
    for k, v in first_call.items():
        print(f"{k}: {v:.2f} s (fresh process)")

    lines = [
        "# Overhead of one public call (issue #16 item 2)",
        "",
        "Produced by `python benchmarks/bench_overhead.py`; one 40-session series given as "
        "plain arrays; per-call time of blocks of 20 calls after warm-up, best and median "
        "of the blocks (imports are never inside the timed region). *Arithmetic* is the "
        "core the public function runs; *overhead* = best public - best arithmetic (the "
        "machine is shared, so medians carry other jobs' noise). Target: overhead <= 0.3 "
        "ms.",
        "",
        f"Machine: {machine_line()}",
        "",
        "| function | public, best (ms) | arithmetic, best (ms) | overhead (ms) | "
        "public, median (ms) | arithmetic, median (ms) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *[f"| `{n}` | {p:.3f} | {c:.3f} | {o:.3f} | {pm:.3f} | {cm:.3f} |"
          for n, p, c, o, pm, cm in rows],
        "",
        "Other public calls on the same series (whole call: input checks, arithmetic and "
        "result; tables a caller may never read are built on first access):",
        "",
        "| function | best (ms) | median (ms) |",
        "| --- | ---: | ---: |",
        *[f"| `{n}` | {b:.3f} | {m:.3f} |" for n, b, m in other_rows],
        "",
        f"Loop of public `cpt_mean` over {a.loop:,} series x 40 sessions: {t_loop:.2f} s. "
        f"`casekit.batch_changepoints` on the same series as one long table: {t_batch:.2f} s "
        "(identical change points, checked).",
        "",
        "First call in a fresh process (imports included, reported separately):",
        "",
        *[f"- {k}: {v:.2f} s" for k, v in first_call.items()],
        "",
    ]
    out = Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines))
    print(f"written {out}")


if __name__ == "__main__":
    main()
