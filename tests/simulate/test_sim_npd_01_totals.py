"""sim_npd_01_totals: the session totals of the teaching case without the item split."""

from __future__ import annotations

import numpy as np
import pytest

from casekit.simulate import SIM_NPD_01_SEED, sim_npd_01_totals, simulate_case_sim_npd_01


@pytest.mark.parametrize("seed", [SIM_NPD_01_SEED, 7])
def test_totals_are_the_item_sums_of_the_full_case(seed):
    r = simulate_case_sim_npd_01(seed).ratings
    t = sim_npd_01_totals(seed)
    for m in ("PHQ-9", "WAI-SR"):
        full = r[(r["measure"] == m) & r["item"].notna()].groupby("session")["value"].sum()
        fast = t[t["measure"] == m].set_index("session")["value"]
        assert fast.index.tolist() == full.index.tolist()
        np.testing.assert_array_equal(fast.to_numpy(float), full.to_numpy(float))


def test_seeds_differ_and_are_checked():
    a, b = sim_npd_01_totals(1), sim_npd_01_totals(2)
    assert not a["value"].equals(b["value"])
    with pytest.raises((TypeError, ValueError)):
        sim_npd_01_totals(-1)
