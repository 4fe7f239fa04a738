"""At most one change (AMOC) in mean, or in level and slope, with an AR(1)-aware p-value."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.signal import lfilter

from .._ar1 import ar1_recursion
from .._deprecate import renamed_arguments
from .._validate import check_ci_level, check_float, check_int, check_option, make_rng
from ..exceptions import NotEnoughPointsError
from ..results import Result
from ._ar1fit import PHI_CLIP, phi_hat
from ._base import changepoint_series, direction, input_notes

if TYPE_CHECKING:
    from .._input import SessionSeries
    from ..registry import Instrument

__all__ = ["amoc", "AmocResult"]

MODELS = ("mean", "level_slope")
AR_OPTIONS = ("ar1", None)
INNOVATIONS = ("resample", "normal")
PHI_LOW = 0.0  # negative autocorrelation is treated as none (conservative; see amoc Notes)


# --------------------------------------------------------------------------------------------
# numpy core
# --------------------------------------------------------------------------------------------
def _mm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Small dense product without BLAS threads.

    The products here are about 1000 x 40 by 40 x 40; a multi-threaded BLAS spends more time
    synchronising its threads than computing, and on a loaded machine a call can take 10x
    longer, so the plain C loop of ``einsum`` (no BLAS dispatch) is used.
    """
    out: np.ndarray = np.einsum("ij,jk->ik", a, b, optimize=False)
    return out


class _Design:
    """Null design X0, candidate splits and orthonormal bases of M0 Z_k for every split k."""

    def __init__(self, n: int, model: str, min_size: int) -> None:
        self.n = n
        self.model = model
        t = np.arange(1, n + 1, dtype=float)
        self.t = t
        X0 = np.ones((n, 1)) if model == "mean" else np.column_stack([np.ones(n), t])
        self.X0 = X0
        self.p0 = X0.shape[1]
        self.q = 1 if model == "mean" else 2
        self.ks = np.arange(min_size, n - min_size + 1)
        Qx, _ = np.linalg.qr(X0)
        self.M0 = np.eye(n) - Qx @ Qx.T
        bases = []
        for k in self.ks:
            d = (t > k).astype(float)
            Z = d[:, None] if model == "mean" else np.column_stack([d, (t - k) * d])
            W = self.M0 @ Z
            Qk, _ = np.linalg.qr(W)
            bases.append(Qk)
        self.Q = np.stack(bases)  # (K, n, q)
        self._Qflat = np.ascontiguousarray(self.Q.transpose(1, 0, 2).reshape(n, -1))
        self.df2 = n - self.p0 - self.q
        # lag-h cross products of the contrast bases: A_k(phi) = Q_k' R(phi) Q_k
        #   = sum_h phi^h G[k, h] with G[k, 0] = Q'Q, G[k, h] = Gam_h + Gam_h' (h >= 1)
        G = np.empty((self.Q.shape[0], n, self.q, self.q))
        G[:, 0] = np.einsum("kti,ktj->kij", self.Q, self.Q)
        c0 = np.empty(n)
        c0[0] = float(np.sum(Qx * Qx))
        for h in range(1, n):
            gam = np.einsum("kti,ktj->kij", self.Q[:, h:, :], self.Q[:, :-h, :])
            G[:, h] = gam + np.swapaxes(gam, 1, 2)
            c0[h] = 2.0 * float(np.sum(Qx[h:] * Qx[:-h]))
        self.G = G
        self._Gflat = np.ascontiguousarray(G.transpose(1, 0, 2, 3).reshape(n, -1))
        self.c0 = c0  # tr(Qx' R Qx) = sum_h phi^h c0[h]

    def gls_fstats(self, proj: np.ndarray, rss0: np.ndarray, red: np.ndarray,
                   phi: np.ndarray) -> np.ndarray:
        """AR(1)-corrected F of every split: proj' A^-1 proj / q over s^2 = RSS_k / tr(M_k R).

        With R(phi) the AR(1) correlation matrix, A_k = Q_k' R Q_k is the covariance (in units
        of the marginal variance) of the projection of the residuals on the change contrast,
        and tr(M_k R) = n - tr(Qx' R Qx) - tr(A_k) is the expectation of RSS_k; both are exact
        for known phi, so the statistic is close to F(q, n - p0 - q) for every phi.
        """
        pw = np.power.outer(phi, np.arange(self.n))  # (B, n)
        K = self.G.shape[0]
        A = _mm(pw, self._Gflat).reshape(pw.shape[0], K, self.q, self.q)  # (B, K, q, q)
        trX = pw @ self.c0  # (B,)
        if self.q == 1:
            a = A[..., 0, 0]
            quad = proj[..., 0] ** 2 / a
            trA = a
        else:
            a, b, d = A[..., 0, 0], A[..., 0, 1], A[..., 1, 1]
            det = a * d - b * b
            p1, p2 = proj[..., 0], proj[..., 1]
            quad = (d * p1 * p1 - 2 * b * p1 * p2 + a * p2 * p2) / det
            trA = a + d
        rss1 = np.maximum(rss0[:, None] - red, 1e-300)
        s2 = rss1 / (self.n - trX[:, None] - trA)
        F: np.ndarray = quad / self.q / s2
        return F

    def fstats(self, Y: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """F of every split for every row of Y: (F (B, K), e0, proj (B, K, q), rss0, red)."""
        e0 = _mm(Y, self.M0)  # M0 symmetric
        rss0 = (e0 * e0).sum(axis=1)
        K = self.Q.shape[0]
        proj = _mm(e0, self._Qflat).reshape(e0.shape[0], K, self.q)  # (B, K, q)
        red = (proj * proj).sum(axis=2)
        rss1 = np.maximum(rss0[:, None] - red, 1e-300 * np.maximum(rss0[:, None], 1.0))
        F = (red / self.q) / (rss1 / self.df2)
        return F, e0, proj, rss0, red


def _innovations(rng: np.random.Generator, shape: tuple[int, int],
                 pool: np.ndarray | None) -> np.ndarray:
    """Standard normals (``pool`` None) or a resample, with replacement, of ``pool``."""
    if pool is None:
        return rng.standard_normal(shape)
    return pool[rng.integers(0, pool.size, size=shape)]


def _null_innovations(design: _Design, x: np.ndarray, phi: float) -> np.ndarray | None:
    """Standardised innovations of the no-change model's residuals, for resampling.

    e = M0 x (no-change residuals), u_t = e_t - phi e_(t-1) (t >= 2), centred and scaled to
    unit variance: the residual-based AR (sieve) bootstrap of Kreiss (1992) / Buhlmann
    (1997), which keeps the shape of the innovation distribution (heavy tails) in the null
    series where a Gaussian bootstrap would not.
    """
    e = design.M0 @ x
    u = e[1:] - phi * e[:-1]
    u = u - u.mean()
    sd = float(u.std())
    return u / sd if sd > 0 else None


def _ar1_noise(rng: np.random.Generator, B: int, n: int, phi: float,
               pool: np.ndarray | None = None) -> np.ndarray:
    """B stationary AR(1) series of length n with unit innovation variance (innovations
    standard normal, or resampled from ``pool``)."""
    # The recursion of casekit._ar1.ar1_recursion (one coefficient for all rows), run by
    # lfilter: with b = [1], a = [1, -phi] it evaluates x_t = e_t + phi x_(t-1), the same
    # operations, faster for the n_boot x n arrays of the bootstrap.
    e = _innovations(rng, (B, n), pool)
    e[:, 0] /= math.sqrt(1.0 - phi * phi)
    if phi == 0.0:
        return e
    return lfilter([1.0], [1.0, -phi], e, axis=1)


_PHI_GRID = np.array([-0.6, -0.4, -0.2, 0.0, 0.15, 0.3, 0.45, 0.6, 0.7, 0.8, 0.9])
_N_CAL = 96  # series per grid point for the indirect-inference map (common random numbers)


def _phi_map(rng: np.random.Generator, design: _Design,
            ar: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """Indirect-inference map of the AR(1) coefficient (mean phi-hat on a grid of phi).

    The corrected r1 of the no-change residuals is still biased at n = 20 to 40 (and more so
    with a trend in the null model). For a grid of phi values the mean of phi-hat over
    ``_N_CAL`` simulated no-change series (the same innovations for every grid value, so the
    map is smooth and monotone) is computed; an observed phi-hat is turned into the phi whose
    mean phi-hat equals it by linear interpolation (indirect inference; Gourieroux, Monfort &
    Renault 1993, doi:10.1002/jae.3950080507). Returns (means, grid), or None without AR.
    """
    if not ar:
        return None
    n = design.n
    e = rng.standard_normal((_N_CAL, n))
    means = np.empty(_PHI_GRID.size)
    blocks = []
    for ph in _PHI_GRID:
        u = e.copy()
        u[:, 0] /= math.sqrt(1.0 - ph * ph)
        blocks.append(lfilter([1.0], [1.0, -ph], u, axis=1))
    _, _, phis, _ = _studentized(design, np.vstack(blocks), True)
    means[:] = phis.reshape(_PHI_GRID.size, _N_CAL).mean(axis=1)
    means = np.maximum.accumulate(means)  # enforce monotonicity of the map
    return means, _PHI_GRID


def _ar1_noise_vec(rng: np.random.Generator, phis: np.ndarray, n: int,
                   pool: np.ndarray | None = None) -> np.ndarray:
    """One stationary AR(1) series (unit innovations) per coefficient in ``phis``."""
    e = _innovations(rng, (phis.size, n), pool)
    return ar1_recursion(e[:, 0] / np.sqrt(1.0 - phis ** 2), e, phis)


def _studentized(design: _Design, Y: np.ndarray, ar: bool,
                 phi_map: tuple[np.ndarray, np.ndarray] | None = None,
                 fixed_phi: float | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sup-F statistic (AR(1)-studentized when ``ar``), argmax split index and phi-hat.

    ``phi_map`` = (mean phi-hat on the grid, grid) turns phi-hat into the indirect-inference
    estimate before studentizing; without it the statistic is not studentized (used while
    building the map).
    """
    F, e0, proj, rss0, red = design.fstats(Y)
    kidx = np.argmax(F, axis=1)
    supF = F[np.arange(F.shape[0]), kidx]
    if not ar:
        return supF, kidx, np.zeros(F.shape[0]), supF
    if fixed_phi is not None:
        phi_t = np.full(F.shape[0], float(fixed_phi))
        T = design.gls_fstats(proj, rss0, red, phi_t).max(axis=1)
        return T, kidx, phi_t, supF
    phi = phi_hat(e0, design.p0)  # no-change residuals (see Notes of amoc)
    if phi_map is None:
        return supF, kidx, phi, supF
    phi_t = np.clip(np.interp(phi, phi_map[0], phi_map[1]), PHI_LOW, PHI_CLIP)
    T = design.gls_fstats(proj, rss0, red, phi_t).max(axis=1)
    return T, kidx, phi_t, supF


# --------------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------------
class AmocResult(Result):
    """Result of :func:`amoc`.

    Attributes
    ----------
    k : int
        Estimated change: index of the last observation before it (1-based).
    session : int or float
        Session number of observation ``k``, the last session before the change.
    statistic : float
        sup-F (unadjusted), the maximum over admissible splits.
    studentized_statistic : float
        The AR(1)-studentized sup-F the p-value refers to (equal to ``statistic`` with
        ``ar=None``).
    p_value : float
        Parametric AR(1) bootstrap p-value (``ar='ar1'``) or i.i.d. Normal bootstrap p-value.
    p_stages : tuple of float
        The p-values of the two stages of the AR(1) bootstrap: plug-in φ̂, and φ̂ with its
        sampling uncertainty (both equal to ``p_value`` without an estimated φ).
    phi : float
        AR(1) coefficient used: estimated from the no-change model's residuals (bias-corrected,
        clipped to [0, 0.9]), the given ``phi=``, or 0 when ``ar=None``.
    shift : float
        Change in mean (mean after − mean before) or in level (``model='level_slope'``).
    slope_change : float
        Change in slope (NaN for ``model='mean'``).
    improvement_shift : float
        ``shift`` oriented so that positive = improvement (NaN without ``improvement``).
    mean_before : float
        Mean of the observations up to observation ``k``.
    mean_after : float
        Mean of the observations after observation ``k``.
    ci_lower : int
        Lower limit of the bootstrap percentile interval for ``k``.
    ci_upper : int
        Upper limit of that interval.
    ci_lower_session : int or float
        The lower limit as a session number.
    ci_upper_session : int or float
        The upper limit as a session number.
    confidence : float
        Level of the interval.
    n : int
        Number of observations.
    n_boot : int
        Number of bootstrap series (for the p-value and again for the interval).
    power_note : str
        Empty, or a warning that the documented power for a 1-SD shift is low for this
        series length and estimated φ (see :func:`amoc` Notes and ``docs/calibration.md``):
        then a non-significant p is no evidence that nothing changed.
    """

    k: int
    session: int | float
    statistic: float
    studentized_statistic: float
    p_value: float
    p_stages: tuple[float, float]
    phi: float
    shift: float
    slope_change: float
    improvement_shift: float
    mean_before: float
    mean_after: float
    ci_lower: int
    ci_upper: int
    ci_lower_session: int | float
    ci_upper_session: int | float
    confidence: float
    n: int
    n_boot: int
    power_note: str

    @property
    def location(self) -> int:
        """The same as :attr:`k` (the 1-based position of the last observation before it)."""
        return self.k


@renamed_arguments(y="values", value="value_col", session="session_col",
                   ci_level="confidence")
def amoc(values: ArrayLike | pd.DataFrame | None = None, *, data: pd.DataFrame | None = None,
         sessions: ArrayLike | None = None, value_col: str = "value",
         session_col: str = "session", case: Hashable = None, case_col: str = "case",
         measure: str | None = None, measure_col: str = "measure", model: str = "level_slope",
         improvement: str | Instrument | None = None, n_boot: int = 999,
         seed: int | np.random.Generator | None = None, min_size: int = 3,
         confidence: float = 0.95,
         ar: str | None = "ar1", phi: float | None = None,
         missing: str = "error", innovations: str = "resample") -> AmocResult:
    r"""At most one change: location, size, an AR(1)-valid p-value and an interval for it.

    Parameters
    ----------
    values : array-like or pandas.DataFrame, optional
        The series in session order; a DataFrame given here is taken as ``data``.
    data : pandas.DataFrame, optional
        Tidy long table (``docs/data-format.md``) holding one series, or several from which
        ``case=`` and ``measure=`` pick one. Rows are put in session order.
    sessions : array-like, optional
        Session numbers of ``values`` (default 1..n); locations are reported as sessions.
    value_col, session_col, case_col, measure_col : str
        Column names in ``data``.
    case, measure : optional
        Which series of ``data`` to analyse (labels).
    model : {'level_slope', 'mean'}
        ``'level_slope'`` (default): change in level and slope after a common linear trend,
        :math:`y_t = \beta_0 + \beta_1 t + \delta_1 [t>k] + \delta_2 (t-k)[t>k] + u_t`;
        the null model has a trend, so a smooth linear trend is not called a change (type I
        error on a linear 1-SD trend: mean 4.1 % over n = 12-40 and φ = 0-.8, a decelerating
        trend 4.9 %; ``docs/calibration.md``). Its power for a step is low (``power_note``).
        ``'mean'``: one shift in mean, :math:`y_t = \mu + \delta [t > k] + u_t` (the default
        before issue 17; strucchange's ``Fstats(y ~ 1)``). Its null model is a constant mean,
        so a smooth trend looks like a change: 9.5 % (n = 20) and 17.1 % (n = 40) type I
        error on a linear 1-SD trend without a shift. Use it only for a series known to be
        flat apart from the change.
    improvement : {'increase', 'decrease'}, str or Instrument, optional
        Direction of improvement, or an instrument (name or object) that gives it; when
        given, ``improvement_shift`` is the shift oriented so that positive = improvement.
        The test itself is two-sided.
    n_boot : int
        Number of bootstrap series (for the p-value and again for the interval).
    seed : int, numpy Generator or None
        Random seed (stored in the result).
    min_size : int
        Minimum number of observations in each segment (default 3; at least 2, and at least
        3 for ``'level_slope'``).
    confidence : float
        Level of the interval for the location.
    ar : {'ar1', None}
        ``'ar1'`` (default): errors are AR(1) with a coefficient estimated from the data;
        ``None``: independent Normal errors (then the p-value is the exact Monte Carlo p of
        sup-F under i.i.d. Normal errors).
    phi : float, optional
        A known AR(1) coefficient (in [−0.9, 0.9]; e.g. from a long baseline or from other
        clients on the same measure) used instead of estimating it (``ar='ar1'`` only). The
        p-value is then the exact Monte Carlo p for that φ and has more power than with an
        estimated φ; a wrong φ gives a wrong p.
    missing : {'error', 'drop', 'include_imputed'}
        Missing values are an error naming their rows and sessions, or dropped (the sessions
        dropped are listed in the notes); see :func:`casekit._input.as_series`.
    innovations : {'resample', 'normal'}
        Innovations of the AR(1) bootstrap series (``ar='ar1'``): ``'resample'`` (default)
        draws them with replacement from the standardised innovations of the no-change
        model's residuals (residual AR bootstrap; Kreiss 1992, Bühlmann 1997), so
        heavy-tailed session noise is kept in the null distribution; ``'normal'`` draws
        standard normals (the behaviour before issue 17), which is liberal for heavy-tailed
        noise: 9-19 % type I error with t(3) innovations against 3-6 % with resampling
        (``docs/calibration.md``).

    Returns
    -------
    AmocResult
        ``.summary`` (one row): ``k, session, statistic, p_value, phi, mean_before,
        mean_after, shift, slope_change, improvement_shift, ci_lower, ci_upper,
        ci_lower_session, ci_upper_session, n, n_boot, power_note``. ``session`` is the last session
        before the change; ``k`` its 1-based position in the series.

    See Also
    --------
    cpt_mean : penalised search for several changes (changepoint semantics).
    breakpoints : Bai–Perron breaks with Bai (1997) intervals.
    bayes_changepoint : posterior over the location of one change.

    Notes
    -----
    **Statistic.** For every admissible split k (``min_size`` ≤ k ≤ n − ``min_size``),
    :math:`F_k = \frac{(RSS_0 - RSS_k)/q}{RSS_k/(n - p_0 - q)}` compares the no-change model
    (p₀ = 1 or 2 coefficients) with the change model (q = 1 or 2 extra coefficients);
    :math:`\hat k = \arg\max_k F_k` and sup-F = :math:`F_{\hat k}` (Andrews 1993; the F form of
    the likelihood ratio, ``domain/methods.md`` §6.1).

    **p-value under AR(1) errors.** Positive autocorrelation inflates sup-F, so the classical
    null distributions reject far too often on session data. casekit bootstraps an
    *AR(1)-studentized* statistic: T = max_k of the F statistic computed with the exact
    covariance of the change contrast under AR(1) errors with coefficient φ̃,
    :math:`\tilde F_k = \frac{z_k' (Q_k' R(\tilde\phi) Q_k)^{-1} z_k / q}
    {RSS_k / \mathrm{tr}(M_k R(\tilde\phi))}`
    (z_k = projection of the no-change residuals on the orthonormalised change contrast Q_k,
    R(φ) the AR(1) correlation matrix), which is close to F(q, n − p₀ − q) for every known φ.
    φ is estimated from the residuals of the *no-change* model (lag-1 autocorrelation with
    the Marriott–Pope small-sample correction, then an indirect-inference correction: the
    mean estimate on simulated series over a grid of φ, with common random numbers, is
    inverted), and clipped to [0, 0.9]: negative autocorrelation is treated as none, which is
    conservative. Using the no-change residuals keeps the size under the null (a shift makes
    them look autocorrelated, which costs power under the alternative: the test is
    conservative when there is a change, never liberal). Residuals of the selected change
    model were tried first and gave 10% type I error at n = 20, φ = 0.6, because the selected
    split absorbs part of the autocorrelation.

    The null distribution pools two sets of ``n_boot`` series simulated as 2-D arrays: (1)
    stationary AR(1) with coefficient φ̃ (the plug-in parametric bootstrap), giving bootstrap
    estimates φ̃*_b; (2) one series per b with its own coefficient
    :math:`2\tilde\phi - \tilde\phi^*_b` (clipped), so that the sampling uncertainty of φ̃
    enters the null distribution. In every series φ is re-estimated and every split's F is
    computed at once; :math:`p = (1 + \#\{T^* \ge T\})/(2 n_{boot} + 1)`. The
    innovations of the bootstrap series are resampled from the no-change model's
    standardised innovations by default (``innovations``). Type I error of the default on
    the grid n ∈ {12, 16, 20, 40}, φ ∈ {0, .3, .6, .8} with Gaussian and t(3) noise,
    missed sessions and linear and decelerating trends is in ``docs/calibration.md``
    (``benchmarks/calibration_grid.py``); the mean model with Gaussian innovations (the
    earlier default) is calibrated for φ ≤ .6, n ∈ {20, 40} in
    ``docs/calibration_changepoint.md``, where Pettitt, strucchange's supF and the i.i.d.
    bootstrap reach 20–50% at φ = 0.6. With a known φ (``phi=``) and
    ``innovations="normal"`` the test is an exact Monte Carlo test for Gaussian AR(1) noise.

    **Power.** Estimating φ from the no-change residuals keeps the size but costs power, and
    the level-and-slope model costs more (two change coefficients against a trend). The
    power for a level shift of one marginal SD after mid-series is tabulated per cell
    (n, φ) in ``_POWER_1SD`` (from ``benchmarks/calibration_grid.py``; see
    ``docs/calibration.md``). When the cell at or below the series length and at or above
    the estimated φ has a documented power below 50 %, ``power_note`` says so (and the notes
    repeat it): a non-significant p then says little about whether the series changed.

    **Interval for k.** A parametric bootstrap under the fitted change model: series are
    simulated from the fitted segment means (or lines) plus AR(1) noise with coefficient φ̂ and
    the residual innovation SD, k is re-estimated in each, and the interval is the
    equal-tailed percentile interval of k*, widened to include the estimate k̂ when k̂ falls
    outside it (it contains whole sessions; it can be asymmetric and is wide when the shift is
    small relative to the noise). A likelihood-based set would
    ignore the autocorrelation; Bai's (1997) asymptotic interval (see :func:`breakpoints`) needs
    large segments.

    casekit mirrors no single R function: the statistic is strucchange's
    ``sctest(Fstats(y ~ 1), type = "supF")`` (with ``y ~ t`` plus a slope break for
    ``'level_slope'``), but its p-value is a bootstrap, not Hansen's (1997) asymptotic
    approximation, and the trimming is by ``min_size`` observations, not a fraction.

    References
    ----------
    Andrews, D. W. K. (1993). Tests for parameter instability and structural change with
    unknown change point. Econometrica 61(4), 821–856. doi:10.2307/2951764
    Marriott, F. H. C. & Pope, J. A. (1954). Bias in the estimation of autocorrelations.
    Biometrika 41(3/4), 390–402. doi:10.1093/biomet/41.3-4.390
    Kreiss, J.-P. (1992). Bootstrap procedures for AR(∞) processes. In Bootstrapping and
    Related Techniques, Lecture Notes in Economics and Mathematical Systems 376, 107–113.
    doi:10.1007/978-3-642-48850-4_15
    Bühlmann, P. (1997). Sieve bootstrap for time series. Bernoulli 3(2), 123–148.
    doi:10.2307/3318584
    Huitema, B. E. & McKean, J. W. (1991). Autocorrelation estimation and inference with small
    samples. Psychological Bulletin 110(2), 291–304. doi:10.1037/0033-2909.110.2.291

    Examples
    --------
    >>> from casekit.changepoint import amoc
    >>> y = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]
    >>> res = amoc(y, improvement="decrease", n_boot=199, seed=1)
    >>> res.k, res.session, round(res.shift, 2), res.p_value < 0.05, res.power_note is not None
    (8, 8, -6.99, False, True)

    In 16 sessions a step can also be read as a trend with strongly autocorrelated noise
    (φ ≈ .9 under the no-change model), and the trend-aware default cannot tell them apart:
    it finds the step where it is but keeps its level by not rejecting, and says its power is
    low. The mean model, for a series known to be flat outside the change, rejects:

    >>> amoc(y, improvement="decrease", model="mean", n_boot=199, seed=1).p_value < 0.05
    True
    >>> amoc(y, sessions=[1, 2, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18],
    ...      n_boot=199, seed=1).session
    9
    """
    model, ar, n_boot, min_size, confidence, phi = _check_options(
        model, ar, n_boot, min_size, confidence, phi)
    innovations = check_option(innovations, "innovations", INNOVATIONS)
    notes: list[str] = []
    improvement = direction(improvement, notes)
    rng, seed_used = make_rng(seed)
    ser = changepoint_series(values, data=data, sessions=sessions, value_col=value_col,
                             session_col=session_col, case=case, case_col=case_col,
                             measure=measure, measure_col=measure_col, missing=missing,
                             min_size=2 * min_size)
    design = _Design(ser.n, model, min_size)
    if design.df2 < 1 or design.ks.size < 1:
        raise NotEnoughPointsError(f"{ser.name} has {ser.n} observations: too few for "
                                   f"model={model!r} with min_size={min_size}")
    if np.ptp(ser.values) == 0:
        raise ValueError(f"{ser.name} is constant: no change can be estimated")
    test = _bootstrap_test(design, ser.values, rng, n_boot, ar == "ar1", phi,
                           innovations if ar == "ar1" else "normal")
    fit = _fit_change(ser.values, design.t, test["k"], model, test["phi"], improvement)
    lo, hi = _location_interval(design, fit, test["phi"], test["k"], rng, n_boot, confidence)
    power_note = _power_note(model, ser.n, test["phi"] if ar == "ar1" else 0.0)
    notes = [_p_value_note(ar == "ar1", phi, test["phi"]), *input_notes(ser), *notes]
    if model == "mean":
        notes.append("model='mean': the null model is a constant mean, so a smooth trend "
                     "can be reported as a change (type I error 9.5-17 % on a linear trend); "
                     "the default model='level_slope' allows a trend")
    if power_note:
        notes.append(power_note)
    return _result(ser, test, fit, (lo, hi), notes, seed_used, power_note,
                   {"model": model, "ar": ar, "phi": "estimated" if phi is None else phi,
                    "innovations": innovations if ar == "ar1" else "normal",
                    "improvement": improvement, "n_boot": n_boot, "min_size": min_size,
                    "ci_level": confidence})


def _check_options(model: str, ar: str | None, n_boot: int, min_size: int, confidence: float,
                   phi: float | None) -> tuple[str, str | None, int, int, float, float | None]:
    model = check_option(model, "model", MODELS)
    ar = check_option(ar, "ar", AR_OPTIONS)
    n_boot = check_int(n_boot, "n_boot", minimum=19)
    min_size = check_int(min_size, "min_size", minimum=2 if model == "mean" else 3)
    confidence = check_ci_level(confidence, "confidence")
    if phi is not None:
        if ar != "ar1":
            raise ValueError("phi= needs ar='ar1' (a known AR(1) coefficient); got ar=None")
        phi = check_float(phi, "phi", minimum=-PHI_CLIP, maximum=PHI_CLIP)
    return model, ar, n_boot, min_size, confidence, phi


def _bootstrap_test(design: _Design, x: np.ndarray, rng: np.random.Generator, n_boot: int,
                    use_ar: bool, phi: float | None,
                    innovations: str = "normal") -> dict[str, Any]:
    """Observed statistic, location and the two-stage bootstrap p-value (see amoc Notes)."""
    phi_map = _phi_map(rng, design, use_ar) if phi is None else None
    T_1, kidx_1, phi_1, supF_1 = _studentized(design, x[None, :], use_ar, phi_map, phi)
    T_obs, kidx, phi_obs, supF = float(T_1[0]), int(kidx_1[0]), float(phi_1[0]), float(supF_1[0])
    # p-value: null series, stationary AR(1) with phi-hat (unit innovations; F is invariant)
    pool = _null_innovations(design, x, phi_obs) if innovations == "resample" else None
    noise = _ar1_noise(rng, n_boot, design.n, phi_obs, pool)
    T_star, _, phi_star, _ = _studentized(design, noise, use_ar, phi_map, phi)
    tol = 1 - 1e-12
    p_first = float((1 + np.count_nonzero(T_star >= T_obs * tol)) / (n_boot + 1))
    p_value = p_second = p_first
    if use_ar and phi is None:
        # second stage: carry the sampling uncertainty of phi-hat into the null distribution.
        # Every null series gets its own coefficient phi_b = 2 phi-hat - phi-hat*_b (the
        # basic-bootstrap draw of phi around phi-hat from the first stage).
        phi_b = np.clip(2.0 * phi_obs - phi_star, PHI_LOW, PHI_CLIP)
        u2 = _ar1_noise_vec(rng, phi_b, design.n, pool)
        T_2, _, _, _ = _studentized(design, u2, use_ar, phi_map)
        # pooled null distribution: the n_boot plug-in series and the n_boot series with
        # propagated phi uncertainty (see Notes)
        exceed = np.count_nonzero(T_star >= T_obs * tol) + np.count_nonzero(T_2 >= T_obs * tol)
        p_value = float((1 + exceed) / (2 * n_boot + 1))
        p_second = float((1 + np.count_nonzero(T_2 >= T_obs * tol)) / (n_boot + 1))
    return {"k": int(design.ks[kidx]), "statistic": supF, "studentized": T_obs,
            "phi": phi_obs, "p_value": p_value, "p_stages": (p_first, p_second)}


def _fit_change(x: np.ndarray, t: np.ndarray, k: int, model: str, phi: float,
                improvement: str | None) -> dict[str, Any]:
    """The fitted change model at ``k``: fitted values, innovation SD, shift and means."""
    n = x.size
    X = _alt_design(t, k, model)
    beta, *_ = np.linalg.lstsq(X, x, rcond=None)
    fitted = X @ beta
    resid = x - fitted
    df_res = max(n - X.shape[1], 1)
    s_u = math.sqrt(float(resid @ resid) / df_res)
    if model == "mean":
        shift = float(x[k:].mean()) - float(x[:k].mean())
        slope_change = math.nan
    else:
        shift, slope_change = float(beta[2]), float(beta[3])
    if improvement is None:
        imp_shift = math.nan
    else:
        imp_shift = shift if improvement == "increase" else -shift
    return {"fitted": fitted, "s_e": s_u * math.sqrt(1.0 - phi ** 2), "shift": shift,
            "slope_change": slope_change, "improvement_shift": imp_shift,
            "mean_before": float(x[:k].mean()), "mean_after": float(x[k:].mean())}


def _location_interval(design: _Design, fit: dict[str, Any], phi: float, k: int,
                       rng: np.random.Generator, n_boot: int,
                       confidence: float) -> tuple[int, int]:
    """Percentile interval of k: bootstrap under the fitted change model with AR(1) errors."""
    Yb = fit["fitted"][None, :] + fit["s_e"] * _ar1_noise(rng, n_boot, design.n, phi)
    Fb = design.fstats(Yb)[0]
    kb = design.ks[np.argmax(Fb, axis=1)]
    a = (1.0 - confidence) / 2.0
    lo = int(np.quantile(kb, a, method="inverted_cdf"))
    hi = int(np.quantile(kb, 1.0 - a, method="higher"))
    return min(lo, k), max(hi, k)


#: Power of amoc (default two-stage AR(1) bootstrap) at alpha = .05 for a level shift of one
#: marginal SD after observation n // 2, Gaussian AR(1) noise, by model, n and phi.
#: Source: ``benchmarks/calibration_grid.py --method amoc_power --reps 100 --n-boot 199``
#: (docs/calibration/amoc_power.csv, docs/calibration.md): 100 replications per cell, the
#: default test (resampled innovations), Monte Carlo SE about .02 at these rates. The level-and-slope model has little power at
#: any of these lengths: a step at mid-series is largely absorbed by the common trend and
#: makes the no-change residuals look autocorrelated.
_POWER_1SD = {
    "level_slope": {(12, 0.0): .02, (12, 0.3): .08, (12, 0.6): .04, (12, 0.8): .03,
                    (16, 0.0): .05, (16, 0.3): .02, (16, 0.6): .02, (16, 0.8): .03,
                    (20, 0.0): .03, (20, 0.3): .00, (20, 0.6): .03, (20, 0.8): .00,
                    (40, 0.0): .08, (40, 0.3): .06, (40, 0.6): .05, (40, 0.8): .01},
}
#: The same for a shift of two marginal SDs.
_POWER_2SD = {
    "level_slope": {(12, 0.0): .06, (12, 0.3): .03, (12, 0.6): .03, (12, 0.8): .02,
                    (16, 0.0): .07, (16, 0.3): .02, (16, 0.6): .02, (16, 0.8): .05,
                    (20, 0.0): .08, (20, 0.3): .05, (20, 0.6): .04, (20, 0.8): .04,
                    (40, 0.0): .20, (40, 0.3): .09, (40, 0.6): .03, (40, 0.8): .06},
}
_LOW_POWER = 0.5


def _power_note(model: str, n: int, phi: float) -> str:
    """A warning when the documented power for a 1-SD shift is below ``_LOW_POWER``.

    The cell is the largest tabulated n at or below ``n`` (the smallest one for shorter
    series) and the smallest tabulated phi at or above the estimated ``phi`` (the largest
    one above it): both choices err towards warning.
    """
    table = _POWER_1SD.get(model, {})
    if not table:
        return ""
    ns = sorted({k[0] for k in table})
    phis = sorted({k[1] for k in table})
    n_cell = max([v for v in ns if v <= n], default=ns[0])
    phi_cell = min([v for v in phis if v >= phi - 1e-9], default=phis[-1])
    power = table[(n_cell, phi_cell)]
    if power >= _LOW_POWER:
        return ""
    two = _POWER_2SD.get(model, {}).get((n_cell, phi_cell))
    also = "" if two is None else f" (a 2-SD shift in {two:.0%})"
    return (f"low power: with n = {n_cell} and phi = {phi_cell:g} (the documented cell for "
            f"n = {n}, estimated phi = {phi:.2f}) amoc(model={model!r}) detects a 1-SD level "
            f"shift at mid-series in only {power:.0%} of simulated series{also} "
            "(docs/calibration.md); a non-significant p is no evidence that nothing changed")


def _p_value_note(use_ar: bool, phi: float | None, phi_obs: float) -> str:
    if use_ar and phi is not None:
        return f"p-value: Monte Carlo test for AR(1) errors with the given phi = {phi:.3f}"
    if use_ar:
        return ("p-value: AR(1) bootstrap of the AR(1)-studentized sup-F "
                f"(phi = {phi_obs:.3f}, re-estimated in every bootstrap series; innovations "
                "as set by innovations=)")
    return "p-value assumes independent Normal errors (ar=None)"


def _result(ser: SessionSeries, test: dict[str, Any], fit: dict[str, Any],
            interval: tuple[int, int], notes: list[str], seed_used: int | None,
            power_note: str, options: dict[str, Any]) -> AmocResult:
    k, (lo, hi) = test["k"], interval
    model, use_ar = options["model"], options["ar"] == "ar1"
    fields = {
        "k": k, "session": ser.session_at(k), "statistic": test["statistic"],
        "p_value": test["p_value"], "phi": test["phi"], "mean_before": fit["mean_before"],
        "mean_after": fit["mean_after"], "shift": fit["shift"],
        "slope_change": fit["slope_change"], "improvement_shift": fit["improvement_shift"],
        "ci_lower": lo, "ci_upper": hi, "ci_lower_session": ser.session_at(lo),
        "ci_upper_session": ser.session_at(hi), "n": ser.n, "n_boot": options["n_boot"]}
    what = "mean" if model == "mean" else "level and slope"
    return AmocResult(
        pd.DataFrame([fields]),
        method=f"AMOC: one change in {what} "
               f"(sup-F, {'AR(1)' if use_ar else 'i.i.d.'} bootstrap)",
        variant=(f"one change in {what}; "
                 + ("p-value by a two-stage parametric AR(1) bootstrap of the "
                    "AR(1)-studentized sup-F" if use_ar and options["phi"] == "estimated"
                    else "Monte Carlo p-value for AR(1) errors with a known phi" if use_ar
                    else "p-value by an i.i.d. Normal bootstrap of sup-F")
                 + "; percentile bootstrap interval for the location"),
        options=options,
        reference="Andrews 1993 (doi:10.2307/2951764); Marriott & Pope 1954 "
                  "(doi:10.1093/biomet/41.3-4.390)",
        mirrors="statistic as strucchange 1.5-3 sctest(Fstats(y ~ 1), type='supF'); "
                "p-value by casekit's AR(1) parametric bootstrap (no R equivalent)",
        seed=seed_used, notes=notes,
        title=f"AMOC ({model}): change after observation {k}",
        studentized_statistic=test["studentized"], p_stages=test["p_stages"],
        power_note=power_note,
        confidence=options["ci_level"], **fields)


def _alt_design(t: np.ndarray, k: int, model: str) -> np.ndarray:
    d = (t > k).astype(float)
    if model == "mean":
        return np.column_stack([1.0 - d, d])
    return np.column_stack([np.ones_like(t), t, d, (t - k) * d])
