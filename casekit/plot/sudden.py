"""Sudden-gain plot: the trajectory with each gain interval highlighted."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from casekit.exceptions import CaseDataError

from . import _figure
from . import _layers as layers
from . import _style as st
from ._data import Problem, Series, check_frame, is_na, pick_measure, problem, rows_for
from ._labels import session_text
from ._panel import SeriesSpec, draw_series_spec, prepare_series_spec

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from casekit.sudden import SuddenGainsResult

__all__ = ["sudden_gain_plot"]

#: the ``.summary`` columns of the scores around a gain (sessions n-2 ... n+3, n = pregain)
COURSE_COLUMNS = ("value_n_minus2", "value_n_minus1", "value_n", "value_n_plus1",
                  "value_n_plus2", "value_n_plus3")
COURSE_LABELS = ("n\u22122", "n\u22121", "n", "n+1", "n+2", "n+3")
GAIN_COLOR = st.PALETTE["vermillion"]
INTERVAL_STYLE: dict[str, Any] = dict(color=st.PALETTE["orange"], alpha=0.25, lw=0)


@dataclass
class Gain:
    pre: float          # pregain session
    post: float         # postgain session
    v0: float           # observed values at those sessions
    v1: float
    reversal: float | None
    course: list[float]  # scores n-2 ... n+3 (NaN = missed)


def sudden_gain_plot(data: pd.DataFrame, gains: pd.DataFrame | SuddenGainsResult, *,
                     measure: str | None = None,
                     case: Hashable = None, x: str = "session", scale: str | None = "total",
                     phases: pd.DataFrame | str | None = None,
                     events: pd.DataFrame | None = None, cutoff: float | str | None = None,
                     show_reversal: bool = True, course: bool = False,
                     direction_note: bool = True, improvement: Any = None,
                     max_step: float | None = None, event_labels: str | None = "auto",
                     event_styles: Mapping[str, Any] | None = None,
                     phase_label: str = "auto", legend: bool = True, title: str | None = None,
                     ax: Axes | None = None, figsize: tuple[float, float] | None = None,
                     style: str | dict[str, Any] | None = "paper"
                     ) -> tuple[Figure, Axes | tuple[Axes, Axes]]:
    """Trajectory of one case with each sudden gain (or loss) interval highlighted.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores (see :func:`session_series`).
    gains : pandas.DataFrame or result
        ``casekit.sudden_gains`` / ``sudden_losses`` result or a table with
        ``pregain_session`` and ``postgain_session`` (optional ``case``, ``measure``,
        ``pregain_value``, ``postgain_value``, ``reversal_value`` and the course
        ``value_n_minus2`` ... ``value_n_plus3``: the ``.summary`` columns of a
        :class:`casekit.sudden.SuddenGainsResult` that the figure reads). An empty table draws
        the trajectory alone.
    measure : str, optional
        Defaults to the single measure of ``gains``.
    case, x, scale, phases, events, cutoff, direction_note, improvement, max_step,
    event_labels, event_styles, phase_label
        As in :func:`session_series` (``event_labels="auto"``: short event labels only when
        they fit, else the legend names the markers).
    show_reversal : bool
        Draw the reversal value (post-gain score + magnitude/2; suddengains) as a dotted line
        from the post-gain session on.
    course : bool
        Add a second panel with the course around each gain, sessions n−2 … n+3
        (n = pregain session), one thin line per gain and their mean (suddengains
        ``plot_sg``). Scores come from the result's ``value_n_minus2`` … ``value_n_plus3``
        columns when present, else from the data by session number (missed = gap). Needs
        ``ax=None``.
    legend, title, ax, figsize, style
        As in :func:`session_series`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes or tuple of two Axes
        Gain intervals are ``axvspan`` patches labelled ``_casekit_gain_interval``; the gain
        segment is a line labelled ``_casekit_gain``. With ``course=True``:
        ``(trajectory_ax, course_ax)``; course lines are labelled ``_casekit_course`` and the
        mean ``mean course``.

    Raises
    ------
    casekit.CaseDataError
        A gain whose sessions are not observed in the series, or whose stored pre/post values
        disagree with the data (the gains were computed on other data).

    Notes
    -----
    The size of each gain ("Δ −8") is written beside the gain where it touches no data point
    or line (else the legend gives it). Mirrors the single-person view of suddengains 0.7.2
    ``plot_sg_trajectories`` with the gain interval highlighted (domain/methods.md §9, figure 5), and (``course=True``) the course
    around the gains as ``plot_sg`` draws it (sessions n−2 … n+3).

    References
    ----------
    Tang, T. Z., & DeRubeis, R. J. (1999). Sudden gains and critical sessions in
    cognitive-behavioral therapy for depression. J Consult Clin Psychol, 67(6), 894-904.
    https://doi.org/10.1037/0022-006X.67.6.894

    Wiedemann, M., Thew, G. R., Stott, R., & Ehlers, A. (2020). suddengains: An R package to
    identify sudden gains in longitudinal data. PLOS ONE, 15(3), e0230276.
    https://doi.org/10.1371/journal.pone.0230276

    Examples
    --------
    >>> import pandas as pd
    >>> from casekit.plot import sudden_gain_plot
    >>> d = pd.DataFrame({"case": "c", "session": range(1, 9), "measure": "PHQ-9",
    ...                   "value": [18, 18, 17, 17, 9, 8, 8, 7.0]})
    >>> g = pd.DataFrame({"pregain_session": [4], "postgain_session": [5]})
    >>> fig, ax = sudden_gain_plot(d, g, measure="PHQ-9")
    """
    st.check_style(style)
    tab = check_frame(gains, "gains", ("pregain_session", "postgain_session"))
    measure = pick_measure(tab, measure, "gains")
    spec = prepare_series_spec(data, measure, case=case, x=x, scale=scale, phases=phases,
                               events=events, cutoff=cutoff, direction_note=direction_note,
                               improvement=improvement, max_step=max_step,
                               event_labels=event_labels, event_styles=event_styles,
                               phase_label=phase_label)
    rows = _gains(rows_for(tab, spec.series.case, measure), spec.series, measure)
    if course and ax is not None:
        raise ValueError("course=True draws two panels; leave ax=None")
    own = ax is None and figsize is None     # casekit's own figure at its default size
    with st.style_context(style):
        if course:
            fig, (ax, cax) = _figure.new_figure(
                None, size=figsize or st.figsize("double", 0.38), ncols=2, style=style)
        else:
            fig, ax = _figure.new_figure(ax, size=figsize or st.figsize("single", 0.75),
                                         style=style)
        handles = draw_series_spec(ax, spec, event_labels=event_labels is not None)
        handles += _draw_gains(ax, rows, spec.series, show_reversal)
        if course:
            _draw_course(cax, rows, spec, legend)
        _figure.finish(fig, [ax], handles=handles, legend=legend, legend_ax=ax, title=title,
                       event_labels=event_labels, phase_label=phase_label, grow=own)
    return (fig, (ax, cax)) if course else (fig, ax)


def _gains(tab: pd.DataFrame, s: Series, measure: str) -> list[Gain]:
    """The gains of the series, checked against the data (sessions observed, values equal)."""
    obs = dict(zip(s.sessions[s.observed], s.values[s.observed], strict=True))
    probs: list[Problem] = []
    rows: list[Gain] = []
    for idx, rec in tab.iterrows():
        pre, post = float(rec["pregain_session"]), float(rec["postgain_session"])
        missing = [problem(idx, col, session_text(v), f"session {session_text(v)} has no "
                           f"observed {measure!r} value in data")
                   for col, v in (("pregain_session", pre), ("postgain_session", post))
                   if v not in obs]
        probs += missing
        if missing:
            continue
        probs += [problem(idx, col, rec[col], f"{col} {rec[col]} differs from the data at "
                          f"session {session_text(v)} ({obs[v]:g})")
                  for col, v in (("pregain_value", pre), ("postgain_value", post))
                  if col in tab.columns and not is_na(rec[col])
                  and not np.isclose(float(rec[col]), obs[v], rtol=0, atol=1e-9)]
        rev = rec["reversal_value"] if "reversal_value" in tab.columns else None
        if all(c in tab.columns for c in COURSE_COLUMNS):
            crs = [np.nan if is_na(rec[c]) else float(rec[c]) for c in COURSE_COLUMNS]
        else:
            crs = [obs.get(pre + off, np.nan) for off in (-2, -1, 0, 1, 2, 3)]
        rows.append(Gain(pre, post, obs[pre], obs[post],
                         None if rev is None or is_na(rev) else float(rev), crs))
    if probs:
        raise CaseDataError(probs, title="gains do not match the data")
    return rows


def _draw_gains(ax: Axes, rows: Sequence[Gain], s: Series,
                show_reversal: bool) -> list[Artist]:
    """Interval span, gain segment, its size (a floating text) and the reversal value."""
    for g in rows:
        x0, x1 = s.frame.x_of([g.pre, g.post], "gains")
        ax.axvspan(x0, x1, zorder=0.6, label="_casekit_gain_interval", **INTERVAL_STYLE)
        ax.plot([x0, x1], [g.v0, g.v1], color=GAIN_COLOR, linewidth=2.4, marker="", zorder=4,
                solid_capstyle="round", label="_casekit_gain")
        t = ax.text(x1, g.v0, f"\u0394 {g.v1 - g.v0:+g}".replace("-", "\u2212"),
                    fontsize=st.SMALL_SIZE, color=GAIN_COLOR, ha="left", va="center",
                    zorder=5, label="_casekit_gain_label")
        t._casekit_anchor = ((float(x0), float(x1)), (g.v0, g.v1))  # type: ignore[attr-defined]
        if show_reversal and g.reversal is not None:
            ax.plot([x1, np.nanmax(s.x)], [g.reversal, g.reversal], color=GAIN_COLOR,
                    linestyle=":", linewidth=0.9, marker="", zorder=2,
                    label="_casekit_reversal")
    if not rows:
        return []
    handles: list[Artist] = [layers.patch_handle("gain interval", **INTERVAL_STYLE)]
    if show_reversal and any(g.reversal is not None for g in rows):
        handles.append(layers.line_handle("reversal value", color=GAIN_COLOR, linestyle=":"))
    return handles


def _draw_course(cax: Axes, rows: Sequence[Gain], spec: SeriesSpec, legend: bool) -> None:
    """The course around each gain, n-2 ... n+3, and their mean (suddengains plot_sg)."""
    pos = np.arange(6)
    for g in rows:
        cax.plot(pos, g.course, color="0.6", linewidth=0.8, marker="o", markersize=2.5,
                 linestyle="-", label="_casekit_course")
    if rows:
        arr = np.array([g.course for g in rows], dtype=float)
        n_ok = (~np.isnan(arr)).sum(axis=0)
        mean = np.where(n_ok > 0, np.nansum(arr, axis=0) / np.maximum(n_ok, 1),
                        np.nan)   # mean of the observed scores; no empty-mean warning
        line = cax.plot(pos, mean, color=GAIN_COLOR, linewidth=2.0, marker="o",
                        linestyle="-", label="mean course")[0]
        if legend:
            _figure.legend_below(cax, [line, layers.patch_handle("gain interval",
                                                                 **INTERVAL_STYLE)])
    cax.axvspan(2, 3, zorder=0, label="_casekit_gain_interval", **INTERVAL_STYLE)
    cax.set_xticks(pos, COURSE_LABELS)
    cax.set_xlabel("Session relative to the gain")
    cax.set_ylabel(spec.ylabel)
    if np.isfinite(np.array([g.course for g in rows], dtype=float)).any() and all(
            float(v).is_integer() for g in rows for v in g.course if np.isfinite(v)):
        _figure.integer_ticks(cax, "y")
    cax.set_title(f"{len(rows)} gain{'s' if len(rows) != 1 else ''}")
