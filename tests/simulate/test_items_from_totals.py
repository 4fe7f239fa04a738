"""items_from_totals: exact sums, caps, weights, reverse keys, decimals, seeds and errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.registry import Instrument
from casekit.simulate import items_from_totals

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
