"""rupture_repair: expected false episodes on matched null series and the calibrated criterion.

On pure noise the 2-SD criterion finds episodes in most series (issue 17: 2.6-2.9 per
43-session series); every criterion now reports how many it finds on null series of the same
length and autocorrelation, and ``criterion="calibrated"`` keeps the share of null series with
an episode at a stated rate.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import casekit as ck
from casekit.alliance.rupture import CRITERION_NAMES


def _noise(rng, n, phi=0.0, sd=2.0, level=40.0):
    y = np.empty(n)
    y[0] = rng.standard_normal()
    e = rng.standard_normal(n) * math.sqrt(1 - phi * phi)
    for t in range(1, n):
        y[t] = phi * y[t - 1] + e[t]
    return np.round(level + sd * y)


def test_two_sd_criterion_reports_its_false_episodes_on_pure_noise():
    y = _noise(np.random.default_rng(4), 43)
    res = ck.rupture_repair(values=y, improvement="increase", criterion=["stiles2sd", "gumz"],
                            rci=6.0, seed=11, n_surrogates=300)
    thr = res.thresholds.set_index("criterion")
    # the 2-SD criterion with the MAD noise: about 2-3 false episodes per 43-session series
    assert 1.5 < thr.loc["stiles2sd", "false_episodes"] < 4.0
    assert thr.loc["stiles2sd", "false_alarm_rate"] > 0.7
    # the stricter Gumz criterion finds fewer
    assert thr.loc["gumz", "false_episodes"] < thr.loc["stiles2sd", "false_episodes"]
    assert res.by_case.set_index("criterion").loc["stiles2sd", "false_episodes"] == \
        thr.loc["stiles2sd", "false_episodes"]
    assert res.seed == 11 and any("null series" in n for n in res.notes)


def test_calibrated_criterion_keeps_its_rate_on_fresh_null_series():
    # 40 null series from another generator: the calibrated criterion fires in few, the
    # 2-SD criterion in most
    rng = np.random.default_rng(2026)
    fired = {"calibrated": 0, "stiles2sd": 0}
    for i in range(40):
        y = _noise(rng, 30, phi=0.3)
        res = ck.rupture_repair(values=y, improvement="increase",
                                criterion=["calibrated", "stiles2sd"], n_surrogates=200,
                                seed=i)
        counts = res.by_case.set_index("criterion")["episodes"]
        for c in fired:
            fired[c] += counts[c] > 0
        cal = res.thresholds.set_index("criterion").loc["calibrated"]
        assert cal["k"] > 2.0 and cal["false_alarm_rate"] < 0.12
    assert fired["calibrated"] <= 6          # 5 % of 40 = 2 expected
    assert fired["stiles2sd"] >= 25


def test_calibrated_k_follows_the_rate_and_the_seed():
    y = _noise(np.random.default_rng(1), 35, phi=0.5)
    k = {}
    for rate in (0.01, 0.05, 0.3):
        r = ck.rupture_repair(values=y, improvement="increase", criterion="calibrated",
                              false_alarm_rate=rate, seed=3, n_surrogates=300)
        k[rate] = r.thresholds["k"].iloc[0]
    assert k[0.01] > k[0.05] > k[0.3]
    a = ck.rupture_repair(values=y, improvement="increase", criterion="calibrated", seed=3,
                          n_surrogates=300)
    assert a.thresholds["k"].iloc[0] == k[0.05]
    assert a.options["false_alarm_rate"] == 0.05 and a.seed == 3


def test_without_null_series():
    y = _noise(np.random.default_rng(1), 20)
    res = ck.rupture_repair(values=y, improvement="increase", n_surrogates=0)
    assert np.isnan(res.thresholds["false_episodes"].iloc[0])
    with pytest.raises(ValueError, match="n_surrogates"):
        ck.rupture_repair(values=y, improvement="increase", criterion="calibrated",
                          n_surrogates=0)
    with pytest.raises(ValueError, match="false_alarm_rate"):
        ck.rupture_repair(values=y, improvement="increase", criterion="calibrated",
                          false_alarm_rate=1.5)
    with pytest.raises(ValueError, match="criterion must be one of"):
        ck.rupture_repair(values=y, improvement="increase", criterion="calibrate")


def test_human_names_are_shared_with_the_figures():
    from casekit.plot._labels import criterion_text

    assert criterion_text("calibrated") == CRITERION_NAMES["calibrated"]
    assert criterion_text("stiles2sd") == "2 SD (Stiles et al., 2004)"
