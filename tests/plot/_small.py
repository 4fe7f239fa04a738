"""Small synthetic tidy tables and artist finders shared by the figure tests."""

from __future__ import annotations

import numpy as np
import pandas as pd


def make_case(case="c1", n=12, missing_session=7, nan_session=10, week_break_after=5):
    """Two measures; session `missing_session` is absent, `nan_session` has NaN PHQ-9."""
    sessions = [s for s in range(1, n + 1) if s != missing_session]
    week = {s: s + (2 if s > week_break_after else 0) for s in range(1, n + 1)}
    phq = {s: 20.0 - s for s in sessions}
    phq[nan_session] = np.nan
    rows = []
    for s in sessions:
        rows.append({"case": case, "session": s, "week": week[s], "measure": "PHQ-9",
                     "value": phq[s], "phase": "A" if s <= 4 else ("B" if s <= 9 else "C")})
        rows.append({"case": case, "session": s, "week": week[s], "measure": "WAI-SR",
                     "value": 30.0 + s, "phase": "A" if s <= 4 else ("B" if s <= 9 else "C")})
    return pd.DataFrame(rows)


PHASES = pd.DataFrame({"case": "c1", "phase": ["A", "B", "C"], "start": [1, 5, 10],
                       "end": [4, 9, 12], "role": ["baseline", "intervention", "follow_up"],
                       "label": ["Baseline", "Treatment", "Follow-up"]})


EVENTS = pd.DataFrame({"case": "c1", "session": [2, 6, 6, 11],
                       "event": ["rupture_noted", "repair_noted", "contract_agreed",
                                 "life_event"],
                       "note": ["withdrawal", "", "", "sister ill"]})


def by_label(artists, label):
    return [a for a in artists if a.get_label() == label]


def series_line(ax, label="PHQ-9"):
    (line,) = by_label(ax.lines, label)
    return line


PHQ = [19, 19, 18, 19, 18, 17, 18, 17, 9, 8, 8, 7, 8, 7, 6, 7.0]     # gain 8 -> 9 (17 -> 9)


WAI = [40, 41, 40, 41, 32, 38, 41, 42, 41, 42, 43, 35, 37, 36, 36, 37.0]


def result_data():
    rows = [{"case": "c", "session": s, "measure": "PHQ-9", "value": v}
            for s, v in enumerate(PHQ, 1)]
    rows += [{"case": "c", "session": s, "measure": "WAI-SR", "value": v}
             for s, v in enumerate(WAI, 1)]
    return pd.DataFrame(rows)


def legend_title(ax):
    return ax.get_legend().get_title().get_text().replace("\n", " ")


def span(p):
    return (p.get_x(), p.get_x() + p.get_width())


EPISODES = pd.DataFrame({"case": "c", "measure": "WAI-SR", "criterion": "stiles2sd",
                         "start": [5, 12], "nadir": [5, 12], "repair_session": [7, np.nan],
                         "status": ["repaired", "censored"]})


NOTED = pd.DataFrame({"session": [5, 6, 12], "event": ["rupture_noted", "repair_noted",
                                                       "rupture_noted"]})


def mb_data():
    """Three cases, phases A/B with staggered starts (Ann 4, Ben 6, Cy 9)."""
    rows = []
    starts = {"Ann": 4, "Ben": 6, "Cy": 9}
    for case, b in starts.items():
        for s in range(1, 13):
            rows.append({"case": case, "session": s, "measure": "PHQ-9",
                         "value": 18.0 if s < b else 9.0, "phase": "A" if s < b else "B"})
    return pd.DataFrame(rows), starts
