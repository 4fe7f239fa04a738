"""bayes_changepoint: closed-form posterior checked against numerical integration.

The marginal likelihoods are integrated numerically (μ and δ analytically as Gaussian
integrals, σ by quadrature) under the documented priors (flat μ, p(σ) ∝ 1/σ, δ | σ ~
N(0, g σ² n / (n1 n2))), and the Bayes factors compared with the closed form (rtol 1e-7,
quadrature tolerance).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from casekit import NotEnoughPointsError
from casekit.changepoint import bayes_changepoint

SHIFT = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]


def _log_marginal(y, k, g, corr=None):
    """log p(y | change after k) (k = None: no change) up to the constant shared by both.

    ``corr``: the error correlation matrix (AR(1): phi^|s_i - s_j|); the data and design are
    whitened with its Cholesky factor and log|corr|^(-1/2) is added.
    """
    from scipy.integrate import quad

    y = np.asarray(y, float)
    n = y.size
    X = np.ones((n, 1)) if k is None else np.column_stack([np.ones(n), (np.arange(n) >= k)])
    log_jac = 0.0
    if corr is not None:
        L = np.linalg.cholesky(corr)
        y, X = np.linalg.solve(L, y), np.linalg.solve(L, X)
        log_jac = -float(np.sum(np.log(np.diag(L))))

    def integrand(sigma):
        # integrate mu (flat) and delta (Normal prior) analytically for this sigma:
        # p(y | sigma) = int N(y | X b, s^2 I) p(b) db with prior precision on delta only
        P = np.zeros((X.shape[1], X.shape[1]))
        if k is not None:
            n1, n2 = k, n - k
            P[1, 1] = 1.0 / (g * sigma**2 * n / (n1 * n2))
        A = X.T @ X / sigma**2 + P
        bhat = np.linalg.solve(A, X.T @ y / sigma**2)
        quadform = y @ y / sigma**2 - bhat @ A @ bhat
        logdet_prior = 0.0 if k is None else 0.5 * math.log(P[1, 1] / (2 * math.pi))
        val = (-n * math.log(sigma) - 0.5 * quadform - 0.5 * np.linalg.slogdet(A)[1]
               + logdet_prior + 0.5 * X.shape[1] * math.log(2 * math.pi)
               - 0.5 * n * math.log(2 * math.pi))
        return math.exp(val - math.log(sigma) + 40.0)  # p(sigma) = 1/sigma; rescaled

    tot, _ = quad(integrand, 1e-3, 60, limit=400, epsabs=0, epsrel=1e-11)
    return math.log(tot) - 40.0 + log_jac


@pytest.mark.parametrize("y", [SHIFT, [3.0, 4.0, 2.0, 5.0, 4.0, 3.5, 6.0, 5.0, 7.0, 6.5]])
def test_bayes_factors_by_numerical_integration(y):
    res = bayes_changepoint(y, errors="independent")
    n = len(y)
    l0 = _log_marginal(y, None, n)
    for row in res.posterior.itertuples():
        lk = _log_marginal(y, row.k, n)
        np.testing.assert_allclose(row.log_bf, lk - l0, rtol=1e-7, atol=1e-7)


def test_posterior_probabilities():
    res = bayes_changepoint(SHIFT, sessions=range(1, 17), errors="independent")
    post = res.posterior
    assert list(post.columns[:3]) == ["k", "session", "probability"]
    np.testing.assert_allclose(post["probability"].sum(), 1.0, rtol=1e-12)
    assert res.mode == 8 and res.mode_session == 8
    assert res.prob_change > 0.999
    assert 8 in res.credible_set
    lo, hi = res.credible_interval
    assert lo <= 8 <= hi
    mass = post.loc[(post["k"] >= lo) & (post["k"] <= hi), "probability"].sum()
    assert mass >= 0.95
    s = 16 / 17  # g / (1 + g), g = n
    dhat = np.mean(SHIFT[8:]) - np.mean(SHIFT[:8])
    np.testing.assert_allclose(post.set_index("k").loc[8, "shift_mean"], s * dhat, rtol=1e-12)
    assert res.shift_mean < 0 and res.shift_sd > 0


def test_no_change_series_and_prior_change():
    rng = np.random.default_rng(1)
    y = rng.normal(0, 1, 30)
    res = bayes_changepoint(y)
    assert res.prob_change < 0.5
    low = bayes_changepoint(y, prior_change=0.1).prob_change
    high = bayes_changepoint(y, prior_change=0.9).prob_change
    assert low < res.prob_change < high
    # posterior odds = prior odds x Bayes factor
    odds = res.prob_change / (1 - res.prob_change)
    np.testing.assert_allclose(odds, res.bayes_factor, rtol=1e-10)


def test_sessions_with_gaps_and_data_input():
    sess = [0, 1, 2, 4, 5, 7, 8, 9, 10, 12, 13, 14, 15, 17, 18, 20]
    res = bayes_changepoint(SHIFT, sessions=sess)
    assert res.mode == 8 and res.mode_session == 9
    assert res.credible_interval_sessions == (sess[res.credible_interval[0] - 1],
                                              sess[res.credible_interval[1] - 1])
    assert res.credible_set_sessions == [sess[k - 1] for k in res.credible_set]
    # the posterior axis is the sessions (the last session before the change)
    assert res.posterior["session"].tolist() == [sess[k - 1] for k in res.posterior["k"]]
    df = pd.DataFrame({"session": sess, "value": SHIFT})
    assert bayes_changepoint(data=df).mode_session == 9


def test_shift_scale_option_shrinks_more():
    a = bayes_changepoint(SHIFT)
    b = bayes_changepoint(SHIFT, shift_scale=0.5)
    assert abs(b.shift_mean) < abs(a.shift_mean)


def test_errors():
    with pytest.raises(ValueError, match="model must be one of"):
        bayes_changepoint(SHIFT, model="slope")
    with pytest.raises(ValueError, match="prior_change"):
        bayes_changepoint(SHIFT, prior_change=1.0)
    with pytest.raises(ValueError, match="sessions has 5 entries but values has 16"):
        bayes_changepoint(SHIFT, sessions=range(5))
    with pytest.raises(ValueError, match="strictly increasing"):
        bayes_changepoint(SHIFT, sessions=list(range(16))[::-1])
    with pytest.raises(ValueError, match="constant"):
        bayes_changepoint([2.0] * 8)
    with pytest.raises(NotEnoughPointsError):
        bayes_changepoint([1.0, 2.0, 3.0])


def test_bayes_factor_beyond_float_range_is_inf_not_clipped():
    # a long series with a large shift: log BF ~ 800, so exp() overflows; the old code
    # reported exp(700) ~ 1e304 as if it were the value
    rng = np.random.default_rng(5)
    y = np.r_[rng.normal(0, 1, 500), rng.normal(4, 1, 500)]
    res = bayes_changepoint(y, errors="independent")
    assert res.log_bayes_factor > 710
    assert res.bayes_factor == math.inf
    assert res.summary["bayes_factor"].iloc[0] == math.inf
    assert any("log_bayes_factor" in n for n in res.notes)


def test_bayes_factor_in_range_is_exact():
    res = bayes_changepoint(SHIFT)
    assert math.isclose(res.bayes_factor, math.exp(res.log_bayes_factor), rel_tol=1e-12)
    assert not any("log_bayes_factor" in n for n in res.notes)


def test_credible_level_option():
    # confidence= sets the level of the credible set and interval; the plot reads the level
    # from the options (key "credible")
    res = bayes_changepoint(SHIFT, confidence=0.5)
    assert res.confidence == 0.5 and res.options["credible"] == 0.5
    assert res.credible_interval_probability >= 0.5
    assert len(res.credible_set) <= len(bayes_changepoint(SHIFT).credible_set)


# --- AR(1) errors (the default) -----------------------------------------------------------
def _ar1_corr(sessions, phi):
    s = np.asarray(sessions, float)
    return phi ** np.abs(s[:, None] - s[None, :])


def test_ar1_bayes_factors_by_numerical_integration_with_gaps():
    # the Prais-Winsten sums (with a missed session: lag 2) against the Cholesky-whitened
    # marginal likelihood integrated by quadrature, phi summed over the documented grid
    from casekit.changepoint.bayes import PHI_GRID

    y = [3.0, 4.0, 2.0, 5.0, 4.0, 3.5, 6.0, 5.0, 7.0, 6.5]
    sess = [1, 2, 3, 5, 6, 7, 8, 9, 10, 11]
    res = bayes_changepoint(y, sessions=sess)
    n = len(y)
    l0 = np.array([_log_marginal(y, None, n, _ar1_corr(sess, p)) for p in PHI_GRID])
    L0 = np.logaddexp.reduce(l0)
    for row in res.posterior.itertuples():
        lk = np.array([_log_marginal(y, row.k, n, _ar1_corr(sess, p)) for p in PHI_GRID])
        np.testing.assert_allclose(row.log_bf, np.logaddexp.reduce(lk) - L0, rtol=1e-6,
                                   atol=1e-6)
    assert any("gap" in n for n in res.notes)
    np.testing.assert_allclose(res.phi_posterior["probability"].sum(), 1.0, rtol=1e-12)


def _ar1(rng, n, phi):
    y = np.empty(n)
    y[0] = rng.standard_normal()
    e = rng.standard_normal(n) * math.sqrt(1 - phi * phi)
    for t in range(1, n):
        y[t] = phi * y[t - 1] + e[t]
    return y


def test_ar1_default_keeps_false_alarms_where_independent_model_does_not():
    # 60 AR(1) null series, n = 30, phi = .6: the independent model is too sure of a change
    # (about one series in five), the default is not (benchmarks/calibration_bayes.py)
    rng = np.random.default_rng(17)
    series = [_ar1(rng, 30, 0.6) for _ in range(60)]
    ar = sum(bayes_changepoint(y).prob_change > 0.95 for y in series)
    ind = sum(bayes_changepoint(y, errors="independent").prob_change > 0.95 for y in series)
    assert ar <= 3
    assert ind >= 6


def test_ar1_still_finds_a_clear_change_and_estimates_phi():
    rng = np.random.default_rng(3)
    y = _ar1(rng, 40, 0.5) + 3.0 * (np.arange(40) >= 20)
    res = bayes_changepoint(y)
    assert res.errors == "ar1"
    assert res.prob_change > 0.95
    lo, hi = res.credible_interval
    assert lo <= 20 <= hi
    assert 0.0 < res.phi_mean < 0.9 and res.phi_sd > 0
    ind = bayes_changepoint(y, errors="independent")
    assert ind.phi_posterior is None and math.isnan(ind.phi_mean)
    # accounting for autocorrelation widens the location interval, never narrows it here
    assert (hi - lo) >= ind.credible_interval[1] - ind.credible_interval[0]


def test_errors_option_is_checked():
    with pytest.raises(ValueError, match="errors must be one of"):
        bayes_changepoint(SHIFT, errors="ar2")
