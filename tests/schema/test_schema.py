"""casekit.schema: vocabularies and the two phase helpers (assign_phases, phases_from_column).

Phase boundaries used below follow the SIM-NPD-01 design table of the case-narrative proposal
(§3: P0 1-3, P1 4-10, P2 11-18, ...), roles and definitions the SCRIBE vocabulary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit import CaseDataError, schema


def ratings(sessions, case="c1"):
    return pd.DataFrame({"case": case, "session": sessions, "measure": "PHQ-9",
                         "value": np.arange(len(sessions), dtype=float)})


PHASES = pd.DataFrame({"case": "c1", "phase": ["P0", "P1", "P2"], "start": [1, 4, 11],
                       "end": [3, 10, 18], "role": ["baseline", "intervention", "intervention"],
                       "definition": "post_hoc"})


def test_vocabularies():
    assert schema.RATINGS_REQUIRED == ("case", "session", "measure", "value")
    assert schema.PHASE_ROLES == ("baseline", "intervention", "maintenance", "follow_up")
    assert schema.PHASE_DEFINITIONS == ("a_priori", "data_driven", "post_hoc")
    assert "contract_agreed" in schema.EVENT_TYPES and "sudden_gain" in \
        schema.DERIVED_EVENT_TYPES
    assert set(schema.EVENT_TYPES).isdisjoint(schema.DERIVED_EVENT_TYPES)
    assert schema.DEFAULT_SENTINELS == (-9, -99, 999, ".")


def test_assign_phases_by_session_ranges():
    r = ratings([1, 3, 4, 10, 11, 18])
    out = schema.assign_phases(r, PHASES)
    assert out["phase"].tolist() == ["P0", "P0", "P1", "P1", "P2", "P2"]
    assert list(out.columns[:3]) == ["case", "session", "phase"]
    assert "phase" not in r.columns  # input untouched


def test_assign_phases_per_case():
    r = pd.concat([ratings([1, 5], "c1"), ratings([1, 5], "c2")], ignore_index=True)
    ph = pd.concat([PHASES, PHASES.assign(case="c2", start=[1, 2, 11], end=[1, 10, 18])],
                   ignore_index=True)
    assert schema.assign_phases(r, ph)["phase"].tolist() == ["P0", "P1", "P0", "P1"]


def test_assign_phases_reports_uncovered_and_overlapping_rows():
    r = ratings([1, 19, 20, 2])
    ph = pd.concat([PHASES, PHASES.iloc[[0]].assign(phase="X", start=2, end=2)],
                   ignore_index=True)
    with pytest.raises(CaseDataError) as exc:
        schema.assign_phases(r, ph)
    p = exc.value.problems
    assert p["row"].tolist() == [1, 2, 3]
    assert p["problem"].tolist()[:2] == ["session of case 'c1' falls in no phase"] * 2
    assert p["problem"].iloc[2] == "session of case 'c1' falls in 2 overlapping phases"


def test_assign_phases_will_not_overwrite_silently():
    r = schema.assign_phases(ratings([1, 4]), PHASES)
    with pytest.raises(ValueError, match="overwrite=True"):
        schema.assign_phases(r, PHASES)
    assert schema.assign_phases(r, PHASES, overwrite=True)["phase"].tolist() == ["P0", "P1"]


def test_assign_phases_missing_columns():
    with pytest.raises(CaseDataError, match="required column 'start' is missing from phases"):
        schema.assign_phases(ratings([1]), PHASES.drop(columns="start"))
    with pytest.raises(TypeError, match="ratings must be a pandas DataFrame"):
        schema.assign_phases([1, 2], PHASES)


def test_phases_from_column_round_trip():
    r = schema.assign_phases(ratings(list(range(1, 19))), PHASES)
    table = schema.phases_from_column(r, roles={"P0": "baseline", "P1": "intervention",
                                                "P2": "intervention"}, definition="post_hoc")
    pd.testing.assert_frame_equal(table, PHASES.astype({"case": "str", "phase": "str",
                                                        "role": "str", "definition": "str"}))
    back = schema.assign_phases(r.drop(columns="phase"), table)
    assert back["phase"].tolist() == r["phase"].tolist()


def test_phases_from_column_runs_default_roles_and_gaps():
    r = ratings([1, 2, 3, 5, 6, 7])
    r["phase"] = ["A", "A", "B", "B", "A", "A"]
    t = schema.phases_from_column(r)
    assert t[["phase", "start", "end", "role"]].values.tolist() == [
        ["A", 1, 2, "baseline"], ["B", 3, 5, "intervention"],
        ["A", 6, 7, "baseline"]]
    assert (t["definition"] == "a_priori").all()


def test_phases_from_column_errors():
    r = ratings([1, 2, 2])
    r["phase"] = ["A", "A", "B"]
    with pytest.raises(CaseDataError, match="session 2 of case 'c1' has more than one phase"):
        schema.phases_from_column(r)
    r["phase"] = ["A", None, "Z"]
    with pytest.raises(CaseDataError) as exc:
        schema.phases_from_column(r.iloc[[0, 1]])
    assert exc.value.problems["row"].tolist() == [1]
    with pytest.raises(ValueError, match="roles must give a role for the phase labels 'Z'"):
        schema.phases_from_column(r.iloc[[0, 2]])
    with pytest.raises(ValueError, match="definition must be one of 'a_priori'"):
        schema.phases_from_column(r.iloc[[0]], definition="planned")
    with pytest.raises(ValueError, match=r"roles\['Z'\] must be one of"):
        schema.phases_from_column(r.iloc[[0, 2]], roles={"Z": "treatment"})
