"""Shared pieces of the registry tests."""

from __future__ import annotations

REQUIRED = ["PHQ-9", "GAD-7", "BDI-II", "OQ-45", "ORS", "SRS", "CORE-10", "WAI-SR", "WAI-S",
            "HAq-II", "SCL-90-R", "DASS-21", "PID-5-BF", "CORE-OM", "SAI"]


# ------------------------------------------------------------------ check() catches problems
def pq_dict(**over):
    d = {"name": "PQ-test", "n_items": 3, "item_min": 1, "item_max": 7,
         "higher_is_better": False,
         "scales": {"total": {"items": [1, 2, 3], "score_type": "mean", "min": 1, "max": 7}}}
    d.update(over)
    return d
