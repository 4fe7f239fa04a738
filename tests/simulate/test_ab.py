"""simulate_ab and simulate_ab_batch: the AB mean, the batch result, the R reference design.

The AB mean is checked against the design of casekit's R reference simulations
(``../shared/reference/data/sim_ab_spec.csv`` / ``sim_ab.csv``; R 4.2.2, seed 20240601). R's
random stream cannot be reproduced in Python, so only the deterministic part is compared
exactly; the R draws are checked for consistency with the model (residual mean and SD).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.simulate import SimulatedBatch, simulate_ab, simulate_ab_batch


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


@pytest.mark.reference
def test_ab_matches_reference_design(reference_dir):
    # R (reference README, "Simulation model"): x_t = base + trendA (t - 1) + shift [t > nA]
    # + trendB max(0, t - nA) + AR(1) e_t, rounded and clamped to 0-27, seed 20240601
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


def test_batch_counts_clipped_values():
    b = simulate_ab_batch(50, 5, 5, level=0.5, sigma=2.0, bounds=(0, 27), seed=1)
    unbounded = simulate_ab_batch(50, 5, 5, level=0.5, sigma=2.0, seed=1)
    assert b.n_clipped == int((unbounded.values < 0).sum()) > 0
