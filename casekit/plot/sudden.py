"""Sudden-gain plot: the trajectory with each gain interval highlighted."""

from __future__ import annotations

import numpy as np
import pandas as pd

from casekit.exceptions import CaseDataError

from . import _layers as layers
from . import _style as st
from ._data import _fmt, check_frame, problem
from .series import _finish, draw_series_spec, prepare_series_spec

__all__ = ["sudden_gain_plot"]


def _pick_measure(table, measure, what):
    if measure is not None:
        return measure
    if "measure" in table.columns:
        ms = pd.unique(table["measure"].dropna())
        if len(ms) == 1:
            return ms[0]
        if len(ms) > 1:
            raise ValueError(f"{what} holds several measures ({', '.join(map(repr, ms))}); "
                             "pass measure=")
    raise ValueError(f"measure= is required ({what} has no 'measure' column)")


def _filter(table, case, measure):
    if "case" in table.columns and case is not None:
        table = table[table["case"] == case]
    if "measure" in table.columns:
        table = table[table["measure"] == measure]
    return table


COURSE_COLUMNS = ("value_n_minus2", "value_n_minus1", "value_n", "value_n_plus1",
                  "value_n_plus2", "value_n_plus3")
COURSE_LABELS = ("n\u22122", "n\u22121", "n", "n+1", "n+2", "n+3")


def sudden_gain_plot(data, gains, *, measure=None, case=None, x="session", scale="total",
                     phases=None, events=None, cutoff=None, show_reversal=True, course=False,
                     direction_note=True, improvement=None, max_step=None,
                     event_labels="auto", event_styles=None, legend=True, title=None, ax=None,
                     figsize=None, style="paper"):
    """Trajectory of one case with each sudden gain (or loss) interval highlighted.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy ratings/scores (see :func:`session_series`).
    gains : pandas.DataFrame or result
        ``casekit.sudden_gains`` / ``sudden_losses`` result or a table with
        ``pregain_session`` and ``postgain_session`` (optional ``case``, ``measure``,
        ``pregain_value``, ``postgain_value``, ``magnitude``, ``reversal_value``,
        ``reversed``). An empty table draws the trajectory alone.
    measure : str, optional
        Defaults to the single measure of ``gains``.
    case, x, scale, phases, events, cutoff, direction_note, improvement, max_step,
    event_labels, event_styles
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
    Mirrors the single-person view of suddengains 0.7.2 ``plot_sg_trajectories`` with the gain
    interval highlighted (domain/methods.md §9, figure 5), and (``course=True``) the course
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
    measure = _pick_measure(tab, measure, "gains")
    spec = prepare_series_spec(data, measure, case=case, x=x, scale=scale, phases=phases,
                               events=events, cutoff=cutoff, direction_note=direction_note,
                               improvement=improvement, max_step=max_step,
                               event_labels=event_labels, event_styles=event_styles)
    s = spec.series
    tab = _filter(tab, s.case, measure)
    obs = dict(zip(s.sessions[~np.isnan(s.values)], s.values[~np.isnan(s.values)],
                   strict=True))
    probs, rows = [], []
    for idx, rec in tab.iterrows():
        pre_s, post_s = float(rec["pregain_session"]), float(rec["postgain_session"])
        bad = False
        for col, sv in (("pregain_session", pre_s), ("postgain_session", post_s)):
            if sv not in obs:
                probs.append(problem(idx, col, _fmt(sv), f"session {_fmt(sv)} has no observed "
                                     f"{measure!r} value in data"))
                bad = True
        if bad:
            continue
        for col, sv in (("pregain_value", pre_s), ("postgain_value", post_s)):
            if col in tab.columns and not pd.isna(rec[col]) and not np.isclose(
                    float(rec[col]), obs[sv], rtol=0, atol=1e-9):
                probs.append(problem(idx, col, rec[col], f"{col} {rec[col]} differs from the "
                                     f"data at session {_fmt(sv)} ({obs[sv]:g})"))
        rev = rec["reversal_value"] if "reversal_value" in tab.columns else None
        if all(c in tab.columns for c in COURSE_COLUMNS):
            crs = [np.nan if pd.isna(rec[c]) else float(rec[c]) for c in COURSE_COLUMNS]
        else:
            crs = [obs.get(pre_s + off, np.nan) for off in (-2, -1, 0, 1, 2, 3)]
        rows.append((pre_s, post_s, obs[pre_s], obs[post_s],
                     None if rev is None or pd.isna(rev) else float(rev), crs))
    if probs:
        raise CaseDataError(probs, title="gains do not match the data")
    if course and ax is not None:
        raise ValueError("course=True draws two panels; leave ax=None")
    with st.style_context(style):
        if course:
            fig, (ax, cax) = st.new_figure(None, size=figsize or st.figsize("double", 0.38),
                                           ncols=2, layout="constrained")
        else:
            fig, ax = st.new_figure(ax, size=figsize or st.figsize("single", 0.75))
        handles = draw_series_spec(ax, spec, event_labels=event_labels is not None)
        color = st.PALETTE["vermillion"]
        for pre_s, post_s, v0, v1, rev, _ in rows:
            x0, x1 = s.frame.x_of([pre_s, post_s], "gains")
            ax.axvspan(x0, x1, color=st.PALETTE["orange"], alpha=0.25, lw=0, zorder=0.6,
                       label="_casekit_gain_interval")
            ax.plot([x0, x1], [v0, v1], color=color, linewidth=2.4, marker="", zorder=4,
                    solid_capstyle="round", label="_casekit_gain")
            ax.annotate(f"\u0394 {v1 - v0:+g}".replace("-", "\u2212"), (x1, v0), xytext=(4, 0),
                        textcoords="offset points", fontsize=7, color=color, va="center",
                        label="_casekit_gain_label")
            if show_reversal and rev is not None:
                ax.plot([x1, np.nanmax(s.x)], [rev, rev], color=color, linestyle=":",
                        linewidth=0.9, marker="", zorder=2, label="_casekit_reversal")
        if rows:
            import matplotlib.lines as mlines
            import matplotlib.patches as mpatches

            handles.append(mpatches.Patch(color=st.PALETTE["orange"], alpha=0.25,
                                          label="gain interval"))
            if show_reversal and any(r[4] is not None for r in rows):
                handles.append(mlines.Line2D([], [], color=color, linestyle=":",
                                             label="reversal value"))
        _finish(ax, handles, legend, title)
        if course:
            pos = np.arange(6)
            for *_, crs in rows:
                cax.plot(pos, crs, color="0.6", linewidth=0.8, marker="o", markersize=2.5,
                         linestyle="-", label="_casekit_course")
            if rows:
                arr = np.array([r[5] for r in rows], dtype=float)
                n_ok = (~np.isnan(arr)).sum(axis=0)
                mean = np.where(n_ok > 0, np.nansum(arr, axis=0) / np.maximum(n_ok, 1),
                                np.nan)   # mean of the observed scores; no empty-mean warning
                cax.plot(pos, mean, color=color, linewidth=2.0, marker="o", linestyle="-",
                         label="mean course")
                cax.legend(loc="upper right", fontsize=7.5)
            cax.axvspan(2, 3, color=st.PALETTE["orange"], alpha=0.25, lw=0, zorder=0,
                        label="_casekit_gain_interval")
            cax.set_xticks(pos, COURSE_LABELS)
            cax.set_xlabel("Session relative to the gain")
            cax.set_ylabel(spec.ylabel)
            cax.set_title(f"{len(rows)} gain{'s' if len(rows) != 1 else ''}")
        if event_labels == "auto":
            layers.fit_event_labels(fig, [ax])
    if course:
        return fig, (ax, cax)
    return fig, ax
