"""The posterior of a mean difference under the JZS (Cauchy) prior, by numerical integration.

BayesFactor's ``ttestBF`` (Rouder, Speckman, Sun, Morey & Iverson 2009; Morey & Rouder) puts a
Cauchy(0, r) prior on the standardized effect delta = mu / sigma, written as delta | g ~ N(0, g)
with g ~ InverseGamma(1/2, r^2 / 2), and Jeffreys' prior p(sigma^2) ~ 1 / sigma^2 (and a flat
prior on the grand mean of two samples). Given g the model is conjugate:

- one sample (a paired test on d = post - pre, n values, mean m, SS = sum (d - m)^2):
  sigma^2 | g, d ~ InvGamma(n / 2, S_g / 2) with S_g = SS + n m^2 / (1 + n g), and
  mu | g, d ~ t_n(location m n g / (1 + n g), scale^2 = S_g / (n (n + 1 / g)));
  p(g | d) ~ (1 + n g)^(-1/2) S_g^(-n/2) p(g);
- two samples (x, y; n_x, n_y, N = n_x + n_y, n_e = n_x n_y / N, D = mean x - mean y, SSW the
  within-group sum of squares): the same with n -> n_e, m -> D, SS -> SSW and N - 1 degrees
  of freedom (the flat prior on the grand mean removes one).

The marginal posterior of the difference is the mixture of these t distributions over
p(g | data); its median and equal-tailed quantiles are found by integrating over log g on a
grid that covers the posterior of g and solving CDF(x) = p. This is the exact posterior that
BayesFactor samples by MCMC (``posterior(..., iterations)``, summarised by bayestestR's
``describe_posterior``): R's numbers differ from these by Monte Carlo error only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["PRIOR_SCALES", "prior_scale_value", "jzs_posterior_quantiles"]

#: BayesFactor's named prior scales r of the Cauchy prior on delta.
PRIOR_SCALES = {"medium": math.sqrt(2.0) / 2.0, "wide": 1.0, "ultrawide": math.sqrt(2.0)}


def prior_scale_value(prior_scale: str | float) -> float:
    """The Cauchy scale r of a named (BayesFactor) or numeric ``prior_scale``."""
    if isinstance(prior_scale, str):
        if prior_scale not in PRIOR_SCALES:
            raise ValueError(f"prior_scale must be one of {', '.join(map(repr, PRIOR_SCALES))} "
                             f"or a positive number; got {prior_scale!r}")
        return PRIOR_SCALES[prior_scale]
    if isinstance(prior_scale, bool) or not isinstance(prior_scale, (int, float)) or not (
            math.isfinite(prior_scale) and prior_scale > 0):
        raise ValueError(f"prior_scale must be 'medium', 'wide', 'ultrawide' or a positive "
                         f"number; got {prior_scale!r}")
    return float(prior_scale)


def jzs_posterior_quantiles(x: ArrayLike, y: ArrayLike | None = None, *, r: float,
                            probs: Iterable[float]) -> list[float]:
    """Quantiles ``probs`` of the posterior of mean(x) (one sample, y None) or of
    mean(x) - mean(y) (two samples) under the JZS prior with scale ``r``."""
    from scipy import optimize, stats  # lazy: keeps `import casekit` free of scipy

    xa = np.asarray(x, dtype=float)
    if y is None:
        n_eff, centre, dof = float(xa.size), float(xa.mean()), float(xa.size)
        ss = float(((xa - xa.mean()) ** 2).sum())
    else:
        ya = np.asarray(y, dtype=float)
        big_n = xa.size + ya.size
        n_eff = xa.size * ya.size / big_n
        centre = float(xa.mean() - ya.mean())
        ss = float(((xa - xa.mean()) ** 2).sum() + ((ya - ya.mean()) ** 2).sum())
        dof = float(big_n - 1)
    lg = _log_g_grid(n_eff, centre, ss, dof, r)
    g = np.exp(lg)
    s_g = ss + n_eff * centre ** 2 / (1.0 + n_eff * g)
    logw = _log_weight(lg, n_eff, centre, ss, dof, r)
    w = np.exp(logw - logw.max())
    w /= np.trapezoid(w, lg)
    loc = centre * n_eff * g / (1.0 + n_eff * g)
    scale = np.sqrt(s_g / dof / (n_eff + 1.0 / g))

    def cdf(v: float) -> float:
        return float(np.trapezoid(w * stats.t.cdf((v - loc) / scale, dof), lg))

    span = 60.0 * float(scale.max()) + abs(centre)
    lo, hi = float(loc.min()) - span, float(loc.max()) + span
    return [float(optimize.brentq(lambda v, p=p: cdf(v) - p, lo, hi, xtol=1e-13, rtol=1e-14,
                                  maxiter=500)) for p in probs]


def _log_weight(lg: np.ndarray, n_eff: float, centre: float, ss: float, dof: float,
                r: float) -> np.ndarray:
    """log p(log g | data) up to a constant (InvGamma(1/2, r^2/2) prior on g, Jacobian g)."""
    g = np.exp(lg)
    s_g = ss + n_eff * centre ** 2 / (1.0 + n_eff * g)
    out: np.ndarray = (-0.5 * np.log1p(n_eff * g) - dof / 2.0 * np.log(s_g)
                       - 0.5 * lg - r * r / (2.0 * g))
    return out


def _log_g_grid(n_eff: float, centre: float, ss: float, dof: float, r: float,
                points: int = 801) -> np.ndarray:
    """A grid on log g covering the posterior of g (log weight within 45 of its maximum).

    The integrand is smooth and decays at both ends, so the trapezoidal rule converges
    geometrically: 401 points already agree with 20,001 to 1e-15 on the reference data.
    """
    coarse = np.linspace(-40.0, 40.0, 4001)
    lw = _log_weight(coarse, n_eff, centre, ss, dof, r)
    keep = np.flatnonzero(lw > lw.max() - 45.0)
    lo = coarse[max(keep[0] - 1, 0)]
    hi = coarse[min(keep[-1] + 1, coarse.size - 1)]
    return np.linspace(lo, hi, points)
