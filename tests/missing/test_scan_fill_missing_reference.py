"""Gap filling against scan 0.67.1 ``fill_missing`` (6 series).

R call (``../shared/reference/README.md``, ``values/scan_fill_missing.json``):

    fill_missing(scdf(values = value, phase = phase, mt = session))    # na.rm = TRUE

on the three ``scan_Grosche2011`` series (gaps in ``mt``) and on copies of ``sim01``, Johanna and
``Lilly | On Task Behavior`` with two sessions removed (``input_values``; for Lilly the last A
and the first B session, the "boundary" copy).

scan's behaviour is casekit's ``boundary="previous"``: every filled session, value and phase must
agree (values are closed-form interpolations: atol 1e-12; observed 4e-14). casekit's default
``boundary="leave"`` leaves a gap across the A/B change missing and fills the others with the
same values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.missing import fill_missing
from tests._reference import count, load_data, load_values

N_SERIES = count(6, 1)  # series with gaps or removed sessions (1 of them simulated)
ATOL = 1e-12


@pytest.fixture(scope="module")
def reference(reference_dir):
    ref = load_values(reference_dir, "scan_fill_missing.json")
    assert len(ref["series"]) == N_SERIES
    return ref["series"], load_data(reference_dir, "ab_cases.csv")


def _input(reference, i):
    series, ab = reference
    c = series[i]
    if "input_values" in c:
        iv = c["input_values"]
        d = pd.DataFrame({"session": iv["session"], "phase": iv["phase"], "value": iv["value"]})
    else:
        d = ab[(ab["dataset"] == c["dataset"]) & (ab["case"] == c["case"])]
    return c, d


@pytest.mark.reference
@pytest.mark.parametrize("i", range(N_SERIES))
def test_fill_missing_as_scan(reference, i):
    # R: fill_missing(scdf(values, phase, mt))
    c, d = _input(reference, i)
    res = fill_missing(d, boundary="previous")
    want = c["result"]["filled"]
    got = res.data
    assert got["session"].tolist() == want["mt"]
    assert got["phase"].tolist() == want["phase"]
    np.testing.assert_allclose(got["value"], want["values"], rtol=0, atol=ATOL)
    added = c["result"]["interpolated"]
    imputed = got[got["imputed"]]
    assert imputed["session"].tolist() == [r["mt"] for r in added] == c["missing_sessions"]
    assert imputed["phase"].tolist() == [r["phase"] for r in added]
    np.testing.assert_allclose(imputed["value"], [r["value"] for r in added], rtol=0,
                               atol=ATOL)
    assert res.filled_sessions == c["missing_sessions"] and res.unfilled_sessions == []


@pytest.mark.reference
@pytest.mark.parametrize("i", range(N_SERIES))
def test_default_leaves_gaps_across_the_phase_change(reference, i):
    c, d = _input(reference, i)
    scan = fill_missing(d, boundary="previous").data.set_index("session")
    res = fill_missing(d)
    phase = d.set_index("session")["phase"]
    last_a, first_b = phase[phase == "A"].index.max(), phase[phase == "B"].index.min()
    across = [s for s in c["missing_sessions"] if last_a < s < first_b]
    assert res.unfilled_sessions == across
    assert sorted(res.filled_sessions + across) == c["missing_sessions"]
    mine = res.data.set_index("session")
    for s in res.filled_sessions:                  # the same values where both fill
        assert mine.loc[s, "value"] == pytest.approx(scan.loc[s, "value"], abs=ATOL)
        assert mine.loc[s, "phase"] == scan.loc[s, "phase"]
    if c["case"] == "Lilly | On Task Behavior":   # the boundary copy: sessions 8 (A), 9 (B)
        assert across == [8, 9] and scan.loc[9, "phase"] == "A"
