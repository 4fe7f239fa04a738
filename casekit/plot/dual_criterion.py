"""Dual-criterion figure: the baseline mean and trend lines over the treatment phase."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib is imported on first use, not at import
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

import numpy as np

from casekit.tables.apa import format_p
from casekit.visual import DualCriterionResult

from . import _figure
from . import _style as st
from ._data import is_whole

__all__ = ["dual_criterion_plot"]

#: ``gid`` of the artists a test (or a caller restyling the figure) can look up.
GIDS = {"series": "casekit-dc-series", "mean_line": "casekit-dc-mean-line",
        "trend_line": "casekit-dc-trend-line", "beyond": "casekit-dc-beyond",
        "phase_change": "casekit-dc-phase-change", "annotation": "casekit-dc-annotation"}


def dual_criterion_plot(result: DualCriterionResult, *, baseline_lines: bool = True,
                        annotate: bool = True, legend: bool = True, title: str | None = None,
                        ax: Axes | None = None, figsize: tuple[float, float] | None = None,
                        style: str | dict[str, Any] | None = "paper") -> tuple[Figure, Axes]:
    """Draw a (conservative) dual-criterion analysis: series, criterion lines, points beyond.

    Parameters
    ----------
    result : DualCriterionResult
        The result of :func:`casekit.dual_criterion`.
    baseline_lines : bool
        Also draw the baseline mean and trend lines (thin, dotted) over the baseline, where
        they were fitted (default True). The criterion lines over the treatment phase are
        always drawn.
    annotate : bool
        Write "k of n beyond both lines (p = ...)" in a corner of the axes that is clear of
        the data (the y range is raised when no corner is free).
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
        Artists carry ``gid`` s: ``casekit-dc-series`` (the values), ``casekit-dc-mean-line``
        and ``casekit-dc-trend-line`` (the criterion lines over the treatment phase),
        ``casekit-dc-beyond`` (filled markers on the points beyond both lines),
        ``casekit-dc-phase-change`` and ``casekit-dc-annotation``.

    See Also
    --------
    casekit.dual_criterion : the analysis.

    Notes
    -----
    Follows the figures of Fisher, Kelley & Lomas (2003): the baseline mean line (dashed)
    and trend line (dash-dotted) are extended over the treatment phase, already shifted by
    ``conservative`` baseline SDs for the CDC; the treatment points beyond both lines in the
    direction of improvement are filled. The x axis shows the session numbers, so missed
    sessions leave gaps and the trend line is drawn at the sessions' true distances.

    References
    ----------
    Fisher, W. W., Kelley, M. E., & Lomas, J. E. (2003). Visual aids and structured criteria
    for improving visual inspection and interpretation of single-case designs. Journal of
    Applied Behavior Analysis, 36(3), 387-406. https://doi.org/10.1901/jaba.2003.36-387

    Examples
    --------
    >>> import casekit as ck
    >>> from casekit.plot import dual_criterion_plot
    >>> res = ck.dual_criterion([19, 24, 17, 17, 15, 22, 11, 11, 12, 13, 11, 13],
    ...                         phases=["A"] * 6 + ["B"] * 6, improvement="decrease")
    >>> fig, ax = dual_criterion_plot(res)
    >>> sorted(a.get_gid() for a in ax.lines if a.get_gid())[:3]
    ['casekit-dc-beyond', 'casekit-dc-mean-line', 'casekit-dc-phase-change']
    """
    if not isinstance(result, DualCriterionResult):
        raise TypeError("result must be the DualCriterionResult of casekit.dual_criterion; "
                        f"got {type(result).__name__}")
    for name, flag in (("baseline_lines", baseline_lines), ("annotate", annotate),
                       ("legend", legend)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False; got {flag!r}")
    st.check_style(style)
    pts = result.points
    base, treat = pts[pts["role"] == "baseline"], pts[pts["role"] == "treatment"]
    xb, xt = base["session"].to_numpy(float), treat["session"].to_numpy(float)
    change = (xb[-1] + xt[0]) / 2.0
    with st.style_context(style):
        fig, ax = _figure.new_figure(ax, size=figsize or st.figsize("single", 0.75),
                                     style=style)
        handles = _draw(ax, result, base, treat, xb, xt, change, baseline_lines)
        if annotate:
            needed = "\u2013" if result.required is None else result.required
            ax.text(0.02, 0.97, f"{result.beyond} of {result.n_treatment} beyond both lines "
                    f"(p {format_p(result.p_value)}; needed: {needed})",
                    transform=ax.transAxes, ha="left", va="top", fontsize=st.SMALL_SIZE,
                    gid=GIDS["annotation"], label="_casekit_annotation")
        ax.set_xlabel("Session")
        ax.set_ylabel(result.measure or "Value")
        _figure.integer_ticks(ax, "x")
        if is_whole(pts["value"]):
            _figure.integer_ticks(ax, "y")
        _figure.finish(fig, [ax], handles=handles, legend=legend, title=title)
    return fig, ax


def _draw(ax: Axes, result: DualCriterionResult, base: Any, treat: Any, xb: Any, xt: Any,
          change: Any, baseline_lines: bool) -> list[Line2D]:
    """The artists; returns the legend handles."""
    pal = st.PALETTE
    shifted = f" (shifted {result.conservative:g} SD)" if result.conservative > 0 else ""
    ax.plot(xb, base["value"], color=pal["black"], marker="o", markersize=4, lw=1.0, ls="-",
            gid=GIDS["series"], label="_casekit_series_baseline")
    ax.plot(xt, treat["value"], color=pal["black"], marker="o", markersize=4, lw=1.0, ls="-",
            markerfacecolor="white", gid=GIDS["series"], label="_casekit_series_treatment")
    ax.axvline(change, color="0.35", ls="--", lw=0.8, gid=GIDS["phase_change"])
    for x, text in ((np.mean(xb), result.baseline_phase), (np.mean(xt), result.treatment_phase)):
        ax.text(x, 1.01, text, transform=ax.get_xaxis_transform(), ha="center", va="bottom",
                fontsize=st.SMALL_SIZE + 0.5)
    x_line = np.r_[change, xt]
    mean = ax.plot(x_line, np.full(x_line.size, result.mean_line), color=pal["blue"],
                   ls="--", lw=1.2, marker="none", gid=GIDS["mean_line"],
                   label=f"baseline mean{shifted}")[0]
    trend_at = result.trend_intercept + result.trend_slope * x_line + result.shift
    trend = ax.plot(x_line, trend_at, color=pal["vermillion"], ls="-.", lw=1.2, marker="none",
                    gid=GIDS["trend_line"], label=f"baseline trend ({result.trend_method})"
                    f"{shifted}")[0]
    if baseline_lines:
        ax.plot(xb, np.full(xb.size, result.baseline_mean), color=pal["blue"], ls=":",
                lw=0.8, marker="none", label="_casekit_baseline_mean")
        ax.plot(xb, result.trend_intercept + result.trend_slope * xb, color=pal["vermillion"],
                ls=":", lw=0.8, marker="none", label="_casekit_baseline_trend")
    hit = treat[treat["beyond"]]
    beyond = ax.plot(hit["session"].to_numpy(float), hit["value"], ls="none", marker="o",
                     markersize=6, color=pal["green"], gid=GIDS["beyond"], zorder=5,
                     label="beyond both lines")[0]
    return [mean, trend, beyond]
