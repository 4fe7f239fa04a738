"""The AR(1) noise of every generator: stationary from the first session, lag-k correlation phi^k.

Statistical checks use large simulated samples with tolerances of at least 4 standard errors
(stated at each check), so that they fail when the model is wrong (e.g. a non-stationary
start or an innovation SD that is not scaled by sqrt(1 - phi^2)) but not by chance.
"""

from __future__ import annotations

import numpy as np
import pytest

from casekit.simulate import simulate_ab_batch


@pytest.mark.parametrize("phi", [0.0, 0.3, 0.6, -0.4])

def test_ar1_stationary_moments(phi):
    """Marginal SD = sigma at every time point (stationary start); lag-1 correlation = phi."""
    sigma, n_cases = 2.5, 40_000
    b = simulate_ab_batch(n_cases, 3, 3, level=0.0, phi=phi, sigma=sigma, seed=99)
    e = b.values
    sd_t = e.std(axis=0, ddof=1)
    # SE of an SD ~ sigma / sqrt(2 n) = 0.0088; tolerance 0.05 (> 5 SE)
    np.testing.assert_allclose(sd_t, sigma, atol=0.05)
    r1 = np.corrcoef(e[:, 0], e[:, 1])[0, 1]
    r5 = np.corrcoef(e[:, 0], e[:, 5])[0, 1]
    # SE of r ~ (1 - r^2) / sqrt(n) <= 0.005; tolerance 0.02
    assert abs(r1 - phi) < 0.02
    assert abs(r5 - phi ** 5) < 0.02
