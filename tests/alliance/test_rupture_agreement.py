"""Detected rupture-repair episodes against the ruptures a therapist noted.

Detections and notes are different sources and are never merged (Eubanks, Muran & Safran 2018,
doi:10.1037/pst0000185); series are built by design.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.alliance import RuptureAgreementResult, rupture_agreement, rupture_repair

WAI = [40, 41, 40, 33, 39, 41, 40, 41, 40, 41]


def v_series(n=20, base=45.0, dips=()):
    x = np.full(n, base)
    for start, depth, length in dips:
        x[start - 1:start - 1 + length] -= depth
    return x


def _episodes_and_events():
    ep = rupture_repair(values=WAI, improvement="increase", case="C1")
    events = pd.DataFrame({"case": ["C1"], "session": [4], "event": ["rupture_noted"],
                           "note": ["withdrawal"]})
    return ep, events


def test_agreement_with_noted_ruptures():
    x = v_series(dips=[(8, 7, 1), (15, 7, 1)])
    eps = rupture_repair(values=x, improvement="increase", criterion="points", points=5,
                         case="C1", measure="WAI-SR")
    events = pd.DataFrame({"case": ["C1", "C1"], "session": [2, 8],
                           "event": ["rupture_noted", "rupture_noted"],
                           "note": ["withdrawal, no drop", "confrontation"]})
    agr = rupture_agreement(eps, events)
    assert isinstance(agr, RuptureAgreementResult)
    assert agr.summary["detected_points"].tolist() == [False, True]
    assert agr.unnoted["start"].tolist() == [15]
    c = agr.counts.iloc[0]
    assert (c.noted, c.noted_detected, c.noted_missed, c.detections, c.detections_unnoted) == (
        2, 1, 1, 2, 1)
    assert "Counts" in repr(agr)


def test_a_note_inside_an_episode_counts_as_detected():
    # episode from session 8 to its repair at 10; a note at session 10 is inside it
    x = v_series(dips=[(8, 7, 2)])
    eps = rupture_repair(values=x, improvement="increase", criterion="points", points=5,
                         case="C1")
    events = pd.DataFrame({"case": "C1", "session": [10, 13], "event": "rupture_noted"})
    agr = rupture_agreement(eps, events, tolerance=0)
    assert agr.summary["detected_points"].tolist() == [True, False]
    assert agr.summary["note"].tolist() == ["", ""]


def test_rupture_agreement_unknown_event_type_is_an_error():
    # a mistyped event type used to give "0 noted" without a word
    ep, events = _episodes_and_events()
    with pytest.raises(ValueError, match="rupture_noted"):
        rupture_agreement(ep, events, event="rupture")


def test_rupture_agreement_known_type_without_rows_is_fine():
    ep, events = _episodes_and_events()
    res = rupture_agreement(ep, events, event="repair_noted")
    assert len(res.summary) == 0
    res = rupture_agreement(ep, events)
    assert res.summary["detected_by"].tolist() == ["stiles2sd"]


def test_rupture_agreement_custom_type_present_in_table_is_fine():
    ep, events = _episodes_and_events()
    events["event"] = "3rs_marker"
    res = rupture_agreement(ep, events, event="3rs_marker")
    assert len(res.summary) == 1


def test_column_names_and_the_old_name():
    ep, events = _episodes_and_events()
    renamed = events.rename(columns={"session": "week", "case": "client"})
    res = rupture_agreement(ep, renamed, session_col="week", case_col="client")
    assert res.summary["detected_by"].tolist() == ["stiles2sd"]
    with pytest.warns(FutureWarning, match="'session' is now called 'session_col'"):
        old = rupture_agreement(ep, events.rename(columns={"session": "week"}), session="week")
    assert old.summary["session"].tolist() == [4]
    with pytest.raises(ValueError, match="events has no column 'week'"):
        rupture_agreement(ep, events, session_col="week")


def test_episode_table_without_its_columns_is_an_error():
    _, events = _episodes_and_events()
    with pytest.raises(ValueError, match="episodes lacks the column"):
        rupture_agreement(pd.DataFrame({"case": ["C1"], "start": [4]}), events)
