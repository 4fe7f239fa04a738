"""Power figure: power and type I error against the number of baseline sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from casekit.power import PowerResult

from . import _figure
from . import _style as st

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

__all__ = ["power_plot"]

#: ``gid`` of the artists a test (or a caller restyling the figure) can look up.
GIDS = {"power": "casekit-power-power", "type1": "casekit-power-type1",
        "alpha": "casekit-power-alpha", "target": "casekit-power-target"}
_COLORS = ("blue", "vermillion", "green", "black", "orange", "skyblue", "purple")


def power_plot(result: PowerResult, *, target: float | None = 0.8, type1: bool = True,
               legend: bool = True, title: str | None = None, ax: Axes | None = None,
               figsize: tuple[float, float] | None = None,
               style: str | dict[str, Any] | None = "paper") -> tuple[Figure, Axes]:
    """Draw power (and type I error) against the number of baseline sessions, one line per test.

    Parameters
    ----------
    result : PowerResult
        The result of :func:`casekit.power_curve` (one point per baseline length; a result of
        :func:`casekit.power_analysis` gives one point per test).
    target : float or None
        Draw a horizontal reference line at this power (default .80, Cohen 1988); None: none.
    type1 : bool
        Also draw the type I error of each test (dashed, same colour) and the nominal alpha
        (dotted grey line).
    legend : bool
        Legend below the axes.
    title : str, optional
        Axes title.
    ax : matplotlib.axes.Axes, optional
        Draw here instead of a new figure.
    figsize : (float, float), optional
        Size of a new figure (default: single column).
    style : "paper", None, a matplotlib style name or dict
        Style applied while drawing (default the casekit paper style).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes
        Lines carry ``gid`` s: ``casekit-power-power`` (power of a test, its label the test's
        name), ``casekit-power-type1`` (its type I error), ``casekit-power-alpha`` and
        ``casekit-power-target``; error bars are ±2 Monte Carlo SE.

    See Also
    --------
    casekit.power_curve, casekit.power_analysis : the simulation.

    References
    ----------
    Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences (2nd ed.).
    Erlbaum.

    Examples
    --------
    >>> import casekit as ck
    >>> from casekit.plot import power_plot
    >>> res = ck.power_curve([4, 6], n_treatment=8, tests=("nap",), n_sim=20, seed=3)
    >>> fig, ax = power_plot(res)
    >>> [ln.get_label() for ln in ax.lines if ln.get_gid() == "casekit-power-power"]
    ['NAP, 95% CI excludes .5 (Newcombe)']
    """
    if not isinstance(result, PowerResult):
        raise TypeError("result must be the PowerResult of casekit.power_curve or "
                        f"casekit.power_analysis; got {type(result).__name__}")
    for name, flag in (("type1", type1), ("legend", legend)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False; got {flag!r}")
    if target is not None and not 0 < float(target) < 1:
        raise ValueError(f"target must be a power between 0 and 1 or None; got {target!r}")
    st.check_style(style)
    df = result.summary.copy()
    if "n_baseline" not in df:
        df.insert(0, "n_baseline", min(result.n_baseline))
    with st.style_context(style):
        fig, ax = _figure.new_figure(ax, size=figsize or st.figsize("single", 0.75),
                                     style=style)
        handles = _draw(ax, df, result.alpha, target, type1)
        ax.set_xlabel("Baseline sessions" + (" (shortest case)" if result.n_cases > 1 else ""))
        ax.set_ylabel("Rejection rate")
        ax.set_ylim(-0.02, 1.02)
        _figure.integer_ticks(ax, "x")
        _figure.finish(fig, [ax], handles=handles, legend=legend, title=title)
    return fig, ax


def _draw(ax: Axes, df: pd.DataFrame, alpha: float, target: float | None,
          type1: bool) -> list[Line2D]:
    handles: list[Line2D] = []
    for i, (test, sub) in enumerate(df.groupby("test", sort=False)):
        color = st.PALETTE[_COLORS[i % len(_COLORS)]]
        x = sub["n_baseline"].to_numpy(float)
        p = sub["power"].to_numpy(float)
        h = ax.errorbar(x, p, yerr=2 * sub["power_se"].to_numpy(float), color=color,
                        marker=st.SERIES_MARKERS[(i + 1) % len(st.SERIES_MARKERS)],
                        markersize=4, lw=1.2, ls="-", capsize=2,
                        label=sub["label"].iloc[0])
        h.lines[0].set_gid(GIDS["power"])
        h.lines[0].set_label(sub["label"].iloc[0])
        handles.append(h.lines[0])
        if type1:
            ax.plot(x, sub["type1_error"].to_numpy(float), color=color, ls="--", lw=0.9,
                    marker="x", markersize=3, gid=GIDS["type1"],
                    label=f"_casekit_type1_{test}")
    if type1:
        handles.append(ax.axhline(alpha, color="0.45", ls=":", lw=0.9, gid=GIDS["alpha"],
                                  label=f"\u03b1 = {alpha:g} (dashed: type I error)"))
    if target is not None:
        ax.axhline(float(target), color="0.7", ls="-", lw=0.8, gid=GIDS["target"],
                   label="_casekit_target", zorder=0)
    return handles
