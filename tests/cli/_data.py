"""Messy exports as an author has them, written into a folder for the command-line tests.

``write_exports(folder)`` writes, all simulated (``casekit.simulate``), one case of 24 sessions
with sessions 5 and 15 missed and a drop after session 12:

* ``sessions.csv``: long CSV (case, session, date, measure, scale, value), with
  ``events.csv`` and ``phases.csv``;
* ``export.xlsx``: a wide clinic workbook, sheet ``Sessions``, a title row and an empty row
  above the header (row 3), German session/date headers, PHQ-9 items with the clinic's total
  and WAI-SR items, and ``spec.toml`` that reads it (``--case C01`` names the case);
* ``redcap.csv``: a REDCap export with repeating instruments (record 101; record 102 too),
  and ``redcap.toml``;
* ``typo.csv``: the long CSV with one typo (a PHQ-9 total of 72).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from casekit.simulate import items_from_totals, simulate_series

N = 24
MISSED = (5, 15)
CHANGE_AFTER = 12


def _series(level_a, level_b, bounds, seed):
    s = simulate_series(N, phases=[{"length": CHANGE_AFTER, "level": level_a},
                                   {"level": level_b}],
                        phi=0.1, sigma=1.0, bounds=bounds, integer=True, seed=seed)
    return s.data["value"].to_numpy(copy=True)


def case_tables(case="C01", seed=5):
    """(wide items table with session/date, phq totals, wai totals) with the missed sessions
    removed."""
    phq = _series(19, 8, (0, 27), seed)
    wai = _series(36, 48, (12, 60), seed + 1)
    sessions = np.arange(1, N + 1)
    dates = pd.date_range("2024-01-08", periods=N, freq="7D")
    phq_items = items_from_totals(phq, "PHQ-9", seed=seed)
    wai_items = items_from_totals(wai, "WAI-SR", seed=seed)
    wide = pd.DataFrame({"Sitzung": sessions, "Datum": dates})
    for i in range(1, 10):
        wide[f"PHQ9_{i}"] = phq_items[i].to_numpy()
    wide["PHQ9_total"] = wide[[f"PHQ9_{i}" for i in range(1, 10)]].sum(axis=1)
    for i in range(1, 13):
        wide[f"WAI_{i}"] = wai_items[i].to_numpy()
    keep = ~np.isin(sessions, MISSED)
    return wide[keep].reset_index(drop=True)


def long_table(wide, case="C01"):
    rows = []
    for r in wide.itertuples(index=False):
        d = r.Datum.date().isoformat()
        rows.append((case, r.Sitzung, d, "PHQ-9", "total", float(r.PHQ9_total)))
        wai = sum(getattr(r, f"WAI_{i}") for i in range(1, 13))
        rows.append((case, r.Sitzung, d, "WAI-SR", "total", float(wai)))
    return pd.DataFrame(rows, columns=["case", "session", "date", "measure", "scale", "value"])


SPEC_TOML = """\
sheet = "Sessions"
header_row = 3

[columns]
Sitzung = "session"
Datum = "date"

[measures.PHQ-9]
items = 'PHQ9_(?P<item>\\d)'
total = "PHQ9_total"

[measures]
WAI-SR = 'WAI_(?P<item>\\d+)'
"""

REDCAP_TOML = """\
format = "redcap"
case = "101"

[columns]
phq9_date = "date"

[measures.PHQ-9]
items = 'phq9_(?P<item>\\d)'

[measures]
WAI-SR = "wai_total"
"""


def _redcap(wide) -> pd.DataFrame:
    rows = []
    for record, age, frame in (("101", 34, wide), ("102", 51, wide.head(6))):
        rows.append({"record_id": record, "age": age})
        for r in frame.itertuples(index=False):
            row = {"record_id": record, "redcap_repeat_instrument": "phq9",
                   "redcap_repeat_instance": r.Sitzung,
                   "phq9_date": r.Datum.date().isoformat(), "phq9_complete": 2}
            row.update({f"phq9_{i}": getattr(r, f"PHQ9_{i}") for i in range(1, 10)})
            rows.append(row)
        for r in frame.itertuples(index=False):
            rows.append({"record_id": record, "redcap_repeat_instrument": "wai",
                         "redcap_repeat_instance": r.Sitzung,
                         "wai_total": sum(getattr(r, f"WAI_{i}") for i in range(1, 13)),
                         "wai_complete": 2})
    cols = ["record_id", "redcap_repeat_instrument", "redcap_repeat_instance", "age",
            "phq9_date", *[f"phq9_{i}" for i in range(1, 10)], "phq9_complete", "wai_total",
            "wai_complete"]
    out = pd.DataFrame(rows).reindex(columns=cols)
    for c in ["redcap_repeat_instance", "age", "phq9_complete", "wai_complete",
              *[f"phq9_{i}" for i in range(1, 10)]]:
        out[c] = out[c].astype("Int64")
    return out


def write_exports(folder: Path) -> dict:
    """Write every export into ``folder``; return ``{name: path}``."""
    folder = Path(folder)
    wide = case_tables()
    paths = {name: folder / name for name in
             ("sessions.csv", "events.csv", "phases.csv", "export.xlsx", "spec.toml",
              "redcap.csv", "redcap.toml", "typo.csv")}
    long = long_table(wide)
    long.to_csv(paths["sessions.csv"], index=False)
    typo = long.copy()
    typo.loc[(typo["session"] == 8) & (typo["measure"] == "PHQ-9"), "value"] = 72.0
    typo.to_csv(paths["typo.csv"], index=False)
    pd.DataFrame({"case": "C01", "session": [9, 10, 12, 15],
                  "event": ["rupture_noted", "repair_noted", "contract_agreed",
                            "missed_session"],
                  "note": ["withdrawal", "metacommunication", "focus agreed", "ill"]}
                 ).to_csv(paths["events.csv"], index=False)
    pd.DataFrame({"case": "C01", "phase": ["A", "B"], "start": [1, 7], "end": [6, N],
                  "role": ["baseline", "intervention"], "definition": "a_priori"}
                 ).to_csv(paths["phases.csv"], index=False)
    with pd.ExcelWriter(paths["export.xlsx"]) as xl:
        pd.DataFrame([["Weekly ratings, client C01"]]).to_excel(
            xl, sheet_name="Sessions", index=False, header=False, startrow=0)
        wide.to_excel(xl, sheet_name="Sessions", index=False, startrow=2)
    paths["spec.toml"].write_text(SPEC_TOML, encoding="utf-8")
    _redcap(wide).to_csv(paths["redcap.csv"], index=False)
    paths["redcap.toml"].write_text(REDCAP_TOML, encoding="utf-8")
    return paths
