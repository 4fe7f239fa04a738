"""The numpy core of the sudden-gain criteria, vectorised over people and intervals.

Scores sit on a common session grid (a 2-D array, one row per case, missed sessions NaN in
position); the windows of criterion 3 are views of a NaN-padded copy
(:func:`numpy.lib.stride_tricks.sliding_window_view`), so every criterion for every person and
interval is a handful of array operations. Used by ``sudden_gains``, ``sudden_losses``,
``check_interval`` and the by-person table alike (one implementation of each rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

if TYPE_CHECKING:
    from ._layout import Grid

__all__ = ["DEFAULT_CRIT3_CRITICAL_VALUE", "SCORE_COLS", "crit3_table", "criteria_core",
           "first_last_observed", "gain_table"]

# suddengains' fixed critical value for criterion 3 when sg_crit3_adjust = FALSE:
# |qt(0.025, df = 4)| = 2.776 (3 + 3 values; Tang & DeRubeis 1999; suddengains 0.7.2 default).
DEFAULT_CRIT3_CRITICAL_VALUE = 2.776

#: the scores around a gain, sessions n-2 ... n+3 (n = pregain session)
SCORE_COLS = ("value_n_minus2", "value_n_minus1", "value_n", "value_n_plus1",
              "value_n_plus2", "value_n_plus3")


def crit3_table(alpha: float, adjust: bool, critical_value: float) -> np.ndarray:
    """Critical value of criterion 3 indexed by df = n_pre + n_post - 2 (0 ... 4).

    Adjusted: |qt(alpha / 2, df)| (suddengains 0.7.2, after Lutz et al. 2013); otherwise the
    fixed ``critical_value`` for every df.
    """
    table = np.full(5, np.nan)
    if adjust:
        from scipy import stats  # lazy: scipy is needed for the adjusted critical values only

        for df in (2, 3, 4):
            table[df] = abs(float(stats.t.ppf(alpha / 2.0, df)))
    else:
        table[2:] = critical_value
    return table


def _window_stats(W: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """nan-aware count, mean and sum of squared deviations over the last axis."""
    mask = ~np.isnan(W)
    n = mask.sum(axis=-1)
    s = np.where(mask, W, 0.0).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = s / n
        dev = np.where(mask, W - mean[..., None], 0.0)
    ss = (dev * dev).sum(axis=-1)
    return n, mean, ss


def _crit12(g: np.ndarray, yn: np.ndarray, na12: np.ndarray, *, kind: str, cutoff: float | None,
            pct: float | None, loss_crit2: str) -> tuple[np.ndarray, np.ndarray]:
    shape = g.shape
    if cutoff is None:
        c1 = np.full(shape, np.nan)
    else:
        c1 = (g >= cutoff) if kind == "sg" else (g <= cutoff)
        c1 = np.where(na12, np.nan, c1.astype(float))
    if pct is None:
        c2 = np.full(shape, np.nan)
    else:
        if kind == "sg":
            c2 = g >= pct * yn
        elif loss_crit2 == "suddengains":
            c2 = g <= pct * yn
        else:  # mirrored: the worsening is at least pct of the pregain score
            c2 = -g >= pct * yn
        c2 = np.where(na12, np.nan, c2.astype(float))
    return c1, c2


def criteria_core(Y: np.ndarray, positions: ArrayLike, *, d: float, kind: str,
                  cutoff: float | None, pct: float | None, crit3: bool,
                  crit3_table: np.ndarray, loss_crit2: str) -> dict[str, np.ndarray]:
    """Evaluate the three criteria for every row of ``Y`` at the pregain ``positions``.

    Parameters
    ----------
    Y : ndarray (P, T)
        Scores on a common session grid, NaN for missed sessions.
    positions : ndarray of int (K,)
        0-based grid positions of the pregain sessions to test (postgain = position + 1).

    Returns
    -------
    dict of (P, K) arrays: ``crit1``, ``crit2``, ``crit3`` and ``sg`` as float 1/0/NaN (NaN =
    not computable; a criterion that is not applied is all-NaN and ignored in ``sg``), plus
    ``n_pre``, ``n_post``, ``mean_pre``, ``mean_post``, ``sd_pooled``, ``critical_value``.
    """
    P, T = Y.shape
    pos = np.asarray(positions, dtype=np.intp)
    Yp = np.full((P, T + 5), np.nan)
    Yp[:, 2:T + 2] = Y
    # grid position i sits at padded column i + 2; pre window = padded i .. i+2, post = i+3 .. i+5
    W = np.lib.stride_tricks.sliding_window_view(Yp, 3, axis=1)  # (P, T+3, 3)
    pre = W[:, pos, :]
    post = W[:, pos + 3, :]
    yn = Y[:, pos]
    yn1 = Y[:, pos + 1]
    # improvement-oriented change g (suddengains: x_n - x_(n+1) for lower-is-better)
    g = (yn - yn1) if d < 0 else (yn1 - yn)
    na12 = np.isnan(yn) | np.isnan(yn1)
    c1, c2 = _crit12(g, yn, na12, kind=kind, cutoff=cutoff, pct=pct, loss_crit2=loss_crit2)
    n_pre, m_pre, ss_pre = _window_stats(pre)
    n_post, m_post, ss_post = _window_stats(post)
    ok3 = (n_pre >= 2) & (n_post >= 2)
    df = np.where(ok3, n_pre + n_post - 2, 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sp = np.sqrt((ss_pre + ss_post) / df)
    tcrit = crit3_table[df]
    if crit3:
        diff = (m_pre - m_post) if (d < 0) == (kind == "sg") else (m_post - m_pre)
        with np.errstate(invalid="ignore"):
            c3 = diff > tcrit * sp
        c3 = np.where(ok3, c3.astype(float), np.nan)
    else:
        c3 = np.full(g.shape, np.nan)
    applied = [c for c, use in ((c1, cutoff is not None), (c2, pct is not None), (c3, crit3))
               if use]
    if not applied:
        raise ValueError("no criterion applied: give sg_crit1_cutoff, sg_crit2_pct or "
                         "sg_crit3=True")
    sg = np.ones(g.shape)
    for c in applied:
        sg = sg * c  # NaN propagates like R's NA * 0
    return dict(crit1=c1, crit2=c2, crit3=c3, sg=sg, n_pre=n_pre, n_post=n_post,
                mean_pre=np.where(n_pre > 0, m_pre, np.nan),
                mean_post=np.where(n_post > 0, m_post, np.nan),
                sd_pooled=np.where(ok3, sp, np.nan), critical_value=np.where(ok3, tcrit, np.nan))


def first_last_observed(Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last non-missing score of every row (NaN for an empty row)."""
    mask = ~np.isnan(Y)
    anyv = mask.any(axis=1)
    first_idx = np.argmax(mask, axis=1)
    last_idx = Y.shape[1] - 1 - np.argmax(mask[:, ::-1], axis=1)
    rows = np.arange(Y.shape[0])
    first = np.where(anyv, Y[rows, first_idx], np.nan)
    last = np.where(anyv, Y[rows, last_idx], np.nan)
    return first, last


def _reversed(Y: np.ndarray, rows: np.ndarray, i: np.ndarray, rv: np.ndarray, gain: np.ndarray,
              d: float, offset: int) -> np.ndarray:
    """A later score (grid position >= pregain + offset) strictly beyond the reversal value."""
    T = Y.shape[1]
    later = np.arange(T)[None, :] >= (i + offset)[:, None]
    Yr = Y[rows]
    with np.errstate(invalid="ignore"):
        if d < 0:
            back = np.where(gain[:, None], Yr > rv[:, None], Yr < rv[:, None])
        else:
            back = np.where(gain[:, None], Yr < rv[:, None], Yr > rv[:, None])
    reversed_: np.ndarray = (back & later & ~np.isnan(Yr)).any(axis=1)
    return reversed_


def gain_table(grid: Grid, crit: Mapping[str, np.ndarray], pos: np.ndarray,
               offset: int) -> dict[str, Any]:
    """Columns of the gains table (one entry per gain found in ``grid``)."""
    Y, d = grid.Y, grid.d
    P, T = Y.shape
    rows, ks = np.nonzero(crit["sg"] == 1.0)
    i = pos[ks]
    Yp = np.full((P, T + 5), np.nan)
    Yp[:, 2:T + 2] = Y
    scores = {name: Yp[rows, i + 2 + off] for name, off in zip(SCORE_COLS, range(-2, 4),
                                                               strict=True)}
    yn, yn1 = scores["value_n"], scores["value_n_plus1"]
    mag = (yn - yn1) if d < 0 else (yn1 - yn)
    # suddengains: reversal value = x_(n+1) + magnitude / 2 (half of the gain lost)
    rv = yn1 - d * mag / 2.0
    gain = mag > 0
    tx_start, tx_end = grid.tx_start[rows], grid.tx_end[rows]
    tx = (tx_start - tx_end) if d < 0 else (tx_end - tx_start)
    with np.errstate(invalid="ignore", divide="ignore"):
        prop = np.where(gain, mag, -mag) / tx
    prop = np.where(tx == 0, np.nan, prop)
    n_by = np.bincount(rows, minlength=P)[rows] if rows.size else np.array([], dtype=np.int64)
    out = {
        "case": grid.cases[rows],
        "measure": np.full(rows.size, grid.measure, dtype=object),
        "pregain_session": grid.sessions[i],
        "postgain_session": grid.sessions[i + 1],
        **scores,
        "pregain_value": yn,
        "postgain_value": yn1,
        "magnitude": mag,
        "tx_start_value": tx_start,
        "tx_end_value": tx_end,
        "tx_change": tx,
        "change_proportion": prop,
        "reversal_value": rv,
        "reversed": _reversed(Y, rows, i, rv, gain, d, offset),
        "n_gains": n_by.astype(np.int64),
        "mean_pre": crit["mean_pre"][rows, ks],
        "mean_post": crit["mean_post"][rows, ks],
        "sd_pooled": crit["sd_pooled"][rows, ks],
        "crit3_critical_value": crit["critical_value"][rows, ks],
    }
    if grid.phase is not None:
        out["phase"] = grid.phase[rows, i + 1]
    return out
