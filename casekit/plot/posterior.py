"""Posterior of a single change point's location."""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit._validate import check_ci_level, check_float

from . import _style as st

__all__ = ["changepoint_posterior_plot", "credible_set"]


def credible_set(probability, level=0.95) -> np.ndarray:
    """Indices of the highest-posterior set: the fewest locations whose mass reaches ``level``.

    Ties in probability are broken by location order (stable sort), so the set is
    deterministic.
    """
    p = np.asarray(probability, float)
    order = np.argsort(-p, kind="stable")
    cum = np.cumsum(p[order])
    n = int(np.searchsorted(cum, level - 1e-12) + 1)
    return np.sort(order[:min(n, p.size)])


def changepoint_posterior_plot(posterior, *, level=None, p_change=None, x="session",
                               legend=True, title=None, ax=None, figsize=None, style="paper"):
    """Bar chart of the posterior probability of each change location, credible set shaded.

    Parameters
    ----------
    posterior : result or pandas.DataFrame
        ``casekit.bayes_changepoint`` result (its ``.posterior``) or a table with ``k``,
        ``session`` and ``probability`` (k = 1-based index of the last observation before the
        change; session = that observation's session). Probabilities must be finite,
        non-negative and sum to 1 (within 1e-6): they are never renormalised silently.
    level : float, optional
        Credible level. Default: the result's ``options["credible"]``, else 0.95. With a
        result whose level matches, its own shortest contiguous credible interval
        (``credible_interval``, ``credible_interval_probability``) is drawn; otherwise the
        highest-posterior set of the table is computed here.
    p_change : float, optional
        Posterior probability that there is a change at all, shown in the title; default the
        result's ``prob_change`` (or ``p_change``) attribute when present.
    x : {"session", "k"}
        Bars at the session number (default) or at k.
    legend, title, ax, figsize, style
        As in :func:`casekit.plot.session_series`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Bars are ``ax.patches`` of the container labelled ``posterior``; the credible set is an
        ``axvspan`` labelled ``_casekit_credible_set``; the mode a line ``_casekit_mode``.

    Notes
    -----
    The credible set is the highest-posterior-density set of locations (smallest set with mass
    >= ``level``); the span drawn covers its first to last location (it can contain locations
    outside the set when the posterior is multimodal; the title gives the set's bounds). The
    probabilities are drawn as given; nothing is recomputed. For
    :func:`casekit.bayes_changepoint` they are the g-prior posterior
    p(k | y, change) ∝ BF_k0 (Liang et al. 2008, eq. 5; see its Notes), which tends to the
    flat-prior form (n₁n₂)^(−1/2)·RSS_k^(−(n−2)/2) of domain/methods.md §6.5 (up to a factor
    RSS_k^(−1/2)) as the prior on the shift widens.

    References
    ----------
    Smith, A. F. M. (1975). A Bayesian approach to inference about a change-point in a
    sequence of random variables. Biometrika 62(2), 407-416. doi:10.1093/biomet/62.2.407

    Liang, F., Paulo, R., Molina, G., Clyde, M. A., & Berger, J. O. (2008). Mixtures of g
    priors for Bayesian variable selection. JASA 103(481), 410-423.
    doi:10.1198/016214507000001337

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.plot import changepoint_posterior_plot
    >>> post = pd.DataFrame({"k": [1, 2, 3, 4], "session": [1, 2, 3, 4],
    ...                      "probability": [0.05, 0.7, 0.2, 0.05]})
    >>> fig, ax = changepoint_posterior_plot(post, p_change=0.98)
    """
    st.check_style(style)
    obj = posterior
    given_interval = None
    if hasattr(obj, "posterior") and not isinstance(obj, pd.DataFrame):
        tab = obj.posterior
        if p_change is None:
            for name in ("prob_change", "p_change", "probability_change"):
                if getattr(obj, name, None) is not None:
                    p_change = getattr(obj, name)
                    break
        res_level = getattr(obj, "options", {}).get("credible")
        if level is None:
            level = res_level
        ci_k = getattr(obj, "credible_interval", None)
        if ci_k is not None and res_level is not None and level == res_level:
            given_interval = (tuple(ci_k), getattr(obj, "credible_interval_probability", None))
    elif isinstance(obj, pd.DataFrame):
        tab = obj
    else:
        raise TypeError("posterior must be a change-point result with .posterior or a "
                        f"DataFrame; got {type(obj).__name__}")
    level = check_ci_level(0.95 if level is None else level, "level")
    if x not in ("session", "k"):
        raise ValueError(f"x must be one of 'session', 'k'; got {x!r}")
    need = ["probability", x]
    miss = [c for c in need if c not in tab.columns]
    if miss:
        raise ValueError(f"posterior lacks columns {miss}; columns present: "
                         f"{list(tab.columns)}")
    p = pd.to_numeric(tab["probability"], errors="coerce").to_numpy(float)
    loc = pd.to_numeric(tab[x], errors="coerce").to_numpy(float)
    if np.isnan(p).any() or np.isnan(loc).any():
        raise ValueError("posterior: probability and location must be numbers without "
                         "missing values")
    if (p < 0).any() or not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-6):
        raise ValueError(f"posterior probabilities must be >= 0 and sum to 1; they sum to "
                         f"{p.sum():.6g}")
    if p_change is not None:
        p_change = check_float(p_change, "p_change", minimum=0.0, maximum=1.0)
    order = np.argsort(loc, kind="stable")
    loc, p = loc[order], p[order]
    if given_interval is not None and "k" in tab.columns:
        (k_lo, k_hi), mass = given_interval
        kk = pd.to_numeric(tab["k"]).to_numpy(float)[order]
        inside = (kk >= k_lo) & (kk <= k_hi)
        kind = "credible interval"
        mass = float(p[inside].sum()) if mass is None else float(mass)
    else:
        inside = np.zeros(p.size, bool)
        inside[credible_set(p, level)] = True
        kind = "credible set"
        mass = float(p[inside].sum())
    lo, hi = float(loc[inside].min()), float(loc[inside].max())
    mode = float(loc[int(np.argmax(p))])
    with st.style_context(style):
        fig, ax = st.new_figure(ax, size=figsize or st.figsize("single", 0.6))
        ax.axvspan(lo - 0.5, hi + 0.5, color=st.PALETTE["skyblue"], alpha=0.3, lw=0, zorder=0,
                   label="_casekit_credible_set")
        ax.bar(loc, p, width=0.8, color="0.25", zorder=2, label="posterior")
        ax.axvline(mode, color=st.PALETTE["vermillion"], linestyle="--", linewidth=0.9,
                   zorder=3, label="_casekit_mode")
        ax.set_xlabel("Last session before the change" if x == "session"
                      else "k (last observation before the change)")
        ax.set_ylabel("Posterior probability")
        ax.set_ylim(0, max(float(p.max()) * 1.15, 1e-9))
        ax.set_xlim(loc.min() - 1, loc.max() + 1)
        lab = f"{level:.0%} {kind}: {lo:g}-{hi:g} (mass {mass:.3f})"
        head = f"P(change) = {p_change:.2f}; " if p_change is not None else ""
        ax.set_title(title if title is not None else f"{head}mode {mode:g}")
        if legend:
            import matplotlib.lines as mlines
            import matplotlib.patches as mpatches

            ax.legend(handles=[
                mpatches.Patch(color="0.25", label="posterior of the location"),
                mpatches.Patch(color=st.PALETTE["skyblue"], alpha=0.3, label=lab),
                mlines.Line2D([], [], color=st.PALETTE["vermillion"], linestyle="--",
                              label=f"mode ({mode:g})")], loc="best", fontsize=7.5)
    return fig, ax
