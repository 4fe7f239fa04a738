"""Messy exports of one simulated case, as a clinic's systems write them (no patient data).

One simulated course of 32 weekly sessions: PHQ-9 around 19 until session 14, then around 8
(a drop after session 14); WAI-SR rising slowly from about 30 to about 45 with one rupture
(a 7-point dip at session 10, repaired at session 11). Session 7 was missed (no row) and
session 25 was missed too (a row with its date and nothing else). The course is written as

* :func:`clinic_workbook`: a wide Excel workbook (title row, header in row 3, German column
  names for session and date, PHQ-9 and WAI-SR items, the clinic's imported PHQ-9 total),
  optionally with one typo (``"2O"`` for 2 in PHQ-9 item 4 at session 10);
* :func:`redcap_export`: a REDCap "CSV (raw data)" export with repeating instruments (one
  instance per session) for two records, the case and another client;
* :func:`spss_file`: an SPSS file with 99 declared as user-missing on every item and two
  refused items;

plus the events and phase tables an author writes by hand (:func:`events_csv`,
:func:`phases_csv`) and the specs a user writes after reading ``docs/data-format.md``.
Every generator is deterministic (fixed seed); the data are simulated.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

CASE = "K32"
SEED = 32
SESSIONS = [s for s in range(1, 33) if s != 7]   # session 7 missed: no row at all
BLANK = 25                                         # session 25 missed: a row without ratings
DROP_AFTER = 14
RUPTURE = 10
TYPO = {"session": 10, "column": "PHQ9_4", "text": "2O", "row": 12, "letter": "F"}

WORKBOOK_SPEC = {
    "sheet": "Sessions", "header_row": 3, "case": CASE,
    "columns": {"Sitzung": "session", "Datum": "date"},
    "measures": {"PHQ-9": {"items": r"PHQ9_(?P<item>\d)", "total": "PHQ9_total"},
                 "WAI-SR": r"WAI_(?P<item>\d+)"},
}
REDCAP_SPEC = {
    "format": "redcap",
    "columns": {"phq9_date": "date"},
    "measures": {"PHQ-9": {"items": r"phq9_(?P<item>\d)"},
                 "WAI-SR": {"items": r"wai_(?P<item>\d+)"}},
}
SPSS_SPEC = {
    "columns": {"id": "case", "sitzung": "session"},
    "measures": {"PHQ-9": {"items": r"PHQ9_(?P<item>\d)"},
                 "WAI-SR": {"items": r"WAI_(?P<item>\d+)"}},
}


def course(seed: int = SEED) -> pd.DataFrame:
    """Session totals of the simulated course (sessions with ratings only)."""
    rng = np.random.default_rng(seed)
    rated = [s for s in SESSIONS if s != BLANK]
    n = len(rated)
    s = np.array(rated, dtype=float)
    phq = np.where(s <= DROP_AFTER, 19.0, 8.0) + rng.integers(-1, 2, n)
    wai = np.round(30 + 15 * (s - 1) / 31 + rng.normal(0, 1.0, n))
    wai[s == RUPTURE] -= 7
    return pd.DataFrame({"session": rated, "phq9": np.clip(phq, 0, 27),
                         "wai": np.clip(wai, 12, 60)})


def split(total: float, n_items: int, low: int, high: int, weights) -> list[int]:
    """Items in ``low..high`` summing exactly to ``total`` (largest remainder by weights)."""
    span = total - low * n_items
    w = np.asarray(weights, dtype=float)
    raw = span * w / w.sum()
    items = np.minimum(np.floor(raw), high - low)
    rest = int(round(span - items.sum()))
    for i in np.argsort(-(raw - np.floor(raw)), kind="stable"):
        if rest == 0:
            break
        if items[i] < high - low:
            items[i] += 1
            rest -= 1
    while rest > 0:                      # caps reached: fill any item with room
        i = int(np.flatnonzero(items < high - low)[0])
        items[i] += 1
        rest -= 1
    return [int(v) + low for v in items]


PHQ_WEIGHTS = [3, 2, 2, 3, 1, 3, 2, 1, 0.0001]   # item 9 stays 0 (no risk item endorsed)
WAI_WEIGHTS = [1.0] * 12


def _date(session: int) -> dt.date:
    return dt.date(2024, 1, 8) + dt.timedelta(weeks=session - 1)


def item_rows(seed: int = SEED) -> list[dict]:
    """One dict per session row (sessions 1-32 without 7; session 25 blank)."""
    c = course(seed).set_index("session")
    rows = []
    for s in SESSIONS:
        row = {"Sitzung": s, "Datum": _date(s)}
        if s == BLANK:
            rows.append(row)
            continue
        phq = split(c.loc[s, "phq9"], 9, 0, 3, PHQ_WEIGHTS)
        wai = split(c.loc[s, "wai"], 12, 1, 5, WAI_WEIGHTS)
        row.update({f"PHQ9_{i}": v for i, v in enumerate(phq, 1)})
        row["PHQ9_total"] = int(sum(phq))
        row.update({f"WAI_{i}": v for i, v in enumerate(wai, 1)})
        rows.append(row)
    return rows


COLUMNS = (["Sitzung", "Datum"] + [f"PHQ9_{i}" for i in range(1, 10)] + ["PHQ9_total"]
           + [f"WAI_{i}" for i in range(1, 13)])


def clinic_workbook(path, *, typo: bool = True) -> Path:
    """The wide clinic workbook (sheet ``Sessions``: title row 1, header row 3)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sessions"
    ws.append([f"Weekly ratings, client {CASE}"])
    ws.append([])
    ws.append(COLUMNS)
    for row in item_rows():
        cells = [row.get(c) for c in COLUMNS]
        if typo and row["Sitzung"] == TYPO["session"]:
            cells[COLUMNS.index(TYPO["column"])] = TYPO["text"]
        ws.append(cells)
    path = Path(path)
    wb.save(path)
    return path


def events_csv(path) -> Path:
    """The therapist's events: the rupture and its repair, both missed sessions, a note."""
    ev = pd.DataFrame({
        "case": CASE,
        "session": [RUPTURE, RUPTURE + 1, 7, BLANK, DROP_AFTER],
        "event": ["rupture_noted", "repair_noted", "missed_session", "missed_session",
                  "note"],
        "note": ["withdrawal", "metacommunication", "ill", "holiday",
                 "first week at the new job"]})
    ev.to_csv(path, index=False)
    return Path(path)


def phases_csv(path) -> Path:
    """A planned AB design: baseline sessions 1-6, treatment 7-32 (session 7 missed)."""
    ph = pd.DataFrame({"case": CASE, "phase": ["A", "B"], "start": [1, 7], "end": [6, 32],
                       "role": ["baseline", "intervention"], "definition": "a_priori",
                       "label": ["Baseline", "Treatment"]})
    ph.to_csv(path, index=False)
    return Path(path)


def redcap_export(path) -> Path:
    """A REDCap export with repeating instruments ``phq9`` and ``wai_sr`` for two records."""
    cols = (["record_id", "redcap_repeat_instrument", "redcap_repeat_instance", "age",
             "phq9_date"] + [f"phq9_{i}" for i in range(1, 10)] + ["phq9_complete"]
            + [f"wai_{i}" for i in range(1, 13)] + ["wai_sr_complete"])
    out = []
    for record, seed, age in ((CASE, SEED, 41), ("K33", SEED + 1, 29)):
        out.append({"record_id": record, "age": age})
        rows = [r for r in item_rows(seed) if "PHQ9_1" in r]
        for r in rows:
            out.append({"record_id": record, "redcap_repeat_instrument": "phq9",
                        "redcap_repeat_instance": r["Sitzung"],
                        "phq9_date": r["Datum"].isoformat(),
                        **{f"phq9_{i}": r[f"PHQ9_{i}"] for i in range(1, 10)},
                        "phq9_complete": 2})
        for r in rows:
            out.append({"record_id": record, "redcap_repeat_instrument": "wai_sr",
                        "redcap_repeat_instance": r["Sitzung"],
                        **{f"wai_{i}": r[f"WAI_{i}"] for i in range(1, 13)},
                        "wai_sr_complete": 2})
    frame = pd.DataFrame(out, columns=cols)
    for c in cols[2:]:
        if c not in ("phq9_date",):
            frame[c] = frame[c].astype("Int64")
    frame.to_csv(path, index=False)
    return Path(path)


REFUSED = [(12, "PHQ9_2"), (20, "WAI_5")]   # (session, item) answered "refused" (99)


def spss_file(path) -> Path:
    """An SPSS file, one row per session, 99 declared user-missing ("refused") on items."""
    import pyreadstat

    rows = [r for r in item_rows() if "PHQ9_1" in r]
    items = [c for c in COLUMNS if c.startswith(("PHQ9_", "WAI_")) and c != "PHQ9_total"]
    table = pd.DataFrame([{"id": CASE, "sitzung": r["Sitzung"],
                           **{c: float(r[c]) for c in items}} for r in rows])
    for session, col in REFUSED:
        table.loc[table["sitzung"] == session, col] = 99.0
    pyreadstat.write_sav(table, str(path), missing_ranges={c: [99] for c in items},
                         variable_value_labels={c: {99.0: "refused"} for c in items})
    return Path(path)
