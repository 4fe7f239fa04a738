"""simulate_series: the phase model, truth, seeds, bounds and rounding, breaks, missed sessions.

Model (casekit.simulate module docstring): mu_t = level_j + slope_j (t - s_j) in phase j;
y_t = round(clip(mu_t + e_t)) with stationary AR(1) noise of marginal SD sigma.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from casekit.simulate import SimulatedSeries, simulate_series


def test_series_truth_and_change_points():
    sim = simulate_series(20, phases=[{"length": 5, "level": 18.0, "name": "A"},
                                      {"length": 7, "level": 10.0, "slope": -0.5, "name": "B"},
                                      {"level": 6.0, "name": "C"}],
                          phi=0.3, sigma=1.0, seed=11)
    assert isinstance(sim, SimulatedSeries)
    assert sim.change_points == [5, 12] and sim.change_sessions == [5, 12]
    t = sim.truth
    assert t["start"].tolist() == [1, 6, 13] and t["end"].tolist() == [5, 12, 20]
    assert t["n"].tolist() == [5, 7, 8]
    mu = sim.data["true_value"].to_numpy()
    np.testing.assert_allclose(mu[:5], 18.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(mu[5:12], 10.0 - 0.5 * np.arange(7), rtol=0, atol=1e-12)
    assert math.isclose(t["true_mean"].iloc[1], 10.0 - 0.5 * 3, abs_tol=1e-12)
    assert sim.seed == 11 and sim.method_card["seed"] == 11
    assert isinstance(sim.phi, float) and isinstance(sim.n_clipped, int)


def test_series_zero_noise_is_the_truth():
    sim = simulate_series(6, phases=[{"length": 3, "level": 2.0, "slope": 1.0},
                                     {"length": 3, "level": 0.5}], sigma=0.0, seed=1)
    np.testing.assert_array_equal(sim.data["value"], sim.data["true_value"])


def test_series_seed_reproducible_and_different():
    kw = dict(phases=[{"level": 10.0}], phi=0.5, sigma=2.0)
    a = simulate_series(30, seed=5, **kw).data["value"]
    b = simulate_series(30, seed=5, **kw).data["value"]
    c = simulate_series(30, seed=6, **kw).data["value"]
    pd.testing.assert_series_equal(a, b)
    assert not a.equals(c)
    assert simulate_series(5, phases=[{"level": 0.0}]).seed is not None   # drawn and stored


def test_series_bounds_integer_and_decimals():
    sim = simulate_series(200, phases=[{"level": 1.0}], sigma=3.0, bounds=(0, 27),
                          integer=True, seed=3)
    v = sim.data["value"]
    assert v.between(0, 27).all() and (v == np.round(v)).all()
    # every value at the bound came from a clipped draw, and the count is reported
    raw = simulate_series(200, phases=[{"level": 1.0}], sigma=3.0, seed=3).data["value"]
    assert sim.n_clipped == int((raw < 0).sum()) > 0
    vas = simulate_series(50, phases=[{"level": 5.0}], sigma=1.0, bounds=(0, 10), decimals=1,
                          seed=3).data["value"]
    np.testing.assert_allclose(vas * 10, np.round(vas * 10), atol=1e-9)
    assert not (vas == np.round(vas)).all()


def test_series_breaks_and_missed_sessions():
    sim = simulate_series(10, phases=[{"level": 5.0}], breaks={3: 2, 7: 1}, missed=[4, 9],
                          seed=2)
    d = sim.data
    assert d["week"].tolist() == [1, 2, 3, 6, 7, 8, 9, 11, 12, 13]
    assert d["value"].isna().tolist() == [s in (4, 9) for s in range(1, 11)]
    assert d.loc[d["value"].isna(), "missing_code"].eq("not_administered").all()
    assert d.loc[d["value"].notna(), "missing_code"].isna().all()
    assert sim.n_missing == 2
    # missed sessions do not change the attended values (noise drawn for every session)
    full = simulate_series(10, phases=[{"level": 5.0}], seed=2).data["value"]
    pd.testing.assert_series_equal(d["value"].dropna(), full.drop(index=[3, 8]))
    p = simulate_series(400, phases=[{"level": 5.0}], missed=0.25, seed=2)
    assert 0.15 < p.n_missing / 399 < 0.35 and not np.isnan(p.data["value"].iloc[0])


@pytest.mark.parametrize("kwargs, match", [
    (dict(phases=[{"length": 3, "level": 1}]), "add up to 3, but n = 5"),
    (dict(phases=[{"level": 1}, {"level": 2}]), "only one phase may leave out"),
    (dict(phases=[{"lenght": 5, "level": 1}]), "unknown keys"),
    (dict(phases=[{"length": 5}]), "needs a 'level'"),
    (dict(phases=[{"level": 1}], phi=1.0), "phi must be <"),
    (dict(phases=[{"level": 1}], sigma=-1.0), "sigma must be >="),
    (dict(phases=[{"level": 1}], bounds=(5, 1)), "low < high"),
    (dict(phases=[{"level": 1}], integer=True, decimals=1), "either integer=True or decimals"),
    (dict(phases=[{"level": 1}], breaks={5: 1}), "breaks session must be <= 4"),
    (dict(phases=[{"level": 1}], missed=True), "missed must be a probability"),
    (dict(phases=[{"level": 1}], missed="3"), "missed must be a probability"),
])

def test_series_errors_name_the_argument(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        simulate_series(5, seed=1, **kwargs)


def test_series_seed_type_error():
    with pytest.raises(TypeError, match="seed"):
        simulate_series(5, phases=[{"level": 1}], seed="abc")


def test_series_missed_probability_zero_and_errors():
    sim = simulate_series(8, phases=[{"level": 1.0}], missed=0, seed=1)
    assert sim.n_missing == 0
    with pytest.raises(ValueError, match="missed as a probability must be < 1"):
        simulate_series(8, phases=[{"level": 1.0}], missed=1.0, seed=1)
    with pytest.raises(ValueError, match="missed session must be <= 8"):
        simulate_series(8, phases=[{"level": 1.0}], missed=[9], seed=1)
