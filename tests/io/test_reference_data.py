"""read_sessions on the shared R reference inputs (../shared/reference/data).

- ``ab_cases.csv``: the 57 AB series of SingleCaseES / scan / casekit simulations, long, one row
  per session with its phase. Read as a wide table with one measure column; the number of
  A-phase points per series must equal ``true_phase_change_after`` recorded with the
  changepoint reference values (``values/changepoint.json``, R 4.2.2), and the derived phase
  table must give one baseline and one intervention phase per series.
- ``suddengains_sgdata.csv``: ``suddengains::sgdata`` (Wiedemann et al. 2020, suddengains
  0.7.2, doi:10.1371/journal.pone.0230276), wide with the session in the column names
  (``bdi_s0 ... bdi_s12``, ``rq_s0 ... rq_s12``); blanks are missed sessions.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit import CaseDataWarning
from casekit.schema import phases_from_column
from tests._reference import N_SERIES, require

pytestmark = pytest.mark.reference


def quiet_read(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CaseDataWarning)  # incl. MissedSessionWarning
        return casekit.read_sessions(*args, **kw)


def test_ab_cases_phase_counts_match_changepoint_reference(reference_dir):
    df = quiet_read(reference_dir / "data" / "ab_cases.csv", measures={"outcome": "value"})
    raw = pd.read_csv(reference_dir / "data" / "ab_cases.csv")
    assert len(df) == len(raw)                                       # no row lost
    np.testing.assert_array_equal(df["value"].to_numpy(), raw["value"].to_numpy(dtype=float))
    assert df["session"].tolist() == raw["session"].tolist()
    assert df["improvement"].tolist() == raw["improvement"].tolist()   # extra column kept
    ref = json.loads((reference_dir / "values" / "changepoint.json").read_text())
    n_a = df[df["phase"] == "A"].groupby("case").size()
    checked = 0
    for s in ref["series"]:
        if s["true_phase_change_after"] is None:   # Nile
            continue
        assert n_a[s["case"]] == s["true_phase_change_after"], s["case"]
        checked += 1
    assert checked == N_SERIES
    table = phases_from_column(df)
    assert len(table) == 2 * N_SERIES
    roles = table.groupby("case")["role"].apply(list)
    assert all(r == ["baseline", "intervention"] for r in roles)
    # the derived table covers every session and agrees with the column
    assert casekit.validate(df, phases=table, warn=False).ok


def test_suddengains_sgdata_wide_sessions_in_names(reference_dir):
    path = require(reference_dir / "data" / "suddengains_sgdata.csv")
    df = quiet_read(path, columns={"id": "case"},
                    measures={"BDI": r"bdi_s(?P<session>\d+)", "RQ": r"rq_s(?P<session>\d+)"})
    raw = pd.read_csv(path)
    assert len(df) == 43 * 13 * 2                                  # one row per cell
    bdi = df[df["measure"] == "BDI"].pivot(index="case", columns="session", values="value")
    expected = raw.set_index(raw["id"].astype(str))[[f"bdi_s{k}" for k in range(13)]]
    np.testing.assert_array_equal(bdi.loc[expected.index].to_numpy(),
                                  expected.to_numpy(dtype=float))
    # blanks are missing values without a code; nothing else is missing
    assert df["value"].isna().sum() == raw.filter(regex=r"_s\d+$").isna().sum().sum()
    assert df["missing_code"].isna().all()
    # follow-up columns were not mapped: kept as extra columns
    assert df.loc[df["case"] == "1", "bdi_fu1"].unique().tolist() == [10]
