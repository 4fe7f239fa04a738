"""The report template chooses the comparison the data support (notebooks/case_template.py, §2).

Rules, in order (at least 5 scores per period, Kratochwill et al. 2013,
doi:10.1177/0741932512452794): (1) baseline phase vs last phase; (2) split at the first
``phase_change`` / ``contract_agreed`` event; (3) first phase with 5 scores vs last phase;
(4) baseline vs last, flagged. Rule 2 on the bundled case is checked by the stored outputs of
the notebook itself (nbval: sessions 1-18 vs 19-44, as the case-study notebook); here the
template runs with papermill on the bundled teaching case (simulated) written to CSV files
without its ``contract_agreed`` event, which falls through to rule 3.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import casekit

TEMPLATE = Path(__file__).resolve().parents[2] / "notebooks" / "case_template.ipynb"


def _execute(tmp_path, **params):
    pm = pytest.importorskip("papermill")
    out = tmp_path / "out"
    pm.execute_notebook(str(TEMPLATE), str(tmp_path / "run.ipynb"), progress_bar=False,
                        kernel_name="python3", cwd=str(tmp_path),
                        parameters={"output_dir": str(out), **params})
    return out


def _case_files(tmp_path):
    case = casekit.datasets.load_case("SIM-NPD-01")
    events = case.events[case.events["event"] != "contract_agreed"]
    for name, table in (("ratings", case.ratings), ("events", events), ("phases", case.phases)):
        table.to_csv(tmp_path / f"{name}.csv", index=False)
    return {name: str(tmp_path / f"{name}.csv") for name in ("ratings", "events", "phases")}


@pytest.mark.slow
def test_short_baseline_without_split_event_uses_first_long_phase(tmp_path):
    files = _case_files(tmp_path)
    out = _execute(tmp_path, data_file=files["ratings"], events_file=files["events"],
                   phases_file=files["phases"])
    cmp_ = pd.read_csv(out / "table6_comparison.csv").iloc[0]
    # P0 (intake) has 3 PHQ-9 scores, no contract_agreed event: P1 (sessions 4-10, 7 scores)
    # against P4 (sessions 35-44, 10 scores)
    assert (cmp_["baseline"], cmp_["treatment"]) == ("P1", "P4")
    assert (cmp_["n_baseline"], cmp_["n_treatment"]) == (7, 10)
    pw = pd.read_csv(out / "table6_piecewise_regression.csv").set_index("term")
    # P0 vs P4 gave a level-change CI 173 points wide; P1 vs P4 37 points
    assert pw.loc["level", "ci_upper"] - pw.loc["level", "ci_lower"] < 60
    paragraph = (out / "results_paragraph.txt").read_text(encoding="utf-8")
    assert "Comparing P1 (sessions 4-10) with P4 (sessions 35-44)" in paragraph


@pytest.mark.slow
def test_phase_parameters_without_phases_are_an_error(tmp_path):
    pm = pytest.importorskip("papermill")
    case = casekit.datasets.load_case("SIM-NPD-01")
    case.ratings.drop(columns="phase").to_csv(tmp_path / "ratings.csv", index=False)
    with pytest.raises(pm.PapermillExecutionError, match="baseline_phase / treatment_phase"):
        _execute(tmp_path, data_file=str(tmp_path / "ratings.csv"), baseline_phase="P1")
