"""power_analysis / power_curve: power and type I error of casekit's tests by simulation."""

from __future__ import annotations

import numpy as np
import pytest

import casekit as ck


def test_power_grows_with_the_effect_and_type1_error_stays_near_alpha():
    kw = dict(n_baseline=6, n_treatment=10, phi=0.0, tests=("nap", "tau"), n_sim=150, seed=5)
    small = ck.power_analysis(effect=0.5, **kw).summary.set_index("test")
    large = ck.power_analysis(effect=2.0, **kw).summary.set_index("test")
    for t in ("nap", "tau"):
        assert large.loc[t, "power"] > small.loc[t, "power"] + 0.3
        assert large.loc[t, "power"] > 0.8
        # independent errors: the Newcombe intervals keep roughly their level
        assert large.loc[t, "type1_error"] < 0.12
    # same seed, same numbers; the type I error does not depend on the effect
    again = ck.power_analysis(effect=2.0, **kw).summary.set_index("test")
    assert again.loc["nap", "power"] == large.loc["nap", "power"]


def test_autocorrelation_inflates_the_effect_size_intervals():
    kw = dict(n_baseline=8, n_treatment=12, effect=0.0, tests=("nap",), n_sim=200, seed=9)
    t0 = ck.power_analysis(phi=0.0, **kw).summary["type1_error"].iloc[0]
    t6 = ck.power_analysis(phi=0.6, **kw).summary["type1_error"].iloc[0]
    assert t6 > t0 + 0.05


def test_randomization_test_limits_and_multiple_baseline():
    ab = ck.power_analysis(n_baseline=5, n_treatment=10, effect=3.0, start_window=5,
                           tests=("randomization",), n_sim=30, seed=1)
    # one case with 5 admissible starts: the smallest p is .2, never <= .05
    assert ab.summary["power"].iloc[0] == 0.0
    assert any("smallest p is 1/5" in n for n in ab.notes)
    mb = ck.power_analysis("multiple_baseline", n_baseline=[5, 7, 9], n_treatment=8,
                           n_cases=3, effect=2.0, missing=0.1, tests=("randomization", "tau"),
                           n_sim=40, seed=2)
    s = mb.summary.set_index("test")
    assert s.loc["randomization", "power"] > 0.4
    assert s.loc["randomization", "type1_error"] <= 0.15
    assert s.loc["randomization", "unit"] == "design" and s.loc["tau", "unit"] == "case"
    assert mb.n_baseline == [5, 7, 9] and mb.n_cases == 3 and mb.seed == 2


def test_power_curve_and_progress(capsys):
    res = ck.power_curve([3, 6, 9], n_treatment=8, effect=1.5, tests=("nap",), n_sim=60,
                         seed=4, progress=True)
    assert res.summary["n_baseline"].tolist() == [3, 6, 9]
    p = res.summary["power"].to_numpy()
    assert p[-1] > p[0]
    assert "power_curve" in capsys.readouterr().err


def test_errors():
    with pytest.raises(ValueError, match="design must be one of"):
        ck.power_analysis("ABAB")
    with pytest.raises(ValueError, match="tests must be one of"):
        ck.power_analysis(tests=("pnd",))
    with pytest.raises(ValueError, match="n_cases"):
        ck.power_analysis("AB", n_cases=3)
    with pytest.raises(ValueError, match="n_baseline has 2 entries"):
        ck.power_analysis("multiple_baseline", n_baseline=[5, 7], n_cases=3)
    with pytest.raises(ValueError, match="missing"):
        ck.power_analysis(missing=0.9)


def test_power_curve_row_of_a_length_does_not_depend_on_the_other_lengths():
    kw = dict(n_treatment=8, effect=1.0, tests=("nap",), n_sim=30, seed=11)
    both = ck.power_curve([4, 7], **kw).summary.set_index("n_baseline")
    alone = ck.power_curve([7], **kw).summary.set_index("n_baseline")
    assert both.loc[7, "power"] == alone.loc[7, "power"]
    again = ck.power_curve([7, 4], **kw).summary.set_index("n_baseline")
    assert again.loc[4, "power"] == both.loc[4, "power"]
    # a Generator as seed: reproducible from a generator in the same state
    g1 = ck.power_curve([4], **{**kw, "seed": np.random.default_rng(2)}).summary
    g2 = ck.power_curve([4], **{**kw, "seed": np.random.default_rng(2)}).summary
    assert g1["power"].tolist() == g2["power"].tolist()
