"""power_plot: one power line per test over the baseline lengths, type I error dashed."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import casekit as ck
from casekit.plot import power_plot


@pytest.fixture(scope="module")
def curve():
    return ck.power_curve([3, 5, 7], n_treatment=8, effect=1.5, tests=("nap", "tau"),
                          n_sim=30, seed=8)


def test_lines_follow_the_result(curve):
    fig, ax = power_plot(curve)
    power = [ln for ln in ax.lines if ln.get_gid() == "casekit-power-power"]
    type1 = [ln for ln in ax.lines if ln.get_gid() == "casekit-power-type1"]
    assert len(power) == 2 and len(type1) == 2
    s = curve.summary
    for ln, test in zip(power, ("nap", "tau"), strict=True):
        sub = s[s["test"] == test]
        np.testing.assert_allclose(ln.get_xdata(), sub["n_baseline"])
        np.testing.assert_allclose(ln.get_ydata(), sub["power"])
        assert ln.get_label() == sub["label"].iloc[0]
    np.testing.assert_allclose(type1[0].get_ydata(), s[s["test"] == "nap"]["type1_error"])
    alpha = [ln for ln in ax.lines if ln.get_gid() == "casekit-power-alpha"]
    assert alpha and alpha[0].get_ydata()[0] == pytest.approx(0.05)
    assert [ln for ln in ax.lines if ln.get_gid() == "casekit-power-target"]
    assert ax.get_xlabel() == "Baseline sessions"
    plt.close(fig)


def test_options_and_errors(curve):
    fig, ax = power_plot(curve, type1=False, target=None)
    assert not [ln for ln in ax.lines if ln.get_gid() in ("casekit-power-type1",
                                                           "casekit-power-target")]
    plt.close(fig)
    with pytest.raises(TypeError, match="PowerResult"):
        power_plot(ck.nap(baseline=[1, 2, 3], treatment=[4, 5, 6], improvement="increase"))
    with pytest.raises(ValueError, match="target"):
        power_plot(curve, target=2)
