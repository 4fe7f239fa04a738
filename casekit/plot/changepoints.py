"""Where did each series change? The series with its change point beside the posterior of the
change location, one row per measure (alliance above symptoms)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casekit.alliance import PrecedenceResult

from . import _figure, _layers
from . import _style as st
from ._labels import instrument_of
from ._panel import SeriesSpec, draw_series_spec, prepare_series_spec
from ._posterior import Panel, describe, draw_posterior, legend_handles, read_posterior

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure

    from casekit.changepoint import BayesChangepointResult
    from casekit.results import Result

__all__ = ["changepoint_figure", "alliance_first"]


def alliance_first(measures: Iterable[str]) -> list[str]:
    """The measures with the alliance measures (registry construct "... alliance") first, the
    others after them, each group in the order given: alliance above symptoms everywhere."""
    def is_alliance(m: str) -> bool:
        inst = instrument_of(m)
        return inst is not None and "alliance" in (inst.construct or "").lower()

    names = list(measures)
    return [m for m in names if is_alliance(m)] + [m for m in names if not is_alliance(m)]


def _results(results: Mapping[str, BayesChangepointResult] | PrecedenceResult
             ) -> Mapping[str, Result]:
    if isinstance(results, PrecedenceResult):
        measure = dict(zip(results.summary["series"], results.summary["measure"], strict=True))
        return {measure["alliance"]: results.alliance, measure["symptoms"]: results.symptoms}
    if isinstance(results, Mapping) and results:
        return dict(results)
    raise TypeError("results must be a mapping measure -> bayes_changepoint result, or a "
                    f"changepoint_precedence result; got {type(results).__name__}")


def changepoint_figure(data: pd.DataFrame,
                       results: Mapping[str, BayesChangepointResult] | PrecedenceResult, *,
                       changepoints: Mapping[str, Any] | None = None, case: Hashable = None,
                       phases: pd.DataFrame | str | None = None,
                       improvement: Mapping[str, Any] | None = None,
                       confidence: float | None = None, direction_note: bool = True,
                       phase_label: str = "auto", legend: bool = True, title: str | None = None,
                       figsize: tuple[float, float] | None = None,
                       style: str | dict[str, Any] | None = "paper") -> tuple[Figure, np.ndarray]:
    """Each series with its change point (left) beside the posterior of the change location
    (right), one row per measure, alliance above symptoms, all on one session axis.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores holding every measure of ``results`` (see
        :func:`session_series`).
    results : mapping or PrecedenceResult
        ``{measure: casekit.bayes_changepoint result}``, or a
        :func:`casekit.changepoint_precedence` result (its ``alliance`` and ``symptoms``
        results, named by the measures of its ``.summary``).
    changepoints : mapping, optional
        ``{measure: change points}`` drawn on the series (anything
        :func:`session_series` accepts, e.g. a :func:`casekit.amoc` result); a measure not
        given shows the Bayesian mode and credible interval of ``results``.
    case, phases, direction_note, phase_label, legend, figsize, style
        As in :func:`session_series` (phase names above the top row; the key, when the
        labels do not fit, under the bottom row).
    improvement : mapping, optional
        ``{measure: direction}`` for measures the registry does not know.
    confidence : float, optional
        Credible level of the posteriors (default the results' own).
    title : str, optional
        Figure title.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : numpy.ndarray of Axes, shape (n_measures, 2)
        Row i: the series panel and the posterior panel of the i-th measure (alliance
        measures first, registry construct "... alliance").

    See Also
    --------
    changepoint_posterior_plot : one posterior.
    casekit.bayes_changepoint, casekit.amoc : the analyses.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> import casekit as ck
    >>> from casekit.plot import changepoint_figure
    >>> s = np.arange(1, 21)
    >>> d = pd.concat([pd.DataFrame({"case": "c", "session": s, "measure": "PHQ-9",
    ...                              "value": np.where(s <= 10, 18.0, 9.0) + s % 3}),
    ...                pd.DataFrame({"case": "c", "session": s, "measure": "WAI-SR",
    ...                              "value": np.where(s <= 8, 30.0, 45.0) + s % 2})])
    >>> res = {m: ck.bayes_changepoint(data=d[d.measure == m]) for m in ("PHQ-9", "WAI-SR")}
    >>> fig, axes = changepoint_figure(d, res)
    >>> [ax.get_ylabel().split("\\n")[0] for ax in axes[:, 0]]
    ['WAI-SR', 'PHQ-9']
    """
    st.check_style(style)
    by_measure = _results(results)
    measures = alliance_first(by_measure)
    cps, directions = dict(changepoints or {}), dict(improvement or {})
    specs = [prepare_series_spec(data, m, case=case, phases=phases,
                                 changepoints=cps.get(m, by_measure[m]),
                                 direction_note=direction_note, improvement=directions.get(m),
                                 phase_label=phase_label) for m in measures]
    panels = [read_posterior(by_measure[m], confidence, None, "session", name=m)
              for m in measures]
    n = len(measures)
    with st.style_context(style):
        fig, axes = _figure.new_figure(None, size=figsize or st.figsize("double", 0.1 + 0.3 * n),
                                       nrows=n, ncols=2, sharex=True, style=style)
        axes = np.asarray(axes).reshape(n, 2)
        handles = _draw(axes, specs, panels)
        if title:
            fig.suptitle(title, x=0.02, ha="left", fontsize=axes[0, 0].title.get_fontsize() + 1)
        _figure.finish(fig, list(axes.ravel()), handles=handles, legend=legend,
                       event_labels=None, phase_label=phase_label, key_ax=axes[-1, 0],
                       grow=figsize is None)
    return fig, axes


def _draw(axes: np.ndarray, specs: Sequence[SeriesSpec], panels: Sequence[Panel]
          ) -> list[Artist]:
    """Draw every row; the legend handles, each label once."""
    n = len(specs)
    handles: list[Artist] = []
    seen: set[object] = set()
    lims: list[tuple[float, float]] = []
    for i, (spec, panel) in enumerate(zip(specs, panels, strict=True)):
        left, right = axes[i]
        drawn = draw_series_spec(left, spec, phase_labels=(i == 0), xlabel=(i == n - 1))
        lims.append(left.get_xlim())
        draw_posterior(right, panel, "session", xlabel=(i == n - 1))
        fig = _layers.figure_of(right)
        width = 0.45 * fig.get_size_inches()[0] * 72.0
        right.set_title(_figure.fill_width(fig, describe(panel, "session"),
                                           st.LEGEND_SIZE, width), fontsize=st.LEGEND_SIZE)
        for h in drawn[1:] + legend_handles(panel):
            if h.get_label() not in seen:
                seen.add(h.get_label())
                handles.append(h)
        if i < n - 1:
            left.tick_params(labelbottom=False)
            right.tick_params(labelbottom=False)
    axes[0, 0].set_xlim(min(lo for lo, _ in lims), max(hi for _, hi in lims))   # shared
    return handles
