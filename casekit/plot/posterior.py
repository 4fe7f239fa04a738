"""Posterior of a single change point's location (one series, or alliance and symptoms)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # matplotlib is imported on first use, not at import
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from casekit._deprecate import renamed_arguments
from casekit._validate import check_float, check_option
from casekit.alliance import PrecedenceResult
from casekit.tables.apa import format_prob

from . import _figure
from . import _layers as layers
from . import _style as st
from ._posterior import (
    credible_set,
    describe,
    draw_posterior,
    legend_handles,
    read_posterior,
)

__all__ = ["changepoint_posterior_plot", "credible_set"]


@renamed_arguments(level="confidence", since="0.2")
def changepoint_posterior_plot(posterior: Any, *, confidence: float | None = None,
                               p_change: float | None = None, x: str = "session",
                               legend: bool = True, title: str | None = None,
                               ax: Axes | None = None,
                               figsize: tuple[float, float] | None = None,
                               style: str | dict[str, Any] | None = "paper",
                               ) -> tuple[Figure, Axes | tuple[Axes, Axes]]:
    """Bar chart of the posterior probability of each change location, credible set shaded.

    Parameters
    ----------
    posterior : BayesChangepointResult, PrecedenceResult or pandas.DataFrame
        A :func:`casekit.bayes_changepoint` result (its fields ``posterior``, ``confidence``,
        ``credible_interval_sessions``, ``credible_interval_probability`` and
        ``prob_change``); a :func:`casekit.changepoint_precedence`
        result (two panels, alliance above symptoms, from its ``alliance`` and ``symptoms``
        results, with its ``prob_precedes``); or a table with ``k``, ``session`` and
        ``probability`` (k = 1-based index of the last observation before the change; session
        = that observation's session). Probabilities must be finite, non-negative and sum to 1
        (within 1e-6): they are never renormalised silently.
    confidence : float, optional
        Credible level. Default: the result's level, else 0.95. With a result whose level
        matches, its own shortest contiguous credible interval is drawn; otherwise the
        highest-posterior set of the table is computed here. (Called ``level`` before; the
        old name works for one release, with a ``FutureWarning``.)
    p_change : float, optional
        Posterior probability that there is a change at all, shown in the title; default the
        result's ``prob_change``.
    x : {"session", "k"}
        Bars at the session number (default) or at k.
    legend, title, ax, figsize, style
        As in :func:`casekit.plot.session_series`. The legend is drawn under the axes (under
        the figure for two panels), never over the bars.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes, or a tuple ``(alliance_ax, symptoms_ax)`` for a precedence
        result. Bars are ``ax.patches`` of the container labelled ``posterior``; the credible
        set is an ``axvspan`` labelled ``_casekit_credible_set``; the mode a line
        ``_casekit_mode``.

    Notes
    -----
    The credible set is the highest-posterior-density set of locations (smallest set with mass
    >= ``confidence``); the span drawn covers its first to last location (it can contain
    locations outside the set when the posterior is multimodal; the legend gives the set's
    bounds). Probabilities print as APA asks ("> .99", never "1.00": a posterior
    probability that rounds to 1 is not certainty). The probabilities are drawn as given;
    nothing is recomputed. For :func:`casekit.bayes_changepoint` they are the g-prior
    posterior p(k | y, change) ∝ BF_k0 (Liang et al. 2008, eq. 5; see its Notes), which tends
    to the flat-prior form (n₁n₂)^(−1/2)·RSS_k^(−(n−2)/2) of domain/methods.md §6.5 (up to a
    factor RSS_k^(−1/2)) as the prior on the shift widens.

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
    x = check_option(x, "x", ("session", "k"))
    if p_change is not None:
        p_change = check_float(p_change, "p_change", minimum=0.0, maximum=1.0)
    if isinstance(posterior, PrecedenceResult):
        if ax is not None:
            raise ValueError("a precedence result draws two panels; leave ax=None")
        measures = dict(zip(posterior.summary["series"], posterior.summary["measure"],
                            strict=True))
        panels = [read_posterior(result, confidence, None, x,
                         name=f"{measures.get(role, role)} ({role})")
                  for role, result in (("alliance", posterior.alliance),
                                       ("symptoms", posterior.symptoms))]
        with st.style_context(style):
            return _two_panels(panels, posterior.prob_precedes, x, legend, title, figsize,
                               style)
    panel = read_posterior(posterior, confidence, p_change, x)
    with st.style_context(style):
        fig, ax = _figure.new_figure(ax, size=figsize or st.figsize("single", 0.75),
                                     style=style)
        draw_posterior(ax, panel, x)
        _figure.finish(fig, [ax], handles=legend_handles(panel), legend=legend, title=title,
                       legend_title=describe(panel, x))
    return fig, ax


def _two_panels(panels: Any, prob_precedes: float, x: str, legend: bool, title: str | None,
                figsize: tuple[float, float] | None,
                style: str | dict[str, Any] | None) -> tuple[Figure, tuple[Axes, Axes]]:
    """Alliance above symptoms on one session axis; the interval of each in its title."""
    fig, axes = _figure.new_figure(None, size=figsize or st.figsize("single", 1.0), nrows=2,
                                   sharex=True, style=style)
    for i, (ax, panel) in enumerate(zip(axes, panels, strict=True)):
        draw_posterior(ax, panel, x, xlabel=(i == 1))
        lo, hi = min(p.loc.min() for p in panels), max(p.loc.max() for p in panels)
        ax.set_xlim(lo - 1, hi + 1)
        ax.set_title(f"{panel.name}\n{describe(panel, x)}", loc="left",
                     fontsize=st.LEGEND_SIZE)
    axes[0].tick_params(labelbottom=False)
    entries = legend_handles(panels[0])
    entries.append(layers.line_handle("P(alliance changed first) "
                                      f"{format_prob(prob_precedes, equals=True)}",
                                      linestyle="none"))
    if title:
        fig.suptitle(title, x=0.02, ha="left", fontsize=axes[0].title.get_fontsize() + 1.5)
    _figure.finish(fig, axes, handles=entries, legend=legend)
    return fig, tuple(axes)
