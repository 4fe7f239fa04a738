"""The committed SIM-NPD-01 data files are exactly what the generator writes.

``scripts/make_case_data.py`` (seed ``casekit.simulate.SIM_NPD_01_SEED``) is regenerated into a
temporary folder and every CSV file is compared byte by byte with the committed copy in
``data/``. The data are a SIMULATION (no patient data); see ``data/README.md``.
"""

from __future__ import annotations

import csv
import importlib.util
import math

import pandas as pd
import pytest

from casekit.simulate import SIM_NPD_01_SEED, simulate_case_sim_npd_01


@pytest.fixture(scope="module")
def script(project_root):
    spec = importlib.util.spec_from_file_location(
        "make_case_data", project_root / "scripts" / "make_case_data.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def fresh(script, tmp_path_factory):
    out = tmp_path_factory.mktemp("case_data")
    return script.write_case_data(out)


@pytest.mark.parametrize("table", ["ratings", "events", "phases"])
def test_committed_files_are_byte_identical(fresh, script, project_root, table):
    committed = project_root / "data" / script.FILES[table]
    assert committed.read_bytes() == fresh[table].read_bytes(), (
        f"{committed.name} differs from a fresh run: regenerate with "
        "`python scripts/make_case_data.py` and commit the result")


def test_byte_stable_format(fresh):
    raw = fresh["ratings"].read_bytes()
    assert b"\r\n" not in raw and raw.endswith(b"\n")
    header = raw.split(b"\n", 1)[0].decode()
    assert header == "case,session,week,date,measure,rater,item,scale,value,phase"


def test_csv_round_trip_matches_generator(fresh):
    """Reading the CSV back gives the generator's values exactly (nothing lost in formatting)."""
    case = simulate_case_sim_npd_01(seed=SIM_NPD_01_SEED)
    back = pd.read_csv(fresh["ratings"])
    assert len(back) == len(case.ratings)
    for a, b in zip(back["value"], case.ratings["value"], strict=True):
        assert math.isclose(a, b, rel_tol=0, abs_tol=1e-12)
    assert back["item"].isna().tolist() == case.ratings["item"].isna().tolist()
    ev = pd.read_csv(fresh["events"])
    assert ev["event_id"].tolist() == case.events["event_id"].tolist()


def test_readme_and_registry_rows(fresh, project_root, script):
    text = fresh["readme"].read_text(encoding="utf-8")
    assert "SIMULATION" in text and f"seed={SIM_NPD_01_SEED}" in text
    assert "CC BY 4.0" in text and "make_case_data.py" in text
    with (project_root / "data" / "datasets.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ours = {r["file"]: r for r in rows if r["case"] == "SIM-NPD-01"}
    assert set(ours) >= set(script.FILES.values())
    for r in ours.values():
        assert r["simulated"].lower() == "true"
        assert f"seed {SIM_NPD_01_SEED}" in r["source"]
        assert (project_root / "data" / r["file"]).is_file()


def test_unformattable_value_raises(script):
    bad = pd.DataFrame({"measure": ["PHQ-9"], "value": [2.5]})
    with pytest.raises(ValueError, match="does not fit 0 decimals"):
        script._format_values(bad)
