"""The vectorised sudden-gains core against a literal, loop-based transcription of suddengains.

The loop below follows suddengains 0.7.2 ``R/identify_sg.R`` / ``R/identify_sl.R`` (criteria,
windows ``max(1, j - 3):(j - 1)`` and ``j:min(ncol, j + 2)`` for postgain column j, pooled SD,
|qt(alpha/2, df)|, ``NA * x = NA``) and ``R/create_bysg.R`` (reversal scan from renumbered
index >= 2) one person and one interval at a time (Wiedemann et al. 2020, PLOS ONE 15(3):
e0230276, doi:10.1371/journal.pone.0230276). Random integer series with 20 % missing values,
several lengths, both directions and both kinds are compared exactly. No reference files needed.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from casekit.sudden import sudden_gains, sudden_losses


def _naive(Y, *, cutoff, pct, crit3, alpha, adjust, cval, kind, d):
    """Literal loop; Y rows are people, columns the sg_var_list. Returns sg (P, K) with NaN."""
    P, T = Y.shape
    out = np.full((P, T - 3), np.nan)
    for i in range(P):
        for j in range(3, T):  # R: col_j in 3:(ncol - 1), 1-based postgain column
            pre_v, post_v = Y[i, j - 2], Y[i, j - 1]
            if d < 0:
                g = pre_v - post_v
            else:
                g = post_v - pre_v
            crits = []
            if cutoff is not None:
                c1 = np.nan if np.isnan(g) else float(g >= cutoff if kind == "sg"
                                                      else g <= cutoff)
                crits.append(c1)
            if pct is not None:
                if kind == "sg":
                    c2 = g >= pct * pre_v
                else:
                    c2 = -g >= pct * pre_v  # casekit's mirrored loss criterion 2
                crits.append(np.nan if np.isnan(g) else float(c2))
            if crit3:
                pre_idx = range(max(1, j - 3) - 1, j - 1)
                post_idx = range(j - 1, min(T, j + 2))
                pre_w = np.array([Y[i, k] for k in pre_idx])
                post_w = np.array([Y[i, k] for k in post_idx])
                pre_w, post_w = pre_w[~np.isnan(pre_w)], post_w[~np.isnan(post_w)]
                npre, npost = pre_w.size, post_w.size
                if npre < 2 or npost < 2:
                    c3 = np.nan
                else:
                    t = abs(stats.t.ppf(alpha / 2, npre + npost - 2)) if adjust else cval
                    sp = math.sqrt(((npre - 1) * np.var(pre_w, ddof=1)
                                    + (npost - 1) * np.var(post_w, ddof=1))
                                   / (npre + npost - 2))
                    diff = pre_w.mean() - post_w.mean()
                    if d > 0:
                        diff = -diff
                    if kind == "sl":
                        diff = -diff
                    c3 = float(diff > t * sp)
                crits.append(c3)
            val = 1.0
            for c in crits:
                val = val * c
            out[i, j - 3] = val
    return out


def _reversed_naive(Y, person, pos, d, kind, offset):
    y = Y[person]
    mag = (y[pos] - y[pos + 1]) * (-d)
    rv = y[pos + 1] - d * mag / 2
    later = y[pos + offset:]
    later = later[~np.isnan(later)]
    if kind == "sg":
        return bool(np.any(d * (later - rv) < 0))
    return bool(np.any(d * (later - rv) > 0))


@pytest.mark.parametrize("seed", range(12))
def test_vectorised_equals_loop(seed):
    rng = np.random.default_rng(seed)
    P = 60
    T = int(rng.integers(5, 16))
    Y = rng.integers(0, 40, (P, T)).astype(float)
    # steps to make gains and losses likely
    Y += np.where(rng.random((P, T)) < 0.15, rng.choice([-12, 12], (P, T)), 0).cumsum(axis=1)
    Y = np.clip(Y, 0, 63)
    Y[rng.random(Y.shape) < 0.2] = np.nan
    kind = "sg" if seed % 2 == 0 else "sl"
    d = -1 if seed % 3 else 1
    improvement = "decrease" if d < 0 else "increase"
    cutoff = float(rng.choice([4, 7, 10]))
    cutoff = cutoff if kind == "sg" else -cutoff
    pct = None if seed % 4 == 3 else 0.25
    crit3 = seed % 5 != 4
    alpha = float(rng.choice([0.05, 0.01]))
    adjust = bool(seed % 3 != 2)
    cols = [f"x{k}" for k in range(1, T + 1)]
    wide = pd.DataFrame(Y, columns=cols)
    wide.insert(0, "id", np.arange(P))
    fn = sudden_gains if kind == "sg" else sudden_losses
    res = fn(wide, case_col="id", sg_var_list=cols, sg_crit1_cutoff=cutoff, sg_crit2_pct=pct,
             sg_crit3=crit3, sg_crit3_alpha=alpha, sg_crit3_adjust=adjust,
             improvement=improvement, reversal="suddengains")
    expected = _naive(Y, cutoff=cutoff, pct=pct, crit3=crit3, alpha=alpha, adjust=adjust,
                      cval=2.776, kind=kind, d=d)
    col = "sudden_gain" if kind == "sg" else "sudden_loss"
    got = res.intervals[col].to_numpy(dtype=float, na_value=np.nan).reshape(P, T - 3)
    np.testing.assert_array_equal(got, expected)
    # the gains table lists exactly the intervals equal to 1, with the loop's reversals
    people, ks = np.nonzero(expected == 1.0)
    s = res.summary
    assert list(zip(s["case"], s["pregain_session"], strict=True)) == [
        (p, k + 2) for p, k in zip(people, ks, strict=True)]
    rev = [_reversed_naive(Y, p, k + 1, d, kind, 3) for p, k in zip(people, ks, strict=True)]
    assert s["reversed"].tolist() == rev
    if crit3 and pct is not None:
        assert np.isnan(expected).any() and (expected == 0).any()
    assert len(s) > 0, "no gain in the random data: the comparison would be empty"
