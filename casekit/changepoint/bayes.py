"""Exact Bayesian analysis of one change in mean (conjugate, closed form)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import logsumexp

from .._deprecate import renamed_arguments
from .._validate import check_float, check_int, check_option, check_probability
from ..exceptions import NotEnoughPointsError
from ..results import Result
from ._base import changepoint_series, input_notes

__all__ = ["bayes_changepoint", "BayesChangepointResult"]


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
    """

    posterior: pd.DataFrame
    prob_change: float
    bayes_factor: float
    log_bayes_factor: float
    mode: int
    mode_session: int | float
    mode_probability: float
    credible_set: list
    credible_set_sessions: list
    credible_interval: tuple
    credible_interval_sessions: tuple
    credible_interval_probability: float
    shift_mean: float
    shift_sd: float
    confidence: float
    n: int


@renamed_arguments(y="values", value="value_col", session="session_col",
                   credible="confidence")
def bayes_changepoint(values=None, *, data=None, sessions=None, value_col: str = "value",
                      session_col: str = "session", case=None, case_col: str = "case",
                      measure=None, measure_col: str = "measure", min_size: int = 2,
                      prior_change: float = 0.5, model: str = "mean",
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
    confidence : float
        Probability of the credible set and interval.
    shift_scale : float, optional
        Prior SD r of the shift in units of σ, :math:`\delta \mid \sigma \sim N(0,
        (r\sigma)^2)`, the same for every location. Default (None): the unit-information
        g-prior, g = n (Kass & Wasserman 1995), i.e. prior SD :math:`\sigma\, n/\sqrt{n_1 n_2}`
        (2σ for a change at mid-series), which shrinks the shift by the factor n/(n + 1) only.
    missing : {'error', 'drop', 'include_imputed'}
        Missing values are an error naming their rows and sessions, or dropped (listed in the
        notes).

    Returns
    -------
    BayesChangepointResult
        ``.summary`` (one row): ``mode, mode_session, prob_change, bayes_factor, mode_probability,
        ci_lower, ci_upper, ci_lower_session, ci_upper_session, ci_probability, shift_mean,
        shift_sd, n``; ``.posterior`` (one row per admissible k, see the class). Locations are
        sessions (``*_session``, the last session before the change) beside their 1-based
        positions.

    See Also
    --------
    amoc : frequentist test of one change with AR(1) errors.

    Notes
    -----
    Model: :math:`y_t = \mu + \delta [t > k] + \varepsilon_t`,
    :math:`\varepsilon_t \sim N(0, \sigma^2)` independent. Priors (``domain/methods.md``
    §6.5): flat on the level μ, :math:`p(\sigma) \propto 1/\sigma`, k uniform over
    ``min_size`` ≤ k ≤ n − ``min_size``, and a **proper** Normal prior on the shift scaled by
    σ (Zellner's g-prior; by default the unit-information choice g = n). With flat priors on both segment means the
    marginal likelihood of a change model contains an arbitrary constant that does not cancel
    against the no-change model, so P(change) would be meaningless; μ and σ are common to
    both models, so their improper priors cancel in the Bayes factor. The prior on δ is
    Zellner's g-prior :math:`\delta \sim N(0, g\sigma^2 n/(n_1 n_2))` (:math:`n_1 n_2/n` is
    the residual sum of squares of the change contrast), with g = n by default or
    :math:`g_k = r^2 n_1 n_2 / n` with ``shift_scale`` = r. The closed form is (Liang et al.
    2008, eq. 5)

    .. math:: BF_{k0} = (1+g_k)^{(n-2)/2}\,[1 + g_k(1-R_k^2)]^{-(n-1)/2},

    :math:`R_k^2 = 1 - RSS_k/RSS_0`. Then :math:`p(k \mid y, \text{change}) \propto BF_{k0}`,
    :math:`P(\text{change} \mid y) = \pi \overline{BF} / (\pi \overline{BF} + 1 - \pi)` with
    π = ``prior_change`` and :math:`\overline{BF}` the mean of BF_k0 over locations. Given k,
    δ is Student-t with n − 1 df, location :math:`s\hat\delta_k` and squared scale
    :math:`s\,(RSS_0 - s\,SSR_k)/((n-1)\,n_1 n_2/n)`, s = g/(1+g), SSR_k = RSS_0 − RSS_k;
    the reported mean and SD of the shift average these over the posterior of k.
    Without the shrinkage (r → ∞) the location posterior tends to the flat-prior form of
    methods.md §6.5, :math:`(n_1 n_2)^{-1/2} RSS_k^{-(n-2)/2}`, up to the factor
    :math:`RSS_k^{-1/2}`.

    Locations are exact (enumerated), no MCMC. The errors are assumed independent: with
    positive autocorrelation the posterior is too concentrated and P(change) too high.
    Differs from R ``bcp`` (Barry–Hartigan product partition, MCMC, several changes) and
    ``mcp`` (JAGS); no R package computes this closed form.

    References
    ----------
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

    Examples
    --------
    >>> from casekit.changepoint import bayes_changepoint
    >>> y = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]
    >>> res = bayes_changepoint(y, sessions=range(1, 17))
    >>> res.mode, res.mode_session, res.prob_change > 0.99
    (8, 8, True)
    """
    check_option(model, "model", ("mean",))
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
    post = _posterior(ser.values, ks, shift_scale, prior_change)
    if post is None:
        raise ValueError(f"{ser.name} is constant: the posterior of a change is undefined")
    cred = _credible(ks, post["prob"], confidence)
    options = {"min_size": min_size, "prior_change": prior_change, "model": model,
               "credible": confidence,
               "prior_g": "unit information (g = n)" if shift_scale is None
               else f"g = {shift_scale}^2 n1 n2 / n"}
    return _result(ser, ks, post, cred, options)


def _posterior(x: np.ndarray, ks: np.ndarray, shift_scale, prior_change: float):
    """Bayes factors, location posterior and shift posterior (closed form; None if constant)."""
    n = x.size
    xc = x - x.mean()
    rss0 = float(xc @ xc)
    if rss0 <= 0:
        return None
    c1 = np.cumsum(x)
    n1 = ks.astype(float)
    n2 = n - n1
    m1 = c1[ks - 1] / n1
    m2 = (c1[-1] - c1[ks - 1]) / n2
    dhat = m2 - m1
    zz = n1 * n2 / n
    ssr = zz * dhat ** 2
    r2 = np.clip(ssr / rss0, 0.0, 1.0)
    g = np.full_like(zz, float(n)) if shift_scale is None else shift_scale ** 2 * zz
    log_bf = 0.5 * (n - 2) * np.log1p(g) - 0.5 * (n - 1) * np.log1p(g * (1.0 - r2))
    log_post = log_bf - logsumexp(log_bf)
    prob = np.exp(log_post)
    log_bf_bar = float(logsumexp(log_bf) - math.log(ks.size))
    log_odds = math.log(prior_change) - math.log1p(-prior_change) + log_bf_bar
    prob_change = float(1.0 / (1.0 + math.exp(-log_odds))) if log_odds > -700 else 0.0
    s = g / (1.0 + g)
    loc = s * dhat
    S = rss0 - s * ssr
    scale2 = s * S / ((n - 1) * zz)
    var_k = scale2 * (n - 1) / (n - 3) if n > 3 else np.full_like(scale2, np.inf)
    shift_mean = float(np.sum(prob * loc))
    shift_sd = float(math.sqrt(max(np.sum(prob * (var_k + loc ** 2)) - shift_mean ** 2, 0.0)))
    return {"prob": prob, "log_bf": log_bf, "log_bf_bar": log_bf_bar, "loc": loc,
            "var_k": var_k, "prob_change": prob_change, "shift_mean": shift_mean,
            "shift_sd": shift_sd}


def _credible(ks: np.ndarray, prob: np.ndarray, level: float) -> dict:
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


def _result(ser, ks, post: dict, cred: dict, options: dict) -> BayesChangepointResult:
    log_bf_bar = post["log_bf_bar"]
    # exp() overflows above log(max float) ~ 709.78: report inf (the exact value is in
    # log_bayes_factor) rather than a clipped number that looks like a value
    bf = math.exp(log_bf_bar) if log_bf_bar < math.log(np.finfo(float).max) else math.inf
    notes = ["assumes independent errors: with autocorrelation the posterior is too sharp"]
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
        "shift_mean": post["shift_mean"], "shift_sd": post["shift_sd"], "n": ser.n}])
    return BayesChangepointResult(
        summary, method="Bayesian single change in mean (conjugate, exact enumeration)",
        variant="one change in mean, independent Normal errors, g-prior on the shift ("
                + options["prior_g"] + "), uniform prior on the location",
        options=options,
        reference="Smith 1975 (doi:10.1093/biomet/62.2.407); g-prior Bayes factor: Liang et "
                  "al. 2008 (doi:10.1198/016214507000001337)",
        mirrors="no R equivalent (closed form; cf. bcp, mcp)",
        notes=notes + input_notes(ser),
        title=f"Bayesian change point: most likely after observation {mode}",
        posterior=posterior, prob_change=post["prob_change"], bayes_factor=bf,
        log_bayes_factor=log_bf_bar, mode=mode, mode_session=ser.session_at(mode),
        mode_probability=cred["mode_probability"], credible_set=cred["set"],
        credible_set_sessions=ser.sessions_at(cred["set"]), credible_interval=(lo_k, hi_k),
        credible_interval_sessions=(ser.session_at(lo_k), ser.session_at(hi_k)),
        credible_interval_probability=cred["mass"], shift_mean=post["shift_mean"],
        shift_sd=post["shift_sd"], confidence=options["credible"], n=ser.n)
