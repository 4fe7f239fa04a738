"""anchor_group_change: mean change (within) or difference to a reference group (between)
against a MID, with a t interval or the exact JZS posterior.

Frequentist: the paired and Welch t intervals written out by hand (scipy's t quantiles), 1e-12.
Bayesian: the posterior of the difference under the JZS prior (Rouder et al. 2009,
doi:10.3758/PBR.16.2.225) computed a second, independent way: the Cauchy prior on mu / sigma
integrated directly on a 2-D grid (mu, log sigma), without the g-mixture casekit uses; the two
agree to 1e-4, the error of the 2-D grid (it shrinks towards casekit's values as the grid is
refined). Categories: clinicalsignificance's rules (Claus et al. 2024,
doi:10.18637/jss.v111.i01), checked case by case.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import casekit
from casekit.clinical import ANCHOR_GROUP_CATEGORIES, anchor_group_change
from casekit.clinical._anchor import group_category
from casekit.clinical._bayes import PRIOR_SCALES, jzs_posterior_quantiles

PRE = np.array([30.0, 28, 26, 31, 27, 33, 29, 25])
POST = np.array([20.0, 19, 22, 18, 21, 30, 17, 24])


def test_within_is_a_paired_t_interval():
    res = anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease",
                              confidence=0.9)
    d = POST - PRE
    half = stats.t.ppf(0.95, d.size - 1) * d.std(ddof=1) / math.sqrt(d.size)
    row = res.summary.iloc[0]
    assert row["difference"] == pytest.approx(d.mean(), rel=1e-12)
    assert row["lower"] == pytest.approx(d.mean() - half, rel=1e-12)
    assert row["upper"] == pytest.approx(d.mean() + half, rel=1e-12)
    assert (row["confidence"], row["n"]) == (0.9, 8)
    assert res.prior_scale is None and "paired t" in res.method_card["variant"]


def test_between_is_a_welch_interval_against_the_reference_group():
    data = pd.DataFrame({"case": range(12), "arm": ["WL"] * 6 + ["T"] * 6,
                         "t": "post", "y": [30, 28, 33, 29, 31, 27, 20, 24, 18, 25, 22, 21]})
    res = anchor_group_change(data=data, case_col="case", time_col="t", value_col="y",
                              post_time="post", group_col="arm", effect="between",
                              mid_improvement=4, improvement="decrease")
    wl, t = data["y"][:6].to_numpy(float), data["y"][6:].to_numpy(float)
    welch = stats.ttest_ind(t, wl, equal_var=False).confidence_interval(0.95)
    row = res.summary.iloc[0]
    assert (row["reference"], row["comparison"]) == ("WL", "T")
    assert row["difference"] == pytest.approx(t.mean() - wl.mean(), rel=1e-12)
    assert (row["lower"], row["upper"]) == pytest.approx((welch.low, welch.high), rel=1e-12)
    assert res.reference_group == "WL"
    other = anchor_group_change(data=data, case_col="case", time_col="t", value_col="y",
                                post_time="post", group_col="arm", effect="between",
                                reference_group="T", mid_improvement=4, improvement="decrease")
    assert other.summary["difference"].item() == pytest.approx(-row["difference"], rel=1e-12)


def test_between_reads_a_wide_column_and_reports_cases_left_out():
    wide = pd.DataFrame({"case": range(7), "arm": ["WL"] * 3 + ["T"] * 4,
                         "after": [30, 28, 33, 20, 24, np.nan, 22]})
    with pytest.raises(casekit.CaseDataError, match="missing score for case 5"):
        anchor_group_change(data=wide, post="after", case_col="case", group_col="arm",
                            effect="between", mid_improvement=4, improvement="decrease")
    res = anchor_group_change(data=wide, post="after", case_col="case", group_col="arm",
                              effect="between", mid_improvement=4, improvement="decrease",
                              missing="drop")
    assert res.summary[["n_reference", "n_comparison"]].iloc[0].tolist() == [3, 3]
    assert res.dropped["id"].tolist() == [5] and res.n == 6
    assert any("left out" in n for n in res.notes)


def _posterior_by_direct_quadrature(n_eff, centre, ss, power, r, probs):
    """Quantiles of mu from p(mu, sigma) ~ sigma^-power exp(-(ss + n_eff (centre - mu)^2) /
    (2 sigma^2)) * (1 / sigma: Jeffreys) * Cauchy(mu; 0, r sigma), on a 2-D grid over mu and
    log sigma (the Jacobian sigma cancels the Cauchy density's 1 / sigma): no g-mixture."""
    s_hat = math.sqrt(ss / power)
    se = s_hat / math.sqrt(n_eff)
    mu = np.linspace(centre - 30 * se, centre + 30 * se, 8001)[None, :]
    log_sigma = np.linspace(math.log(s_hat) - 6, math.log(s_hat) + 6, 2001)
    sig = np.exp(log_sigma)[:, None]
    logp = (-(power + 1) * np.log(sig) - (ss + n_eff * (centre - mu) ** 2) / (2 * sig ** 2)
            - np.log1p((mu / (r * sig)) ** 2))
    dens = np.trapezoid(np.exp(logp - logp.max()), log_sigma, axis=0)
    mu = mu[0]
    cdf = np.concatenate([[0], np.cumsum((dens[1:] + dens[:-1]) / 2 * np.diff(mu))])
    cdf /= cdf[-1]
    return [float(np.interp(p, cdf, mu)) for p in probs]


@pytest.mark.parametrize("r", [PRIOR_SCALES["medium"], 1.0])
def test_bayesian_posterior_matches_a_direct_quadrature(r):
    d = POST - PRE
    probs = (0.5, 0.025, 0.975)
    got = jzs_posterior_quantiles(d, r=r, probs=probs)
    ss = float(((d - d.mean()) ** 2).sum())
    want = _posterior_by_direct_quadrature(d.size, d.mean(), ss, d.size, r, probs)
    assert got == pytest.approx(want, abs=1e-4)
    x, y = POST, PRE
    got2 = jzs_posterior_quantiles(x, y, r=r, probs=probs)
    ss2 = float(((x - x.mean()) ** 2).sum() + ((y - y.mean()) ** 2).sum())
    want2 = _posterior_by_direct_quadrature(x.size * y.size / (x.size + y.size),
                                            x.mean() - y.mean(), ss2, x.size + y.size - 1, r,
                                            probs)
    assert got2 == pytest.approx(want2, abs=1e-4)


def test_bayesian_result_shrinks_towards_zero_and_needs_no_seed():
    freq = anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease")
    bayes = anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease",
                                bayesian=True)
    assert abs(bayes.summary["difference"].item()) < abs(freq.summary["difference"].item())
    assert bayes.seed is None and bayes.prior_scale == pytest.approx(math.sqrt(2) / 2)
    again = anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease",
                                bayesian=True)
    pd.testing.assert_frame_equal(bayes.summary, again.summary)
    assert "numerical integration" in bayes.method_card["variant"]


@pytest.mark.parametrize("d", [-1.0, 1.0])
def test_categories_on_the_improvement_scale(d):
    # (estimate, lower, upper) on the improvement scale, MID 5
    cases = [((1, -1, 3), 0), ((2, 1, 3), 1), ((4, 1, 7), 2 if d < 0 else 3),
             ((6, 1, 9), 4), ((8, 6, 10), 5), ((-3, -5, -1), 1), ((5.5, 5, 7), None)]
    for (x, lo, hi), k in cases:
        lower, upper = sorted((d * lo, d * hi))
        expected = None if k is None else ANCHOR_GROUP_CATEGORIES[k]
        assert group_category(d * x, lower, upper, 5.0, d) == expected, (x, lo, hi)


def test_significant_deterioration_is_noted():
    res = anchor_group_change(POST, PRE, mid_improvement=5, improvement="decrease")
    assert res.summary["category"].item() == "Statistically significant but not clinically " \
                                             "relevant"
    assert any("deterioration" in n for n in res.notes)


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="effect must be one of"):
        anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease", effect="x")
    with pytest.raises(ValueError, match="prior_scale"):
        anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease",
                            bayesian=True, prior_scale="huge")
    with pytest.raises(ValueError, match="reference_group is used with effect='between'"):
        anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease",
                            reference_group="A")
    with pytest.raises(TypeError, match="needs data="):
        anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease",
                            effect="between")
    with pytest.raises(ValueError, match="at least 2"):
        anchor_group_change([20], [10], mid_improvement=5, improvement="decrease")
    with pytest.raises(ValueError, match="confidence"):
        anchor_group_change(PRE, POST, mid_improvement=5, improvement="decrease",
                            confidence=95)
