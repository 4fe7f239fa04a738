"""The simulation results declare their fields, and the renamed argument keeps working."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from casekit.simulate import (
    SimulatedBatch,
    SimulatedCase,
    SimulatedSeries,
    simulate_ab,
    simulate_ab_batch,
    simulate_series,
)


@pytest.mark.parametrize("cls, fields", [
    (SimulatedSeries, {"data", "change_points", "change_sessions", "phi", "sigma", "n_clipped",
                       "n_missing"}),
    (SimulatedBatch, {"values", "true_values", "session", "phase", "change_point",
                      "n_clipped"}),
    (SimulatedCase, {"ratings", "events", "phases", "sessions", "truth", "notice", "case",
                     "n_sessions", "n_weeks", "alliance_change_session",
                     "symptom_change_session", "sudden_gain_session", "rupture_sessions",
                     "deep_rupture_sessions", "wai_sr_rci"}),
])
def test_fields_are_declared(cls, fields):
    assert set(cls.fields()) == fields


def test_results_hold_python_scalars_and_refuse_undeclared_attributes():
    sim = simulate_ab(4, 4, sigma=1.0, seed=3)
    assert type(sim.phi) is float and type(sim.n_clipped) is int
    assert sim.to_dict()["change_points"] == [4]
    with pytest.raises(AttributeError, match="not a declared field"):
        sim.effect = 1.0
    batch = simulate_ab_batch(3, 2, 2, seed=1)
    assert type(batch.change_point) is int and isinstance(batch.session, np.ndarray)
    card = batch.method_card
    assert card["seed"] == 1 and card["variant"] and card["mirrors"] is None


def test_old_argument_name_missing_still_works_with_a_warning():
    kw = dict(phases=[{"level": 5.0}], seed=2)
    new = simulate_series(10, missed=[4, 9], **kw)
    with pytest.warns(FutureWarning, match="'missing' is now called 'missed'"):
        old = simulate_series(10, missing=[4, 9], **kw)
    pd.testing.assert_frame_equal(old.data, new.data)
    with pytest.raises(TypeError, match="got both 'missing'"):
        simulate_series(10, missing=[4], missed=[4], **kw)
