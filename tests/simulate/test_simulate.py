"""Generic generators of casekit.simulate: model, seeds, truth, item allocation.

Statistical checks use large simulated samples with tolerances of at least 4 standard errors
(stated at each check), so that they fail when the model is wrong (e.g. a non-stationary
start or an innovation SD that is not scaled by sqrt(1 - phi^2)) but not by chance.

The AB mean is checked against the design of casekit's R reference simulations
(``../shared/reference/data/sim_ab_spec.csv`` / ``sim_ab.csv``; R 4.2.2, seed 20240601). R's
random stream cannot be reproduced in Python, so only the deterministic part is compared
exactly; the R draws are checked for consistency with the model (residual mean and SD).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.registry import Instrument
from casekit.simulate import (
    SimulatedBatch,
    SimulatedSeries,
    items_from_totals,
    simulate_ab,
    simulate_ab_batch,
    simulate_series,
)


# ---------------------------------------------------------------------------------- series
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


def test_series_breaks_and_missing():
    sim = simulate_series(10, phases=[{"level": 5.0}], breaks={3: 2, 7: 1}, missing=[4, 9],
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
    p = simulate_series(400, phases=[{"level": 5.0}], missing=0.25, seed=2)
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
])
def test_series_errors_name_the_argument(kwargs, match):
    with pytest.raises((ValueError, TypeError), match=match):
        simulate_series(5, seed=1, **kwargs)


def test_series_seed_type_error():
    with pytest.raises(TypeError, match="seed"):
        simulate_series(5, phases=[{"level": 1}], seed="abc")


# ------------------------------------------------------------------------------ AR(1) model
@pytest.mark.parametrize("phi", [0.0, 0.3, 0.6, -0.4])
def test_ar1_stationary_moments(phi):
    """Marginal SD = sigma at every time point (stationary start); lag-1 correlation = phi."""
    sigma, n_cases = 2.5, 40_000
    b = simulate_ab_batch(n_cases, 3, 3, level=0.0, phi=phi, sigma=sigma, seed=99)
    e = b.values
    sd_t = e.std(axis=0, ddof=1)
    # SE of an SD ~ sigma / sqrt(2 n) = 0.0088; tolerance 0.05 (> 5 SE)
    np.testing.assert_allclose(sd_t, sigma, atol=0.05)
    r1 = np.corrcoef(e[:, 0], e[:, 1])[0, 1]
    r5 = np.corrcoef(e[:, 0], e[:, 5])[0, 1]
    # SE of r ~ (1 - r^2) / sqrt(n) <= 0.005; tolerance 0.02
    assert abs(r1 - phi) < 0.02
    assert abs(r5 - phi ** 5) < 0.02


def test_batch_result_and_long_table():
    b = simulate_ab_batch(4, 3, 5, level=18.0, level_shift=-6.0, phi=0.3, sigma=2.5,
                          bounds=(0, 27), integer=True, seed=8)
    assert isinstance(b, SimulatedBatch) and b.values.shape == (4, 8)
    assert b.phase.tolist() == ["A"] * 3 + ["B"] * 5 and b.change_point == 3
    assert b.seed == 8 and b.summary["change_point"].iloc[0] == 3
    long = b.to_long()
    assert long.shape == (32, 5) and long["case"].iloc[0] == "sim1"
    np.testing.assert_array_equal(long["value"].to_numpy(), b.values.reshape(-1))
    again = simulate_ab_batch(4, 3, 5, level=18.0, level_shift=-6.0, phi=0.3, sigma=2.5,
                              bounds=(0, 27), integer=True, seed=8)
    np.testing.assert_array_equal(b.values, again.values)


# ------------------------------------------------------------------------------ AB design
def _spec_mean(row):
    t = np.arange(1, row.nA + row.nB + 1)
    return (row.base + row.trendA * (t - 1) + row.shift * (t > row.nA)
            + row.trendB * np.maximum(0, t - row.nA))


def test_ab_mean_formula():
    sim = simulate_ab(4, 3, level=10.0, level_shift=-2.0, slope=0.5, slope_change=-1.0,
                      sigma=0.0, seed=1)
    # hand computation: t = 1..7, n_a = 4
    expected = [10.0, 10.5, 11.0, 11.5, 10.0 + 2.0 - 2.0 - 1.0, 10.0 + 2.5 - 2.0 - 2.0,
                10.0 + 3.0 - 2.0 - 3.0]
    np.testing.assert_allclose(sim.data["value"], expected, rtol=0, atol=1e-12)
    assert sim.truth["slope"].tolist() == [0.5, -0.5]
    assert sim.truth["level"].tolist() == [10.0, 9.0]
    assert sim.change_points == [4]


def test_ab_matches_reference_design(reference_dir):
    spec = pd.read_csv(reference_dir / "data" / "sim_ab_spec.csv")
    data = pd.read_csv(reference_dir / "data" / "sim_ab.csv")
    resid = []
    for row in spec.itertuples(index=False):
        sim = simulate_ab(int(row.nA), int(row.nB), level=float(row.base),
                          level_shift=float(row.shift), slope=float(row.trendA),
                          slope_change=float(row.trendB), phi=float(row.phi), sigma=0.0,
                          seed=1)
        np.testing.assert_allclose(sim.data["true_value"], _spec_mean(row), rtol=0, atol=1e-12)
        r = data[data["case"] == row.case]
        assert r["phase"].tolist() == sim.data["phase"].tolist()
        resid.append(r["value"].to_numpy() - sim.data["true_value"].to_numpy())
    resid = np.concatenate(resid)
    # R draws (rounded, clamped to 0-27) are consistent with the design: 258 values, SD 2.5,
    # AR(1) up to .6 -> SE of the mean <= 0.32; tolerance 1.0. SD within 2.0-3.1.
    assert abs(resid.mean()) < 1.0
    assert 2.0 < resid.std(ddof=1) < 3.1


# -------------------------------------------------------------------------- items_from_totals
PHQ_W = [3, 2, 2, 3, 1, 3, 2, 1, 0]


def test_items_hand_example():
    """Largest-remainder allocation worked by hand.

    Total 18, weights (3,2,2,3,1,3,2,1,0), cap 3: targets 18 w / 17 put items 1, 4, 6 above 3,
    so they are capped (9 units); the other 9 units go to weights (2,2,1,2,1) / 8 = 2.25, 2.25,
    1.125, 2.25, 1.125; floors 2,2,1,2,1 (8); the one remaining unit goes to the largest
    remainder .25 (items 2, 3, 7 tie; larger weight ties too; lowest item number: item 2).
    """
    out = items_from_totals([18.0, 5.0], "PHQ-9", weights=PHQ_W)
    assert out.columns.tolist() == list(range(1, 10))
    assert out.iloc[0].tolist() == [3, 3, 2, 3, 1, 3, 2, 1, 0]
    # 5 units: targets 5 w / 17 = .88,.59,.59,.88,.29,.88,.59,.29,0 -> floors 0; 5 largest
    # remainders: items 1, 4, 6 (.88), then 2, 3 (.59, lowest numbers among the tie with 7)
    assert out.iloc[1].tolist() == [1, 1, 1, 1, 0, 1, 0, 0, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 24), min_size=1, max_size=20),
       st.lists(st.floats(0.1, 5.0), min_size=8, max_size=8))
def test_items_sum_exactly_and_respect_caps(tot, w):
    weights = np.r_[w, 0.0]
    out = items_from_totals(np.asarray(tot, dtype=float), "PHQ-9", weights=weights)
    np.testing.assert_array_equal(out.sum(axis=1).to_numpy(), tot)
    assert out.to_numpy().min() >= 0 and out.to_numpy().max() <= 3
    assert (out[9] == 0).all()
    assert (out.to_numpy() == np.round(out.to_numpy())).all()


def test_items_monotone_in_weight():
    """Items with larger weights never get less than items with smaller weights."""
    w = [3, 2, 2, 3, 1, 3, 2, 1, 0]
    out = items_from_totals(np.arange(0, 25, dtype=float), "PHQ-9", weights=w).to_numpy()
    order = np.argsort(w, kind="stable")
    for row in out:
        for a, b in zip(order[:-1], order[1:], strict=True):
            if w[a] < w[b]:
                assert row[a] <= row[b]


def test_items_reverse_keyed_raw_and_scored():
    scored = items_from_totals([20.0], "CORE-10", raw=False)
    raw = items_from_totals([20.0], "CORE-10")
    assert scored.iloc[0].tolist() == [2.0] * 10
    assert raw.iloc[0, 1] == 2.0 and raw.iloc[0, 2] == 2.0
    low = items_from_totals([5.0], "CORE-10", raw=False)
    low_raw = items_from_totals([5.0], "CORE-10")
    assert low_raw[2].iloc[0] == 4 - low[2].iloc[0] and low_raw[3].iloc[0] == 4 - low[3].iloc[0]
    assert low_raw[1].iloc[0] == low[1].iloc[0]
    assert int(low.sum(axis=1).iloc[0]) == 5


def test_items_vas_decimals():
    out = items_from_totals([23.7, 40.0, 0.0], "ORS")
    np.testing.assert_allclose(out.sum(axis=1), [23.7, 40.0, 0.0], atol=1e-9)
    np.testing.assert_allclose(out * 10, np.round(out * 10), atol=1e-9)
    assert out.to_numpy().max() <= 10


def test_items_custom_instrument_nan_and_index():
    pq = Instrument.from_dict({"name": "PQ-demo", "n_items": 3, "item_min": 1, "item_max": 7,
                               "higher_is_better": False})
    s = pd.Series([3.0, np.nan, 21.0], index=[10, 11, 12])
    out = items_from_totals(s, pq)
    assert out.index.tolist() == [10, 11, 12]
    assert out.loc[11].isna().all()
    assert out.loc[10].tolist() == [1, 1, 1] and out.loc[12].tolist() == [7, 7, 7]


def test_items_concentration_is_seeded():
    tot = np.full(30, 15.0)
    a = items_from_totals(tot, "PHQ-9", weights=PHQ_W, concentration=20, seed=4)
    b = items_from_totals(tot, "PHQ-9", weights=PHQ_W, concentration=20, seed=4)
    c = items_from_totals(tot, "PHQ-9", weights=PHQ_W, concentration=20, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    assert a.attrs["seed"] == 4
    assert len({tuple(r) for r in a.to_numpy()}) > 1          # profiles vary
    np.testing.assert_array_equal(a.sum(axis=1), tot)
    assert (a[9] == 0).all()                                    # zero weight stays zero


@pytest.mark.parametrize("totals, kwargs, match", [
    ([28.0], {}, "cannot be reached"),
    ([25.0], {"weights": PHQ_W}, "cannot be reached"),
    ([-1.0], {}, "cannot be reached"),
    ([4.5], {}, "not a multiple of 1"),
    ([4.0], {"weights": [1, 2, 3]}, "must have 9 entries"),
    ([4.0], {"weights": [1] * 8 + [-1]}, "must be >= 0"),
    ([4.0], {"weights": [0] * 9}, "at least one positive weight"),
    ([4.0], {"concentration": -1.0}, "concentration must be >"),
])
def test_items_errors(totals, kwargs, match):
    with pytest.raises(ValueError, match=match):
        items_from_totals(totals, "PHQ-9", **kwargs)


def test_items_unknown_instrument():
    with pytest.raises(KeyError, match="registered instruments"):
        items_from_totals([3.0], "PHQ-99")


def test_series_missing_probability_zero_and_errors():
    sim = simulate_series(8, phases=[{"level": 1.0}], missing=0, seed=1)
    assert sim.n_missing == 0
    with pytest.raises(ValueError, match="missing as a probability must be < 1"):
        simulate_series(8, phases=[{"level": 1.0}], missing=1.0, seed=1)
    with pytest.raises(ValueError, match="missing session must be <= 8"):
        simulate_series(8, phases=[{"level": 1.0}], missing=[9], seed=1)


def test_batch_counts_clipped_values():
    b = simulate_ab_batch(50, 5, 5, level=0.5, sigma=2.0, bounds=(0, 27), seed=1)
    unbounded = simulate_ab_batch(50, 5, 5, level=0.5, sigma=2.0, seed=1)
    assert b.n_clipped == int((unbounded.values < 0).sum()) > 0
