"""autocorrelation: the acf formula, short and constant phases, gaps, arguments."""

from __future__ import annotations

import numpy as np
import pytest

from casekit.describe import AutocorrelationResult, autocorrelation


def _acf(y, k):
    d = np.asarray(y, float) - np.mean(y)
    return float(d[:-k] @ d[k:] / (d @ d))


def test_formula_per_phase_and_whole_series():
    y = [3.0, 5.0, 4.0, 6.0, 8.0, 7.0, 9.0, 8.0]
    res = autocorrelation(y, phases=["A"] * 4 + ["B"] * 4, max_lag=2)
    assert isinstance(res, AutocorrelationResult) and res.max_lag == 2
    t = res.summary.set_index("phase")
    assert list(t.index) == ["A", "B", "all"] and list(t.columns) == ["n", "lag_1", "lag_2"]
    for k in (1, 2):
        assert t.loc["A", f"lag_{k}"] == pytest.approx(_acf(y[:4], k), abs=1e-14)
        assert t.loc["all", f"lag_{k}"] == pytest.approx(_acf(y, k), abs=1e-14)


def test_lags_of_n_or_more_and_constant_phases_are_nan():
    res = autocorrelation([1.0, 2.0, 4.0, 4.0, 4.0, 4.0], phases=["A"] * 2 + ["B"] * 4)
    t = res.summary.set_index("phase")
    assert not np.isnan(t.loc["A", "lag_1"]) and np.isnan(t.loc["A", "lag_2"])
    assert t.loc[["B"], ["lag_1", "lag_2", "lag_3"]].isna().all(axis=None)


def test_missed_sessions_are_noted():
    res = autocorrelation([1.0, 3.0, 2.0, 4.0], sessions=[1, 2, 4, 5])
    assert res.summary["phase"].tolist() == ["all"]
    assert any("lags count observations" in n for n in res.notes)


def test_max_lag_is_validated():
    with pytest.raises(ValueError, match="max_lag must be >= 1"):
        autocorrelation([1.0, 2.0, 3.0], max_lag=0)
    with pytest.raises(TypeError, match="max_lag must be an integer"):
        autocorrelation([1.0, 2.0, 3.0], max_lag=1.5)
