"""Session-by-session reliable change (casekit's own method; domain/methods.md section 3.3).

No anchor package computes this, so the expected numbers are the Jacobson & Truax (1991)
formulas written out by hand (doi:10.1037/0022-006X.59.1.12): S_diff = sqrt(2) SEM against a
single score, SEM sqrt(1 + 1/k) against a k-session baseline mean. Tolerance 1e-12.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import casekit
from casekit.clinical import session_reliable_change
from casekit.exceptions import CaseDataError

SERIES = [22, 21, 23, 18, 15, 12, 10, 9]


def test_against_first_session():
    res = session_reliable_change(SERIES, sd=6.0, reliability=0.85, improvement="decrease")
    sem = 6.0 * math.sqrt(0.15)
    s_diff = math.sqrt(2) * sem
    s = res.summary
    assert list(s.columns) == ["session", "value", "reference", "change", "rci", "band_lower",
                               "band_upper", "category", "clinical"]
    np.testing.assert_allclose(s["rci"], (np.array(SERIES) - 22) / s_diff, rtol=1e-12)
    np.testing.assert_allclose(s["band_lower"], 22 - 1.96 * s_diff, rtol=1e-12)
    np.testing.assert_allclose(s["band_upper"], 22 + 1.96 * s_diff, rtol=1e-12)
    expected = ["improved" if (v - 22) / s_diff < -1.96 else "unchanged" for v in SERIES]
    assert s["category"].tolist() == expected
    assert res.s_diff == pytest.approx(s_diff, rel=1e-12)
    assert s["clinical"].isna().all()


def test_baseline_mean_uses_smaller_se():
    res = session_reliable_change(SERIES, sd=6.0, reliability=0.85, improvement="decrease",
                                  reference="baseline_mean", baseline_sessions=3)
    sem = 6.0 * math.sqrt(0.15)
    assert res.reference_value == pytest.approx(22.0, rel=1e-12)
    assert res.s_diff == pytest.approx(sem * math.sqrt(1 + 1 / 3), rel=1e-12)
    assert res.k_baseline == 3
    assert any("sqrt(1 + 1/k)" in n for n in res.notes)
    # the same baseline given as session numbers
    res2 = session_reliable_change(SERIES, sd=6.0, reliability=0.85, improvement="decrease",
                                   reference="baseline_mean", baseline_sessions=[1, 2, 3])
    np.testing.assert_allclose(res2.summary["rci"], res.summary["rci"], rtol=1e-12)


def test_stated_reference_and_cutoff():
    res = session_reliable_change(SERIES, sd=6.0, reliability=0.85, improvement="decrease",
                                  reference=25.0, cutoff=14.0)
    s = res.summary
    assert (s["reference"] == 25.0).all()
    # recovered needs reliable improvement and a post score strictly below the cutoff
    assert s.loc[s["value"] == 12, "category"].item() == "recovered"
    assert s.loc[s["value"] == 15, "category"].item() == "improved"
    assert s["clinical"].tolist() == [v > 14 for v in SERIES]


def test_reliable_improvement_from():
    res = session_reliable_change([22, 21, 12, 20, 12, 11, 10], sd=6.0, reliability=0.85,
                                  improvement="decrease")
    # session 3 is improved, 4 is not, so the stable run starts at session 5
    assert res.summary["category"].tolist()[2:5] == ["improved", "unchanged", "improved"]
    assert res.reliable_improvement_from() == 5
    none = session_reliable_change([22, 21, 22], sd=6.0, reliability=0.85,
                                   improvement="decrease")
    assert none.reliable_improvement_from() is None


def test_phq9_published_band_and_long_data():
    df = pd.DataFrame({"case": "A", "session": [1, 2, 3, 4], "value": [18, 15, 12, 8]})
    res = session_reliable_change(df, instrument="PHQ-9", cutoff="instrument")
    s = res.summary
    assert s["band_lower"].iloc[0] == 12.0 and s["band_upper"].iloc[0] == 24.0
    # a change of exactly 6 meets the registry rule '>='
    assert s["category"].tolist() == ["unchanged", "unchanged", "improved", "recovered"]
    assert s["clinical"].tolist() == [True, True, True, False]
    assert "published RCI" in res.sd_source


def test_alliance_increase():
    res = session_reliable_change([4.0, 4.1, 4.9, 5.6], sd=0.8, reliability=0.9,
                                  improvement="increase")
    s_diff = math.sqrt(2) * 0.8 * math.sqrt(0.1)
    assert res.summary["category"].tolist() == [
        "improved" if (v - 4.0) / s_diff > 1.96 else "unchanged" for v in [4.0, 4.1, 4.9, 5.6]]
    assert res.summary["category"].iloc[-1] == "improved"


def test_errors():
    with pytest.raises(ValueError, match="sd="):
        session_reliable_change(SERIES, improvement="decrease")
    with pytest.raises(ValueError, match="baseline_sessions"):
        session_reliable_change(SERIES, sd=6, reliability=0.8, improvement="decrease",
                                reference="baseline_mean")
    with pytest.raises(ValueError, match="reference must be one of"):
        session_reliable_change(SERIES, sd=6, reliability=0.8, improvement="decrease",
                                reference="mean")
    with pytest.raises(ValueError, match="missing values"):
        session_reliable_change([1, np.nan, 3], sd=6, reliability=0.8, improvement="decrease")
    two = pd.DataFrame({"case": ["A", "B"], "session": [1, 1], "value": [3, 4]})
    with pytest.raises(ValueError, match="several cases"):
        session_reliable_change(two, sd=6, reliability=0.8, improvement="decrease")
    dup = pd.DataFrame({"session": [1, 1], "value": [3, 4]})
    with pytest.raises(CaseDataError):
        session_reliable_change(dup, sd=6, reliability=0.8, improvement="decrease")


def test_lazy_name():
    assert casekit.session_reliable_change is session_reliable_change
