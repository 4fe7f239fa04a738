"""Benchmark: casekit.read_sessions on a 1,000,000-row CSV file (long layout, with dates).

Run with ``python benchmarks/bench_io_read.py``. Results are recorded in
``docs/benchmarks/io.md``. The table is the one of ``bench_io_validate.py`` (20,000 simulated
cases x 50 sessions, seed 20240601, *simulated, not patient data*), written once with
``casekit.write_sessions`` to a temporary file outside the timed region (about 50 MB:
``case,session,date,measure,scale,value``). Timed: ``read_sessions(path)`` (read, parse and
validate, the default) and ``read_sessions(path, validate=False)``; best and median of 3 runs
after one warm-up (``_timing.best_median``); process peak RSS (``resource.getrusage``) after
the runs, and the peak of Python/numpy allocations during one default call (``tracemalloc``,
untimed). Then the cost of the source map the reader attaches (``df.attrs["casekit_source"]``):
its size, and pandas operations on the 1,000,000-row table with the map in ``attrs`` and
without it (pandas deep-copies ``attrs`` on nearly every operation; the map's ``__deepcopy__``
returns the map itself).

Target (issue 13): reading a 1,000,000-row CSV in <= 5 s.
"""

from __future__ import annotations

import tempfile
import tracemalloc
import warnings
from pathlib import Path

from _timing import best_median, machine_line
from bench_io_validate import SEED, rss_mb, simulate


def main() -> None:
    import casekit

    with tempfile.TemporaryDirectory() as tmp:
        path = casekit.write_sessions(simulate(), Path(tmp) / "ratings.csv")
        size = path.stat().st_size / 2**20
        print(machine_line())
        print(f"data: 1,000,000 rows, {size:.0f} MB CSV, seed {SEED}")

        def read(**kw):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", casekit.MissedSessionWarning)
                return casekit.read_sessions(path, **kw)

        for label, kw in (("read + validate (default)", {}),
                          ("read only (validate=False)", {"validate": False})):
            best, med = best_median(lambda kw=kw: read(**kw), repeat=3)
            print(f"{label:28s} best {best:6.2f} s   median {med:6.2f} s")
        print(f"  process peak RSS after the runs: {rss_mb():,.0f} MB")
        tracemalloc.start()
        df = read()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  peak of allocations during one default call (tracemalloc): "
              f"{peak / 2**20:,.0f} MB")
        source_map_costs(df)


def source_map_costs(df) -> None:
    """Size of the source map and pandas operations with and without it in attrs."""
    smap = df.attrs["casekit_source"]
    size = sum(a.nbytes for a in (smap.data_row, smap.source_row, smap.session, smap.measure)
               if a is not None)
    print(f"source map: {len(smap):,} rows, {size / 2**20:,.0f} MB of arrays (measure: "
          "object pointers to shared strings)")
    bare = df.copy()
    bare.attrs = {}
    ops = {"df[df.session > 25]": lambda d: d[d["session"] > 25],
           "df.copy()": lambda d: d.copy(),
           "df.assign(x=1)": lambda d: d.assign(x=1),
           "df.sort_values('session')": lambda d: d.sort_values("session")}
    for name, op in ops.items():
        with_map, _ = best_median(lambda op=op: op(df), repeat=5)
        without, _ = best_median(lambda op=op: op(bare), repeat=5)
        print(f"  {name:28s} with map {with_map * 1000:7.1f} ms   without {without * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
