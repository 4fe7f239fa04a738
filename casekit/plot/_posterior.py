"""Posterior of a change location: reading a result or table, and drawing its bars.

Shared by :func:`casekit.plot.changepoint_posterior_plot` and
:func:`casekit.plot.changepoint_figure`. A :class:`casekit.changepoint.BayesChangepointResult`
is read through its declared fields ``posterior``, ``confidence``,
``credible_interval_sessions``, ``credible_interval_probability`` and ``prob_change``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from casekit._validate import check_ci_level
from casekit.changepoint import BayesChangepointResult
from casekit.tables.apa import format_prob

from . import _figure
from . import _layers as layers
from . import _style as st
from ._data import is_whole
from ._labels import session_range, session_text

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

__all__ = ["credible_set", "Panel", "read_posterior", "describe",
           "draw_posterior", "legend_handles", "BAR_COLOR", "INTERVAL_STYLE", "MODE_STYLE"]

BAR_COLOR = "0.25"
INTERVAL_STYLE: dict[str, Any] = dict(color=st.PALETTE["skyblue"], alpha=0.3, lw=0)
MODE_STYLE: dict[str, Any] = dict(color=st.PALETTE["vermillion"], linestyle="--", linewidth=0.9)


def credible_set(probability: npt.ArrayLike, level: float = 0.95) -> np.ndarray:
    """Indices of the highest-posterior set: the fewest locations whose mass reaches ``level``.

    Ties in probability are broken by location order (stable sort), so the set is
    deterministic.
    """
    p = np.asarray(probability, float)
    order = np.argsort(-p, kind="stable")
    cum = np.cumsum(p[order])
    n = int(np.searchsorted(cum, level - 1e-12) + 1)
    return np.sort(order[:min(n, p.size)])


@dataclass
class Panel:
    """One posterior, validated: locations, probabilities and the interval to shade."""

    name: str | None       # measure (several panels), else None
    loc: np.ndarray
    p: np.ndarray
    lo: float
    hi: float
    mass: float
    kind: str              # "credible interval" (the result's) or "credible set"
    level: float
    p_change: float | None

    @property
    def mode(self) -> float:
        return float(self.loc[int(np.argmax(self.p))])


def _result_table(posterior: object) -> tuple[pd.DataFrame, float | None,
                                              tuple[tuple[float, float], float] | None,
                                              float | None]:
    """The posterior table and what the result says about it: ``(table, level, interval in
    sessions and its mass, P(change))``."""
    if isinstance(posterior, pd.DataFrame):
        return posterior, None, None, None
    if not isinstance(posterior, BayesChangepointResult):
        raise TypeError("posterior must be a change-point result (bayes_changepoint, "
                        "changepoint_precedence) or a DataFrame; got "
                        f"{type(posterior).__name__}")
    lo, hi = posterior.credible_interval_sessions
    interval = ((float(lo), float(hi)), float(posterior.credible_interval_probability))
    return posterior.posterior, posterior.confidence, interval, float(posterior.prob_change)


def read_posterior(posterior: object, confidence: float | None, p_change: float | None, x: str,
                   *, name: str | None = None) -> Panel:
    """Validate one posterior and find the interval to shade."""
    tab, res_level, interval, res_p = _result_table(posterior)
    level = check_ci_level(confidence if confidence is not None else
                           (res_level if res_level is not None else 0.95), "confidence")
    miss = [c for c in ("probability", x) if c not in tab.columns]
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
    order = np.argsort(loc, kind="stable")
    loc, p = loc[order], p[order]
    if interval is not None and res_level is not None and level == res_level:
        (lo_s, hi_s), mass = interval
        sess = pd.to_numeric(tab["session"]).to_numpy(float)[order]
        inside = (sess >= lo_s) & (sess <= hi_s)
        kind = "credible interval"
    else:
        inside = np.zeros(p.size, bool)
        inside[credible_set(p, level)] = True
        kind, mass = "credible set", float(p[inside].sum())
    return Panel(name=name, loc=loc, p=p, lo=float(loc[inside].min()),
                 hi=float(loc[inside].max()), mass=mass, kind=kind, level=level,
                 p_change=p_change if p_change is not None else res_p)


def _where(lo: float, hi: float, x: str) -> str:
    if x == "session":
        return session_range(lo, hi)
    return f"k = {session_text(lo)}" + ("" if lo == hi else f"\u2013{session_text(hi)}")


def describe(panel: Panel, x: str) -> str:
    """``"P(change) > .99; mode: session 17; 95% credible interval: sessions 15–18 (mass
    .995)"``: what the bars show, in words (APA probabilities)."""
    head = "" if panel.p_change is None else \
        f"P(change) {format_prob(panel.p_change, equals=True)}; "
    return (f"{head}mode: {_where(panel.mode, panel.mode, x)}; {panel.level:.0%} {panel.kind}: "
            f"{_where(panel.lo, panel.hi, x)} (mass {format_prob(panel.mass, 3)})")


def legend_handles(panel: Panel) -> list[Artist]:
    """Bars, interval and mode (their values are in the legend title or the panel titles)."""
    return [layers.patch_handle("posterior", color=BAR_COLOR),
            layers.patch_handle(f"{panel.level:.0%} {panel.kind}", **INTERVAL_STYLE),
            layers.line_handle("mode", **MODE_STYLE)]


def draw_posterior(ax: Axes, panel: Panel, x: str, *, xlabel: bool = True) -> None:
    ax.axvspan(panel.lo - 0.5, panel.hi + 0.5, zorder=0, label="_casekit_credible_set",
               **INTERVAL_STYLE)
    ax.bar(panel.loc, panel.p, width=0.8, color=BAR_COLOR, zorder=2, label="posterior")
    ax.axvline(panel.mode, zorder=3, label="_casekit_mode", **MODE_STYLE)
    if xlabel:
        ax.set_xlabel("Last session before the change" if x == "session"
                      else "k (last observation before the change)")
    ax.set_ylabel("Posterior probability")
    ax.set_ylim(0, max(float(panel.p.max()) * 1.15, 1e-9))
    ax.set_xlim(panel.loc.min() - 1, panel.loc.max() + 1)
    if is_whole(panel.loc):
        _figure.integer_ticks(ax, "x")


