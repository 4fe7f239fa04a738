"""The AR(1) recursion shared by casekit's simulators and resampling tests (private).

Several modules draw autoregressive series of order 1,

.. math:: x_1 = f, \\qquad x_t = \\phi\\, x_{t-1} + e_t \\quad (t = 2, \\dots, n),

and differ only in how they scale the innovations :math:`e_t` and the start value :math:`f`
(stationary start :math:`f = e_1 / \\sqrt{1 - \\phi^2}` with innovation SD fixed, or
:math:`f = \\sigma z_1`, :math:`e_t = \\sqrt{1 - \\phi^2}\\,\\sigma z_t` with marginal SD
:math:`\\sigma` fixed). Each caller draws its own normals and computes its own start value, so
the random streams and the floating-point arithmetic of every caller are unchanged; only the
loop lives here. (The start values are not unified on purpose: ``phi**2`` on a Python float
goes through the C library's ``pow`` and differs from ``phi * phi`` in the last bit for about
0.1 % of coefficients, which would change stored results.)

Estimators of phi are deliberately *not* shared: each caller corrects the bias of the lag-1
autocorrelation in its own way (see the comments at ``casekit.alliance._ar1_fit``,
``casekit.changepoint._ar1fit.phi_hat`` and ``casekit.its._mean_unbiased_phi``).

``casekit.changepoint.amoc._ar1_noise`` computes the same recursion with
``scipy.signal.lfilter`` (faster for its 999 x n bootstrap arrays; with b = [1], a = [1, -phi]
lfilter evaluates x_t = e_t + phi x_{t-1}, the same operations).

Reference: Box, G. E. P., Jenkins, G. M., Reinsel, G. C. & Ljung, G. M. (2015). Time Series
Analysis: Forecasting and Control (5th ed.), chapter 3. Wiley.
"""

from __future__ import annotations

import numpy as np


def ar1_recursion(first: float | np.ndarray, innovations: np.ndarray,
                  phi: float | np.ndarray) -> np.ndarray:
    """AR(1) recursion along the last axis: x_0 = ``first``, x_t = phi x_(t-1) + e_t.

    Parameters
    ----------
    first : float or numpy.ndarray
        Start values, broadcast to ``innovations[..., 0]``.
    innovations : numpy.ndarray, shape (..., n)
        e_t; ``innovations[..., 0]`` is not used (the start value replaces it).
    phi : float or numpy.ndarray
        The coefficient: a scalar, or one per series (shape ``innovations.shape[:-1]``).

    Returns
    -------
    numpy.ndarray
        A new float array of the shape of ``innovations``.
    """
    out = np.empty(innovations.shape)
    out[..., 0] = first
    for t in range(1, innovations.shape[-1]):
        out[..., t] = phi * out[..., t - 1] + innovations[..., t]
    return out
