#!/usr/bin/env python3
"""Copy the R reference values of casekit's own simulated series into ``tests/reference_values``.

The shared R reference folder (``../shared/reference``, see its README) holds results of the R
packages SingleCaseES, scan, changepoint and strucchange for 57 AB series; eight of them
(``sim01`` ... ``sim08``, ``dataset == "sim"``) are casekit's simulations, not published data.
This script keeps exactly those eight: their input rows (``data/ab_cases.csv`` rows with
``dataset == "sim"``, ``data/sim_ab.csv``, ``data/sim_ab_spec.csv``) and, from every values file
with one entry per series, the entries with ``dataset == "sim"`` together with the file's ``meta``
block (R version, package versions, exact calls; ``meta.errors`` cut to the sim series). Public
example datasets and the values computed from them stay outside the repository, and so do
top-level blocks that are not per-series (e.g. scan's multiple-baseline example) and
SingleCaseES's documented ``LOR`` examples.

Run from the project root when the shared folder changes::

    python3 scripts/extract_sim_reference.py [path/to/shared/reference]

The output is deterministic (keys in the source order, compact JSON, UTF-8).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "reference_values"

# the values files with one entry per AB series, and the key of that list
PER_SERIES = {
    "changepoint.json": "series",
    "effect_sizes.json": "cases",
    "scan_cdc.json": "cases",
    "scan_corrected_tau.json": "cases",
    "scan_describe.json": "cases",
    "scan_fill_missing.json": "series",
    "scan_nap.json": "cases",
    "scan_outlier.json": "cases",
    "scan_plm.json": "cases",
    "scan_rand_test.json": "cases",
    "singlecasees_lor.json": "cases",
    "strucchange.json": "series",
}
DROP_META = {"documented_examples_LOR"}  # values from the SingleCaseES help pages, not sim series


def _sim_only(values: dict, key: str, name: str) -> dict:
    meta = {k: v for k, v in values["meta"].items() if k not in DROP_META}
    if isinstance(meta.get("errors"), list):
        meta["errors"] = [e for e in meta["errors"] if e.get("dataset") == "sim"]
    meta["extracted"] = (f"sim series only, from the shared reference values/{name} by "
                         "scripts/extract_sim_reference.py; R calls and versions as above")
    entries = [e for e in values[key] if e.get("dataset") == "sim"]
    if not entries:
        raise SystemExit(f"{name}: no sim entries")
    return {"meta": meta, key: entries}


def main(src: Path) -> None:
    (OUT / "values").mkdir(parents=True, exist_ok=True)
    (OUT / "data").mkdir(parents=True, exist_ok=True)
    for name, key in PER_SERIES.items():
        values = json.loads((src / "values" / name).read_text(encoding="utf-8"))
        text = json.dumps(_sim_only(values, key, name), ensure_ascii=False, separators=(",", ":"))
        (OUT / "values" / name).write_text(text + "\n", encoding="utf-8")
    with (src / "data" / "ab_cases.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    sim = [rows[0]] + [r for r in rows[1:] if r[0] == "sim"]
    with (OUT / "data" / "ab_cases.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, quoting=csv.QUOTE_MINIMAL,
                   lineterminator="\n").writerows(sim)
    for name in ("sim_ab.csv", "sim_ab_spec.csv"):
        (OUT / "data" / name).write_bytes((src / "data" / name).read_bytes())
    print(f"wrote {len(PER_SERIES)} values files and 3 data files to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference")
