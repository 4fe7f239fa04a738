"""Realistic data for figure tests: the bundled simulated case and a messy gapped case.

``bundled()``: SIM-NPD-01 (``casekit.datasets.load_case``; invented data): 44 sessions,
21 therapist-noted events, phase labels too long to fit above their bands.

``messy()``: a case built here (seeded): 30 sessions of which 4, 9, 10 and 17 were missed and
session 21 has no PHQ-9 value; PHQ-9 scores that wander around the caseness cutoff (10) and
reach the top of the scale (27) under the event strip; WAI-SR from session 2; events on the
first and the last session and three on one session; phases with and without labels.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

import casekit as ck

MISSED = (4, 9, 10, 17)


@functools.cache
def bundled() -> dict:
    case = ck.datasets.load_case("SIM-NPD-01")
    scores = ck.score(case.ratings[case.ratings["item"].notna()])
    totals = scores[scores["scale"] == "total"].reset_index(drop=True)
    phq = totals[totals["measure"] == "PHQ-9"].reset_index(drop=True)
    wai = totals[totals["measure"] == "WAI-SR"].reset_index(drop=True)
    return {"phases": case.phases, "events": case.events, "scores": scores,
            "totals": totals, "phq": phq, "wai": wai}


@functools.cache
def messy() -> dict:
    rng = np.random.default_rng(20240601)
    sessions = np.array([s for s in range(1, 31) if s not in MISSED], dtype=float)
    phq = np.clip(np.round(np.where(sessions <= 12, 14.0, 8.0) + rng.normal(0, 3, sessions.size)),
                  0, 27)
    phq[sessions == 2] = 27.0           # the top of the scale, under the event strip
    phq[sessions == 14] = 10.0          # on the cutoff
    wai = np.clip(np.round(np.where(sessions <= 11, 40.0, 52.0) + rng.normal(0, 4, sessions.size)),
                  12, 60)
    wai[sessions == 20] = 30.0          # a rupture
    rows = [{"case": "M-01", "session": s, "measure": "PHQ-9", "value": v}
            for s, v in zip(sessions, phq, strict=True)]
    rows += [{"case": "M-01", "session": s, "measure": "WAI-SR", "value": v}
             for s, v in zip(sessions, wai, strict=True) if s > 1]
    data = pd.DataFrame(rows)
    data.loc[(data["measure"] == "PHQ-9") & (data["session"] == 21), "value"] = np.nan
    data["week"] = data["session"] + np.where(data["session"] > 15, 3, 0)   # a holiday
    phases = pd.DataFrame({"case": "M-01", "phase": ["A", "B", "C"], "start": [1, 6, 19],
                           "end": [5, 18, 30], "role": ["baseline", "intervention",
                                                        "follow_up"],
                           "label": ["Assessment", None, "Follow-up after the summer break "
                                                         "and the second contract"]})
    events = pd.DataFrame({"case": "M-01",
                           "session": [1, 2, 12, 12, 12, 20, 21, 30],
                           "event": ["contract_drafted", "rupture_noted", "rupture_noted",
                                     "repair_noted", "life_event", "rupture_noted",
                                     "repair_noted", "contract_revised"],
                           "note": ["goals", "withdrawal", "anger", "talked it through",
                                    "moved house", "late", "", "new goals"]})
    return {"data": data, "phases": phases, "events": events,
            "phq": data[data["measure"] == "PHQ-9"].reset_index(drop=True),
            "wai": data[data["measure"] == "WAI-SR"].reset_index(drop=True)}


def cohort(n=80, seed=2024) -> tuple[np.ndarray, np.ndarray]:
    """Pre/post PHQ-9 scores of a simulated group (integers 0-27)."""
    rng = np.random.default_rng(seed)
    pre = np.clip(np.round(rng.normal(17, 4, n)), 0, 27)
    post = np.clip(np.round(pre - rng.normal(6, 5, n)), 0, 27)
    return pre, post


def multiple_baseline_data(seed=11) -> pd.DataFrame:
    out = []
    for i, n_a in enumerate((5, 8, 11)):
        sim = ck.simulate.simulate_ab(n_a, 20 - n_a, level=18, level_shift=-8, phi=0.3,
                                      sigma=2.0, bounds=(0, 27), integer=True,
                                      case=f"Case {i + 1}", seed=seed + i)
        out.append(sim.data.assign(measure="PHQ-9"))
    d = pd.concat(out, ignore_index=True)
    return d[~((d["case"] == "Case 2") & d["session"].isin([7, 13]))]   # missed sessions
