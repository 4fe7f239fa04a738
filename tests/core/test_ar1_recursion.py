"""The shared AR(1) recursion (casekit._ar1.ar1_recursion).

x_1 = f, x_t = phi x_(t-1) + e_t (Box, Jenkins, Reinsel & Ljung 2015, ch. 3). Checked against
the explicit sum x_t = phi^(t-1) f + sum_{s=2..t} phi^(t-s) e_s (rtol 1e-12, rounding only)
and, for the stationary start f = e_1 / sqrt(1 - phi^2), against the marginal variance
1 / (1 - phi^2) of unit innovations (Monte Carlo, 200,000 series: SE of the variance ~0.3 %,
tolerance 2 %).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from casekit._ar1 import ar1_recursion


def test_matches_the_explicit_sum():
    rng = np.random.default_rng(5)
    e = rng.standard_normal((3, 12))
    phi = 0.7
    x = ar1_recursion(2.0, e, phi)
    for t in range(12):
        expected = phi**t * 2.0 + sum(phi ** (t - s) * e[:, s] for s in range(1, t + 1))
        np.testing.assert_allclose(x[:, t], expected, rtol=1e-12)


def test_one_coefficient_per_series_and_one_dimensional_input():
    rng = np.random.default_rng(6)
    e = rng.standard_normal((4, 9))
    phis = np.array([-0.5, 0.0, 0.3, 0.9])
    x = ar1_recursion(e[:, 0], e, phis)
    for i, ph in enumerate(phis):
        np.testing.assert_array_equal(x[i], ar1_recursion(e[i, 0], e[i], float(ph)))
    assert ar1_recursion(1.0, np.zeros(5), 0.5).tolist() == [1.0, 0.5, 0.25, 0.125, 0.0625]
    # phi = 0: the innovations themselves (after the start value)
    np.testing.assert_array_equal(ar1_recursion(e[:, 0], e, 0.0), e)


def test_inputs_are_not_modified():
    e = np.arange(6.0).reshape(2, 3)
    before = e.copy()
    out = ar1_recursion(0.0, e, 0.5)
    np.testing.assert_array_equal(e, before)
    assert out is not e


@pytest.mark.parametrize("phi", [-0.6, 0.3, 0.8])
def test_stationary_start_has_the_marginal_variance(phi):
    rng = np.random.default_rng(7)
    e = rng.standard_normal((200_000, 6))
    x = ar1_recursion(e[:, 0] / math.sqrt(1.0 - phi * phi), e, phi)
    np.testing.assert_allclose(x.var(axis=0), 1.0 / (1.0 - phi * phi), rtol=0.02)
