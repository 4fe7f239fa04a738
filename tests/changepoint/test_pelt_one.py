"""The one-series PELT path of cpt_mean gives exactly the change points of the batch core."""

from __future__ import annotations

import numpy as np
import pytest

from casekit.changepoint.segmentation import _pelt, _pelt_one, penalty_value


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pelt_one_equals_batch_core(seed):
    rng = np.random.default_rng(seed)
    checked = with_change = 0
    for _ in range(300):
        n = int(rng.integers(4, 50))
        # integer-valued data: many exact ties between candidate segmentations
        y = rng.integers(0, 6, n).astype(float) * rng.choice([1.0, 0.5, 2.3])
        if rng.random() < 0.5:
            y[n // 2:] += rng.integers(1, 6)
        for pen in (penalty_value("MBIC", n), penalty_value("BIC", n), 0.5):
            for mbic in (True, False):
                for m in (1, 2):
                    for prune in (True, False):
                        a = _pelt(y[None, :], pen, "mean", mbic, m, prune)[0]
                        assert _pelt_one(y, pen, mbic, m, prune) == a
                        checked += 1
                        with_change += bool(a)
    assert checked > 3000 and with_change > 300
