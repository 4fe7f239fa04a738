"""Exact Bayesian analysis of one change in mean (conjugate, closed form)."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.special import logsumexp

from .._deprecate import renamed_arguments
from .._input import SessionSeries
from .._validate import check_float, check_int, check_option, check_probability
from ..exceptions import NotEnoughPointsError
from ..results import Result
from ._ar1fit import PHI_CLIP
from ._base import changepoint_series, input_notes

__all__ = ["bayes_changepoint", "BayesChangepointResult", "PHI_GRID", "ERRORS"]

#: Error models of :func:`bayes_changepoint`.
ERRORS = ("ar1", "independent")
#: Grid of the AR(1) coefficient, uniform prior: -0.90, -0.85, ..., 0.90. The bound 0.9 is
#: casekit's stationary range for a fitted phi (``_ar1fit.PHI_CLIP``: beyond it 20-40
#: sessions cannot tell an AR(1) process from a trend); the step 0.05 changes P(change) by
#: less than 0.001 against a step of 0.01 on the calibration series.
PHI_GRID = np.round(np.arange(-PHI_CLIP, PHI_CLIP + 1e-9, 0.05), 2)


class BayesChangepointResult(Result):
    """Result of :func:`bayes_changepoint`.

    Attributes
    ----------
    posterior : pandas.DataFrame
        ``k, session, probability, log_bf, shift_mean, shift_sd``: posterior of the location
        conditional on one change (``probability`` sums to 1) on the axis of session numbers
        (``session``, the last session before the change; ``k`` its 1-based position), the log
        Bayes factor of a change after k against no change, and the posterior mean / SD of the
        shift given k.
    prob_change : float
        Posterior probability of one change (versus none).
    bayes_factor : float
        Bayes factor of "one change" against "no change" (average over locations); ``inf``
        when it exceeds the floating-point range (about 1e308, long series with large shifts).
    log_bayes_factor : float
        Its natural logarithm (always finite).
    mode : int
        Most probable k (1-based index of the last observation before the change).
    mode_session : int or float
        Session of ``mode``: the most probable last session before the change.
    mode_probability : float
        Posterior probability of ``mode``.
    credible_set : list of int
        Highest-posterior set of locations k with total probability >= ``confidence``.
    credible_set_sessions : list of int or float
        The same set as session numbers.
    credible_interval : tuple of int
        Shortest contiguous range (k_lo, k_hi) of locations with probability >=
        ``confidence``.
    credible_interval_sessions : tuple of int or float
        The same range as session numbers.
    credible_interval_probability : float
        Posterior probability of the credible interval.
    shift_mean : float
        Posterior mean of the shift (mean after − mean before), given one change.
    shift_sd : float
        Posterior SD of the shift, given one change.
    confidence : float
        Probability of the credible set and interval.
    n : int
        Number of observations.
    errors : str
        The error model: ``"ar1"`` (AR(1) errors, φ integrated over a grid) or
        ``"independent"``.
    phi_posterior : pandas.DataFrame or None
        ``phi, prior, probability``: posterior of the AR(1) coefficient on its grid (averaged
        over "change" and "no change" with their posterior probabilities); None with
        ``errors="independent"``.
    phi_mean : float
        Posterior mean of φ (NaN with ``errors="independent"``).
    phi_sd : float
        Posterior SD of φ (NaN with ``errors="independent"``).
    """

    posterior: pd.DataFrame
    prob_change: float
    bayes_factor: float
    log_bayes_factor: float
    mode: int
    mode_session: int | float
    mode_probability: float
    credible_set: list[int]
    credible_set_sessions: list[int | float]
    credible_interval: tuple[int, int]
    credible_interval_sessions: tuple[int | float, int | float]
    credible_interval_probability: float
    shift_mean: float
    shift_sd: float
    confidence: float
    n: int
    errors: str = "ar1"
    phi_posterior: pd.DataFrame | None = None
    phi_mean: float = math.nan
    phi_sd: float = math.nan


@renamed_arguments(y="values", value="value_col", session="session_col",
                   credible="confidence")
def bayes_changepoint(values: ArrayLike | pd.DataFrame | None = None, *,
                      data: pd.DataFrame | None = None, sessions: ArrayLike | None = None,
                      value_col: str = "value", session_col: str = "session",
                      case: Hashable = None, case_col: str = "case",
                      measure: str | None = None, measure_col: str = "measure", min_size: int = 2,
                      prior_change: float = 0.5, model: str = "mean", errors: str = "ar1",
                      confidence: float = 0.95, shift_scale: float | None = None,
                      missing: str = "error") -> BayesChangepointResult:
    r"""Posterior over every location of one change in mean, and P(change) vs P(no change).

    Parameters
    ----------
    values : array-like or pandas.DataFrame, optional
        The series in session order; a DataFrame given here is taken as ``data``.
    data : pandas.DataFrame, optional
        Tidy long table holding one series, or several from which ``case=`` and ``measure=``
        pick one (rows put in session order).
    sessions : array-like, optional
        Session numbers of ``values`` (default 1..n); the posterior is reported over them.
        With ``errors="ar1"`` a gap of d sessions between two observations is a lag of d
        (correlation :math:`\phi^d`) when the session numbers are whole numbers.
    value_col, session_col, case_col, measure_col : str
        Column names in ``data``.
    case, measure : optional
        Which series of ``data`` to analyse (labels).
    min_size : int
        Minimum number of observations in each segment (default 2).
    prior_change : float
        Prior probability of one change (versus no change), strictly between 0 and 1.
    model : {'mean'}
        One change in mean (the only model implemented).
    errors : {'ar1', 'independent'}
        ``"ar1"`` (default): stationary AR(1) errors, the coefficient φ integrated out over a
        uniform prior on the grid −0.90, −0.85, …, 0.90 (``PHI_GRID``), as Zellner & Tiao
        (1964) integrate ρ numerically. ``"independent"``: independent Normal errors (the
        closed form of casekit ≤ 0.x; its P(change) exceeds .95 in 18–26 % of AR(1) null series
        with φ = .6, see ``docs/calibration_bayes.md``).
    confidence : float
        Probability of the credible set and interval.
    shift_scale : float, optional
        Prior SD r of the shift in units of the series' (marginal) SD σ,
        :math:`\delta \mid \sigma \sim N(0, (r\sigma)^2)`, the same for every location.
        Default (None): the unit-information g-prior of the independent model, g = n (Kass &
        Wasserman 1995), i.e. prior SD :math:`\sigma\, n/\sqrt{n_1 n_2}` (2σ for a change at
        mid-series), whatever φ.
    missing : {'error', 'drop', 'include_imputed'}
        Missing values are an error naming their rows and sessions, or dropped (listed in the
        notes).

    Returns
    -------
    BayesChangepointResult
        ``.summary`` (one row): ``mode, mode_session, prob_change, bayes_factor, mode_probability,
        ci_lower, ci_upper, ci_lower_session, ci_upper_session, ci_probability, shift_mean,
        shift_sd, n, phi_mean, phi_sd``; ``.posterior`` (one row per admissible k, see the
        class); ``.phi_posterior`` (``errors="ar1"``). Locations are sessions (``*_session``,
        the last session before the change) beside their 1-based positions.

    See Also
    --------
    amoc : frequentist test of one change with AR(1) errors.

    Notes
    -----
    Model: :math:`y_t = \mu + \delta [t > k] + \varepsilon_t` with stationary AR(1) errors,
    :math:`\varepsilon_t = \phi\,\varepsilon_{t-1} + u_t`, marginal variance σ²
    (``errors="independent"``: φ = 0). Priors (``domain/methods.md`` §6.5): flat on the level
    μ, :math:`p(\sigma) \propto 1/\sigma`, k uniform over ``min_size`` ≤ k ≤ n − ``min_size``,
    φ uniform on ``PHI_GRID``, and a **proper** Normal prior on the shift scaled by σ. With
    flat priors on both segment means the marginal likelihood of a change model contains an
    arbitrary constant that does not cancel against the no-change model, so P(change) would
    be meaningless; μ, σ and φ are common to both models, so their priors cancel in the Bayes
    factor.

    *Given φ* the exact (Prais–Winsten) transformation
    :math:`w_1 = y_1`, :math:`w_t = (y_t - \phi^{d_t} y_{t-1}) / \sqrt{1 - \phi^{2 d_t}}`
    (:math:`d_t` the session gap, 1 without missed sessions) makes the errors independent with
    variance σ², with Jacobian :math:`\prod_t (1-\phi^{2 d_t})^{-1/2}`. In the transformed
    regression on :math:`c = P\mathbf 1` (level) and :math:`z_k = P s_k` (step), let
    :math:`\tilde w, \tilde z_k` be w and z_k with c projected out,
    :math:`RSS_0 = \lVert\tilde w\rVert^2`, :math:`R_k^2 = (\tilde z_k'\tilde w)^2 /
    (\tilde z_k'\tilde z_k\, RSS_0)`. The prior :math:`\delta \sim N(0, v_k\sigma^2)` with
    :math:`v_k = g\,n/(n_1 n_2)` is Zellner's g-prior in the transformed regression with
    :math:`g_k(\phi) = v_k\, \tilde z_k'\tilde z_k` (= g at φ = 0; with ``shift_scale`` r,
    :math:`v_k = r^2`), so the closed form of Liang et al. (2008, eq. 5) holds for each φ:

    .. math:: BF_{k0}(\phi) = (1+g_k)^{(n-2)/2}\,[1 + g_k(1-R_k^2)]^{-(n-1)/2},

    and the no-change marginal likelihood is, up to a constant in n only,
    :math:`m_0(\phi) = \prod_t (1-\phi^{2 d_t})^{-1/2}\,(c'c)^{-1/2}\,RSS_0^{-(n-1)/2}`.
    Integrating φ over its prior (a sum over the grid, as in Zellner & Tiao 1964):

    .. math:: BF_{k0} = \frac{\sum_\phi p(\phi)\, m_0(\phi)\, BF_{k0}(\phi)}
                             {\sum_\phi p(\phi)\, m_0(\phi)},

    :math:`p(k \mid y, \text{change}) \propto BF_{k0}`,
    :math:`P(\text{change} \mid y) = \pi \overline{BF} / (\pi \overline{BF} + 1 - \pi)` with
    π = ``prior_change`` and :math:`\overline{BF}` the mean of BF_k0 over locations. Given k and
    φ, δ is Student-t with n − 1 df, location :math:`s\hat\delta_k` and squared scale
    :math:`s\,(RSS_0 - s\,SSR_k)/((n-1)\,\tilde z_k'\tilde z_k)`, s = g_k/(1+g_k),
    :math:`SSR_k = R_k^2 RSS_0`; the reported mean and SD of the shift average these over the
    joint posterior of (k, φ). Integrating μ out with a flat prior gives the factor
    :math:`(c'c)^{-1/2}`, which makes the likelihood of φ a restricted (REML-type) one and
    removes most of the downward bias of φ in short series.

    **Calibration** (``benchmarks/calibration_bayes.py --reps 400 --seed 2026``, table in
    ``docs/calibration_bayes.md``; Gaussian AR(1) series of marginal SD 1). On series without
    a change P(change) > .95 in 0–0.5 % of series at n = 20 and 0–1.0 % at n = 40 for φ ∈ {0,
    .3, .6} (0.3–0.5 % at φ = .8); the independent model: 0 / 3.7 / 21.5 % (n = 20) and 0 /
    4.5 / 25.0 % (n = 40). With a shift of 2 SD after observation n/2 the 95 % credible
    interval covers the true location in 97.5–99.5 % of series (independent model: 82.3 % at
    n = 40, φ = .6), at the price of width (9–20 sessions against 6) and **power**: P(change)
    > .95 in 15 / 7 / 8 % of series at n = 20 and 70 / 31 / 13 % at n = 40 for φ = 0 / .3 / .6
    (independent model 61–97 %, most of it at φ > 0 false confidence). A short autocorrelated
    series carries little evidence about a change in mean, and the default says so; a
    small posterior probability of a change is not evidence of no change.

    Locations are exact (enumerated), no MCMC. Differs from R ``bcp`` (Barry–Hartigan product
    partition, MCMC, several changes) and ``mcp`` (JAGS, which offers AR(1) errors by MCMC);
    no R package computes this closed form.

    References
    ----------
    Zellner, A. & Tiao, G. C. (1964). Bayesian analysis of the regression model with
    autocorrelated errors. JASA 59(307), 763–778. doi:10.1080/01621459.1964.10480726
    Liang, F., Paulo, R., Molina, G., Clyde, M. A. & Berger, J. O. (2008). Mixtures of g
    priors for Bayesian variable selection. JASA 103(481), 410–423.
    doi:10.1198/016214507000001337
    Kass, R. E. & Wasserman, L. (1995). A reference Bayesian test for nested hypotheses and
    its relationship to the Schwarz criterion. JASA 90(431), 928–934.
    doi:10.1080/01621459.1995.10476592
    Zellner, A. (1986). On assessing prior distributions and Bayesian regression analysis with
    g-prior distributions. In Bayesian Inference and Decision Techniques, 233–243.
    Smith, A. F. M. (1975). A Bayesian approach to inference about a change-point in a
    sequence of random variables. Biometrika 62(2), 407–416. doi:10.1093/biomet/62.2.407
    Prais, S. J. & Winsten, C. B. (1954). Trend estimators and serial correlation. Cowles
    Commission Discussion Paper No. 383.

    Examples
    --------
    >>> from casekit.changepoint import bayes_changepoint
    >>> y = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]
    >>> res = bayes_changepoint(y, sessions=range(1, 17))
    >>> res.mode, res.mode_session, res.prob_change > 0.99
    (8, 8, True)
    """
    check_option(model, "model", ("mean",))
    errors = check_option(errors, "errors", ERRORS)
    min_size = check_int(min_size, "min_size", minimum=1)
    prior_change = check_probability(prior_change, "prior_change")
    confidence = check_probability(confidence, "confidence")
    shift_scale = check_float(shift_scale, "shift_scale", minimum=0.0, inclusive=False,
                              allow_none=True)
    ser = changepoint_series(values, data=data, sessions=sessions, value_col=value_col,
                             session_col=session_col, case=case, case_col=case_col,
                             measure=measure, measure_col=measure_col, missing=missing,
                             min_size=max(2 * min_size, 4))
    ks = np.arange(min_size, ser.n - min_size + 1)
    if ks.size == 0:
        raise NotEnoughPointsError(f"{ser.name} has {ser.n} observations: no admissible "
                                   f"location with min_size={min_size}")
    grid = PHI_GRID if errors == "ar1" else np.zeros(1)
    gaps, gap_note = _gaps(ser.sessions) if errors == "ar1" else (np.ones(ser.n - 1), None)
    post = _posterior(ser.values, ks, shift_scale, prior_change, grid, gaps)
    if post is None:
        raise ValueError(f"{ser.name} is constant: the posterior of a change is undefined")
    cred = _credible(ks, post["prob"], confidence)
    options = {"min_size": min_size, "prior_change": prior_change, "model": model,
               "errors": errors, "credible": confidence,
               "prior_g": "unit information (g = n)" if shift_scale is None
               else f"shift ~ N(0, ({shift_scale} sigma)^2)"}
    if errors == "ar1":
        options["prior_phi"] = "uniform on -0.90, -0.85, ..., 0.90"
    return _result(ser, ks, post, cred, options, [gap_note] if gap_note else [])


def _gaps(sessions: np.ndarray) -> tuple[np.ndarray, str | None]:
    """Lags between consecutive observations: session gaps when whole numbers, else 1."""
    d = np.diff(np.asarray(sessions, dtype=float))
    if d.size and np.allclose(d, np.round(d)) and np.all(np.round(d) >= 1):
        d = np.round(d)
        if np.any(d > 1):
            return d, (f"AR(1) errors over session gaps: {int(np.sum(d > 1))} gap(s) of more "
                       "than one session treated as lags of that many sessions")
        return d, None
    return np.ones(d.size), ("session numbers are not whole numbers: consecutive observations "
                             "treated as lag 1 in the AR(1) model")


def _transform(u: np.ndarray, phi: float, gaps: np.ndarray) -> np.ndarray:
    """Prais-Winsten transform of the rows of ``u`` (n x m) to independent unit variance."""
    if phi == 0.0:
        return u
    rho = phi ** gaps
    out = np.empty_like(u)
    out[0] = u[0]
    out[1:] = (u[1:] - rho[:, None] * u[:-1]) / np.sqrt(1.0 - rho * rho)[:, None]
    return out


def _posterior(x: np.ndarray, ks: np.ndarray, shift_scale: float | None, prior_change: float,
               grid: np.ndarray, gaps: np.ndarray) -> dict[str, Any] | None:
    """Bayes factors, location, φ and shift posteriors (exact sums; None if constant)."""
    n, K, G = x.size, ks.size, grid.size
    n1 = ks.astype(float)
    v = np.full(K, shift_scale ** 2) if shift_scale is not None else n * n / (n1 * (n - n1))
    U = np.column_stack([x, np.ones(n), (np.arange(n)[:, None] >= ks[None, :])])
    log_m0 = np.empty(G)
    log_bf = np.empty((G, K))
    loc = np.empty((G, K))
    var = np.empty((G, K))
    for i, phi in enumerate(grid):
        W = _transform(U.astype(float), float(phi), gaps)
        w, c, Z = W[:, 0], W[:, 1], W[:, 2:]
        cc = float(c @ c)
        wt = w - c * (c @ w) / cc
        Zt = Z - np.outer(c, c @ Z) / cc
        rss0 = float(wt @ wt)
        if rss0 <= 1e-12 * max(float(x @ x), 1.0):
            return None
        zz = np.einsum("ij,ij->j", Zt, Zt)
        dhat = (Zt.T @ wt) / zz
        ssr = zz * dhat ** 2
        r2 = np.clip(ssr / rss0, 0.0, 1.0)
        g = v * zz
        log_bf[i] = 0.5 * (n - 2) * np.log1p(g) - 0.5 * (n - 1) * np.log1p(g * (1.0 - r2))
        log_m0[i] = (-0.5 * float(np.sum(np.log1p(-(phi ** (2 * gaps))))) - 0.5 * math.log(cc)
                     - 0.5 * (n - 1) * math.log(rss0))
        s = g / (1.0 + g)
        loc[i] = s * dhat
        scale2 = s * (rss0 - s * ssr) / ((n - 1) * zz)
        var[i] = scale2 * (n - 1) / (n - 3) if n > 3 else np.inf
    return _combine(log_m0, log_bf, loc, var, prior_change, grid)


def _combine(log_m0: np.ndarray, log_bf: np.ndarray, loc: np.ndarray, var: np.ndarray,
             prior_change: float, grid: np.ndarray) -> dict[str, Any]:
    """Sum the (φ, k) terms: location posterior, Bayes factors, P(change), φ posterior."""
    G, K = log_bf.shape
    lj0 = log_m0 - math.log(G)                      # log p(y, φ | no change), uniform prior
    ljk = lj0[:, None] + log_bf                     # log p(y, φ | change after k)
    L0 = float(logsumexp(lj0))
    log_bf_k = logsumexp(ljk, axis=0) - L0          # BF of a change after k (φ integrated)
    log_bf_bar = float(logsumexp(log_bf_k) - math.log(K))
    log_odds = math.log(prior_change) - math.log1p(-prior_change) + log_bf_bar
    prob_change = float(1.0 / (1.0 + math.exp(-log_odds))) if log_odds > -700 else 0.0
    w = np.exp(ljk - logsumexp(ljk))                # joint posterior of (φ, k) given change
    prob = w.sum(axis=0)
    wk = np.exp(ljk - logsumexp(ljk, axis=0))       # posterior of φ given change after k
    loc_k = np.sum(wk * loc, axis=0)
    var_k = np.sum(wk * (var + loc ** 2), axis=0) - loc_k ** 2
    shift_mean = float(np.sum(w * loc))
    shift_sd = float(math.sqrt(max(np.sum(w * (var + loc ** 2)) - shift_mean ** 2, 0.0)))
    phi_post = prob_change * w.sum(axis=1) + (1 - prob_change) * np.exp(lj0 - L0)
    return {"prob": prob, "log_bf": log_bf_k, "log_bf_bar": log_bf_bar, "loc": loc_k,
            "var_k": np.maximum(var_k, 0.0), "prob_change": prob_change,
            "shift_mean": shift_mean, "shift_sd": shift_sd, "phi_grid": grid,
            "phi_post": phi_post}


def _credible(ks: np.ndarray, prob: np.ndarray, level: float) -> dict[str, Any]:
    """Mode, highest-posterior set and shortest contiguous interval with mass >= level."""
    mode_i = int(np.argmax(prob))
    order = np.argsort(-prob, kind="stable")
    cum = np.cumsum(prob[order])
    n_set = int(np.searchsorted(cum, level - 1e-12) + 1)
    cred_set = sorted(int(k) for k in ks[order[:n_set]])
    # shortest contiguous window with probability >= level (ties: the most probable)
    cp = np.concatenate([[0.0], np.cumsum(prob)])
    best = (0, ks.size - 1, 1.0)
    best_len = ks.size
    for i in range(ks.size):
        j = int(np.searchsorted(cp, cp[i] + level - 1e-12)) - 1
        if j >= ks.size:
            break
        length = j - i + 1
        mass = cp[j + 1] - cp[i]
        if length < best_len or (length == best_len and mass > best[2]):
            best, best_len = (i, j, mass), length
    return {"mode": int(ks[mode_i]), "mode_probability": float(prob[mode_i]), "set": cred_set,
            "lo": int(ks[best[0]]), "hi": int(ks[best[1]]), "mass": float(best[2])}


def _result(ser: SessionSeries, ks: np.ndarray, post: dict[str, Any], cred: dict[str, Any],
            options: dict[str, Any], extra_notes: list[str]) -> BayesChangepointResult:
    log_bf_bar = post["log_bf_bar"]
    # exp() overflows above log(max float) ~ 709.78: report inf (the exact value is in
    # log_bayes_factor) rather than a clipped number that looks like a value
    bf = math.exp(log_bf_bar) if log_bf_bar < math.log(np.finfo(float).max) else math.inf
    ar1 = options["errors"] == "ar1"
    if ar1:
        grid, pp = post["phi_grid"], post["phi_post"]
        phi_mean = float(np.sum(grid * pp))
        phi_sd = float(math.sqrt(max(np.sum(grid ** 2 * pp) - phi_mean ** 2, 0.0)))
        phi_posterior = pd.DataFrame({"phi": grid, "prior": np.full(grid.size, 1 / grid.size),
                                      "probability": pp})
        notes = [f"AR(1) errors, phi integrated out (posterior mean {phi_mean:.2f}, SD "
                 f"{phi_sd:.2f})"]
    else:
        phi_mean = phi_sd = math.nan
        phi_posterior = None
        notes = ["assumes independent errors: with autocorrelation the posterior is too sharp "
                 "and P(change) too high (errors='ar1' accounts for it)"]
    notes += extra_notes
    if math.isinf(bf):
        notes.append(f"the Bayes factor exceeds the floating-point range (shown as inf); "
                     f"log_bayes_factor = {log_bf_bar:.1f}")
    mode, lo_k, hi_k = cred["mode"], cred["lo"], cred["hi"]
    posterior = pd.DataFrame({"k": ks.astype(int), "session": ser.sessions_at(ks),
                              "probability": post["prob"], "log_bf": post["log_bf"],
                              "shift_mean": post["loc"], "shift_sd": np.sqrt(post["var_k"])})
    summary = pd.DataFrame([{
        "mode": mode, "mode_session": ser.session_at(mode), "prob_change": post["prob_change"],
        "bayes_factor": bf, "mode_probability": cred["mode_probability"], "ci_lower": lo_k,
        "ci_upper": hi_k, "ci_lower_session": ser.session_at(lo_k),
        "ci_upper_session": ser.session_at(hi_k), "ci_probability": cred["mass"],
        "shift_mean": post["shift_mean"], "shift_sd": post["shift_sd"], "n": ser.n,
        "phi_mean": phi_mean, "phi_sd": phi_sd}])
    errs = ("stationary AR(1) errors (phi integrated over a uniform grid)" if ar1
            else "independent Normal errors")
    return BayesChangepointResult(
        summary, method="Bayesian single change in mean (conjugate, exact enumeration)",
        variant=f"one change in mean, {errs}, g-prior on the shift ({options['prior_g']}), "
                "uniform prior on the location",
        options=options,
        reference="Smith 1975 (doi:10.1093/biomet/62.2.407); g-prior Bayes factor: Liang et "
                  "al. 2008 (doi:10.1198/016214507000001337)"
                  + ("; AR(1) errors integrated as in Zellner & Tiao 1964 "
                     "(doi:10.1080/01621459.1964.10480726)" if ar1 else ""),
        mirrors="no R equivalent (closed form; cf. bcp, mcp)",
        notes=notes + input_notes(ser),
        title=f"Bayesian change point: most likely after observation {mode}",
        posterior=posterior, prob_change=post["prob_change"], bayes_factor=bf,
        log_bayes_factor=log_bf_bar, mode=mode, mode_session=ser.session_at(mode),
        mode_probability=cred["mode_probability"], credible_set=cred["set"],
        credible_set_sessions=ser.sessions_at(cred["set"]), credible_interval=(lo_k, hi_k),
        credible_interval_sessions=(ser.session_at(lo_k), ser.session_at(hi_k)),
        credible_interval_probability=cred["mass"], shift_mean=post["shift_mean"],
        shift_sd=post["shift_sd"], confidence=options["credible"], n=ser.n,
        errors=options["errors"], phi_posterior=phi_posterior, phi_mean=phi_mean,
        phi_sd=phi_sd)
