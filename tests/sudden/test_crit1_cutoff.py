"""Criterion-1 cutoff from the reliable change index (suddengains ``define_crit1_cutoff``).

Review regression: ``crit1_cutoff_from_rci(data_sd=...)`` with an infinite value emitted a numpy
RuntimeWarning and then blamed ``sd`` ("sd must not be NaN"), an argument the caller did not
pass.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from casekit.sudden import Crit1Cutoff, crit1_cutoff_from_rci, sudden_gains


def test_crit1_cutoff_names_infinite_data_sd_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="data_sd"):
            crit1_cutoff_from_rci(data_sd=[1.0, 2.0, np.inf], reliability=0.8)


def test_crit1_cutoff_data_sd_still_counts_missing():
    # sd(c(1, 2, 4), na.rm = TRUE) = 1.527525; 1.96 * sqrt(2 * (1.527525^2 * (1 - .8)))
    res = crit1_cutoff_from_rci(data_sd=[1.0, np.nan, 2.0, 4.0], reliability=0.8)
    assert res.n_missing == 1
    assert res.value == pytest.approx(1.96 * np.sqrt(2 * 0.2) * np.std([1, 2, 4], ddof=1),
                                      rel=1e-12)


def test_the_result_is_a_cutoff():
    res = crit1_cutoff_from_rci(10.5, 0.931)
    assert isinstance(res, Crit1Cutoff) and float(res) == res.value
    assert set(res.to_dict()) == {"value", "sem", "s_diff", "sd", "reliability", "z",
                                  "n_missing"}
    gains = sudden_gains([35, 37, 34, 23, 24, 21, 29, 17, 11, 11, 10, 7],
                         sg_crit1_cutoff=res, improvement="decrease")
    assert gains.options["sg_crit1_cutoff"] == res.value
    with pytest.raises(ValueError, match="exactly one of sd= "):
        crit1_cutoff_from_rci(10.5, 0.9, data_sd=[1.0, 2.0])
