"""amoc: one change in mean / level and slope with an AR(1)-valid bootstrap p-value.

Known answers: a constructed series with an obvious shift (below), Nile (tests/changepoint/test_nile.py).
The sup-F statistic is strucchange's ``sctest(Fstats(y ~ 1, from = h), type = "supF")``
whenever the trimming matches (checked against the reference values when available);
the calibration of the p-value is a simulation study (benchmarks/calibration_changepoint.py,
docs/calibration_changepoint.md), not a unit test.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from casekit import NotEnoughPointsError
from casekit.changepoint import amoc
from casekit.changepoint._ar1fit import phi_hat
from casekit.changepoint.amoc import _ar1_noise, _Design
from tests._reference import count

SHIFT = [20, 21, 19, 22, 20, 21, 20, 19, 13, 12, 14, 12, 13, 11, 12, 13]


def test_obvious_shift():
    res = amoc(SHIFT, model="mean", improvement="decrease", n_boot=299, seed=1)
    assert res.k == 8 and res.location == 8
    np.testing.assert_allclose(res.shift, np.mean(SHIFT[8:]) - np.mean(SHIFT[:8]), rtol=1e-14)
    np.testing.assert_allclose(res.improvement_shift, -res.shift, rtol=1e-15)
    assert res.p_value <= 0.01
    assert res.ci_lower <= 8 <= res.ci_upper
    assert res.ci_upper - res.ci_lower <= 2
    assert amoc(SHIFT, improvement="increase", n_boot=99, seed=1).improvement_shift < 0


def test_statistic_is_sup_f():
    # F_k = (RSS0 - RSS_k) / (RSS_k / (n - 2)), brute force
    y = np.asarray(SHIFT, float)
    n = y.size
    rss0 = np.sum((y - y.mean()) ** 2)
    F = []
    for k in range(3, n - 2):
        rss = np.sum((y[:k] - y[:k].mean()) ** 2) + np.sum((y[k:] - y[k:].mean()) ** 2)
        F.append((rss0 - rss) / (rss / (n - 2)))
    res = amoc(y, model="mean", n_boot=99, seed=0)
    np.testing.assert_allclose(res.statistic, max(F), rtol=1e-12)


@pytest.mark.reference
def test_sup_f_matches_strucchange(reference_dir):
    # with min_size = floor(0.15 n) the sup-F is strucchange's (Fstats from = 0.15)
    # R: sctest(Fstats(ts(y) ~ 1, from = 0.15), type = "supF") (values/strucchange.json)
    ref = json.loads((reference_dir / "values" / "strucchange.json").read_text())
    ab = pd.read_csv(reference_dir / "data" / "ab_cases.csv")
    checked = 0
    for s in ref["series"]:
        r = s["result"]
        if "error" in r or s["dataset"] == "R_Nile":
            continue
        x = ab[(ab["dataset"] == s["dataset"]) & (ab["case"] == s["case"])]
        x = x.sort_values("session")["value"].to_numpy(float)
        ms = max(int(np.floor(0.15 * x.size)), 2)
        res = amoc(x, model="mean", min_size=ms, n_boot=19, seed=0, ar=None)
        np.testing.assert_allclose(res.statistic, r["supF"]["statistic"], rtol=1e-9)
        assert res.k == r["supF"]["argmax_breakpoint"]
        checked += 1
    assert checked == count(48, 8)


def test_level_slope_model():
    t = np.arange(1, 31, dtype=float)
    rng = np.random.default_rng(4)
    y = 10 + 0.1 * t + np.where(t > 15, -6 - 0.3 * (t - 15), 0) + rng.normal(0, 0.5, 30)
    res = amoc(y, model="level_slope", n_boot=199, seed=2)
    assert abs(res.k - 15) <= 1
    assert res.shift == pytest.approx(-6, abs=1.0)
    assert res.slope_change == pytest.approx(-0.3, abs=0.15)
    assert res.p_value < 0.05
    # the F of the chosen split equals the nested-model F by brute force
    k = res.k
    X0 = np.column_stack([np.ones(30), t])
    d = (t > k).astype(float)
    X1 = np.column_stack([X0, d, (t - k) * d])
    r0 = y - X0 @ np.linalg.lstsq(X0, y, rcond=None)[0]
    r1 = y - X1 @ np.linalg.lstsq(X1, y, rcond=None)[0]
    F = ((r0 @ r0 - r1 @ r1) / 2) / (r1 @ r1 / (30 - 4))
    np.testing.assert_allclose(res.statistic, F, rtol=1e-10)


def test_seed_reproducible_and_stored():
    a = amoc(SHIFT, n_boot=99, seed=123)
    b = amoc(SHIFT, n_boot=99, seed=123)
    assert a.p_value == b.p_value and (a.ci_lower, a.ci_upper) == (b.ci_lower, b.ci_upper)
    assert a.seed == 123 and a.method_card["seed"] == 123
    assert a.p_stages[0] > 0 and a.p_value == b.p_value
    c = amoc(SHIFT, n_boot=99)
    assert isinstance(c.seed, int)


def test_null_series_not_significant_and_p_uniform_ish():
    rng = np.random.default_rng(99)
    ps = [amoc(_ar1_noise(rng, 1, 30, 0.5)[0], n_boot=99, seed=i).p_value for i in range(40)]
    # under the null the p-values are not concentrated near 0 (type I error: calibration study)
    assert np.mean(np.asarray(ps) <= 0.05) <= 0.2
    assert 0.3 <= np.median(ps) <= 0.75


def test_autocorrelation_is_not_mistaken_for_change():
    # a strongly autocorrelated null series: sup-F is large, the AR(1) p-value is not small,
    # while the i.i.d. bootstrap (ar=None) is fooled
    rng = np.random.default_rng(2024)
    fooled = kept = 0
    for i in range(25):
        y = _ar1_noise(rng, 1, 40, 0.7)[0]
        fooled += amoc(y, n_boot=199, seed=i, ar=None).p_value <= 0.05
        kept += amoc(y, n_boot=199, seed=i).p_value <= 0.05
    assert fooled >= 8
    assert kept <= 4


def test_phi_hat_bias_correction():
    # Marriott-Pope: E r1 ~ phi - (1 + 3 phi)/n for a mean; the corrected estimate is
    # closer to phi on average
    rng = np.random.default_rng(0)
    E = _ar1_noise(rng, 4000, 30, 0.5)
    E = E - E.mean(axis=1, keepdims=True)
    raw = (np.einsum("bn,bn->b", E[:, 1:], E[:, :-1]) / np.einsum("bn,bn->b", E, E)).mean()
    corr = phi_hat(E, 1).mean()
    assert abs(corr - 0.5) < abs(raw - 0.5)


def test_gls_f_is_f_distributed_for_known_phi():
    # with the true phi the AR(1)-corrected F of a fixed split is close to F(1, n - 2)
    from scipy import stats

    n, phi = 30, 0.6
    d = _Design(n, "mean", 3)
    rng = np.random.default_rng(1)
    Y = _ar1_noise(rng, 20000, n, phi)
    F, e0, proj, rss0, red = d.fstats(Y)
    G = d.gls_fstats(proj, rss0, red, np.full(Y.shape[0], phi))
    j = list(d.ks).index(15)
    q = np.quantile(G[:, j], [0.5, 0.9, 0.95])
    np.testing.assert_allclose(q, stats.f.ppf([0.5, 0.9, 0.95], 1, n - 2), rtol=0.12)
    # while the ordinary F is far from it
    assert np.quantile(F[:, j], 0.95) > 2 * stats.f.ppf(0.95, 1, n - 2)


def test_sessions_and_summary():
    df = pd.DataFrame({"session": np.arange(101, 117), "value": SHIFT, "case": "c1"})
    res = amoc(data=df, n_boot=99, seed=5)
    assert res.k == 8 and res.session == 108
    cols = ["k", "session", "statistic", "p_value", "phi", "mean_before", "mean_after",
            "shift", "slope_change", "improvement_shift", "ci_lower", "ci_upper",
            "ci_lower_session", "ci_upper_session", "n", "n_boot"]
    assert list(res.summary.columns) == cols
    for name in ("statistic", "p_value", "phi", "shift"):
        assert type(getattr(res, name)) is float
    assert type(res.k) is int
    txt = res.to_text()
    assert "AMOC" in txt and "seed: 5" in txt
    assert "\\begin{tabular}" in res.to_latex()


def test_errors():
    with pytest.raises(ValueError, match="model must be one of"):
        amoc(SHIFT, model="slope")
    with pytest.raises(ValueError, match="ar must be one of"):
        amoc(SHIFT, ar="ar2")
    with pytest.raises(ValueError, match="improvement must be 'increase', 'decrease' or an "
                                         "instrument name"):
        amoc(SHIFT, improvement="up")
    with pytest.raises(NotEnoughPointsError):
        amoc([1, 2, 3, 4, 5])
    with pytest.raises(ValueError, match="constant"):
        amoc([3.0] * 10)
    with pytest.raises(ValueError, match="missing values"):
        amoc([1, 2, np.nan, 4, 5, 6, 7, 8])


def test_known_phi_option():
    rng = np.random.default_rng(31)
    y = _ar1_noise(rng, 1, 30, 0.5)[0]
    y[15:] += 2.5
    est = amoc(y, n_boot=299, seed=1)
    known = amoc(y, n_boot=299, seed=1, phi=0.5)
    assert known.phi == 0.5 and known.k == est.k
    assert known.method_card["options"]["phi"] == 0.5
    assert est.method_card["options"]["phi"] == "estimated"
    assert 0.0 <= est.phi <= 0.9
    # with phi = 0 the AR(1) studentization is the plain F: statistic and null as ar=None
    zero = amoc(y, n_boot=299, seed=1, phi=0.0)
    iid = amoc(y, n_boot=299, seed=1, ar=None)
    assert zero.statistic == iid.statistic
    with pytest.raises(ValueError, match="phi= needs ar='ar1'"):
        amoc(y, ar=None, phi=0.3)
    with pytest.raises(ValueError, match="phi must be <= 0.9"):
        amoc(y, phi=0.95)


def test_level_of_the_interval_and_its_sessions():
    # a wider level gives a wider (or equal) interval; the sessions are those of the positions
    sess = np.r_[1:5, 6:18].astype(float)  # session 5 missed
    narrow = amoc(SHIFT, sessions=sess, n_boot=199, seed=7, confidence=0.5)
    wide = amoc(SHIFT, sessions=sess, n_boot=199, seed=7, confidence=0.99)
    assert wide.ci_lower <= narrow.ci_lower and narrow.ci_upper <= wide.ci_upper
    assert wide.confidence == 0.99 and wide.method_card["options"]["ci_level"] == 0.99
    for res in (narrow, wide):
        assert res.session == 9  # k = 8 is session 9 (session 5 was missed)
        assert (res.ci_lower_session, res.ci_upper_session) == (sess[res.ci_lower - 1],
                                                                sess[res.ci_upper - 1])


def test_improvement_from_an_instrument():
    # PHQ-9: lower is better, so a drop is an improvement (the registry gives the direction)
    res = amoc(SHIFT, improvement="PHQ-9", n_boot=99, seed=1)
    assert res.improvement_shift == -res.shift > 0
    assert res.method_card["options"]["improvement"] == "decrease"
    assert any("PHQ-9" in n for n in res.notes)


# --- issue 17 item 4: a default that does not call a trend a change; power said ---------------
def test_default_model_allows_a_trend():
    # a smooth linear trend of 3 SD over 30 sessions with no shift: the default (level and
    # slope after a common trend) does not call it a change, the named mean model does
    rng = np.random.default_rng(17)
    t = np.arange(1, 31, dtype=float)
    y = 20 - 0.3 * t + rng.normal(0, 1, 30)
    # (phi known to be 0, so that the estimated phi cannot absorb the trend)
    default = amoc(y, n_boot=199, seed=1, phi=0.0)
    assert default.options["model"] == "level_slope"
    assert default.p_value > 0.1
    mean = amoc(y, model="mean", n_boot=199, seed=1, phi=0.0)
    assert mean.p_value <= 0.01
    assert any("smooth trend can be reported as a change" in n for n in mean.notes)
    assert not any("smooth trend" in n for n in default.notes)


def test_power_note_names_the_documented_cell():
    from casekit.changepoint.amoc import _power_note

    note = _power_note("level_slope", 22, 0.41)
    # largest tabulated n at or below 22 and smallest tabulated phi at or above 0.41
    assert "n = 20 and phi = 0.6" in note and "no evidence that nothing changed" in note
    assert _power_note("level_slope", 9, 0.95).startswith("low power: with n = 12 and phi = 0.8")
    res = amoc(SHIFT, n_boot=99, seed=1)
    assert res.power_note == _power_note("level_slope", res.n, res.phi)
    assert res.power_note in res.notes
    assert _power_note("mean", 20, 0.3) == ""  # no documented table: no claim


def test_bootstrap_innovations_are_resampled_by_default():
    from casekit.changepoint.amoc import _Design, _null_innovations

    rng = np.random.default_rng(3)
    y = rng.standard_t(3, 30)
    res = amoc(y, n_boot=99, seed=2)
    assert res.options["innovations"] == "resample"
    # the pool is the standardised innovations of the no-change residuals: heavy tails kept
    pool = _null_innovations(_Design(30, "level_slope", 3), y, res.phi)
    assert pool.size == 29 and abs(pool.mean()) < 1e-12 and pool.std() == pytest.approx(1)
    assert np.max(np.abs(pool)) > 2.5
    normal = amoc(y, n_boot=99, seed=2, innovations="normal")
    assert normal.options["innovations"] == "normal" and normal.k == res.k
    with pytest.raises(ValueError, match="innovations must be one of"):
        amoc(y, innovations="wild")
