"""The in-repo R reference values (tests/reference_values) are the shared sim series, unchanged.

They must hold casekit's simulated series only (no public example data) and, when the shared
folder is present, equal its ``dataset == "sim"`` entries exactly.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests._reference import FULL, IN_REPO, SHARED

VALUES = sorted(p.name for p in (IN_REPO / "values").glob("*.json"))


def test_in_repo_folder_holds_only_the_simulated_series():
    assert len(VALUES) == 12
    ab = pd.read_csv(IN_REPO / "data" / "ab_cases.csv")
    assert set(ab["dataset"]) == {"sim"}
    assert sorted(ab["case"].unique()) == [f"sim{i:02d}" for i in range(1, 9)]
    assert sorted(p.name for p in (IN_REPO / "data").iterdir()) == [
        "ab_cases.csv", "sim_ab.csv", "sim_ab_spec.csv"]
    for name in VALUES:
        v = json.loads((IN_REPO / "values" / name).read_text(encoding="utf-8"))
        entries = v.get("cases", v.get("series"))
        assert entries and {e["dataset"] for e in entries} == {"sim"}, name
        assert "R_version" in v["meta"] and "extracted" in v["meta"], name


@pytest.mark.skipif(not FULL, reason="shared reference folder absent")
@pytest.mark.parametrize("name", VALUES)
def test_in_repo_values_equal_the_shared_sim_entries(name):
    mine = json.loads((IN_REPO / "values" / name).read_text(encoding="utf-8"))
    full = json.loads((SHARED / "values" / name).read_text(encoding="utf-8"))
    key = "cases" if "cases" in mine else "series"
    assert mine[key] == [e for e in full[key] if e.get("dataset") == "sim"]
    for k, v in full["meta"].items():
        if k not in ("errors", "documented_examples_LOR"):
            assert mine["meta"][k] == v, (name, k)


@pytest.mark.skipif(not FULL, reason="shared reference folder absent")
def test_in_repo_data_equal_the_shared_sim_rows():
    ab = pd.read_csv(SHARED / "data" / "ab_cases.csv")
    pd.testing.assert_frame_equal(pd.read_csv(IN_REPO / "data" / "ab_cases.csv"),
                                  ab[ab["dataset"] == "sim"].reset_index(drop=True),
                                  check_dtype=False)  # NA rows elsewhere make it float
    for name in ("sim_ab.csv", "sim_ab_spec.csv"):
        assert (IN_REPO / "data" / name).read_bytes() == (SHARED / "data" / name).read_bytes()
