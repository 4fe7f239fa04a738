"""casekit.schema: the column names and vocabularies of the tidy data model.

Roles and definitions follow the SCRIBE vocabulary (case-narrative proposal §5).
"""

from __future__ import annotations

from casekit import schema


def test_vocabularies():
    assert schema.RATINGS_REQUIRED == ("case", "session", "measure", "value")
    assert schema.PHASE_ROLES == ("baseline", "intervention", "maintenance", "follow_up")
    assert schema.PHASE_DEFINITIONS == ("a_priori", "data_driven", "post_hoc")
    assert "contract_agreed" in schema.EVENT_TYPES and "sudden_gain" in \
        schema.DERIVED_EVENT_TYPES
    assert set(schema.EVENT_TYPES).isdisjoint(schema.DERIVED_EVENT_TYPES)
    assert schema.DEFAULT_SENTINELS == (-9, -99, 999, ".")
